"""Gather the raw value of every leaf for every city: workbook, corpus, overrides, evidence, imputation — and
where each came from (`provenance.Provenance`, one record per city × leaf).

Text-mined leaves (source keys plan.theme, plan.resource, plan.policy, plan.market, news.count)
come from `textmine.count.planning_indicators` (the one outline counted per city for the plan
period) and `textmine.count.news.count_news` (the news lexicon and reference window), both in the
counting mode asked for (token by default). What they measured travels with them (`TextSources`)
into the score run, `explain` and the report. A workbook value for such a leaf is an explicit
override only when asked for (`workbook_overrides`, or `[text] workbook_overrides = true` in the model): then it
replaces the corpus value (origin `override`); otherwise the corpus value is used and the workbook's is set aside.
Either way every such cell is listed (`Inputs.text_conflicts`: city, leaf, both values, which one the score used).
Where the corpus has no value a workbook value stands in (origin `workbook`, with the reason the corpus has none).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import TextmineError
from ..i18n import _
from ..stored_messages import format_each
from ..names import indicator_label
from ..registry import load_registry
from .model import Model
from .provenance import KINDS, Provenance
from .transform import impute
from .workbook import WorkbookData
from ..count import planning_indicators
from ..count.indicators import counted_documents
from ..count.news import count_news
from ..count.scope import check_mode
from ..editions import missing_summary, require_reviewed, review_warning
from ..reference import reference

MEASURED_SHARE_WARNING = 0.5     # a domain with fewer of its cells measured than this is warned about
MEASURED = [k for k, kind in KINDS.items() if kind.measured]


@dataclass
class Inputs:
    raw: pd.DataFrame            # 339 cities × leaves, NaN = missing
    provenance: Provenance       # where each cell came from (origin = its kind)
    notes: list[str] = field(default_factory=list)
    imputation: str | None = None
    warnings: list[str] = field(default_factory=list)
    # every cell of a text-mined leaf where the workbook and the corpus both have a value: city_code, leaf, cell,
    # workbook, corpus, corpus_source, used ("workbook" with `workbook_overrides`, else "corpus")
    text_conflicts: list[dict] = field(default_factory=list)
    workbook_overrides: bool = False

    @property
    def origin(self) -> pd.DataFrame:
        return self.provenance.origin


@dataclass
class TextSources:
    """What the text-mined leaves measured: the plan period, the counting mode and each city's counted
    document, and the news lexicon and window. Stored with the run (params["text_sources"]); `provenance`
    (cities × text-mined leaves: text with its document, or missing with the reason) is not."""

    period: str
    mode: str
    documents: dict[str, dict] = field(default_factory=dict)   # city → {id, title, plan_type, draft, confidence, review}
    news: dict = field(default_factory=dict)                   # lexicon, window, mode, undated, not_covered
    provenance: Provenance | None = None
    unreviewed: dict[str, str] = field(default_factory=dict)   # city → why its outline choice needs review
    review_warning: str | None = None                          # the one line saying so (textmine.editions)
    selection: object = None                                   # the outline selection they rest on (not stored)

    def as_dict(self) -> dict:
        return {"period": self.period, "mode": self.mode, "documents": self.documents, "news": self.news,
                "unreviewed": self.unreviewed}


def text_mined_values(store, model: Model, *, period: str | None = None, news_lexicon=None, since=None,
                      until=None, mode: str | None = None, strict: bool = False
                      ) -> tuple[pd.DataFrame, list[str], TextSources]:
    """cities × text-mined leaves from the corpus stages (NaN where they have nothing), notes, and what
    they measured. `period`, `news_lexicon`, `since`/`until` default to the model's (scoring/model.toml),
    `mode` (token | substring) to the counting default. `strict`: refuse (UnreviewedChoices) while a city's
    outline choice needs review (textmine.editions)."""
    mode = check_mode(mode)
    ref = reference(model.root / "model.toml")
    codes = [c.code for c in load_registry()]
    leaves = model.text_leaves()
    out = pd.DataFrame(np.nan, index=pd.Index(codes, name="city_code"), columns=list(leaves))
    prov = Provenance.empty(out.index, out.columns)
    notes: list[str] = []
    period, sel = counted_documents(store, period or ref.period)     # the outline choice, made once
    plan = planning_indicators(store, mode, period, selection=sel)
    sources = TextSources(period, mode, provenance=prov)
    wanted_plan = {leaf: key.split(".", 1)[1] for leaf, key in leaves.items() if key.startswith("plan.")}
    if wanted_plan:
        sources.selection = sel
        if strict:
            require_reviewed(sel)
        for leaf, col in wanted_plan.items():
            out[leaf] = pd.to_numeric(plan[col], errors="coerce").reindex(out.index)
        counted = plan[plan["has_plan"]]
        sources.documents = {code: {"id": int(r["document_id"]), "title": r["document_title"],
                                    "plan_type": r["plan_type"], "draft": bool(r["draft"]),
                                    **({"confidence": sel.cities[code].confidence, "review": sel.cities[code].review}
                                       if code in sel.cities else {})}
                             for code, r in counted.iterrows()}
        sources.unreviewed = {c.city_code: "; ".join(c.review_reasons) for c in sel.unreviewed}
        sources.review_warning = review_warning(sel)
        doc_source = pd.Series({c: f"document:{d['id']}" for c, d in sources.documents.items()}, dtype=object)
        doc_detail = pd.Series({c: _("{period} outline #{id} 《{title}》, {mode} mode").format(
                                    period=period, id=d["id"], title=d["title"], mode=mode)
                                   + (" — " + _("a DRAFT (no final outline)") if d["draft"] else "")
                                   + (" — " + _("the choice NEEDS REVIEW when scored ({why}; `textmine documents "
                                                "review`)").format(why=sources.unreviewed[c])
                                      if c in sources.unreviewed else "")
                                for c, d in sources.documents.items()}, dtype=object)
        reasons = plan["missing_reason"].reindex(out.index).fillna("")
        for leaf in wanted_plan:
            has = out[leaf].notna()
            prov.set(has.rename(leaf), "text", doc_source.rename(leaf), doc_detail.rename(leaf))
            prov.set((~has).rename(leaf), "missing", "", reasons.rename(leaf))
        drafts = int(counted["draft"].sum())
        why = missing_summary(sel)
        what = dict(leaves=", ".join(wanted_plan), period=period, n=len(counted), cities=len(codes), mode=mode,
                    drafts=drafts)
        notes.append((_("planning counts ({leaves}) from the {period} outlines of {n} of {cities} cities ({mode} "
                        "mode), {drafts} of them a DRAFT (no final outline)") if drafts else
                      _("planning counts ({leaves}) from the {period} outlines of {n} of {cities} cities ({mode} "
                        "mode)")).format(**what)
                     + (f"; {why}" if why and len(counted) else "")
                     + ("; " + _("{n} choice(s) need review").format(n=len(sel.unreviewed)) if sel.unreviewed
                        else ""))
    news_leaves = [leaf for leaf, key in leaves.items() if key == "news.count"]
    if news_leaves:
        if since is None and until is None:
            since, until = ref.since, ref.until
        news = count_news(store, news_lexicon or ref.news_lexicon, since, until, mode)
        counts = pd.Series(news.counts, dtype=float).reindex(out.index)
        label = f"{news.query.label} {news.since or '…'}..{news.until or '…'}"
        undated = pd.Series(news.undated, dtype=float).reindex(out.index)
        detail = pd.Series(_("news items matching {query}, published {window}, {mode} mode").format(
            query=news.query.label, window=news.window, mode=mode), index=out.index, dtype=object)
        detail = detail.where(undated.isna(), detail + "; " + format_each(
            _("{n} undated item(s) not counted"), n=undated.fillna(0).astype(int).astype(str)))
        why = pd.Series({c: _("no news crawl covering {window}").format(window=news.window) for c in out.index},
                        dtype=object)
        for c, reason in news.not_covered.items():
            why[c] = _("the news crawls do not cover {window}: {why}").format(window=news.window, why=reason)
        for leaf in news_leaves:
            out[leaf] = counts
            prov.set(counts.notna().rename(leaf), "text", f"news:{label}", detail.rename(leaf))
            prov.set(counts.isna().rename(leaf), "missing", "", why.rename(leaf))
        sources.news = {"lexicon": news.query.label, "query": str(news_lexicon or ref.news_lexicon), "since": news.since,
                        "until": news.until, "mode": news.mode, "undated": news.undated, "not_covered": news.not_covered}
        notes.append(_("news counts ({leaves}) for {n} of {cities} cities: {what}").format(
            leaves=", ".join(news_leaves), n=int(counts.notna().sum()), cities=len(codes), what=news.describe()))
    return out, notes, sources


def _workbook_provenance(model: Model, wb: WorkbookData, index: pd.Index) -> tuple[pd.DataFrame, Provenance]:
    """The workbook's values on the registry's cities, and each cell's provenance: workbook where it has a
    value, missing (saying which cell is empty, or that the city or the column is absent) where not."""
    values = wb.values.reindex(index=index, columns=model.leaf_codes)
    prov = Provenance.empty(index, model.leaf_codes)
    refs = wb.cell_refs(index, model.leaf_codes)
    name = Path(str(wb.path)).name
    has = values.notna()
    prov.set(has, "workbook", "workbook:" + refs, "")
    empty = ~has & (refs != "")
    prov.set(empty, "missing", "", format_each(_("the workbook {name} cell {cell} is empty"), name=name, cell=refs))
    for (city, leaf), text in wb.placeholders.items():
        if city in index and leaf in prov.detail.columns:
            prov.detail.at[city, leaf] = _("the workbook {name} cell {cell} holds “{text}” (no data)").format(
                name=name, cell=refs.at[city, leaf], text=text)
    no_row = pd.Series([c not in wb.rows for c in index], index=index)
    if no_row.any():
        prov.set(pd.DataFrame({c: no_row for c in model.leaf_codes}), "missing", "",
                 _("the workbook {name} has no row for the city").format(name=name))
    for leaf in model.leaf_codes:
        if leaf not in wb.letters:
            prov.set((~no_row).rename(leaf), "missing", "",
                     _("the workbook {name} has no column {leaf}").format(name=name, leaf=leaf))
    return values, prov


def overrides_setting(model: Model, workbook_overrides: bool | None = None) -> bool:
    """Whether workbook values replace the corpus values of text-mined leaves: the option when given, else the
    model's `[text] workbook_overrides` (default false: the corpus value is used)."""
    if workbook_overrides is not None:
        return bool(workbook_overrides)
    value = model.config.get("text", {}).get("workbook_overrides", False)
    if not isinstance(value, bool):
        raise TextmineError(f"{model.root / 'model.toml'} [text] workbook_overrides = {value!r}: write true or false")
    return value


def text_conflicts(wb: WorkbookData, text: pd.DataFrame, text_provenance: Provenance | None = None,
                   use_workbook: bool = False) -> list[dict]:
    """Every cell of a text-mined leaf where both the workbook and the corpus have a value: city_code, leaf, cell
    (`<sheet>!<column><row>`), workbook, corpus, corpus_source (`document:<id>`, `news:…`), used (workbook with
    `use_workbook`, else corpus) — what `textmine check`, `score` and the report list, cell by cell."""
    out = []
    cols = [c for c in text.columns if c in wb.values.columns]
    if not cols:
        return out
    values = wb.values.reindex(index=text.index, columns=cols)
    refs = wb.cell_refs(text.index, cols)
    for col in cols:
        both = values[col].notna() & text[col].notna()
        for code in both[both].index:
            source = text_provenance.source.at[code, col] if text_provenance is not None and \
                code in text_provenance.source.index and col in text_provenance.source.columns else ""
            out.append({"city_code": code, "leaf": col, "cell": refs.at[code, col],
                        "workbook": float(values.at[code, col]), "corpus": float(text.at[code, col]),
                        "corpus_source": str(source), "used": "workbook" if use_workbook else "corpus"})
    return out


def gather_inputs(model: Model, wb: WorkbookData, text: pd.DataFrame | None = None, *,
                  allow_missing: bool = False, policy: str | None = None, text_notes: list[str] | None = None,
                  evidence=None, documents=None, text_provenance: Provenance | None = None,
                  workbook_overrides: bool | None = None) -> Inputs:
    """Combine workbook and corpus values; fill or refuse missing cells; record every cell's provenance.

    ``evidence``: the accepted evidence review applied to the workbook (`textmine.scoring.evidence_cells.Applied`; its
    filled cells get origin ``evidence``); ``documents``: the accepted facts review (`textmine.scoring.fact_cells.
    AppliedFacts`; origin ``document``) — or, for either, a bool cities × leaves frame of the filled cells.
    ``text_provenance``: the text-mined cells' provenance (`TextSources.provenance`), their documents and why
    others are missing. ``workbook_overrides``: a workbook value replaces a corpus value of a text-mined leaf
    (default: the model's `[text] workbook_overrides`, false: the corpus value is used); every such cell is in
    `Inputs.text_conflicts` either way."""
    reg = load_registry()
    codes = [c.code for c in reg]
    index = pd.Index(codes, name="city_code")
    notes = list(text_notes or [])
    raw, prov = _workbook_provenance(model, wb, index)
    _reviewed_provenance(prov, evidence, "evidence")
    _reviewed_provenance(prov, documents, "document")
    overrides = stand_ins = 0
    use_workbook = overrides_setting(model, workbook_overrides)
    conflicts = text_conflicts(wb, text, text_provenance, use_workbook) if text is not None else []
    if text is not None:
        tprov = text_provenance or Provenance.empty(index, text.columns)
        for col in text.columns:
            t = text[col].reindex(raw.index)
            wb_has = prov.origin[col] == "workbook"
            both = wb_has & t.notna()          # the corpus has a value and so has the workbook
            stand = wb_has & t.isna()          # the workbook stands in where the corpus has none
            stand_ins += int(stand.sum())
            corpus = t.map(lambda v: f"{v:g}" if pd.notna(v) else "")
            tdetail = tprov.detail[col].reindex(index)
            cell = prov.source[col].str.replace("workbook:", "", regex=False)
            if use_workbook:
                overrides += int(both.sum())
                prov.set(both.rename(col), "override", prov.source[col],
                         format_each(_("replaces the corpus count {value} ({detail})"), value=corpus,
                                     detail=tdetail).rename(col))
                fill = ~wb_has & t.notna()
            else:
                fill = t.notna()
                kept = raw[col].map(lambda v: f"{v:g}" if pd.notna(v) else "")
                text_detail = tdetail.where(~both, tdetail + "; " + format_each(
                    _("the workbook's {value} (cell {cell}) is not used: the corpus value is (a workbook value "
                      "replaces it only with `workbook_overrides`)"), value=kept, cell=cell))
            prov.set(stand.rename(col), "workbook", prov.source[col],
                     format_each(_("stands in for the text-mined count: {detail}"), detail=tdetail).rename(col))
            raw.loc[fill, col] = t[fill]
            prov.set(fill.rename(col), "text", tprov.source[col].reindex(index),
                     (tdetail if use_workbook else text_detail).rename(col))
            gone = ~wb_has & t.isna()          # neither: missing, saying why the corpus has nothing too
            prov.set(gone.rename(col), "missing", "",
                     (prov.detail[col] + "; " + format_each(_("corpus: {detail}"), detail=tdetail)).rename(col))
    if overrides:
        notes.append(_("{n} workbook value(s) override values counted in the corpus (origin 'override', asked for "
                       "by `workbook_overrides`): each cell is listed by `textmine check`").format(n=overrides))
    elif conflicts:
        differ = sum(c["workbook"] != c["corpus"] for c in conflicts)
        notes.append(_("{n} workbook value(s) of text-mined leaves not used: the corpus has a value for those cells "
                       "({differ} differ from it)").format(n=len(conflicts), differ=differ) + "; "
                     + _("the score uses the corpus (a workbook value replaces it only with `workbook_overrides`)")
                     + "; " + _("each cell is listed by `textmine check`"))
    if stand_ins:
        notes.append(_("{n} workbook value(s) fill text-mined leaves of cities the corpus has no value for").format(
            n=stand_ins))
    _refuse_empty_domains(model, prov, wb)
    missing = raw.isna()
    imputation = None
    if missing.values.any():
        per_leaf = missing.sum()
        per_leaf = per_leaf[per_leaf > 0]
        text_leaves = model.text_leaves()
        detail = "; ".join(f"{indicator_label(c, model.root)}{' (' + text_leaves[c] + ')' if c in text_leaves else ''}: {n}"
                           for c, n in per_leaf.items())
        if not allow_missing:
            raise TextmineError(f"{int(missing.values.sum())} missing value(s) (leaf: cities) — {detail}. Fill "
                                f"them in the workbook, run the text-mining stages, or allow missing values (`allow_missing`) "
                                f"with an imputation policy")
        policy = imputation = policy or model.config.get("missing", {}).get("policy", "province-median")
        provinces = pd.Series({c.code: c.province_code for c in reg})
        filled, mask = impute(raw, policy, provinces, model.leaves["sign"])
        prov.set(mask, "imputed", f"imputed:{policy}", f"{policy}; " + format_each(_("the cell was empty: {detail}"),
                                                                                  detail=prov.detail))
        notes.append(_("imputation {policy}: {n} value(s) filled").format(policy=policy, n=int(mask.values.sum()))
                     + "; " + _("missing per leaf — {detail}").format(detail=detail))
        raw = filled
    warnings = _thin_domains(model, prov)
    return Inputs(raw, prov, notes, imputation, warnings, conflicts, use_workbook)


def _reviewed_provenance(prov: Provenance, applied, kind: str) -> None:
    """Cells filled from an accepted review: ``evidence`` (a yes/no cell, the sentence that proves it) or
    ``document`` (a yearbook cell, the figure a communiqué or budget report states)."""
    if applied is None:
        return
    if isinstance(applied, pd.DataFrame):
        prov.set(applied, kind, "review", f"filled from an accepted {kind} review")
        return
    mask = pd.DataFrame(False, index=prov.origin.index, columns=prov.origin.columns)
    source = pd.DataFrame("", index=mask.index, columns=mask.columns, dtype=object)
    detail = source.copy()
    for r in applied.records:        # one frame of each, set once: a review may fill thousands of cells
        if r["status"] != "filled" or r["city_code"] not in mask.index or r["leaf"] not in mask.columns:
            continue
        where = "title" if r.get("page") == 0 else f"p. {r['page']}" if r.get("page") else ""
        said = r.get("sentence") or r.get("evidence") or r.get("stated") or ""   # the sentence, or the figure
        mask.at[r["city_code"], r["leaf"]] = True
        source.at[r["city_code"], r["leaf"]] = f"review:{Path(r['review']).name}#row {r['review_row']}"
        detail.at[r["city_code"], r["leaf"]] = " · ".join(
            str(x) for x in (f"document #{r['document_id']}" if r.get("document_id") else "",
                             f"《{r['title']}》" if r.get("title") else "", r.get("date") or "",
                             f"data year {r['year']}" if r.get("year") else "", where,
                             f"「{said[:80]}」" if said else "") if x)
    prov.set(mask, kind, source, detail)


def domain_leaves(model: Model) -> dict[str, list[str]]:
    return {d: [c for c in model.leaf_codes if model.domain_of(c) == d] for d in model.domains}


def _refuse_empty_domains(model: Model, prov: Provenance, wb: WorkbookData) -> None:
    """A domain none of whose cells holds a value cannot be scored: the composite would silently be a sum
    over the other domains (and an empty workbook ranked every city alike). Refuse, saying what is empty."""
    has = prov.origin.isin(MEASURED)
    domains = domain_leaves(model)
    if not has.values.any():
        raise TextmineError(f"{wb.path}: no value at all — every cell of the workbook is empty and the corpus gives "
                            f"none; fill the workbook (`textmine validate {wb.path}` lists what is missing) or start "
                            f"from `textmine sample-data` to try the commands")
    empty = [d for d, leaves in domains.items() if not has[leaves].values.any()]
    if empty:
        names = ", ".join(f"{indicator_label(d, model.root)} ({len(domains[d])} leaves)" for d in empty)
        raise TextmineError(f"{wb.path}: no value in any leaf of {names}: the composite cannot be computed without a "
                            f"domain (imputation needs values to impute from); fill its columns in the workbook")


def _thin_domains(model: Model, prov: Provenance) -> list[str]:
    """Warnings for domains where most cells are not measured for the city itself (imputed or missing)."""
    out = []
    for d, leaves in domain_leaves(model).items():
        o = prov.origin[leaves]
        measured = int(o.isin(MEASURED).values.sum())
        if measured < MEASURED_SHARE_WARNING * o.size:
            out.append(f"domain {indicator_label(d, model.root)}: only {measured:,} of {o.size:,} cells "
                       f"({measured / o.size:.0%}) hold a value for the city itself, the rest imputed or missing; "
                       f"its scores and ranks rest mostly on imputation")
    return out
