"""The edition rules (corpora/editions.toml): plan periods and plan types, validated with the file named."""
from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import TextmineError
from ..resources import data_path

PLAN_TYPES = ("outline", "draft", "sectoral", "interpretation", "other")
#: the plan types that can be counted for the planning indicators (a draft only without a final outline)
COUNTABLE = ("outline", "draft")


@dataclass(frozen=True)
class Period:
    name: str              # 十四五
    number: str            # 十四 (as in 第十四个五年规划)
    years: tuple[int, int]


@dataclass(frozen=True)
class PlanType:
    name: str
    label: str
    any: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class EditionRules:
    path: Path
    version: str
    head_chars: int
    periods: tuple[Period, ...]
    plan_types: tuple[PlanType, ...]
    sha: str
    copy_containment: float = 0.7
    near_identical: float = 0.9

    @property
    def period_names(self) -> list[str]:
        return [p.name for p in self.periods]

    @property
    def key(self) -> str:
        """What a stored classification was made with: rules version and file content."""
        return f"{self.version}+{self.sha[:8]}"

    def period(self, name: str) -> Period:
        for p in self.periods:
            if p.name == name:
                return p
        raise TextmineError(f"unknown plan period {name!r}; valid periods: {', '.join(self.period_names)} "
                            f"(defined in {self.path})")

    def check_period(self, name: str | None) -> str | None:
        """The period name if valid (None passes); else an error listing the valid ones."""
        if name is None:
            return None
        return self.period(str(name).strip().strip("“”\"'")).name


def check_plan_type(name: str | None) -> str | None:
    if name is None:
        return None
    if name not in PLAN_TYPES:
        raise TextmineError(f"unknown plan type {name!r}; valid plan types: {', '.join(PLAN_TYPES)}")
    return name


def _fail(path: Path, msg: str) -> TextmineError:
    return TextmineError(f"{path}: {msg}")


def read_rules(path: Path) -> EditionRules:
    try:
        raw = path.read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        raise TextmineError(f"edition rules {path} do not exist") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise _fail(path, f"not valid UTF-8 TOML: {exc}") from None
    cls = data.get("classify", {})
    periods, seen = [], set()
    for i, p in enumerate(data.get("period", []), start=1):
        try:
            per = Period(str(p["name"]), str(p["number"]), (int(p["years"][0]), int(p["years"][1])))
        except (KeyError, IndexError, TypeError, ValueError):
            raise _fail(path, f"[[period]] #{i} needs name, number and years = [first, last]") from None
        if per.name in seen:
            raise _fail(path, f"period {per.name!r} is listed twice")
        seen.add(per.name)
        periods.append(per)
    if not periods:
        raise _fail(path, "no [[period]] entries")
    types = []
    for i, t in enumerate(data.get("plan_type", []), start=1):
        name = t.get("name")
        if name not in PLAN_TYPES:
            raise _fail(path, f"[[plan_type]] #{i}: name {name!r} must be one of {', '.join(PLAN_TYPES)}")
        types.append(PlanType(name, str(t.get("label", name)), tuple(str(x) for x in t.get("any", [])),
                              str(t.get("why", ""))))
    missing = set(PLAN_TYPES) - {t.name for t in types}
    if missing:
        raise _fail(path, f"plan types missing: {', '.join(sorted(missing))}")
    copies = data.get("copies", {})
    thresholds = []
    for key, default in (("copy_containment", 0.7), ("near_identical", 0.9)):
        v = copies.get(key, default)
        if not isinstance(v, (int, float)) or not 0 < v <= 1:
            raise _fail(path, f"[copies] {key} must be a number in (0, 1], got {v!r}")
        thresholds.append(float(v))
    return EditionRules(path, str(cls.get("version", "1")), int(cls.get("head_chars", 1500)), tuple(periods),
                        tuple(types), hashlib.sha256(raw).hexdigest(), *thresholds)


@lru_cache(maxsize=4)
def _cached(path: str, mtime: float) -> EditionRules:
    return read_rules(Path(path))


def load_rules(path: str | Path | None = None) -> EditionRules:
    p = Path(path) if path else data_path("corpora", "editions.toml")
    try:
        mtime = p.stat().st_mtime
    except OSError:
        raise TextmineError(f"edition rules {p} do not exist") from None
    return _cached(str(p), mtime)
