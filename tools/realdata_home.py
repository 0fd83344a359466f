"""Data homes holding the real government texts of ../shared/realdata, for measuring and tuning the lexicons.

    python tools/realdata_home.py HOME              # the measured texts: ingest, parse and count (token mode)
    python tools/realdata_home.py HOME --tuning     # the tuning texts instead

Two sets of texts, kept apart (docs/lexicon.md, *Measured precision*): the lexicons of 2026.3 were edited on the
**tuning** texts and measured on the **measured** texts, which share no document with them.

Measured (`measured_texts`), the texts the 2026 refresh counts and their closest kin:
- the 十五五 outlines of 北京, 上海, 广州, 杭州, 南京, 苏州 and 深圳 (plans/, the complete copy of each: the .txt
  files of 上海, 广州, 杭州 and 深圳 stop mid-sentence, so their .html pages are taken; plans/SOURCES.md), ingested as
  what they are: kind `plan`, period 十五五, plan type outline, under their city (`--kind plan --period 十五五`);
- the 31 provincial 2026 government work reports (gwr_provincial_2026/*.csv, column full_text), kind `policy`:
  the registry holds prefecture-level cities, not provinces, so a provincial report is filed under the seat of
  the provincial government (the four municipalities are themselves); the title says whose report it is.

Tuning (`tuning_texts`), the same genres and years without any measured document: the national 十五五 outline,
the 合肥 十五五 建议, the 2026 work reports of 广州, 杭州, 合肥, 南京, 深圳 and 苏州 (cities: not the provincial
reports) and of the State Council, the national 十四五 建议 and the 2018 一号文件 (plans/); the city work reports of
2021–2024 and the 42 local regulations and rules of notices/ (not its copies of the 北京 and 广州 十五五 outlines nor of
the 深圳 2026 report); the national work reports of 2016–2025 (gwr_national/). All of kind `policy`.

Texts that are not files of an accepted format (the provincial CSV rows, the national JSON lines, .md files) are
written as UTF-8 .txt (exactly the source text, so their SHA-256, and with it every hit id, is the same on every
machine) into HOME/realdata-txt/ and ingested from there; the others are ingested from ../shared itself.
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_REALDATA = ROOT.parent / "shared" / "realdata"

#: Seat of each provincial government (the city a provincial text is filed under).
CAPITALS = {
    "上海市": "上海市", "云南省": "昆明市", "内蒙古自治区": "呼和浩特市", "北京市": "北京市", "吉林省": "长春市",
    "四川省": "成都市", "天津市": "天津市", "宁夏回族自治区": "银川市", "安徽省": "合肥市", "山东省": "济南市",
    "山西省": "太原市", "广东省": "广州市", "广西壮族自治区": "南宁市", "新疆维吾尔自治区": "乌鲁木齐市",
    "江苏省": "南京市", "江西省": "南昌市", "河北省": "石家庄市", "河南省": "郑州市", "浙江省": "杭州市",
    "海南省": "海口市", "湖北省": "武汉市", "湖南省": "长沙市", "甘肃省": "兰州市", "福建省": "福州市",
    "西藏自治区": "拉萨市", "贵州省": "贵阳市", "辽宁省": "沈阳市", "重庆市": "重庆市", "陕西省": "西安市",
    "青海省": "西宁市", "黑龙江省": "哈尔滨市",
}
#: The complete copy of each city's 十五五 outline in plans/ (plans/SOURCES.md: the other copies are truncated).
OUTLINES = {
    "十五五纲要_北京市.txt": "北京市", "十五五纲要_上海市.html": "上海市", "十五五纲要_广州市.html": "广州市",
    "十五五纲要_杭州市.html": "杭州市", "十五五纲要_南京市.txt": "南京市", "十五五纲要_苏州市.txt": "苏州市",
    "十五五纲要_深圳市_读特转载.html": "深圳市",
}
#: Tuning texts of plans/ and the city they are filed under.
TUNING_PLANS = {
    "十五五纲要_全国_新华社.md": "北京市", "建议_十五五_合肥市委.html": "合肥市", "政府工作报告_2026_广州市.html": "广州市",
    "政府工作报告_2026_杭州市.txt": "杭州市", "政府工作报告_2026_合肥市.txt": "合肥市",
    "政府工作报告_2026_南京市.html": "南京市", "政府工作报告_2026_深圳市.html": "深圳市",
    "政府工作报告_2026_苏州市.html": "苏州市", "政府工作报告_2026_全国_最高检转载.html": "北京市",
    "建议_十四五_中共中央_原文件名十四五.txt": "北京市", "其他_2018中央一号文件_乡村振兴战略意见.txt": "北京市",
}
#: notices/ files that are copies of measured texts (never tuning texts).
MEASURED_COPIES = ("北京市_十五五规划纲要_2026.txt", "广州市_十五五规划纲要_2026.html", "深圳市_政府工作报告_2026.html")
#: notices/ file-name prefixes that are not cities of the registry, and the city they are filed under.
NOTICE_CITIES = {"浙江省": "杭州市", "景宁畲族自治县": "丽水市"}
TUNING_NATIONAL_YEARS = range(2016, 2026)


def measured_texts(realdata: Path = SHARED_REALDATA) -> list[dict]:
    """[{name, city, kind, title, year, period, path | text}] of the measured texts, in a fixed order."""
    out = [{"name": Path(f).stem, "city": city, "kind": "plan", "title": None, "year": 2026, "period": "十五五",
            "path": realdata / "plans" / f} for f, city in OUTLINES.items()]
    csv.field_size_limit(1 << 30)
    for f in sorted((realdata / "gwr_provincial_2026").glob("2026_*.csv")):
        province = f.stem.split("_")[1]
        with open(f, encoding="utf-8-sig", newline="") as fh:
            for r in csv.DictReader(fh):
                out.append({"name": f"gwr2026_{province}", "city": CAPITALS[province], "kind": "policy",
                            "title": f"2026年{province}政府工作报告", "year": 2026, "text": r["full_text"]})
    return out


def tuning_texts(realdata: Path = SHARED_REALDATA) -> list[dict]:
    """[{name, city, kind, title, year, path | text}] of the tuning texts, in a fixed order."""
    out = []
    for f, city in TUNING_PLANS.items():
        p = realdata / "plans" / f
        item = {"name": p.stem, "city": city, "kind": "policy", "title": p.stem, "year": None}
        out.append({**item, "text": p.read_text("utf-8")} if p.suffix == ".md" else {**item, "path": p})
    for p in sorted((realdata / "notices").iterdir()):
        if not any(w in p.name for w in ("条例", "规定", "政府工作报告")) or p.name in MEASURED_COPIES:
            continue
        city = NOTICE_CITIES.get(p.name.split("_")[0], p.name.split("_")[0])
        item = {"name": p.stem, "city": city, "kind": "policy", "title": p.stem, "year": None}
        out.append({**item, "text": p.read_text("utf-8")} if p.suffix == ".md" else {**item, "path": p})
    for line in (realdata / "gwr_national" / "government_work_reports_1954_2025.jsonl").read_text("utf-8").splitlines():
        d = json.loads(line) if line.strip() else {}
        if d.get("year") and int(d["year"]) in TUNING_NATIONAL_YEARS and d.get("content"):
            out.append({"name": f"gwr_national_{d['year']}", "city": "北京市", "kind": "policy",
                        "title": d.get("title") or f"{d['year']}年国务院政府工作报告", "year": int(d["year"]),
                        "text": d["content"]})
    return out


def build_realdata_home(home: str | Path, realdata: Path = SHARED_REALDATA, *, tuning: bool = False,
                        modes=("token",)):
    """Ingest, parse and count the measured texts (or the tuning texts) into the data home `home` (idempotent:
    a second call adds and parses nothing). Returns the open Store."""
    from textmine.ingest import ingest
    from textmine.count import count_modes
    from textmine.editions import refresh_editions
    from textmine.parse import parse_corpus
    from textmine.store import Store

    home = Path(home)
    folder = home / "realdata-txt"
    folder.mkdir(parents=True, exist_ok=True)
    store = Store(home)
    for t in (tuning_texts if tuning else measured_texts)(realdata):
        path = t.get("path")
        if path is None:
            path = folder / f"{t['name']}.txt"
            data = t["text"].encode("utf-8")
            if not path.is_file() or path.read_bytes() != data:
                path.write_bytes(data)
        extra = {"period": t["period"], "plan_type": "outline"} if t["kind"] == "plan" else {}
        ingest(store, [path], city=t["city"], kind=t["kind"], title=t["title"], year=t["year"], parse=False, **extra)
    parse_corpus(store, then=refresh_editions)
    count_modes(store, modes)
    return store


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    args = [a for a in sys.argv[1:] if a != "--tuning"]
    if len(args) != 1:
        raise SystemExit(__doc__)
    s = build_realdata_home(args[0], tuning="--tuning" in sys.argv)
    rows = s.conn.execute("SELECT d.kind, COUNT(DISTINCT d.id), COUNT(h.rowid) FROM documents d LEFT JOIN hits h "
                          "ON h.document_id = d.id AND h.mode = 'token' GROUP BY d.kind").fetchall()
    print(f"{args[0]}: " + "; ".join(f"{n} {k} documents, {h} token-mode hits" for k, n, h in rows))
