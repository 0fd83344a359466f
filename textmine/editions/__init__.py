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
from .._lazy import lazy_names

__getattr__, __dir__ = lazy_names(__name__, {
    "Edition": "classify", "classify": "classify", "refresh_editions": "corpus", "set_edition": "corpus",
    "LISTING_COLUMNS": "listing:COLUMNS", "document_listing": "listing", "NearDuplicate": "duplicates",
    "near_duplicates": "duplicates", "Fingerprint": "fingerprint", "fingerprint": "fingerprint",
    "similarity": "fingerprint", "COUNTABLE": "rules", "PLAN_TYPES": "rules", "EditionRules": "rules",
    "check_plan_type": "rules", "load_rules": "rules", "COUNTED": "select", "Decision": "select",
    "Selection": "select", "select_outlines": "select"})

__all__ = ["COUNTABLE", "COUNTED", "Decision", "Edition", "EditionRules", "Fingerprint", "LISTING_COLUMNS",
           "NearDuplicate", "PLAN_TYPES", "Selection", "check_plan_type", "classify", "document_listing",
           "fingerprint", "load_rules", "near_duplicates", "refresh_editions", "select_outlines", "set_edition",
           "similarity"]
