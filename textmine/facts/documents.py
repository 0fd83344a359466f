"""The facts documents of a city: which they are, the data year each describes, and their paragraphs.

The data year is read from the document's own words, not from when it was published: the 20XX年 nearest
before a phrase of its kind (2025年…统计公报, 关于2025年预算执行情况…, 2024年…决算) in the head of its text,
else in the title an HTML page gives (a PDF's metadata title is often a template's and is not read), else in
the title it was ingested with, else the year it was ingested with (said so: ``year_from = given``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..places import Gazetteer
from ..store import Store
from ..store import facts as store_facts
from .layout import Paragraph, paragraphs
from .markers import YEAR
from .model import DocInfo
from .rules import KINDS, FactRules

HEAD_CHARS = 1000
_AND = set("及和与、")
_NOISE = re.compile(r"^(?:[-—–_\s]*\d{1,4}[-—–_\s]*|第\s*\d+\s*页.*|\d+\s*/\s*\d+|https?://\S+.*|"
                    r"\d{4}/\d{1,2}/\d{1,2}\s+\d{1,2}:\d\d.*)$")


@dataclass
class FactDocument:
    info: DocInfo
    format: str
    sha256: str
    pages: list[tuple[int, str]]

    def paragraphs(self) -> list[Paragraph]:
        clean = [(n, "\n".join(x for x in t.split("\n") if not _NOISE.match(x.strip()))) for n, t in self.pages]
        return paragraphs(clean, wrapped=self.format in ("pdf", "txt"))   # a .txt is often a PDF's text


def data_year(rules: FactRules, kind: str, texts: list[tuple[str, str]]) -> tuple[int | None, str, str]:
    """(year, where, the title words it was read from) from [(where, text)] in order of trust."""
    words = rules.kinds[kind].year_before if kind in rules.kinds else ()
    for where, text in texts:
        flat = "".join((text or "").split())
        for w in words:
            for m in re.finditer(re.escape(w), flat):
                years = [y for y in YEAR.finditer(flat[max(0, m.start() - 40):m.start()]) if not y.group(2)]
                if years:
                    start = max(0, m.start() - 40, max((flat.rfind(c, 0, years[-1].start() + max(0, m.start() - 40))
                                                        for c in "。：:"), default=-1) + 1)
                    after = flat[m.end() - 2:m.end() + 40]
                    tail = re.search(r"报告|公报", after) or re.search(r"说明|情况|表", after)
                    end = m.end() - 2 + tail.end() if tail else m.end()
                    return int(years[-1].group(1)), where, flat[start:end]
    return None, "none", ""


def issuer(gazetteer: Gazetteer, title: str, city_code: str) -> tuple[str, str]:
    """(whose, name) a document's title words say it is: city (its own name, or no government named),
    county (关于楚雄市2025年…: a county-level unit of the city), other_city or province (2024年度福建省…)."""
    found = gazetteer.find(title)
    for kind in ("city", "county", "city_other", "province"):
        for m in found:
            own = city_code in m.codes
            if kind == "city" and m.kind == "city" and own:
                return "city", m.text
            if kind == "county" and m.kind == "county" and own:
                return "county", m.text
            if kind == "city_other" and m.kind in ("city", "county") and not own:
                return "other_city", m.text
            if kind == "province" and m.kind == "province":
                return "province", m.text
    return "city", ""


def title_scope(rules: FactRules, head: str) -> str:
    """The scope a document's head gives every figure no marker speaks for: own_level for a report on the
    city government's own budget only (关于成都市2023年市级决算的报告), city for a whole-city one, else ''."""
    flat = "".join(head.split())
    m = rules.markers
    levels = [flat[i - 1:i] for w in m["own_level"] for i in _starts(flat, w)]
    own = any(c not in _AND for c in levels)
    city = any(w in flat for w in m["city"]) or any(c in _AND for c in levels if c)   # 杭州市及市本级
    return "own_level" if own and not city else "city" if city and not own else ""


def _starts(text: str, word: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(word), text)]


def city_documents(store: Store, rules: FactRules, city_code: str, gazetteer: Gazetteer | None = None
                   ) -> tuple[list[FactDocument], list[dict]]:
    """The city's parsed documents of the facts kinds, and those that could not be read (with why)."""
    gazetteer = gazetteer or Gazetteer({})
    docs, unread = [], []
    rows = store_facts.city_documents(store.conn, city_code, KINDS)
    for r in rows:
        if r["status"] is None or r["status"] == "failed":
            why = "not parsed yet (`textmine parse`)" if r["status"] is None else f"parse failed: {r['warnings']}"
            unread.append({"document_id": r["id"], "kind": r["kind"], "title": r["title"], "why": why})
            continue
        pages = store_facts.readable_pages(store.conn, r["id"])
        if not any(t.strip() for _, t in pages):
            unread.append({"document_id": r["id"], "kind": r["kind"], "title": r["title"],
                           "why": "no text (a scan? `textmine parse --ocr`)"})
            continue
        head = "\n".join(t for _, t in pages)[:HEAD_CHARS]
        sources = [("head", head)]
        if r["format"] == "html" and r["parsed_title"]:
            sources.append(("title", r["parsed_title"]))
        sources.append(("title", r["title"] or ""))
        year, where, title_words = data_year(rules, r["kind"], sources)
        if year is None and r["year"]:
            year, where = int(r["year"]), "given"
        whose, whose_name = issuer(gazetteer, title_words, city_code)
        kind = rules.kinds[r["kind"]]
        shown_title = r["title"] or ""
        if r["format"] == "html" and r["parsed_title"]:
            shown_title = r["parsed_title"]
        elif where == "head" and shown_title == Path(r["source"]).stem:   # ingested without a title
            shown_title = title_words
        first = [x for x in (pages[0][1] if pages else "").split("\n") if x.strip()][:3]
        title_lines = " ".join(first + ([r["parsed_title"]] if r["format"] == "html" and r["parsed_title"] else []))
        scope = kind.scope or title_scope(rules, title_lines)
        info = DocInfo(r["id"], r["kind"], shown_title, r["url"] or "", r["source"], year, where, scope,
                       kind.stage, head[:300], whose, whose_name)
        docs.append(FactDocument(info, r["format"], r["sha256"], pages))
    return docs, unread
