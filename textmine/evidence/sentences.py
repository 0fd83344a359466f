"""Sentences and clauses of a page's normalised text, as (start, end) offsets into it.

A sentence ends at 。！？；(and their ASCII forms) or at a line break; a closing quote or bracket
right after the end mark stays with its sentence. A sentence ending with a colon introduces a list
(确定以下城市为试点：\\n南平市\\n三明市): ``list_tail`` gives the text that follows, up to the next end
mark or ``MAX_LIST`` characters, where the cities it covers are named.
"""
from __future__ import annotations

import re

from ..text import CLAUSE_ENDS, COLONS, FULL_STOPS, SENTENCE_END, marks

_END = re.compile(SENTENCE_END.pattern + r"|\n")      # textmine.text, or a line break
_CLAUSE = re.compile(f"[，,{marks(COLONS + CLAUSE_ENDS + FULL_STOPS)}]")
_TAIL_END = re.compile(f"[{marks(FULL_STOPS)}]")
MAX_LIST = 300
MAX_ITEM = 40


_PAGE_NO = re.compile(r"^\s*[-—－–]*\s*\d{1,4}\s*[-—－–]*\s*$")
_LINE_END = set(FULL_STOPS + CLAUSE_ENDS + COLONS + "”’」』）)】》…")
_HEADING = re.compile(r"^\s*(?:#|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[、．.](?!\d)|"
                      r"第[一二三四五六七八九十百零\d]+[条章节部分编])")
_TITLE_END = re.compile(r"(?:通知|决定|意见|报告|批复|公告|通告|公报|方案|办法|条例|规定|纲要)[》」]?$")
WRAP_MIN_WIDTH = 20      # a shorter line without punctuation is a title, a list item or a cell (printed lines are 25–45)


def unwrap(text: str, title: str = "") -> str:
    """``text`` with the line breaks of hard wrapping removed: a line of at least ``WRAP_MIN_WIDTH``
    characters that ends without punctuation is joined to the next line, unless either is a heading
    (一、 （一） 1. 第X条 #), the line ends as a document's title does (…的通知, …条例) or is the
    document's ``title`` (a news item's headline above its first paragraph); page numbers (-2-, — 149 —) between two such lines are dropped. Shorter
    lines (titles, names, the items of a list) keep their breaks, and where a page's lines are
    paragraphs that end with punctuation (HTML, most Word files) nothing changes."""
    out: list[str] = []
    last = ""        # the previous physical line (stripped); "" after a blank line
    title = "".join(title.split())
    for ln in text.split("\n"):
        cur = ln.strip()
        if cur and _PAGE_NO.match(ln) and last and last[-1] not in _LINE_END:
            continue                      # a page number inside a sentence
        if out and last and cur and last[-1] not in _LINE_END and len(last) >= WRAP_MIN_WIDTH \
                and not _HEADING.match(last) and not _HEADING.match(cur) and not _TITLE_END.search(last) \
                and not (title and "".join(last.split()) == title):
            out[-1] += cur
        else:
            out.append(ln)
        last = cur
    return "\n".join(out)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        _add(text, start, m.start() if m.group() == "\n" else m.end(), spans)
        start = m.end()
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def list_tail(text: str, end: int) -> str:
    """The list a sentence ending at ``end`` with a colon introduces ('' when it does not end with one):
    the short lines that follow (at most ``MAX_ITEM`` characters, no sentence punctuation), or, when
    the list runs on in one line, the text up to the next end mark; ``MAX_LIST`` characters at most."""
    if not text[max(0, end - 1):end] in ("：", ":"):
        return ""
    rest = text[end:end + MAX_LIST]
    lines = rest.lstrip("\n").split("\n")
    if len(lines) > 1:
        items = []
        for line in lines:
            if len(line.strip()) > MAX_ITEM or _TAIL_END.search(line) or "，" in line:
                break
            items.append(line)
        if items:
            return "\n" + "\n".join(items)
    m = _TAIL_END.search(rest)
    return rest[:m.start()] if m else rest


def clause_bounds(sentence: str, lo: int, hi: int) -> tuple[int, int]:
    """The clause(s) around [lo, hi): from the punctuation before ``lo`` to the one at or after ``hi``."""
    start = 0
    for m in _CLAUSE.finditer(sentence, 0, lo):
        start = m.end()
    m = _CLAUSE.search(sentence, hi)
    return start, (m.start() if m else len(sentence))
