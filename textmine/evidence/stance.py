"""Stance of a sentence towards the fact it names, and the exclusions that say it is not the leaf's fact.

Stances (what a reader would say the sentence states about the fact, for this city):

- ``done``       — done, existing or in force (an article in force, a count, a funded item, a past year's work);
- ``planned``    — planned, to explore, to seek, in progress, a task for the coming year, or a draft;
- ``obligation`` — a duty or a permission only (应当, 可以, 由…制定): in force as a duty, silent on whether done;
- ``other``      — stated for another jurisdiction (the province, another city, a county where the leaf
                   asks for the city, the nation) and not for this city;
- ``repealed``   — repealed, revoked, no longer in force;
- ``negated``    — stated as not done (尚未, 未).

``[[stance]]`` rules (common.toml) are tried in the file's order (a rule with ``genres`` only in documents
of those genres: in a regulation, 应当 anywhere in the sentence makes it a duty); the first that fires gives the stance
(a ``done`` rule, such as 累计 or 截至 next to the act, stops the search: the sentence reports a result).
Scopes: ``document`` (the title and first lines: a consultation draft), ``sentence``, ``before_act``
(from the start of the sentence to the end of the act's clause: 应当 governs what follows it) and
``act_clause`` (the clause of the act: 探索推进林业碳汇交易). A pattern inside the object is ignored
(建立健全 in 建立健全…机制的实施方案), and so is a match that overlaps one of the rule's ``unless``
patterns (草案 in 预算草案, 要用于 in 主要用于). When no rule fires, a sentence in the plan part of a work report, budget
report or outline is ``planned`` (unless its pattern is ``firm``: a funded amount), anything else ``done``.

``[[exclusion]]`` tables (a leaf's own, or shared ones a leaf lists) say the sentence is not about the
leaf's fact at all (a provincial pilot for the national-pilot leaf, a fishery carbon sink for the
forest one); scope ``object_clause`` looks only at the object's clause. An exclusion may set the
stance (``stance = "other"``: the province's compensation paid to the city).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .sentences import clause_bounds
from .textpattern import check_text_pattern, text_regex
from .tomlpos import Locator

STANCES = ("done", "planned", "obligation", "other", "repealed", "negated")
STANCE_LABELS = {"done": "已完成/有效", "planned": "计划/探索", "obligation": "仅为义务", "other": "其他辖区",
                 "repealed": "已废止", "negated": "否定"}
STANCE_SCOPES = ("document", "sentence", "before_act", "act_clause")
EXCLUSION_SCOPES = ("sentence", "clause", "object_clause")
RULE_KEYS = {"name", "label", "patterns", "document", "scope", "unless", "stance", "genres", "source"}


@dataclass(frozen=True)
class Rule:
    """A ``[[stance]]`` rule or an ``[[exclusion]]``."""
    name: str
    label: str
    stance: str | None            # the stance it gives (exclusions: only when it overrides)
    patterns: tuple[str, ...]
    document: tuple[str, ...]
    unless: tuple[str, ...]
    scope: str
    source: tuple[str, ...]
    where: str
    genres: frozenset[str] = frozenset()     # empty: every genre

    def reads(self, genre: str) -> bool:
        return not self.genres or genre in self.genres


def parse_rule(raw: dict, table: str, path: Path, loc: Locator, idx: int, problems: list[str]) -> Rule | None:
    """One ``[[stance]]`` or ``[[exclusion]]`` table; problems name file and line."""
    where = f"{path}:{loc.table(table, idx)}"
    unknown = set(raw) - RULE_KEYS
    if unknown:
        problems.append(f"{where}: unknown key(s) {sorted(unknown)} in [[{table}]]; known: {sorted(RULE_KEYS)}")
    name = raw.get("name")
    if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", name or ""):
        problems.append(f"{where}: name must be a lower-case identifier such as future or provincial_pilot")
        return None
    scopes = STANCE_SCOPES if table == "stance" else EXCLUSION_SCOPES
    scope = raw.get("scope", "sentence")
    if scope not in scopes:
        problems.append(f"{path}:{loc.key(table, idx, 'scope')}: scope {scope!r} must be one of {scopes}")
    stance = raw.get("stance")
    if table == "stance" and stance not in STANCES or table == "exclusion" and stance not in (None, *STANCES):
        problems.append(f"{path}:{loc.key(table, idx, 'stance')}: stance {stance!r} must be one of "
                        f"{', '.join(STANCES)}")
        stance = None if table == "exclusion" else "planned"
    lists = {}
    for key in ("patterns", "document", "unless", "source", "genres"):
        value = raw.get(key, [])
        if isinstance(value, str) and key == "source":
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(f"{path}:{loc.key(table, idx, key)}: {key} must be a list of strings")
            value = []
        lists[key] = tuple(v.strip() for v in value)
        if key in ("patterns", "document", "unless"):
            for v in lists[key]:
                check_text_pattern(v, f"{path}:{loc.value(table, idx, key, v)}", "pattern", problems, ("act",))
    if scope == "document" and not lists["document"]:
        problems.append(f"{where}: a rule of scope document needs document patterns (read in the title and head)")
    elif scope != "document" and not lists["patterns"]:
        problems.append(f"{where}: patterns is empty")
    if not lists["source"]:
        problems.append(f"{where}: source is required: the sentence(s) the rule was written from, and their document")
    return Rule(name, str(raw.get("label") or name), stance, lists["patterns"], lists["document"], lists["unless"],
                scope, lists["source"], where, frozenset(lists["genres"]))


@dataclass
class Compiled:
    """A rule's patterns compiled for one leaf (``{act}`` is that leaf's acts)."""
    rule: Rule
    sentence_re: re.Pattern | None
    document_re: re.Pattern | None
    unless_re: re.Pattern | None

    def find(self, text: str, start: int, end: int, skip: tuple[int, int] | None = None) -> str | None:
        """The first match in text[start:end] that is not inside ``skip`` (the object) nor inside an
        ``unless`` match; None when none."""
        if self.sentence_re is None:
            return None
        blocked = [m.span() for m in self.unless_re.finditer(text)] if self.unless_re is not None else []
        for m in self.sentence_re.finditer(text, start, end):
            if skip and skip[0] <= m.start() and m.end() <= skip[1]:
                continue
            if any(a < m.end() and m.start() < b for a, b in blocked):
                continue
            return m.group()
        return None

    def find_document(self, head: str) -> str | None:
        if self.document_re is None:
            return None
        blocked = [m.span() for m in self.unless_re.finditer(head)] if self.unless_re is not None else []
        for m in self.document_re.finditer(head):
            if not any(a < m.end() and m.start() < b for a, b in blocked):
                return m.group()
        return None


def compile_rule(rule: Rule, gap: int, acts: tuple[str, ...]) -> Compiled:
    def rx(values):
        return re.compile("|".join(text_regex(p, gap, acts) for p in values), re.I) if values else None
    return Compiled(rule, rx(rule.patterns), rx(rule.document), rx(rule.unless))


def scope_bounds(scope: str, sentence: str, obj: tuple[int, int], act: tuple[int, int]) -> tuple[int, int]:
    """The part of the sentence a rule of ``scope`` reads."""
    if scope == "sentence":
        return 0, len(sentence)
    if scope == "act_clause":
        return clause_bounds(sentence, act[0], act[1])
    if scope == "before_act":
        return 0, clause_bounds(sentence, act[0], act[1])[1]
    if scope == "object_clause":
        return clause_bounds(sentence, obj[0], obj[1])
    lo, hi = min(obj[0], act[0]), max(obj[1], act[1])     # clause: from the object to the act
    return clause_bounds(sentence, lo, hi)


@dataclass
class Modality:
    stance: str
    rule: str = ""           # the stance rule (or "plan_part") that decided; "" for done by default
    label: str = ""
    fired: str = ""


def modality(stances: list[Compiled], sentence: str, obj: tuple[int, int], act: tuple[int, int],
             head_hits: dict[str, str], part: str, heading: str, firm: bool, genre: str = "other") -> Modality:
    """The stance the sentence's wording and place give (before asking who acts); rules limited to some
    genres (``genres``) are read only in documents of those genres."""
    for c in stances:
        r = c.rule
        if not r.reads(genre):
            continue
        if r.scope == "document":
            if r.name in head_hits:
                return Modality(r.stance, r.name, r.label + "（文件标题或开头）", head_hits[r.name])
            continue
        s, e = scope_bounds(r.scope, sentence, obj, act)
        got = c.find(sentence, s, e, obj)
        if got is not None:
            return Modality(r.stance, r.name, r.label, got)
    if part == "plan" and not firm:
        return Modality("planned", "plan_part", f"在文件的计划/任务部分（{heading or '开头'}）", heading)
    return Modality("done")
