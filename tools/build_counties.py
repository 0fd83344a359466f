"""Build corpora/counties.csv: the county-level units (县, 区, 县级市, 旗) of each of the 339 cities.

The evidence stage reads it to tell a county's act from its city's (武夷山市 is a county-level city of
南平市). Source: modood/Administrative-divisions-of-China, dist/areas.csv (2023 NBS division codes,
WTFPL), copied in ../shared/realdata/tables/adcode_counties_2023_modood.csv.

    python tools/build_counties.py ../shared/realdata/tables/adcode_counties_2023_modood.csv
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERIC = {"城区", "郊区", "矿区", "市辖区"}   # names shared by many cities and words of ordinary text


def main(source: str) -> None:
    with open(ROOT / "corpora" / "cities.csv", encoding="utf-8-sig", newline="") as fh:
        cities = list(csv.DictReader(fh))
    by_prefix = {c["code"][:4]: c["code"] for c in cities}
    municipal = {c["code"][:2]: c["code"] for c in cities if c["type"] == "直辖市"}
    rows = []
    with open(source, encoding="utf-8-sig", newline="") as fh:
        for r in csv.DictReader(fh):
            city = municipal.get(r["provinceCode"]) or by_prefix.get(r["cityCode"])
            name = r["name"].strip()
            if city is None or name in GENERIC or len(name) < 3:
                continue
            rows.append({"name": name, "code": r["code"], "city_code": city})
    out = ROOT / "corpora" / "counties.csv"
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["name", "code", "city_code"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {out}: {len(rows)} county-level units of {len({r['city_code'] for r in rows})} cities")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT.parent / "shared/realdata/tables/adcode_counties_2023_modood.csv"))
