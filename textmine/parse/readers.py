"""The readers textmine.formats names, one per format, all called alike: ``read(path, fmt, *, ocr, content_type)``.
Each imports its parser when first called, so a worker that meets only PDFs never imports bs4 or ofdkit.
A Word file named for the other Word format (portals serve both) is handed on here, above both parsers, so
neither imports the other."""
from __future__ import annotations

import zipfile
from pathlib import Path


def _head(path: Path, size: int = 8) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(size)


def read_pdf(path: Path, fmt: str, *, ocr: bool = False, content_type: str | None = None):
    from .pdf import extract_pdf  # start-up: this format's parser, loaded only when it comes

    return extract_pdf(path, ocr=ocr)


def read_html(path: Path, fmt: str, *, ocr: bool = False, content_type: str | None = None):
    from .html import extract_html  # start-up: this format's parser, loaded only when it comes

    return extract_html(path.read_bytes(), content_type=content_type)


def read_docx(path: Path, fmt: str, *, ocr: bool = False, content_type: str | None = None):
    """.docx; a Word 97-2003 file (or an encrypted .docx, also an OLE file) named .docx is read as Word 97-2003."""
    if not zipfile.is_zipfile(path) and _head(path).startswith(b"\xd0\xcf\x11\xe0"):
        ext = read_word(path, "docx")
        ext.warnings.append("a Word 97-2003 file named .docx: read as Word 97-2003")
        return ext
    from .docx import extract_docx  # start-up: this format's parser, loaded only when it comes

    return extract_docx(path)


def read_txt(path: Path, fmt: str, *, ocr: bool = False, content_type: str | None = None):
    from .txt import extract_txt  # start-up: this format's parser, loaded only when it comes

    return extract_txt(path.read_bytes())


def read_word(path: Path, fmt: str, *, ocr: bool = False, content_type: str | None = None):
    """.doc and .wps: the Word binary format (antiword); a DOCX named .doc or .wps is read as DOCX."""
    if _head(path).startswith(b"PK\x03\x04"):
        from .docx import extract_docx  # start-up: this format's parser, loaded only when it comes

        ext = extract_docx(path)
        ext.format = fmt
        ext.warnings.append(f"a DOCX file named .{fmt}: read as DOCX")
        return ext
    from .word import extract_word_binary  # start-up: this format's parser, loaded only when it comes

    return extract_word_binary(path, fmt)


def read_ofd(path: Path, fmt: str, *, ocr: bool = False, content_type: str | None = None):
    from .ofd import extract_ofd  # start-up: this format's parser, loaded only when it comes

    return extract_ofd(path)
