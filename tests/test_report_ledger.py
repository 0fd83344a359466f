"""The statement ledger (scoring/reference/cemi2025_statements.csv): every finding of the published report with a
test textmine computes, on the published ranks and on a scoring run.

The acceptance findings are recomputed here from the reference file itself (appendix 1, the registry's zones
and provinces) with plain pandas/scipy, then compared with what the ledger says — never with hard-coded results.
"""
from __future__ import annotations

import csv
import io
import json
import re

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from textmine.errors import TextmineError
from textmine.report import compare_groups as cg
from textmine.report.analysis import ReportInputs
from textmine.report.claims import run_edition
from textmine.report.ledger import (NOT_COMPUTABLE, NOT_REPRODUCED, REPRODUCED, counts, evaluate, load_ledger,
                                    published_edition)
from textmine.report.ledger_kinds import KINDS
from textmine.report.pilots import PilotList, load_pilots
from textmine.report.tiers import province_table, tier_members
from textmine.scoring.compare import load_ranks

SEED_REPORT = ("seed", "000_96ec0b76c82f8487.txt")


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    """Appendix 1 joined with the registry (zone, province): what every recomputation below starts from."""
    ranks, _ = load_ranks("published")
    ranks.index = ranks.index.astype(str)
    return ranks.join(cg.city_attributes())


@pytest.fixture(scope="module")
def published():
    findings = load_ledger()
    return findings, evaluate(findings, published_edition())


def row(published, quote: str):
    """(finding, outcome) of the ledger row whose quote contains ``quote``."""
    findings, outcomes = published
    hits = [(f, o) for f, o in zip(findings, outcomes) if quote in f.quote]
    assert len(hits) >= 1, f"no ledger row quotes {quote!r}"
    return hits[0]


def test_the_ledger_quotes_the_report_verbatim_and_covers_its_sections(shared, published):
    findings, outcomes = published
    assert len(findings) >= 25
    text = re.sub(r"\s+", "", shared.joinpath(*SEED_REPORT).read_text("utf-8"))
    for f in findings:
        for part in f.quote.split("……"):
            assert re.sub(r"\s+", "", part) in text, f"{f.id}: quote not in the report: {part}"
    sections = " ".join(f.section for f in findings)
    for s in ("三（二）", "四（一）1", "四（一）2", "四（一）3", "四（一）4", "四（一）5", "四（二）1", "四（二）2",
              "四（二）3", "四（二）4", "四（二）5", "四（二）6", "五（一）"):
        assert s in sections, s
    assert {f.kind for f in findings} <= set(KINDS)
    assert sum(f.kind == "not_testable" for f in findings) <= 5   # almost every finding has a computable test
    c = counts(outcomes)
    assert sum(c.values()) == len(findings) and c[REPRODUCED] >= 25


def test_on_ranks_every_figure_says_so_and_score_statements_are_not_decided(published):
    for f, o in zip(*published):
        if KINDS[f.kind].required and f.kind not in ("domain_weights", "leaf_counts", "city_count", "not_testable",
                                                     "yes_count", "yesno_basins", "contribution_share"):
            assert "按排名" in o.figure or o.status == NOT_COMPUTABLE, (f.id, o.figure)
        if o.figure.startswith("参考"):            # a rank figure shown for a statement about scores
            assert o.status == NOT_COMPUTABLE and "得分" in o.needs, f.id


def test_top20_east_8(reference, published):
    """前20名城市中东部城市占8个."""
    east = int(((reference["composite"] <= 20) & (reference["zone"] == "东部")).sum())
    f, o = row(published, "前20名城市中东部城市占8个")
    assert o.status == REPRODUCED and f"东部 {east} 个" in o.figure and east == int(f.params["value"])


def test_governance_top30_east_17(reference, published):
    """排名前30的城市中有17个城市来自东部地区 (政府管理水平)."""
    east = int(((reference["governance"] <= 30) & (reference["zone"] == "东部")).sum())
    f, o = row(published, "排名前30的城市中有17个城市来自东部地区")
    assert o.status == REPRODUCED and f"东部 {east} 个" in o.figure and east == int(f.params["value"])


def test_compensation_and_endowment_positively_correlated(reference, published):
    """生态保护补偿指数与生态资源禀赋指数正相关 — Spearman on the published ranks."""
    rho = stats.spearmanr(reference["compensation"], reference["endowment"])
    assert rho.statistic > 0 and rho.pvalue < 0.05
    f, o = row(published, "生态保护补偿指数与生态资源禀赋指数正相关")
    assert o.status == REPRODUCED and f"ρ = {rho.statistic:.3f}" in o.figure and "按排名" in o.figure


def test_governance_between_and_within_provinces(reference, published):
    """“省间差异大，省内差异小” (政府管理水平). The decomposition is of scores; on the published ranks the
    between-province share of governance rank variance is computed here, shown by the ledger for reference and not
    used as a verdict (the ledger says scores are needed). On ranks it does not support the statement."""
    g = reference["governance"].astype(float)
    between = ((reference.groupby("province")["governance"].transform("mean") - g.mean()) ** 2).sum()
    share = between / ((g - g.mean()) ** 2).sum()
    chance = (reference["province"].nunique() - 1) / (len(g) - 1)
    assert chance < share < 0.5        # far above chance, yet less than the within-province share
    f, o = row(published, "省间差异大，省内差异小")
    assert o.status == NOT_COMPUTABLE and "得分" in o.needs
    assert f"组间 {100 * share:.1f} %" in o.figure and "与报告不一致" in o.figure


def test_pilots_in_the_top_50(reference, published):
    """超过50%的试点城市位居全国前50名 — the pilots of corpora/pilots.toml for the 2025 edition."""
    pilots = load_pilots("2025")
    share = (reference.loc[pilots.flag[pilots.flag].index, "composite"] <= 50).mean()
    assert pilots.cities >= 4 and share > 0.5
    f, o = row(published, "超过50%的试点城市位居全国前50名")
    assert f"{100 * share:.1f} %" in o.figure
    # the list is not complete (only the pilots the report names): the ledger shows the share but does not decide
    assert not pilots.complete and o.status == NOT_COMPUTABLE and "不完整" in o.needs
    ed = published_edition()
    ed.pilots = PilotList("2025", pilots.flag, True, ["test: declared complete"])
    assert KINDS[f.kind].evaluate(f, ed).status == REPRODUCED


def test_province_tiers_on_ranks_name_fujian_and_qinghai(reference, published):
    """福建省和青海省的生态资产管理综合水平处于第一梯队 — by mean rank (labelled), not decided by ranks."""
    table = province_table(reference["composite"], ranks=True)
    means = reference.groupby("province")["composite"].mean()
    multi = reference.groupby("province").size() > 1
    assert list(means[multi].sort_values().index[:2]) == ["福建省", "青海省"]
    assert tier_members(table)[1] == ["福建省", "青海省"]
    assert len(tier_members(table)[1] + tier_members(table)[2] + tier_members(table)[3]) == 27
    f, o = row(published, "福建省和青海省的生态资产管理综合水平处于第一梯队")
    assert o.status == NOT_COMPUTABLE and "福建省、青海省" in o.figure and "平均排名不是平均得分" in o.needs


def test_a_statement_the_ranks_contradict(reference, published):
    """政府管理水平与市场化价值实现指数东高西低: on market, 西部 cities rank better than 东部 ones more often."""
    east = reference.loc[reference["zone"] == "东部", "market"]
    west = reference.loc[reference["zone"] == "西部", "market"]
    p_east_better = np.mean([[e < w for w in west] for e in east])
    assert p_east_better < 0.5
    findings, outcomes = published
    market = [o for f, o in zip(findings, outcomes) if f.kind == "group_order" and f.params["index"] == "market"]
    assert market and market[0].status == NOT_REPRODUCED and f"= {p_east_better:.2f}" in market[0].figure


def test_first_time_in_the_top_30_needs_the_previous_edition(reference, published):
    """苏州、湖州、梧州、烟台及儋州……首次进入前30名: decided only against the previous edition's ranks."""
    f, o = row(published, "首次进入前30名")
    assert o.status == NOT_COMPUTABLE and "上一版" in o.needs and "5/5 个在前 30 名" in o.figure
    ranks = reference[["composite", "endowment", "governance", "compensation", "market"]].copy()
    five = [c for c in ranks.index if cg.city_attributes().at[c, "name"] in ("苏州市", "湖州市", "梧州市", "烟台市", "儋州市")]
    before = ranks.copy()
    before.loc[five, "governance"] += 100           # outside the top 30 in the "previous" edition
    assert KINDS[f.kind].evaluate(f, published_edition(previous=before, previous_label="上一版")).status == REPRODUCED
    same = KINDS[f.kind].evaluate(f, published_edition(previous=ranks, previous_label="上一版"))
    assert same.status == NOT_REPRODUCED and "已在前 30 名" in same.figure


def _run(seed=3, province_effect=0.0):
    """A scoring run's view: random scores, governance driven by province when ``province_effect`` > 0."""
    attrs = cg.city_attributes()
    rng = np.random.default_rng(seed)
    s = pd.DataFrame(rng.uniform(0, 100, (len(attrs), 4)), index=attrs.index, columns=list(cg.DOMAINS))
    effect = attrs["province"].map({p: rng.uniform(0, 100) for p in attrs["province"].unique()})
    s["governance"] = (1 - province_effect) * s["governance"] + province_effect * effect
    s["cemi"] = cg.contributions(s).sum(axis=1)
    scores = cg.with_ranks(s)
    ranks = pd.DataFrame({n: scores[f"rank_{n}"].astype(float) for n in ("cemi", *cg.DOMAINS)})
    inputs = ReportInputs(s, pilot=pd.Series(False, index=attrs.index), source="test run")
    return run_edition(inputs, ranks, s[["cemi", *cg.DOMAINS]], {}, 99, 1)


def test_on_a_run_the_score_statements_are_decided():
    findings = [f for f in load_ledger() if f.kind in ("variance_share", "correlation", "province_tiers",
                                                         "domain_weights", "leaf_counts")]
    gov = next(f for f in findings if f.kind == "variance_share" and f.params["index"] == "governance")
    assert KINDS[gov.kind].evaluate(gov, _run(province_effect=0.9)).status == REPRODUCED
    assert KINDS[gov.kind].evaluate(gov, _run(province_effect=0.0)).status == NOT_REPRODUCED
    out = dict(zip([f.id for f in findings], evaluate(findings, _run())))
    assert all(o.status != NOT_COMPUTABLE for o in out.values()), out
    corr = next(o for f, o in zip(findings, out.values()) if f.kind == "correlation")
    assert "Pearson r" in corr.figure and "按得分" in corr.figure
    weights = next(o for f, o in zip(findings, out.values()) if f.kind == "domain_weights")
    assert weights.status == REPRODUCED     # the model files' weights are the published ones


@pytest.mark.parametrize("line,message", [
    ("X1,四,原文,no_such_kind,,", "unknown kind 'no_such_kind'"),
    ("X1,四,原文,top_group_count,index=composite; n=20,", "needs the parameter(s) group, op, value"),
    ("X1,四,原文,top_group_count,index=composite; n=20; group=zone:东南; op=eq; value=8,", "no zone named '东南'"),
    ("X1,四,原文,top_group_count,index=composite; n=20; group=东部; op=eq; value=8,", "must be kind:name"),
    ("X1,四,原文,city_rank,index=composite; city=南平府; op=eq; value=1,", "南平府"),
    ("X1,四,原文,city_rank,index=综合; city=南平; op=eq; value=1,", "unknown index '综合'"),
    ("X1,四,原文,city_rank,index=composite; city=南平; op=equals; value=1,", "op must be one of eq"),
    ("X1,四,原文,city_count,value 339,", "is not key=value"),
    ("X1,四,原文,city_count,value=339", "5 cells; expected 6"),
])
def test_a_bad_ledger_row_names_file_and_line(tmp_path, line, message):
    p = tmp_path / "statements.csv"
    p.write_text("# 核对表\n# 指南：docs/zh/findings.md\nid,section,quote,kind,params,note\n"
                 "X0,三,原文,city_count,value=339,\n" + line + "\n", "utf-8")
    with pytest.raises(TextmineError, match=re.escape(f"{p}:5") + ".*" + re.escape(message)):
        load_ledger(p)


def test_duplicate_ids_and_a_missing_header_are_refused(tmp_path):
    p = tmp_path / "s.csv"
    p.write_text("id,section,quote,kind,params,note\nX0,三,原文,city_count,value=339,\nX0,三,原文,city_count,value=339,\n",
                 "utf-8")
    with pytest.raises(TextmineError, match=r"s.csv:3: id 'X0' is empty or used twice"):
        load_ledger(p)
    p.write_text("id,quote\n", "utf-8")
    with pytest.raises(TextmineError, match="must be the header id,section,quote,kind,params,note"):
        load_ledger(p)


def test_cli_findings_on_the_published_ranks_against_a_previous_edition(cli, reference, tmp_path):
    """`textmine findings --against FILE`: the previous edition's appendix decides “首次进入前30名”."""
    prev = reference[["composite", "endowment", "governance", "compensation", "market"]].copy()
    five = reference["name"].isin(["苏州市", "湖州市", "梧州市", "烟台市", "儋州市"])
    prev.loc[five, "governance"] += 100
    csv_path = tmp_path / "appendix_2023.csv"
    prev.rename(columns=lambda c: f"{c}_rank").assign(city=reference["name"]).to_csv(csv_path, index=False)
    r = cli("findings", "--published-only", "--against", csv_path, "--permutations", "99", "--format", "csv")
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0] == ",".join(PUBLISHED_KEYS)       # English keys (i18n: same in both languages)
    rows = list(csv.DictReader(io.StringIO(r.output)))
    statuses = [row["published_status"] for row in rows]
    assert len(rows) >= 25 and set(statuses) == {REPRODUCED, NOT_REPRODUCED, NOT_COMPUTABLE}
    first_time = next(row for row in rows if "首次进入前30名" in row["quote"])
    assert first_time["published_status"] == REPRODUCED and "已在前 30 名：无" in first_time["published_figure"]
    assert cli("findings", "--published-only", "--run", "1").exit_code == 2


PUBLISHED_KEYS = ("id", "section", "quote", "test", "published_figure", "published_status", "published_needs")
CJK = re.compile(r"[\u3400-\u9fff]")


def test_cli_findings_speaks_the_users_language_and_its_csv_keeps_the_keys(cli, monkeypatch):
    """The table's title, headers, status words and summary in the user's language; CSV/JSON keys English in both."""
    monkeypatch.setenv("TEXTMINE_LANG", "zh")
    zh = cli("findings", "--published-only", "--permutations", "99")
    assert zh.exit_code == 0, zh.output
    head = next(line for line in zh.output.splitlines() if "编号" in line)
    assert "检验（textmine 的操作化）" in head and "已发布排名：状态" in head
    assert "已发布报告的结论核对（--format csv 给出全部列）" in zh.output and "✓ 重现" in zh.output
    zh_sum = re.search(r"已发布排名（按排名）：✓ (\d+) 重现，✗ (\d+) 未重现，— (\d+) 不可计算", zh.output)
    assert zh_sum and "published_status" not in zh.output and "reproduced" not in zh.output
    zh_json = json.loads(cli("findings", "--published-only", "--permutations", "99", "--format", "json").output)
    assert tuple(zh_json[0]) == PUBLISHED_KEYS and {r["published_status"] for r in zh_json} <= {"✓", "✗", "—"}
    monkeypatch.setenv("TEXTMINE_LANG", "en")
    en = cli("findings", "--published-only", "--permutations", "99")
    assert en.exit_code == 0, en.output
    lines = en.output.splitlines()
    head = next(line for line in lines if "published_status" in line)
    title = next(line for line in lines if "Findings of the published report checked" in line)
    en_sum = re.search(r"the published ranks \(on ranks\): ✓ (\d+) reproduced, ✗ (\d+) not reproduced, — (\d+) "
                       r"not computable", en.output)
    assert " id " in head and " test " in head and en_sum and not CJK.search(head + title + en_sum.group(0))
    assert "✓ reproduced" in en.output and "✓ 重现" not in en.output
    assert en_sum.groups() == zh_sum.groups()
    n = [sum(r["published_status"] == s for r in zh_json) for s in (REPRODUCED, NOT_REPRODUCED, NOT_COMPUTABLE)]
    assert list(map(int, en_sum.groups())) == n


@pytest.mark.slow
def test_cli_findings_on_a_scoring_run_says_which_run(home_copy, cli, monkeypatch):
    """A run's columns carry its id and synthetic flag in CSV; the tables name it in the user's language."""
    r = cli("findings", "--permutations", "99", "--format", "csv")
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert tuple(rows[0]) == PUBLISHED_KEYS + ("run_id", "run_synthetic", "run_figure", "run_status", "run_needs")
    (run_id,) = {row["run_id"] for row in rows}
    assert run_id.isdigit() and {row["run_synthetic"] for row in rows} == {"True"}     # the sample run is synthetic
    n = [sum(row["run_status"] == s for row in rows) for s in (REPRODUCED, NOT_REPRODUCED, NOT_COMPUTABLE)]
    en = cli("findings", "--permutations", "99").output
    assert "run_status" in en and f"scoring run #{run_id} (SYNTHETIC data): ✓ {n[0]} reproduced, ✗ {n[1]} not " \
        f"reproduced, — {n[2]} not computable" in en
    monkeypatch.setenv("TEXTMINE_LANG", "zh")
    zh = cli("findings", "--permutations", "99").output
    assert f"评分运行 #{run_id}（合成数据 SYNTHETIC）：状态" in zh and "run_status" not in zh
    assert f"评分运行 #{run_id}（合成数据 SYNTHETIC）：✓ {n[0]} 重现，✗ {n[1]} 未重现，— {n[2]} 不可计算" in zh
