"""Attachments that are parts of one outline: 纲要（上）/（下）, 上册/下册, 第一篇…第五篇, 第一部分…,
（一）/（二）, or a file-name number (gy_1.pdf, gy_2.pdf). Their order comes from the part
numbers, not from the order of the links on the page.

Two or more attachments of one article whose link text (or else file name) carries a part
marker of the same kind form a group; for the 上/中/下 and number kinds the rest of the name
must agree too (第N篇 parts have their own titles). ``附件1``/``附件2`` numbers the attachments of
a page, not the parts of a document, and is not a part marker.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .. import formats

_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_UPDOWN = {"上": 1, "中": 2, "下": 3}
_ATTACHMENT_NO = re.compile(r"^\s*附件\s*\d{1,2}\s*[:：.、]?\s*")
_MARKERS = (
    ("ordinal", re.compile(r"第\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*(篇|部分|册|分册)")),
    ("updown", re.compile(r"[（(【\[]\s*([上中下])\s*[)）】\]]|([上中下])\s*(?:册|篇|卷)")),
    ("number", re.compile(r"[（(【\[]\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*[)）】\]]\s*$|之\s*([一二三四五六七八九十]{1,3})\s*$")),
    ("number", re.compile(r"(?<=[^\d\s])[-_ ]?(\d{1,2})$")),
)


@dataclass(frozen=True)
class Part:
    url: str
    label: str
    number: int


def _cn_number(s: str) -> int:
    if s.isdigit():
        return int(s)
    if len(s) == 1:
        return _CN.get(s, _UPDOWN.get(s, 0))
    if s.startswith("十"):
        return 10 + _CN.get(s[1:], 0)
    if s.endswith("十"):
        return _CN.get(s[0], 0) * 10
    return _CN.get(s[0], 0) * 10 + _CN.get(s[-1], 0) if len(s) == 3 else 0


def _ending(table) -> re.Pattern:
    """A document's file ending (an attachment's or a page's: textmine.formats) at the end of a link text."""
    exts = [e for f in table.FORMATS if f.attachment or f.name == "html" for e in f.extensions]
    return re.compile("(?:" + "|".join(re.escape(e) for e in exts) + ")$", re.I)


def part_marker(name: str) -> tuple[str, int, str] | None:
    """(kind, number, the name without the marker) or None."""
    name = _ending(formats).sub("", _ATTACHMENT_NO.sub("", name.strip()))
    for kind, rx in _MARKERS:
        m = rx.search(name)
        if m:
            token = next(g for g in m.groups() if g)
            number = _UPDOWN[token] if kind == "updown" else _cn_number(token)
            if number:
                base = (name[:m.start()] + name[m.end():]).strip(" -_·.（）()")
                return kind, number, base
    return None


def _file_name(url: str) -> str:
    return unquote(urlsplit(url).path.rsplit("/", 1)[-1])


def part_groups(attachments: list[tuple[str, str]]) -> tuple[list[list[Part]], list[tuple[str, str]]]:
    """(groups of parts, each in part order; the other attachments) from (url, link text) pairs."""
    marked: dict[tuple, list[Part]] = {}
    for how in ("label", "file"):
        marked.clear()
        for url, label in attachments:
            m = part_marker(label if how == "label" else _file_name(url))
            if m is None:
                continue
            kind, number, base = m
            if how == "file" and kind == "number" and len(base) < 2:
                continue          # W1.pdf, W2.pdf: too little name to call them parts of one thing
            key = (kind,) if kind == "ordinal" else (kind, base)
            marked.setdefault(key, []).append(Part(url, label, number))
        groups = [sorted(ps, key=lambda p: p.number) for ps in marked.values()
                  if len(ps) > 1 and len({p.number for p in ps}) == len(ps)]
        if groups:
            grouped = {p.url for g in groups for p in g}
            return groups, [(u, t) for u, t in attachments if u not in grouped]
    return [], list(attachments)
