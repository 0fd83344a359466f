"""The real documents the yes/no evidence is measured on, filed under their cities as a crawl finds them.

    python tools/evidence_realdata.py HOME        # ingest and parse them into the data home HOME

What is read (``../shared/realdata``, each folder's SOURCES.md gives the provenance):
- ``notices/`` (69): city 地方性法规, work reports, budget and 决算 reports, statistical bulletins, two
  十五五 outlines; a provincial text is filed under the provincial capital, a county's under its city;
- ``stats/`` (96): budget-execution and 决算 reports, 2025 statistical bulletins (the image-only 张家界
  scan is kept: it is a document a crawl meets, and it says nothing);
- ``plans/``: the 2026 government work reports of cities and of 浙江省 (under 杭州), and the two
  bulletins of the look-alike set;
- ``gwr_provincial_2026/`` (31): the provinces' 2026 work reports, under their capitals (written as UTF-8
  .txt, exactly the text of the CSV cell, into HOME/realdata-txt/).
Byte-identical copies (the same file in two folders) are ingested once (the store keeps one record per
city, kind and hash). Every document is ingested as kind ``policy`` with its file name as title; the
genre the evidence rules give it is read from its title and first lines (``genre`` is what the folder's
index says, to measure that reading).

The held-out cities (``held_out``) were chosen before any rule was tuned on these documents: every
city whose MD5 of the UTF-8 name, read as a number, is 0, 1 or 2 modulo 10 (about 30 %).

A second blind set (``blind_documents``) holds the documents of ``plans/`` not read above: the 十五五
outlines of 上海, 南京, 杭州, 苏州 and 深圳 (with their truncated text copies and a reprint), the 十五五
建议 of the 合肥 and 长春 Party committees, news, a 解读 and two broken pages of 合肥, the national
outline, 建议 and No. 1 document (filed under 北京, the seat of the State Council, as a crawl finds
them), and a bulletin page that only links its attachment. Its labels were written after the rules
were frozen (commit 0c78310) and before the rules were run on it.
"""
from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_REALDATA = ROOT.parent / "shared" / "realdata"
sys.path.insert(0, str(ROOT / "tools"))
from realdata_home import CAPITALS  # noqa: E402

NOTICE_GENRES = {"条例": "regulation", "规定": "regulation", "政府工作报告": "work_report", "预算报告": "budget",
                 "预算执行报告": "budget", "决算报告": "budget", "统计公报": "bulletin", "十五五规划纲要": "outline"}
STATS_GENRES = {"communique": "bulletin", "budget": "budget", "final_accounts": "budget"}
PLAN_FILES = {"work_report": "work_report"}
PLAN_BULLETINS = ("其他_统计公报_2025_巴音郭楞州_国信转载_GB2312.html", "其他_统计公报_2025_湘西州.pdf")


def stored_name(d: dict) -> str:
    """The file name a document is ingested from (a work report of gwr_provincial_2026 is written out as
    HOME/realdata-txt/gwr2026_<province>.txt)."""
    return f"{d['name']}.txt" if "text" in d else Path(d["file"]).name


def held_out(city: str) -> bool:
    """The held-out cities: fixed before tuning, by the MD5 of the city's name."""
    return int(hashlib.md5(city.encode("utf-8")).hexdigest(), 16) % 10 < 3


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def realdata_documents(realdata: Path = SHARED_REALDATA) -> list[dict]:
    """[{file, city, genre, year, level, text?}] in a fixed order; ``file`` relative to ``realdata``."""
    out: list[dict] = []
    for r in _rows(realdata / "notices" / "index.csv"):
        city = r["city"] or CAPITALS[r["province"]]
        out.append({"file": f"notices/{r['file']}", "city": city, "genre": NOTICE_GENRES[r["doctype"]],
                    "year": int(r["year"]), "level": r["issuer_level"]})
    for r in _rows(realdata / "stats" / "index.csv"):
        out.append({"file": f"stats/{r['file']}", "city": r["city"], "genre": STATS_GENRES[r["kind"]],
                    "year": int(r["year"]), "level": "city"})
    for r in _rows(realdata / "plans" / "index.csv"):
        if r["kind"] == "work_report" and r["issuer_level"] in ("city", "province"):
            city = r["city"] or CAPITALS[r["province"]]
            out.append({"file": f"plans/{r['file']}", "city": city, "genre": "work_report",
                        "year": int(r["period"]), "level": r["issuer_level"]})
        elif r["file"] in PLAN_BULLETINS:
            out.append({"file": f"plans/{r['file']}", "city": r["city"], "genre": "bulletin",
                        "year": int(r["period"]), "level": "city"})
    csv.field_size_limit(1 << 30)
    for f in sorted((realdata / "gwr_provincial_2026").glob("2026_*.csv")):
        province = f.stem.split("_")[1]
        for r in _rows(f):
            level = "city" if CAPITALS[province] == province else "province"
            out.append({"file": f"gwr_provincial_2026/{f.name}", "city": CAPITALS[province], "genre": "work_report",
                        "year": 2026, "level": level, "text": r["full_text"], "name": f"gwr2026_{province}"})
    return out


BLIND_KINDS = {"outline": "outline", "建议": "proposal", "other": "other"}
SEEN_COPIES = {"plans/十五五纲要_广州市.txt"}   # a text copy of notices/广州市_十五五规划纲要_2026.html (read above)


def blind_documents(realdata: Path = SHARED_REALDATA) -> list[dict]:
    """The second blind set: the documents of plans/ that ``realdata_documents`` does not read."""
    used = {d["file"] for d in realdata_documents(realdata)}
    hashes = {hashlib.sha256((realdata / d["file"]).read_bytes()).hexdigest()
              for d in realdata_documents(realdata) if "text" not in d}
    out = []
    for r in _rows(realdata / "plans" / "index.csv"):
        f = f"plans/{r['file']}"
        if f in used or f in SEEN_COPIES or r["kind"] not in BLIND_KINDS or r["issuer_level"] not in ("city", "national"):
            continue
        if hashlib.sha256((realdata / f).read_bytes()).hexdigest() in hashes:
            continue                      # the same bytes are already in the first sets
        city = r["city"] or "北京市"
        year = int(r["period"]) if r["period"].isdigit() else {"十四五": 2021, "十五五": 2026}[r["period"]]
        out.append({"file": f, "city": city, "genre": BLIND_KINDS[r["kind"]], "year": year,
                    "level": r["issuer_level"]})
    return out


def build_evidence_home(home: str | Path, realdata: Path = SHARED_REALDATA, documents: list[dict] | None = None):
    """Ingest and parse the documents (default: ``realdata_documents``) into the data home ``home``
    (idempotent). Returns the open Store."""
    from textmine.ingest import ingest
    from textmine.editions import refresh_editions
    from textmine.parse import parse_corpus
    from textmine.store import Store

    home = Path(home)
    folder = home / "realdata-txt"
    folder.mkdir(parents=True, exist_ok=True)
    store = Store(home)
    for d in documents if documents is not None else realdata_documents(realdata):
        if "text" in d:
            path = folder / f"{d['name']}.txt"
            data = d["text"].encode("utf-8")
            if not path.is_file() or path.read_bytes() != data:
                path.write_bytes(data)
            title = path.stem
        else:
            path = realdata / d["file"]
            title = None
        ingest(store, [path], city=d["city"], kind="policy", title=title, year=d["year"])
    parse_corpus(store, workers=1, then=refresh_editions)
    return store


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    s = build_evidence_home(sys.argv[1])
    n = s.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    print(f"{sys.argv[1]}: {n} documents")
