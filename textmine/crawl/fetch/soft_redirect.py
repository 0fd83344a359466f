"""Redirects a page makes without an HTTP 3xx: ``<meta http-equiv="refresh">`` and one-line
script redirects (``window.location.href = '…'``, ``location.replace('…')``). Many portals
answer the old URL of a plan this way. This module only detects them; ``redirects.py`` decides
whether to follow, under the rules of HTTP redirects (allowed hosts, robots.txt, hop limit, loop
detection), and counts them.

Only what a browser would follow at once and without a user: a refresh with a target and a
delay of at most ``MAX_REFRESH_DELAY`` seconds, outside ``<noscript>``; a script redirect only
on a stub page (little visible text) whose script is that one statement with a literal URL.
A refresh to the page itself (an auto-reload) is not a redirect.
"""
from __future__ import annotations

import html
import re

from ...encoding import decode_bytes

MAX_REFRESH_DELAY = 10.0
MAX_STUB_TEXT = 200          # visible characters on a page whose script redirect is followed
MAX_SCRIPT = 400             # characters of a script that is "one line"

_META = re.compile(r"<meta\b[^>]*?http-equiv\s*=\s*[\"']?refresh[\"']?[^>]*>", re.I)
_CONTENT = re.compile(r"\bcontent\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", re.I)
_REFRESH = re.compile(r"^\s*(\d+(?:\.\d+)?)?\s*[;,]?\s*(?:url\s*=\s*)?[\"']?([^\"'\s]*)[\"']?\s*$", re.I)
_NOSCRIPT = re.compile(r"<noscript\b.*?</noscript\s*>", re.I | re.S)
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
_COMMENTS = re.compile(r"/\*.*?\*/|(?<![:\"'])//[^\n]*|<!--|-->", re.S)
_ASSIGN = re.compile(r"^(?:(?:window|self|top|parent|document)\s*\.\s*)?location(?:\s*\.\s*href)?\s*=\s*"
                     r"([\"'])([^\"']+)\1\s*;?$")
_CALL = re.compile(r"^(?:(?:window|self|top|parent|document)\s*\.\s*)?location\s*\.\s*(?:replace|assign)\s*"
                   r"\(\s*([\"'])([^\"']+)\1\s*\)\s*;?$")
_TAGS = re.compile(r"<[^>]+>")
_STYLE = re.compile(r"<style\b.*?</style\s*>", re.I | re.S)


def soft_redirect(body: bytes, content_type: str | None = None) -> tuple[str, str] | None:
    """("meta refresh" | "script redirect", target as written) when the page redirects, else None."""
    text, _, _ = decode_bytes(body[:65536], content_type, html=True)
    outside = _NOSCRIPT.sub("", text)
    for tag in _META.findall(outside):
        m = _CONTENT.search(tag)
        if not m:
            continue
        r = _REFRESH.match(html.unescape(m.group(1).strip("\"'")))
        if r and r.group(2) and float(r.group(1) or 0) <= MAX_REFRESH_DELAY:
            return "meta refresh", r.group(2)
    scripts = _SCRIPT.findall(outside)
    if not scripts:
        return None
    visible = _TAGS.sub("", _STYLE.sub("", _SCRIPT.sub("", outside)))
    if len("".join(html.unescape(visible).split())) > MAX_STUB_TEXT:
        return None
    found = []
    for attrs, code in scripts:
        if "src=" in attrs.lower():
            continue
        code = _COMMENTS.sub("", code).strip()
        if not code or len(code) > MAX_SCRIPT:
            continue
        statements = [s.strip() for s in code.replace("\n", ";").split(";") if s.strip()]
        if len(statements) != 1:
            continue
        m = _ASSIGN.match(statements[0]) or _CALL.match(statements[0])
        if m:
            found.append(m.group(2))
    return ("script redirect", found[0]) if len(found) == 1 else None
