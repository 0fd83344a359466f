"""Statistics of the yes/no leaves (是否…): how many cities answered, how many answered yes, and the
share of yes — nationally and by zone, province and river basin — with both denominators named.

The published report counts shares of all 339 cities ("49%的城市（166个）出台了…实施方案":
166 / 339); cities that did not answer (no value, or a value the scoring run imputed) are
counted in that denominator but not among the answering cities.
"""
from __future__ import annotations

import pandas as pd

from .compare_groups import NODE_ZH
from .group_stats import NATIONAL
from .groups import basins, group_masks

YESNO = "yesno"
DENOMINATORS = ("share_answering：分母为有答复的城市（有值且不是插补值）；share_all：分母为该组全部城市"
                "（与报告“49%的城市（166个）”同一口径）。")


def yesno_leaves(leaf_meta: pd.DataFrame) -> pd.DataFrame:
    """The model's yes/no leaves (index leaf code) with name_zh, level1 and domain, in model order."""
    meta = leaf_meta.set_index("leaf") if "leaf" in leaf_meta.columns else leaf_meta
    return meta[meta["type"] == YESNO]


def answers(leaves: pd.DataFrame, codes) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(answered, yes) as city_code × leaf boolean tables from the long leaf values of a scoring run."""
    v = leaves[leaves["leaf"].isin(list(codes))].copy()
    v["raw"] = pd.to_numeric(v["raw"], errors="coerce")
    imputed = v["origin"].eq("imputed") if "origin" in v.columns else False
    v["answered"] = v["raw"].notna() & ~imputed
    v["yes"] = v["answered"] & (v["raw"] > 0)
    wide = v.pivot(index="city_code", columns="leaf", values=["answered", "yes"])
    answered = wide["answered"].reindex(columns=list(codes)).fillna(False).astype(bool)
    yes = wide["yes"].reindex(columns=list(codes)).fillna(False).astype(bool)
    answered.index = answered.index.astype(str)
    yes.index = yes.index.astype(str)
    return answered, yes


def _counts(answered: pd.DataFrame, yes: pd.DataFrame, mask: pd.Series) -> pd.DataFrame:
    """cities, answering, yes and both shares per leaf (rows) for the cities of ``mask``."""
    n = int(mask.sum())
    a = answered[mask].sum()
    y = yes[mask].sum()
    return pd.DataFrame({"cities": n, "answering": a.astype(int), "yes": y.astype(int),
                         "share_answering": y / a.where(a > 0), "share_all": y / n if n else float("nan")})


def yesno_tables(leaves: pd.DataFrame, leaf_meta: pd.DataFrame, attrs: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """{"national": one row per yes/no leaf, "groups": leaf × zone/province/basin (long),
    "basins": share of all cities answering yes per leaf and basin (wide, the report's basin comparison)}."""
    meta = yesno_leaves(leaf_meta)
    codes = list(meta.index)
    answered, yes = answers(leaves, codes)
    answered = answered.reindex(attrs.index, fill_value=False)
    yes = yes.reindex(attrs.index, fill_value=False)
    domain_zh = meta["domain"].map(NODE_ZH).fillna(meta["domain"])
    national = _counts(answered, yes, pd.Series(True, index=attrs.index))
    national.insert(0, "name_zh", meta["name_zh"])
    national.insert(1, "domain_zh", domain_zh)
    national = national.rename_axis("leaf").reset_index()
    parts = []
    for kind, group, mask in group_masks(attrs, kinds=("zone", "province", "basin")):
        part = _counts(answered, yes, mask)
        part.insert(0, "group", group)
        part.insert(0, "group_kind", kind)
        part.insert(0, "name_zh", meta["name_zh"])
        parts.append(part.rename_axis("leaf").reset_index())
    order = {c: i for i, c in enumerate(codes)}  # leaf by leaf; within a leaf the groups in report order
    groups = pd.concat(parts, ignore_index=True).sort_values("leaf", key=lambda s: s.map(order), kind="stable")
    groups = groups.reset_index(drop=True)
    wide = groups[groups["group_kind"] == "basin"].pivot(index="leaf", columns="group", values="share_all")
    wide = wide.reindex(index=codes, columns=basins())
    wide[NATIONAL] = national.set_index("leaf")["share_all"]
    wide.insert(0, "name_zh", meta["name_zh"])
    wide.insert(1, "domain_zh", domain_zh)
    gov = wide[meta["domain"].reindex(wide.index) == "governance"]
    if len(gov):
        mean = gov.drop(columns=["name_zh", "domain_zh"]).mean()
        wide.loc["governance_mean"] = {"name_zh": "政府管理水平是/否指标平均（政策颁布和覆盖）",
                                       "domain_zh": NODE_ZH["governance"], **mean.to_dict()}
    wide.index.name = "leaf"
    return {"national": national, "groups": groups, "basins": wide}
