"""Count stage: lexicon term hits in plan pages and the four planning indicators per city.

Public API (names load their submodule on first use):
    count_corpus(store, mode, ...)            match plan pages, store every hit (incremental)
    count_modes(store, modes, ...)            the same in several modes in one pass over the pages
    planning_indicators(store, mode=None)     DataFrame, 339 rows, NaN where no plan
    audit.term_table / audit.audit_hits / audit.render_audit_html(store, city_code)
    PageMatcher, Segmenter, TermHit           the matching building blocks
    segmenter(surfaces)                       the counting Segmenter (COUNT_BACKEND), built once per process
"""
from .._lazy import lazy_names

__getattr__, __dir__ = lazy_names(__name__, {
    "DEFAULT_MODE": "indicators", "indicator_rows": "indicators", "planning_indicators": "indicators",
    "MODES": "matchers", "PageMatcher": "matchers", "TermHit": "matchers", "build_automaton": "matchers",
    "CountReport": "runner", "count_corpus": "runner", "count_modes": "runner", "Segmenter": "segment", "COUNT_BACKEND": "segment", "segmenter": "segment", "LexiconState": "state",
    "current_state": "state", "state_from_lexicons": "state"})

__all__ = ["COUNT_BACKEND", "DEFAULT_MODE", "MODES", "CountReport", "LexiconState", "PageMatcher", "Segmenter", "TermHit",
           "build_automaton", "count_corpus", "count_modes", "current_state", "indicator_rows", "planning_indicators",
           "segmenter", "state_from_lexicons"]
