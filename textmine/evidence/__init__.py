"""Evidence for the yes/no leaves: adoption sentences found in the corpus, every proposed value with the
sentence that proves it (see docs/evidence.md).

    load_rules(), check_rules()       the rule files in lexicons/evidence/ (file:line errors)
    propose_evidence(store, …)        proposals per city and leaf: value 1 / 0 / blank, confidence, evidence
    write_review(report, path)        the review sheet (xlsx) a researcher accepts rows in
    read_review(path)                 the accepted rows, checked cell by cell
    crawl_policy(store, …)            search the city portals with each leaf's queries (kind 'policy' documents)
"""
from .propose import EvidenceReport, Proposal, document_date, propose_evidence
from .rules import LeafRule, RuleSet, RulesError, check_rules, load_rules

__all__ = ["EvidenceReport", "LeafRule", "Proposal", "RuleSet", "RulesError", "check_rules", "document_date",
           "load_rules", "propose_evidence"]
