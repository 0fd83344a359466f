"""Gather the raw value of every leaf for every city: workbook, corpus, overrides, imputation.

Text-mined leaves (source keys plan.theme, plan.resource, plan.policy, plan.market, news.count)
come from `textmine.match.planning_indicators` and `textmine.crawl.news_counts`, imported
lazily: when the stage is not installed or has not run, its values are missing and a note
says so. A workbook value for such a leaf is an explicit override (origin `override`).
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import TextmineError
from ..registry import load_registry
from .model import Model
from .transform import impute
from .workbook import WorkbookData


@dataclass
class Inputs:
    raw: pd.DataFrame            # 339 cities × leaves, NaN = missing
    origin: pd.DataFrame         # workbook | text | override | evidence | imputed | missing
    notes: list[str] = field(default_factory=list)
    imputation: str | None = None


def text_mined_values(store, model: Model) -> tuple[pd.DataFrame, list[str]]:
    """cities × text-mined leaves from the corpus stages (NaN where they have nothing)."""
    codes = [c.code for c in load_registry()]
    leaves = model.text_leaves()
    out = pd.DataFrame(np.nan, index=pd.Index(codes, name="city_code"), columns=list(leaves))
    notes: list[str] = []
    wanted_plan = {leaf: key.split(".", 1)[1] for leaf, key in leaves.items() if key.startswith("plan.")}
    if wanted_plan:
        try:
            from ..match import planning_indicators  # noqa: PLC0415 (optional stage, imported lazily)

            plan = planning_indicators(store)
            for leaf, col in wanted_plan.items():
                if col not in plan.columns:
                    notes.append(f"planning indicators have no column {col!r}: {leaf} is missing")
                    continue
                out[leaf] = pd.to_numeric(plan[col], errors="coerce").reindex(out.index)
            got = int(out[list(wanted_plan)].notna().any(axis=1).sum())
            notes.append(f"planning counts from the corpus for {got} of {len(codes)} cities "
                         f"({', '.join(wanted_plan)})")
        except (ImportError, AttributeError) as exc:
            notes.append(f"planning counts unavailable (textmine.match: {exc}); {', '.join(wanted_plan)} are missing")
        except sqlite3.Error as exc:
            notes.append(f"planning counts unavailable (run `textmine count` first: {exc}); "
                         f"{', '.join(wanted_plan)} are missing")
    news_leaves = [leaf for leaf, key in leaves.items() if key == "news.count"]
    if news_leaves:
        try:
            from ..crawl import news_counts  # noqa: PLC0415

            counts = pd.to_numeric(news_counts(store), errors="coerce").reindex(out.index)
            for leaf in news_leaves:
                out[leaf] = counts
            notes.append(f"news counts from the corpus for {int(counts.notna().sum())} of {len(codes)} cities "
                         f"({', '.join(news_leaves)})")
        except (ImportError, AttributeError) as exc:
            notes.append(f"news counts unavailable (textmine.crawl: {exc}); {', '.join(news_leaves)} are missing")
        except sqlite3.Error as exc:
            notes.append(f"news counts unavailable (crawl the news first: {exc}); {', '.join(news_leaves)} are missing")
    return out, notes


def gather_inputs(model: Model, wb: WorkbookData, text: pd.DataFrame | None = None, *,
                  allow_missing: bool = False, policy: str | None = None, text_notes: list[str] | None = None,
                  evidence: pd.DataFrame | None = None) -> Inputs:
    """Combine workbook and corpus values; fill or refuse missing cells. ``evidence``: bool cities × leaves,
    True where an empty workbook cell was filled from an accepted evidence review (origin ``evidence``)."""
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
    if evidence is not None:
        mask = evidence.reindex(index=raw.index, columns=raw.columns, fill_value=False).fillna(False).astype(bool)
        origin = origin.mask(mask, "evidence")
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
        detail = "; ".join(f"{c}{' (' + text_leaves[c] + ')' if c in text_leaves else ''}: {n}"
                           for c, n in per_leaf.items())
        if not allow_missing:
            raise TextmineError(f"{int(missing.values.sum())} missing value(s) (leaf: cities) — {detail}. Fill "
                                f"them in the workbook, run the text-mining stages, or pass --allow-missing "
                                f"with an imputation policy")
        policy = policy or model.config.get("missing", {}).get("policy", "province-median")
        provinces = pd.Series({c.code: c.province_code for c in reg})
        filled, mask = impute(raw, policy, provinces, model.leaves["sign"])
        origin = origin.mask(mask, "imputed")
        notes.append(f"imputation {policy}: {int(mask.values.sum())} value(s) filled; missing per leaf — {detail}")
        raw = filled
    return Inputs(raw, origin, notes, policy if missing.values.any() else None)
