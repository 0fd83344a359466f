"""``extract(path)``: one file to an ``Extraction``, choosing the reader by format."""
from __future__ import annotations

from pathlib import Path

from .model import Extraction, ParseError

from .. import formats as _formats


def detect_format(path: Path) -> str:
    fmt = _formats.of_path(path)
    if fmt is None:
        raise ParseError(f"unsupported file type {Path(path).suffix or '(none)'!r}; "
                         f"accepted: {_formats.accepted()}")
    return fmt


def extract(path, format=None, *, content_type: str | None = None, ocr: bool = False) -> Extraction:
    """Parse one file (any format of textmine.formats: PDF, HTML, DOCX, TXT, DOC, WPS, OFD) into normalised page
    texts. `format`: a format's name, or its Format record (a format registered in another process). Raises
    ParseError with the reason when the file cannot be read (corrupt, encrypted, empty, image-only, wrong type)."""
    path = Path(path)
    if not path.is_file():
        raise ParseError("file not found")
    fmt = format if isinstance(format, _formats.Format) else (format or detect_format(path))
    if path.stat().st_size == 0:
        raise ParseError("file is empty (0 bytes)")
    record = fmt if isinstance(fmt, _formats.Format) else _formats.get(fmt)
    if record is None:
        raise ParseError(f"unknown format {fmt!r}")
    return record.read(path, ocr=ocr, content_type=content_type)


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
