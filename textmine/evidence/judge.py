"""One sentence, one leaf, one city: is it an adoption sentence (object + act), and does it count?

``judge`` finds the best object–act pair of the leaf's patterns in the sentence, then applies the
leaf's exclusions (document head, sentence or clause) and the acting-government check:

- the government acting is the one named nearest before the act in its clause (a list such as
  南平市、三明市 counts as one group; 与三明市签订 adds the sentence's subject), else the sentence's
  first government if it comes before the act, else the document's issuer (its title and first lines);
- the city (or an alias; a county of it where the leaf's ``counties = "covered"``) acting, or named as
  covered by a province or ministry acting, is accepted; another city acting is rejected
  (``other_city``), a county of the city where the leaf asks for the city (``county``), a province or
  ministry not naming the city (``province``/``national``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .places import Gazetteer, Mention
from .rules import LeafRule, Pattern
from .sentences import clause_bounds

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
    exclusion: str | None = None       # name of the exclusion that fired
    label: str = ""                    # its label, or why the acting-government check failed
    fired: str = ""                    # the text that fired
    basis: str = ""                    # named | own_city | county | issuer | unknown | higher_also
    confidence: float = 0.0


def best_pair(rule: LeafRule, sentence: str) -> tuple[Pattern, re.Match, re.Match] | None:
    """The highest-confidence pattern with an object and an act (outside it) at most ``window`` apart."""
    best = None
    for p in rule.patterns:
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


def judge(rule: LeafRule, sentence: str, city: str, gaz: Gazetteer, issuer: Issuer, head_hits: dict[str, str],
          kind: str, conf: dict, tail: str = "") -> Verdict | None:
    """The verdict on ``sentence`` for ``rule`` and ``city``; None when it is no adoption sentence.
    ``tail``: the list a sentence ending with a colon introduces (where covered cities are named)."""
    pair = best_pair(rule, sentence)
    if pair is None:
        return None
    p, o, a = pair
    v = Verdict(False, o.span(), a.span(), p)
    lo, hi = min(o.start(), a.start()), max(o.end(), a.end())
    for ex in rule.exclusions:
        if ex.name in head_hits:
            v.exclusion, v.label, v.fired = ex.name, ex.label + "（文件标题或开头）", head_hits[ex.name]
            return v
        rx = rule.sentence_res.get(ex.name)
        if rx is None:
            continue
        s, e = (0, len(sentence)) if ex.scope == "sentence" else clause_bounds(sentence, lo, hi)
        for m in rx.finditer(sentence, s, e):
            if not (o.start() <= m.start() and m.end() <= o.end()):
                v.exclusion, v.label, v.fired = ex.name, ex.label, m.group()
                return v
    mentions = gaz.find(sentence)
    roles = [role_of(m, city, issuer) for m in mentions]
    everyone = list(zip(mentions, roles)) + [(m, role_of(m, city, issuer)) for m in gaz.find(tail)]
    covered = {"X"} | ({"county_X"} if rule.counties == "covered" else set())
    named = [m for m, r in everyone if r in covered]
    actors, who = acting(mentions, roles, sentence, a.span(), issuer)
    explicit = bool(who)
    if not explicit:
        actors = {issuer.role}
    names = "、".join(dict.fromkeys(m.text for m in who)) or issuer.names
    if actors & covered:
        via = [m for m in who if role_of(m, city, issuer) in covered]
        return _accept(v, _basis(via[0] if via else None, issuer), conf, kind)
    if named and (not explicit or actors <= set(HIGHER)):
        v = _accept(v, _basis(named[0], issuer), conf, kind)
        if rule.actor == "city" and actors & set(HIGHER):
            v.basis, v.confidence = "higher_also", round(v.confidence * conf["higher_also"], 3)
        return v
    if "other" in actors:
        return _reject(v, "other_city", f"另一城市或其县区（{names}）是行为主体，未指本市", names)
    if "county_X" in actors:
        return _reject(v, "county", f"本市所辖县区（{names}）的行为，本指标要求市级", names)
    if actors & set(HIGHER):
        which = "province" if "province" in actors else "national"
        return _reject(v, which, f"{'省级' if which == 'province' else '中央/部委'}（{names}）的行为，未点名本市", names)
    others = [(m, r) for m, r in everyone if r not in covered]
    if others:   # the issuer is unknown: the sentence names only other governments
        m, r = others[0]
        key = {"other": "other_city", "county_X": "county"}.get(r, r)
        return _reject(v, key, f"句中只点名了{m.text}，未指本市", m.text)
    return _accept(v, "unknown", conf, kind)


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


def _reject(v: Verdict, name: str, label: str, fired: str) -> Verdict:
    v.exclusion, v.label, v.fired = name, label, fired
    return v
