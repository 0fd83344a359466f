"""Plain text: UTF-8 with or without BOM, UTF-16 (BOM), GB18030 (GB2312/GBK); CRLF or LF."""
from __future__ import annotations

from ..encoding import decode_bytes
from .model import Extraction, ParseError
from .normalise import normalise


def extract_txt(data: bytes) -> Extraction:
    if not data:
        raise ParseError("file is empty (0 bytes)")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16 without a BOM is the only text with NULs; anything else is binary
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if "\x00" not in text:
                return _done(text, enc, "utf-16 without BOM")
        raise ParseError("not a text file: it contains binary (NUL) bytes")
    text, enc, how = decode_bytes(data, html=False)
    if data.startswith(b"%PDF-"):
        raise ParseError("not a text file: it is a PDF (starts with %PDF-)")
    return _done(text, enc, how)


def _done(text: str, enc: str, how: str) -> Extraction:
    page = normalise(text)
    warnings = [] if page else ["no text after normalisation (only whitespace)"]
    if "\ufffd" in text:
        warnings.append(f"undecodable bytes replaced (read as {enc}, {how})")
    return Extraction([page], warnings, parser="txt", format="txt", encoding=f"{enc} ({how})")
