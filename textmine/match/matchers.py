"""The two ways of finding lexicon terms in a page text.

- `substring`: Aho-Corasick over every variant, leftmost-longest and non-overlapping
  (pyahocorasick `iter_long`): 生态产品价值实现机制 yields 生态产品价值实现 once, not also 生态产品.
- `token`: jieba tokens equal to a variant (segment.Segmenter registers the variants so they win).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import ahocorasick

from .segment import Segmenter

MODES = ("token", "substring")


@dataclass(frozen=True)
class TermHit:
    offset: int    # character offset in the page text
    surface: str   # the variant as found
    term: str      # its canonical term
    category: str


def build_automaton(surfaces: Iterable[str]) -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for s in surfaces:
        auto.add_word(s, s)
    auto.make_automaton()
    return auto


class PageMatcher:
    """Matches one lexicon state ({variant: (term, category)}) in page texts, in one mode."""

    def __init__(self, mapping: dict[str, tuple[str, str]], mode: str, segmenter: Segmenter | None = None):
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        self.mapping = mapping
        self.mode = mode
        self.automaton = build_automaton(mapping) if mapping else None
        self.wanted = frozenset(mapping)
        self.segmenter = segmenter
        if mode == "token" and segmenter is None:
            raise ValueError("token mode needs a Segmenter")

    def substring_spans(self, text: str) -> list[tuple[int, str]]:
        if self.automaton is None:
            return []
        return [(end - len(s) + 1, s) for end, s in self.automaton.iter_long(text)]

    def hits(self, text: str) -> list[TermHit]:
        if self.automaton is None:
            return []
        if self.mode == "substring":
            found = self.substring_spans(text)
        else:
            # every start of any (overlapping) occurrence marks a block worth segmenting
            starts = [end - len(s) + 1 for end, s in self.automaton.iter(text)]
            found = list(self.segmenter.term_tokens(text, starts, self.wanted))
        m = self.mapping
        return [TermHit(off, s, m[s][0], m[s][1]) for off, s in found]
