"""The CEMI index computation: the model as data (scoring/), workbook, AHP, winsorising,
normalisation, aggregation, ranks, sensitivity, outputs and edition comparison.

Public functions (the CLI in textmine/cli/scoring.py is a thin shell over these):
    load_model, ahp_weights, read_matrix_csv, winsorise, normalise, compute_index,
    read_workbook, write_template, write_sample_data, score_workbook, load_result,
    explain_city, compare_rankings, load_ranks, top_changes, monte_carlo, one_at_a_time
    (the files of `score --out`: textmine.report.score_export.export_result, which shares the report's city groups)
    Provenance, KINDS                 where every cell of a run came from (scoring/provenance.py)
"""
from .ahp import AHPResult, ahp_weights, read_matrix_csv
from .compare import Comparison, compare_rankings, load_ranks, top_changes
from .explain import explain_city
from .model import COMPOSITE, DOMAINS, Model, load_model
from .pipeline import Computation, compute_index
from .provenance import KINDS, Kind, Provenance
from .results import IndexResult, list_runs, load_result
from .run import ScoreReport, score_workbook
from .sensitivity import MonteCarlo, monte_carlo, one_at_a_time
from .synthetic import synthetic_values, write_sample_data
from .transform import impute, normalise, winsorise
from .workbook import Problem, WorkbookData, read_workbook, write_template

__all__ = [
    "AHPResult", "COMPOSITE", "Comparison", "Computation", "DOMAINS", "IndexResult", "KINDS", "Kind", "Model",
    "MonteCarlo", "Problem", "Provenance", "ScoreReport", "WorkbookData", "ahp_weights", "compare_rankings", "compute_index",
    "explain_city", "impute", "list_runs", "load_model", "load_ranks", "load_result",
    "monte_carlo", "normalise", "one_at_a_time", "read_matrix_csv", "read_workbook", "score_workbook",
    "synthetic_values", "top_changes", "winsorise", "write_sample_data", "write_template",
]
