"""lexicon expand: word2vec on the stored corpus ranks planted synonyms of a category's terms first,
deterministically, and caches the model until the corpus or the lexicons change."""
from __future__ import annotations

import itertools
import random

import pytest

from count_helpers import add_plan, copy_lexicons
from textmine.lexicon.edit import add_terms
from textmine.lexicon_analysis.expand import TrainParams, expand_terms

# Realistic sentences written for this test (not official text). {X} takes market terms of the shipped
# lexicon and two planted words that are in no lexicon (林票, 碳票: forest and carbon tickets); {Y} takes unrelated words.
MARKET_FRAMES = ["深入推进{X}市场建设，完善{X}制度体系。", "探索开展{X}试点，培育{X}交易平台。",
                 "健全{X}定价机制，扩大{X}交易规模。", "推动{X}与绿色金融协同发展，规范{X}市场秩序。"]
OTHER_FRAMES = ["加快{Y}建设，提升{Y}服务水平。", "实施{Y}工程，改善{Y}条件。", "强化{Y}保障，推进{Y}提质增效。"]
SEEDS = ["碳排放权交易", "排污权交易", "用水权交易", "林权交易", "碳汇交易"]
PLANTED = ["林票", "碳票"]
OTHERS = ["城市道路", "公共文化", "职业教育", "养老服务", "农村公路", "社区医院", "体育场馆", "数字政务"]


def _pages(seed=7, n=240):
    rnd = random.Random(seed)
    pages = []
    for _ in range(n // 10):
        sents = []
        for _ in range(10):
            if rnd.random() < 0.5:
                sents.append(rnd.choice(MARKET_FRAMES).replace("{X}", rnd.choice(SEEDS + PLANTED)))
            else:
                sents.append(rnd.choice(OTHER_FRAMES).replace("{Y}", rnd.choice(OTHERS)))
        pages.append("".join(sents))
    return pages


PARAMS = TrainParams(vector_size=32, window=4, min_count=3, epochs=15, seed=11)


@pytest.fixture
def corpus(store, tmp_path, monkeypatch):
    d = copy_lexicons(tmp_path, monkeypatch)
    pages = _pages()
    add_plan(store, "331100", pages[:12])
    add_plan(store, "350700", pages[12:], kind="policy")
    return d


def test_planted_synonyms_rank_in_the_top_10_deterministically(store, corpus):
    rows, s = expand_terms(store, "market", top=10, directory=corpus, params=PARAMS)
    assert s["trained"] and set(SEEDS) <= set(s["seeds"])
    top = [r["candidate"] for r in rows]
    assert set(PLANTED) <= set(top), top
    assert not set(top) & set(SEEDS)  # words in a lexicon are never proposed
    planted = next(r for r in rows if r["candidate"] == "林票")
    assert planted["nearest_seed"] in SEEDS and planted["count"] >= 3 and "林票" in planted["examples"]
    again, s2 = expand_terms(store, "market", top=10, directory=corpus, params=PARAMS)
    assert not s2["trained"] and again == rows  # the cached model
    for f in (store.home / "models").glob("*.model"):
        f.unlink()
    fresh, s3 = expand_terms(store, "market", top=10, directory=corpus, params=PARAMS)
    assert s3["trained"] and fresh == rows  # trained again with the same seed: the same ranking and scores


def test_the_model_is_trained_again_when_the_lexicons_or_the_corpus_change(store, corpus, cli):
    _, s = expand_terms(store, "market", top=5, directory=corpus, params=PARAMS)
    add_terms("market", ["碳票"], corpus, "planted in the test corpus")
    rows, s2 = expand_terms(store, "market", top=5, directory=corpus, params=PARAMS)
    assert s2["trained"] and s2["model"] != s["model"] and "碳票" not in [r["candidate"] for r in rows]
    add_plan(store, "330100", ["杭州推进林票交易试点，完善林票制度体系。"] * 3)
    _, s3 = expand_terms(store, "market", top=5, directory=corpus, params=PARAMS)
    assert s3["trained"] and s3["model"] != s2["model"]
    r = cli("lexicon", "expand", "market", "--top", "3", "--min-count", "3", "--format", "csv")
    assert r.exit_code == 0 and "training word2vec on" in r.stderr and r.stdout.splitlines()[0] == \
        "candidate,similarity,nearest_seed,seed_similarity,count,examples"
    r = cli("lexicon", "expand", "theme", "--min-count", "1000")
    assert r.exit_code == 3 and "no word occurs 1000+ times in the corpus" in r.output
    r = cli("lexicon", "expand", "theme", "--min-count", "3")
    assert r.exit_code == 3 and "none of the theme（生态资产管理主题词） terms occurs 3+ times" in r.output


def test_sentences_keep_each_lexicon_term_as_one_token(store, corpus):
    from textmine.lexicon_analysis.expand import sentences
    from textmine.count import Segmenter, current_state

    seg = Segmenter(current_state(corpus).mapping)
    toks = set(itertools.chain.from_iterable(sentences(store, seg)))
    assert {"碳排放权交易", "排污权交易"} <= toks and "碳排放权" not in toks
