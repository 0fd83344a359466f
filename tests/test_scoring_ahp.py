"""AHP: published examples, consistency, malformed matrices, the `ahp` command."""
from __future__ import annotations

import numpy as np
import pytest

from textmine.errors import TextmineError
from textmine.scoring import ahp_weights, load_model, read_matrix_csv

DRINKS = ["coffee", "wine", "tea", "beer", "soda", "milk", "water"]
DRINK_MATRIX = [
    [1, 9, 5, 2, 1, 1, 1 / 2],
    [1 / 9, 1, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9],
    [1 / 5, 3, 1, 1 / 3, 1 / 4, 1 / 3, 1 / 9],
    [1 / 2, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [1, 9, 4, 2, 1, 2, 1 / 2],
    [1, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [2, 9, 9, 3, 2, 3, 1],
]
# Saaty (2008), "Decision making with the analytic hierarchy process", drink consumption in the US.
SAATY_DRINKS = {"water": .327, "soda": .190, "coffee": .177, "milk": .129, "beer": .116, "tea": .042, "wine": .019}


def test_saaty_drink_matrix_matches_published_weights_to_3_decimals():
    res = ahp_weights(DRINK_MATRIX, DRINKS)
    got = dict(zip(res.labels, np.round(res.weights, 3)))
    assert got == SAATY_DRINKS
    assert res.lambda_max > 7 and res.cr < 0.1


def test_consistent_matrix_has_zero_ci_and_exact_weights():
    # w = (4, 2, 1)/7 → a_ij = w_i / w_j is perfectly consistent
    w = np.array([4, 2, 1]) / 7
    res = ahp_weights(np.outer(w, 1 / w))
    assert np.allclose(res.weights, w, atol=1e-12)
    assert res.lambda_max == pytest.approx(3.0, abs=1e-9)
    assert res.ci == pytest.approx(0.0, abs=1e-9) and res.cr == pytest.approx(0.0, abs=1e-9)


def test_cr_uses_the_named_random_index_table():
    a = [[1, 3, 1 / 3], [1 / 3, 1, 3], [3, 1 / 3, 1]]  # cyclic, very inconsistent
    saaty = ahp_weights(a, ri_table="saaty")
    alonso = ahp_weights(a, ri_table="alonso_lamata")
    assert saaty.ri == 0.58 and alonso.ri == pytest.approx(0.5247)
    assert saaty.cr == pytest.approx(saaty.ci / 0.58)
    with pytest.raises(TextmineError, match="unknown random-index table"):
        ahp_weights(a, ri_table="nope")


@pytest.mark.parametrize("matrix, message", [
    ([[1, 2], [2, 1]], "not reciprocal"),
    ([[1, -2], [-0.5, 1]], "positive"),
    ([[2, 1], [1, 2]], "diagonal"),
    ([[1, 2, 3], [0.5, 1, 2]], "square"),
])
def test_malformed_matrices_are_rejected(matrix, message):
    with pytest.raises(TextmineError, match=message):
        ahp_weights(matrix)


def test_matrix_csv_with_fractions(tmp_path):
    p = tmp_path / "m.csv"
    p.write_text(",a,b\na,1,1/3\nb,3,1\n", "utf-8")
    labels, m = read_matrix_csv(p)
    assert labels == ["a", "b"] and m[0, 1] == pytest.approx(1 / 3)
    bad = tmp_path / "bad.csv"
    bad.write_text(",a,b\na,1,x\nb,3,1\n", "utf-8")
    with pytest.raises(TextmineError, match=r"bad.csv:2: column 'b': 'x' is not a number"):
        read_matrix_csv(bad)


def test_ahp_command_prints_weights_and_rejects_inconsistent(tmp_path, cli):
    p = tmp_path / "drinks.csv"
    rows = [",".join(["", *DRINKS])] + [",".join([d, *map(repr, r)]) for d, r in zip(DRINKS, DRINK_MATRIX)]
    p.write_text("\n".join(rows) + "\n", "utf-8")
    res = cli("ahp", p, "--format", "csv")
    assert res.exit_code == 0
    weights = dict(line.split(",") for line in res.output.strip().splitlines()[1:])
    assert round(float(weights["water"]), 3) == 0.327 and round(float(weights["wine"]), 3) == 0.019
    cr = ahp_weights(DRINK_MATRIX, DRINKS).cr
    assert f"CR = {cr:.4f}" in cli("ahp", p).output
    bad = tmp_path / "cyclic.csv"
    bad.write_text(",a,b,c\na,1,3,1/3\nb,1/3,1,3\nc,3,1/3,1\n", "utf-8")
    bad_cr = ahp_weights([[1, 3, 1 / 3], [1 / 3, 1, 3], [3, 1 / 3, 1]]).cr
    res = cli("ahp", bad)
    assert res.exit_code == 3
    assert f"inconsistent judgments: CR = {bad_cr:.3f} >= 0.1" in res.output
    assert cli("ahp", bad, "--allow-inconsistent").exit_code == 0


def test_model_inconsistent_node_is_an_error_naming_the_node(tmp_path):
    import shutil

    from textmine.resources import data_path

    root = tmp_path / "scoring"
    shutil.copytree(data_path("scoring"), root)
    (root / "ahp" / "market.csv").write_text(
        ",M1,M2,M3,M4,M5\nM1,1,9,1/9,9,1/9\nM2,1/9,1,9,1/9,9\nM3,9,1/9,1,9,1/9\nM4,1/9,9,1/9,1,9\nM5,9,1/9,9,1/9,1\n",
        "utf-8")
    with pytest.raises(TextmineError, match=r"market.csv: node market 市场化价值实现 is inconsistent: CR = \d"):
        load_model(root)
    assert load_model(root, allow_inconsistent=True).ahp["market"].cr > 0.1


def test_inconsistent_model_message_says_what_score_users_can_do(tmp_path, monkeypatch, cli, store):
    """The error used to say "allow inconsistent matrices explicitly", which no score/run option does:
    it now names the key that does, and following it works."""
    import json
    import re
    import shutil

    from textmine.resources import data_path
    from textmine.scoring import write_sample_data

    root = tmp_path / "data"
    for part in ("scoring", "lexicons"):
        shutil.copytree(data_path(part), root / part)
    shutil.copytree(data_path("corpora"), root / "corpora", ignore=shutil.ignore_patterns("sample"))
    (root / "scoring" / "ahp" / "market.csv").write_text(
        ",M1,M2,M3,M4,M5\nM1,1,9,1/9,9,1/9\nM2,1/9,1,9,1/9,9\nM3,9,1/9,1,9,1/9\nM4,1/9,9,1/9,1,9\nM5,9,1/9,9,1/9,1\n",
        "utf-8")
    monkeypatch.setenv("TEXTMINE_ROOT", str(root))
    data = write_sample_data(tmp_path / "s.csv", load_model(root / "scoring", allow_inconsistent=True))
    res = cli("score", "--data", data, "--runs", 5, "--no-text")
    assert res.exit_code == 3
    toml = root / "scoring" / "model.toml"
    m = re.search(r"market.csv: node market 市场化价值实现 is inconsistent: CR = (\d\.\d+) >= 0.1 .*; revise the judgments in that "
                  r"file, or accept them by raising max_cr in \[ahp\] of (\S+) \(above", res.output.replace("\n", " "))
    assert m and m.group(2) == str(toml), res.output
    assert "allow inconsistent matrices explicitly" not in res.output
    assert store.conn.execute("SELECT count(*) FROM score_runs").fetchone()[0] == 0
    cr = float(m.group(1))
    toml.write_text(toml.read_text("utf-8").replace("max_cr = 0.1 ", f"max_cr = {cr + 0.01:.3f} "), "utf-8")
    res = cli("score", "--data", data, "--runs", 5, "--no-text")
    assert res.exit_code == 0, res.output
    params = json.loads(store.conn.execute("SELECT params FROM score_runs").fetchone()[0])
    assert params["ahp"]["market"]["cr"] == pytest.approx(cr, abs=5e-4)
