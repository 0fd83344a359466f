"""The evidence rules: ``lexicons/evidence/<LEAF>.toml`` (one per yes/no leaf) and ``common.toml``.

A leaf file says what counts as the city having done the thing: adoption patterns (an object such
as 生态产品价值实现…实施方案 and an act such as 印发/出台 in the same sentence, optionally only in some
genres, each with the real sentence it was written from), the leaf's exclusions (not its fact: a
provincial pilot for the national-pilot leaf), who must act (the city itself or any government naming
it), whether a county's act answers for its city, which document kinds are read and which queries
`crawl policy` sends to the portals. ``common.toml`` holds the stance rules (done, planned, obligation,
negated, repealed: see stance.py), the words that name governments (我市, 省政府, 国务院 …) and the
confidence factors; ``genres.toml`` the genres of documents and their review and plan parts.

Object patterns are plain text; ``…`` stands for a gap of up to ``gap`` characters inside one
sentence. Acts may hold ``{n}`` (a count: 绿色食品228个) or ``{amount}`` (a sum: 1.6亿元); stance and
exclusion patterns ``{act}`` (any act of the leaf): ``将{act}`` is future intent, bare 将 is not
(将南平市纳入… is a designation). Every problem is reported as file:line.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path


from ..datacsv import read_dicts
from ..datatoml import read_toml_text
from ..errors import TextmineError
from ..names import indicator_label
from ..resources import data_path
from .genres import GENRES_FILE, OTHER, Genres, load_genres
from .stance import Compiled, Rule, compile_rule, parse_rule
from .textpattern import anchor_of, check_text_pattern, text_regex
from .tomlpos import Locator

COMMON_FILE = "common.toml"
KINDS = ("policy", "news", "plan")
ACTORS = ("city", "any")
COUNTIES = ("covered", "not_city")
LEAF_KEYS = {"leaf", "version", "definition", "source", "kinds", "actor", "counties", "queries", "exclusions",
             "gap", "pattern", "exclusion"}
PATTERN_KEYS = {"objects", "acts", "confidence", "window", "note", "genres", "firm", "source"}
COMMON_KEYS = {"version", "definition", "places", "confidence", "stance", "exclusion", "not_searched"}
PLACE_KEYS = {"own_city", "own_county", "province", "national", "not_places"}
CONFIDENCE_KEYS = {"named", "own_city", "issuer", "unknown", "higher_also", "kind", "searched", "documents",
                   "near_miss"}


class RulesError(TextmineError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the evidence rules:\n  " + "\n  ".join(problems))


@dataclass(frozen=True)
class Pattern:
    objects: tuple[str, ...]
    acts: tuple[str, ...]
    confidence: float
    window: int
    line: int
    object_re: re.Pattern
    act_re: re.Pattern
    genres: frozenset[str] = frozenset()     # empty: every genre
    firm: bool = False                       # the act itself states the fact (a funded amount): no plan-part default
    source: tuple[str, ...] = ()             # the sentence(s) it was written from, and their document

    def reads(self, genre: str) -> bool:
        return not self.genres or genre in self.genres


@dataclass
class LeafRule:
    leaf: str
    name_zh: str
    version: str
    definition: str
    source: str
    kinds: tuple[str, ...]
    actor: str
    counties: str
    queries: tuple[str, ...]
    patterns: list[Pattern]
    exclusions: list[Rule]
    gap: int
    path: Path
    stances: list[Compiled] = field(default_factory=list)      # the shared stance rules, with this leaf's acts
    excluded: list[Compiled] = field(default_factory=list)     # its exclusions, compiled

    @property
    def acts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a for p in self.patterns for a in p.acts))

    @property
    def anchors(self) -> set[str]:
        return {anchor_of(o) for p in self.patterns for o in p.objects}


@dataclass
class Common:
    version: str
    places: dict[str, tuple[str, ...]]
    confidence: dict
    stances: list[Rule]
    exclusions: dict[str, Rule]
    not_searched: dict[str, str]
    path: Path


@dataclass
class RuleSet:
    leaves: dict[str, LeafRule]
    common: Common
    directory: Path
    digest: str
    genres: Genres | None = None

    @property
    def version(self) -> str:
        """What every proposal carries: the declared version plus a hash of the rule files."""
        return f"{self.common.version}+{self.digest[:8]}"

    def select(self, leaves: list[str] | None) -> list[LeafRule]:
        if not leaves:
            return list(self.leaves.values())
        out = []
        for code in leaves:
            key = code.strip().upper()
            if key not in self.leaves:
                raise TextmineError(f"no evidence rule for leaf {code!r}; rules exist for "
                                    f"{', '.join(map(indicator_label, self.leaves))}")
            out.append(self.leaves[key])
        return out


def rules_dir(path: str | os.PathLike | None = None) -> Path:
    if path:
        return Path(path)
    env = os.environ.get("TEXTMINE_EVIDENCE_RULES")
    return Path(env) if env else data_path("lexicons", "evidence")


def yesno_leaves() -> dict[str, str]:
    """code -> Chinese name of every yes/no leaf of the model (scoring/indicators.csv)."""
    return {r["code"]: r["name_zh"] for r in read_dicts(data_path("scoring", "indicators.csv")) if r["type"] == "yesno"}


def _read(path: Path, problems: list[str]) -> tuple[dict, Locator] | None:
    try:
        data, text = read_toml_text(path)
    except TextmineError as exc:
        problems.append(str(exc))
        return None
    return data, Locator(text)


def _strings(value, where: str, what: str, problems: list[str], *, allow_empty: bool = False) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{where}: {what} must be a list of strings")
        return ()
    if not value and not allow_empty:
        problems.append(f"{where}: {what} is empty")
    return tuple(v.strip() for v in value)


def load_common(directory: Path, problems: list[str]) -> Common | None:
    path = directory / COMMON_FILE
    if not path.is_file():
        problems.append(f"{path}: missing (shared exclusions, government words and confidence factors)")
        return None
    got = _read(path, problems)
    if got is None:
        return None
    data, loc = got
    unknown = set(data) - COMMON_KEYS
    if unknown:
        problems.append(f"{path}:1: unknown top-level key(s) {sorted(unknown)}; known: {sorted(COMMON_KEYS)}")
    places = {}
    raw_places = data.get("places") or {}
    for key in sorted(set(raw_places) - PLACE_KEYS):
        problems.append(f"{path}:{loc.key('places', 0, key)}: unknown key {key!r} in [places]; known: {sorted(PLACE_KEYS)}")
    for key in PLACE_KEYS:
        places[key] = _strings(raw_places.get(key, []), f"{path}:{loc.key('places', 0, key)}", f"places.{key}",
                               problems, allow_empty=key in ("not_places", "own_county"))
    conf = dict(data.get("confidence") or {})
    for key in sorted(CONFIDENCE_KEYS - set(conf)):
        problems.append(f"{path}:{loc.table('confidence')}: [confidence] lacks {key}")
    for key, v in conf.items():
        line = f"{path}:{loc.key('confidence', 0, key)}"
        if key not in CONFIDENCE_KEYS:
            problems.append(f"{line}: unknown key {key!r} in [confidence]; known: {sorted(CONFIDENCE_KEYS)}")
        elif key == "kind":
            if not isinstance(v, dict) or set(v) != set(KINDS) or not all(_unit(x) for x in v.values()):
                problems.append(f"{line}: kind must give a factor in (0, 1] for each of {', '.join(KINDS)}")
        elif not _unit(v):
            problems.append(f"{line}: {key} must be a number in (0, 1], got {v!r}")
    stances: list[Rule] = []
    for i, raw in enumerate(data.get("stance") or []):
        r = parse_rule(raw, "stance", path, loc, i, problems)
        if r is not None:
            if r.name in {x.name for x in stances}:
                problems.append(f"{r.where}: stance rule {r.name!r} is defined twice")
            stances.append(r)
    if not stances:
        problems.append(f"{path}: no [[stance]] rule (the rules that tell done from planned, obligation …)")
    exclusions = {}
    for i, raw in enumerate(data.get("exclusion") or []):
        ex = parse_rule(raw, "exclusion", path, loc, i, problems)
        if ex is None:
            continue
        if ex.name in exclusions or ex.name in {x.name for x in stances}:
            problems.append(f"{ex.where}: exclusion {ex.name!r} is defined twice")
        exclusions[ex.name] = ex
    not_searched = {str(k): str(v) for k, v in (data.get("not_searched") or {}).items()}
    return Common(str(data.get("version") or ""), places, conf, stances, exclusions, not_searched, path)


def _unit(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and 0 < v <= 1


def load_leaf(path: Path, common: Common, names: dict[str, str], problems: list[str],
              genre_names: set[str] = frozenset()) -> LeafRule | None:
    got = _read(path, problems)
    if got is None:
        return None
    data, loc = got
    top = lambda key: f"{path}:{loc.key(None, 0, key)}"  # noqa: E731
    unknown = set(data) - LEAF_KEYS
    if unknown:
        problems.append(f"{path}:1: unknown key(s) {sorted(unknown)}; known: {sorted(LEAF_KEYS)}")
    leaf = str(data.get("leaf") or "")
    if leaf != path.stem:
        problems.append(f"{top('leaf')}: leaf {indicator_label(leaf)} must equal the file name ({path.stem})")
    if leaf not in names:
        problems.append(f"{top('leaf')}: {indicator_label(leaf)!r} is not a yes/no leaf of scoring/indicators.csv "
                        f"({', '.join(map(indicator_label, names))})")
        return None
    for key in ("version", "definition"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            problems.append(f"{top(key)}: {key} (text) is required")
    kinds = _strings(data.get("kinds", list(KINDS[:2])), top("kinds"), "kinds", problems)
    for k in kinds:
        if k not in KINDS:
            problems.append(f"{path}:{loc.value(None, 0, 'kinds', k)}: kind {k!r} must be one of {', '.join(KINDS)}")
    actor = data.get("actor", "city")
    if actor not in ACTORS:
        problems.append(f"{top('actor')}: actor {actor!r} must be one of {ACTORS}")
    counties = data.get("counties", "not_city")
    if counties not in COUNTIES:
        problems.append(f"{top('counties')}: counties {counties!r} must be one of {COUNTIES}")
    gap = data.get("gap", 12)
    if not isinstance(gap, int) or isinstance(gap, bool) or not 1 <= gap <= 60:
        problems.append(f"{top('gap')}: gap must be a whole number 1-60 (characters a … may stand for)")
        gap = 12
    queries = _strings(data.get("queries", []), top("queries"), "queries", problems)
    patterns = []
    for i, raw in enumerate(data.get("pattern") or []):
        where = f"{path}:{loc.table('pattern', i)}"
        for key in sorted(set(raw) - PATTERN_KEYS):
            problems.append(f"{path}:{loc.key('pattern', i, key)}: unknown key {key!r} in [[pattern]]; "
                            f"known: {sorted(PATTERN_KEYS)}")
        objs = _strings(raw.get("objects", []), f"{path}:{loc.key('pattern', i, 'objects')}", "objects", problems)
        acts = _strings(raw.get("acts", []), f"{path}:{loc.key('pattern', i, 'acts')}", "acts", problems)
        for o in objs:
            check_text_pattern(o, f"{path}:{loc.value('pattern', i, 'objects', o)}", "object", problems)
        for a in acts:
            check_text_pattern(a, f"{path}:{loc.value('pattern', i, 'acts', a)}", "act", problems, ("n", "amount", "digits"))
        conf = raw.get("confidence", 0.9)
        if not _unit(conf):
            problems.append(f"{path}:{loc.key('pattern', i, 'confidence')}: confidence must be in (0, 1], got {conf!r}")
            conf = 0.9
        window = raw.get("window", 40)
        if not isinstance(window, int) or isinstance(window, bool) or window < 0:
            problems.append(f"{path}:{loc.key('pattern', i, 'window')}: window must be a whole number of characters >= 0")
            window = 40
        pgenres = _strings(raw.get("genres", []), f"{path}:{loc.key('pattern', i, 'genres')}", "genres", problems,
                           allow_empty=True)
        for g in pgenres:
            if g not in genre_names:
                problems.append(f"{path}:{loc.value('pattern', i, 'genres', g)}: genre {g!r} is not in "
                                f"{GENRES_FILE} ({', '.join(sorted(genre_names))})")
        source = raw.get("source", [])
        source = [source] if isinstance(source, str) else source
        if not isinstance(source, list) or not source or not all(isinstance(x, str) and x.strip() for x in source):
            problems.append(f"{where}: source is required: the sentence(s) this pattern was written from, with their "
                            f"document (or the report's definition it comes from)")
            source = []
        firm = raw.get("firm", False)
        if not isinstance(firm, bool):
            problems.append(f"{path}:{loc.key('pattern', i, 'firm')}: firm must be true or false")
            firm = False
        if objs and acts and all(objs) and all(acts):
            obj_re = "|".join(f"(?:{text_regex(o, gap)})" for o in sorted(objs, key=len, reverse=True))
            act_re = "|".join(f"(?:{text_regex(a, gap)})" for a in sorted(acts, key=len, reverse=True))
            patterns.append(Pattern(objs, acts, float(conf), window, loc.table("pattern", i),
                                    re.compile(obj_re, re.I), re.compile(act_re, re.I), frozenset(pgenres), firm,
                                    tuple(x.strip() for x in source)))
        elif not objs or not acts:
            problems.append(f"{where}: a [[pattern]] needs objects and acts")
    if not data.get("pattern"):
        problems.append(f"{path}:1: no [[pattern]]: a leaf needs at least one adoption pattern")
    all_acts = tuple(dict.fromkeys(a for p in patterns for a in p.acts if "{" not in a))
    own = {}
    for i, raw in enumerate(data.get("exclusion") or []):
        ex = parse_rule(raw, "exclusion", path, loc, i, problems)
        if ex is not None:
            if ex.name in own or ex.name in common.exclusions or ex.name in {r.name for r in common.stances}:
                problems.append(f"{ex.where}: exclusion {ex.name!r} is already defined")
            own[ex.name] = ex
    exclusions = []
    for name in _strings(data.get("exclusions", []), top("exclusions"), "exclusions", problems, allow_empty=True):
        if name in common.exclusions:
            exclusions.append(common.exclusions[name])
        elif name in {r.name for r in common.stances}:
            problems.append(f"{path}:{loc.value(None, 0, 'exclusions', name)}: {name!r} is a stance rule of "
                            f"{COMMON_FILE}; stance rules apply to every leaf, list only exclusions here")
        else:
            problems.append(f"{path}:{loc.value(None, 0, 'exclusions', name)}: unknown exclusion {name!r}; "
                            f"{COMMON_FILE} defines {', '.join(common.exclusions) or 'none'}")
    exclusions += own.values()
    rule = LeafRule(leaf, names[leaf], str(data.get("version", "")), str(data.get("definition", "")).strip(),
                    str(data.get("source", "")).strip(), kinds, actor, counties, queries, patterns, exclusions, gap,
                    path)
    rule.stances = [compile_rule(r, gap, all_acts) for r in common.stances]
    rule.excluded = [compile_rule(r, gap, all_acts) for r in exclusions]
    return rule


def check_rules(directory: str | os.PathLike | None = None) -> tuple[RuleSet | None, list[str]]:
    """Load every rule file of the folder; (rules, problems). Problems name file and line."""
    directory = rules_dir(directory)
    problems: list[str] = []
    if not directory.is_dir():
        raise TextmineError(f"evidence rules folder {directory} does not exist")
    common = load_common(directory, problems)
    names = yesno_leaves()
    leaves: dict[str, LeafRule] = {}
    h = hashlib.sha256()
    files = sorted(p for p in directory.glob("*.toml"))
    genres = None
    gpath = directory / GENRES_FILE
    if not gpath.is_file():
        problems.append(f"{gpath}: missing (the genres of documents and their review and plan parts)")
    else:
        got = _read(gpath, problems)
        if got is not None:
            genres = load_genres(gpath, got[0], got[1], problems)
    genre_names = {g.name for g in genres.genres} | {OTHER.name} if genres else {OTHER.name}
    broken: set[str] = set()
    for path in files:
        h.update(path.name.encode() + b"\0" + path.read_bytes())
        if path.name in (COMMON_FILE, GENRES_FILE) or common is None:
            continue
        rule = load_leaf(path, common, names, problems, genre_names)
        if rule is not None:
            leaves[rule.leaf] = rule
        else:
            broken.add(path.stem)
    if common is None:
        return None, problems
    for code in names:
        if code not in leaves and code not in common.not_searched and code not in broken:
            problems.append(f"{directory}: no rule file for yes/no leaf {indicator_label(code)}; add {code}.toml or "
                            f"list it under [not_searched] in {COMMON_FILE} with the reason")
    order = list(names)
    leaves = dict(sorted(leaves.items(), key=lambda kv: order.index(kv[0])))
    return RuleSet(leaves, common, directory, h.hexdigest(), genres), problems


def load_rules(directory: str | os.PathLike | None = None) -> RuleSet:
    rules, problems = check_rules(directory)
    if problems or rules is None:
        raise RulesError(problems)
    return rules
