"""The test kinds of the statement ledger: the registry (KINDS), parameter checks and the helpers the kinds share.

Each kind checks its parameters when the ledger is read (`check`), says in Chinese what it tests (`describe`)
and evaluates on a `ledger.Edition` (`evaluate` -> `ledger.Outcome`). The kinds that ranks decide are in
`ledger_rank_kinds`; those that need scores, leaf values, the pilot list or the model in `ledger_score_kinds`.

Parameters (ledger `params` column, `key=value; …`): index = composite | endowment | governance | compensation |
market, or a level-1 node code (C4, M1 …: needs a scoring run's node scores); group specs kind:name with kind
zone, region, province or basin, several joined by '|'; op one of eq ge le gt lt.
"""
from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Callable

import pandas as pd

from ..errors import TextmineError
from ..registry import load_registry
from .compare_groups import DOMAINS, INDEX, NODE_ZH, city_attributes
from .groups import basin_mask
from .ledger import NOT_COMPUTABLE, NOT_REPRODUCED, REPRODUCED, Edition, Finding, Outcome

OPS = {"==": operator.eq, ">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt}
OP_WORDS = {"eq": "==", "ge": ">=", "le": "<=", "gt": ">", "lt": "<"}   # what the ledger file writes
INDEX_NAMES = {"composite": INDEX, INDEX: INDEX, **{d: d for d in DOMAINS}}
GROUP_KINDS = ("zone", "region", "province", "basin")
RANKS = "按排名"


@dataclass
class Kind:
    required: tuple[str, ...]
    describe_fn: Callable[[dict], str]
    evaluate_fn: Callable[[Finding, Edition], Outcome]
    extra_check: Callable[[Finding, pd.DataFrame], None] | None = None

    def check(self, f: Finding, attrs: pd.DataFrame) -> None:
        missing = [k for k in self.required if k not in f.params]
        if missing:
            raise TextmineError(f"{f.where}: kind {f.kind} needs the parameter(s) {', '.join(missing)} "
                                f"(params: {'; '.join(f'{k}=…' for k in self.required)})")
        for key in ("index", "a", "b"):
            if key in f.params:
                node_of(f.params[key], f)
        for key in ("group", "groups", "high", "low"):
            if key in f.params:
                for spec in f.params[key].split("|"):
                    group_mask(spec, attrs, f)
        if "op" in f.params:
            f.params["op"] = OP_WORDS.get(f.params["op"], f.params["op"])
            if f.params["op"] not in OPS:
                raise TextmineError(f"{f.where}: op must be one of {' '.join(OP_WORDS)} (or {' '.join(OPS)}), "
                                    f"not {f.params['op']!r}")
        for key in ("city", "cities"):
            for name in filter(None, f.params.get(key, "").split("|")):
                city_code(name, f)
        if self.extra_check:
            self.extra_check(f, attrs)

    def describe(self, f: Finding) -> str:
        return self.describe_fn(f.params)

    def evaluate(self, f: Finding, ed: Edition) -> Outcome:
        try:
            return self.evaluate_fn(f, ed)
        except MissingCities as exc:
            return Outcome(NOT_COMPUTABLE, "", f"本版没有这些城市的排名：{exc}")
        except TextmineError as exc:   # e.g. spatial statistics on a partial table
            return Outcome(NOT_COMPUTABLE, "", f"本版数据不足：{exc}")


class MissingCities(Exception):
    """Cities a test names that the edition does not rank."""


def ranked(ed: Edition, codes: list[str]) -> list[str]:
    """``codes``, or MissingCities naming those the edition has no rank for."""
    missing = [c for c in codes if c not in ed.ranks.index]
    if missing:
        raise MissingCities(names(missing))
    return codes


KINDS: dict[str, Kind] = {}


def kind(name: str, *required: str, extra_check=None):
    """Register ``evaluate(f, ed)`` under ``name``; the describe function is attached by `describes`."""
    def register(fn):
        KINDS[name] = Kind(tuple(required), lambda p: name, fn, extra_check)
        return fn
    return register


def describes(name: str):
    def register(fn):
        KINDS[name].describe_fn = fn
        return fn
    return register


# -- helpers ----------------------------------------------------------------------------------------------------

def node_of(name: str, f: Finding | None = None) -> str:
    """An index name (composite, endowment …) or a level-1 node code (C4 …), as the column to read."""
    name = name.strip()
    if name in INDEX_NAMES:
        return INDEX_NAMES[name]
    if name[:1] in "EGCM" and name[1:].isdigit():
        return name
    raise TextmineError(f"{f.where if f else ''}: unknown index {name!r}; one of composite endowment governance "
                        "compensation market, or a level-1 node code such as C4")


def zh(name: str) -> str:
    n = node_of(name)
    return NODE_ZH.get(n, f"一级指标 {n}")


def group_mask(spec: str, attrs: pd.DataFrame, f: Finding | None = None) -> pd.Series:
    kind_, _, name = spec.strip().partition(":")
    if kind_ not in GROUP_KINDS or not name:
        raise TextmineError(f"{f.where if f else ''}: group {spec!r} must be kind:name with kind one of "
                            f"{', '.join(GROUP_KINDS)} (e.g. zone:东部, province:福建省)")
    if kind_ == "basin":
        if name not in load_registry().basins:
            raise TextmineError(f"{f.where if f else ''}: unknown basin {name!r}; one of {' '.join(load_registry().basins)}")
        return basin_mask(attrs, name)
    if name not in set(attrs[kind_]):
        raise TextmineError(f"{f.where if f else ''}: no {kind_} named {name!r} in the registry")
    return attrs[kind_] == name


def group_name(spec: str) -> str:
    return spec.partition(":")[2]


def groups_text(specs: str) -> str:
    return "、".join(group_name(s) for s in specs.split("|"))


def city_code(name: str, f: Finding | None = None) -> str:
    try:
        return load_registry().resolve(name).code
    except Exception as exc:   # UnknownCityError or a TextmineError
        raise TextmineError(f"{f.where if f else ''}: {exc}") from None


def attrs_of(ed: Edition) -> pd.DataFrame:
    return city_attributes().reindex(ed.ranks.index)


def ranks_of(ed: Edition, name: str) -> pd.Series | None:
    """The edition's ranks of an index or level-1 node (None: the edition has no such ranks)."""
    n = node_of(name)
    if n in ed.ranks.columns:
        return ed.ranks[n]
    if ed.node_ranks is not None and n in ed.node_ranks.columns:
        return ed.node_ranks[n].rename(index=str).reindex(ed.ranks.index).astype(float)
    return None


def no_node(name: str) -> Outcome:
    return Outcome(NOT_COMPUTABLE, "", f"需要一级指标 {node_of(name)} 的得分或排名（评分运行的节点得分；已发布的附录只有综合与四大领域排名）")


def basis(ed: Edition) -> str:
    """What a spatial figure is computed on: the ranks (published edition) or the scores."""
    return RANKS if ed.ranks_only else "按得分"


def verdict(ok: bool) -> str:
    return REPRODUCED if ok else NOT_REPRODUCED


def pct(x: float) -> str:
    return f"{100 * x:.1f} %"


def names(codes) -> str:
    reg = load_registry()
    return "、".join(reg.by_code(c).name for c in codes)


def top_n(r: pd.Series, n: int) -> list[str]:
    """Codes with rank <= n, best first (ties by code)."""
    s = r[r <= n].sort_values(kind="stable")
    return list(s.index)


# the kinds register themselves in KINDS when their modules are imported
from . import ledger_rank_kinds, ledger_score_kinds  # noqa: E402,F401
