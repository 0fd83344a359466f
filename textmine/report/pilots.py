"""The national pilot cities for ecological product value realisation as data (corpora/pilots.toml), and what
ranks say about them: how many are in the top 50 / top 100 of each index.

A score run takes its pilot flag from its own leaf (是否纳入国家生态产品价值实现机制试点, `groups.pilot_flag`);
the published edition has no leaf values, so its pilot statements use this registry. The registry says per
batch whether it is complete; an incomplete list is named in every output that uses it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from ..datatoml import read_toml
from ..errors import TextmineError, UnknownCityError
from ..registry import load_registry
from ..resources import data_path
from .compare_groups import DOMAINS, INDEX, NODE_ZH

PILOTS_FILE = ("corpora", "pilots.toml")
TOP = (50, 100)


@dataclass
class PilotList:
    edition: str
    flag: pd.Series                      # bool by city_code, every registry city
    complete: bool                       # every batch of the edition is complete
    batches: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)   # city_code -> document the entry rests on

    @property
    def cities(self) -> int:
        return int(self.flag.sum())

    def describe(self) -> str:
        """One line naming the list, for notes: which batches, how many cities, complete or not."""
        what = f"试点名单：corpora/pilots.toml（{'、'.join(self.batches) or '无'}，{self.cities} 个城市）"
        return what if self.complete else what + "；名单不完整（只收录了手头文件证实的城市），试点比例只按已收录城市计"


def load_pilots(edition: str = "2025", path=None) -> PilotList:
    """The pilot cities that the ``edition``'s statements use (the batches listing it in `editions`), from
    corpora/pilots.toml of the data root (or ``path``)."""
    path = Path(path) if path is not None else data_path(*PILOTS_FILE)
    if not path.is_file():
        raise TextmineError(f"{path} does not exist: the pilot list (corpora/pilots.toml) is missing from the data root")
    doc = read_toml(path)
    reg = load_registry()
    flag = pd.Series(False, index=[c.code for c in reg], dtype=bool)
    flag.index.name = "city_code"
    batches, sources, complete = [], {}, True
    for i, batch in enumerate(doc.get("batch", []), start=1):
        where = f"{path}: [[batch]] #{i}"
        for key in ("name", "editions", "document", "complete"):
            if key not in batch:
                raise TextmineError(f"{where} lacks `{key}` (name, editions, document, complete and [[batch.city]] entries)")
        if not isinstance(batch["complete"], bool) or not isinstance(batch["editions"], list):
            raise TextmineError(f"{where}: `complete` must be true or false and `editions` a list such as [\"2025\"]")
        if str(edition) not in [str(e) for e in batch["editions"]]:
            continue
        batches.append(str(batch["name"]))
        complete = complete and batch["complete"]
        for j, entry in enumerate(batch.get("city", []), start=1):
            if not entry.get("city") or not entry.get("source"):
                raise TextmineError(f"{where}, [[batch.city]] #{j}: needs `city` and `source` (the document it rests on)")
            try:
                code = reg.resolve(str(entry["city"])).code
            except UnknownCityError as exc:
                raise TextmineError(f"{where}, [[batch.city]] #{j}: {exc}") from None
            flag[code] = True
            sources[code] = f"{batch['name']}：{entry['source']}"
    return PilotList(str(edition), flag, complete and bool(batches), batches, sources)


def pilot_rank_table(ranks: pd.DataFrame, flag: pd.Series, tops=TOP) -> pd.DataFrame:
    """Per index (rows): pilots, how many and what share of them rank in each top N, their median rank and the
    probability that a pilot ranks better than another city (Mann–Whitney, two-sided p). ``ranks``: index
    city_code, columns cemi and the domains (or rank_<node>), 1 = best."""
    ranks = _rank_columns(ranks)
    flag = flag.reindex(ranks.index).fillna(False).astype(bool)
    rows = []
    for node in (INDEX, *DOMAINS):
        r = ranks[node].astype(float)
        p, o = r[flag].dropna(), r[~flag].dropna()
        row = {"index": NODE_ZH[node], "pilots": len(p)}
        for n in tops:
            row[f"top{n}"] = int((p <= n).sum())
            row[f"share_top{n}"] = float((p <= n).mean()) if len(p) else np.nan
        row["median_rank"] = float(p.median()) if len(p) else np.nan
        row["others_median_rank"] = float(o.median()) if len(o) else np.nan
        row.update(superiority(p, o))
        rows.append(row)
    return pd.DataFrame(rows).set_index("index")


def superiority(better: pd.Series, worse: pd.Series) -> dict:
    """P(a city of ``better`` ranks above one of ``worse``) from their ranks (1 = best; ties count half),
    with the two-sided Mann–Whitney U p-value: the rank-only way to say that a group is 'higher'."""
    better, worse = better.dropna().astype(float), worse.dropna().astype(float)
    if not len(better) or not len(worse):
        return {"p_better": np.nan, "mannwhitney_p": np.nan}
    u = stats.mannwhitneyu(-better, -worse, alternative="two-sided")  # larger −rank = better
    return {"p_better": float(u.statistic) / (len(better) * len(worse)), "mannwhitney_p": float(u.pvalue)}


def _rank_columns(ranks: pd.DataFrame) -> pd.DataFrame:
    """cemi/endowment/… rank columns from a table with rank_<node> or composite/… columns."""
    out = pd.DataFrame(index=ranks.index.astype(str))
    for node in (INDEX, *DOMAINS):
        for col in (f"rank_{node}", node, "composite" if node == INDEX else node):
            if col in ranks.columns:
                out[node] = pd.to_numeric(ranks[col], errors="coerce").to_numpy()
                break
        else:
            raise TextmineError(f"rank table lacks a column for {node} (rank_{node} or {node})")
    return out
