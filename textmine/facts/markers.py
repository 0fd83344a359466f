"""The words around a figure that say whose it is, which year, plan or outcome, and part of a year: found once per
text with one automaton (scoring/facts.toml [markers]) and the gazetteer of cities, counties and provinces."""
from __future__ import annotations

import re
from dataclasses import dataclass

import ahocorasick

from ..places import Gazetteer
from .rules import FactRules

YEAR = re.compile(r"((?:19|20)\d\d)\s*(?:[-—－~～至到]\s*((?:19|20)\d\d)\s*)?年")
_NOT_OWN_YEAR = set("比较与同自从至到")    # 比2024年 / 同2024年相比: a comparison, not the figure's year
_DIMS = {"city": ("scope", "city"), "own_level": ("scope", "own_level"), "sub_area": ("scope", "sub_area"),
         "province": ("scope", "province"), "outcome": ("stage", "outcome"), "estimate": ("stage", "estimate"),
         "plan": ("stage", "plan"), "budget_ratio": ("none", ""), "part_year": ("part", "part_year"),
         "multi_year": ("part", "multi_year")}


@dataclass(frozen=True)
class Marker:
    start: int
    end: int
    dim: str                             # scope | stage | year | part
    value: str


class Markers:
    def __init__(self, rules: FactRules, gazetteer: Gazetteer | None = None):
        self.gaz = gazetteer or Gazetteer({})
        self.automaton = ahocorasick.Automaton()
        for name, (dim, value) in _DIMS.items():
            for w in rules.markers[name]:
                self.automaton.add_word(w, (w, dim, value))
        self.automaton.make_automaton()
        self.comparison = tuple(sorted(rules.markers["comparison"], key=len, reverse=True))

    def find(self, text: str, city_code: str) -> list[Marker]:
        if not text:
            return []
        out = [Marker(end - len(w) + 1, end + 1, dim, value) for end, (w, dim, value) in self.automaton.iter_long(text)
               if dim != "none"]     # 为调整预算的…: found so that it hides the 预算 and 完成 inside it
        for mention in self.gaz.find(text):
            if mention.kind == "city":
                if city_code in mention.codes and mention.alias:
                    continue    # 苏州工业园区, 淮南现代煤化工产业园: a short name opens a proper noun more often than not
                value = "city" if city_code in mention.codes else "other_city"
            elif mention.kind == "county":
                value = "county"
            elif mention.kind in ("province", "national"):
                value = "province"
            else:
                continue
            out.append(Marker(mention.start, mention.end, "scope", value))
        for ym in YEAR.finditer(text):
            if ym.start() and text[ym.start() - 1] in _NOT_OWN_YEAR:
                continue
            if ym.group(2) and _in_brackets(text, ym.start()):
                continue    # 三年行动（2024—2026年）: the name of a programme, not the period of a figure
            out.append(Marker(ym.start(), ym.end(), "part", "multi_year") if ym.group(2)
                       else Marker(ym.start(), ym.end(), "year", ym.group(1)))
        return [mk for mk in out if not (mk.dim == "scope" and self._comparison(text, mk))]

    def _comparison(self, text: str, mk: Marker) -> bool:
        before = text[max(0, mk.start - 2):mk.start]
        return any(before.endswith(c) for c in self.comparison)


def _in_brackets(text: str, at: int) -> bool:
    opened = max(text.rfind("（", 0, at), text.rfind("(", 0, at))
    return opened >= 0 and max(text.rfind("）", opened, at), text.rfind(")", opened, at)) < 0


def decide(levels: list[tuple[str, list[Marker]]], dim: str, *, settle: bool) -> tuple[str, str] | None:
    """(value, level) of the first level holding a marker of ``dim``: its rightmost marker. At a heading, a list
    or a caption (``settle`` False for those) two different values (全市和市本级) decide nothing there."""
    for where, mks in levels:
        found = [mk for mk in mks if mk.dim == dim]
        if not found:
            continue
        if not settle and not where.startswith(("gap", "clause", "sentence", "paragraph")) and \
                len({mk.value for mk in found}) > 1:
            continue
        return max(found, key=lambda mk: mk.start).value, where
    return None
