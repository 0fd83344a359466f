"""Crawlers for five-year plan outlines and government-website news (see docs/crawl.md).

Public functions: ``crawl_plans``, ``crawl_news``, ``news_counts``, ``list_news_items``,
``load_sources``/``check_sources``, ``probe_portal`` (`textmine sources probe`), and the
``Fetcher`` with its ``FetchConfig``.
"""
from .fetcher import FetchConfig, FetchError, Fetched, Fetcher
from .jobs import CityOutcome, CrawlReport
from ..count.news import news_counts
from .news import crawl_news, list_news_items, parse_news_articles
from .plans import crawl_plans
from .probe import ProbeReport, probe_portal
from .sources import CitySource, Platform, PlanSource, Sources, SourcesError, check_sources, load_sources

__all__ = ["FetchConfig", "FetchError", "Fetched", "Fetcher", "CityOutcome", "CrawlReport", "crawl_news",
           "list_news_items", "news_counts", "crawl_plans", "parse_news_articles", "CitySource", "Platform",
           "PlanSource", "Sources", "SourcesError", "check_sources", "load_sources", "ProbeReport", "probe_portal"]
