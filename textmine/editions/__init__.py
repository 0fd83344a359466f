"""Plan editions: which plan period and document type each document is, whose document it is, and which one
document is counted for each city and period (report Table 2: the planning indicators are defined on the
十四五规划纲要) — with a confidence, its reasons, and a review a person can record.

    load_rules()                         the rules in corpora/editions.toml (periods, document types, titles;
                                         read by textmine.edition_rules, a layer below, re-exported here)
    normalise(text), title_block(head)   the one normal form every rule reads; the title a cover gives
    classify(title, text, rules, …)      period, document type, plan type and owner of one document, with
                                         a confidence and its doubts
    refresh_editions(store)              classify and fingerprint what changed in the store
    set_edition(store, ids, period=, plan_type=)   set by hand (kept over detection)
    select_outlines(store, period)       per city: the counted document, and why each other one is not
    document_listing(store, ...)         every document with its edition and counting decision
    fingerprint(text), similarity(a, b)  text fingerprints (copies of one outline)

The review seam (what count, score, run, report and `--strict` use; issues that add checks of their own put
their reasons in the same queue):

    outline_state(store, period=None) -> Selection
        .cities[code] -> CityChoice      counted_id, title, confidence (high|medium|low), reasons,
                                         review (needed|reviewed|not needed), review_reasons, why_none,
                                         candidates, decision (the person's, from the workspace)
        .unreviewed                      the CityChoice list that needs review and has none
    review_warning(sel) -> str | None    the one line every command prints while choices are unreviewed
    require_reviewed(sel)                raises UnreviewedChoices (a TextmineError): `--strict`
    missing_summary(sel)                 why the cities without a counted outline have none
    review_rows(store, …), accept_choice(store, city, period, document_id=… | none=True)
                                         the queue (`textmine documents review`) and a decision
                                         (`textmine documents accept`, kept in corpora/editions-decisions.csv)
"""
from .._lazy import lazy_names
from ..edition_rules import COUNTABLE, PLAN_TYPES, EditionRules, check_plan_type, load_rules  # noqa: F401 (re-exported)
from ..normal_form import normalise, title_block  # noqa: F401 (re-exported: the normal form every rule reads)

# No submodule is named like a public name (classify, fingerprint, normalise): once a submodule is imported,
# the import system binds its name on the package, which would hide the function of that name.

__getattr__, __dir__ = lazy_names(__name__, {
    "Edition": "classifier", "classify": "classifier", "refresh_editions": "corpus", "set_edition": "corpus",
    "LISTING_COLUMNS": "listing:COLUMNS", "document_listing": "listing", "NearDuplicate": "duplicates",
    "near_duplicates": "duplicates", "Fingerprint": "fingerprints", "fingerprint": "fingerprints",
    "similarity": "fingerprints", "COUNTED": "select", "Decision": "select",
    "Selection": "select", "CityChoice": "select", "select_outlines": "select",
    "read_title": "titles", "outline_state": "review", "review_warning": "review",
    "require_reviewed": "review", "missing_summary": "review", "review_rows": "review", "accept_choice": "review",
    "UnreviewedChoices": "review", "ReviewDecision": "decisions", "load_decisions": "decisions"})

__all__ = ["COUNTABLE", "COUNTED", "CityChoice", "Decision", "Edition", "EditionRules", "Fingerprint",
           "LISTING_COLUMNS", "NearDuplicate", "PLAN_TYPES", "ReviewDecision", "Selection", "UnreviewedChoices",
           "accept_choice", "check_plan_type", "classify", "document_listing", "fingerprint", "load_decisions",
           "load_rules", "missing_summary", "near_duplicates", "normalise", "outline_state", "read_title",
           "refresh_editions", "require_reviewed", "review_rows", "review_warning", "select_outlines",
           "set_edition", "similarity", "title_block"]
