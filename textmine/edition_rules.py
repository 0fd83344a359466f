"""The edition rules (corpora/editions.toml): plan periods, plan types, document types (文种) and how titles
are read, validated with the file named; and the names a user may type for a period, plan type or document type
(`EditionRules.names`, matched by textmine.namematch). Below textmine.reference (which checks the model's plan
period here) and textmine.editions (which classifies documents with these rules)."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .datatoml import read_toml
from .errors import TextmineError
from .namematch import Name, UnknownName, match, period_entries, resolve_in
from .resources import data_path

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
    why: str


@dataclass(frozen=True)
class DocType:
    """A document type (文种) and the words a title names it by; `plan_type` is how it counts."""
    name: str
    label: str
    plan_type: str
    words: tuple[str, ...] = ()
    patterns: tuple[re.Pattern, ...] = ()
    starts: tuple[str, ...] = ()
    period_plan: bool = False       # 十五五规划(纲要) after nothing but place names is this type
    alone: str = "quiet"            # review: a city × period holding only this type goes to the review queue
    why: str = ""


@dataclass(frozen=True)
class TitleRules:
    separators: tuple[str, ...]
    wrappers: tuple[re.Pattern, ...]
    drafts: tuple[str, ...]


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
    doc_types: tuple[DocType, ...] = ()
    titles: TitleRules = TitleRules((), (), ())
    national: tuple[str, ...] = ()      # words naming the national level as a document's issuer
    # [quality]: a counted outline below min_body_chars, or whose term density is density_ratio times above or
    # below the median of at least density_min_cities other outlines of the period, goes to the review queue
    min_body_chars: int = 5000
    density_ratio: float = 3.0
    density_min_cities: int = 5

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

    def doc_type(self, name: str) -> DocType:
        for t in self.doc_types:
            if t.name == name:
                return t
        raise TextmineError(f"unknown document type {name!r}; valid types: "
                            f"{', '.join(t.name for t in self.doc_types)} (defined in {self.path})")

    def plan_type_of(self, name: str) -> PlanType:
        return next(t for t in self.plan_types if t.name == name)

    def check_period(self, name: str | None) -> str | None:
        """The period `name` stands for (None passes): 十五五, or “十五五”, 十五五规划, 第十五个五年规划, 2026-2030,
        15五 (textmine.namematch); else an error listing the valid ones."""
        if name is None:
            return None
        text = str(name).strip().strip("“”\"'")
        if text in self.period_names:
            return text

        found = match(list(self.names("period", str(self.path))), text)
        if len(found) == 1:
            return found[0].key
        return self.period(text).name

    def names(self, group: str, src: str = "corpora/editions.toml") -> tuple[Name, ...]:
        """The names of the periods, plan types or document types (`group`: period, plan_type, doc_type) a user
        may type: the key, its label, and each part of a label written a/b (专项规划/专项)."""
        if group == "period":
            return period_entries(self.periods, src)
        items = self.plan_types if group == "plan_type" else self.doc_types
        return tuple(Name(group, t.name, t.label, tuple(x for x in re.split(r"[/／]", t.label) if x and x != t.label),
                          src) for t in items)


def check_plan_type(name: str | None) -> str | None:
    """The plan type `name` stands for: its key or its Chinese label (草案, 专项规划: corpora/editions.toml)."""
    if name is None:
        return None
    if name in PLAN_TYPES:
        return name

    try:
        names = load_rules().names("plan_type")
    except TextmineError:
        names = ()
    try:
        return resolve_in("plan_type", [n for n in names if n.key in PLAN_TYPES], name)
    except UnknownName:
        raise TextmineError(f"unknown plan type {name!r}; valid plan types: {', '.join(PLAN_TYPES)}") from None


def _fail(path: Path, msg: str) -> TextmineError:
    return TextmineError(f"{path}: {msg}")


def read_rules(path: Path) -> EditionRules:
    data = read_toml(path, missing=f"edition rules {path} do not exist")
    raw = path.read_bytes()            # the rules' version: a hash of the file as written
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
        if "any" in t:
            raise _fail(path, f"[[plan_type]] {name}: `any` is no longer read — document types are recognised by "
                              "the [[doc_type]] entries (compare with the default file: docs/editions.md)")
        types.append(PlanType(name, str(t.get("label", name)), str(t.get("why", ""))))
    missing = set(PLAN_TYPES) - {t.name for t in types}
    if missing:
        raise _fail(path, f"plan types missing: {', '.join(sorted(missing))}")
    doc_types = _doc_types(path, data)
    titles = _titles(path, data.get("titles", {}))
    copies = data.get("copies", {})
    thresholds = []
    for key, default in (("copy_containment", 0.7), ("near_identical", 0.9)):
        v = copies.get(key, default)
        if not isinstance(v, (int, float)) or not 0 < v <= 1:
            raise _fail(path, f"[copies] {key} must be a number in (0, 1], got {v!r}")
        thresholds.append(float(v))
    return EditionRules(path, str(cls.get("version", "1")), int(cls.get("head_chars", 1500)), tuple(periods),
                        tuple(types), hashlib.sha256(raw).hexdigest(), *thresholds, doc_types, titles,
                        _words(path, "[issuer] national", data.get("issuer", {}).get("national", [])),
                        *_quality(path, data.get("quality", {})))


def _quality(path: Path, q: dict) -> tuple[int, float, int]:
    """[quality] (optional: a workspace made before it has the defaults)."""
    out = []
    for key, default, kind in (("min_body_chars", 5000, int), ("density_ratio", 3.0, float), ("density_min_cities", 5, int)):
        v = q.get(key, default)
        if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0 or (kind is int and v != int(v)):
            raise _fail(path, f"[quality] {key} must be a {'whole ' if kind is int else ''}number >= 0, got {v!r}")
        out.append(kind(v))
    return tuple(out)


def _regexes(path: Path, where: str, values) -> tuple[re.Pattern, ...]:
    out = []
    for v in values or ():
        try:
            out.append(re.compile(str(v)))
        except re.error as exc:
            raise _fail(path, f"{where}: {v!r} is not a valid regular expression ({exc})") from None
    return tuple(out)


def _words(path: Path, where: str, values) -> tuple[str, ...]:
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise _fail(path, f"{where} must be a list of non-empty strings, got {values!r}")
    return tuple(v.strip() for v in values)


def _doc_types(path: Path, data: dict) -> tuple[DocType, ...]:
    entries = data.get("doc_type", [])
    if not entries:
        raise _fail(path, "no [[doc_type]] entries: the document types (建议, 决议, 说明 … and the outline itself) "
                          "are needed to tell an outline from its look-alikes (compare with the default file)")
    out, seen = [], set()
    for i, t in enumerate(entries, start=1):
        name = t.get("name")
        where = f"[[doc_type]] #{i} ({name})"
        if not name or name in seen:
            raise _fail(path, f"{where}: needs a `name` not used by another [[doc_type]]")
        seen.add(name)
        if t.get("plan_type") not in PLAN_TYPES or t.get("plan_type") == "draft":
            raise _fail(path, f"{where}: plan_type {t.get('plan_type')!r} must be one of outline, sectoral, "
                              "interpretation, other (a draft is any of them followed by a [titles] drafts word)")
        if t.get("alone", "quiet") not in ("quiet", "review"):
            raise _fail(path, f"{where}: alone must be \"review\" or \"quiet\", got {t.get('alone')!r}")
        dt = DocType(str(name), str(t.get("label", name)), t["plan_type"], _words(path, f"{where} words", t.get("words", [])),
                     _regexes(path, f"{where} patterns", t.get("patterns", [])),
                     _words(path, f"{where} starts", t.get("starts", [])), bool(t.get("period_plan", False)),
                     t.get("alone", "quiet"), str(t.get("why", "")))
        if not (dt.words or dt.patterns or dt.starts or dt.period_plan):
            raise _fail(path, f"{where}: give the words, patterns or starts a title names it by")
        out.append(dt)
    if not any(t.plan_type == "outline" for t in out):
        raise _fail(path, "no [[doc_type]] with plan_type = \"outline\": nothing could ever be counted")
    return tuple(out)


def _titles(path: Path, t: dict) -> TitleRules:
    wrappers = _regexes(path, "[titles] wrappers", t.get("wrappers", []))
    for w in wrappers:
        if w.groups < 1:
            raise _fail(path, f"[titles] wrappers: {w.pattern!r} needs a group (…) around the document it wraps")
    return TitleRules(tuple(str(x) for x in t.get("separators", [])), wrappers,
                      _words(path, "[titles] drafts", t.get("drafts", [])))


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
