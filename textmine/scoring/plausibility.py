"""Plausibility of workbook values beyond each cell's own range, as scoring/plausibility.toml says.

Errors (impossible values): a part of the city's territory larger than the city (its area from
corpora/city_areas.csv, shipped so that no geometry library is needed here), disjoint parts summing
to more than their whole, a growth rate outside its stated bounds. Warnings: outliers by robust
z-score (median/MAD). SD winsorising cannot tame one extreme value among 339 (it inflates the SD it
clips with), so such a value must be stopped here, before it squashes every other city to ≈ 0.
Findings name the city and the leaves; the workbook reader adds sheet, row and column.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..datacsv import read_table
from ..datatoml import read_toml
from ..errors import TextmineError
from ..names import city_label, indicator_label
from ..resources import data_path
from .model import LEAF_TYPES, Model

CITY_AREA = "city_area"
MAD_SCALE = 0.6745          # MAD of a normal distribution / its SD: makes the robust z comparable to z


@dataclass(frozen=True)
class Partition:
    name: str
    leaves: tuple[str, ...]
    total: float | None          # None: the city's area
    tolerance: float = 0.0       # rounding allowance, in the leaves' unit


@dataclass(frozen=True)
class Bound:
    leaves: tuple[str, ...]
    lo: float | None
    hi: float | None
    why: str


@dataclass(frozen=True)
class Rules:
    path: Path
    area_leaves: tuple[str, ...]
    margin: float
    partitions: tuple[Partition, ...]
    bounds: tuple[Bound, ...]
    threshold: float
    log_types: tuple[str, ...]
    skip_types: tuple[str, ...]

    def partition_of(self, leaf: str) -> Partition | None:
        return next((p for p in self.partitions if leaf in p.leaves), None)


@dataclass
class Finding:
    kind: str                    # error | warning
    city: str                    # city code
    leaves: tuple[str, ...]
    value: float
    message: str


def load_rules(model: Model) -> Rules:
    """Read and check scoring/plausibility.toml of the model (errors name the file and entry)."""
    path = model.root / "plausibility.toml"
    raw = read_toml(path, missing=f"model file {path} is missing")
    leaves = model.leaves

    def codes(where: str, value, unit: str | None = None) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            raise TextmineError(f"{path}: {where}: `leaves` must be a non-empty list of leaf codes")
        for c in value:
            if c not in leaves.index:
                raise TextmineError(f"{path}: {where}: {c!r} is not a leaf of {model.root / 'indicators.csv'}")
            if unit and leaves.at[c, "unit"] != unit:
                raise TextmineError(f"{path}: {where}: {indicator_label(c, model.root)} is in {leaves.at[c, 'unit']}, "
                                    f"not {unit}")
        return tuple(value)

    def number(where: str, value, optional: bool = False) -> float | None:
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TextmineError(f"{path}: {where} must be a number, got {value!r}")
        return float(value)

    area = raw.get("city_area", {})
    area_leaves = codes("[city_area]", area.get("leaves"), "km²")
    margin = number("[city_area] margin", area.get("margin", 0.0))
    partitions = []
    for i, p in enumerate(raw.get("partition", []), start=1):
        where = f"[[partition]] {i} ({p.get('name', '')})"
        total = p.get("total")
        unit = "km²" if total == CITY_AREA else "%"
        if total != CITY_AREA:
            total = number(f"{where} total (a number of % or \"{CITY_AREA}\")", total)
        partitions.append(Partition(str(p.get("name", f"partition {i}")), codes(where, p.get("leaves"), unit),
                                    None if total == CITY_AREA else total,
                                    number(f"{where} tolerance", p.get("tolerance", 0.0))))
    bounds = []
    for i, b in enumerate(raw.get("bounds", []), start=1):
        where = f"[[bounds]] {i}"
        lo, hi = number(f"{where} min", b.get("min"), True), number(f"{where} max", b.get("max"), True)
        if lo is not None and hi is not None and lo >= hi:
            raise TextmineError(f"{path}: {where}: min {lo:g} must be below max {hi:g}")
        if not b.get("why"):
            raise TextmineError(f"{path}: {where}: say `why` these bounds hold")
        bounds.append(Bound(codes(where, b.get("leaves")), lo, hi, str(b["why"])))
    out = raw.get("outliers", {})
    threshold = number("[outliers] threshold", out.get("threshold"))
    if threshold <= 0:
        raise TextmineError(f"{path}: [outliers] threshold must be positive, got {threshold:g}")
    types = {}
    for key in ("log_types", "skip_types"):
        types[key] = tuple(out.get(key, []))
        bad = [t for t in types[key] if t not in LEAF_TYPES]
        if bad:
            raise TextmineError(f"{path}: [outliers] {key}: unknown type(s) {bad}; one of {', '.join(LEAF_TYPES)}")
    return Rules(path, area_leaves, margin, tuple(partitions), tuple(bounds), threshold, types["log_types"],
                 types["skip_types"])


def load_city_areas(path: str | Path | None = None) -> dict[str, float]:
    """{city code: area in km²} from corpora/city_areas.csv (made by tools/build_city_areas.py)."""
    path = Path(path) if path else data_path("corpora", "city_areas.csv")
    if not path.is_file():
        raise TextmineError(f"{path} is missing; rebuild it with tools/build_city_areas.py")
    table = read_table(path, ("code", "area_km2"))
    out = {}
    for line, row in table.rows:
        try:
            area = float(row["area_km2"].strip())
        except ValueError:
            raise TextmineError(f"{table.where(line)}: area_km2 {row['area_km2']!r} is not a number (km²)") from None
        if not area > 0:
            raise TextmineError(f"{table.where(line)}: area_km2 {row['area_km2']!r} must be a positive number (km²)")
        out[row["code"].strip()] = area
    return out


def robust_z(x: pd.Series) -> pd.Series | None:
    """0.6745 · (x − median) / MAD over the non-empty values; None when MAD is 0 (or fewer than 3 values)."""
    x = x.dropna()
    if len(x) < 3:
        return None
    med = float(x.median())
    mad = float((x - med).abs().median())
    if mad == 0:
        return None
    return MAD_SCALE * (x - med) / mad


def check_plausibility(values: pd.DataFrame, model: Model, rules: Rules | None = None,
                       areas: dict[str, float] | None = None) -> list[Finding]:
    """Every implausible cell of `values` (index city code, leaf columns; NaN = empty); messages name each
    leaf and city with its Chinese name (textmine.names)."""
    rules = rules or load_rules(model)
    found: list[Finding] = []
    area_cols = [c for c in rules.area_leaves if c in values.columns]
    if area_cols or any(p.total is None for p in rules.partitions):
        areas = areas if areas is not None else load_city_areas()
        missing = [c for c in values.index if c not in areas]
        if missing:
            raise TextmineError(f"no area for city {', '.join(map(city_label, missing[:5]))} in corpora/city_areas.csv; "
                                f"rebuild it with tools/build_city_areas.py")
    for code in area_cols:
        for city, v in values[code].dropna().items():
            limit = areas[city] * (1 + rules.margin)
            if v > limit:
                found.append(Finding("error", city, (code,), v, (
                    f"{indicator_label(code, model.root)} = {v:g} km² is more than the area of {city_label(city)}, "
                    f"{areas[city]:,.0f} km² (accepted: up to {limit:,.0f} km², the area in corpora/city_areas.csv "
                    f"+ {rules.margin:.0%}); is the unit km² (not m², hectares or mu)?")))
    flagged = {(f.city, leaf) for f in found for leaf in f.leaves}
    for part in rules.partitions:
        cols = [c for c in part.leaves if c in values.columns]
        if len(cols) < 2:
            continue
        sums = values[cols].sum(axis=1, min_count=1)
        for city, total in sums.dropna().items():
            if any((city, c) in flagged for c in cols):
                continue                       # one leaf alone is already more than the city
            whole = areas[city] * (1 + rules.margin) if part.total is None else part.total
            if total > whole + part.tolerance + 1e-9:
                unit = "km²" if part.total is None else "%"
                shown = " + ".join(f"{indicator_label(c, model.root)} {values.at[city, c]:g}" for c in cols
                                   if not pd.isna(values.at[city, c]))
                limit = (f"the area of {city_label(city)}, {areas[city]:,.0f} km² + {rules.margin:.0%}"
                         if part.total is None else f"{whole:g} %")
                found.append(Finding("error", city, tuple(cols), total, (
                    f"{shown} = {total:g} {unit} is more than {limit}: they are disjoint parts of it "
                    f"({part.name})")))
    for bound in rules.bounds:
        for code in (c for c in bound.leaves if c in values.columns):
            unit = model.leaves.at[code, "unit"]
            for city, v in values[code].dropna().items():
                if (bound.lo is not None and v < bound.lo) or (bound.hi is not None and v > bound.hi):
                    lo = "" if bound.lo is None else f"{bound.lo:g}"
                    hi = "" if bound.hi is None else f"{bound.hi:g}"
                    found.append(Finding("error", city, (code,), v, (
                        f"{indicator_label(code, model.root)} = {v:g} {unit} is outside the plausible {lo} … {hi} {unit} "
                        f"({bound.why}; {rules.path.name})")))
    flagged = {(f.city, leaf) for f in found for leaf in f.leaves}
    found += _outliers(values, model, rules, flagged)
    return found


def _outliers(values: pd.DataFrame, model: Model, rules: Rules, flagged: set) -> list[Finding]:
    """Outlier warnings, the most extreme first."""
    out = []
    for code in values.columns:
        kind = model.leaves.at[code, "type"]
        if kind in rules.skip_types:
            continue
        x = values[code]
        log = kind in rules.log_types and not (x < 0).any()
        z = robust_z(np.log10(1 + x) if log else x)
        if z is None:
            continue
        unit = model.leaves.at[code, "unit"]
        median = float(x.median())
        for city, zi in z[z.abs() > rules.threshold].items():
            if (city, code) in flagged:
                continue
            v = float(x[city])
            out.append((-abs(zi), Finding("warning", city, (code,), v, (
                f"{indicator_label(code, model.root)} = {v:g} {unit} is an outlier: robust z {zi:+.1f}"
                f"{' on log10(1 + x)' if log else ''} (median of the cities {median:g} {unit}; |z| > "
                f"{rules.threshold:g} is reported); check the value and its unit"))))
    return [f for _, f in sorted(out, key=lambda t: t[0])]
