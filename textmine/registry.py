"""The 339-city registry (corpora/cities.csv) and the resolver every command uses."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .datacsv import read_table, stamp
from .errors import TextmineError, UnknownCityError
from .names import city_label
from .resources import data_path
from .text import to_simplified

REQUIRED_COLUMNS = ("name", "code", "province", "province_code", "type", "region", "zone", "basins", "aliases")
LIST_COLUMNS = ("basins", "aliases")  # "|"-separated in the file


@dataclass(frozen=True)
class City:
    name: str
    code: str
    province: str
    province_code: str
    type: str
    region: str
    zone: str
    basins: tuple[str, ...] = field(default=())   # river basins (长江经济带, 黄河流域); may be empty
    aliases: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict:
        d = {k: getattr(self, k) for k in REQUIRED_COLUMNS}
        for k in LIST_COLUMNS:
            d[k] = "|".join(d[k])
        return d


class Registry:
    """Cities by name, alias and code. Iterates in code order."""

    def __init__(self, cities: list[City]):
        self.cities = sorted(cities, key=lambda c: c.code)
        self._by_code = {c.code: c for c in self.cities}
        self._by_key: dict[str, list[City]] = {}
        for c in self.cities:
            for key in (c.name, *c.aliases):
                self._by_key.setdefault(key, []).append(c)
        # province names and their short forms (海南省 → 海南, 广西壮族自治区 → 广西) that are not city names
        self._provinces: dict[str, str] = {}
        for prov in {c.province for c in self.cities}:
            for key in (prov, _short_province(prov)):
                if key not in self._by_key:
                    self._provinces[key] = prov

    @classmethod
    def from_csv(cls, path: Path) -> "Registry":
        table = read_table(path, REQUIRED_COLUMNS)
        cities, seen = [], {}
        for lineno, raw in table.rows:
            row = {k: raw[k].strip() for k in REQUIRED_COLUMNS}
            if not row["name"] or not row["code"].isdigit() or len(row["code"]) != 6:
                raise TextmineError(f"{path}:{lineno}: a city needs a name and a 6-digit code; got name "
                                    f"{row['name']!r}, code {row['code']!r}")
            if row["code"] in seen:
                raise TextmineError(f"{path}:{lineno}: code {row['code']} is already the code of line {seen[row['code']]}")
            seen[row["code"]] = lineno
            lists = {k: tuple(a.strip() for a in row[k].split("|") if a.strip()) for k in LIST_COLUMNS}
            cities.append(City(**{k: row[k] for k in REQUIRED_COLUMNS if k not in LIST_COLUMNS}, **lists))
        if not cities:
            raise TextmineError(f"{path}: no city rows under the header (line {table.header_line})")
        return cls(cities)

    @property
    def basins(self) -> list[str]:
        """The river basins named in the registry, the one with most cities first."""
        counts: dict[str, int] = {}
        for c in self.cities:
            for b in c.basins:
                counts[b] = counts.get(b, 0) + 1
        return sorted(counts, key=lambda b: (-counts[b], b))

    def __iter__(self):
        return iter(self.cities)

    def __len__(self) -> int:
        return len(self.cities)

    def by_code(self, code: str) -> City:
        return self._by_code[code]

    def resolve(self, query: str) -> City:
        """Exact name, alias or 6-digit code (also "156"+code); else a unique prefix.

        Unknown and ambiguous names raise UnknownCityError listing candidates.
        """
        q = (query or "").strip()
        if q.startswith("156") and len(q) == 9:
            q = q[3:]
        if q in self._by_code:
            return self._by_code[q]
        hits = self._by_key.get(q, [])
        if not hits and not q.isascii():         # 麗水 is 丽水 (traditional characters, OpenCC t2s)
            q = to_simplified(q)
            hits = self._by_key.get(q, [])
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise _unknown(query, hits, ambiguous=True)
        province = self._provinces.get(q)
        if province:
            names = [c.name for c in self.cities if c.province == province]
            raise UnknownCityError(query, names, reason=(
                f"{query!r} is a province ({province}), not a city; its {len(names)} cities: "
                f"{', '.join(names[:12])}{' …' if len(names) > 12 else ''}; give a city name or 6-digit code"))
        if q:
            prefixed = [c for c in self.cities if c.name.startswith(q) or any(a.startswith(q) for a in c.aliases)]
            if len(prefixed) == 1:
                c = prefixed[0]
                shortest = min(len(k) for k in (c.name, *c.aliases))
                if len(q) >= shortest:
                    return c
                raise UnknownCityError(query, [c.name], reason=(
                    f"{query!r} is too short to name a city: did you mean {c.name} "
                    f"({' or '.join(a for a in c.aliases if len(a) == shortest) or c.name})? Give at least "
                    f"{shortest} characters, the full name or the 6-digit code"))
            if len(prefixed) > 1:
                raise _unknown(query, prefixed[:12], ambiguous=True)
        raise _unknown(query, self.closest(q))

    def closest(self, query: str, n: int = 5) -> list[City]:
        """The cities whose name or alias is most like `query`, best first: by similarity (difflib), then by
        characters in common, then in code order (so 麗水's suggestions start with 丽水, not 衡水)."""
        scored: dict[str, tuple] = {}
        for key, cities in self._by_key.items():
            ratio = difflib.SequenceMatcher(None, query, key).ratio()
            if ratio < 0.4:
                continue
            shared = len(set(query) & set(key))
            for c in cities:
                score = (ratio, shared, -int(c.code))
                if score > scored.get(c.code, (0, 0, 0))[:3]:
                    scored[c.code] = (*score, c)
        return [s[3] for s in sorted(scored.values(), key=lambda s: s[:3], reverse=True)[:n]]

    def filter(self, province: str | None = None, region: str | None = None, zone: str | None = None,
               basin: str | None = None) -> list[City]:
        out = self.cities
        if province:
            p = province.strip()
            out = [c for c in out if p in (c.province, c.province_code) or c.province.startswith(p)]
            if not out:
                raise TextmineError(f"unknown province {province!r}; use a name such as 浙江 or 浙江省, or a 2-digit code")
        if region:
            known = sorted({c.region for c in self.cities})
            if region not in known:
                raise TextmineError(f"unknown region {region!r}; one of {' '.join(known)}")
            out = [c for c in out if c.region == region]
        if zone:
            known = sorted({c.zone for c in self.cities})
            if zone not in known:
                raise TextmineError(f"unknown zone {zone!r}; one of {' '.join(known)}")
            out = [c for c in out if c.zone == zone]
        if basin:
            if basin not in self.basins:
                raise TextmineError(f"unknown basin {basin!r}; one of {' '.join(self.basins)}")
            out = [c for c in out if basin in c.basins]
        return out


def _unknown(query: str, cities: list[City], ambiguous: bool = False) -> UnknownCityError:
    return UnknownCityError(query, [c.name for c in cities], ambiguous=ambiguous, shown=[city_label(c) for c in cities])


_PROVINCE_SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省", "市")


def _short_province(name: str) -> str:
    for suffix in _PROVINCE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def load_registry() -> Registry:
    """The registry of the data root's corpora/cities.csv (read again when the file or the root changes)."""
    return _registry(*stamp(data_path("corpora", "cities.csv")))


@lru_cache(maxsize=4)
def _registry(path: str, _mtime: int, _size: int) -> Registry:
    return Registry.from_csv(Path(path))


def resolve_city(query: str) -> City:
    return load_registry().resolve(query)
