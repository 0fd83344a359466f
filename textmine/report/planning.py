"""The report's planning section (规划引领, G05–G08): the counts per category and city, the outline counted for
each city, the cities without one and why — and, from the run's provenance, what the score used for those
cities (a workbook value, an imputed one, or none), so the section never contradicts the score."""
from __future__ import annotations

import pandas as pd

from ..lexicon import plan_categories
from ..names import category_indicator_name
from ..scoring.provenance import KINDS, Provenance
from .table import Table


def plan_leaves(leaf_meta: pd.DataFrame | None) -> list[str]:
    """The leaves counted from plan outlines (text_key plan.*), in model order."""
    if leaf_meta is None or "text_key" not in leaf_meta.columns:
        return []
    return [str(c) for c, k in leaf_meta["text_key"].items() if isinstance(k, str) and k.startswith("plan.")]


def score_use(leaves: pd.DataFrame | None, leaf_meta: pd.DataFrame | None, cities) -> tuple[pd.Series | None, str]:
    """For cities without a counted outline: per city, where the score's planning cells came from (kinds in
    Chinese), and one sentence counting those cells by kind — or (None, why it cannot be said)."""
    pl = plan_leaves(leaf_meta)
    if leaves is None or not pl or "origin" not in leaves.columns:
        return None, "得分不是评分运行的结果（例如 --scores 文件）：无法说明这些城市的规划引领指标在得分中如何取值。"
    prov = Provenance.from_leaves(leaves[leaves["leaf"].isin(pl)])
    o = prov.origin.reindex(index=list(cities))
    per_city = o.apply(lambda r: "、".join(dict.fromkeys(KINDS[k].zh if k in KINDS else k for k in r.dropna())),
                       axis=1)
    counts = pd.Series(o.to_numpy().ravel()).value_counts()
    parts = "，".join(f"{KINDS[k].zh if k in KINDS else k} {int(n):,}" for k, n in counts.items())
    sentence = (f"本次评分中，这 {len(o)} 个城市的规划引领指标（{'、'.join(pl)}）共 {o.size:,} 个单元格：{parts}"
                "（工作簿值不是文本计数；插补与缺失见“数据来源”）。") if len(o) else ""
    return per_city, sentence


def planning_tables(planning: pd.DataFrame, attrs: pd.DataFrame, leaves: pd.DataFrame | None = None,
                    leaf_meta: pd.DataFrame | None = None) -> list:
    """Summary per lexicon category, and the per-city counts, of the planning-guidance indicators, each
    city with the plan period and the one document counted."""
    p = planning.copy()
    p.index = p.index.astype(str)
    period = str(p["period"].iloc[0]) if "period" in p.columns and len(p) else "十四五"
    # the categories counted (the lexicon files, in report order) and the names the indicator tree gives them
    known = plan_categories()
    cats = [c for c in p.columns if c in known or f"{c}_density" in p.columns]
    zh = {c: category_indicator_name(c) for c in cats}
    rows = []
    for c in cats:
        v = pd.to_numeric(p[c], errors="coerce")
        best = v.idxmax() if v.notna().any() else None
        rows.append({"category": c, "类别": zh[c], "period": period, "cities_with_plan": int(v.notna().sum()),
                     "mean": v.mean(), "median": v.median(), "min": v.min(), "max": v.max(),
                     "max_city": attrs["name"].get(best, best) if best is not None else None})
    summary = pd.DataFrame(rows)
    dens = [f"{c}_density" for c in cats if f"{c}_density" in p.columns]
    source = [c for c in ("document_id", "draft", "document_title") if c in p.columns]
    per_city = p[cats + dens + [c for c in p.columns if c == "has_plan"] + source].join(
        attrs[["name", "province"]], how="left")
    if "has_plan" in per_city.columns:
        per_city = per_city[per_city["has_plan"]]
    if cats:
        per_city = per_city.sort_values(cats[0], ascending=False, na_position="last")
    # lexicon names, so that "market" (term count) is not read as the market domain
    labels = {**{c: f"{zh[c]}词频" for c in cats},
              **{f"{c}_density": f"{zh[c]}每万字" for c in cats},
              "document_id": "计数文件", "draft": "草案", "document_title": "文件标题"}
    per_city = per_city[["name", "province", *[c for c in per_city.columns if c not in ("name", "province")]]]
    per_city = per_city.rename(columns=labels)
    per_city, replaced = _values_used(per_city, cats, zh, leaves, leaf_meta)
    drafts = int(p["draft"].sum()) if "draft" in p.columns else 0
    without = p.index[~p["has_plan"].astype(bool)] if "has_plan" in p.columns else p.index[:0]
    _, used = score_use(leaves, leaf_meta, without)
    used += replaced
    return [Table("planning", f"规划引领：{period}规划纲要词频指标汇总", summary,
                  f"词频为各城市“{period}”规划纲要（每市每期只计一份：最完整的副本；无正式稿时才计草案，并标明）中四类词表的"
                  f"出现次数；专项规划不计。语料中没有{period}规划纲要的 {len(without)} 个城市没有文本计数（不计为 0，"
                  f"也不用其他时期的规划替代）。" + used + (f"其中 {drafts} 个城市计的是草案。" if drafts else "")),
            Table("planning_cities", f"规划引领：各城市词频（{period}）", per_city)]


def _values_used(per_city: pd.DataFrame, cats: list[str], zh: dict, leaves: pd.DataFrame | None,
                 leaf_meta: pd.DataFrame | None) -> tuple[pd.DataFrame, str]:
    """For cities whose score did not take the text count (a workbook value replaced it: `--workbook-overrides`),
    the value the score used beside the count, so this table never contradicts the score; and a sentence."""
    if leaves is None or leaf_meta is None or "origin" not in leaves.columns or "text_key" not in leaf_meta.columns:
        return per_city, ""
    leaf_of = {str(k).split(".", 1)[1]: str(c) for c, k in leaf_meta["text_key"].items()
               if isinstance(k, str) and k.startswith("plan.")}
    lv = leaves.set_index(["city_code", "leaf"])
    n = 0
    for c in cats:
        leaf = leaf_of.get(c)
        if leaf is None:
            continue
        rows = lv.xs(leaf, level="leaf") if leaf in lv.index.get_level_values("leaf") else None
        if rows is None:
            continue
        rows = rows.reindex(per_city.index)
        other = rows["origin"].notna() & (rows["origin"] != "text")
        if other.any():
            per_city[f"{zh[c]}评分所用值"] = rows["raw"].where(other)
            per_city[f"{zh[c]}评分所用来源"] = rows["origin"].where(other).map(
                lambda k: KINDS[k].zh if k in KINDS else k)
            n += int(other.sum())
    return per_city, (f"其中 {n} 个单元格评分未用文本计数（工作簿值覆盖，`--workbook-overrides`）：“评分所用值”列给出评分所用的值。"
                      if n else "")


def edition_tables(ed, leaves: pd.DataFrame | None = None, leaf_meta: pd.DataFrame | None = None) -> list:
    """The documents counted, the cities without an outline (why, and what the score used instead), and the
    refresh view (report/editions.py)."""
    missing = ed.missing
    per_city, used = score_use(leaves, leaf_meta, missing["city_code"] if len(missing) else [])
    if per_city is not None and len(missing):
        missing = missing.assign(score_value=missing["city_code"].map(per_city).fillna("").to_numpy())
    out = [Table("planning_documents", f"规划引领：各城市计数的{ed.period}规划纲要", ed.counted,
                 "每个城市每个规划期只计一份纲要；其他文件（副本、已有正式稿的草案、专项规划、解读）不计，原因见“not_counted”与审计页。"),
           Table("planning_missing", f"没有{ed.period}规划纲要的城市（{len(ed.missing)} 个）", missing,
                 "语料没有这些城市的规划文本计数（不计为 0，也不用其他时期的规划替代）；reason 列出被搁置的文件及原因，"
                 "score_value 为本次评分所用的值的来源。" + used)]
    if ed.review is not None:
        out.append(Table("planning_review", f"待复核的{ed.period}纲要选择（{len(ed.review)} 个城市）", ed.review,
                         "这些城市计数哪一份文件（或没有纲要）尚不确定，也没有人工复核记录；复核结果记在工作区的 "
                         "corpora/editions-decisions.csv。"))
    if ed.compare is not None:
        old, new = ed.compare
        out.append(Table("refresh_movers", f"{old}→{new}：规划词频变化最大的城市", ed.movers,
                         "四类词汇合计每万字出现次数（密度，消除纲要篇幅差异）；只比较两期都有纲要的城市。"
                         f"两期用同一词典版本计数：{ed.lexicon}。"))
        out.append(Table("refresh_terms", f"{old}→{new}：新出现的词（按城市数）", ed.gained))
    return out
