"""The facts commands end to end on the 丽水 facts sample (corpora/sample/facts): ingest of the new document
kinds, `textmine facts` in each format (the CSV's columns are what other tools read), --figures with the
refused figures and their reasons, `facts rules` on the shipped and on broken rule files, and the store's
widened CHECKs (migration 0014)."""
from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from openpyxl import load_workbook

from facts_helpers import ROOT, SAMPLE
from textmine.facts.output import FIGURE_COLUMNS, PROPOSAL_COLUMNS

LEAVES = ["M01", "M02", "G09", "C03", "C04", "C05", "C06", "C07", "C08", "C09", "E27", "M08", "M09", "M11", "M12"]


@pytest.fixture
def sample_home(cli):
    for name, kind in (("lishui_communique_2025.html", "communique"), ("lishui_budget_2025.pdf", "budget")):
        out = cli("ingest", SAMPLE / name, "--city", "丽水", "--kind", kind, "--year", 2026)
        assert out.exit_code == 0 and f"[{kind}]" in out.output, out.output
    return cli


def test_facts_csv_has_one_row_per_city_leaf_and_year_with_its_source(sample_home):
    out = sample_home("facts", "--city", "丽水", "--format", "csv")
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert list(rows[0]) == PROPOSAL_COLUMNS
    assert [r["leaf"] for r in rows] == LEAVES
    assert {(r["city"], r["code"], r["year"]) for r in rows} == {("丽水市", "331100", "2025")}
    got = {r["leaf"]: r for r in rows}
    m01 = got["M01"]
    assert (m01["value"], m01["unit"], m01["kind"], m01["where"]) == ("187.36", "亿元", "communique", "p.1")
    assert m01["sentence"] == "全年农林牧渔业总产值187.36亿元，比上年增长3.9%；"
    assert m01["title"] == "丽水市2025年国民经济和社会发展统计公报"
    # a derived leaf shows its formula and every figure it took, each with its document and sentence
    g09 = got["G09"]
    assert g09["stated"] == "科学技术支出 18.46亿元 ÷ 一般公共预算支出 612.48亿元 × 100 = 3.014%"
    assert [s["stated"] for s in json.loads(g09["sources"])] == ["科学技术支出 18.46亿元", "一般公共预算支出 612.48亿元"]
    assert got["C08"]["value"] == "943.8291" and got["C08"]["unit"] == "元/人"
    assert all(r["rules_version"] == m01["rules_version"] != "" for r in rows)


def test_facts_json_and_table(sample_home):
    rows = json.loads(sample_home("facts", "--city", "丽水", "--leaf", "M01", "--format", "json").stdout)
    assert [(r["leaf"], r["value"], r["year"]) for r in rows] == [("M01", 187.36, 2025)]
    table = sample_home("facts", "--city", "丽水", "--leaf", "E27")
    assert table.exit_code == 0 and "1 proposal(s) for 1 city(ies)" in table.output
    assert "E27" in table.output and "186.4" in table.output and "亿立方米" in table.output


def test_figures_lists_the_refused_ones_with_their_reason(sample_home):
    out = sample_home("facts", "--city", "丽水", "--figures", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert list(rows[0]) == FIGURE_COLUMNS
    refused = {(r["figure"], r["reason"], r["stated"]) for r in rows if r["status"] == "refused"}
    assert ("agri_output", "county", "21.45亿元") in refused                  # a county's figure
    assert ("fiscal_revenue", "own_level", "45.12亿元") in refused             # 市本级
    assert ("fiscal_revenue", "year_other", "210亿元") in refused              # next year's budget
    assert ("fiscal_spending", "plan", "6,020,000万元") in refused             # the table's 预算数 column
    table = {(r["figure"], r["stated"], r["where"]) for r in rows if r["status"] == "accepted" and "table" in r["where"]}
    assert ("science_spending", "184,600万元", "p.1 table 1") in table         # the table's 执行数 column


def test_facts_refusals_of_the_command(sample_home, cli, tmp_path):
    out = cli("facts", "--leaf", "E19")
    assert out.exit_code == 3 and "E19 is not read from documents" in out.output
    out = cli("facts", "--format", "xlsx")
    assert out.exit_code == 3 and "--format xlsx needs --out" in out.output
    out = cli("facts", "--format", "xlsx", "--out", tmp_path / "review.xlsx")
    assert out.exit_code == 0 and "write 是 in its `accept` column" in out.output
    assert load_workbook(tmp_path / "review.xlsx").sheetnames == ["review", "figures", "about"]
    out = cli("facts", "--city", "南平")
    assert out.exit_code == 0 and "no communiqué, budget or 决算 report" in out.output


def test_ingest_refuses_an_unknown_kind(cli):
    out = cli("ingest", SAMPLE / "lishui_communique_2025.html", "--city", "丽水", "--kind", "bulletin")
    assert out.exit_code == 2 and "communique" in out.output and "water_bulletin" in out.output


def test_facts_rules_lists_the_shipped_rules(cli):
    out = cli("facts", "rules", "--format", "csv")
    assert out.exit_code == 0 and "ok: 16 leaves from 12 figures, 7 yearbook leaves not read" in out.output
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    by = {r["leaf"]: r for r in rows}
    assert by["G09"]["from"] == "(science_spending) / fiscal_spending" and "科学技术支出" in by["G09"]["phrases"]
    assert by["E19"]["from"].startswith("not read from documents")


BROKEN = [
    ('numerator = ["science_spending"]', 'numerator = ["science_spend"]', "G09 uses 'science_spend', which is no"),
    ('code = "M01"\nfigure = "agri_output"\nunit = "亿元"', 'code = "M01"\nfigure = "agri_output"\nunit = "万元"',
     "M01 unit '万元' is not the leaf's unit"),
    ('[kinds.water_bulletin]', '[kinds.bulletin]', "kind 'bulletin' is not a document kind"),
]


@pytest.mark.parametrize("old, new, message", BROKEN)
def test_a_broken_rules_file_is_reported_with_file_and_line(cli, tmp_path, old, new, message):
    path = tmp_path / "facts.toml"
    text = (ROOT / "scoring" / "facts.toml").read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    out = cli("facts", "rules", "--rules", path)
    assert out.exit_code == 3 and message in out.output
    line = next(ln for ln in out.output.splitlines() if message in ln)
    assert line.strip().startswith(f"{path}:") and line.strip().split(":")[1].isdigit()
    # the facts command refuses to run on it too, naming the same problem
    assert message in cli("facts", "--rules", path).output


def test_not_toml(cli, tmp_path):
    path = tmp_path / "facts.toml"
    shutil.copy(ROOT / "scoring" / "facts.toml", path)
    path.write_text(path.read_text("utf-8") + "\n[[leaf]\n", "utf-8")
    out = cli("facts", "rules", "--rules", path)
    assert out.exit_code == 3 and "not valid TOML" in out.output


def test_widened_checks_accept_the_facts_kinds_and_origin(store):
    with store.transaction():
        for i, kind in enumerate(("communique", "budget", "final_accounts", "water_bulletin")):
            store.add_document(city_code="331100", kind=kind, source=f"{kind}.pdf", format="pdf", sha256=str(i) * 64,
                               size=1)
        store.conn.execute("INSERT INTO crawl_jobs (kind, key, started_at) VALUES ('facts', 'k', 'now')")
        run = store.conn.execute("INSERT INTO score_runs (created_at, model_version, params, inputs_key) "
                                 "VALUES ('now', 'm', '{}', 'k')").lastrowid
        store.conn.execute("INSERT INTO leaf_values (run_id, city_code, leaf, raw, origin) VALUES "
                           "(?, '331100', 'M01', 187.36, 'document')", (run,))
    with pytest.raises(Exception, match="CHECK"):
        store.add_document(city_code="331100", kind="bulletin", source="x.pdf", format="pdf", sha256="f" * 64, size=1)
    with pytest.raises(Exception, match="CHECK"):
        store.conn.execute("INSERT INTO crawl_jobs (kind, key, started_at) VALUES ('statistics', 'k', 'now')")


def test_pdf_tables_keep_caption_headers_and_cells():
    from textmine.facts.tables import pdf_tables

    tables = pdf_tables((SAMPLE / "lishui_budget_2025.pdf").read_bytes())
    assert [(t.page, t.caption) for t in tables] == [
        (1, "附表1 2025年全市一般公共预算支出执行表\n单位：万元"), (1, "附表2 2025年市本级一般公共预算支出执行表\n单位：万元")]
    assert tables[0].header == ["项目", "2025年预算数", "2025年执行数", "为预算%"]
    assert tables[0].rows[1] == ["科学技术支出", "170,000", "184,600", "108.6"]


def test_tables_are_read_once_per_file(sample_home, home):
    from textmine.store import Store

    sample_home("facts", "--city", "丽水", "--format", "json")
    with Store(home) as store:
        first = [tuple(r) for r in store.conn.execute("SELECT sha256, extractor, read_at FROM fact_tables")]
    sample_home("facts", "--city", "丽水", "--format", "json")
    with Store(home) as store:
        assert [tuple(r) for r in store.conn.execute("SELECT sha256, extractor, read_at FROM fact_tables")] == first
    assert len(first) == 2          # one row per file (the HTML communiqué's: no table)
