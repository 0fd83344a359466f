"""`compare OLD NEW`: rank changes between two editions or runs.

OLD and NEW can each be `published` (scoring/reference/cemi2025_appendix1.csv), a score run of
the store (`run:3`, `3` or `latest`), an appendix CSV with `city` and `<index>_rank` columns
(composite, endowment, governance, compensation, market), or a `score --out` folder.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from scipy.stats import spearmanr

from ..datacsv import read_frame
from ..errors import TextmineError, UnknownCityError
from ..reference import base_config
from ..registry import load_registry
from ..resources import data_path
from .model import COMPOSITE, top_nodes
PUBLISHED = ("published", "reference", "cemi2025")


def _indices() -> tuple[str, ...]:
    """composite and the model's domains (nodes.csv): the rank columns a ranking may hold."""
    return ("composite", *top_nodes()[1:])


@dataclass
class Comparison:
    old_label: str
    new_label: str
    summary: pd.DataFrame        # index, cities, spearman, entered/left top 10 and top 30
    changes: pd.DataFrame        # city, code, <index>_old, <index>_new, <index>_change (positive = moved up)


def published_period() -> str:
    """The plan period the published rankings (scoring/reference/) counted: [planning] period of scoring/model.toml
    itself, the edition they are (cemi-2025: 十四五, the report's Table 2), whichever preset is in force."""
    return str(base_config().get("planning", {}).get("period", ""))


def load_ranks(spec: str, store=None) -> tuple[pd.DataFrame, str]:
    """Ranks indexed by city code with columns composite, endowment, governance, compensation, market, and a label
    saying what they are: a run's label names the plan period its planning leaves counted (`attrs["period"]`)."""
    s = str(spec).strip()
    if s.lower() in PUBLISHED:
        path = data_path("scoring", "reference", "cemi2025_appendix1.csv")
        df = _read_rank_csv(path)
        df.attrs["period"] = period = published_period()
        return df, f"published 2025 ({period} outlines)"
    run = s[4:] if s.lower().startswith("run:") else s
    if run.isdigit() or run.lower() == "latest":
        if store is None:
            raise TextmineError(f"{spec!r} names a score run but no store is open")
        from .results import load_result  # noqa: PLC0415 (results needs the store only here)

        res = load_result(store, None if run.lower() == "latest" else int(run))
        df = pd.DataFrame({n: res.scores[f"rank_{n}"] for n in res.top_nodes}).rename(columns={COMPOSITE: "composite"})
        df = df.astype(float)
        ts = (res.params or {}).get("text_sources") if isinstance(res.params, dict) else None
        df.attrs["period"] = period = (ts or {}).get("period") or ""
        what = f"{period} outlines" if period else "text-mined leaves not read"
        return df, f"run {res.run_id} (" + ("SYNTHETIC; " if res.synthetic else "") + what + ")"
    path = Path(s)
    if path.is_dir():
        path = path / "appendix1.csv"
    if not path.is_file():
        raise TextmineError(f"{spec!r} is neither `published`, a run (run:N, latest) nor a CSV file or folder")
    return _read_rank_csv(path), str(spec)


def _read_rank_csv(path: Path) -> pd.DataFrame:
    df = read_frame(path)
    if "city" not in df.columns:
        raise TextmineError(f"{path}: needs a `city` column and <index>_rank columns")
    cols = {f"{i}_rank": i for i in _indices()}
    cols["cemi_rank"] = "composite"
    present = {c: i for c, i in cols.items() if c in df.columns}
    if not present:
        raise TextmineError(f"{path}: no rank columns; expected some of {', '.join(f'{i}_rank' for i in _indices())}")
    reg = load_registry()
    codes, bad = [], []
    for lineno, name in zip(df.attrs["lines"], df["city"]):
        try:
            codes.append(reg.resolve(str(name)).code)
        except UnknownCityError as exc:
            bad.append(f"line {lineno}: {exc}")
            codes.append(None)
    if bad:
        raise TextmineError(f"{path}: " + "; ".join(bad[:5]))
    out = pd.DataFrame(index=pd.Index(codes, name="city_code"))
    for col, idx in present.items():
        out[idx] = pd.to_numeric(df[col], errors="coerce").to_numpy()
    return out


def compare_rankings(old: pd.DataFrame, new: pd.DataFrame, old_label: str = "old",
                     new_label: str = "new") -> Comparison:
    reg = load_registry()
    common = old.index.intersection(new.index)
    indices = [i for i in _indices() if i in old.columns and i in new.columns]
    if not indices or len(common) == 0:
        raise TextmineError("the two rankings share no index or no city")
    rows = []
    changes = pd.DataFrame({"city": [reg.by_code(c).name for c in common]}, index=common)
    for idx in indices:
        o, n = old.loc[common, idx], new.loc[common, idx]
        ok = o.notna() & n.notna()
        rho = spearmanr(o[ok], n[ok]).statistic if ok.sum() > 2 else float("nan")
        row = {"index": idx, "cities": int(ok.sum()), "spearman": round(float(rho), 6),
               "mean_abs_change": round(float((o - n).abs()[ok].mean()), 2)}
        for top in (10, 30):
            was, now = set(common[o <= top]), set(common[n <= top])
            row[f"entered_top{top}"] = ", ".join(reg.by_code(c).name for c in sorted(now - was, key=lambda c: n[c]))
            row[f"left_top{top}"] = ", ".join(reg.by_code(c).name for c in sorted(was - now, key=lambda c: o[c]))
        rows.append(row)
        changes[f"{idx}_old"] = o.astype("Int64")
        changes[f"{idx}_new"] = n.astype("Int64")
        changes[f"{idx}_change"] = (o - n).astype("Int64")
    changes.index.name = "code"
    changes = changes.reset_index()
    first = indices[0]
    changes = changes.sort_values(f"{first}_new", na_position="last").reset_index(drop=True)
    return Comparison(old_label, new_label, pd.DataFrame(rows), changes)


TOP_CHANGE_COLUMNS = ["index", "n", "change", "city", "code", "province", "old_rank", "new_rank", "move"]


def top_changes(old: pd.DataFrame, new: pd.DataFrame, n: int = 30) -> pd.DataFrame:
    """The cities entering and leaving each index's top ``n`` between two rankings, with their rank moves.

    One row per city and index: `change` is `entered` (rank <= n in NEW only) or `left` (in OLD only),
    `move` = old_rank − new_rank (positive = moved up). Cities missing from one ranking are left out.
    Entered cities come first, best new rank first; then those that left, best old rank first.
    """
    if n < 1:
        raise TextmineError(f"the top N must be at least 1, not {n}")
    reg = load_registry()
    common = old.index.intersection(new.index)
    rows = []
    for idx in [i for i in _indices() if i in old.columns and i in new.columns]:
        o, w = old.loc[common, idx], new.loc[common, idx]
        ok = o.notna() & w.notna()
        for change, mask, key in (("entered", (w <= n) & (o > n), w), ("left", (o <= n) & (w > n), o)):
            for code in sorted(common[mask & ok], key=lambda c: key[c]):
                city = reg.by_code(code)
                rows.append({"index": idx, "n": n, "change": change, "city": city.name, "code": code,
                             "province": city.province, "old_rank": int(o[code]), "new_rank": int(w[code]),
                             "move": int(o[code] - w[code])})
    return pd.DataFrame(rows, columns=TOP_CHANGE_COLUMNS)
