"""The data home and every SQL statement textmine runs.

`core` opens the database (migrations, transactions, the journal `textmine recover` reads) and keeps the raw
files; the other modules hold the named queries of one table family each (see docs/store.md). Modules outside
this package call those functions and never write SQL themselves.
"""
from __future__ import annotations

from .core import DB_NAME, JOURNAL_NAME, NEWS_ITEM_FIELDS, Store, news_item_record, resolve_home, sha256_file, utcnow
from .schema import database_is_sound, is_corruption, migrations
from .filters import Raw, where

__all__ = ["DB_NAME", "JOURNAL_NAME", "NEWS_ITEM_FIELDS", "Store", "database_is_sound", "is_corruption", "migrations",
           "news_item_record", "resolve_home", "sha256_file", "utcnow", "where", "Raw"]
