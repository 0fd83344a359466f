"""The readers textmine.formats names, one per format, all called alike: ``read(path, fmt, *, ocr, content_type)``.
Each imports its parser when first called, so a worker that meets only PDFs never imports bs4 or ofdkit."""
from __future__ import annotations

from pathlib import Path


def read_pdf(path: Path, fmt: str, *, ocr: bool = False, content_type: str | None = None):
    from .pdf import extract_pdf  # start-up: this format's parser, loaded only when it comes

    return extract_pdf(path, ocr=ocr)


def read_html(path: Path, fmt: str, *, ocr: bool = False, content_type: str | None = None):
    from .html import extract_html  # start-up: this format's parser, loaded only when it comes

    return extract_html(path.read_bytes(), content_type=content_type)


def read_docx(path: Path, fmt: str, *, ocr: bool = False, content_type: str | None = None):
    from .docx import extract_docx  # start-up: this format's parser, loaded only when it comes

    return extract_docx(path)


def read_txt(path: Path, fmt: str, *, ocr: bool = False, content_type: str | None = None):
    from .txt import extract_txt  # start-up: this format's parser, loaded only when it comes

    return extract_txt(path.read_bytes())


def read_word(path: Path, fmt: str, *, ocr: bool = False, content_type: str | None = None):
    """.doc and .wps: the Word binary format (antiword)."""
    from .word import extract_word_binary  # start-up: this format's parser, loaded only when it comes

    return extract_word_binary(path, fmt)


def read_ofd(path: Path, fmt: str, *, ocr: bool = False, content_type: str | None = None):
    from .ofd import extract_ofd  # start-up: this format's parser, loaded only when it comes

    return extract_ofd(path)
