"""Count stage: lexicon term hits in plan pages and the four planning indicators per city.

Public API:
    count_corpus(store, mode, ...)            match plan pages, store every hit (incremental)
    count_modes(store, modes, ...)            the same in several modes in one pass over the pages
    planning_indicators(store, mode=None)     DataFrame, 339 rows, NaN where no plan
    audit.term_table / audit.audit_hits / audit.render_audit_html(store, city_code)
    PageMatcher, Segmenter, TermHit           the matching building blocks
    segmenter(surfaces)                       the counting Segmenter (COUNT_BACKEND), built once per process
"""
from .indicators import DEFAULT_MODE, indicator_rows, planning_indicators
from .matchers import MODES, PageMatcher, TermHit, build_automaton
from .runner import CountReport, count_corpus, count_modes
from .segment import COUNT_BACKEND, Segmenter, segmenter
from .state import LexiconState, current_state, state_from_lexicons

__all__ = ["COUNT_BACKEND", "DEFAULT_MODE", "MODES", "CountReport", "LexiconState", "PageMatcher", "Segmenter", "TermHit",
           "build_automaton", "count_corpus", "count_modes", "current_state", "indicator_rows", "planning_indicators",
           "segmenter", "state_from_lexicons"]
