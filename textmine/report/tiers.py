"""Figure 7: each province's mean, the dispersion of its cities (省内城市离散度) and its tier.

The report: "福建省和青海省的生态资产管理综合水平处于第一梯队，云南、湖北等10省高于全国城市总体均值……山东、甘肃等
15省（区）指数均值低于全国总体均值，属于第三梯队" — 2 + 10 + 15 = 27, the provinces with more than one city (the four
municipalities, one city each, have no within-province dispersion and no tier). Tiers are drawn against the mean of
the 339 cities:

- tier 3: provincial mean at or below the national mean;
- tiers 1 and 2: the provinces above it, split where their means break most (the best two-class split of the
  sorted means, least within-class sum of squares: Fisher–Jenks with two classes) — the report does not publish
  its cut; ``first_tier="sd"`` uses national mean + ``first_tier_sd`` standard deviations of the provincial means
  instead.

On scores the dispersion is the CV (SD / mean); on ranks (the published edition) the province's mean rank stands
in for its mean score and the dispersion is the interquartile range of its cities' ranks, labelled "按排名":
a mean rank is not a mean score, so ranks cannot decide the report's tier counts (the ledger says so).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import TextmineError
from .compare_groups import city_attributes

FIRST_TIER_RULES = ("breaks", "sd")


def best_break(ordered) -> int:
    """k splitting ``ordered`` (sorted, best first) into [:k] and [k:] with the least total within-class sum
    of squares (two-class Fisher–Jenks, exact: every split is tried)."""
    v = np.asarray(ordered, dtype=float)
    if len(v) < 2:
        return len(v)
    sse = [((v[:k] - v[:k].mean()) ** 2).sum() + ((v[k:] - v[k:].mean()) ** 2).sum() for k in range(1, len(v))]
    return int(np.argmin(sse)) + 1


def assign_tiers(means: pd.Series, national: float, higher_is_better: bool = True, first_tier: str = "breaks",
                 first_tier_sd: float = 1.0) -> tuple[pd.Series, float]:
    """(tier 1/2/3 per province, the cut between tiers 1 and 2) for provincial ``means`` against ``national``."""
    if first_tier not in FIRST_TIER_RULES:
        raise TextmineError(f"first_tier must be one of {', '.join(FIRST_TIER_RULES)}, not {first_tier!r}")
    sign = 1.0 if higher_is_better else -1.0
    good = sign * (means - national)          # > 0: better than the nation
    above = means[good > 0]
    if first_tier == "sd":
        cut = national + sign * first_tier_sd * float(means.std(ddof=1))
        first = sign * (means - cut) > 0
    elif len(above) >= 2:
        ordered = above.sort_values(ascending=not higher_is_better)   # best first
        k = best_break(ordered.to_numpy())
        first = means.index.isin(ordered.index[:k])
        cut = float((ordered.iloc[k - 1] + ordered.iloc[k]) / 2) if k < len(ordered) else float(ordered.iloc[-1])
    else:
        first, cut = means.index.isin(above.index), national
    tier = pd.Series(np.select([first, good > 0], [1, 2], 3), index=means.index)
    return tier, cut


def province_table(values: pd.Series, *, ranks: bool = False, first_tier: str = "breaks",
                   first_tier_sd: float = 1.0) -> pd.DataFrame:
    """Per province: cities, mean, SD, dispersion (CV on scores; rank IQR on ranks), min, max, difference from the
    national mean and tier (NA for one-city provinces). ``values``: one index's scores (higher better) or ranks
    (1 = best; ``ranks=True``) by city_code. Sorted best first; attrs national_mean, first_tier_cut, rule."""
    attrs = city_attributes()[["province", "province_code"]]
    s = pd.DataFrame({"v": pd.to_numeric(values, errors="coerce")})
    s.index = s.index.astype(str)
    s = s.join(attrs, how="inner")
    if s["v"].isna().all():
        raise TextmineError("no values to summarise by province")
    g = s.groupby("province")["v"]
    out = pd.DataFrame({"province_code": s.groupby("province")["province_code"].first(), "cities": g.size(),
                        "mean": g.mean(), "median": g.median(), "sd": g.std(ddof=1), "min": g.min(), "max": g.max()})
    if ranks:
        out["q1"], out["q3"] = g.quantile(0.25), g.quantile(0.75)
        out["iqr"] = out["q3"] - out["q1"]
    else:
        out["cv"] = np.where(out["cities"] > 1, out["sd"] / out["mean"].where(out["mean"] != 0), np.nan)
    national = float(s["v"].mean())
    out["vs_national"] = out["mean"] - national
    multi = out["cities"] > 1
    tier, cut = assign_tiers(out.loc[multi, "mean"], national, not ranks, first_tier, first_tier_sd)
    out["tier"] = tier.reindex(out.index).astype("Int64")
    out = out.sort_values("mean", ascending=ranks)
    out.attrs.update(national_mean=national, first_tier_cut=cut, rule=tier_rule(first_tier, first_tier_sd),
                     ranks=ranks)
    return out


def tier_rule(first_tier: str = "breaks", first_tier_sd: float = 1.0) -> str:
    """The tier rule in words, for the notes under the table and the ledger."""
    one = ("第一梯队：优于全国城市均值的省份中，按省均值最优二分（组内平方和最小，即两类 Fisher–Jenks）的较好一组"
           if first_tier == "breaks" else f"第一梯队：优于全国均值 {first_tier_sd:g} 个省均值标准差")
    return (f"{one}；第二梯队：其余优于全国城市均值的省份；第三梯队：不优于全国均值。"
            "直辖市只有一个城市，不分梯队（报告的 2 + 10 + 15 = 27 个省区同此）。报告没有公布第一梯队的分界。")


def tier_members(table: pd.DataFrame) -> dict[int, list[str]]:
    """{tier: [province, …]} of a province table, best first."""
    t = table.dropna(subset=["tier"])
    return {k: list(t.index[t["tier"] == k]) for k in (1, 2, 3)}
