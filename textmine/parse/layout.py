"""From positioned lines to page text: running headers/footers out, wrapped lines rejoined.

Input is what ``pdf.py`` reads: per page, lines in content-stream order (which keeps the
reading order of two-column pages that are written column by column) with their boxes.

- **Headers, footers, page numbers**: a line in the top or bottom band of the page (outer
  12 % and among the first/last three lines there) whose text, with digits folded to ``#``,
  repeats on at least 30 % of the pages (and on two or more) is furniture and is removed;
  lines that are only a page number ("3", "- 3 -", "— 3 —", "3 / 92", "第3页", "iv") form one
  key, so changing numbers still repeat. Nothing is matched against a fixed list.
- **Line rejoin**: lines are grouped into columns by their horizontal overlap; a line that
  reaches its column's margin (found from the line ends: ``_right_edge``; a narrower box has its
  own, ``_full_at``) is continued by the next line of the same column unless that line is
  indented (a new paragraph), starts a list item, changes type size, or is far below; a heading
  set like a first line, and a centred heading wrapped over two lines, are told apart from text.
  Text runs on from the bottom of one column to the top of the next. Joining puts nothing
  between CJK characters or after a line-end hyphen (kept: it cannot be told from a real one),
  and a space between Latin words. (docs/parse.md lists every rule.)
- **Page breaks**: when the last paragraph of a page is still open (its last line is full and
  does not end with 。！？) and the next page's first line is indented no more than that line,
  the continuation up to its first sentence end (。！？；) is moved to the end of the earlier
  page. So the rejoined tail stays on the page where the paragraph started, a term split over
  the page break is one string on one page, and the next page starts at the next sentence.
  Nothing is joined across pages of different roles (``roles.py``: body, toc, cover); on a
  contents page a line ending in a page number is one entry.
"""
from __future__ import annotations

import bisect
import math
import re

from ..text import CJK_FULL_STOPS, CLAUSE_ENDS, COLONS, FULL_STOPS, marks
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .normalise import drop_cjk_gaps, is_cjk, normalise_line
from .roles import entry_number

BAND = 0.12               # outer share of the page height where headers/footers live
REPEAT_SHARE = 0.30       # share of pages a header/footer must repeat on

# Line rejoin thresholds, in ems (the page's median line height) unless said otherwise; docs/parse.md
# gives the reason for each. Right margin (_right_edge):
MARGIN_CLUSTER = 0.5      # lines ending within this of each other reach the same margin
MARGIN_SHARE = 0.15       # share of the lines (at least 2, at most 4) a margin cluster needs
MARGIN_SPREAD = 0.15      # clusters within this share of the width below the highest are margins too
SHORT_LINES = 0.6         # clusters left of this share of the longest line's width are short lines
# A full line (_full_at):
FULL_SHORT_OF = 1.6       # a line ending this close to its margin is full (its paragraph may go on)
SAME_START = 0.5          # lines starting within this of each other start at the same x
BOX_NARROWER = 2.0        # a block this much narrower than its column, at most, has its own margin
# Paragraphs (page_paragraphs):
INDENT = 0.9              # a line starting further right than the line above's text is indented
FAR_BELOW = 2.2           # a line further below the one above starts a new paragraph
FAR_PITCH = 1.8           # ... as does one further below than this many usual line pitches
HEADING_SIZE = 1.15       # a line taller than this is set larger than the text (a heading)
SIZE_CHANGE = 1.15        # a ratio of line heights this large is a change of type size
SIZE_SAME = 0.05          # heading lines whose heights differ by more than this share differ in size
CENTRED_SIZE = 0.1        # a centred heading's second line: height within this share of the first's
CLOSING_PAST = 0.8        # a line this far past its full mark is not ended short by 。！？：
COLUMN_EDGE = 0.5         # text flows to the next column when it ends/starts this close to the column's end/top
DEFAULT_SIZE = 10.0       # the em of a page whose lines have no height (points)
_PAGENUM = re.compile(r"^[\W_]*(第?#+页?([\W_]*共?#+页?)?|[ivxlcdm]+|[IVXLCDM]+)[\W_]*$")
_SENTENCE_END = FULL_STOPS                          # textmine.text
_TERMINATORS = re.compile(f"[{marks(FULL_STOPS + CLAUSE_ENDS)}]")
_BULLETS = frozenset("•●○■□▪◦∗‣⁃")
_CLOSING = frozenset(CJK_FULL_STOPS + COLONS)


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


_HAS_ROMAN = re.compile("[ivxlcdmIVXLCDM]").search


def furniture_key(text: str) -> str:
    """What stays of a header or footer from page to page: its letters and CJK characters, with
    numbers (arabic or roman), punctuation and spaces dropped; a line that is only a page
    number gets the key ``<page-number>``."""
    core = _NOT_WORD.sub("", _ROMAN.sub("", text) if _HAS_ROMAN(text) else text)
    if core:
        return core
    folded = re.sub(r"\s+", "", _ROMAN.sub("#", re.sub(r"\d+", "#", text)))
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
    candidates = []                # per page: (band, line index, key)
    seen: Counter = Counter()      # (band, key) -> pages it is a candidate on
    for p in pages:
        cands = []
        for band, i in _band_lines(p):
            text = p.lines[i].text
            k = keys.get(text)
            if k is None:
                k = keys[text] = furniture_key(text)
            cands.append((band, i, k))
        candidates.append(cands)
        if cands:
            seen.update({(band, k) for band, _, k in cands})
    n = sum(1 for p in pages if p.lines)
    need = max(2, math.ceil(REPEAT_SHARE * n))
    removed = 0
    for page, cands in zip(pages, candidates):
        drop = {i for band, i, key in cands
                if seen[(band, key)] >= need or (key == "<page-number>" and n == 1)}
        if drop:
            for i in sorted(drop, reverse=True):
                del page.lines[i]
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


class _Para:
    """A paragraph of a page: its text; whether its last line is full (it may go on in the next
    line or page); whether that line ends with 。！？ (so no term is cut there)."""

    __slots__ = ("text", "open", "ends_sentence")

    def __init__(self, text: str, open: bool = False, ends_sentence: bool = False):
        self.text = text
        self.open = open
        self.ends_sentence = ends_sentence


def _columns(x0s: list[float], x1s: list[float]) -> list[int]:
    """Column id per line (its x0 and x1): lines whose horizontal extents overlap (transitively)
    share a column, so the two columns of a page, separated by a gutter, get two ids."""
    col, ids, reach = -1, [0] * len(x0s), -math.inf
    for i in sorted(range(len(x0s)), key=x0s.__getitem__):
        x1 = x1s[i]
        if x0s[i] > reach:
            col += 1
            reach = x1
        elif x1 > reach:
            reach = x1
        ids[i] = col
    return ids


def _right_edge(x1s: list[float], em: float, left: float) -> float:
    """Where full lines end among lines ending at ``x1s``: a right margin found from the line ends.

    Justified lines end at the margin give or take a narrow closing mark or a capped character
    spacing, so a margin is an x1 that several lines reach within half an em (at least
    ``max(2, min(4, 15 % of the lines))``). Lines may also run past the margin (a long URL, a
    line set with the character spacing of the line before): such clusters lie higher. The
    margin is the lowest cluster within 15 % of the width (from the column's left edge) of the
    highest cluster, so lines ending at any of them count as full. Clusters of lines ending in
    the left 60 % of the longest line's width are short lines (a list, code); without a cluster:
    the largest x1."""
    xs = sorted(x1s, reverse=True)
    n = len(xs)
    need = max(2, min(4, math.ceil(MARGIN_SHARE * n)))
    win = MARGIN_CLUSTER * em
    floor = edge = None
    lowest = left + SHORT_LINES * (xs[0] - left)        # lines ending left of this are short whatever their number
    for i in range(n - need + 1):
        x = xs[i]
        if x < lowest or (floor is not None and x < floor):
            break
        if xs[i + need - 1] >= x - win:            # `need` lines end within half an em below x
            if floor is None:
                floor = x - MARGIN_SPREAD * (x - left)
            edge = x
    return xs[0] if edge is None else edge


def _full_at(lines: list[Line], cols: list[int], left: dict, edge: dict, size: float) -> list[float]:
    """Per line, the x its end must reach for the line to be full (its paragraph may go on):
    1.6 em short of its column's margin, or of the margin of the lines starting where it starts
    (within half an em) when that is at most 2 em narrower (a framed box, a block set narrower
    than the text); a line is also full when it reaches what the line below it must reach (the
    indented first line of a box)."""
    tol = FULL_SHORT_OF * size
    half = SAME_START * size
    out = [edge[0] - tol] * len(cols) if len(edge) == 1 else [edge[c] - tol for c in cols]
    # lines starting right of their column's edge (first lines, headings, boxes); those at the
    # edge make the column's margin anyway
    if len(left) == 1:
        lim = left[cols[0]] + half
        inner = [i for i, ln in enumerate(lines) if ln.x0 > lim]
    else:
        inner = [i for i, (ln, c) in enumerate(zip(lines, cols)) if ln.x0 > left[c] + half]
    # worth a look only if one of them is short of its column's margin and the line below it
    # would continue it (most pages: none, their inner lines are first lines and headings)
    n, step = len(lines), INDENT * size
    if not any(lines[i].x1 < out[i] and i + 1 < n and cols[i + 1] == cols[i]
               and lines[i + 1].x0 <= lines[i].text_x0 + step for i in inner):
        return out
    narrower = False
    if len(inner) >= 2:
        inner.sort(key=lambda i: (cols[i], lines[i].x0))
        group = [inner[0]]
        for i in inner[1:] + [None]:
            if i is not None and cols[i] == cols[group[0]] and lines[i].x0 - lines[group[0]].x0 <= half:
                group.append(i)
                continue
            if len(group) >= 2:
                c = cols[group[0]]
                g = _right_edge([lines[j].x1 for j in group], size, left[c])
                if edge[c] - BOX_NARROWER * size <= g < edge[c]:
                    narrower = True
                    for j in group:
                        out[j] = g - tol
            group = [i]
    if narrower:
        for k in range(len(lines) - 1):
            if cols[k] == cols[k + 1] and out[k + 1] < out[k]:
                out[k] = out[k + 1]
    return out


def page_paragraphs(page: PageLines, toc: bool = False,
                    carry: float | None = None) -> tuple[list[_Para], bool, float | None]:
    """Paragraphs of one page; whether its first line goes on with the previous page's last
    paragraph; and, when this page's last paragraph is still open, how far right of its column's
    edge a continuation on the next page may start (else None).

    ``toc``: the page is a table of contents (a line ending in a page number ends its entry).
    ``carry``: the previous page's last paragraph is open and its continuation may start this far
    right of the column's edge, plus one indent step (a box goes on inside its box); None: it
    is closed."""
    lines = [ln for ln in page.lines if ln.text]
    if not lines:
        return [], False, None
    hs = [ln.top - ln.bottom for ln in lines]     # line heights
    heights = sorted(hs)
    size = heights[len(heights) // 2] or DEFAULT_SIZE
    line_x0s = [ln.x0 for ln in lines]
    line_x1s = [ln.x1 for ln in lines]
    cols = _columns(line_x0s, line_x1s)
    left: dict[int, float] = {}
    col_top: dict[int, float] = {}       # (used when text flows from one column to the next)
    col_bottom: dict[int, float] = {}
    one_column = cols[-1] == 0 and max(cols) == 0
    if one_column:                              # most pages: builtins, no per-line dict work
        left[0] = min(line_x0s)
        x1s = {0: line_x1s}
    else:
        x1s = defaultdict(list)
        for ln, c in zip(lines, cols):
            if ln.x0 < left.get(c, math.inf):
                left[c] = ln.x0
            if ln.top > col_top.get(c, -math.inf):
                col_top[c] = ln.top
            if ln.bottom < col_bottom.get(c, math.inf):
                col_bottom[c] = ln.bottom
            x1s[c].append(ln.x1)
    indent = INDENT * size       # a line starting further right than this is indented
    edge = {c: _right_edge(v, size, left[c]) for c, v in x1s.items()}
    full_at = _full_at(lines, cols, left, edge, size)   # per line: reaching this x, the line is full
    far = FAR_BELOW * size       # a line further below than this starts a new paragraph
    big = HEADING_SIZE * size    # a line taller than this is set larger than the text (a heading)
    half = SAME_START * size
    n = len(lines)
    # a line further below the one above than 1.8 times the usual line pitch starts a paragraph
    bottoms = [ln.bottom for ln in lines]
    if one_column:
        pitches = sorted([a - b for a, b in zip(bottoms, bottoms[1:])])
    else:
        pitches = sorted([a - b for a, b, ca, cb in zip(bottoms, bottoms[1:], cols, cols[1:]) if ca == cb])
    k = bisect.bisect_right(pitches, 0.0)         # (the positive ones: a line below the one above)
    far_pitch = FAR_PITCH * pitches[(k + len(pitches)) // 2] if len(pitches) - k >= 3 else math.inf
    entry = entry_number if toc else None
    closing = CLOSING_PAST * size  # a line this far past its full mark is not ended short by 。！？：
    continues = carry is not None and lines[0].x0 - left[cols[0]] <= carry + indent

    paras: list[_Para] = []
    parts: list[str] = []        # fragments of the paragraph being built
    is_open = False
    prev = first = None          # the line above; the first line of the paragraph being built
    prev_col = -1
    for k, (ln, c) in enumerate(zip(lines, cols)):
        text = ln.text
        join = False
        if is_open:
            if prev_col == c:
                # same column: not above the line above, not far below it, and either not indented
                # relative to the text of the line above, or a large (heading) line centred under
                # a large line of the same size (a heading wrapped over two lines)
                top, below = ln.top, prev.bottom
                if top <= prev.top and below - top < far and below - ln.bottom < far_pitch:
                    if ln.x0 <= prev.text_x0 + indent:
                        join = not (
                            # a line indented like the paragraph's first line, itself indented, and
                            # then continued at the left: the line above was a heading
                            (prev is first and prev.x0 > left[c] + indent and abs(ln.x0 - prev.x0) < half
                             and k + 1 < n and cols[k + 1] == c and lines[k + 1].x0 < ln.x0 - indent
                             and ln.x1 >= full_at[k])
                            # a list item: a bullet, or a marker where the line above has one, or
                            # hanging out left of the line above
                            or text[0] in _BULLETS
                            or (ln.text_x0 > ln.x0 and ((prev.text_x0 > prev.x0 and abs(ln.x0 - prev.x0) < half)
                                                        or (prev is not first and ln.x0 < prev.x0 - half))))
                        if join:
                            h, hn = hs[k - 1], hs[k]
                            if (hn > SIZE_CHANGE * h or h > SIZE_CHANGE * hn
                                    or (h > big and abs(hn - h) > SIZE_SAME * h)):
                                join = False     # a change of type size: a heading and text
                    else:
                        h = hs[k - 1]
                        join = (h > big and abs(hs[k] - h) < CENTRED_SIZE * h
                                and abs((ln.x0 + ln.x1) - (prev.x0 + prev.x1)) < size)
            else:
                # from the bottom of a column to the top of the next one on the right, indented
                # there no more than the text above was in its column (a box goes on in its box)
                rel = 0.0 if prev is first else prev.text_x0 - left[prev_col]
                join = (left[c] > left[prev_col] and ln.top > prev.top and ln.x0 - left[c] <= rel + indent
                        and ln.top >= col_top[c] - COLUMN_EDGE * size
                        and prev.bottom <= col_bottom[prev_col] + COLUMN_EDGE * size)
        if join:
            last = parts[-1]
            a = last[-1]
            b = text[0]
            if a == "\ufffe":          # PDFium's mark for a hyphen at a line end: keep it as "-"
                parts[-1] = last[:-1] + "-"
            elif not (a == "-" or "\u4e00" <= a <= "\u9fff" or "\u4e00" <= b <= "\u9fff" or _cjk(a) or _cjk(b)):
                parts.append(" ")       # (the common ideographs first: no call for them)
            parts.append(_inside(text) if b == "第" else text)
        else:
            if parts:
                paras.append(_Para("".join(parts), is_open, prev.text[-1] in _SENTENCE_END))
            parts = [text]
            # a first line that goes on from the previous page is not a paragraph's first line
            first = None if prev is None and continues else ln
        # full, not a contents entry, and not a sentence or lead-in ended short of the margin
        # (a wrapped line ends there with a full-width 。 or ：, give or take a fraction of an em)
        x1, fa = ln.x1, full_at[k]
        is_open = (x1 >= fa and not (entry and entry(text) is not None)
                   and not (text[-1] in _CLOSING and x1 < fa + closing))
        prev, prev_col = ln, c
    ends_sentence = prev.text[-1] in _SENTENCE_END
    paras.append(_Para("".join(parts), is_open, ends_sentence))
    # a paragraph's first line is indented; its continuation would start at the column's edge
    tail = (0.0 if prev is first else prev.text_x0 - left[prev_col]) if is_open and not ends_sentence else None
    return paras, continues, tail


def assemble(pages: list[PageLines], roles: list[str] | None = None) -> list[str]:
    """Page texts (normalised, one paragraph a line) with paragraphs rejoined across pages.
    ``roles`` (body | toc | cover per page): nothing is joined across pages of different roles,
    and on toc pages a line ending in a page number is one entry."""
    roles = roles or ["body"] * len(pages)
    out: list[list[_Para]] = []
    carry = None
    for k, (page, role) in enumerate(zip(pages, roles)):
        if k and roles[k - 1] != role:
            carry = None
        paras, continues, carry = page_paragraphs(page, role == "toc", carry)
        if continues and out and out[-1] and paras:
            head = paras[0].text
            m = _TERMINATORS.search(head)
            cut = m.end() if m else len(head)
            out[-1][-1].text = join(out[-1][-1].text, _inside(head[:cut]) if head[0] == "第" else head[:cut])
            rest = head[cut:].strip()
            if rest:
                paras[0].text = rest
            else:
                del paras[0]
        out.append(paras)
    # the lines are normalised (normalise_lines) and joined without creating anything normalise
    # would change, so the pages are normalised text without a second pass over them
    return ["\n".join([p.text for p in paras]) for paras in out]


def _inside(text: str) -> str:
    """A line joined into the middle of a paragraph: the space kept after a heading number at a
    line start (``第一章 发展``) is no longer at one, so it goes as ``normalise`` would drop it."""
    return drop_cjk_gaps("x" + text)[1:] if " " in text else text


def normalise_lines(pages: list[PageLines]) -> None:
    """Normalise every line's text in place (one pass per page), dropping lines left empty."""
    for p in pages:
        lines = p.lines
        if not lines:
            continue
        joined = "\n".join([ln.text for ln in lines])
        if joined.count("\n") != len(lines) - 1:       # a line holding a line break (not from PDFium)
            joined = "\n".join([ln.text.replace("\n", " ") for ln in lines])
        texts = normalise_line(joined).split("\n")
        if len(texts) != len(lines):      # cannot happen: normalise_line keeps "\n"; be safe
            texts = [normalise_line(ln.text) for ln in lines]
        for ln, t in zip(lines, texts):
            ln.text = t.strip(" ")
        p.lines = [ln for ln in lines if ln.text]
