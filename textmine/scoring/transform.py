"""Per-leaf transforms over the cities: impute, winsorise, normalise.

Each works on a cities × leaves array (NaN = missing) and is documented for its edge cases:

- winsorise: clip to mean ± k·sd (sample sd, ddof=1 by default), NaN ignored. A constant column,
  an all-missing column and a single city are returned unchanged (sd is 0 or undefined).
- normalise, after turning negative leaves round (y = sign·x):
    minmax  100·(y - min)/(max - min)
    zscore  50 + 10·(y - mean)/sd
    rank    100·(average rank - 1)/(n - 1), ascending in y
  A column with one distinct value (a constant column, a single city) carries no information:
  every city with a value gets `constant_value` (50 by default), so it moves no rank. An
  all-missing column stays missing; aggregation then leaves it out and renormalises its siblings.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from ..errors import TextmineError

METHODS = ("minmax", "zscore", "rank")
IMPUTATION = ("province-median", "median", "worst", "reweight")


class _quiet(warnings.catch_warnings):
    """All-missing columns make nanmean & co. warn; their NaN results are handled explicitly."""

    def __enter__(self):
        super().__enter__()
        warnings.simplefilter("ignore", RuntimeWarning)


def winsor_bounds(x: np.ndarray, k: float, ddof: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper bounds (mean ∓ k·sd) per column; ±inf where sd is 0 or undefined."""
    x = np.atleast_2d(np.asarray(x, dtype=float))
    with _quiet():
        n = np.sum(~np.isnan(x), axis=0)
        mean = np.nanmean(x, axis=0)
        sd = np.nanstd(x, axis=0, ddof=ddof)
    usable = (n > ddof) & np.isfinite(sd) & (sd > 0)
    lower = np.where(usable, mean - k * np.where(usable, sd, 0), -np.inf)
    upper = np.where(usable, mean + k * np.where(usable, sd, 0), np.inf)
    return lower, upper


def winsorise(x: np.ndarray, k: float, ddof: int = 1, skip: np.ndarray | None = None) -> np.ndarray:
    """Clip each column to mean ± k·sd; columns where `skip` is True are left as they are."""
    if k <= 0:
        raise TextmineError(f"the winsorising k must be positive, got {k}")
    x = np.atleast_2d(np.asarray(x, dtype=float))
    lower, upper = winsor_bounds(x, k, ddof)
    if skip is not None:
        skip = np.asarray(skip, dtype=bool)
        lower = np.where(skip, -np.inf, lower)
        upper = np.where(skip, np.inf, upper)
    return np.clip(x, lower, upper)  # NaN stays NaN


def normalise(x: np.ndarray, sign: np.ndarray | None = None, method: str = "minmax",
              constant_value: float = 50.0) -> np.ndarray:
    """Cities × leaves to comparable scores (higher = better); see the module docstring."""
    if method not in METHODS:
        raise TextmineError(f"unknown normalisation {method!r}; one of {', '.join(METHODS)}")
    x = np.atleast_2d(np.asarray(x, dtype=float))
    y = x * (np.ones(x.shape[1]) if sign is None else np.asarray(sign, dtype=float))
    present = ~np.isnan(y)
    with _quiet():
        lo, hi = np.nanmin(y, axis=0), np.nanmax(y, axis=0)
        constant = (hi - lo) == 0
        if method == "minmax":
            span = np.where(constant, 1.0, hi - lo)
            out = 100.0 * (y - lo) / span
        elif method == "zscore":
            mean = np.nanmean(y, axis=0)
            sd = np.nanstd(y, axis=0, ddof=1)
            constant |= ~np.isfinite(sd) | (sd == 0)
            out = 50.0 + 10.0 * (y - mean) / np.where(constant, 1.0, sd)
        else:
            n = present.sum(axis=0)
            ranks = rankdata(np.where(present, y, np.inf), method="average", axis=0)
            out = 100.0 * (ranks - 1.0) / np.where(n > 1, n - 1, 1)
    out = np.where(constant, constant_value, out)
    return np.where(present, out, np.nan)


def impute(raw: pd.DataFrame, policy: str, provinces: pd.Series, sign: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fill missing cells; returns (filled, mask of filled cells). `reweight` fills nothing."""
    if policy not in IMPUTATION:
        raise TextmineError(f"unknown imputation policy {policy!r}; one of {', '.join(IMPUTATION)}")
    missing = raw.isna()
    if policy == "reweight" or not missing.values.any():
        return raw.copy(), missing & False
    filled = raw.copy()
    national = raw.median(axis=0, skipna=True)
    if policy == "province-median":
        by_province = raw.groupby(provinces.reindex(raw.index).values).transform("median")
        filled = filled.fillna(by_province).fillna(national)
    elif policy == "median":
        filled = filled.fillna(national)
    else:  # worst observed value in the leaf's direction
        worst = pd.Series(np.where(sign.reindex(raw.columns) < 0, raw.max(), raw.min()), index=raw.columns)
        filled = filled.fillna(worst)
    return filled, missing & filled.notna()
