"""Plan editions: which plan period and plan type each document is, and which one document is counted
for each city and period (report Table 2: the planning indicators are defined on the 十四五规划纲要).

    load_rules()                         the rules in corpora/editions.toml (periods, plan types, copies)
    classify(title, text, rules)         period and plan type of one document, with what decided them
    refresh_editions(store)              classify and fingerprint what changed in the store
    set_edition(store, ids, period=, plan_type=)   set by hand (kept over detection)
    select_outlines(store, period)       per city: the counted document, and why each other one is not
    document_listing(store, ...)         every document with its edition and counting decision
    fingerprint(text), similarity(a, b)  text fingerprints (copies of one outline)
"""
from .classify import Edition, classify
from .corpus import refresh_editions, set_edition
from .listing import COLUMNS as LISTING_COLUMNS, document_listing
from .duplicates import NearDuplicate, near_duplicates
from .fingerprint import Fingerprint, fingerprint, similarity
from .rules import COUNTABLE, PLAN_TYPES, EditionRules, check_plan_type, load_rules
from .select import COUNTED, Decision, Selection, select_outlines

__all__ = ["COUNTABLE", "COUNTED", "PLAN_TYPES", "Decision", "Edition", "EditionRules", "Fingerprint", "Selection",
           "LISTING_COLUMNS", "NearDuplicate", "near_duplicates", "check_plan_type", "classify", "document_listing", "fingerprint", "load_rules", "refresh_editions", "select_outlines",
           "set_edition", "similarity"]
