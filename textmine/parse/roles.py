"""Page roles: ``body``, ``toc`` (a table of contents) or ``cover`` (a title page).

Plan outlines open with a cover and a 目录 whose entries repeat the chapter titles; the titles
hold lexicon terms, so counting those pages would count a chapter's terms twice. The stored
pages keep their text (readable, one entry a line) and their role; the count stage counts only
``body`` pages. The rules look at the text lines of a page (after running headers and footers
are removed), not at a fixed list of titles:

- **toc**: a page whose lines mostly end in a page number after a space or a dot leader
  (``第一章 发展基础 1``, ``3.1 网络 . . . . 2``), those numbers not decreasing down the page
  (page references ascend; a table of figures does not); a 目录 / 目 录 / 目次 / Contents
  heading among the first lines lowers the bar, and a page right after a toc page continues it
  with the same lower bar;
- **cover**: in a document of three or more pages, the leading pages before the first toc or
  text page that carry little text (≤ 15 lines, ≤ 300 characters) and no sentence punctuation
  (。！？；) — the title, issuer and date of a cover or title page (at most three such pages).
"""
from __future__ import annotations

import re

from ..text import FULL_STOPS, marks

_DIGITS = "0123456789"
_LEADER = " .·•…⋯．_"


def entry_number(line: str) -> int | None:
    """The page number of a contents entry: text with a letter or CJK character, then spaces or
    a dot leader (two dots or more), then 1-4 digits ending the line; else None. (By hand, not a
    regex: it runs on every line of every page.)"""
    if not line or line[-1] not in _DIGITS:
        return None
    head = line.rstrip(_DIGITS)
    if not head or len(line) - len(head) > 4 or head[-1] not in _LEADER:
        return None
    text = head.rstrip(_LEADER)
    leader = head[len(text):]
    if not text or (leader.strip() and len(leader.replace(" ", "")) < 2):
        return None
    for ch in text:
        if ch.isalpha():
            return int(line[len(head):])
    return None
_TOC_TITLE = re.compile(r"^(?:目录|目次|contents|tableofcontents)$", re.I)
_SENTENCE = re.compile(f"[{marks(FULL_STOPS)}；]")     # textmine.text; the Chinese semicolon
COVER_MAX_LINES = 15
COVER_MAX_CHARS = 300


def _toc_evidence(lines: list[str]) -> tuple[bool, int, bool]:
    """(has a contents heading, number of entry lines, entry page numbers never decrease)."""
    titled = any(_TOC_TITLE.match("".join(t.split())) for t in lines[:3])
    numbers = [k for k in map(entry_number, lines) if k is not None]
    ascending = all(a <= b for a, b in zip(numbers, numbers[1:]))
    return titled, len(numbers), ascending


def is_toc(lines: list[str], after_toc: bool = False) -> bool:
    """Whether a page's lines are a table of contents (see the module doc)."""
    n = len(lines)
    if n == 0 or sum(1 for t in lines if t and t[-1] in _DIGITS) < 3:
        return False                   # (most pages: fewer than three lines end in a number)
    titled, k, ascending = _toc_evidence(lines)
    if not ascending:
        return False
    if titled or after_toc:
        return k >= 3 and k >= 0.4 * (n - titled)
    return k >= 5 and k >= 0.6 * n


def is_cover(lines: list[str]) -> bool:
    return (0 < len(lines) <= COVER_MAX_LINES and sum(len(t) for t in lines) <= COVER_MAX_CHARS
            and not any(_SENTENCE.search(t) for t in lines))


def page_roles(pages: list[list[str]]) -> list[str]:
    """The role of every page, given each page's text lines (normalised, headers removed)."""
    roles = ["body"] * len(pages)
    for i, lines in enumerate(pages):
        if is_toc(lines, after_toc=i > 0 and roles[i - 1] == "toc"):
            roles[i] = "toc"
    if len(pages) >= 3:
        for i, lines in enumerate(pages[:3]):
            if roles[i] != "body" or not lines:
                if roles[i] != "body":
                    break
                continue
            if not is_cover(lines):
                break
            roles[i] = "cover"
    return roles
