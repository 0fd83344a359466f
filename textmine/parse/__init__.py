"""Parse stage: documents -> normalised text per page (``parses`` and ``pages`` tables).

Public API: ``extract(path)`` for one file, ``parse_corpus(store)`` for the corpus,
``normalise(text)`` (idempotent) and ``PARSER_VERSION`` (bump it when output changes:
documents parsed by another version are parsed again).
"""
from __future__ import annotations

from .model import PARSER_VERSION, Extraction, ParseError
from .normalise import normalise, page_of_offset
from .extract import extract, detect_format
from .corpus import ParseReport, parse_corpus, stored_pages

__all__ = ["PARSER_VERSION", "Extraction", "ParseError", "ParseReport", "detect_format", "extract",
           "normalise", "page_of_offset", "parse_corpus", "stored_pages"]
