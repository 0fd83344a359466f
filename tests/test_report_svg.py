"""Figures read on any machine: inline SVG whose text is text (no glyph drawn as a path or a raster), a CSS CJK
font stack, and a build that needs no CJK font and warns about none."""
from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from textmine.report.analysis import analyse
from textmine.report.figures import CJK_FONT_STACK

HAN = re.compile(r"[\u4e00-\u9fff]")
# glyph outlines as matplotlib writes them with svg.fonttype 'path' (<path id="DejaVuSans-4e2d" …>, <use xlink:href=…>)
GLYPH_DEF = re.compile(r'<path id="(?!c\d{6}")[^"]*-[0-9a-f]{2,}"')


def svg_texts(svg: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)]


@pytest.fixture(scope="module")
def analysis():
    from test_report_build import synthetic_inputs

    return analyse(synthetic_inputs(3), permutations=99)


def test_every_figure_keeps_its_chinese_text_as_svg_text(analysis):
    assert len(analysis.figures) >= 30
    for key, (title, svg) in analysis.figures.items():
        assert svg.startswith("<svg ") and svg.endswith("</svg>"), key
        assert "<image" not in svg and "data:" not in svg, key          # no raster
        assert not GLYPH_DEF.search(svg) and "xlink:href=\"#DejaVu" not in svg, key  # no glyph outlines
        texts = " ".join(svg_texts(svg))
        assert HAN.search(texts), key
        assert title.split("（")[0][:6] in texts, (key, title)         # the title is in the figure, as text
    # legends: the domain names of the stacked bars, the LISA classes, the classification of the maps
    assert "市场化价值实现" in svg_texts(analysis.figures["chart_regions"][1])
    assert any("高-高" in t for t in svg_texts(analysis.figures["map_lisa"][1]))
    assert any("分位数分级" in t for t in svg_texts(analysis.figures["map_cemi"][1]))


def test_ids_are_unique_across_the_page(analysis):
    """All figures live in one HTML page: an id repeated across two SVGs would point url(#…) at the wrong one."""
    ids = [i for _, svg in analysis.figures.values() for i in re.findall(r' id="([^"]+)"', svg)]
    assert len(ids) == len(set(ids))


def test_css_font_stack_draws_the_text(analysis, tmp_path):
    from textmine.report.html import render_html

    html = render_html(analysis)
    css = html[html.index("<style>"): html.index("</style>")]
    stack = re.search(r"figure svg text \{ font-family: ([^;]+) !important; \}", css).group(1)
    for font in ("PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei"):
        assert f'"{font}"' in stack
    assert stack.endswith("sans-serif") and len(CJK_FONT_STACK) >= 5
    assert "&#34;" not in css  # the stack is not HTML-escaped inside <style>


NO_CJK_BUILD = textwrap.dedent("""
    import sys, warnings
    from matplotlib import font_manager as fm
    from matplotlib.ft2font import FT2Font

    def has_han(path):
        try:
            return ord("生") in FT2Font(path).get_charmap()
        except Exception:
            return False

    # matplotlib sees no font with Chinese glyphs, as on a machine without fonts-noto-cjk
    fm.fontManager.ttflist = [f for f in fm.fontManager.ttflist if not has_han(f.fname)]
    fm.fontManager._findfont_cached.cache_clear()
    sys.path.insert(0, sys.argv[2])
    from textmine.report.build import write_report
    from textmine.report.figures import measuring_font
    from test_report_build import synthetic_inputs

    assert measuring_font() is None, measuring_font()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        files = write_report(synthetic_inputs(2), sys.argv[1], permutations=99)
    font_warnings = [str(w.message) for w in caught
                     if any(k in str(w.message) for k in ("font", "Font", "Glyph", "glyph"))]
    print("FONT WARNINGS:", font_warnings)
    print("BYTES:", files.html_bytes)
""")


@pytest.mark.slow
def test_build_without_any_cjk_font_succeeds_without_font_warnings(tmp_path):
    tests = Path(__file__).resolve().parent
    r = subprocess.run([sys.executable, "-c", NO_CJK_BUILD, str(tmp_path), str(tests)], capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    assert "FONT WARNINGS: []" in r.stdout, r.stdout + r.stderr[-2000:]
    assert "findfont" not in r.stderr and "Glyph" not in r.stderr
    html = (tmp_path / "cemi_report.html").read_text("utf-8")
    assert "七大区域综合指数构成</text>" in html  # the chart titles are there, as text for the browser to draw
