"""A document's pages as paragraphs under their headings: the context a figure is read in.

Parsed pages hold one line per paragraph for HTML and DOCX, but a PDF's lines are its printed lines: a line
that does not end a sentence is joined with the next one (also across pages), unless it is a heading. A
heading is a short line opening with a section number (第一部分, 一、, （一）, 1.) or a short unnumbered line
with no sentence end; a heading of a level closes those of the same or a lower level. A paragraph ending with
a colon (市级一般公共预算支出主要科目如下：) introduces the list of paragraphs that follow it. Every paragraph
keeps where each of its pieces came from, so a figure's page and offset are those of the page text.
"""
from __future__ import annotations

import bisect
import re

from ..text import CLAUSE_ENDS, COLONS, FULL_STOPS, SENTENCE_END
from dataclasses import dataclass, field

_LEVELS = [   # (level, opening pattern) — lower level = larger section
    (1, re.compile(r"^第[一二三四五六七八九十]+(?:部分|章|篇)")),
    (2, re.compile(r"^[一二三四五六七八九十]+[、.．]")),
    (3, re.compile(r"^[（(][一二三四五六七八九十]+[)）]")),
    (4, re.compile(r"^\d{1,2}[、.．](?!\d)")),
    (5, re.compile(r"^[（(]\d{1,2}[)）]")),
]
UNNUMBERED = 9
HEADING_CHARS = 40          # a numbered line longer than this is a paragraph that opens with its number
SHORT_LINE = 26             # a PDF line shorter than this that ends no sentence is a heading, not a wrapped line
_END = FULL_STOPS + CLAUSE_ENDS + COLONS            # textmine.text
_PARA_END = FULL_STOPS + COLONS     # a printed line ending with ； goes on in the next line (clauses of one paragraph)
_SENTENCE = SENTENCE_END
_TABLE_ROW = re.compile(r"\d[\d,.]*\s+-?\d[\d,.]*")   # two numbers apart: a table row in the text layer


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Paragraph:
    text: str
    headings: tuple[Heading, ...]          # outermost first
    intro: str = ""                         # the list this paragraph is an item of (its introducing line)
    anchors: list[tuple[int, int, int]] = field(default_factory=list)   # (offset here, page, offset in page)

    def where(self, offset: int) -> tuple[int, int]:
        """(page, offset in the page text) of a character of this paragraph."""
        i = bisect.bisect_right([a[0] for a in self.anchors], offset) - 1
        at, page, page_off = self.anchors[max(i, 0)]
        return page, page_off + (offset - at)

    def sentences(self) -> list[tuple[int, int]]:
        """(start, end) of each sentence (ends at 。！？； and keeps a closing bracket)."""
        spans, start = [], 0
        for m in _SENTENCE.finditer(self.text):
            spans.append((start, m.end()))
            start = m.end()
        if start < len(self.text):
            spans.append((start, len(self.text)))
        return [(s, e) for s, e in spans if self.text[s:e].strip()]


def heading_level(line: str) -> int | None:
    """The heading level of a line, or None when it is a paragraph (or a table row)."""
    s = line.strip()
    if not s:
        return None
    for level, rx in _LEVELS:
        if rx.match(s):
            return level if len(s) <= HEADING_CHARS and not _SENTENCE.search(s) else None
    if len(s) <= SHORT_LINE and s[-1] not in _END and not _TABLE_ROW.search(s) and not s[-1].isdigit():
        return UNNUMBERED
    return None


def paragraphs(pages: list[tuple[int, str]], *, wrapped: bool) -> list[Paragraph]:
    """The paragraphs of a document's pages [(page number, text)]; ``wrapped``: lines are printed lines (PDF)
    and are joined into sentences."""
    out: list[Paragraph] = []
    stack: list[Heading] = []
    intro = ""
    cur: Paragraph | None = None

    def close():
        nonlocal cur, intro
        if cur is not None and cur.text.strip():
            out.append(cur)
            text = cur.text.strip()
            if text[-1] in "：:" and len(text) <= 80:
                intro = text
        cur = None

    for page, text in pages:
        offset = 0
        for line in text.split("\n"):
            start, offset = offset, offset + len(line) + 1
            s = line.strip()
            if not s:
                continue
            level = heading_level(s)
            joinable = wrapped and cur is not None and cur.text and cur.text[-1] not in _PARA_END \
                and len(cur.text) >= SHORT_LINE
            if level is not None and not (joinable and level == UNNUMBERED):
                close()
                while stack and stack[-1].level >= level:
                    stack.pop()
                stack.append(Heading(level, s))
                intro = ""
                continue
            if joinable:
                cur.anchors.append((len(cur.text), page, start + line.index(s[0])))
                cur.text += s
                continue
            close()
            cur = Paragraph(s, tuple(stack), intro, [(0, page, start + line.index(s[0]))])
            if not wrapped:
                close()
    close()
    return out
