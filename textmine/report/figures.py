"""Shared matplotlib set-up for the charts: inline SVG whose text stays text.

Charts are saved as SVG with ``svg.fonttype = 'none'``: every title, tick label and legend
entry is an SVG ``<text>`` element, and the reader's browser draws it with the page's CJK font
stack (`CJK_FONT_STACK`, in the report's CSS). The machine that builds the report needs no
CJK font. If it has one, matplotlib measures the text with it (exact layout); if not, it
measures with DejaVu Sans, and the "Glyph … missing" warnings that would raise are silenced
because no glyph is drawn here.
"""
from __future__ import annotations

import io
import re
import warnings
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

# What the reader's browser draws the text with (macOS, Windows, Linux, then any sans-serif).
CJK_FONT_STACK = ("PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
                  "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "SimHei", "sans-serif")
# Fonts matplotlib may measure CJK text with at build time, when installed.
MEASURING_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Micro Hei",
                   "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", "SimHei")
_MISSING_GLYPH = r"Glyph \d+ .*missing from (current )?font"
# matplotlib's element ids that nothing refers to (figure_1, patch_3, …): dropped so the page has no duplicates
_UNUSED_ID = re.compile(r' id="(?:figure|axes|patch|line2d|text|legend|xtick|ytick|matplotlib\.axis|'
                        r'PolyCollection|LineCollection|PathCollection|BarContainer|Line2D|QuadMesh)_\d+"')


@lru_cache(maxsize=1)
def measuring_font() -> str | None:
    """The first installed CJK font to measure text with, or None (then DejaVu Sans measures; nothing is drawn here)."""
    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((n for n in MEASURING_FONTS if n in names), None)


def style() -> None:
    font = measuring_font()
    plt.rcParams.update({
        "svg.fonttype": "none",
        "font.family": "sans-serif",
        "font.sans-serif": ([font] if font else []) + ["DejaVu Sans"],
        "axes.unicode_minus": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
    })


def to_svg(fig, key: str) -> str:
    """The figure as inline SVG markup (no XML prolog, no metadata), ids unique to ``key`` and stable."""
    buf = io.StringIO()
    with warnings.catch_warnings(), plt.rc_context({"svg.hashsalt": key}):
        warnings.filterwarnings("ignore", message=_MISSING_GLYPH, category=UserWarning)
        # the tight box measured once with Agg's renderer (same fonts): bbox_inches="tight" would write the SVG twice
        tight = fig.get_tightbbox(fig.canvas.get_renderer()).padded(0.1)
        fig.savefig(buf, format="svg", bbox_inches=tight, facecolor="white", metadata={"Date": None})
    plt.close(fig)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r'\s*<style type="text/css">.*?</style>', "", svg, flags=re.S)  # a page-wide rule; in the CSS
    svg = _UNUSED_ID.sub("", svg)
    svg = re.sub(r">\s+<", "><", svg)
    return svg.strip().replace("<svg ", f'<svg class="chart" id="svg-{key}" role="img" ', 1)
