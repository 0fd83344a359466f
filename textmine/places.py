"""Which governments a sentence names: the 339 cities (names and aliases, corpora/cities.csv), their
counties (corpora/counties.csv), the provinces (corpora/provinces.csv) and the government words of the
rules (我市, 省政府, 国务院 …). Matching is leftmost-longest (pyahocorasick), so 吉林省 is a province,
吉林市 a city, 朝阳区 a district of 北京 and not the city 朝阳, 南平市政府 the city of 南平."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from .datacsv import DataTable, read_table, stamp
from .errors import TextmineError
from .registry import load_registry
from .resources import data_path

# an alias (short form) followed by one of these is a place inside some city, not the city (朝阳路, 南平镇)
_NOT_AFTER_ALIAS = set("区县镇乡街路村")
KIND_ORDER = {"city": 0, "province": 1, "national": 2, "county": 3, "own_city": 4, "own_county": 5, "none": 6}


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    kind: str                   # city | county | province | national | own_city | own_county | none
    codes: tuple[str, ...] = ()  # city: its code; county: the city code(s) it belongs to; province: its code
    alias: bool = False


def _provinces() -> list[dict]:
    return _read_provinces(*stamp(data_path("corpora", "provinces.csv")))


def _counties() -> list[dict]:
    return _read_counties(*stamp(data_path("corpora", "counties.csv")))


@lru_cache(maxsize=4)
def _read_provinces(path: str, _mtime: int, _size: int) -> list[dict]:
    return _names(read_table(path, ("code", "name", "short")), ("name", "short"))


@lru_cache(maxsize=4)
def _read_counties(path: str, _mtime: int, size: int) -> list[dict]:
    if size < 0:      # no county list: counties are not recognised (the evidence says so where it matters)
        return []
    return _names(read_table(path, ("name", "code", "city_code")), ("name", "city_code"))


def _names(table: DataTable, needed: tuple[str, ...]) -> list[dict]:
    """The rows with their cells stripped; an empty cell where a name or code is needed is an error naming the
    line (the automaton would otherwise hold an empty word)."""
    out = []
    for line, row in table.rows:
        row = {k: v.strip() for k, v in row.items()}
        empty = [k for k in needed if not row[k]]
        if empty:
            raise TextmineError(f"{table.where(line)}: empty {', '.join(empty)}; every row needs "
                                f"{', '.join(needed)}")
        out.append(row)
    return out


class Gazetteer:
    """Find government mentions in text (``find``)."""

    def __init__(self, words: dict[str, tuple[str, ...]]):
        entries: dict[str, Mention] = {}

        def add(key: str, m: Mention) -> None:
            old = entries.get(key)
            if old is None or KIND_ORDER[m.kind] < KIND_ORDER[old.kind]:
                entries[key] = m
            elif old.kind == m.kind == "county":
                entries[key] = Mention(0, 0, key, "county", tuple(sorted(set(old.codes) | set(m.codes))))

        reg = load_registry()
        municipal = {c.province_code: c for c in reg if c.type == "直辖市"}
        provinces = _provinces()
        shorts = {p["short"] for p in provinces}
        for p in provinces:
            if p["code"] in municipal:
                continue   # 北京市 is a city of the index; its "province" is itself
            for key in {p["name"], p["short"]}:
                add(key, Mention(0, 0, key, "province", (p["code"],)))
        for c in reg:
            add(c.name, Mention(0, 0, c.name, "city", (c.code,)))
            for a in c.aliases:
                if a in shorts and c.type != "直辖市":
                    continue   # bare 吉林 is the province
                add(a, Mention(0, 0, a, "city", (c.code,), alias=True))
        for row in _counties():
            add(row["name"], Mention(0, 0, row["name"], "county", (row["city_code"],)))
        for kind, key in (("own_city", "own_city"), ("own_county", "own_county"), ("province", "province"),
                          ("national", "national"), ("none", "not_places")):
            for w in words.get(key, ()):
                add(w, Mention(0, 0, w, kind))
        self.automaton = ahocorasick.Automaton()
        for key, m in entries.items():
            self.automaton.add_word(key, m)
        self.automaton.make_automaton()

    def find(self, text: str) -> list[Mention]:
        out = []
        for end, m in self.automaton.iter_long(text):
            start = end - len(m.text) + 1
            if m.kind == "none":
                continue
            if m.alias and end + 1 < len(text) and text[end + 1] in _NOT_AFTER_ALIAS:
                continue
            out.append(Mention(start, end + 1, m.text, m.kind, m.codes, m.alias))
        return out
