"""What a downloaded body really is, whatever the server's Content-Type says."""
from __future__ import annotations

import io
import zipfile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _ole_is_word(body: bytes) -> bool:
    """An OLE compound file holding a Word document stream (Word 97-2003 .doc, WPS Office .wps)."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(body)) as ole:
            return ole.exists("WordDocument")
    except (OSError, ValueError):
        return False


def sniff(body: bytes, content_type: str | None = None) -> str:
    """One of pdf, docx, ofd, doc, ole, zip, html, txt, other: from the bytes first, the header last.
    ``doc`` is the Word binary (.doc and WPS Office .wps alike); ``ole`` another OLE file (Excel,
    PowerPoint, Works, an encrypted .docx)."""
    head = body[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as zf:
                names = set(zf.namelist())
                if "word/document.xml" in names:
                    return "docx"
                if "OFD.xml" in names or "ofd.xml" in names:
                    return "ofd"
        except zipfile.BadZipFile:
            pass
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "doc" if _ole_is_word(body) else "ole"
    low = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if low.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<!--", b"<div", b"<script")) \
            or b"<html" in low:
        return "html"
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype in ("text/html", "application/xhtml+xml"):
        return "html"
    if ctype.startswith("text/"):
        return "txt"
    return "other"
