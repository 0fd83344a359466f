"""The document formats textmine reads, in one table: ingest (which files it takes), crawl (what a downloaded
body is, which attachments it follows and stores), parse (which reader reads it), `extract --as` and the docs
(docs/parse.md shows the table as `markdown_table()` renders it; a doc test checks it) all read it from here.

Adding a format is one `Format` row (here, or `register()` for a reader that lives elsewhere) and its reader: a
function ``read(path, fmt, *, ocr, content_type) -> Extraction`` named as "module:function" and imported when a
document of that format is first read (a parser worker imports it by name, so a format registered at run time
reaches the workers too). The order of the table is the order of preference among copies of one document
(textmine.editions.select): PDF first, plain text last.

Standard library only: the crawler's sniffer and `textmine --help` read this without the parsers' imports.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Magic:
    """What a body of the format starts with, as textmine.crawl.sniff recognises it (first 1 KiB)."""

    contains: tuple[bytes, ...] = ()      # any of these in the first 1 KiB (%PDF- may follow a few junk bytes)
    zip_members: tuple[str, ...] = ()     # a ZIP archive holding one of these members
    ole_stream: str = ""                  # an OLE compound file holding this stream
    text_starts: tuple[bytes, ...] = ()   # the text (BOM and blanks left out, lower-cased) starts with one …
    text_contains: tuple[bytes, ...] = ()  # … or holds one

    def describe(self) -> str:
        if self.contains:
            return " or ".join(f"`{m.decode()}`" for m in self.contains)
        if self.zip_members:
            return "ZIP with " + " or ".join(f"`{m}`" for m in self.zip_members)
        if self.ole_stream:
            return f"OLE with a `{self.ole_stream}` stream"
        if self.text_starts:
            return "text starting " + ", ".join(f"`{m.decode()}`" for m in self.text_starts[:3]) + " …"
        return "—"


@dataclass(frozen=True)
class Format:
    name: str                      # documents.format, `extract --as`
    label: str                     # what help texts, messages and docs call it
    extensions: tuple[str, ...]    # file-name endings ingest and parse take as this format
    reader: str                    # "module:function": read(path, fmt, *, ocr, content_type) -> Extraction
    backend: str                   # the parser a failure is recorded under (parses.parser)
    sniffed: str                   # the kind textmine.crawl.sniff gives a body of this format
    magic: Magic = Magic()         # how the sniffer recognises it (a format sharing `sniffed` need not repeat it)
    attachment: bool = False       # a link ending in one of `extensions` on an article page is a document
    crawls: tuple[str, ...] = ()   # the crawls that store a body sniffed as this format: plans, policy, facts

    def read(self, path: Path, *, ocr: bool = False, content_type: str | None = None):
        module, _, function = self.reader.partition(":")
        return getattr(importlib.import_module(module), function)(Path(path), self.name, ocr=ocr,
                                                                  content_type=content_type)


_READERS = "textmine.parse.readers"
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<!--", b"<div", b"<script")

#: The table (order: preference among copies of one document). .wps is WPS Office's Word binary: sniffed as
#: doc, told apart by its name (textmine.crawl.plans).
FORMATS: list[Format] = [
    Format("pdf", "PDF", (".pdf",), f"{_READERS}:read_pdf", "pdfium", "pdf", Magic(contains=(b"%PDF-",)),
           attachment=True, crawls=("plans", "policy", "facts")),
    Format("docx", "DOCX", (".docx",), f"{_READERS}:read_docx", "docx", "docx",
           Magic(zip_members=("word/document.xml",)), attachment=True, crawls=("plans", "policy", "facts")),
    Format("ofd", "OFD", (".ofd",), f"{_READERS}:read_ofd", "ofdkit", "ofd", Magic(zip_members=("OFD.xml", "ofd.xml")),
           attachment=True, crawls=("plans",)),
    Format("doc", "DOC", (".doc",), f"{_READERS}:read_word", "antiword", "doc", Magic(ole_stream="WordDocument"),
           attachment=True, crawls=("plans", "facts")),
    Format("wps", "WPS", (".wps",), f"{_READERS}:read_word", "antiword", "doc", attachment=True),
    Format("html", "HTML", (".html", ".htm", ".shtml", ".xhtml"), f"{_READERS}:read_html", "html", "html",
           Magic(text_starts=_HTML_STARTS, text_contains=(b"<html",)), crawls=("plans", "policy", "facts")),
    # Markdown is plain text (legal texts are published as .md)
    Format("txt", "TXT", (".txt", ".md", ".markdown"), f"{_READERS}:read_txt", "txt", "txt"),
]


def register(fmt: Format) -> Format:
    """Add a format (last in preference), or replace the one of the same name: a reader living outside textmine."""
    FORMATS[:] = [f for f in FORMATS if f.name != fmt.name] + [fmt]
    return fmt


def unregister(name: str) -> None:
    FORMATS[:] = [f for f in FORMATS if f.name != name]


def names() -> tuple[str, ...]:
    return tuple(f.name for f in FORMATS)


def get(name: str) -> Format | None:
    return next((f for f in FORMATS if f.name == name), None)


def by_extension() -> dict[str, str]:
    """{".pdf": "pdf", ".htm": "html", …}: every file-name ending ingest and parse accept."""
    return {ext: f.name for f in FORMATS for ext in f.extensions}


def of_path(path) -> str | None:
    """The format a file's name says, or None when it is not a document textmine reads."""
    return by_extension().get(Path(path).suffix.lower())


def accepted() -> str:
    """The accepted endings, for a message saying what would be taken."""
    return ", ".join(sorted(by_extension()))


def attachment_extensions() -> tuple[str, ...]:
    return tuple(ext for f in FORMATS if f.attachment for ext in f.extensions)


def storable(crawl: str) -> dict[str, str]:
    """{sniffed kind: format} of the bodies `crawl` (plans, policy, facts) stores as documents."""
    return {f.sniffed: f.name for f in FORMATS if crawl in f.crawls}


def expectable(crawl: str) -> tuple[str, ...]:
    """The formats a source may expect from `crawl`: those it stores, and those sniffed alike (.wps as .doc)."""
    kinds = storable(crawl)
    return tuple(f.name for f in FORMATS if f.sniffed in kinds)


def preference(name: str) -> int:
    """The rank of `name` among copies of one document (0 best); unknown formats after every known one."""
    order = names()
    return order.index(name) if name in order else len(order)


def labels(names_: tuple[str, ...] | None = None) -> list[str]:
    return [f.label for f in FORMATS if names_ is None or f.name in names_]


def markdown_table() -> str:
    """The table as docs/parse.md shows it (checked by a doc test against this code)."""
    rows = ["| format | label | file endings | recognised in a download by | reader | stored by the crawls |",
            "|---|---|---|---|---|---|"]
    for f in FORMATS:
        magic = (f.magic.describe() if f.magic != Magic() else
                 f"as `{f.sniffed}`, then by its name" if f.sniffed != f.name else "a `text/…` Content-Type")
        crawls = ", ".join(f.crawls) or ("plans, by its name" if f.sniffed != f.name else "—")
        rows.append(f"| `{f.name}` | {f.label} | {' '.join(f.extensions)} | {magic} | {f.backend} | {crawls} |")
    return "\n".join(rows)
