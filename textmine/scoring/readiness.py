"""Readiness before scoring (`textmine check`): per city and plan period, what the text-mined leaves will rest
on and what is doubtful — so nothing enters the index unseen.

    readiness(store, period=None, workbook=None, …) -> Readiness
        .rows          per city: the counted outline (id, title, characters, pages, pages without text, density
                       against the other cities'), the news items in the window, the workbook's coverage, the
                       workbook values of text-mined leaves (overriding or set aside), the open review flags,
                       and a status: red (must be looked at), note (said, not blocking), ok
        .overrides     every text-mined cell the workbook also fills: both values and which one the score uses
        .red           one line per thing that is red
        .summary       the one line `run` and `score` print
    require_ready(r)   raises NotReady (`--strict`) while anything is red

Red: a city's outline choice that needs review and has none (two texts, a draft, an uncertain outline, and the
parse quality of the counted outline: pages without a text layer, too short, an outlier density, a document
that could not be parsed — `textmine.editions.quality`), a counted outline not counted in the mode yet, a
workbook cell refused. Note: workbook values of text-mined leaves (used with `workbook_overrides`, else set
aside), pages read by OCR, a density that could not be compared, news not measured for a city with items.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..count.news import count_news, judge_items
from ..count.scope import check_mode
from ..editions import UnreviewedChoices, outline_state, review_warning
from ..editions.reasons import Reason, kind_of
from ..errors import TextmineError
from ..i18n import _, language
from ..registry import load_registry
from ..store import Store
from .inputs import overrides_setting, text_conflicts, text_mined_values
from .model import load_model
from .workbook import WorkbookData, read_workbook

RED, NOTE, OK = "red", "note", "ok"
MEASURED = "measured"        # the news column of a city whose G02 is measured (a key, the same in either language)
SHOWN = 3           # cities named per kind in the summary line
COLUMNS = ("status", "city", "code", "period", "outline", "title", "chars", "pages", "pages_without_text",
           "ocr_pages", "density", "density_vs_others", "review", "news_items", "news", "workbook_cells",
           "workbook_refused", "text_cells_in_workbook", "flags", "flag_kinds", "notes")
OVERRIDE_COLUMNS = ("city", "code", "leaf", "cell", "workbook", "corpus", "corpus_source", "used")


class NotReady(UnreviewedChoices):
    """`--strict`: something the index would rest on is red (`textmine check` lists it); an UnreviewedChoices, as
    the outline review is part of it."""


@dataclass
class Readiness:
    period: str
    mode: str
    rows: list[dict] = field(default_factory=list)
    overrides: list[dict] = field(default_factory=list)
    red: list[str] = field(default_factory=list)
    other_red: list[str] = field(default_factory=list)     # red, besides the outline choices that need review
    notes: list[str] = field(default_factory=list)
    summary: str = ""
    review_line: str | None = None      # the outline choices that need review (textmine.editions.review_warning)
    news_window: str = ""
    workbook: str | None = None

    @property
    def ready(self) -> bool:
        return not self.red


def readiness(store: Store, period: str | None = None, *, workbook=None, model=None, news_lexicon=None,
              since=None, until=None, mode: str | None = None, workbook_overrides: bool | None = None,
              everything: bool = False, mined: tuple | None = None) -> Readiness:
    """What the text-mined leaves of `period` (default: the model's) would rest on, per city. `workbook`: a path
    or a read `WorkbookData` (its coverage, refused cells and text-mined cells); the news lexicon and window and
    the counting mode default to the model's. `everything`: a row for every city of the registry, not only those
    with something to show. `mined`: what `text_mined_values` returned for the same arguments, when the caller
    has it already (a score run reads the corpus once)."""
    model = model or load_model()
    mode = check_mode(mode)
    text, _notes, sources = mined or text_mined_values(store, model, period=period, news_lexicon=news_lexicon,
                                                       since=since, until=until, mode=mode)
    period = sources.period
    # the outline choice text_mined_values made, unless a score run made it in English for its key and the user
    # reads Chinese: its reasons are made in the language of the moment (`Reason`), so it is made again here
    made_in_english = mined is not None and language() != "en"
    sel = sources.selection if sources.selection is not None and not made_in_english else outline_state(store, period)
    wb = workbook if isinstance(workbook, WorkbookData) or workbook is None else read_workbook(workbook, model)
    use_workbook = overrides_setting(model, workbook_overrides)
    r = Readiness(period, mode, workbook=str(wb.path) if wb is not None else None, review_line=review_warning(sel))
    news = _news(store, sources, mode)
    r.news_window = sources.news.get("since", "") and f"{sources.news['since']} – {sources.news['until']}"
    conflicts = text_conflicts(wb, text, sources.provenance, use_workbook) if wb is not None else []
    reg = load_registry()
    names = {c.code: c.name for c in reg}
    for c in conflicts:
        r.overrides.append({"city": names[c["city_code"]], "code": c["city_code"], **{k: c[k] for k in (
            "leaf", "cell", "workbook", "corpus", "corpus_source", "used")}})
    by_city: dict[str, list[dict]] = {}
    for c in r.overrides:
        by_city.setdefault(c["code"], []).append(c)
    refused = _refused_cells(wb)
    plan_leaves = [leaf for leaf, key in model.text_leaves().items() if key.startswith("plan.")]
    for city in reg:
        choice = sel.cities.get(city.code)
        row = {k: "" for k in COLUMNS}
        row.update(city=city.name, code=city.code, period=period)
        flags, notes = [], []
        if choice is not None:
            q = choice.quality
            if choice.counted_id:
                row.update(outline=f"#{choice.counted_id}", title=choice.title)
            if q is not None:
                row.update(chars=q.body_chars, pages=q.pages, pages_without_text=q.scanned_pages or (0 if q.pages
                                                                                                 else ""),
                           ocr_pages=q.ocr_pages, density=q.density if q.density is not None else "",
                           density_vs_others=(_("{ratio:g}× the median of {n}").format(ratio=q.density_ratio,
                                                                                       n=q.compared_with)
                                              if q.density_ratio is not None else
                                              _("not judged ({n} other outline(s))").format(n=q.compared_with)
                                              if q.density is not None else ""))
                notes += q.notes
            row["review"] = choice.review
            if choice.unreviewed:
                flags += choice.review_reasons or [Reason(_("the outline choice needs review"), "to review")]
            elif choice.decision is not None and choice.review_reasons:
                notes.append(_("reviewed ({who}): ").format(who=choice.decision.by or "corpora/editions-decisions.csv")
                             + _("; ").join(choice.review_reasons))
        if plan_leaves and city.code in sources.documents and text[plan_leaves[0]].isna().get(city.code, False):
            flags.append(Reason(_("the outline #{id} is not counted in {mode} mode yet: run `textmine count --mode "
                                  "{mode}`").format(id=sources.documents[city.code]['id'], mode=mode),
                                "not counted yet"))
        n_news, why_news = news.get(city.code, ("", ""))
        row.update(news_items=n_news, news=why_news)
        if n_news not in ("", 0) and why_news != MEASURED:
            notes.append(_("{n} news item(s) in the window, but G02 is not measured: {why}").format(n=n_news,
                                                                                                   why=why_news))
        if wb is not None:
            row["workbook_cells"] = _coverage(wb, city.code, model)
            bad = refused.get(city.code, [])
            if bad:
                row["workbook_refused"] = len(bad)
                flags += [Reason(_("workbook {problem}").format(problem=b), "workbook cell refused") for b in bad]
        mine = by_city.get(city.code, [])
        if mine:
            used = _("used (`workbook_overrides`)") if use_workbook else _("set aside: the corpus value is used")
            row["text_cells_in_workbook"] = f"{len(mine)} {used}"
            differ = [c for c in mine if c["workbook"] != c["corpus"]]
            notes.append(_("{n} workbook value(s) of text-mined leaves {used}").format(n=len(mine), used=used)
                         + (_("; {n} differ from the corpus: ").format(n=len(differ)) + _(", ").join(
                             _("{leaf} {workbook:g} vs {corpus:g}").format(leaf=c["leaf"], workbook=c["workbook"],
                                                                          corpus=c["corpus"])
                             for c in differ[:4]) if differ else ""))
        row["status"] = RED if flags else NOTE if notes else OK
        row["flags"] = " · ".join(flags)
        row["flag_kinds"] = "; ".join(dict.fromkeys(kind_of(f) for f in flags))     # English keys, each once
        row["notes"] = " · ".join(notes)
        if flags:
            r.red += [f"{city.name} {period}: {f}" for f in flags]
            if choice is None or not choice.unreviewed:
                r.other_red += [f"{city.name} {period}: {f}" for f in flags]
        shown = everything or choice is not None or flags or notes or mine or n_news not in ("", 0)
        if shown:
            r.rows.append(row)
    if wb is not None:
        whole = [_("workbook {problem}").format(problem=p) for p in wb.errors(allow_missing=True) if p.city is None]
        r.red += whole
        r.other_red += whole
    r.summary = _summary(r, sel, wb, use_workbook)
    return r


def require_ready(r: Readiness) -> None:
    """Refuse (`--strict`) while anything is red."""
    if r.red:
        parts = [r.review_line] if r.review_line else []
        if r.other_red:
            parts.append(_("{n} more thing(s) red before scoring {period}: ").format(n=len(r.other_red), period=r.period)
                         + _("; ").join(r.other_red[:5])
                         + (_("; and {n} more").format(n=len(r.other_red) - 5) if len(r.other_red) > 5 else ""))
        raise NotReady(_("strict: ") + _("; ").join(parts)
                       + _(" — `textmine check --period {period}` lists each").format(period=r.period))


def _news(store: Store, sources, mode: str) -> dict[str, tuple]:
    """city → (items counted in the window, what that is): measured, or not measured and why."""
    ns = sources.news
    if not ns:
        return {}
    counts = count_news(store, ns.get("query"), ns.get("since"), ns.get("until"), mode)
    items: dict[str, int] = {}
    for v in judge_items(store, ns.get("query"), ns.get("since"), ns.get("until"), mode=mode):
        if v.status == "counted":
            items[v.city_code] = items.get(v.city_code, 0) + 1
    out = {}
    for code, n in counts.counts.items():
        if n == n:
            out[code] = (int(n), MEASURED)
        elif code in items or code in counts.not_covered:
            why = counts.not_covered.get(code) or _("no news crawl covers the window (`textmine crawl news`)")
            out[code] = (items.get(code, 0), _("not measured: {why}").format(why=why))
    return out


def _refused_cells(wb) -> dict[str, list[str]]:
    """city code → the refused cells of its row ('row 12 column C (E01 耕地总面积): …')."""
    if wb is None:
        return {}
    reg = load_registry()
    out: dict[str, list[str]] = {}
    for p in wb.errors(allow_missing=True):
        if p.city:
            try:
                code = reg.resolve(p.city).code
            except TextmineError:
                continue
            out.setdefault(code, []).append(_("row {row} column {column}: {message}").format(
                row=p.row, column=p.column, message=p.message))
    return out


def _coverage(wb, code: str, model) -> str:
    if code not in wb.rows:
        return _("no row")
    values = wb.values.loc[code] if code in wb.values.index else None
    filled = int(values.notna().sum()) if values is not None else 0
    return f"{filled}/{len(model.leaf_codes)}"


def _summary(r: Readiness, sel, wb, use_workbook: bool) -> str:
    """The one line `run`, `score` and `check` print, in the user's language (it is not part of any run's key)."""
    counted = sum(1 for c in sel.cities.values() if c.counted_id)
    red_cities = [row["city"] for row in r.rows if row["status"] == RED]
    kinds: dict[str, list[str]] = {}
    for row in r.rows:
        for k in row["flag_kinds"].split("; ") if row["flag_kinds"] else []:
            kinds.setdefault(k, []).append(row["city"])
    parts = [_("check {period}: {n} of {cities} cities with an outline counted").format(
        period=r.period, n=counted, cities=len(load_registry()))]
    if red_cities:
        parts.append(_("{n} red — ").format(n=len(red_cities)) + _("; ").join(
            _("{kind}: {cities}").format(kind=_(k), cities=_(", ").join(dict.fromkeys(v[:SHOWN]))
                                         + (" …" if len(set(v)) > SHOWN else ""))
            for k, v in kinds.items()))
    measured = sum(1 for row in r.rows if row["news"] == MEASURED)
    if r.news_window:
        parts.append(_("news measured for {n} cities ({window})").format(n=measured, window=r.news_window))
    if wb is not None:
        n = len(r.overrides)
        refused = wb.errors(allow_missing=True)
        cells = (_("{n} text-mined cell(s) also in the workbook, the workbook's used (workbook_overrides)")
                 if use_workbook else _("{n} text-mined cell(s) also in the workbook, the corpus used")).format(n=n) \
            if n else _("no text-mined cell filled")
        parts.append(_("workbook {name}: ").format(name=Path(str(wb.path)).name) + cells
                     + (_(", {n} cell(s) refused").format(n=sum(1 for _p in refused)) if refused else ""))
    out = _("; ").join(parts)       # （a full-width ； in Chinese)
    return out + (_(" — `textmine check` lists each") if red_cities or r.overrides else "")
