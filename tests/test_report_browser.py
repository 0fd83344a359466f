"""The HTML report in headless Chromium, offline: no console errors, maps and charts drawn, sorting works."""
from __future__ import annotations

import re
import shutil
import subprocess

import numpy as np
import pytest

from textmine.report.build import write_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="needs Debian packages chromium and chromium-driver (installed by .ci/run)")


def cjk_fonts_installed() -> bool:
    fc = shutil.which("fc-list")
    return bool(fc and subprocess.run([fc, ":lang=zh", "family"], capture_output=True, text=True).stdout.strip())

# Per figure: the inline SVG's drawn size, its shapes, its colours and its text (what the browser draws as text).
FIGURE_STATS_JS = """
return Array.from(document.querySelectorAll('figure')).map(function (fig) {
  var svg = fig.querySelector('svg'), r = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
  var fills = {};
  if (svg) {
    svg.querySelectorAll('[fill], path, rect, use').forEach(function (e) {
      var f = getComputedStyle(e).fill; if (f && f !== 'none') { fills[f] = 1; }
    });
  }
  var texts = svg ? Array.from(svg.querySelectorAll('text')) : [];
  var cities = svg ? new Set(Array.from(svg.querySelectorAll('use')).map(function (u) { return u.getAttribute('href'); }))
                   : new Set();
  return {id: fig.id, w: r.width, h: r.height, uses: cities.size,
          shapes: svg ? svg.querySelectorAll('path, rect, use').length : 0, colours: Object.keys(fills).length,
          text: texts.map(function (t) { return t.textContent; }).join(' '),
          drawn: texts.filter(function (t) { return t.getComputedTextLength() > 0; }).length, texts: texts.length,
          rasters: fig.querySelectorAll('img, image, canvas, foreignObject').length};
});
"""
HAN = re.compile(r"[\u4e00-\u9fff]")
CJK_FAMILY = re.compile(r"CJK|Han|WenQuanYi|Hei|Ming|PingFang|YaHei|Song|Kai|Droid Sans Fallback", re.I)

COLUMN_JS = """
var t = document.getElementById(arguments[0]), col = arguments[1];
return Array.from(t.tBodies[0].rows).map(function (r) { return r.cells[col].getAttribute('data-v'); });
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from test_report_build import synthetic_inputs

    out = tmp_path_factory.mktemp("browser")
    return write_report(synthetic_inputs(5), out, audit=lambda c: f"<html><body>{c}</body></html>", permutations=99)


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    opts = Options()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-default-apps", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--window-size=1366,1000", "--force-device-scale-factor=1"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(60)
    # the network is off: anything the page tried to fetch from a server would fail and be logged
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                           {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    yield driver
    driver.quit()


@pytest.mark.slow
def test_report_in_headless_chromium(report, browser, tmp_path):
    import json

    from PIL import Image

    browser.get(report.html.as_uri())
    assert browser.execute_script("return document.readyState") == "complete"
    assert "SYNTHETIC" in browser.title
    banner = browser.find_element("id", "synthetic-banner")
    assert banner.is_displayed() and banner.rect["y"] < 300  # on the first screen

    # no console errors, and no request other than the file itself and data: URIs
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    urls = set()
    for entry in browser.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg["method"] == "Network.requestWillBeSent":
            urls.add(msg["params"]["request"]["url"].split(":", 1)[0])
    assert urls <= {"file", "data"}, urls

    # maps and charts: inline SVG, drawn, not blank, their text drawn as text (no image, canvas or glyph outline)
    stats = {f["id"]: f for f in browser.execute_script(FIGURE_STATS_JS)}
    for key in ("fig-map_cemi", "fig-map_endowment", "fig-map_governance", "fig-map_compensation", "fig-map_market",
                "fig-map_lisa", "fig-map_pair", "fig-map_l1_C2", "fig-chart_regions", "fig-chart_zones",
                "fig-chart_basins", "fig-chart_provinces", "fig-chart_pilots", "fig-chart_pilot_structure",
                "fig-chart_top_n", "fig-chart_yesno_basins", "fig-chart_intervals"):
        f = stats[key]
        assert f["w"] > 300 and f["h"] > 200 and f["rasters"] == 0, f
        assert f["colours"] >= 3 and f["shapes"] > 10, f
        assert HAN.search(f["text"]) and f["drawn"] == f["texts"] > 3, f
        if key.startswith("fig-map_"):
            assert f["uses"] == 339 and f["colours"] >= 5, f  # every city drawn from the shared outlines, classed
    assert "七大区域综合指数构成" in stats["fig-chart_regions"]["text"]
    assert "市场化价值实现" in stats["fig-chart_regions"]["text"]           # a legend entry
    assert "高-高 (HH)" in stats["fig-map_lisa"]["text"]                      # the map legend
    assert all(f["rasters"] == 0 for f in stats.values())

    # sorting the appendix table: composite score ascending, then descending; city names by pinyin order
    headers = browser.find_elements("css selector", "#tbl-appendix1 th")
    labels = [h.text for h in headers]
    col = labels.index("综合指数")
    before = browser.execute_script(COLUMN_JS, "tbl-appendix1", col)
    assert [float(v) for v in before] == sorted((float(v) for v in before), reverse=True)  # rank order
    browser.execute_script("arguments[0].scrollIntoView()", headers[col])
    headers[col].click()
    asc = [float(v) for v in browser.execute_script(COLUMN_JS, "tbl-appendix1", col)]
    assert asc == sorted(asc) and len(asc) == 339
    headers[col].click()
    desc = [float(v) for v in browser.execute_script(COLUMN_JS, "tbl-appendix1", col)]
    assert desc == sorted(desc, reverse=True)
    assert headers[col].get_attribute("aria-sort") == "descending"
    rank_col = labels.index("综合指数排名")
    headers[rank_col].click()
    ranks = [int(float(v)) for v in browser.execute_script(COLUMN_JS, "tbl-appendix1", rank_col)]
    assert ranks[0] == 1 and ranks == sorted(ranks)

    # the first screen shows the composite map: screenshot, crop the map's box, look for colour
    browser.execute_script("window.scrollTo(0, 0)")
    path = tmp_path / "report_first_screen.png"
    assert browser.save_screenshot(str(path))
    print(f"\nreport screenshot: {path}")
    shot = Image.open(path).convert("RGB")
    box = browser.execute_script("var r = document.querySelector('#fig-map_cemi svg').getBoundingClientRect();"
                                 "return [r.left, r.top, r.right, Math.min(r.bottom, window.innerHeight)];")
    assert box[1] < shot.height - 200, "the composite map is not on the first screen"
    crop = shot.crop(tuple(int(v) for v in box))
    px = np.asarray(crop, dtype=int).reshape(-1, 3)
    green = (px[:, 1] > px[:, 0] + 15) & (px[:, 1] > px[:, 2])  # the YlGn classes
    assert green.mean() > 0.1


def test_chinese_text_is_drawn_with_a_cjk_font(report, browser, tmp_path):
    """With CJK fonts installed (Debian fonts-noto-cjk), Chromium draws the chart and map text with one of them:
    the titles and legends read in Chinese, not as boxes."""
    if not cjk_fonts_installed():
        pytest.skip("no CJK font installed (fc-list :lang=zh is empty); install fonts-noto-cjk")
    browser.get(report.html.as_uri())
    browser.execute_cdp_cmd("DOM.enable", {})
    browser.execute_cdp_cmd("CSS.enable", {})
    root = browser.execute_cdp_cmd("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    for selector in ("#svg-chart_regions > g text:last-of-type", "#svg-map_cemi text.title",
                     "#svg-map_lisa .legend text", "#svg-chart_top_n text"):
        ids = browser.execute_cdp_cmd("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]
        assert ids, selector
        used = []
        for node in ids:
            used += browser.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        assert any(CJK_FAMILY.search(f["familyName"]) and f["glyphCount"] > 0 for f in used), (selector, used)
    chart = browser.find_element("id", "fig-chart_regions")
    browser.execute_script("arguments[0].scrollIntoView()", chart)
    path = tmp_path / "chart_regions.png"
    assert chart.screenshot(str(path))
    print(f"\nchart screenshot: {path}")
