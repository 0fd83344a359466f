"""Winsorising and normalisation as fit/transform: bounds fitted on one edition, applied to another
(`score --bounds-from RUN`), on a case where the two editions differ (a value beyond last year's maximum)."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import numpy as np
import pytest

from textmine.errors import TextmineError
from textmine.scoring import (Normaliser, ScoreParams, Winsoriser, compute_index, load_bounds, load_model,
                              load_result, normalise, score_workbook, winsorise, write_sample_data)
from textmine.store import Store

ROOT = Path(__file__).resolve().parents[1]
RUNS = 20
CANDIDATES = ("G11", "G04")     # index leaves with no upper limit (the synthetic amounts are too skewed)


# ---- the transformers, on numbers worked out by hand ----

LAST = np.array([[0.0, 10.0, 1.0], [5.0, 20.0, 1.0], [10.0, 30.0, 1.0]])      # three cities, three leaves
THIS = np.array([[20.0, 25.0, 1.0], [-5.0, 20.0, 2.0], [5.0, 5.0, np.nan]])


def test_fitted_on_the_same_values_transform_is_the_one_step_functions():
    x = np.vstack([LAST, THIS])
    for method in ("minmax", "zscore", "rank"):
        sign = np.array([1, -1, 1])
        fitted = Normaliser(method, sign).fit(x).transform(x)
        np.testing.assert_array_equal(fitted, normalise(x, sign, method))
    np.testing.assert_array_equal(Winsoriser(1.0).fit(x).transform(x), winsorise(x, 1.0))


def test_minmax_on_last_years_bounds_holds_a_value_beyond_them_to_0_or_100():
    n = Normaliser("minmax").fit(LAST)
    got = n.transform(THIS)
    # leaf 1: last year 0..10; 20 is beyond the maximum (100, not 200), -5 below the minimum (0, not -50)
    np.testing.assert_array_equal(got[:, 0], [100.0, 0.0, 50.0])
    # leaf 2: last year 10..30; 25 → 75, 20 → 50, 5 → 0 (held to the minimum)
    np.testing.assert_array_equal(got[:, 1], [75.0, 50.0, 0.0])
    # leaf 3 was constant last year: every present value gets the constant value, a missing one stays missing
    assert got[0, 2] == got[1, 2] == 50.0 and np.isnan(got[2, 2])
    np.testing.assert_array_equal(n.beyond(THIS)[:, 0], [True, True, False])


def test_zscore_extrapolates_and_rank_places_a_value_among_last_years():
    z = Normaliser("zscore").fit(LAST).transform(THIS)
    assert z[0, 0] == pytest.approx(50 + 10 * (20 - 5) / 5)        # last year mean 5, sd 5: 80, beyond the range
    r = Normaliser("rank").fit(LAST).transform(THIS)
    # last year 0, 5, 10 → 0, 50, 100; 20 above them all → 100; -5 below → 0; 5 equals the middle one → 50
    np.testing.assert_array_equal(r[:, 0], [100.0, 0.0, 50.0])
    # 25 lies between last year's 20 and 30 (ranks 2 and 3): mid-rank 2.5 → 75
    assert r[0, 1] == 75.0


def test_winsorising_on_last_years_bounds_clips_to_them():
    w = Winsoriser(1.0).fit(LAST)            # leaf 1: mean 5, sd 5 → [0, 10]
    assert (w.lower_[0], w.upper_[0]) == (0.0, 10.0)
    np.testing.assert_array_equal(w.transform(THIS)[:, 0], [10.0, 0.0, 5.0])
    assert w.lower_[2] == -np.inf and w.upper_[2] == np.inf         # a constant leaf is left as it is


# ---- two editions scored: the second on the first one's bounds ----

def _edition_two(first: Path, out: Path) -> tuple[str, str, float]:
    """The first edition with one city's value of one leaf above last year's maximum, but within its winsorising
    bounds (mean + 3·sd), so that only the normalisation's rule decides its score: (leaf, city code, value). The
    leaf is the first of CANDIDATES that has such room."""
    with first.open(encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    head = [i for i, line in enumerate(lines) if not line.startswith("#")][0]
    rows = list(csv.reader(lines[head:]))
    data = [r for r in rows[1:] if r[1]]                       # city rows (the names row has no code)
    for leaf in CANDIDATES:
        col = rows[0].index(leaf)
        x = np.array([float(r[col]) for r in data if r[col]])
        top, upper = x.max(), x.mean() + 3 * x.std(ddof=1)
        if top < upper:
            value = round(float(top + upper) / 2, 4)
            data[0][col] = str(value)
            with out.open("w", encoding="utf-8", newline="") as fh:
                fh.write("\n".join(lines[:head]) + "\n")
                csv.writer(fh, lineterminator="\n").writerows(rows)
            return leaf, data[0][1], value
    raise AssertionError(f"none of {CANDIDATES} has room between its maximum and mean + 3·sd")


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    d = tmp_path_factory.mktemp("editions")
    first = write_sample_data(d / "2025.csv", load_model())
    leaf, city, value = _edition_two(first, d / "2026.csv")
    store = Store(d / "home")
    one = score_workbook(store, first, ScoreParams(runs=RUNS, use_text=False))
    two = score_workbook(store, d / "2026.csv", ScoreParams(runs=RUNS, use_text=False, bounds_from=one.run_id))
    yield {"store": store, "dir": d, "one": one, "two": two, "leaf": leaf, "city": city, "value": value}
    store.close()


def _leaf(store, run, leaf):
    v = load_result(store, run).leaves
    return v[v.leaf == leaf].set_index("city_code")


@pytest.mark.slow      # two or three score runs of the 339-city sample workbook
def test_the_second_edition_is_normalised_on_the_first_ones_bounds(editions):
    store, city, leaf = editions["store"], editions["city"], editions["leaf"]
    one, two = (_leaf(store, editions[k].run_id, leaf) for k in ("one", "two"))
    raw = load_result(store, editions["two"].run_id).leaves.pivot(index="city_code", columns="leaf", values="raw")
    own = compute_index(load_model(), raw).normalised[[leaf]].rename(columns={leaf: "normalised"})   # its own bounds
    bounds = load_bounds(store, editions["one"].run_id)
    j = bounds.leaves.index(leaf)
    # the city above last year's maximum (within its winsorising bounds): scored 100, as last year's best, not more
    assert two.at[city, "raw"] == two.at[city, "winsorised"] == pytest.approx(editions["value"])
    assert bounds.normaliser.hi_[j] < editions["value"] < bounds.winsoriser.upper_[j]
    assert two.at[city, "normalised"] == 100.0
    assert 100 * (editions["value"] - bounds.normaliser.lo_[j]) / (bounds.normaliser.hi_[j] - bounds.normaliser.lo_[j]) > 100
    # every other city has last year's value, so on last year's bounds it scores exactly as last year ...
    others = two.index != city
    np.testing.assert_array_equal(two.loc[others, "normalised"], one.loc[others, "normalised"])
    # ... while normalised on its own bounds, the new maximum moves them all
    assert (own.loc[others, "normalised"] != one.loc[others, "normalised"]).sum() > 300
    # and the run says where its bounds came from, in its notes, warnings and banner, and stores them
    rep = editions["two"]
    said = f"normalised on the bounds of run #{editions['one'].run_id}, model cemi-2025.1"
    assert said in rep.notes and said in load_result(store, rep.run_id).banner
    assert said not in load_result(store, editions["one"].run_id).banner
    assert any(f"1 cell(s) in 1 leaf/leaves lie beyond the min/max of run #{editions['one'].run_id}" in w
               and f"{leaf} " in w for w in rep.warnings)
    stored = load_bounds(store, rep.run_id)
    np.testing.assert_array_equal(stored.normaliser.hi_, bounds.normaliser.hi_)
    # Monte-Carlo keeps last year's k and method (no other bounds were fitted on that edition)
    assert load_result(store, rep.run_id).params["sensitivity"]["bounds_from"] == editions["one"].run_id
    assert set(load_result(store, rep.run_id).mc_runs["normalisation"]) == {"minmax"}


def test_bounds_that_do_not_fit_are_refused(editions, tmp_path):
    store, first = editions["store"], editions["one"].run_id
    wb = editions["dir"] / "2026.csv"
    with pytest.raises(TextmineError, match=r"other settings \(winsor_k 3\.0 ≠ 2\.5\)"):
        score_workbook(store, wb, runs=RUNS, use_text=False, bounds_from=first, k=2.5)
    with pytest.raises(TextmineError, match=r"no score run 99; runs in this store: \[1, 2\]"):
        score_workbook(store, wb, runs=RUNS, use_text=False, bounds_from=99)
    # a model whose leaf counts the other way: its bounds were fitted on values turned round
    other = tmp_path / "scoring"
    shutil.copytree(ROOT / "scoring", other)
    leaves = other / "indicators.csv"
    text = leaves.read_text("utf-8")
    row = next(line for line in text.splitlines() if line.startswith("M01,"))
    leaves.write_text(text.replace(row, row.replace(",+,,", ",-,less is better here,")), "utf-8")
    with pytest.raises(TextmineError, match=r"the direction \(\+/-\) of M01 .* differs"):
        score_workbook(store, wb, model=load_model(other), runs=RUNS, use_text=False, bounds_from=first)


def test_a_run_missing_a_leafs_bounds_is_refused(editions, tmp_path):
    store = editions["store"]
    copy = tmp_path / "home"
    shutil.copytree(editions["dir"] / "home", copy)
    with Store(copy) as other:
        with other.transaction() as conn:
            conn.execute("DELETE FROM score_bounds WHERE run_id=1 AND leaf='M18'")
        with pytest.raises(TextmineError, match=r"cannot normalise on the bounds of run #1 \(model cemi-2025.1\): it "
                                                r"has no bounds for 1 leaf/leaves of this model: M18"):
            score_workbook(other, editions["dir"] / "2026.csv", runs=RUNS, use_text=False, bounds_from=1)


@pytest.mark.slow      # two or three score runs of the 339-city sample workbook
def test_score_bounds_from_on_the_command_line(editions, cli, home):
    shutil.copytree(editions["dir"] / "home", home)            # run 1: the first edition (run 2 is the library's)
    wb = editions["dir"] / "2026.csv"
    res = cli("score", "--data", wb, "--no-text", "--runs", RUNS, "--seed", 7, "--bounds-from", 1)
    assert res.exit_code == 0, res.output
    assert "note: normalised on the bounds of run #1, model cemi-2025.1" in res.output
    assert "score run 3 stored" in res.output and "lie beyond the min/max of run #1" in res.output
    banner = res.output.split("CEMI score run 3")[1].splitlines()[0]
    assert "normalised on the bounds of run #1, model cemi-2025.1" in banner
    bad = cli("score", "--data", wb, "--no-text", "--runs", RUNS, "--bounds-from", 7)
    assert bad.exit_code != 0 and "no score run 7" in bad.output and "Traceback" not in bad.output
    clash = cli("score", "--run", 1, "--bounds-from", 1)
    assert clash.exit_code != 0 and "--bounds-from" in clash.output
