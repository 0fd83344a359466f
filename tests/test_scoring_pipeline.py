"""The computation against a small case worked by hand, and the documented edge cases."""
from __future__ import annotations

import shutil
import statistics

import numpy as np
import pandas as pd
import pytest

from textmine.errors import TextmineError
from textmine.resources import data_path
from textmine.scoring import compute_index, load_model, normalise, winsorise
from textmine.scoring.aggregate import rank_desc

LEAVES = """code,parent,name_zh,name_en,unit,direction,direction_reason,type,source,text_key,min,max
a1,endowment,甲,a1,km²,+,,amount,yearbook,,0,
a2,endowment,乙,a2,index,-,lower is better,index,yearbook,,0,
b1,governance,丙,b1,yes/no,+,,yesno,disclosure,,0,1
c1,compensation,丁,c1,%,+,,rate,yearbook,,0,100
d1,market,戊,d1,%,+,,rate,yearbook,,0,100
"""
NODES = """code,parent,name_zh,name_en
cemi,,综合,composite
endowment,cemi,禀赋,endowment
governance,cemi,管理,governance
compensation,cemi,补偿,compensation
market,cemi,市场,market
"""
WEIGHTS = """parent,child,weight
cemi,endowment,0.164
cemi,governance,0.275
cemi,compensation,0.178
cemi,market,0.383
endowment,a1,0.6
endowment,a2,0.4
"""


@pytest.fixture
def small_model(tmp_path):
    root = tmp_path / "scoring"
    root.mkdir()
    shutil.copy(data_path("scoring", "model.toml"), root)
    shutil.copy(data_path("scoring", "random_index.csv"), root)
    (root / "indicators.csv").write_text(LEAVES, "utf-8")
    (root / "nodes.csv").write_text(NODES, "utf-8")
    (root / "weights.csv").write_text(WEIGHTS, "utf-8")
    return load_model(root)


RAW = pd.DataFrame({"a1": [10.0, 20.0, 40.0], "a2": [1.0, 3.0, 2.0], "b1": [1.0, 0.0, 1.0],
                    "c1": [5.0, 5.0, 5.0], "d1": [0.0, 50.0, 100.0]}, index=["x", "y", "z"])


def test_small_case_by_hand_k1(small_model):
    # Worked by hand: k = 1 clips a1 at mean + sd (statistics.stdev = sample sd); others are inside.
    a1 = [10.0, 20.0, 40.0]
    hi = statistics.mean(a1) + statistics.stdev(a1)
    a1w = [10.0, 20.0, hi]
    n_a1 = [100 * (v - 10.0) / (hi - 10.0) for v in a1w]
    n_a2 = [100.0, 0.0, 50.0]          # negative: (3 - x) / (3 - 1)
    n_b1 = [100.0, 0.0, 100.0]         # yes/no, not winsorised
    n_c1 = [50.0, 50.0, 50.0]          # constant column → 50
    n_d1 = [0.0, 50.0, 100.0]          # mean ± sd = [0, 100]: nothing clipped
    endow = [0.6 * p + 0.4 * q for p, q in zip(n_a1, n_a2)]
    cemi = [0.164 * e + 0.275 * g + 0.178 * c + 0.383 * m for e, g, c, m in zip(endow, n_b1, n_c1, n_d1)]

    comp = compute_index(small_model, RAW, k=1.0)
    assert comp.winsorised.loc["z", "a1"] == pytest.approx(hi, abs=1e-12)
    assert comp.winsorised.loc["z", "d1"] == 100.0
    np.testing.assert_allclose(comp.normalised["a1"], n_a1, atol=1e-9)
    np.testing.assert_allclose(comp.normalised["a2"], n_a2, atol=1e-9)
    np.testing.assert_allclose(comp.normalised["b1"], n_b1, atol=1e-9)
    np.testing.assert_allclose(comp.node_scores["endowment"], endow, atol=1e-9)
    np.testing.assert_allclose(comp.node_scores["cemi"], cemi, atol=1e-9)
    order = sorted(range(3), key=lambda i: -cemi[i])
    assert [comp.ranks["cemi"].iloc[i] for i in order] == [1, 2, 3]
    assert any("c1" in w and "same value" in w for w in comp.warnings)


def test_all_missing_leaf_is_left_out_and_siblings_renormalised(small_model):
    raw = RAW.copy()
    raw["a2"] = np.nan
    comp = compute_index(small_model, raw, k=3.0)
    # endowment = a1 alone (weight 0.6 / 0.6); k = 3 clips nothing with 3 cities
    np.testing.assert_allclose(comp.node_scores["endowment"], [0.0, 100 / 3, 100.0], atol=1e-9)
    assert comp.normalised["a2"].isna().all()
    assert any("a2" in w and "no value for any city" in w for w in comp.warnings)


def test_single_city_scores_the_constant_value_and_ranks_first(small_model):
    comp = compute_index(small_model, RAW.loc[["y"]])
    assert comp.node_scores.loc["y", "cemi"] == pytest.approx(50.0)
    assert comp.ranks.loc["y", "cemi"] == 1


def test_winsorise_edge_cases():
    x = np.array([[1.0, 5.0, np.nan], [2.0, 5.0, np.nan], [3.0, 5.0, np.nan], [100.0, 5.0, np.nan]])
    w = winsorise(x, 1.0)
    col = [1.0, 2.0, 3.0, 100.0]
    assert w[3, 0] == pytest.approx(statistics.mean(col) + statistics.stdev(col))
    assert w[0, 0] == 1.0                                   # inside the bounds: untouched
    assert (w[:, 1] == 5.0).all()                          # constant column unchanged
    assert np.isnan(w[:, 2]).all()                          # all missing stays missing
    assert winsorise(np.array([[7.0]]), 3.0)[0, 0] == 7.0   # single city unchanged
    assert np.isnan(winsorise(np.array([[np.nan], [4.0]]), 1.0)[0, 0])
    with pytest.raises(TextmineError, match="positive"):
        winsorise(x, 0)


@pytest.mark.parametrize("method", ["minmax", "zscore", "rank"])
def test_normalise_edge_cases(method):
    x = np.array([[1.0, 3.0, np.nan, 2.0], [2.0, 3.0, np.nan, np.nan], [4.0, 3.0, np.nan, 2.0]])
    n = normalise(x, np.array([1, 1, 1, -1]), method, constant_value=50.0)
    assert (n[:, 1] == 50.0).all() and np.isnan(n[:, 2]).all()
    assert n[0, 3] == 50.0 and np.isnan(n[1, 3])            # constant among present values; NaN kept
    assert n[0, 0] < n[1, 0] < n[2, 0]


def test_normalise_values_by_hand():
    x = np.array([[1.0], [2.0], [4.0]])
    np.testing.assert_allclose(normalise(x, None, "minmax")[:, 0], [0, 100 / 3, 100], atol=1e-12)
    np.testing.assert_allclose(normalise(x, np.array([-1]), "minmax")[:, 0], [100, 200 / 3, 0], atol=1e-12)
    z = [(v - statistics.mean([1, 2, 4])) / statistics.stdev([1, 2, 4]) for v in (1, 2, 4)]
    np.testing.assert_allclose(normalise(x, None, "zscore")[:, 0], [50 + 10 * v for v in z], atol=1e-12)
    np.testing.assert_allclose(normalise(np.array([[3.0], [1.0], [3.0]]), None, "rank")[:, 0], [75, 0, 75])
    with pytest.raises(TextmineError, match="unknown normalisation"):
        normalise(x, None, "log")


def test_ties_share_the_best_rank():
    assert rank_desc(np.array([3.0, 5.0, 5.0, 1.0, np.nan])).tolist()[:4] == [3.0, 1.0, 1.0, 4.0]
    assert np.isnan(rank_desc(np.array([1.0, np.nan]))[1])


def test_real_model_has_all_76_leaves_and_published_domain_weights():
    m = load_model()
    assert len(m.leaf_codes) == 76
    counts = m.tree_table()["domain"].value_counts().to_dict()
    assert counts == {"endowment": 27, "governance": 20, "compensation": 11, "market": 18}
    assert m.weights["cemi"] == {"endowment": 0.164, "governance": 0.275, "compensation": 0.178, "market": 0.383}
    assert m.tree_table()["global_weight"].sum() == pytest.approx(1.0)
    neg = m.leaves[m.leaves["direction"] == "-"]
    assert {"E16", "E18"} <= set(neg.index) and (neg["direction_reason"] != "").all()
    assert set(m.text_leaves().values()) == {"plan.theme", "plan.resource", "plan.policy", "plan.market", "news.count"}


def test_bad_weights_are_errors_naming_file_and_node(small_model, tmp_path):
    root = small_model.root
    (root / "weights.csv").write_text(WEIGHTS.replace("a2,0.4", "a2,0.3"), "utf-8")
    with pytest.raises(TextmineError, match=r"weights.csv: the weights of node endowment 禀赋 sum to 0.900000, not 1"):
        load_model(root)
    (root / "weights.csv").write_text(WEIGHTS.replace("endowment,a2,0.4\n", ""), "utf-8")
    with pytest.raises(TextmineError, match="node endowment 禀赋 has no weight for a2 乙"):
        load_model(root)
    (root / "weights.csv").write_text(WEIGHTS, "utf-8")
    (root / "indicators.csv").write_text(LEAVES + "e1,nowhere,x,x,%,+,,rate,yearbook,,0,100\n", "utf-8")
    with pytest.raises(TextmineError, match=r"indicators.csv:7: leaf e1 x: unknown parent node 'nowhere'"):
        load_model(root)
