"""Group comparisons of the index: regions, economic zones, provinces, pilot cities.

All functions take plain DataFrames: ``scores`` is indexed by city_code with the
columns cemi and one per domain (higher is better). The domains and their Chinese names are
scoring/nodes.csv's (the children of cemi), read once when the report is imported.
City attributes (province, region, zone) come from the registry.
"""
from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import TextmineError
from ..names import domain_names
from ..registry import load_registry

INDEX = "cemi"
DOMAINS = tuple(domain_names())
NODE_ZH = {INDEX: "综合指数", **domain_names()}     # the report calls the composite 综合指数
REGIONS = ("华北", "东北", "华东", "华中", "华南", "西南", "西北")
ZONES = ("东部", "中部", "西部", "东北")


def city_attributes() -> pd.DataFrame:
    """name, province, province_code, region, zone, basins ("|"-joined) for the 339 cities (index city_code)."""
    rows = [{"city_code": c.code, "name": c.name, "province": c.province, "province_code": c.province_code,
             "region": c.region, "zone": c.zone, "basins": "|".join(c.basins)} for c in load_registry()]
    return pd.DataFrame(rows).set_index("city_code")


def check_scores(scores: pd.DataFrame, columns=(INDEX, *DOMAINS)) -> pd.DataFrame:
    missing = [c for c in columns if c not in scores.columns]
    if missing:
        raise TextmineError(f"score table lacks column(s) {', '.join(missing)}; has {', '.join(map(str, scores.columns))}")
    attrs = city_attributes()
    scores = scores.drop(columns=[c for c in attrs.columns if c in scores.columns])  # re-joined from the registry
    scores.index = scores.index.astype(str)
    unknown = sorted(set(scores.index) - set(attrs.index))
    if unknown:
        raise TextmineError(f"score table has city codes not in the registry: {', '.join(unknown[:10])}")
    return scores


def with_ranks(scores: pd.DataFrame) -> pd.DataFrame:
    """Add rank_<node> (1 = best, ties share the better rank) where the table does not already have it."""
    out = scores.copy()
    for node in (INDEX, *DOMAINS):
        col = f"rank_{node}"
        if col not in out.columns or out[col].isna().all():
            out[col] = out[node].rank(ascending=False, method="min")
        out[col] = out[col].astype("Int64")
    return out


def normalise_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """The four domain weights as fractions; None: the model's (scoring/weights.csv of the data root — the one
    place the weights live; a copy here once made `report --scores` weigh a team's run by the published ones)."""
    if weights is None:
        from .build import model_domain_weights   # noqa: PLC0415 (loads the scoring model only when needed)

        weights = model_domain_weights()
    w = dict(weights)
    missing = [d for d in DOMAINS if d not in w]
    if missing:
        raise TextmineError(f"domain weights lack {', '.join(missing)}")
    total = sum(float(w[d]) for d in DOMAINS)
    if total <= 0:
        raise TextmineError("domain weights must be positive")
    if total > 1.5:  # given in per cent
        w = {d: float(w[d]) / 100 for d in DOMAINS}
    return {d: float(w[d]) for d in DOMAINS}


def contributions(scores: pd.DataFrame, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Each domain's contribution to the composite: domain score × domain weight (index city_code)."""
    w = normalise_weights(weights)
    scores = check_scores(scores, DOMAINS)
    return pd.DataFrame({d: scores[d] * w[d] for d in DOMAINS}, index=scores.index)


def _group_contributions(scores, weights, by: str, order) -> pd.DataFrame:
    contrib = contributions(scores, weights).join(city_attributes()[[by]])
    contrib[INDEX] = check_scores(scores)[INDEX]
    g = contrib.groupby(by)
    out = g[list(DOMAINS)].mean()
    out["sum_of_contributions"] = out[list(DOMAINS)].sum(axis=1)
    out[f"mean_{INDEX}"] = g[INDEX].mean()
    out["cities"] = g.size()
    for d in DOMAINS:
        out[f"share_{d}"] = out[d] / out["sum_of_contributions"]
    return out.reindex([o for o in order if o in out.index])


def region_contributions(scores: pd.DataFrame, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Seven regions × mean contribution of each domain (the report's figure 5), with shares and city counts."""
    return _group_contributions(scores, weights, "region", REGIONS)


def zone_comparison(scores: pd.DataFrame, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Four NBS zones: mean contribution of each domain, mean scores of every index, city counts."""
    out = _group_contributions(scores, weights, "zone", ZONES)
    means = check_scores(scores).join(city_attributes()[["zone"]]).groupby("zone")[list(DOMAINS)].mean()
    for d in DOMAINS:
        out[f"mean_{d}"] = means[d]
    return out


def province_summary(scores: pd.DataFrame, first_tier_sd: float = 1.0, first_tier: str = "breaks") -> pd.DataFrame:
    """Per province: cities, mean composite, median, SD, CV (within-province dispersion), min, max, tier.

    Tiers against the national mean of the 339 cities (report/tiers.py): 3 = at or below it, 1 and 2 = above it,
    split where the provincial means break most (``first_tier="breaks"``) or at ``first_tier_sd`` SDs of the
    provincial means (``"sd"``). One-city provinces (the municipalities) have no CV and no tier. Best first.
    """
    from .tiers import province_table  # cycle inside report: tiers reads this module's city attributes

    return province_table(check_scores(scores)[INDEX], first_tier=first_tier, first_tier_sd=first_tier_sd)


def pilot_comparison(scores: pd.DataFrame, pilot: pd.Series) -> pd.DataFrame:
    """Pilot cities against the rest: counts, mean of every index, median rank, share in top 50/100.

    ``pilot`` is a boolean (or 0/1) Series indexed by city_code. The last column is the
    Mann–Whitney U p-value of pilot vs rest for each index (two-sided).
    """
    s = with_ranks(check_scores(scores))
    flag = pd.Series(pilot, copy=True)
    flag.index = flag.index.astype(str)
    flag = flag.reindex(s.index)
    if flag.isna().all():
        raise TextmineError("the pilot flag has no value for any scored city")
    flag = flag.fillna(0).astype(float) > 0
    rows = []
    for label, mask in (("试点城市", flag), ("其他城市", ~flag), ("全部城市", pd.Series(True, index=s.index))):
        sub = s[mask]
        row = {"group": label, "cities": int(mask.sum())}
        for node in (INDEX, *DOMAINS):
            row[f"mean_{node}"] = float(sub[node].mean()) if len(sub) else np.nan
        r = sub[f"rank_{INDEX}"].astype(float)
        row["median_rank"] = float(r.median()) if len(sub) else np.nan
        row["share_top50"] = float((r <= 50).mean()) if len(sub) else np.nan
        row["share_top100"] = float((r <= 100).mean()) if len(sub) else np.nan
        row["above_national_mean"] = float((sub[INDEX] > s[INDEX].mean()).mean()) if len(sub) else np.nan
        rows.append(row)
    out = pd.DataFrame(rows).set_index("group")
    if flag.sum() and (~flag).sum():
        out.loc["试点城市", "mannwhitney_p_cemi"] = float(
            stats.mannwhitneyu(s.loc[flag, INDEX], s.loc[~flag, INDEX], alternative="two-sided").pvalue)
    return out


def pilot_members(scores: pd.DataFrame, pilot: pd.Series) -> pd.DataFrame:
    """The pilot cities with their scores and ranks, best first."""
    s = with_ranks(check_scores(scores)).join(city_attributes()[["name", "province"]])
    flag = pd.Series(pilot).rename(lambda c: str(c)).reindex(s.index).fillna(0).astype(float) > 0
    cols = ["name", "province", INDEX, f"rank_{INDEX}", *DOMAINS]
    return s.loc[flag, cols].sort_values(f"rank_{INDEX}")
