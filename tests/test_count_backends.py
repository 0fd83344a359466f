"""Token-mode segmenter backends: the jieba backend's route pass finds jieba's own term tokens, and rjieba
is not used for counting because it can disagree (its total is the sum of its frequencies)."""
from __future__ import annotations

import pytest

from textmine.count import PageMatcher, Segmenter, current_state
from textmine.count.segment import COUNT_BACKEND, TERM_FREQ, _base_dictionary

from test_count_hits import LS, NP

# a phrase where jieba-rs and jieba choose different routes (under lexicons 2026.5 no sentence of the sample plans,
# the measured outlines or the provincial reports does: 地下水, the old example's word, is now a term)
DISAGREE = "黄河流出青海后进入甘肃，沿岸加强水环境监测。"


@pytest.fixture(scope="module")
def state():
    return current_state()


def cut_reference(state) -> Segmenter:
    """The jieba backend, made to use jieba's own Tokenizer.cut (with its HMM) for term tokens."""
    return Segmenter(state.mapping, "jieba", route=False)


def term_tokens(matcher: PageMatcher, text: str) -> list[tuple[int, str]]:
    return [(h.offset, h.surface) for h in matcher.hits(text)]


def test_counting_uses_jieba_and_its_route_pass(state):
    seg = Segmenter(state.mapping)
    assert COUNT_BACKEND == "jieba" and seg.backend == "jieba" and seg._route is not None and seg.exact


def test_the_route_pass_finds_the_term_tokens_of_jiebas_cut(state):
    fast = PageMatcher(state.mapping, "token", Segmenter(state.mapping), state.exclusions)
    ref = PageMatcher(state.mapping, "token", cut_reference(state), state.exclusions)
    texts = NP + LS + [DISAGREE, "提高城市排水能力，开发水能资源", "保护原始森林，发挥生态资源优势" * 3]
    for text in texts:
        assert term_tokens(fast, text) == term_tokens(ref, text)
    assert ("河流" in [s for _, s in term_tokens(fast, DISAGREE)])


def test_the_route_pass_agrees_with_jieba_on_the_sample_plans_and_real_reports(state):
    from conftest import SHARED
    import csv

    from pathlib import Path

    sample = Path(__file__).resolve().parents[1] / "corpora" / "sample" / "text"
    texts = [p.read_text("utf-8") for p in sorted(sample.glob("*.md"))]
    assert len(texts) == 8
    folder = SHARED / "realdata" / "gwr_provincial_2026"
    if folder.is_dir():
        csv.field_size_limit(1 << 30)
        for f in sorted(folder.glob("*.csv")):
            with open(f, encoding="utf-8-sig", newline="") as fh:
                texts += [r["full_text"] for r in csv.DictReader(fh) if "full_text" in r]
    assert texts
    fast = PageMatcher(state.mapping, "token", Segmenter(state.mapping), state.exclusions)
    ref = PageMatcher(state.mapping, "token", cut_reference(state), state.exclusions)
    n = 0
    for text in texts:
        got = term_tokens(fast, text)
        assert got == term_tokens(ref, text)
        n += len(got)
    assert n > 100


def test_ties_go_to_the_longer_word_as_in_jieba():
    """X, Z two characters of equal frequency, XY and YZ registered: XY|Z and X|YZ score exactly the same,
    and jieba's max over (score, end) takes the longer first word, XY."""
    freq, _ = _base_dictionary()
    by_freq: dict[int, list[str]] = {}
    for w, f in freq.items():
        if len(w) == 1 and "\u4e00" <= w <= "\u9fa5" and f > 1000:
            by_freq.setdefault(f, []).append(w)
    x, z = next(ws[:2] for ws in by_freq.values() if len(ws) >= 2)
    y = "鑫"
    mapping = {x + y: (x + y, "theme"), y + z: (y + z, "theme")}
    fast = Segmenter(mapping, "jieba")
    ref = Segmenter(mapping, "jieba", route=False)
    text = x + y + z
    wanted = set(mapping)
    got = list(fast.term_tokens(text, [0, 1], wanted))
    assert got == list(ref.term_tokens(text, [0, 1], wanted)) == [(0, x + y)]


def test_a_one_character_term_uses_jiebas_cut(state):
    mapping = {**state.mapping, "林": ("林", "resource")}
    seg = Segmenter(mapping, "jieba")
    assert seg._route is None                      # jieba's HMM may join a lone character: use its cut
    text = "保护森林和林地，植树造林"
    m = PageMatcher(mapping, "token", seg)
    ref = Segmenter(mapping, "jieba")
    assert term_tokens(m, text) == [(h[0], h[1]) for h in ref.term_tokens(text, list(range(len(text))),
                                                                           set(mapping))]


def test_rjieba_is_not_exact_when_the_registered_terms_outweigh_the_total(state):
    """jieba keeps its dictionary's total while each variant adds TERM_FREQ; jieba-rs's total is the sum, so
    it charges each token more and prefers fewer tokens: here 黄河/流出 instead of 黄/河流/出. The count follows
    jieba (the reference), here even where its reading is the worse one."""
    pytest.importorskip("rjieba")
    _, total = _base_dictionary()
    assert len(state.mapping) * TERM_FREQ > total * 0.5
    rj = Segmenter(state.mapping, "rjieba")
    assert not rj.exact
    assert "黄河" in rj.cut(DISAGREE) and "河流" not in rj.cut(DISAGREE)
    assert "河流" in Segmenter(state.mapping, "jieba").cut(DISAGREE)
    one = {"生态银行": ("生态银行", "market")}       # one new word already lifts jieba-rs's total above jieba's
    assert not Segmenter(one, "rjieba").exact


def test_count_help_names_the_default_backend_and_why_rjieba_is_optional():
    from click.testing import CliRunner

    from textmine.cli import main

    r = CliRunner().invoke(main, ["count", "--help"], terminal_width=200)
    assert r.exit_code == 0 and "[default: jieba]" in r.output and "may differ" in r.output


def test_the_dictionary_is_read_from_textmines_cache_exactly_as_jieba_loads_it(tmp_path, monkeypatch):
    import jieba

    from textmine.count import segment

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    tk = jieba.Tokenizer()
    tk.initialize()
    try:
        segment._base_dictionary.cache_clear()
        first = segment._base_dictionary()                 # built by jieba, then kept in the cache folder
        cached = list((tmp_path / "textmine").glob("jieba-dictionary-*.marshal"))
        assert len(cached) == 1
        segment._base_dictionary.cache_clear()
        again = segment._base_dictionary()                 # read from the cache
        assert first == again == (tk.FREQ, tk.total)
        cached[0].write_bytes(b"not marshal data")         # a damaged cache: jieba builds the table again
        segment._base_dictionary.cache_clear()
        assert segment._base_dictionary() == (tk.FREQ, tk.total)
        assert cached[0].read_bytes() != b"not marshal data"
    finally:
        segment._base_dictionary.cache_clear()
