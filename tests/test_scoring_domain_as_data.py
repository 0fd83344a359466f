"""The domains are data: a fifth domain added in a workspace's scoring/ files (nodes.csv, indicators.csv, weights.csv,
synthetic.csv) is scored, ranked, tested for sensitivity and exported, with no change in Python."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from textmine.scoring import load_model, load_result, top_nodes

RUNS = 20
WEIGHTS = {"endowment": "0.15", "governance": "0.25", "compensation": "0.15", "market": "0.35", "ecotech": "0.10"}


def _add(path, *lines):
    path.write_text(path.read_text("utf-8").rstrip("\n") + "\n" + "\n".join(lines) + "\n", "utf-8")


@pytest.fixture
def five_domains(tmp_path, monkeypatch):
    from textmine import resources
    from textmine.workspace import init_workspace

    ws = tmp_path / "ws"
    init_workspace(ws)
    monkeypatch.setenv("TEXTMINE_ROOT", str(ws))
    resources.set_root(None)
    sc = ws / "scoring"
    _add(sc / "nodes.csv", "ecotech,cemi,生态科技创新,eco-technology", "X1,ecotech,绿色技术,green technology",
         "X1.1,X1,绿色技术产业,green-technology industry")
    _add(sc / "indicators.csv", "X01,X1.1,绿色技术产业产值,green-technology output,亿元,+,,amount,yearbook,,0,")
    _add(sc / "synthetic.csv", "X01,lognormal,200,0.8,green-technology output: lognormal around 200")
    weights = sc / "weights.csv"
    lines = [line for line in weights.read_text("utf-8").splitlines() if not line.startswith("cemi,")]
    weights.write_text("\n".join(lines + [f"cemi,{d},{w},test weights" for d, w in WEIGHTS.items()]) + "\n", "utf-8")
    yield ws
    resources.set_root(None)


@pytest.mark.slow      # a workspace, a sample workbook, one score run with its export (about 14 s busy)
def test_a_domain_added_in_the_files_is_scored_ranked_and_exported(five_domains, cli, store, tmp_path):
    model = load_model()
    assert model.domains == ("endowment", "governance", "compensation", "market", "ecotech")
    assert top_nodes() == ("cemi", *model.domains)
    wb = tmp_path / "wb.csv"
    assert cli("sample-data", "--out", wb).exit_code == 0
    res = cli("score", "--data", wb, "--runs", RUNS, "--out", tmp_path / "out")
    assert res.exit_code == 0, res.output
    assert "ecotech" in res.output.split("top 10")[1]                     # the score command's table has its column
    result = load_result(store)
    s = result.scores
    assert result.top_nodes == ("cemi", *model.domains)
    assert s["rank_ecotech"].min() == 1 and s["rank_ecotech"].max() <= 339 and s["ecotech"].notna().all()
    # the composite is the weighted sum of the five domains, with the weights of the file
    np.testing.assert_allclose(s["cemi"], sum(s[d] * float(w) for d, w in WEIGHTS.items()), atol=1e-9)
    assert set(result.intervals["node"]) == {"cemi", *WEIGHTS}               # Monte-Carlo ranks it
    assert set(result.oat["domain"]) == set(WEIGHTS)                          # one-at-a-time varies its weight
    assert result.model.loc["X01", "domain"] == "ecotech"
    app = pd.read_csv(tmp_path / "out" / "appendix1.csv", comment="#", dtype={"code": str})
    assert {"ecotech_score", "ecotech_rank"} <= set(app.columns)
    top = pd.read_csv(tmp_path / "out" / "top30_ecotech.csv", comment="#")
    assert len(top) >= 30 and top["rank"].iloc[0] == 1
    best = s["ecotech"].idxmax()
    assert app.set_index("code").at[best, "ecotech_rank"] == 1
    # compare reads the new rank column too
    cmp = cli("compare", "latest", tmp_path / "out" / "appendix1.csv")
    assert cmp.exit_code == 0, cmp.output
    assert "ecotech" in cmp.output
