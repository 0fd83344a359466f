"""Gather the raw value of every leaf for every city: workbook, corpus, overrides, imputation.

Text-mined leaves (source keys plan.theme, plan.resource, plan.policy, plan.market, news.count)
come from `textmine.count.planning_indicators` (the one outline counted per city for the plan
period) and `textmine.count.news.count_news` (the news lexicon and reference window). What they
measured travels with them (`TextSources`) into the score run, `explain` and the report. A
workbook value for such a leaf is an explicit override (origin `override`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import TextmineError
from ..names import indicator_label
from ..registry import load_registry
from .model import Model
from .transform import impute
from .workbook import WorkbookData


@dataclass
class Inputs:
    raw: pd.DataFrame            # 339 cities × leaves, NaN = missing
    origin: pd.DataFrame         # workbook | text | override | evidence | document | imputed | missing
    notes: list[str] = field(default_factory=list)
    imputation: str | None = None


@dataclass
class TextSources:
    """What the text-mined leaves measured: the plan period and each city's counted document, and the
    news lexicon, mode and window. Stored with the run (params["text_sources"])."""

    period: str
    mode: str
    documents: dict[str, dict] = field(default_factory=dict)   # city → {id, title, plan_type, draft, confidence, review}
    news: dict = field(default_factory=dict)                   # lexicon, window, mode, undated, not_covered
    unreviewed: dict[str, str] = field(default_factory=dict)   # city → why its outline choice needs review
    review_warning: str | None = None                          # the one line saying so (textmine.editions)

    def as_dict(self) -> dict:
        return {"period": self.period, "mode": self.mode, "documents": self.documents, "news": self.news,
                "unreviewed": self.unreviewed}


def text_mined_values(store, model: Model, *, period: str | None = None, news_lexicon=None, since=None,
                      until=None, strict: bool = False) -> tuple[pd.DataFrame, list[str], TextSources]:
    """cities × text-mined leaves from the corpus stages (NaN where they have nothing), notes, and what
    they measured. `period`, `news_lexicon`, `since`/`until` default to the model's (scoring/model.toml).
    `strict`: refuse (UnreviewedChoices) while a city's outline choice needs review (textmine.editions)."""
    from ..count import DEFAULT_MODE, planning_indicators
    from ..count.indicators import counted_documents
    from ..count.news import count_news
    from ..editions import missing_summary, require_reviewed, review_warning
    from ..reference import reference

    ref = reference(model.root / "model.toml")
    codes = [c.code for c in load_registry()]
    leaves = model.text_leaves()
    out = pd.DataFrame(np.nan, index=pd.Index(codes, name="city_code"), columns=list(leaves))
    notes: list[str] = []
    plan = planning_indicators(store, DEFAULT_MODE, period or ref.period)
    period = str(plan["period"].iloc[0])
    sources = TextSources(period, DEFAULT_MODE)
    wanted_plan = {leaf: key.split(".", 1)[1] for leaf, key in leaves.items() if key.startswith("plan.")}
    if wanted_plan:
        _, sel = counted_documents(store, period)
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
        drafts = int(counted["draft"].sum())
        why = missing_summary(sel)
        notes.append(f"planning counts ({', '.join(wanted_plan)}) from the {period} outlines of {len(counted)} of "
                     f"{len(codes)} cities" + (f", {drafts} of them a DRAFT (no final outline)" if drafts else "")
                     + (f"; {why}" if why and len(counted) else "")
                     + (f"; {len(sel.unreviewed)} choice(s) need review" if sel.unreviewed else ""))
    news_leaves = [leaf for leaf, key in leaves.items() if key == "news.count"]
    if news_leaves:
        if since is None and until is None:
            since, until = ref.since, ref.until
        news = count_news(store, news_lexicon or ref.news_lexicon, since, until, DEFAULT_MODE)
        counts = pd.Series(news.counts, dtype=float).reindex(out.index)
        for leaf in news_leaves:
            out[leaf] = counts
        sources.news = {"lexicon": news.query.label, "since": news.since, "until": news.until, "mode": news.mode,
                        "undated": news.undated, "not_covered": news.not_covered}
        notes.append(f"news counts ({', '.join(news_leaves)}) for {int(counts.notna().sum())} of {len(codes)} cities: "
                     + news.describe())
    return out, notes, sources


def gather_inputs(model: Model, wb: WorkbookData, text: pd.DataFrame | None = None, *,
                  allow_missing: bool = False, policy: str | None = None, text_notes: list[str] | None = None,
                  evidence: pd.DataFrame | None = None, documents: pd.DataFrame | None = None) -> Inputs:
    """Combine workbook and corpus values; fill or refuse missing cells. ``evidence``: bool cities × leaves,
    True where an empty workbook cell was filled from an accepted evidence review (origin ``evidence``);
    ``documents``: the same for an accepted facts review (origin ``document``)."""
    reg = load_registry()
    codes = [c.code for c in reg]
    raw = pd.DataFrame(np.nan, index=pd.Index(codes, name="city_code"), columns=model.leaf_codes)
    origin = pd.DataFrame("missing", index=raw.index, columns=raw.columns, dtype=object)
    notes = list(text_notes or [])
    wbv = wb.values.reindex(index=raw.index)
    for col in wbv.columns:
        has = wbv[col].notna()
        raw.loc[has, col] = wbv.loc[has, col]
        origin.loc[has, col] = "workbook"
    for filled_from, name in ((evidence, "evidence"), (documents, "document")):
        if filled_from is not None:
            mask = filled_from.reindex(index=raw.index, columns=raw.columns, fill_value=False).fillna(False)
            origin = origin.mask(mask.astype(bool), name)
    overrides = stand_ins = 0
    if text is not None:
        for col in text.columns:
            t = text[col].reindex(raw.index)
            wb_has = origin[col] == "workbook"
            over = wb_has & t.notna()          # the corpus has a value and the workbook replaces it
            overrides += int(over.sum())
            stand_ins += int((wb_has & t.isna()).sum())
            origin.loc[over, col] = "override"
            fill = ~wb_has & t.notna()
            raw.loc[fill, col] = t[fill]
            origin.loc[fill, col] = "text"
    if overrides:
        notes.append(f"{overrides} workbook value(s) override values counted in the corpus (origin 'override')")
    if stand_ins:
        notes.append(f"{stand_ins} workbook value(s) fill text-mined leaves of cities the corpus has no value for")
    missing = raw.isna()
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
        policy = policy or model.config.get("missing", {}).get("policy", "province-median")
        provinces = pd.Series({c.code: c.province_code for c in reg})
        filled, mask = impute(raw, policy, provinces, model.leaves["sign"])
        origin = origin.mask(mask, "imputed")
        notes.append(f"imputation {policy}: {int(mask.values.sum())} value(s) filled; missing per leaf — {detail}")
        raw = filled
    return Inputs(raw, origin, notes, policy if missing.values.any() else None)
