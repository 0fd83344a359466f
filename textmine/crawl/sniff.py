"""What a downloaded body really is, whatever the server's Content-Type says."""
from __future__ import annotations

import io
import zipfile

from .. import formats

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _ole_has(body: bytes, stream: str) -> bool:
    """An OLE compound file holding `stream` (WordDocument: Word 97-2003 .doc, WPS Office .wps)."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(body)) as ole:
            return ole.exists(stream)
    except (OSError, ValueError):
        return False


def sniff(body: bytes, content_type: str | None = None) -> str:
    """One of pdf, docx, ofd, doc, ole, zip, html, txt, other: from the bytes first (each format's magic in
    textmine.formats), the header last. ``doc`` is the Word binary (.doc and WPS Office .wps alike); ``ole``
    another OLE file (Excel, PowerPoint, Works, an encrypted .docx)."""
    table = [f for f in formats.FORMATS if f.magic != formats.Magic()]
    head = body[:1024]
    for f in table:
        if any(m in head for m in f.magic.contains):
            return f.sniffed
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as zf:
                names = set(zf.namelist())
                for f in table:
                    if names.intersection(f.magic.zip_members):
                        return f.sniffed
        except zipfile.BadZipFile:
            pass
        return "zip"
    if head.startswith(OLE_MAGIC):
        return next((f.sniffed for f in table if f.magic.ole_stream and _ole_has(body, f.magic.ole_stream)), "ole")
    low = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    for f in table:
        if (f.magic.text_starts and low.startswith(f.magic.text_starts)) or \
                any(m in low for m in f.magic.text_contains):
            return f.sniffed
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype in ("text/html", "application/xhtml+xml"):
        return "html"
    if ctype.startswith("text/"):
        return "txt"
    return "other"
