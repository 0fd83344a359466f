"""Spatial statistics and group comparisons of the report (no store needed)."""
from __future__ import annotations

import itertools

import libpysal
import numpy as np
import pandas as pd
import pytest

from textmine.errors import TextmineError
from textmine.report import compare_groups as cg
from textmine.report.geo import load_boundaries
from textmine.report.spatial import cluster_members, contiguity_weights, global_moran, local_moran


@pytest.fixture(scope="module")
def gdf():
    return load_boundaries(projected=True)


@pytest.fixture(scope="module")
def w(gdf):
    return contiguity_weights(gdf)


@pytest.fixture(scope="module")
def smooth(gdf):
    """A spatially trending variable (east-west gradient plus noise): strongly autocorrelated."""
    rng = np.random.default_rng(7)
    x = gdf.geometry.representative_point().x.to_numpy() / 1e5
    return pd.Series(x + rng.normal(0, 2, len(gdf)), index=gdf.index)


def random_scores(seed: int = 3) -> pd.DataFrame:
    codes = cg.city_attributes().index
    rng = np.random.default_rng(seed)
    s = pd.DataFrame(rng.uniform(0, 100, (len(codes), 4)), index=codes, columns=list(cg.DOMAINS))
    s["cemi"] = cg.contributions(s).sum(axis=1)
    return s


def test_boundaries_cover_the_registry(gdf):
    assert len(gdf) == 339 and gdf.index.is_unique
    assert gdf.geometry.notna().all() and not gdf.geometry.is_empty.any()
    assert gdf.loc["659001", "name"] == "石河子市" and gdf.loc["659004", "name"] == "五家渠市"


def test_contiguity_graph_has_339_units_and_no_island(w, gdf):
    assert w.n == 339 and set(w.id_order) == set(gdf.index)
    assert w.islands == []
    assert min(w.cardinalities.values()) >= 1
    assert w.transform.upper() == "R"
    for i, ws in w.weights.items():
        assert abs(sum(ws) - 1) < 1e-12, i
    # islands in queen contiguity are joined to their nearest neighbour, both ways
    assert "330200" in w.neighbors["330900"] and "330900" in w.neighbors["330200"]  # 舟山 <-> 宁波
    assert w.neighbors["460300"]  # 三沙
    # ordinary contiguity is kept: 杭州 touches 湖州
    assert "330500" in w.neighbors["330100"]
    for i, nbrs in w.neighbors.items():
        assert len(nbrs) == len(set(nbrs)), f"duplicate neighbour for {i}"
        for j in nbrs:
            assert i in w.neighbors[j], f"asymmetric link {i}->{j}"


def test_global_moran_gives_the_published_sids_value():
    """OpenGeoda's Moran's I of the SIDS rate 1974 (SIDR74) of the 100 North Carolina counties under the queen
    contiguity of sids2.gal, row-standardised: 0.248 (the value esda's documentation replicates), E[I] = -1/99."""
    w = libpysal.io.open(libpysal.examples.get_path("sids2.gal")).read()
    y = np.array(libpysal.io.open(libpysal.examples.get_path("sids2.dbf")).by_col("SIDR74"))
    got = global_moran(pd.Series(y, index=w.id_order), w, permutations=99)
    assert round(got.I, 3) == 0.248 and got.expected == pytest.approx(-1 / 99)


def test_spatial_stats_are_reproducible_and_name_the_significant_cities(w, smooth):
    ours = global_moran(smooth, w, permutations=999, seed=11)
    assert ours.I > 0.3 and ours.p_sim <= 0.001
    again = global_moran(smooth, w, permutations=999, seed=11)        # same seed, same pseudo p-value and z
    assert (again.z_sim, again.p_sim) == (ours.z_sim, ours.p_sim)
    lisa = local_moran(smooth, w, permutations=999, seed=5)
    assert lisa.equals(local_moran(smooth, w, permutations=999, seed=5))
    counts = lisa["cluster"].value_counts()
    assert counts.get("HH", 0) > 10 and counts.get("LL", 0) > 10
    members = cluster_members(lisa, load_boundaries()["name"])
    assert set(members["cluster"]) <= {"HH", "LL", "HL", "LH"}
    assert len(members) == int((lisa["cluster"] != "ns").sum())


# ---- a graph small enough to enumerate every permutation: the pseudo p-values against the exact ones ----

GRID = ["a", "b", "c", "d", "e", "f", "g", "h"]      # two rows of four (a b c d / e f g h), rook contiguity


def _tails(every: np.ndarray, observed: float) -> tuple[float, float]:
    """The exact folded p-value (the smaller tail, with the observed arrangement among the draws), as a range: a draw
    that ties with the observed statistic — the observed neighbours drawn again, a symmetry of the grid — counts as
    at least as extreme or not depending on the last bit of its float (esda compares the rounded values), so the
    pseudo p-value lies between the two counts."""
    tol = 1e-9 * max(1.0, abs(observed))
    above, at_least = (every > observed + tol).mean(), (every >= observed - tol).mean()
    return min(above, 1 - at_least), min(at_least, 1 - above)


def _grid():
    adj = np.zeros((8, 8))
    for i in range(8):
        if i % 4 < 3:
            adj[i, i + 1] = adj[i + 1, i] = 1
        if i < 4:
            adj[i, i + 4] = adj[i + 4, i] = 1
    w = libpysal.weights.W({GRID[i]: [GRID[j] for j in np.flatnonzero(adj[i])] for i in range(8)})
    return adj, adj / adj.sum(axis=1, keepdims=True), w


@pytest.mark.parametrize("seed", [0, 5])          # a strong pattern (exact p 0.002) and a weak one (0.06)
def test_global_moran_against_every_permutation_of_a_small_graph(seed):
    """I by its formula; E[I] = -1/(n-1) = the mean of I over all 8! permutations; the pseudo p-value and z of
    9,999 random permutations within Monte-Carlo error of the exact ones from all 40,320."""
    adj, W, w = _grid()
    y = np.arange(8) % 4 + np.random.default_rng(seed).normal(0, 1.5, 8)    # no ties among permuted statistics
    z, n = y - y.mean(), 8
    moran = lambda zz: n / W.sum() * np.einsum("...i,ij,...j->...", zz, W, zz) / (z @ z)
    every = moran(z[np.array(list(itertools.permutations(range(n))))])
    observed = moran(z)
    assert every.mean() == pytest.approx(-1 / (n - 1), abs=1e-12)
    low, high = _tails(every, observed)
    got = global_moran(pd.Series(y, index=GRID), w, permutations=9999, seed=3)
    assert got.I == pytest.approx(observed, rel=1e-12) and got.expected == pytest.approx(-1 / (n - 1))
    assert low - 0.01 <= got.p_sim <= high + 0.01
    assert got.z_sim == pytest.approx((observed - every.mean()) / every.std(), abs=0.1)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("seed", [0, 5])
def test_lisa_against_every_conditional_permutation_of_a_small_graph(seed):
    """Each city's Is = (n-1)·z_i·(Wz)_i / zᵀz, and its pseudo p-value against the exact one: the city's value held,
    its k neighbours drawn from the other n-1 values in every one of the C(n-1, k) ways (conditional randomisation,
    folded: the smaller tail). The observed neighbours are one of the C(n-1, k) draws, a tie (see _tails)."""
    adj, W, w = _grid()
    y = np.arange(8) % 4 + np.random.default_rng(seed).normal(0, 1.5, 8)
    z, n = y - y.mean(), 8
    got = local_moran(pd.Series(y, index=GRID), w, permutations=9999, seed=4)
    for i, city in enumerate(GRID):
        observed = (n - 1) * z[i] * (W[i] @ z) / (z @ z)
        others, k = np.delete(z, i), int(adj[i].sum())
        lags = np.array([others[list(c)].mean() for c in itertools.combinations(range(n - 1), k)])
        every = (n - 1) * z[i] * lags / (z @ z)
        low, high = _tails(every, observed)
        assert got.at[city, "Is"] == pytest.approx(observed, rel=1e-10), city
        assert low - 0.02 <= got.at[city, "p_sim"] <= high + 0.02, (city, low, high)


def _weights_matrix(w) -> np.ndarray:
    """The report's weights written out: W[i, j] = 1 / (number of neighbours of i) when j neighbours i."""
    ids = list(w.id_order)
    pos = {c: k for k, c in enumerate(ids)}
    m = np.zeros((len(ids), len(ids)))
    for i, nbrs in w.neighbors.items():
        for j in nbrs:
            m[pos[i], pos[j]] = 1 / len(nbrs)
    return m


def test_global_moran_equals_the_formula(w, smooth):
    """I = n / S0 · zᵀWz / zᵀz, computed here with the row-standardised contiguity weights."""
    W = _weights_matrix(w)
    np.testing.assert_allclose(w.full()[0], W, atol=1e-15)   # the weights the report uses are these
    y = smooth.loc[w.id_order].to_numpy()
    z = y - y.mean()
    n, s0 = len(z), W.sum()
    assert s0 == pytest.approx(n)
    expected = n / s0 * (z @ W @ z) / (z @ z)
    assert global_moran(smooth, w, permutations=99).I == pytest.approx(expected, rel=1e-12)
    # a pattern without spatial structure: I near E[I] = -1/(n-1), here too by the formula
    shuffled = pd.Series(np.random.default_rng(1).permutation(y), index=w.id_order)
    zs = shuffled.to_numpy() - shuffled.mean()
    assert global_moran(shuffled, w, permutations=99).I == pytest.approx(n / s0 * (zs @ W @ zs) / (zs @ zs),
                                                                         rel=1e-12)


@pytest.mark.parametrize("noise", [2, 12])
def test_lisa_quadrants_follow_each_city_z_and_spatial_lag(w, smooth, noise):
    """Each city's quadrant from its own deviation z and its spatial lag (Wz); Is = (n-1) z·Wz / zᵀz."""
    rng = np.random.default_rng(noise)
    values = smooth + pd.Series(rng.normal(0, noise, len(smooth)), index=smooth.index)
    lisa = local_moran(values, w, permutations=199, seed=3)
    assert list(lisa.index) == list(w.id_order)
    y = values.loc[w.id_order].to_numpy()
    z = y - y.mean()
    lag = _weights_matrix(w) @ z
    expected = np.select([(z > 0) & (lag > 0), (z < 0) & (lag < 0), z > 0], ["HH", "LL", "HL"], "LH")
    assert list(lisa["quadrant"]) == list(expected)
    np.testing.assert_allclose(lisa["Is"], (len(z) - 1) * z * lag / (z @ z), rtol=1e-10, atol=1e-15)
    sig = lisa["p_sim"] < 0.05
    assert sig.sum() > 20
    assert (lisa.loc[sig, "cluster"] == expected[sig.to_numpy()]).all()
    assert (lisa.loc[~sig, "cluster"] == "ns").all()
    assert set(expected) == {"HH", "LL", "HL", "LH"}     # every branch of the rule is exercised


def test_spatial_stats_refuse_missing_values(w, smooth):
    with pytest.raises(TextmineError, match="missing for 1"):
        global_moran(smooth.drop(index="110000"), w)


def test_region_contributions_sum_to_mean_composite():
    s = random_scores()
    reg = cg.region_contributions(s)
    assert list(reg.index) == list(cg.REGIONS)
    assert reg["cities"].sum() == 339
    np.testing.assert_allclose(reg["sum_of_contributions"], reg["mean_cemi"])
    # by hand for one region
    attrs = cg.city_attributes()
    east = attrs.index[attrs["region"] == "华东"]
    assert reg.loc["华东", "market"] == pytest.approx((s.loc[east, "market"] * 0.383).mean())
    zones = cg.zone_comparison(s)
    assert list(zones.index) == list(cg.ZONES) and zones["cities"].sum() == 339


def test_weights_in_percent_are_accepted():
    s = random_scores()
    a = cg.contributions(s, {"endowment": 16.4, "governance": 27.5, "compensation": 17.8, "market": 38.3})
    b = cg.contributions(s)
    np.testing.assert_allclose(a.to_numpy(), b.to_numpy())
    with pytest.raises(TextmineError, match="lack market"):
        cg.contributions(s, {"endowment": 1, "governance": 1, "compensation": 1})


def test_province_summary_tiers_and_cv():
    s = random_scores()
    p = cg.province_summary(s)
    assert p["cities"].sum() == 339 and len(p) == 31
    national = s["cemi"].mean()
    assert p.attrs["national_mean"] == pytest.approx(national)
    above = p["mean"] > national
    assert (p.loc[above, "tier"] <= 2).all() and (p.loc[~above, "tier"] == 3).all()
    zj = s.loc[cg.city_attributes()["province"] == "浙江省", "cemi"]
    assert p.loc["浙江省", "cv"] == pytest.approx(zj.std(ddof=1) / zj.mean())
    assert np.isnan(p.loc["北京市", "cv"])


def test_pilot_comparison_by_hand():
    s = cg.with_ranks(random_scores())
    top = s.sort_values("cemi", ascending=False).index
    pilot = pd.Series(False, index=s.index)
    pilot[top[:6]] = True          # six pilots in the top 50
    pilot[top[[60, 70, 200, 300]]] = True  # two more in the top 100, two below
    t = cg.pilot_comparison(s, pilot)
    assert t.loc["试点城市", "cities"] == 10 and t.loc["其他城市", "cities"] == 329
    assert t.loc["试点城市", "share_top50"] == pytest.approx(0.6)
    assert t.loc["试点城市", "share_top100"] == pytest.approx(0.8)
    assert t.loc["试点城市", "mean_cemi"] == pytest.approx(s.loc[pilot, "cemi"].mean())
    assert 0 <= t.loc["试点城市", "mannwhitney_p_cemi"] < 0.05
    members = cg.pilot_members(s, pilot)
    assert list(members.index[:6]) == list(top[:6])


def test_bad_score_table_is_refused():
    s = random_scores().drop(columns="market")
    with pytest.raises(TextmineError, match="lacks column"):
        cg.province_summary(s.rename(columns={"cemi": "x"}))
    bad = random_scores()
    bad.index = ["999999"] + list(bad.index[1:])
    with pytest.raises(TextmineError, match="not in the registry"):
        cg.province_summary(bad)


def test_published_2025_ranks_are_spatially_clustered(shared, w):
    """Real data: the published composite ranking (appendix 1) clusters in space, as the report says (figure 4)."""
    from textmine.registry import resolve_city

    ref = pd.read_csv(shared / "reference" / "cemi2025_appendix1.csv")
    ref.index = [resolve_city(n).code for n in ref["city"]]
    score = 340 - ref["composite_rank"].astype(float)  # higher is better
    gm = global_moran(score, w)
    assert gm.I > 0.2 and gm.p_sim <= 0.01
    lisa = local_moran(score, w)
    hh = set(lisa.index[lisa["cluster"] == "HH"])
    assert "513200" in hh or "511800" in hh  # 阿坝州 / 雅安市: the south-west high-high belt
