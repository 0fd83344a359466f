"""``extract(path)``: one file to an ``Extraction``, choosing the reader by format."""
from __future__ import annotations

from pathlib import Path

from .model import Extraction, ParseError

FORMATS = {".pdf": "pdf", ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
           ".docx": "docx", ".txt": "txt", ".doc": "doc", ".wps": "wps", ".ofd": "ofd",
           ".md": "txt", ".markdown": "txt"}   # Markdown is plain text (legal texts are published as .md)


def detect_format(path: Path) -> str:
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise ParseError(f"unsupported file type {Path(path).suffix or '(none)'!r}; "
                         f"accepted: {', '.join(sorted(FORMATS))}")
    return fmt


def extract(path, format: str | None = None, *, content_type: str | None = None, ocr: bool = False) -> Extraction:
    """Parse one file (PDF, HTML, DOCX, TXT, DOC, WPS, OFD) into normalised page texts. Raises ParseError with
    the reason when the file cannot be read (corrupt, encrypted, empty, image-only, wrong type)."""
    path = Path(path)
    if not path.is_file():
        raise ParseError("file not found")
    fmt = format or detect_format(path)
    if path.stat().st_size == 0:
        raise ParseError("file is empty (0 bytes)")
    if fmt == "pdf":
        from .pdf import extract_pdf

        return extract_pdf(path, ocr=ocr)
    if fmt == "html":
        from .html import extract_html

        return extract_html(path.read_bytes(), content_type=content_type)
    if fmt == "docx":
        from .docx import extract_docx

        return extract_docx(path)
    if fmt == "txt":
        from .txt import extract_txt

        return extract_txt(path.read_bytes())
    if fmt in ("doc", "wps"):
        from .word import extract_word_binary

        return extract_word_binary(path, fmt)
    if fmt == "ofd":
        from .ofd import extract_ofd

        return extract_ofd(path)
    raise ParseError(f"unknown format {fmt!r}")


def extract_parts(parts, *, ocr: bool = False) -> Extraction:
    """A document of several files ((path, format) in reading order: the parts of an outline, the
    pages of a paginated article) as one: their pages in order, each page's part in ``parts``.
    A part that cannot be read fails the whole document with the part named: a plan read without
    one of its parts would be counted short."""
    pages, roles, warnings, part_of, titles, parsers = [], [], [], [], [], []
    for number, (path, fmt) in enumerate(parts, start=1):
        try:
            ext = extract(path, fmt, ocr=ocr)
        except ParseError as exc:
            raise ParseError(f"part {number} of {len(parts)} ({fmt}): {exc}") from None
        pages += ext.pages
        roles += ext.page_roles
        part_of += [number] * len(ext.pages)
        warnings += [f"part {number}: {w}" for w in ext.warnings]
        titles.append(ext.title)
        parsers.append(ext.parser)
    return Extraction(pages, warnings, title=next((t for t in titles if t), None),
                      parser="+".join(dict.fromkeys(parsers)), format=parts[0][1], roles=roles, parts=part_of)
