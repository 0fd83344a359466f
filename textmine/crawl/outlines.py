"""Finding a period's outline on a portal: the items of the city's site search, policy library or news
column whose titles are written like the outline (corpora/sources/outline_titles.toml: 第十五个五年规划纲要,
“十五五”规划纲要, 2026—2030年 …), each classified by the editions rules (`textmine.editions.classifier`,
the decision the planning counts rest on) before anything is downloaded.

Only an outline (or, after all outlines, a draft) of the entry's period is followed, at most
``MAX_FOLLOWED`` of them, newest first; every candidate is kept with its period, plan type, what decided
them and why it was or was not followed (``CityOutcome.detail["plans"][period]``, shown by
`textmine sources status`). Which of the downloaded documents is the city's outline is decided later,
once parsed, by `textmine.editions.select_outlines`.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from urllib.parse import quote

from ..store import Store
from .fetcher import Fetcher, canonical_url
from .jobs import CityOutcome
from .sources import CitySource, PlanSource, host_allowed
from .titles import outline_queries
from .walk import home_column, walk_column
from ..editions import classify, load_rules

MAX_FOLLOWED = 3
FOLLOW_TYPES = ("outline", "draft")      # plan types of textmine.editions that may be the counted outline
SEARCH_PAGES = 5
WHERE = {"policy": "policy library", "news": "news column"}


@dataclass
class Candidate:
    title: str
    url: str
    date: str | None
    where: str               # site search, policy library, news column
    period: str | None       # as the editions rules read the title
    plan_type: str
    decided_by: str          # the words the editions decision rests on
    followed: bool = False
    why: str = ""


def _classify(title: str, cs: CitySource):
    return classify(title, "", load_rules(), city_code=cs.city.code)


def outline_candidates(store: Store, fetcher: Fetcher, cs: CitySource, plan: PlanSource,
                       out: CityOutcome) -> list[Candidate]:
    """Every listed item titled like the plan's outline, classified; the ones to follow marked."""
    first_year = load_rules().period(plan.period).years[0]
    stop_before = f"{first_year}-01-01"          # an outline is published in its period's first year or later
    seen: set[str] = set()
    cands: list[Candidate] = []
    listed: dict[str, dict] = {}

    def consider(items, where: str) -> None:
        for it in items:
            url = canonical_url(it.url)
            if url in seen or not plan.names_outline(it.title):
                continue
            seen.add(url)
            e = _classify(it.title, cs)
            c = Candidate(it.title, url, it.date, where, e.period, e.plan_type, e.note)
            if not host_allowed(url, cs.allowed_hosts):
                c.why = "on a host that is not allowed"
            elif e.period != plan.period:
                c.why = f"the editions rules read period {e.period or 'none'}, not {plan.period}"
            elif e.plan_type not in FOLLOW_TYPES:
                c.why = f"plan type {e.plan_type}: not the outline"
            elif e.owner not in ("city", "unknown"):
                c.why = f"issued by {e.owner_name or e.owner}, not the city"
            cands.append(c)

    if plan.search and cs.news is not None and cs.news.kind == "search":
        for q in [plan.search] + [x for x in outline_queries(plan.period) if x != plan.search]:
            n = pages = 0
            qenc = quote(q, encoding=cs.news.query_encoding)
            for _, items in walk_column(store, fetcher, cs, cs.news, out, query=qenc, max_pages=SEARCH_PAGES):
                pages, n = pages + 1, n + len(items)
                consider(items, "site search")
            listed[f"site search {q}"] = {"pages": pages, "items": n}
            if any(not c.why for c in cands):
                break
    for which in plan.list:
        platform = cs.policy if which == "policy" else cs.news
        if platform is None:
            continue
        first = None
        if platform.find:
            first = home_column(store, fetcher, cs, platform, out)
            if first is None:
                continue
        n = pages = 0
        queries = [quote(q, encoding=platform.query_encoding) for q in outline_queries(plan.period)] \
            if platform.kind == "search" else [""]
        for qenc in queries:
            for _, items in walk_column(store, fetcher, cs, platform, out, first_url=first, query=qenc,
                                        stop_before=stop_before, max_pages=plan.pages):
                pages, n = pages + 1, n + len(items)
                consider(items, WHERE[which])
        listed[WHERE[which]] = {"pages": pages, "items": n}
    _choose(cands)
    out.detail.setdefault("plans", {})[plan.period] = {
        "listed": listed, "candidates": [asdict(c) for c in cands],
        "followed": sum(c.followed for c in cands)}
    if not any(c.followed for c in cands):
        where = "; ".join(f"{k}: {v['items']} items on {v['pages']} page(s)" for k, v in listed.items()) or "nothing listed"
        rejected = f"; {len(cands)} title(s) like an outline, none of them the {plan.period} outline" if cands else ""
        out.failures.append((f"{plan.period} outline", f"no {plan.period} outline found ({where}{rejected})"))
    return cands


def _choose(cands: list[Candidate]) -> None:
    """Mark the candidates to follow: outlines before drafts, newest first, at most MAX_FOLLOWED."""
    ok = [c for c in cands if not c.why]
    ok.sort(key=lambda c: (FOLLOW_TYPES.index(c.plan_type), -int((c.date or "0").replace("-", "") or 0)))
    for i, c in enumerate(ok):
        if c.plan_type == "draft" and any(x.plan_type == "outline" for x in ok):
            c.why = "a draft, and an outline of the period was found"
        elif i >= MAX_FOLLOWED:
            c.why = f"more than {MAX_FOLLOWED} candidates: the newest were followed"
        else:
            c.followed, c.why = True, f"{c.plan_type} of {c.period} by the editions rules"
