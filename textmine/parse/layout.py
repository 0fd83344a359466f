"""From positioned lines to page text: running headers/footers out, wrapped lines rejoined.

Input is what ``pdf.py`` reads: per page, lines in content-stream order (which keeps the
reading order of two-column pages that are written column by column) with their boxes.

- **Headers, footers, page numbers**: a line in the top or bottom band of the page (outer
  12 % and among the first/last three lines there) whose text, with digits folded to ``#``,
  repeats on at least 30 % of the pages (and on two or more) is furniture and is removed;
  lines that are only a page number ("3", "- 3 -", "— 3 —", "3 / 92", "第3页", "iv") form one
  key, so changing numbers still repeat. Nothing is matched against a fixed list.
- **Line rejoin**: lines are grouped into columns by their left edge; a line that reaches its
  column's right edge is continued by the next line of the same column unless that line is
  indented (a new paragraph) or far below. Joining puts nothing between CJK characters or after a
  line-end hyphen (kept: it cannot be told from a real one), and a space between Latin words.
- **Page breaks**: when the last paragraph of a page is still open (its last line is full and
  does not end with 。！？) and the next page continues without indent, the continuation up
  to its first sentence end (。！？；) is moved to the end of the earlier page. So the rejoined
  tail stays on the page where the paragraph started, a term split over the page break is one
  string on one page, and the next page starts at the next sentence.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .normalise import is_cjk, normalise, normalise_line

BAND = 0.12               # outer share of the page height where headers/footers live
REPEAT_SHARE = 0.30       # share of pages a header/footer must repeat on
_PAGENUM = re.compile(r"^[\W_]*(第?#+页?([\W_]*共?#+页?)?|[ivxlcdm]+|[IVXLCDM]+)[\W_]*$")
_SENTENCE_END = "。！？!?"
_TERMINATORS = re.compile(r"[。！？!?；;]")


class Line:
    """One text line of a page with its box (PDF units, origin bottom left)."""

    __slots__ = ("text", "x0", "x1", "bottom", "top", "text_x0")

    def __init__(self, text: str, x0: float, x1: float, bottom: float, top: float, text_x0: float | None = None):
        self.text = text
        self.x0 = x0
        self.x1 = x1
        self.bottom = bottom
        self.top = top
        # where the text starts after a list marker (• 1. （一）); x0 when there is none
        self.text_x0 = x0 if text_x0 is None else text_x0

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 0.0)

    def __repr__(self) -> str:
        return f"Line({self.text!r}, x0={self.x0:.1f}, x1={self.x1:.1f}, bottom={self.bottom:.1f}, top={self.top:.1f})"


@dataclass
class PageLines:
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)


_ROMAN = re.compile(r"(?<![A-Za-z])([ivxlcdm]+|[IVXLCDM]+)(?![A-Za-z])")
_NOT_WORD = re.compile(r"[\W\d_]+")


def furniture_key(text: str) -> str:
    """What stays of a header or footer from page to page: its letters and CJK characters, with
    numbers (arabic or roman), punctuation and spaces dropped; a line that is only a page
    number gets the key ``<page-number>``."""
    folded = re.sub(r"\s+", "", _ROMAN.sub("#", re.sub(r"\d+", "#", text)))
    core = _NOT_WORD.sub("", _ROMAN.sub("", text))
    if core:
        return core
    return "<page-number>" if _PAGENUM.match(folded) else folded


def _band_lines(page: PageLines) -> list[tuple[str, int]]:
    """(band, index) of lines that may be furniture: outer band, outermost three lines."""
    lines = page.lines
    if not lines:
        return []
    tops = [-ln.top for ln in lines]
    order = sorted(range(len(lines)), key=tops.__getitem__)
    out = []
    upper, lower = page.height * (1 - BAND), page.height * BAND
    for i in order[:3]:
        ln = lines[i]
        if (ln.top + ln.bottom) / 2 >= upper:
            out.append(("top", i))
    for i in order[-3:]:
        ln = lines[i]
        if (ln.top + ln.bottom) / 2 <= lower and ("top", i) not in out:
            out.append(("bottom", i))
    return out


def remove_furniture(pages: list[PageLines]) -> int:
    """Drop running headers, footers and page numbers in place; returns how many lines went."""
    keys: dict[str, str] = {}      # line text -> furniture key (headers repeat: compute once)

    def key_of(text: str) -> str:
        k = keys.get(text)
        if k is None:
            k = keys[text] = furniture_key(text)
        return k

    candidates = [[(band, i, key_of(p.lines[i].text)) for band, i in _band_lines(p)] for p in pages]
    seen: Counter = Counter()
    for cands in candidates:
        seen.update({(band, key) for band, _, key in cands})
    n = sum(1 for p in pages if p.lines)
    need = max(2, math.ceil(REPEAT_SHARE * n))
    removed = 0
    for page, cands in zip(pages, candidates):
        drop = {i for band, i, key in cands
                if seen[(band, key)] >= need or (key == "<page-number>" and n == 1)}
        if drop:
            page.lines = [ln for i, ln in enumerate(page.lines) if i not in drop]
            removed += len(drop)
    return removed


_CJK_CHAR: dict[str, bool] = {}


def _cjk(ch: str) -> bool:
    """``is_cjk`` for one character, memoised (called at every line join)."""
    v = _CJK_CHAR.get(ch)
    if v is None:
        v = _CJK_CHAR[ch] = is_cjk(ch)
    return v


def _joiner(left: str, right: str) -> tuple[str, str]:
    """(left, separator) for gluing two wrapped fragments."""
    if not left or not right:
        return left, ""
    a, b = left[-1], right[0]
    if a == "\ufffe":          # PDFium's mark for a hyphen at a line end: keep it as "-"
        return left[:-1] + "-", ""
    if _cjk(a) or _cjk(b) or a == "-":
        return left, ""
    return left, " "


def join(left: str, right: str) -> str:
    left, sep = _joiner(left, right)
    return left + sep + right


@dataclass
class _Para:
    text: str
    open: bool = False       # its last line is full: it may go on in the next line/page
    ends_sentence: bool = False  # its last line ends with 。！？ (so no term is cut there)


def _columns(lines: list[Line]) -> list[int]:
    """Column id per line: lines whose horizontal extents overlap (transitively) share a column,
    so the two columns of a page, separated by a gutter, get two ids."""
    x0s = [ln.x0 for ln in lines]
    order = sorted(range(len(lines)), key=x0s.__getitem__)
    col, ids, reach = -1, [0] * len(lines), -math.inf
    for i in order:
        if lines[i].x0 > reach:
            col += 1
        reach = max(reach, lines[i].x1) if lines[i].x0 <= reach else lines[i].x1
        ids[i] = col
    return ids


def _right_edge(x1s: list[float], tol: float = 1.5) -> float:
    """The column's right margin: the largest x1 that at least two lines reach (justified text
    ends there); a single overflowing line (a long URL) does not move it."""
    xs = sorted(x1s, reverse=True)
    for k in range(len(xs) - 1):
        if xs[k] - xs[k + 1] <= tol:
            return xs[k]
    return xs[0] if xs else 0.0


def page_paragraphs(page: PageLines) -> tuple[list[_Para], bool]:
    """Paragraphs of one page, and whether its first line is indented (starts a paragraph)."""
    lines = [ln for ln in page.lines if ln.text]
    if not lines:
        return [], True
    heights = sorted(h for h in (ln.top - ln.bottom for ln in lines) if h > 0)
    size = heights[len(heights) // 2] if heights else 10.0
    cols = _columns(lines)
    left: dict[int, float] = {}
    x1s: dict[int, list[float]] = defaultdict(list)
    for ln, c in zip(lines, cols):
        if ln.x0 < left.get(c, math.inf):
            left[c] = ln.x0
        x1s[c].append(ln.x1)
    indent = 0.9 * size          # a line starting further right than this is indented
    full_at = {c: _right_edge(v) - 1.6 * size for c, v in x1s.items()}   # a line reaching this is full
    far = 2.2 * size             # a line further below than this starts a new paragraph

    paras: list[_Para] = []
    parts: list[str] = []        # fragments of the paragraph being built
    is_open = False
    prev = None
    prev_col = -1
    for ln, c in zip(lines, cols):
        text = ln.text
        # continues the open paragraph: same column, not indented relative to the text of the
        # line above, not above it and not far below it
        if (is_open and prev_col == c and ln.x0 <= prev.text_x0 + indent
                and ln.top <= prev.top and prev.bottom - ln.top < far):
            last = parts[-1]
            a = last[-1]
            if a == "\ufffe":          # PDFium's mark for a hyphen at a line end: keep it as "-"
                parts[-1] = last[:-1] + "-"
            elif not (a == "-" or _cjk(a) or _cjk(text[0])):
                parts.append(" ")
            parts.append(text)
        else:
            if parts:
                paras.append(_Para("".join(parts), is_open, prev.text[-1] in _SENTENCE_END))
            parts = [text]
        is_open = ln.x1 >= full_at[c]
        prev, prev_col = ln, c
    paras.append(_Para("".join(parts), is_open, prev.text[-1] in _SENTENCE_END))
    return paras, lines[0].x0 > left[cols[0]] + indent


def assemble(pages: list[PageLines]) -> list[str]:
    """Page texts (normalised, one paragraph a line) with paragraphs rejoined across pages."""
    parsed = [page_paragraphs(p) for p in pages]
    for k in range(len(parsed) - 1):
        paras, _ = parsed[k]
        nxt, next_indented = parsed[k + 1]
        if not paras or not paras[-1].open or paras[-1].ends_sentence or not nxt or next_indented:
            continue
        head = nxt[0].text
        m = _TERMINATORS.search(head)
        cut = m.end() if m else len(head)
        paras[-1].text = join(paras[-1].text, head[:cut])
        rest = head[cut:].strip()
        if rest:
            nxt[0].text = rest
        else:
            del nxt[0]
            parsed[k + 1] = (nxt, True)
    return [normalise("\n".join(p.text for p in paras)) for paras, _ in parsed]


def normalise_lines(pages: list[PageLines]) -> None:
    """Normalise every line's text in place (one pass per page), dropping lines left empty."""
    for p in pages:
        if not p.lines:
            continue
        texts = normalise_line("\n".join(ln.text.replace("\n", " ") for ln in p.lines)).split("\n")
        if len(texts) != len(p.lines):      # cannot happen: normalise_line keeps "\n"; be safe
            texts = [normalise_line(ln.text) for ln in p.lines]
        kept = []
        for ln, t in zip(p.lines, texts):
            ln.text = t.strip(" ")
            if ln.text:
                kept.append(ln)
        p.lines = kept
