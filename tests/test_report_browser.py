"""The HTML report in headless Chromium, offline: no console errors, maps and charts drawn, sorting works."""
from __future__ import annotations

import shutil

import numpy as np
import pytest

from textmine.report.build import write_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="needs Debian packages chromium and chromium-driver (installed by .ci/run)")

# Per image: is it loaded, and how much of it is not white (a blank PNG would be ~0).
IMAGE_STATS_JS = """
return Array.from(document.querySelectorAll('figure img')).map(function (img) {
  var c = document.createElement('canvas');
  c.width = img.naturalWidth; c.height = img.naturalHeight;
  var ctx = c.getContext('2d');
  ctx.drawImage(img, 0, 0);
  var d = ctx.getImageData(0, 0, c.width, c.height).data, ink = 0, colours = {};
  for (var i = 0; i < d.length; i += 4 * 7) {
    if (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235) { ink++; }
    colours[(d[i] >> 4) + ',' + (d[i + 1] >> 4) + ',' + (d[i + 2] >> 4)] = 1;
  }
  return {id: img.closest('figure').id, complete: img.complete, w: img.naturalWidth, h: img.naturalHeight,
          ink: ink / (d.length / (4 * 7)), colours: Object.keys(colours).length};
});
"""

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

    # maps and charts: present, loaded and not blank
    stats = {s["id"]: s for s in browser.execute_script(IMAGE_STATS_JS)}
    for key in ("fig-map_cemi", "fig-map_endowment", "fig-map_governance", "fig-map_compensation", "fig-map_market",
                "fig-map_lisa", "fig-chart_regions", "fig-chart_zones", "fig-chart_provinces", "fig-chart_pilots",
                "fig-chart_intervals"):
        s = stats[key]
        assert s["complete"] and s["w"] > 300 and s["h"] > 200, s
        assert s["ink"] > 0.05 and s["colours"] > 8, s
    assert stats["fig-map_cemi"]["ink"] > 0.2  # China covers much of the map

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
    box = browser.execute_script("var r = document.querySelector('#fig-map_cemi img').getBoundingClientRect();"
                                 "return [r.left, r.top, r.right, Math.min(r.bottom, window.innerHeight)];")
    assert box[1] < shot.height - 200, "the composite map is not on the first screen"
    crop = shot.crop(tuple(int(v) for v in box))
    px = np.asarray(crop, dtype=int).reshape(-1, 3)
    green = (px[:, 1] > px[:, 0] + 15) & (px[:, 1] > px[:, 2])  # the YlGn classes
    assert green.mean() > 0.1
