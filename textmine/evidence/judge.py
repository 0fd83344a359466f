"""One sentence, one leaf, one city: is it an adoption sentence (object + act), what does it state, and does it count?

``judge`` finds the best object–act pair of the leaf's patterns in the sentence (patterns limited to
some genres are tried only in documents of those genres), then reads three things:

- its **stance** from its wording and place (``stance.modality``: a draft, 应当, 探索, the plan part of a
  work report …);
- the leaf's **exclusions** (not the leaf's fact: a provincial pilot, a fishery carbon sink);
- **who acts**: the government named nearest before the act in its clause (a list such as 南平市、三明市
  counts as one group; 与三明市签订 adds the sentence's subject), else the sentence's first government if
  it comes before the act, else the document's issuer (its title and first lines). The city (or an
  alias; a county of it where the leaf's ``counties = "covered"``) acting, or named as covered by a
  province or ministry acting, is this city; another city (``other_city``), a county where the leaf asks
  for the city (``county``), a province or ministry not naming the city (``province``/``national``) make
  the stance ``other``.

The stance is ``repealed`` if the sentence says so, else ``other`` if another government acts (or an
exclusion says so), else what the wording gives. Only ``done`` for this city, with no exclusion, is
accepted. The verdict names what decided it (``exclusion``: a stance rule, a place, an exclusion) and why.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..places import Gazetteer, Mention
from .rules import LeafRule, Pattern
from .sentences import clause_bounds
from .stance import modality, scope_bounds

_JOINERS = re.compile(r"^[、和与及同暨跟，,\s]{1,2}$|^以及$")
_PARTNER = ("与", "同", "和", "跟")
HIGHER = ("province", "national")


@dataclass(frozen=True)
class Issuer:
    role: str            # X | other | county_X | province | national | unknown
    names: str = ""


@dataclass
class Verdict:
    accepted: bool
    obj: tuple[int, int]         # span of the object in the sentence
    act: tuple[int, int]
    pattern: Pattern
    exclusion: str | None = None       # what decided a rejection: a stance rule, a place, an exclusion
    label: str = ""                    # its label, or why the acting-government check failed
    fired: str = ""                    # the text that fired
    basis: str = ""                    # named | own_city | county | issuer | unknown | higher_also
    confidence: float = 0.0
    stance: str = "done"               # done | planned | obligation | other | repealed | negated
    stance_rule: str = ""              # the stance rule (or plan_part) behind a stance other than done
    stance_why: str = ""               # its label and the words that fired it


def best_pair(rule: LeafRule, sentence: str, genre: str = "other") -> tuple[Pattern, re.Match, re.Match] | None:
    """The highest-confidence pattern (of those that read ``genre``) with an object and an act (outside
    it) at most ``window`` apart."""
    best = None
    for p in rule.patterns:
        if not p.reads(genre):
            continue
        objs = list(p.object_re.finditer(sentence))
        if not objs:
            continue
        acts = list(p.act_re.finditer(sentence))
        for o in objs:
            for a in acts:
                if a.start() < o.end() and o.start() < a.end():
                    continue   # the act is part of the object (建立健全…机制的实施方案)
                gap = a.start() - o.end() if a.start() >= o.end() else o.start() - a.end()
                if gap > p.window:
                    continue
                key = (p.confidence, -gap)
                if best is None or key > best[0]:
                    best = (key, p, o, a)
    return None if best is None else best[1:]


def role_of(m: Mention, city: str, issuer: Issuer) -> str:
    if m.kind == "city":
        return "X" if city in m.codes else "other"
    if m.kind == "county":
        return "county_X" if city in m.codes else "other"
    if m.kind == "own_city":
        return "other" if issuer.role == "other" else "county_X" if issuer.role == "county_X" else "X"
    if m.kind == "own_county":
        return "other" if issuer.role == "other" else "county_X"
    return m.kind   # province | national


def issuer_of(gaz: Gazetteer, head: str, city: str, text: str = "") -> Issuer:
    """Whose document it is: the first government its title and first lines name; when they name none,
    the government its text (``text``: the first page) names most often, if one does clearly (a
    provincial report reprinted on a city's portal says 我省 and 全省, not the city's name)."""
    for m in gaz.find(head):
        return Issuer(role_of(m, city, Issuer("unknown")), m.text)
    counts: dict[str, list[str]] = {}
    for m in gaz.find(text):
        counts.setdefault(role_of(m, city, Issuer("unknown")), []).append(m.text)
    ranked = sorted(counts.items(), key=lambda kv: -len(kv[1]))
    if ranked and (len(ranked) == 1 or len(ranked[0][1]) > len(ranked[1][1])):
        role, names = ranked[0]
        return Issuer(role, "、".join(dict.fromkeys(names)))
    return Issuer("unknown")


def _group(mentions: list[Mention], sentence: str, last: int) -> list[int]:
    """Indexes of the list ending with mention ``last`` (南平市、三明市和龙岩市)."""
    idx = [last]
    while idx[0] > 0:
        prev = mentions[idx[0] - 1]
        between = sentence[prev.end:mentions[idx[0]].start]
        if not _JOINERS.match(between):
            break
        idx.insert(0, idx[0] - 1)
    return idx


def acting(mentions: list[Mention], roles: list[str], sentence: str, act: tuple[int, int],
           issuer: Issuer) -> tuple[set[str], list[Mention]]:
    """Roles of the government(s) named as acting, and their mentions; (set(), []) when none is named
    before the act (then the document's issuer acts)."""
    c0, _ = clause_bounds(sentence, act[0], act[1])
    before = [i for i, m in enumerate(mentions) if m.end <= act[0]]
    in_clause = [i for i in before if mentions[i].start >= c0]
    if in_clause:
        group = _group(mentions, sentence, in_clause[-1])
    elif before and mentions[0].start - clause_bounds(sentence, mentions[0].start, mentions[0].end)[0] <= 2:
        group = _group(mentions, sentence, 0)   # the sentence's topic: it opens an earlier clause
    else:
        return set(), []
    got = {roles[i] for i in group}
    lead = sentence[max(0, mentions[group[0]].start - 1):mentions[group[0]].start]
    if lead in _PARTNER:   # 与三明市签订: the partner is named, the subject comes first or is the issuer
        earlier = [i for i in before if i < group[0]]
        got |= {roles[earlier[0]]} if earlier else {issuer.role}
    return got, [mentions[i] for i in group]


def document_hits(rule: LeafRule, head: str) -> dict[str, str]:
    """The document-scope stance rules (a consultation draft, a repeal) that fire on a document's title and
    first lines: {rule name: the words that fired}."""
    return {c.rule.name: got for c in rule.stances if c.rule.scope == "document" and (got := c.find_document(head))}


def judge(rule: LeafRule, sentence: str, city: str, gaz: Gazetteer, issuer: Issuer, head_hits: dict[str, str],
          kind: str, conf: dict, tail: str = "", *, genre: str = "other", part: str = "none",
          heading: str = "") -> Verdict | None:
    """The verdict on ``sentence`` for ``rule`` and ``city``; None when it is no adoption sentence.
    ``tail``: the list a sentence ending with a colon introduces (where covered cities are named);
    ``genre``, ``part`` (review / plan / none) and ``heading``: where in which kind of document it is;
    ``head_hits``: the document-scope stance rules that fired on the document's title and head."""
    pair = best_pair(rule, sentence, genre)
    if pair is None:
        return None
    p, o, a = pair
    v = Verdict(False, o.span(), a.span(), p)
    mod = modality(rule.stances, sentence, o.span(), a.span(), head_hits, part, heading, p.firm, genre)
    fact = None
    for c in rule.excluded:
        s, e = scope_bounds(c.rule.scope, sentence, o.span(), a.span())
        got = c.find(sentence, s, e, o.span())
        if got is not None:
            fact = (c.rule, got)
            break
    place = _place(rule, sentence, city, gaz, issuer, tail, a.span())
    if mod.stance == "repealed":
        v.stance, v.exclusion, v.label, v.fired = "repealed", mod.rule, mod.label, mod.fired
    elif place[0] == "reject":
        v.stance, (_, v.exclusion, v.label, v.fired) = "other", place
    elif fact is not None:
        v.stance = fact[0].stance or mod.stance
        v.exclusion, v.label, v.fired = fact[0].name, fact[0].label, fact[1]
    else:
        v.stance = mod.stance
        if mod.stance != "done":
            v.exclusion, v.label, v.fired = mod.rule, mod.label, mod.fired
    if mod.stance != "done":
        v.stance_rule, v.stance_why = mod.rule, f"{mod.label}（「{mod.fired}」）" if mod.fired else mod.label
    elif v.stance == "other":
        v.stance_rule, v.stance_why = v.exclusion or "", v.label
    if v.exclusion is None and v.stance == "done" and place[0] == "accept":
        _accept(v, place[1], conf, kind)
        if place[2]:
            v.basis, v.confidence = "higher_also", round(v.confidence * conf["higher_also"], 3)
    return v


def _place(rule: LeafRule, sentence: str, city: str, gaz: Gazetteer, issuer: Issuer, tail: str,
           act: tuple[int, int]) -> tuple:
    """("accept", basis, higher_also) or ("reject", name, label, fired): who acts, and is it this city."""
    mentions = gaz.find(sentence)
    roles = [role_of(m, city, issuer) for m in mentions]
    everyone = list(zip(mentions, roles)) + [(m, role_of(m, city, issuer)) for m in gaz.find(tail)]
    covered = {"X"} | ({"county_X"} if rule.counties == "covered" else set())
    named = [m for m, r in everyone if r in covered]
    actors, who = acting(mentions, roles, sentence, act, issuer)
    explicit = bool(who)
    if not explicit:
        actors = {issuer.role}
    names = "、".join(dict.fromkeys(m.text for m in who)) or issuer.names
    if actors & covered:
        via = [m for m in who if role_of(m, city, issuer) in covered]
        return ("accept", _basis(via[0] if via else None, issuer), False)
    if named and (not explicit or actors <= set(HIGHER)):
        return ("accept", _basis(named[0], issuer), rule.actor == "city" and bool(actors & set(HIGHER)))
    if "other" in actors:
        return ("reject", "other_city", f"另一城市或其县区（{names}）是行为主体，未指本市", names)
    if "county_X" in actors:
        return ("reject", "county", f"本市所辖县区（{names}）的行为，本指标要求市级", names)
    if actors & set(HIGHER):
        which = "province" if "province" in actors else "national"
        return ("reject", which, f"{'省级' if which == 'province' else '中央/部委'}（{names}）的行为，未点名本市", names)
    others = [(m, r) for m, r in everyone if r not in covered]
    if others:   # the issuer is unknown: the sentence names only other governments
        m, r = others[0]
        key = {"other": "other_city", "county_X": "county"}.get(r, r)
        return ("reject", key, f"句中只点名了{m.text}，未指本市", m.text)
    return ("accept", "unknown", False)


def _basis(m: Mention | None, issuer: Issuer) -> str:
    if m is None:
        return "issuer" if issuer.role == "X" else "county" if issuer.role == "county_X" else "unknown"
    return {"own_city": "own_city", "county": "county"}.get(m.kind, "named")


def _accept(v: Verdict, basis: str, conf: dict, kind: str) -> Verdict:
    factor = {"named": conf["named"], "county": conf["named"], "own_city": conf["own_city"],
              "issuer": conf["issuer"], "unknown": conf["unknown"]}[basis]
    v.accepted, v.basis = True, basis
    v.confidence = round(v.pattern.confidence * factor * conf["kind"][kind], 3)
    return v
