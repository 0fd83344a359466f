"""Commands of the parse stage: parse (the corpus) and extract (one file, nothing stored)."""
from __future__ import annotations

import json
import sys

import click

from .. import formats
from ..errors import TextmineError
from ..ingest import KINDS
from ..i18n import _
from ..stored_messages import shown_message
from .app import main, pass_app
from .output import emit_document, out_option, with_hint
from .params import NameChoice
from .progress import rich_progress


@main.command(name="parse")
@click.option("--city", help="Only this city's documents (name, alias or 6-digit code).")
@click.option("--kind", type=NameChoice("kind", KINDS), help="Only documents of this kind.")
@click.option("--id", "document_ids", type=int, multiple=True, help="Only this document id (repeatable).")
@click.option("--force", is_flag=True, help="Parse again even documents already parsed by this parser version.")
@click.option("--retry-failed", is_flag=True, help="Parse again the documents whose last parse failed.")
@click.option("--workers", type=click.IntRange(1, 64), help="Parallel worker processes [default: all cores].")
@click.option("--timeout", type=click.FloatRange(min=1), default=300, show_default=True,
              help="Time limit per document, seconds; a document past it is recorded as failed.")
@click.option("--memory-mb", type=click.IntRange(min=0), default=1024, show_default=True,
              help="Memory cap per worker (address-space growth, MB; 0 = none).")
@click.option("--ocr", is_flag=True, help="Read scanned pages (no text layer) with tesseract chi_sim; documents "
              "parsed before with scanned pages are parsed again.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format of the summary.")
@out_option()
@pass_app
def parse_cmd(app, city, kind, document_ids, force, retry_failed, workers, timeout, memory_mb, ocr, fmt):
    """Turn every document of the corpus into normalised text per page.

    PDFs and OFDs are read page by page (running headers, footers and page numbers removed,
    wrapped lines and paragraphs continued over a page break rejoined); HTML, DOCX, DOC, WPS
    and TXT become one page. Each document is parsed in its own worker process with a time limit and memory cap
    (a big PDF, or one alone, by several workers reading page ranges: the text is the same);
    a corrupt, encrypted, scanned or hostile file is recorded as a failure with its reason
    (see `textmine status`) and the run goes on. Documents already parsed by this parser
    version are skipped. Exit code 1 when any document failed (the others are stored).
    """
    from ..editions import refresh_editions  # start-up: 11 more modules than `textmine --help` needs
    from ..parse import parse_corpus  # start-up: 17 more modules than `textmine --help` needs

    with rich_progress(fmt == "text", transient=False) as progress:
        report = parse_corpus(app.store, city=city, kind=kind, document_ids=list(document_ids) or None, force=force,
                              retry_failed=retry_failed, workers=workers, timeout=timeout, memory_mb=memory_mb,
                              progress=progress, ocr=ocr, then=refresh_editions)
    if fmt == "json":
        d = report.as_dict()
        d["failures"] = [{"document_id": i, "reason": r} for i, r in report.failed]
        d["warnings"] = [{"document_id": i, "warnings": w} for i, w in report.warnings]
        emit_document(json.dumps(d, ensure_ascii=False, indent=2) + "\n", None)
        if report.failed:
            sys.exit(1)
        return
    for doc_id, reason in report.failed:
        click.echo(_("failed    #{id}: {reason}").format(id=doc_id, reason=with_hint(reason)), err=True)
    for doc_id, warns in report.warnings:
        click.echo(_("warning   #{id}: {warnings}").format(id=doc_id, warnings=_("; ").join(map(shown_message, warns))),
                   err=True)
    d = report.as_dict()
    emit_document(_("{parsed} parsed ({with_warnings} with warnings), {failed} failed, {skipped} already parsed; "
                    "{pages} pages, {chars:,} characters in {seconds:.1f} s ({pages_per_second:.0f} pages/s)")
                  .format(**d) + "\n", None)
    if report.failed:
        sys.exit(1)


@main.command(name="extract")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: pages separated by a form feed (\\f); json: {pages: [{page, text}], warnings, ...}.")
@click.option("--as", "as_format", type=click.Choice(formats.names()),
              help="Read the file as this format instead of guessing from its extension.")
@click.option("--timeout", type=click.FloatRange(min=1), default=300, show_default=True,
              help="Time limit, seconds.")
@click.option("--workers", type=click.IntRange(1, 64),
              help="Worker processes reading a PDF's pages at once (the text is the same) [default: all cores].")
@click.option("--ocr", is_flag=True, help="Read scanned pages (no text layer) with tesseract chi_sim.")
@out_option()
def extract_cmd(file, fmt, as_format, timeout, workers, ocr):
    """Parse one FILE (PDF, HTML, DOCX, TXT, DOC, WPS, OFD) without storing it and print exactly the text
    the engine counts terms in, page by page. A PDF's pages are read by several workers at once."""
    from ..parse import ParseError, detect_format  # start-up: 17 more modules than `textmine --help` needs
    from ..parse.runner import run_one  # start-up: 17 more modules than `textmine --help` needs

    try:
        ext = run_one(file, as_format or detect_format(file), timeout=timeout, ocr=ocr, workers=workers)
    except ParseError as exc:
        raise TextmineError(f"{file}: {exc}") from None
    if fmt == "json":
        emit_document(json.dumps(ext.as_dict(), ensure_ascii=False, indent=2) + "\n", None)
        return
    for w in ext.warnings:
        click.echo(_("warning: {message}").format(message=with_hint(w)), err=True)
    emit_document("\f".join(ext.pages) + "\n", None)
