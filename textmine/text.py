"""The one place for what a Chinese text's sentences end with and how names and numbers are normalised.

Every reader that cuts text into sentences or clauses (evidence sentences, a news hit's sentence, the facts
layout, parse's page roles and page joins, the lexicon tools, edition titles) builds its pattern from these
marks, so a mark added here is a sentence end everywhere. Each use keeps its own choice of which marks count
(a clause split stops at ；, a title line at ：), written as a sum of the sets below.

    FULL_STOPS    。！？ and ASCII !?       a sentence ends
    CLAUSE_ENDS   ；;                         a clause ends (a sentence in a list of measures)
    COLONS        ：:
    CLOSERS       ”’」』）)]》                 a closing mark that stays with the sentence it closes
    SENTENCE_END  a run of sentence or clause ends with the closers after it
    nfkc(text), to_simplified(text)          full-width forms folded; traditional → simplified (OpenCC t2s)
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

CJK_FULL_STOPS = "。！？"
FULL_STOPS = CJK_FULL_STOPS + "!?"
CLAUSE_ENDS = "；;"
COLONS = "：:"
CLOSERS = "”’」』）)]》"


def marks(chars: str) -> str:
    """`chars` as the inside of a regular-expression character class."""
    return "".join(re.escape(c) for c in chars)


#: a sentence's end: one or more full stops or clause ends, and the closing marks that follow them
SENTENCE_END = re.compile(f"[{marks(FULL_STOPS + CLAUSE_ENDS)}]+[{marks(CLOSERS)}]*")


def nfkc(text: str) -> str:
    """Full-width letters, digits and punctuation folded to their plain forms (１２３４．５ → 1234.5, ％ → %)."""
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional characters to simplified (OpenCC t2s, with its phrase tables: 製定 → 制定, 麗水 → 丽水)."""
    return _t2s().convert(text) if text else text
