"""The two ways of finding lexicon terms in a page text.

- `substring`: Aho-Corasick over every variant, leftmost-longest and non-overlapping
  (pyahocorasick `iter_long`): 生态产品价值实现机制 yields 生态产品价值实现 once, not also 生态产品.
- `token`: jieba tokens equal to a variant (segment.Segmenter registers the variants so they win).

Both modes match the page's *view*: its text with the quotation marks taken out (“”‘’「」『』 and ASCII "),
so a quoted slogan or a quoted part of a term reads as the plain term: “两山”理念 is 两山理念, 推进“生态
银行”建设 is 推进生态银行建设 — in token mode jieba then sees one block where the marks had cut three. A hit is
stored at its place in the page text (offset and length there, a removed mark inside it included).

Excluded contexts (`except:` lines of a lexicon) are applied after matching, the same way in both modes,
on the view: a hit of variant v at offset o is dropped when, for a context C of v and a position k of v
inside C, the view reads C from o − k. A *quoted* variant (written “两山” in the lexicon) counts only where the
text has it between quotation marks: 践行“两山”, not 东西两山. Nothing else moves (the neighbouring hits are
those the mode found).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Callable, Iterable

import ahocorasick

from .segment import RE_HAN, Segmenter

from .scope import MODES  # noqa: E402,F401 (re-exported)


@dataclass(frozen=True)
class TermHit:
    offset: int    # character offset in the page text
    surface: str   # the variant as found
    term: str      # its canonical term
    category: str
    length: int = 0   # characters it spans in the page text (more than the surface where a quotation mark is inside)

    def __post_init__(self):
        if not self.length:
            object.__setattr__(self, "length", len(self.surface))


OPENING, CLOSING = "“‘「『\"", "”’」』\""
#: the marks the view takes out (matchers module doc); bump VIEW_VERSION when this changes
QUOTE_MARKS = re.compile("[“”‘’「」『』\"]")
VIEW_VERSION = "1"


class View:
    """A page text without its quotation marks, and the way back to the page's offsets."""

    __slots__ = ("text", "source", "_marks")

    def __init__(self, source: str):
        self.source = source
        marks = [m.start() for m in QUOTE_MARKS.finditer(source)]
        # each mark's position in the view (where the next kept character lands)
        self._marks = [m - i for i, m in enumerate(marks)]
        self.text = QUOTE_MARKS.sub("", source) if marks else source

    def offset(self, v: int) -> int:
        """The page offset of view offset v."""
        return v + bisect_right(self._marks, v) if self._marks else v

    def span(self, v: int, n: int) -> tuple[int, int]:
        """(page offset, page length) of the n view characters from v."""
        a = self.offset(v)
        return a, self.offset(v + n - 1) + 1 - a

    def quoted(self, v: int, n: int) -> bool:
        """Do the n view characters from v stand between an opening and a closing quotation mark?"""
        a, length = self.span(v, n)
        b = a + length
        return a > 0 and b < len(self.source) and self.source[a - 1] in OPENING and self.source[b] in CLOSING


def build_automaton(surfaces: Iterable[str]) -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for s in surfaces:
        auto.add_word(s, s)
    auto.make_automaton()
    return auto


class PageMatcher:
    """Matches one lexicon state ({variant: (term, category)}) in page texts, in one mode."""

    def __init__(self, mapping: dict[str, tuple[str, str]], mode: str, segmenter: Segmenter | None = None,
                 exclusions: dict[str, tuple[str, ...]] | None = None, quoted: Iterable[str] = ()):
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        self.mapping = mapping
        self.mode = mode
        self.quoted = frozenset(v for v in quoted if v in mapping)   # variants counted only between quotation marks
        # variant → [(context, position of the variant in it), …]
        self.exclusions = {v: [(c, k) for c in cs for k in _positions(c, v)]
                           for v, cs in (exclusions or {}).items() if v in mapping}
        self.automaton = build_automaton(mapping) if mapping else None
        self._starts = None
        # token mode: an automaton of the variants that can be a token (all their characters in one of
        # jieba's blocks), value len - 1, so an occurrence's start is end - value. The leftmost-longest
        # occurrences (iter_long) mark every block holding any occurrence: an occurrence a reported one
        # overlaps lies in the reported one's block, since neither crosses a block's end.
        tokenable = [v for v in mapping if RE_HAN.fullmatch(v)] if mode == "token" else []
        if tokenable:
            self._starts = ahocorasick.Automaton()
            for v in tokenable:
                self._starts.add_word(v, len(v) - 1)
            self._starts.make_automaton()
        self.wanted = frozenset(mapping)
        self.segmenter = segmenter
        if mode == "token" and segmenter is None:
            raise ValueError("token mode needs a Segmenter")

    def substring_spans(self, text: str) -> list[tuple[int, str]]:
        if self.automaton is None:
            return []
        return [(end - len(s) + 1, s) for end, s in self.automaton.iter_long(text)]

    def hits(self, text: str, on_piece: Callable[[int], None] | None = None) -> list[TermHit]:
        """The hits that count (excluded contexts removed). `on_piece(chars done)` is told the progress
        through a long text."""
        return self.split_hits(text, on_piece)[0]

    def excluded(self, view: str, hit: TermHit) -> str | None:
        """The excluded context the hit (at its `view` offset) stands in, or None."""
        for c, k in self.exclusions.get(hit.surface, ()):
            if hit.offset >= k and view.startswith(c, hit.offset - k):
                return c
        return None

    def touches(self, text: str, strings: Iterable[str]) -> bool:
        """Does the page's view hold any of `strings` (variants or contexts)? What an edit of them can change."""
        view = View(text).text
        return any(s in view for s in strings)

    def split_hits(self, text: str, on_piece: Callable[[int], None] | None = None
                   ) -> tuple[list[TermHit], list[tuple[TermHit, str]]]:
        """(hits that count, [(hit, why it does not: the excluded context it stands in, or 'not quoted'), …]),
        at their page offsets.

        The view (module doc) is matched; a long one in pieces of about PIECE characters cut after a line
        break (else after a 。): no term holds one, and jieba never segments across one, so the hits are
        those of the whole text; excluded contexts are checked on the whole view."""
        view = View(text)
        vt = view.text
        found = []
        for start, end in _pieces(vt):
            found += [TermHit(h.offset + start, h.surface, h.term, h.category) for h in self._found(vt[start:end])]
            if on_piece:
                on_piece(view.offset(end - 1) + 1 if end else 0)
        kept, dropped = [], []
        for h in found:
            why = self.excluded(vt, h) if self.exclusions else None
            if why is None and h.surface in self.quoted and not view.quoted(h.offset, len(h.surface)):
                why = "not quoted"
            a, n = view.span(h.offset, len(h.surface))
            h = TermHit(a, h.surface, h.term, h.category, n)
            (kept.append(h) if why is None else dropped.append((h, why)))
        return kept, dropped

    def _found(self, text: str) -> list[TermHit]:
        if self.automaton is None:
            return []
        if self.mode == "substring":
            found = self.substring_spans(text)
        else:
            # every start of any (overlapping) occurrence marks a block worth segmenting
            if self._starts is None:
                return []
            starts = [end - k for end, k in self._starts.iter_long(text)]
            found = list(self.segmenter.term_tokens(text, starts, self.wanted))
        m = self.mapping
        return [TermHit(off, s, m[s][0], m[s][1]) for off, s in found]


PIECE = 1 << 20


def _pieces(text: str) -> list[tuple[int, int]]:
    """(start, end) of pieces of about PIECE characters, each ending after a line break or a 。"""
    out, start = [], 0
    while len(text) - start > PIECE:
        cut = -1
        for mark in ("\n", "。"):
            cut = text.find(mark, start + PIECE)
            if cut >= 0:
                break
        if cut < 0:
            break
        out.append((start, cut + 1))
        start = cut + 1
    out.append((start, len(text)))
    return out


def _positions(context: str, variant: str) -> list[int]:
    out, i = [], context.find(variant)
    while i >= 0:
        out.append(i)
        i = context.find(variant, i + 1)
    return out
