"""Character-set rules shared by the parser and the crawler.

Order: byte-order mark, then the HTTP ``Content-Type`` charset, then ``<meta charset>``
(HTML only), then detection (charset-normalizer). GB2312 and GBK are read as GB18030,
their superset. A declared charset is only trusted when the bytes decode under it
without error: a page that declares GB2312 but is UTF-8 (common on Chinese portals)
falls through to the next rule.
"""
from __future__ import annotations

import codecs
import re

_BOMS = [(codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030", "gb_2312-80": "gb18030",
            "euc-cn": "gb18030", "hz-gb-2312": "gb18030", "utf8": "utf-8", "unicode": "utf-8", "big5": "big5hkscs"}
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_HEADER = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", re.I)


def canonical(name: str | None) -> str | None:
    """Python codec name for a declared charset, GB2312/GBK widened to GB18030; None if unknown."""
    if not name:
        return None
    n = name.strip().strip("\"'").lower()
    n = _ALIASES.get(n, n)
    try:
        return codecs.lookup(n).name
    except LookupError:
        return None


def charset_from_content_type(content_type: str | None) -> str | None:
    m = _HEADER.search(content_type or "")
    return m.group(1) if m else None


def charset_from_meta(data: bytes) -> str | None:
    m = _META.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


def _try(data: bytes, enc: str | None) -> str | None:
    if not enc:
        return None
    try:
        return data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf8_cut_short(data: bytes) -> str | None:
    """UTF-8 whose only fault is a character cut off at the very end (a file truncated by a copy or a download):
    everything before it is valid UTF-8, so read it as UTF-8 rather than let detection guess GBK (mojibake)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.reason == "unexpected end of data" and e.start >= len(data) - 3:
            return data[:e.start].decode("utf-8")
    return None


def decode_bytes(data: bytes, content_type: str | None = None, *, html: bool = True) -> tuple[str, str, str]:
    """Decode document bytes. Returns (text, encoding, how) where ``how`` says which rule decided
    (bom, header, meta, utf-8, detected, fallback) so a wrong guess can be traced."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = _try(data, enc)
            if text is not None:
                return text.lstrip("\ufeff"), enc, "bom"
    candidates = [(canonical(charset_from_content_type(content_type)), "header")]
    if html:
        candidates.append((canonical(charset_from_meta(data)), "meta"))
    for enc, how in candidates:
        text = _try(data, enc)
        if text is not None:
            return text, enc, how
    text = _try(data, "utf-8")
    if text is not None:
        return text, "utf-8", "utf-8"
    text = _utf8_cut_short(data)
    if text is not None:
        return text, "utf-8", "utf-8 (its last character cut off)"
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # noqa: BLE001 - detection is best effort
        best = None
    if best is not None:
        enc = canonical(best.encoding) or best.encoding
        text = _try(data, enc)
        if text is not None:
            return text, enc, "detected"
    return data.decode("gb18030", errors="replace"), "gb18030", "fallback"
