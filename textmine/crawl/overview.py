"""What the sources say per city, and what the last crawls found there (`textmine sources list / status`).

    source_rows(sources)              per city: portal, news source (column, home column, adapter, none),
                                      policy library, plan entries, verified, and where they came from
    status_rows(store, sources)       the same with the last crawl of each kind: news items found, the
                                      column read, whether the listing was complete, each period's outline
                                      (counted, found, not found and why), open errors
    provenance(store, sources)        how many cities' G02 and G05–G08 rest on verified source entries
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from ..store import Store
from ..store import crawl as store_crawl
from ..store import documents as store_documents
from ..store import news as store_news
from ..store import runs as store_runs
from .sources import CitySource, Sources
from .walk import city_names
from ..editions import select_outlines
from ..count.news import count_news
from ..reference import reference

LIST_COLUMNS = ["city", "code", "province", "portal", "news_source", "news_url", "policy", "plans", "verified",
                "origin"]
STATUS_COLUMNS = ["city", "code", "verified", "news_source", "news_crawl", "news_items", "news_column",
                  "outline_十五五", "outline_十四五", "errors"]


def news_kind(cs: CitySource) -> str:
    return cs.news.kind_label if cs.news is not None else "none"


def _news_url(cs: CitySource) -> str:
    if cs.news is None:
        return ""
    if cs.news.find:
        short = city_names(cs.city)[-1]
        return f"{cs.portal}/ (home page: " + "、".join(w.replace("{city}", short) for w in cs.news.find[:3]) + " …)"
    if cs.news.kind == "list":
        return cs.news.page_url(cs.portal, 1, "")
    return f"{cs.news.name}: {cs.news.url}"


def _plans(cs: CitySource) -> str:
    out = []
    for p in cs.plans:
        if p.pinned:
            how = "pinned " + (p.article_url or p.attachment_url)
        else:
            how = " + ".join([f"search {p.search}"] * bool(p.search) + [f"list {x}" for x in p.list])
        out.append(f"{p.period}: {how}")
    return "; ".join(out)


def source_rows(sources: Sources) -> list[dict]:
    rows = []
    for cs in sources.cities.values():
        why = [f"news: {cs.origin['news']['why']}"] if cs.origin.get("news", {}).get("why") else []
        why += [f"policy: {cs.origin['policy']['why']}"] if cs.origin.get("policy", {}).get("why") else []
        rows.append({"city": cs.city.name, "code": cs.city.code, "province": cs.city.province, "portal": cs.portal,
                     "news_source": news_kind(cs), "news_url": _news_url(cs),
                     "policy": cs.policy.page_url(cs.portal, 1, "") if cs.policy is not None else "",
                     "plans": _plans(cs), "verified": "yes" if cs.verified else "no",
                     "origin": "; ".join(why) or ("public portal list" if cs.origin else "by hand")})
    return rows


def _last_tasks(store: Store, kind: str) -> dict[str, dict]:
    """city code → the latest crawl task of a kind: status, date and its summary (what was read where)."""
    out = {}
    for r in store_crawl.tasks_of_kind(store.conn, kind):
        out[r["city_code"]] = {"status": r["status"], "at": r["at"], **json.loads(r["summary"] or "{}")}
    return out


def _outlines(store: Store, period: str) -> dict[str, str]:
    """city code → what the store holds for the period: the counted outline, or documents not decided yet."""
    out: dict[str, str] = {}
    try:
        sel = select_outlines(store, period)
    except Exception as exc:  # noqa: BLE001 - the decision module is another stage's; say why it is missing
        return {"*": f"outline decision unavailable: {exc}"}
    for d in sel.decisions:
        if d.status == "counted":
            out[d.city_code] = f"counted #{d.document_id} ({d.plan_type}{', DRAFT' if d.draft else ''})"
    for d in sel.decisions:
        if d.city_code not in out:
            out[d.city_code] = f"found #{d.document_id}, {d.status}: {d.reason}"
    return out


def _outline_cell(code: str, period: str, stored: dict, plans_task: dict | None, cs: CitySource) -> str:
    if code in stored:
        return stored[code]
    if not any(p.period == period for p in cs.plans):
        return "no entry"
    info = ((plans_task or {}).get("plans") or {}).get(period)
    if plans_task is None or info is None:
        return "not searched yet"
    listed = info.get("listed") or {}
    where = "; ".join(f"{k} {v['items']} items/{v['pages']} pages" for k, v in listed.items())
    cands = info.get("candidates") or []
    if info.get("documents"):
        return f"found {info['documents']} document(s), not parsed yet: run `textmine parse`"
    rejected = "; ".join(f"{c['title']} ({c['why']})" for c in cands[:2])
    return f"NOT FOUND ({where or 'nothing listed'})" + (f"; rejected: {rejected}" if rejected else "")


def status_rows(store: Store, sources: Sources) -> list[dict]:
    news, plans = _last_tasks(store, "news"), _last_tasks(store, "plans")
    items = store_news.items_per_city(store.conn)
    errors: dict[str, list[str]] = {}
    for r in store_runs.open_crawl_failures(store.conn):
        errors.setdefault(r["city_code"], []).append(f"{r['source']}: {r['reason']}")
    outlines = {p: _outlines(store, p) for p in ("十五五", "十四五")}
    rows = []
    for cs in sources.cities.values():
        code = cs.city.code
        t = news.get(code)
        n = (t or {}).get("news") or {}
        crawl = "never"
        if t is not None:
            crawl = f"{t['at'][:10]} {t['status']}" + ({True: ", complete", False: ", INCOMPLETE"}.get(n.get("complete"), ""))
        errs = errors.get(code, [])
        rows.append({"city": cs.city.name, "code": code, "verified": "yes" if cs.verified else "no",
                     "news_source": news_kind(cs), "news_crawl": crawl, "news_items": items.get(code, 0) if t else None,
                     "news_column": n.get("column") or "",
                     **{f"outline_{p}": _outline_cell(code, p, outlines[p], plans.get(code), cs) for p in outlines},
                     "errors": (f"{len(errs)}: {errs[0]}" if errs else "")})
    return rows


@dataclass
class Provenance:
    """How many cities' figures rest on verified source entries (what `sources status` ends with)."""

    cities: int
    verified: int
    news_kinds: Counter
    policy: int
    plan_entries: dict[str, int]
    g02: dict = field(default_factory=dict)       # what, cities, verified, unverified
    planning: dict = field(default_factory=dict)  # what, cities, verified, unverified, ingested
    outline_search: dict = field(default_factory=dict)   # period → found / not found / not searched

    def lines(self) -> list[str]:
        kinds = ", ".join(f"{k} {self.news_kinds.get(k, 0)}" for k in ("column", "home column", "adapter", "none"))
        out = [f"{self.cities} cities, {self.verified} verified; news source: {kinds}; policy library {self.policy}; "
               + "; ".join(f"{p} outline entries {n}" for p, n in self.plan_entries.items())]
        g = self.g02
        out.append(f"G02 ({g['what']}): {g['cities']} cities with a count, {g['verified']} from verified source "
                   f"entries, {g['unverified']} from unverified ones")
        g = self.planning
        out.append(f"G05–G08 ({g['what']}): {g['cities']} cities with a counted outline, {g['verified']} crawled from "
                   f"verified source entries, {g['unverified']} crawled from unverified ones, {g['ingested']} ingested "
                   f"by hand")
        for period, c in self.outline_search.items():
            out.append(f"{period} outline: counted or found for {c['found']} cities, NOT FOUND for {c['not_found']}, "
                       f"not searched yet for {c['not_searched']}")
        return out


def provenance(store: Store, sources: Sources, rows: list[dict] | None = None) -> Provenance:
    ref = reference()
    verified = {c for c, cs in sources.cities.items() if cs.verified}
    news = count_news(store, None, ref.since, ref.until)
    counted = {c for c, v in news.counts.items() if v == v}
    sel = select_outlines(store, ref.period)
    origin = store_documents.origins(store.conn, "plan")
    planned = {c: d for c, d in sel.counted.items()}
    crawled = {c for c, d in planned.items() if origin.get(d.document_id) == "crawl"}
    rows = rows if rows is not None else status_rows(store, sources)
    search = {}
    for period in ("十五五", "十四五"):
        cells = [r[f"outline_{period}"] for r in rows]
        search[period] = {"found": sum(c.startswith(("counted", "found")) for c in cells),
                          "not_found": sum(c.startswith("NOT FOUND") for c in cells),
                          "not_searched": sum(c == "not searched yet" for c in cells)}
    return Provenance(
        cities=len(sources.cities), verified=len(verified),
        news_kinds=Counter(news_kind(cs) for cs in sources.cities.values()),
        policy=sum(cs.policy is not None for cs in sources.cities.values()),
        plan_entries={p: sum(any(x.period == p for x in cs.plans) for cs in sources.cities.values())
                      for p in ("十五五", "十四五")},
        g02={"what": news.describe(), "cities": len(counted), "verified": len(counted & verified),
             "unverified": len(counted - verified)},
        planning={"what": f"{ref.period} outlines", "cities": len(planned), "verified": len(crawled & verified),
                  "unverified": len(crawled - verified), "ingested": len(set(planned) - crawled)},
        outline_search=search)
