"""Acceptance on the 31 provincial government work reports of ../shared/realdata/gwr_provincial_2026."""
from __future__ import annotations

import csv
import re
from collections import Counter

import pytest

from textmine.count import PageMatcher, Segmenter, current_state
from textmine.count.matchers import QUOTE_MARKS as QUOTES, View


@pytest.fixture(scope="module")
def reports():
    from conftest import SHARED

    folder = SHARED / "realdata" / "gwr_provincial_2026"
    if not folder.is_dir():
        pytest.skip(f"../shared is absent ({folder}); real-data tests need it beside the clone")
    csv.field_size_limit(1 << 30)
    texts = []
    for f in sorted(folder.glob("*.csv")):
        with open(f, encoding="utf-8-sig", newline="") as fh:
            texts += [r["full_text"] for r in csv.DictReader(fh) if "full_text" in r]
    assert len(texts) == 31
    return texts


@pytest.fixture(scope="module")
def state():
    return current_state()


def independent_substring_count(text: str, variants: list[str], only_at: dict[str, set[int]] | None = None) -> Counter:
    """Leftmost-longest, non-overlapping, written without Aho-Corasick: scan left to right, at each
    position take the longest variant starting there; a variant of `only_at` only at the positions given."""
    only_at = only_at or {}
    by_first: dict[str, list[str]] = {}
    for v in sorted(variants, key=len, reverse=True):
        by_first.setdefault(v[0], []).append(v)
    out, i = Counter(), 0
    while i < len(text):
        for v in by_first.get(text[i], ()):
            if text.startswith(v, i) and (v not in only_at or i in only_at[v]):
                out[v] += 1
                i += len(v)
                break
        else:
            i += 1
    return out


def quoted_starts(text: str, variant: str) -> set[int]:
    """Where `variant` stands between quotation marks, as offsets in the text without its quotation marks."""
    return {m.start() + 1 - len(QUOTES.findall(text[:m.start() + 1]))
            for m in re.finditer(f"[“\"]{variant}[”\"]", text)}


def test_substring_mode_equals_independent_count(reports, state):
    """Both modes match the text with its quotation marks taken out (“两山”实践创新基地 is 两山实践创新基地)."""
    m = PageMatcher(state.mapping, "substring", quoted=state.quoted)
    quoted = 0
    for text in reports:
        plain = QUOTES.sub("", text)
        # a quoted-only variant counts only between quotation marks, and a longer variant still wins there
        # (“两山”实践创新基地 is one hit of 两山实践创新基地)
        starts = {v: quoted_starts(text, v) for v in state.quoted}
        quoted += sum(map(len, starts.values()))
        want = independent_substring_count(plain, list(state.mapping), starts)
        assert Counter(h.surface for h in m.hits(text)) == +want
    assert quoted == 15      # “两山” 15 times in the reports (every one inside a longer variant)


def test_token_mode_never_splits_a_lexicon_term(reports, state):
    """No token contains a lexicon variant: a term always wins over a longer word (生态资源优势 →
    生态资源|优势). A variant is not a token only where the text's own words straddle it (黄河|流域 holds
    河流), which is the disagreement with substring mode judged in docs/lexicon.md."""
    seg = Segmenter(state.mapping)
    auto = PageMatcher(state.mapping, "substring").automaton
    swallowed = []
    for text in reports:
        for tok in set(seg.cut(text)):
            if tok not in state.mapping and len(tok) > 1:
                swallowed += [(tok, v) for _, v in auto.iter(tok)]
    assert swallowed == []


def test_rjieba_agrees_with_jieba_on_every_term_count_of_the_31_reports(reports, state):
    """Measured agreement on these texts; not a guarantee (tests/test_count_backends.py shows a block of the
    sample plans where they differ), which is why counting uses jieba."""
    ref = PageMatcher(state.mapping, "token", Segmenter(state.mapping, "jieba"))
    fast = PageMatcher(state.mapping, "token", Segmenter(state.mapping, "rjieba"))
    for text in reports:
        assert [(h.offset, h.surface) for h in fast.hits(text)] == [(h.offset, h.surface) for h in ref.hits(text)]


def test_block_filtered_token_hits_equal_full_segmentation(reports, state):
    seg = Segmenter(state.mapping)
    m = PageMatcher(state.mapping, "token", seg)     # no quoted-only variants here: every term token counts
    for text in reports[:8]:
        view = View(text)
        full, off = [], 0
        for t in seg.cut(view.text):
            if t in state.mapping:
                full.append((view.offset(off), t))
            off += len(t)
        assert [(h.offset, h.surface) for h in m.hits(text)] == full
