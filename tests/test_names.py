"""Messages name leaves, indicator nodes, cities and lexicon categories with their Chinese names (issue 18),
read from the data files (textmine.names), never written in Python."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

from textmine.errors import TextmineError, UnknownCityError
from textmine.lexicon import LexiconError, check_category
from textmine.names import category_label, city_label, indicator_label
from textmine.registry import resolve_city
from textmine.resources import data_path


def test_labels_from_the_shipped_files():
    assert indicator_label("E01") == "E01 耕地总面积"
    assert indicator_label("E1") == "E1 生态资源存量"
    assert indicator_label("endowment") == "endowment 生态资源禀赋"
    assert indicator_label("X99") == "X99"                          # unknown: the code as it is
    assert city_label("331100") == "丽水市 (331100)" == city_label(resolve_city("丽水"))
    assert city_label("999999") == "999999"
    assert category_label("theme") == "theme（生态资产管理主题词）"
    assert category_label("news") == "news（生态产品价值实现资讯检索词）"


def _root_copy(tmp_path):
    root = tmp_path / "root"
    for folder in ("lexicons", "scoring", "corpora"):
        shutil.copytree(data_path(folder), root / folder)
    return root


def test_names_come_from_the_data_files_of_the_data_root(tmp_path, monkeypatch):
    root = _root_copy(tmp_path)
    leaves = root / "scoring" / "indicators.csv"
    leaves.write_text(leaves.read_text("utf-8").replace("E01,E1.1,耕地总面积,", "E01,E1.1,耕地面积（测试）,"), "utf-8")
    theme = root / "lexicons" / "theme.txt"
    theme.write_text(theme.read_text("utf-8").replace("# name: 生态资产管理主题词", "# name: 主题词（测试）"), "utf-8")
    monkeypatch.setenv("TEXTMINE_ROOT", str(root))
    assert indicator_label("E01") == "E01 耕地面积（测试）"
    assert category_label("theme") == "theme（主题词（测试））"
    with pytest.raises(LexiconError, match=r"choose one of theme（主题词（测试））, resource（生态资源相关词汇）"):
        check_category("ecology")


def test_unknown_lexicon_category_lists_the_categories_with_their_names(cli):
    r = cli("lexicon", "add", "ecology", "生态")
    assert r.exit_code == 2 and "theme（生态资产管理主题词）" in r.output and "market（市场配置相关词汇）" in r.output
    r = cli("audit", "sample", "--category", "ecology")
    assert r.exit_code == 2 and "policy（政策引导相关词汇）" in r.output
    from textmine.lexicon import load_lexicon

    with pytest.raises(LexiconError, match=r"unknown lexicon category 'ecology'; choose one of theme（生态资产管理主题词）"):
        load_lexicon("ecology")


def test_an_ambiguous_or_unknown_city_lists_candidates_with_their_codes():
    with pytest.raises(UnknownCityError) as exc:
        resolve_city("丽")
    assert "丽水市 (331100)" in str(exc.value) and "丽江市 (530700)" in str(exc.value)
    assert "丽水市" in exc.value.candidates                     # the names themselves, for callers
    with pytest.raises(UnknownCityError) as exc:
        resolve_city("丽水县城")
    assert "(331100)" in str(exc.value)


def test_a_bad_workbook_cell_names_the_leaf(cli, tmp_path):
    wb = tmp_path / "wb.csv"
    wb.write_text("city,E01,E02\n丽水,abc,120\n", "utf-8")
    r = cli("validate", wb, "--format", "csv")
    assert "B (E01 耕地总面积)" in r.output and "'abc' is not a number" in r.output
    assert "C (E02 耕地占行政区面积比重)" in r.output
    assert "missing column E03 林地总面积" in r.output


def test_a_plausibility_failure_names_the_leaf_and_the_city():
    from textmine.scoring import load_model
    from textmine.scoring.plausibility import check_plausibility

    model = load_model()
    values = pd.DataFrame({"E01": [1e12, 100.0, 120.0], "E10": [105.0, 1.0, 2.0]},
                          index=pd.Index(["331100", "350700", "330500"], name="city_code"))
    found = {f.leaves[0]: f.message for f in check_plausibility(values, model) if f.kind == "error"}
    assert "E01 耕地总面积 = 1e+12 km² is more than the area of 丽水市 (331100)" in found["E01"]
    assert found["E10"].startswith("E10 耕地面积增长率 = 105 % is outside the plausible")


def _model_copy(tmp_path):
    root = tmp_path / "scoring"
    shutil.copytree(data_path("scoring"), root)
    return root


def test_a_missing_weight_names_the_node_and_the_child(tmp_path):
    from textmine.scoring import load_model

    root = _model_copy(tmp_path)
    weights = root / "weights.csv"
    lines = weights.read_text("utf-8").splitlines(keepends=True)
    weights.write_text("".join(l for l in lines if not l.startswith("E1,E1.5,")), "utf-8")
    with pytest.raises(TextmineError, match=r"weights.csv: node E1 生态资源存量 has no weight for E1.5 \w+"):
        load_model(root)


def test_a_wrong_weight_row_reports_its_line_in_the_file(tmp_path):
    """The file opens with `#` header lines: the line named is the file's line, not the table's row."""
    from textmine.scoring import load_model

    root = _model_copy(tmp_path)
    weights = root / "weights.csv"
    lines = weights.read_text("utf-8").splitlines(keepends=True)
    n = next(i for i, l in enumerate(lines, 1) if l.startswith("cemi,market,"))
    lines[n - 1] = lines[n - 1].replace("cemi,market,", "cemi,E01,")
    weights.write_text("".join(lines), "utf-8")
    with pytest.raises(TextmineError, match=rf"weights.csv:{n}: 'E01' is not a child of cemi 生态资产管理综合指数 "
                                            r"\(children: endowment 生态资源禀赋"):
        load_model(root)


def test_an_ahp_matrix_error_names_the_indicators(tmp_path):
    from textmine.scoring import load_model

    root = _model_copy(tmp_path)
    ahp = root / "ahp" / "endowment.csv"
    text = ahp.read_text("utf-8")
    ahp.write_text(text.replace("E2,1,1,2,3", "E2,1,1,5,3"), "utf-8")
    with pytest.raises(TextmineError, match=r"endowment.csv: not reciprocal: \(E2 \w+, E3 \w+\) = 5"):
        load_model(root)


def test_a_city_without_a_source_entry_or_an_outline_is_named(cli, tmp_path):
    from textmine.crawl.sources import load_sources

    src = tmp_path / "one.toml"
    src.write_text('[[city]]\nname = "南平市"\nportal = "https://www.np.gov.cn"\nnews = { platform = "trs_was5" }\n',
                   "utf-8")
    with pytest.raises(TextmineError, match=r"丽水市 \(331100\) has no entry in"):
        load_sources(src).select(["丽水"])
    r = cli("--home", tmp_path / "home", "audit", "北京")
    assert r.exit_code == 3 and "北京市 (110000) has no counted 十四五 outline" in r.output


def test_an_unknown_evidence_leaf_lists_the_leaves_with_their_names():
    from textmine.evidence.rules import load_rules

    with pytest.raises(TextmineError, match=r"rules exist for G01 是否建立生态产品价值实现专项领导小组, G12 "):
        load_rules().select(["X1"])
