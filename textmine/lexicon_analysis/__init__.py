"""Analyses of the lexicons against the corpus: they read the store and count, so they depend on both
`textmine.lexicon` (the files) and `textmine.count` (matching), which do not depend on each other's
analyses (no import cycle).

    recount_and_diff(store, against)   which cities' counts and ranks move (writes: recounts first)
    check_with_corpus(store)           `lexicon check` with collisions and what each exclusion removes
    suggest_terms(store, category)     candidate terms (chi², TF-IDF contrast)
    expand_terms(store, category)      candidate terms by word2vec neighbours (caches a model in the data home)
"""
from .corpus_checks import check_with_corpus
from .diff import lexicons_against, recount_and_diff
from .expand import expand_terms
from .suggest import suggest_terms

__all__ = ["check_with_corpus", "expand_terms", "lexicons_against", "recount_and_diff", "suggest_terms"]
