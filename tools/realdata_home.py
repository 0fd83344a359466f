"""A data home holding the real government texts of ../shared/realdata, for measuring the lexicons' precision.

    python tools/realdata_home.py HOME            # ingest, parse and count (token mode) into HOME

What is ingested, and as what (every text is a `policy` document: none of them is a five-year plan, so
none enters a planning indicator; their hits are stored for `textmine audit sample --kind policy`):
- the 31 provincial 2026 government work reports (gwr_provincial_2026/*.csv, column full_text): the
  registry holds prefecture-level cities, not provinces, so a provincial report is filed under the city
  that is the seat of the provincial government (its capital; the four municipalities are themselves);
  the title says it is the province's report (2026年云南省政府工作报告);
- the 52 national government work reports 1954–2025 (gwr_national/*.jsonl, rows with a year), filed under
  北京市, the seat of the State Council, titled as in the file (the 20 rows without a year are the NPC's
  short resolutions approving a report, not reports, and are left out);
- the 5 policy documents (policy_docs_txt/*.txt) under the city or provincial capital that issued them.
Each text is written as UTF-8 .txt (exactly the text of the source, so its SHA-256, and with it every hit
id, is the same on every machine) into HOME/realdata-txt/ and ingested from there.
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
#: The issuing city (or provincial capital) of each policy document, by the file name's prefix.
POLICY_CITIES = {"aba": "阿坝藏族羌族自治州", "anhui": "合肥市", "baotou": "包头市", "beijing": "北京市"}


def realdata_texts(realdata: Path = SHARED_REALDATA) -> list[dict]:
    """[{name, city, title, year, text}] in a fixed order."""
    csv.field_size_limit(1 << 30)
    out = []
    for f in sorted((realdata / "gwr_provincial_2026").glob("2026_*.csv")):
        province = f.stem.split("_")[1]
        with open(f, encoding="utf-8-sig", newline="") as fh:
            for r in csv.DictReader(fh):
                out.append({"name": f"gwr2026_{province}", "city": CAPITALS[province],
                            "title": f"2026年{province}政府工作报告", "year": 2026, "text": r["full_text"]})
    for f in sorted((realdata / "gwr_national").glob("*.jsonl")):
        for line in f.read_text("utf-8").splitlines():
            d = json.loads(line) if line.strip() else {}
            if d.get("year") and d.get("content"):
                out.append({"name": f"gwr_national_{d['year']}", "city": "北京市",
                            "title": d.get("title") or f"{d['year']}年国务院政府工作报告", "year": int(d["year"]),
                            "text": d["content"]})
    for f in sorted((realdata / "policy_docs_txt").glob("*.txt")):
        year = next((int(p) for p in f.stem.split("_") if p.isdigit() and len(p) == 4), None)
        out.append({"name": f.stem, "city": POLICY_CITIES[f.stem.split("_")[0]], "title": f.stem, "year": year,
                    "text": f.read_text("utf-8")})
    return out


def build_realdata_home(home: str | Path, realdata: Path = SHARED_REALDATA, *, modes=("token",)):
    """Ingest, parse and count the real texts into the data home `home` (idempotent: a second call adds and
    parses nothing). Returns the open Store."""
    from textmine.ingest import ingest
    from textmine.count import count_corpus
    from textmine.parse import parse_corpus
    from textmine.store import Store

    home = Path(home)
    folder = home / "realdata-txt"
    folder.mkdir(parents=True, exist_ok=True)
    store = Store(home)
    for t in realdata_texts(realdata):
        path = folder / f"{t['name']}.txt"
        data = t["text"].encode("utf-8")
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
        ingest(store, [path], city=t["city"], kind="policy", title=t["title"], year=t["year"])
    parse_corpus(store)
    for mode in modes:
        count_corpus(store, mode)
    return store


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    s = build_realdata_home(sys.argv[1])
    n = s.conn.execute("SELECT COUNT(*) FROM documents WHERE kind='policy'").fetchone()[0]
    h = s.conn.execute("SELECT COUNT(*) FROM hits WHERE mode='token'").fetchone()[0]
    print(f"{sys.argv[1]}: {n} policy documents, {h} token-mode hits")
