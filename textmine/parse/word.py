"""Word 97-2003 (.doc) and WPS Office (.wps) documents: the OLE compound file is checked with
``olefile`` (what it holds, encryption), the text is read by Debian's ``antiword`` (chosen by
measurement against the DOCX twin of the same document: docs/parse.md), as one page like DOCX.

WPS Office saves .wps as the Word binary format (a ``WordDocument`` stream; the files carry its
``KSOProductBuildVer`` property), so one reader serves both. A .doc or .wps that is really a
DOCX or an HTML page (portals serve both under .doc) is read as what it is (a DOCX is handed to
its reader by ``parse.readers``, which calls both); a Microsoft Works
.wps, an Excel or PowerPoint file, an encrypted document or a pre-2005 WPS file is refused with
that reason. antiword runs as a child of the parse worker: it inherits the worker's memory and
CPU limits and is killed with it (``PR_SET_PDEATHSIG``) when the worker passes its time limit.
"""
from __future__ import annotations

import ctypes
import os
import re
import shutil
import signal
import subprocess
from pathlib import Path

from .model import Extraction, ParseError
from .normalise import normalise
from .html import extract_html

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CODEPAGES = {936: "gb18030", 950: "big5", 65001: "utf-8", 1200: "utf-16-le", 1252: "cp1252"}
_TABLE_ROW = re.compile(r"^\|(.*)\|\s*$")


def _die_with_parent() -> None:   # runs in the child between fork and exec
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG
    except OSError:
        pass


def _kind_of_ole(ole) -> str | None:
    """Why this OLE file is not a readable Word document, or None when it is one."""
    if ole.exists("EncryptedPackage"):
        return "a password-protected (encrypted) Office document: save it without a password"
    if not ole.exists("WordDocument"):
        if ole.exists("CONTENTS"):
            return "a Microsoft Works .wps (not WPS Office): not supported; save it as .docx or PDF"
        if ole.exists("Workbook") or ole.exists("Book"):
            return "an Excel workbook, not a Word document"
        if ole.exists("PowerPoint Document"):
            return "a PowerPoint file, not a Word document"
        return "an OLE file without a Word document stream (not a Word or WPS document)"
    fib = ole.openstream("WordDocument").read(12)
    if len(fib) < 12:
        return "Word document stream is truncated"
    ident, flags = int.from_bytes(fib[0:2], "little"), int.from_bytes(fib[10:12], "little")
    if ident not in (0xA5EC, 0xA5DC):
        return f"unknown Word binary signature 0x{ident:04X} (not Word 6-2003)"
    if flags & 0x0100:
        return "a password-protected (encrypted) Word document: save it without a password"
    return None


def _title(ole) -> str | None:
    try:
        meta = ole.get_metadata()
    except Exception:  # noqa: BLE001 - damaged property sets are common and harmless here
        return None
    raw = meta.title
    if not raw:
        return None
    if isinstance(raw, bytes):
        raw = raw.decode(_CODEPAGES.get((meta.codepage or 0) & 0xFFFF, "gb18030"), "replace")   # stored signed
    return raw.strip("\x00 \r\n") or None


def _antiword(path: Path) -> str:
    exe = shutil.which("antiword")
    if exe is None:
        raise ParseError("antiword is not installed (Debian: apt-get install antiword); "
                         ".doc and .wps files cannot be read")
    try:
        res = subprocess.run([exe, "-m", "UTF-8.txt", "-w", "0", str(path)], capture_output=True,
                             preexec_fn=_die_with_parent, env={**os.environ, "LC_ALL": "C.UTF-8"})
    except OSError as exc:
        raise ParseError(f"antiword cannot run: {exc}") from None
    if res.returncode != 0:
        why = res.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ParseError(f"antiword could not read the document: {why[-1] if why else f'exit {res.returncode}'}")
    return res.stdout.decode("utf-8", "replace")


def _tidy(text: str) -> str:
    """antiword's text as the DOCX reader gives it: table rows ``|a |b |`` as ``a | b``, page
    breaks as line breaks, picture placeholders out."""
    out = []
    for line in text.replace("\f", "\n").split("\n"):
        m = _TABLE_ROW.match(line)
        if m:
            cells = [c.strip() for c in m.group(1).split("|")]
            line = " | ".join(c for c in cells if c)
        out.append(line.replace("[pic]", ""))
    return "\n".join(out)


def extract_word_binary(path: Path, fmt: str = "doc") -> Extraction:
    path = Path(path)
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if not head.startswith(OLE_MAGIC):
        if re.search(rb"<(!doctype|html|head|body|meta)", head[:1024].lower()):
            ext = extract_html(path.read_bytes())
            ext.format = fmt
            ext.warnings.append(f"an HTML page named .{fmt}: read as HTML")
            return ext
        if head.startswith(b"{\\rtf"):
            raise ParseError(f"an RTF file named .{fmt}: not supported; save it as .docx or PDF")
        raise ParseError(f"not a Word 97-2003 or WPS Office file (no OLE signature{'; an older WPS format?' if fmt == 'wps' else ''}): "
                         "save it as .docx or PDF")
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            problem = _kind_of_ole(ole)
            title = _title(ole) if problem is None else None
    except (OSError, ValueError) as exc:      # olefile raises OSError subclasses on damaged files
        raise ParseError(f"damaged OLE compound file: {exc}") from None
    if problem:
        raise ParseError(problem)
    page = normalise(_tidy(_antiword(path)))
    warnings = [] if page else ["document has no text"]
    return Extraction([page], warnings, title=title, parser="antiword", format=fmt)
