"""Crawlers for five-year plan outlines and government-website news (see docs/crawl.md).

Public functions: ``crawl_plans``, ``crawl_news``, ``news_counts``, ``list_news_items``,
``load_sources``/``check_sources``, ``probe_portal`` (`textmine sources probe`), and the
``Fetcher`` with its ``FetchConfig``.
"""
from .._lazy import lazy_names

__getattr__, __dir__ = lazy_names(__name__, {
    "FetchConfig": "fetcher", "FetchError": "fetcher", "Fetched": "fetcher", "Fetcher": "fetcher",
    "CityOutcome": "jobs", "CrawlReport": "jobs", "crawl_news": "news", "list_news_items": "news",
    "parse_news_articles": "news", "crawl_plans": "plans", "ProbeReport": "probe", "probe_portal": "probe",
    "CitySource": "sources", "Platform": "sources", "PlanSource": "sources", "Sources": "sources",
    "SourcesError": "sources", "check_sources": "sources", "load_sources": "sources"})


def news_counts(*args, **kwargs):
    """`textmine.count.news.news_counts` (news are counted by the count stage)."""
    from ..count.news import news_counts as counts  # start-up: 18 more modules than `textmine --help` needs

    return counts(*args, **kwargs)


__all__ = ["FetchConfig", "FetchError", "Fetched", "Fetcher", "CityOutcome", "CrawlReport", "crawl_news",
           "list_news_items", "news_counts", "crawl_plans", "parse_news_articles", "CitySource", "Platform",
           "PlanSource", "Sources", "SourcesError", "check_sources", "load_sources", "ProbeReport", "probe_portal"]
