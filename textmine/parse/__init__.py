"""Parse stage: documents -> normalised text per page (``parses`` and ``pages`` tables).

Public API: ``extract(path)`` for one file, ``parse_corpus(store)`` for the corpus,
``normalise(text)`` (idempotent) and ``PARSER_VERSION`` (bump it when output changes:
documents parsed by another version are parsed again).
"""
from __future__ import annotations

PARSER_VERSION = "1.2"   # 1.2: the parse record keeps the title and date the document gives

from .model import Extraction, ParseError  # noqa: E402
from .normalise import normalise, page_of_offset  # noqa: E402
from .extract import extract, detect_format  # noqa: E402
from .corpus import ParseReport, parse_corpus, stored_pages  # noqa: E402

__all__ = ["PARSER_VERSION", "Extraction", "ParseError", "ParseReport", "detect_format", "extract",
           "normalise", "page_of_offset", "parse_corpus", "stored_pages"]
