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


class Winsoriser:
    """Winsorising as fit/transform (scikit-learn's shape, without importing it: fitted attributes end in `_`).

    `fit` learns each column's bounds mean ∓ k·sd on one edition's values; `transform` clips any edition's values
    to them, so a later edition can be winsorised on an earlier one's bounds. Columns where `skip` is True, and
    columns whose sd is 0 or undefined, get ±inf (left as they are)."""

    def __init__(self, k: float = 3.0, ddof: int = 1, skip: np.ndarray | None = None):
        if k <= 0:
            raise TextmineError(f"the winsorising k must be positive, got {k}")
        self.k, self.ddof, self.skip = k, ddof, skip

    def fit(self, x: np.ndarray) -> "Winsoriser":
        lower, upper = winsor_bounds(x, self.k, self.ddof)
        if self.skip is not None:
            skip = np.asarray(self.skip, dtype=bool)
            lower = np.where(skip, -np.inf, lower)
            upper = np.where(skip, np.inf, upper)
        self.lower_, self.upper_ = lower, upper
        return self

    def transform(self, x: np.ndarray) -> np.ndarray:
        return np.clip(np.atleast_2d(np.asarray(x, dtype=float)), self.lower_, self.upper_)  # NaN stays NaN

    def fit_transform(self, x: np.ndarray) -> np.ndarray:
        return self.fit(x).transform(x)


def winsorise(x: np.ndarray, k: float, ddof: int = 1, skip: np.ndarray | None = None) -> np.ndarray:
    """Clip each column to mean ± k·sd; columns where `skip` is True are left as they are."""
    return Winsoriser(k, ddof, skip).fit_transform(x)


class Normaliser:
    """Normalisation as fit/transform: `fit` learns, per column of one edition's values (after turning negative
    leaves round), what the method needs — min and max (minmax), mean and sd (zscore), the sorted values (rank)
    — and `transform` scores any edition's values on them.

    The rule for a value beyond what was fitted (a later edition's city above last year's maximum): minmax and
    rank hold the value to the fitted [min, max] first (fixed goalposts: a value above the maximum scores as
    the fitted maximum did, 100 under minmax, never more; below the minimum, as the minimum did); zscore is
    unbounded and extrapolates. A value between two fitted ones gets, under rank, the mid-rank between them. Fitted on the values it
    transforms, every score lies within 0–100 already, so holding it there changes nothing (byte for byte)."""

    def __init__(self, method: str = "minmax", sign: np.ndarray | None = None, constant_value: float = 50.0):
        if method not in METHODS:
            raise TextmineError(f"unknown normalisation {method!r}; one of {', '.join(METHODS)}")
        self.method, self.sign, self.constant_value = method, sign, constant_value

    def _turn(self, x: np.ndarray) -> np.ndarray:
        x = np.atleast_2d(np.asarray(x, dtype=float))
        return x * (np.ones(x.shape[1]) if self.sign is None else np.asarray(self.sign, dtype=float))

    def fit(self, x: np.ndarray) -> "Normaliser":
        y = self._turn(x)
        with _quiet():
            self.lo_, self.hi_ = np.nanmin(y, axis=0), np.nanmax(y, axis=0)
            self.mean_ = np.nanmean(y, axis=0)
            self.sd_ = np.nanstd(y, axis=0, ddof=1)
        self.n_ = np.sum(~np.isnan(y), axis=0)
        self.sorted_ = [np.sort(col[~np.isnan(col)]) for col in y.T]      # what `rank` places a value among
        return self.settle()

    def settle(self) -> "Normaliser":
        """The columns with one distinct fitted value (no information: `constant_value` for all), from the fitted
        statistics (also after they were read back from a stored run)."""
        constant = (self.hi_ - self.lo_) == 0
        if self.method == "zscore":
            constant |= ~np.isfinite(self.sd_) | (self.sd_ == 0)
        self.constant_ = constant
        return self

    def transform(self, x: np.ndarray) -> np.ndarray:
        y = self._turn(x)
        present = ~np.isnan(y)
        with _quiet():
            if self.method == "zscore":
                out = 50.0 + 10.0 * (y - self.mean_) / np.where(self.constant_, 1.0, self.sd_)
            elif self.method == "minmax":
                span = np.where(self.constant_, 1.0, self.hi_ - self.lo_)
                out = 100.0 * (self.clip(y) - self.lo_) / span
            else:
                out = 100.0 * (self._mid_ranks(self.clip(y)) - 1.0) / np.where(self.n_ > 1, self.n_ - 1, 1)
        out = np.where(self.constant_, self.constant_value, out)
        return np.where(present, out, np.nan)

    def clip(self, y: np.ndarray) -> np.ndarray:
        """Turned values held to the fitted goalposts [min, max] (a no-op on the values fitted)."""
        return np.clip(y, np.where(np.isnan(self.lo_), -np.inf, self.lo_), np.where(np.isnan(self.hi_), np.inf, self.hi_))

    def beyond(self, x: np.ndarray) -> np.ndarray:
        """Which cells lie outside the fitted [min, max] (clipped by minmax and rank; zscore extrapolates)."""
        y = self._turn(x)
        with np.errstate(invalid="ignore"):
            return (y < self.lo_) | (y > self.hi_)

    def _mid_ranks(self, y: np.ndarray) -> np.ndarray:
        """The average rank each value would have among the fitted values (scipy's rankdata 'average' for a
        fitted value; half a step past its neighbours for one that was not fitted)."""
        out = np.full(y.shape, np.nan)
        for j, ref in enumerate(self.sorted_):
            left = np.searchsorted(ref, y[:, j], side="left").astype(float)
            right = np.searchsorted(ref, y[:, j], side="right").astype(float)
            out[:, j] = np.where(right > left, left + (right - left + 1.0) / 2.0, left + 0.5)
        return out

    def fit_transform(self, x: np.ndarray) -> np.ndarray:
        return self.fit(x).transform(x)


def normalise(x: np.ndarray, sign: np.ndarray | None = None, method: str = "minmax",
              constant_value: float = 50.0) -> np.ndarray:
    """Cities × leaves to comparable scores (higher = better), fitted on the same values; see the module
    docstring."""
    return Normaliser(method, sign, constant_value).fit_transform(x)


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
