"""How an outline's title is written (corpora/sources/outline_titles.toml): the forms a listed title is
matched against, and what a site search is asked, for one plan period."""
from __future__ import annotations

from pathlib import Path

from ..datatoml import read_toml
from ..errors import TextmineError
from ..resources import data_path
from ..editions import load_rules


def outline_titles(path: str | Path | None = None) -> dict:
    """The title forms of outlines (corpora/sources/outline_titles.toml): {"forms": [...], "search": [...]}."""
    path = Path(path) if path else data_path("corpora", "sources", "outline_titles.toml")
    raw = read_toml(path, missing=f"sources file {path} not found").get("outline_titles") or {}
    forms, search = raw.get("forms") or [], raw.get("search") or []
    if not forms or not all(isinstance(f, str) for f in forms + search):
        raise TextmineError(f"{path}: [outline_titles] needs forms = [regular expressions …] (and search = [...])")
    return {"forms": forms, "search": search, "version": str(raw.get("version", ""))}


def _period_values(period: str) -> dict:
    p = load_rules().period(period)
    return {"n": p.number, "y0": p.years[0], "y1": p.years[1]}


def default_title_pattern(period: str) -> str:
    """A title that names the period's outline, in one of the forms of outline_titles.toml
    (第十五个五年规划纲要, “十五五”规划纲要, 2026—2030年 …), as one regular expression."""
    values = _period_values(period)
    return "|".join(f"(?:{f.format(**values)})" for f in outline_titles()["forms"])


def outline_queries(period: str) -> list[str]:
    """What a site search is asked for the period's outline."""
    values = _period_values(period)
    return [q.format(**values) for q in outline_titles()["search"]]

