"""Facts: yearbook leaves proposed from statistical communiqués, budget and 决算 reports and water bulletins, each
with the sentence or table cell that states it (see docs/facts.md).

    load_rules(), check_rules()       scoring/facts.toml: how each leaf is stated (file:line errors)
    propose_facts(store, …)           proposals per city, leaf and data year, with every figure read or refused
    write_review(report, path)        the review sheet (xlsx) a researcher accepts rows in
    read_review(path)                 the accepted rows, checked cell by cell
    accepted_facts(path)              the accepted values with their source, for the scoring inputs
"""
from .propose import FactProposal, FactReport, propose_facts
from .rules import FactRules, FactRulesError, check_rules, load_rules

__all__ = ["FactProposal", "FactReport", "FactRules", "FactRulesError", "check_rules", "load_rules",
           "propose_facts"]
