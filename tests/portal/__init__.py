"""A local fake government portal for the crawler tests (see server.py and site.py)."""
from .server import Portal
from .site import LEXICON, expected_news

__all__ = ["Portal", "LEXICON", "expected_news"]
