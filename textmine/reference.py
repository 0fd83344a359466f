"""What the index edition measures by default, from scoring/model.toml: the plan period whose outlines
the planning indicators count, and the news query and reference window of 政府关注 (G02).

    [planning] period = "十四五"
    [news]     lexicon = "news"; since = "2024-01-01"; until = "2024-12-31"

Read without importing the scoring stack (counting, crawling and listings need only these values).
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass

from .dates import parse_date
from .errors import TextmineError
from .resources import data_path


@dataclass(frozen=True)
class Reference:
    model_version: str
    period: str
    news_lexicon: str
    since: str | None
    until: str | None


def iso_date(value, name: str) -> str | None:
    """YYYY-MM-DD or None (textmine.dates reads 2024-01-01, 2024年1月1日, 二〇二四年一月一日); anything else,
    2024-02-30 included, is an error naming the option."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        raise TextmineError(f"{name}: {exc}") from None


def check_window(since, until, names=("since", "until")) -> tuple[str | None, str | None]:
    s, u = iso_date(since, names[0]), iso_date(until, names[1])
    if s and u and s > u:
        raise TextmineError(f"{names[0]} {s} is after {names[1]} {u}")
    return s, u


def reference(model_toml=None) -> Reference:
    path = model_toml or data_path("scoring", "model.toml")
    try:
        cfg = tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise TextmineError(f"{path}: cannot be read: {exc}") from None
    from .editions import load_rules

    planning, news = cfg.get("planning", {}), cfg.get("news", {})
    if "period" not in planning:
        raise TextmineError(f"{path}: [planning] needs `period` (the plan period the planning indicators count)")
    period = load_rules().check_period(planning["period"])
    since, until = check_window(news.get("since"), news.get("until"), (f"{path} [news] since", "until"))
    return Reference(str(cfg.get("model", {}).get("version", "")), period, str(news.get("lexicon", "news")),
                     since, until)
