"""Audit: why does a city score what it scores? Per-term counts in both modes, then every hit in context."""
from __future__ import annotations

import html
from datetime import datetime, timezone

from ..errors import TextmineError
from ..lexicon import check_category, load_lexicons
from ..lexicon.categories import rank
from ..names import city_label
from ..registry import resolve_city
from ..store import Store
from ..store import documents as store_documents
from ..store import hits as store_hits
from .indicators import DEFAULT_MODE, counted_documents, planning_indicators
from .context import with_context
from .matchers import MODES, PageMatcher, View, build_automaton
from ..nametable import category_header, zh
from .scope import counted_texts
from .news import MODEL, judge_items
from .segment import segmenter
from .state import current_state

CONTEXT = 30


def _city(city) -> tuple[str, str]:
    c = resolve_city(city)
    return c.code, c.name


def _check(category: str | None) -> str | None:
    """The key of `category` (a key or a Chinese name), or None."""
    return check_category(category) if category else None


class ModeNotCounted(TextmineError):
    """The documents audited are not counted in the mode asked for (`textmine count` counts one mode)."""

    def __init__(self, message: str, mode: str, documents: list[int]):
        super().__init__(message)
        self.mode, self.documents = mode, documents


def check_term(store: Store, term: str, category: str | None = None) -> str:
    """`term` if a lexicon (of `category`, or any plan category) has it as a term or variant, or the store holds
    hits of it (a term since removed); else an error with the nearest terms — never an empty audit that looks
    like an answer."""
    import difflib

    lexicons = load_lexicons()
    known: dict[str, str] = {}
    for cat, lex in lexicons.items():
        if category and cat != category:
            continue
        for e in lex.entries:
            for v in (e.term, *e.variants):
                known.setdefault(v, f"{e.term} ({cat})" if v == e.term else f"{v} → {e.term} ({cat})")
    if term in known:
        return term
    if store_hits.has_hit_of(store.conn, term, category):
        return term
    near = difflib.get_close_matches(term, list(known), n=5, cutoff=0.5)
    near += [k for k in known if (term in k or k in term) and k not in near][:5 - len(near)]
    where = f"the {category} lexicon" if category else "any lexicon"
    raise TextmineError(f"{term!r} is not a term or variant of {where}, and no hit of it is stored: the audit would "
                        f"be empty without meaning 0"
                        + (f"; did you mean: {', '.join(known[k] for k in near)}?" if near else "")
                        + " (`textmine lexicon add CATEGORY TERM` adds a term)")


def modes_missing(store: Store, documents: list[int], modes) -> list[str]:
    """The modes among `modes` in which some of `documents` are not counted yet."""
    out = []
    for m in modes:
        done = store_hits.matched_documents(store.conn, m, documents)
        if set(documents) - done:
            out.append(m)
    return out


def audit_documents(store: Store, city, *, period: str | None = None, document: int | None = None) -> list[int]:
    """The documents `audit CITY` lists the hits of: the city's counted outline of `period`, or `document`."""
    code, name = _city(city)
    return _scope(store, code, name, period, document)[0]


def _scope(store: Store, code: str, name: str, period: str | None, document: int | None,
           selection=None) -> tuple[list[int], str]:
    """The documents whose hits are listed, and what that is in words: by default the one outline
    counted for the city in `period` (the model's by default; `selection`: the period's selection, when the
    caller has it); `document` names any one of its documents (a sectoral plan, a copy, another period)
    instead."""
    if document is not None:
        row = store_documents.document(store.conn, int(document))
        if row is None or row["city_code"] != code:
            raise TextmineError(f"document #{document} is not a document of {city_label(code)}; see "
                                f"`textmine documents list --city {code}`")
        if row["kind"] != "plan":
            raise TextmineError(f"document #{document} is a {row['kind']} document: only plans are counted")
        return [row["id"]], f"document #{row['id']} ({row['period'] or 'no period'} {row['plan_type'] or ''})"
    if selection is None:
        period, sel = counted_documents(store, period)
    else:
        period, sel = selection.period, selection
    d = sel.counted.get(code)
    if d is None:
        others = [x for x in sel.decisions if x.city_code == code]
        why = (f"its {period} plan documents are not counted ({'; '.join(f'#{x.document_id}: {x.reason}' for x in others)})"
               if others else f"no {period} outline for it in the corpus: its planning indicators for {period} are "
                              "missing (NaN), not 0")
        raise TextmineError(f"{city_label(code)} has no counted {period} outline: {why}")
    n = store_hits.matched_page_count(store.conn, d.document_id)
    if n == 0:
        raise TextmineError(f"{city_label(code)}: its {period} outline #{d.document_id} is not counted yet: run "
                            "`textmine count`")
    return [d.document_id], f"{period} outline #{d.document_id}" + (" (a DRAFT: no final outline)" if d.draft else "")


def term_table(store: Store, city, category: str | None = None, term: str | None = None, *,
               period: str | None = None, document: int | None = None, selection=None, state=None) -> list[dict]:
    """Per (category, term) of the city's counted outline (or `document`): occurrences in token and
    substring mode, their difference, and the occurrences not counted because they stand in a context the
    lexicon excludes (token mode). `selection` (the period's) and `state` (the lexicons') spare a caller
    auditing many cities reading them each time."""
    category = _check(category)
    code, name = _city(city)
    docs, _ = _scope(store, code, name, period, document, selection)
    if term:
        check_term(store, term, category)
    counted = store_hits.matched_modes(store.conn, docs)
    rows = []
    first = rank()
    excluded = excluded_counts(store, docs, state=state)
    for r in store_hits.term_mode_counts(store.conn, docs, category, term):
        row = {"category": r["category"], "term": r["term"],
               "token": r["token"] if "token" in counted else None,
               "substring": r["substring"] if "substring" in counted else None}
        row["difference"] = (row["substring"] - row["token"]) if None not in (row["token"], row["substring"]) else None
        row["excluded"] = excluded.pop((r["category"], r["term"]), 0)
        rows.append(row)
    for (cat, t), n in excluded.items():   # terms whose every occurrence is excluded
        if (not category or cat == category) and (not term or t == term):
            rows.append({"category": cat, "term": t, "token": 0, "substring": 0, "difference": 0, "excluded": n})
    rows.sort(key=lambda r: (first(r["category"]), -(r["token"] or r["substring"] or 0), r["term"]))
    return rows


def excluded_counts(store: Store, docs: list[int], mode: str = DEFAULT_MODE, lexicon_dir=None, *,
                    state=None) -> dict:
    """{(category, term): occurrences not counted by a rule of the lexicons (or of `state`): standing in an
    excluded context (`except:` lines), or a quoted-only variant (“两山”) found without its quotation marks}
    in the body pages of `docs`, in `mode`."""
    from collections import Counter

    state = state or current_state(lexicon_dir)
    contexts = {c for _, c in state.exclusion_pairs()} | set(state.quoted)
    out: Counter = Counter()
    if not contexts or not docs:
        return out
    auto = build_automaton(contexts)
    matcher = None
    for _, _, text, _ in counted_texts(store, document_ids=docs):
        if next(auto.iter(View(text).text), None) is None:
            continue
        if matcher is None:
            matcher = PageMatcher(state.mapping, mode, segmenter(state.mapping) if mode == "token" else None,
                                  state.exclusions, state.quoted)
        for h, _ in matcher.split_hits(text)[1]:
            out[(h.category, h.term)] += 1
    return out


def audit_hits(store: Store, city, category: str | None = None, term: str | None = None,
               mode: str | None = None, width: int = CONTEXT, *, period: str | None = None,
               document: int | None = None, selection=None) -> list[dict]:
    """Every hit of the city's counted outline for `period` (or of `document`) in `mode`, with `width`
    characters of context each side, page, document title, period, source and URL. Ordered by page and
    offset."""
    category = _check(category)
    mode = mode or DEFAULT_MODE
    if mode not in MODES:
        raise TextmineError(f"unknown mode {mode!r}; choose {' or '.join(MODES)}")
    code, name = _city(city)
    docs, what = _scope(store, code, name, period, document, selection)
    if term:
        check_term(store, term, category)
    missing = modes_missing(store, docs, [mode])
    if missing:
        raise ModeNotCounted(f"{city_label(code)}: {what} is not counted in {mode} mode yet, so its {mode} hits would "
                             f"read 0: run `textmine count --mode {mode}` (or `textmine run`, which counts both modes)",
                             mode, docs)
    out = []
    for r, left, matched, right in with_context(store, store_hits.traced_hits(store.conn, docs, mode, category, term),
                                                width):
        out.append({"category": r["category"], "term": r["term"], "surface": r["surface"], "page": r["page"],
                    "offset": r["offset"], "doc_offset": r["char_start"] + r["offset"],
                    "left": left, "hit": matched, "right": right,
                    "document_id": r["document_id"], "part": r["part"], "period": r["period"],
                    "plan_type": r["plan_type"],
                    "title": r["title"], "source": r["source"], "url": r["url"],
                    "lexicon_version": r["lexicon_version"], "mode": r["mode"]})
    return out


def compare_cities(store: Store, city_a, city_b, mode: str | None = None, category: str | None = None, *,
                   period: str | None = None) -> list[dict]:
    """Per term, the counts of two cities' counted outlines of `period` side by side (in `mode`)."""
    mode = mode or DEFAULT_MODE
    a_code, a_name = _city(city_a)
    b_code, b_name = _city(city_b)
    rows: dict[tuple[str, str], dict] = {}
    first = rank()
    for code, label in ((a_code, a_name), (b_code, b_name)):
        for r in term_table(store, code, category, period=period):
            d = rows.setdefault((r["category"], r["term"]), {"category": r["category"], "term": r["term"],
                                                             a_name: 0, b_name: 0})
            d[label] = r[mode] or 0
    out = sorted((r for r in rows.values() if r[a_name] or r[b_name]), key=lambda r: (first(r["category"]), -(r[a_name] + r[b_name])))
    for r in out:
        r["difference"] = r[a_name] - r[b_name]
    return out


_CSS = """body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;max-width:70em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}
th{background:#f3f3f3}td.n{text-align:right}mark{background:#ffe066;padding:0 .1em}.ctx{font-size:95%}
.meta{color:#666;font-size:85%}h2{margin-top:1.6em}"""


def render_audit_html(store: Store, city_code: str, mode: str | None = None, *, period: str | None = None,
                      indicators=None, selection=None, news=None, state=None) -> str:
    """A standalone HTML page for one city: what is counted (the plan period, the one outline counted and
    why every other plan document is not), its indicators, the per-term table (both modes), every hit
    with its context highlighted, page, document and a link to the source, and the news items counted.
    Written as audit/<code>.html by the report, which passes `indicators` (planning_indicators), the
    period's `selection`, the `news` verdicts and the lexicon `state` once for all cities."""
    mode = mode or DEFAULT_MODE
    code, name = _city(city_code)
    e = html.escape
    if indicators is None:
        indicators = planning_indicators(store, mode, period)
    if selection is None:
        _, selection = counted_documents(store, indicators["period"].iloc[0])
    period = selection.period
    parts = [f"<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>{e(name)} ({code}) — 词条审核"
             f"</title><style>{_CSS}</style></head><body>",
             f"<h1>{e(name)} <span class='meta'>{code}</span></h1>",
             f"<p>规划期 <b>{e(period)}</b>：规划指标每个城市每个规划期只计一份纲要。</p>"]
    docs = [d for d in selection.decisions if d.city_code == code]
    if docs:
        parts.append("<table><tr>" + _ths(("文件", "document"), ("文种", "type"), ("可信度", "confidence"),
                                          ("状态", "status"), ("原因", "why")) + "</tr>")
        for d in docs:
            kind = d.doc_type or d.plan_type
            parts.append(f"<tr><td>#{d.document_id} {e(d.title or '')}</td>"
                         f"<td title='{e(kind or '')}'>{e(zh('doc_type', kind) if d.doc_type else zh('plan_type', kind))}"
                         f"</td><td title='{e(d.confidence)}'>{e(zh('confidence', d.confidence))}</td>"
                         f"<td title='{e(d.status)}'><b>{e(zh('status', d.status))}</b></td><td class='meta'>"
                         f"{e(d.reason)}{'；' + e(d.doubts) if d.doubts else ''}</td></tr>")
        parts.append("</table>")
    choice = getattr(selection, "cities", {}).get(code)
    if choice is not None and choice.unreviewed:
        parts.append(f"<p><strong>该选择待复核：</strong>{e('；'.join(choice.review_reasons))} —— "
                     "<code>textmine documents review</code>，<code>textmine documents accept</code>。</p>")
    parts.extend(_news_html(news, code))
    ind = indicators.loc[code]
    if not ind["has_plan"]:
        reason = ind.get("missing_reason") or f"语料中没有{period}纲要"
        parts.append(f"<p><strong>该城市没有计入的{e(period)}纲要：</strong>{e(str(reason))}。其规划计数为缺失（不是 0）；"
                     "评分运行改用了什么（工作簿中的值、插补值或没有值），见报告的“数据来源”部分和 "
                     "<code>textmine explain</code>。</p></body></html>")
        return "".join(parts)
    draft = " <b>—— 草案：该城市该规划期没有正式纲要</b>" if ind["draft"] else ""
    parts.append(f"<p>计入：<b>#{int(ind['document_id'])} {e(str(ind['document_title']))}</b>{draft}</p>"
                 f"<p class='meta'>计数模式 <b title='{e(mode)}'>{e(zh('mode', mode))}</b>；纲要正文 "
                 f"{int(ind['plan_chars']):,} 字；生成于 {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC</p><table><tr>"
                 + _ths(("类别", "category"), ("出现次数", "occurrences"), ("不同词条数", "distinct terms"),
                        ("每万字", "per 10,000 chars")) + "</tr>")
    for c in [c for c in indicators.columns if f"{c}_distinct" in indicators.columns]:
        parts.append(f"<tr><td title='{e(c)}'>{e(category_header(c) or c)}</td><td class='n'>{int(ind[c])}</td>"
                     f"<td class='n'>{int(ind[c + '_distinct'])}</td><td class='n'>{ind[c + '_density']:.2f}</td></tr>")
    parts.append("</table><h2>词条</h2><table><tr>" + _ths(("类别", "category"), ("词条", "term"),
                                                         ("分词计数", "token"), ("子串计数", "substring")) + "</tr>")
    for r in term_table(store, code, period=period, selection=selection, state=state):
        cells = "".join(f"<td class='n'>{'' if r[m] is None else r[m]}</td>" for m in ("token", "substring"))
        parts.append(f"<tr><td title='{e(r['category'])}'>{e(category_header(r['category']) or r['category'])}</td>"
                     f"<td><a href='#t-{e(r['term'])}'>{e(r['term'])}</a></td>{cells}</tr>")
    parts.append("</table><h2>命中</h2><table><tr>" + _ths(("词条", "term"), ("上下文", "context"), ("页码", "page"),
                                                         ("文件", "document")) + "</tr>")
    seen: set[str] = set()
    for h in audit_hits(store, code, mode=mode, period=period, selection=selection):
        anchor = "" if h["term"] in seen else f" id='t-{e(h['term'])}'"
        seen.add(h["term"])
        link = h["url"] or (h["source"] if str(h["source"]).startswith(("http://", "https://")) else None)
        title = e(h["title"] or h["source"])
        doc = f"<a href='{e(link)}'>{title}</a>" if link else f"{title}<br><span class='meta'>{e(h['source'])}</span>"
        parts.append(f"<tr{anchor}><td>{e(h['term'])}<br><span class='meta' title='{e(h['category'])}'>"
                     f"{e(category_header(h['category']) or h['category'])}</span></td>"
                     f"<td class='ctx'>…{e(h['left'])}<mark>{e(h['hit'])}</mark>{e(h['right'])}…</td>"
                     f"<td class='n'>{h['page']}</td><td>{doc}</td></tr>")
    parts.append("</table></body></html>")
    return "".join(parts)


def _ths(*headers: tuple[str, str]) -> str:
    """Table headers in Chinese, each with its English key on hover."""
    return "".join(f"<th title='{html.escape(en)}'>{html.escape(zh_)}</th>" for zh_, en in headers)


def _news_html(news, code: str) -> list[str]:
    """The news items counted for the city (title, date, URL and the matching sentence)."""
    if news is None:
        return []
    e = html.escape
    items = [v for v in news["items"] if v.city_code == code and v.status == "counted"]
    undated = [v for v in news["items"] if v.city_code == code and v.status == "undated"]
    if not items and not undated:
        return []
    out = [f"<h2>计入的新闻（{e(news['measure'])}）</h2><table><tr>"
           + _ths(("发布日期", "date"), ("标题", "title"), ("句子", "sentence")) + "</tr>"]
    for v in items:
        out.append(f"<tr><td>{e(v.published or '')}</td><td><a href='{e(v.url)}'>{e(v.title)}</a></td>"
                   f"<td class='ctx'>{e(v.sentence)} <span class='meta'>({e(v.where)})</span></td></tr>")
    out.append("</table>")
    if undated:
        out.append(f"<p class='meta'>{len(undated)} 条无日期的新闻未计入："
                   + "; ".join(f"<a href='{e(v.url)}'>{e(v.title)}</a>" for v in undated) + "</p>")
    return out


def news_audit(store: Store, city, *, lexicon=None, since=MODEL, until=MODEL, mode: str | None = None) -> list[dict]:
    """Every news item counted for the city under the news lexicon and window (default: the model's), with
    title, date, URL and the sentence that matched; undated items follow, marked as not counted."""
    code, _ = _city(city)
    rows = []
    for v in judge_items(store, lexicon, since, until, city=code, mode=mode):
        if v.status in ("counted", "undated"):
            rows.append({"status": v.status, "published": v.published, "title": v.title, "term": v.term,
                         "where": v.where, "sentence": v.sentence, "page": v.page, "url": v.url,
                         "document_id": v.document_id, "query": v.query})
    return rows
