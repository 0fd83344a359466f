"""Shared matplotlib set-up for maps and charts: Agg backend, a CJK font, PNG as data URI."""
from __future__ import annotations

import base64
import io
import warnings
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK JP", "Source Han Sans SC",
             "WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei", "PingFang SC")
DPI = 110


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The first installed CJK font (Debian: fonts-noto-cjk); None when there is none."""
    names = {f.name for f in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in names:
            return name
    warnings.warn("no CJK font found (install fonts-noto-cjk): Chinese labels in charts will not render")
    return None


def style() -> None:
    font = cjk_font()
    plt.rcParams.update({
        "font.family": "sans-serif",
        "font.sans-serif": ([font] if font else []) + ["DejaVu Sans"],
        "axes.unicode_minus": False,
        "figure.dpi": DPI,
        "savefig.dpi": DPI,
        "axes.spines.top": False,
        "axes.spines.right": False,
    })


def to_data_uri(fig) -> str:
    """Render a figure as PNG and return a data: URI (the report embeds every figure)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", facecolor="white")
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
