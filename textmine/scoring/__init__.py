"""The CEMI index computation: the model as data (scoring/), workbook, AHP, winsorising,
normalisation, aggregation, ranks, sensitivity, outputs and edition comparison.

Public functions (the CLI in textmine/cli/scoring.py is a thin shell over these):
    load_model, ahp_weights, read_matrix_csv, winsorise, normalise, compute_index,
    read_workbook, write_template, write_sample_data, score_workbook(store, wb, ScoreParams(…)), load_result,
    Winsoriser, Normaliser, LeafBounds, load_bounds   fit bounds on one edition, apply them to another
    explain_city, compare_rankings, load_ranks, top_changes, monte_carlo, one_at_a_time
    (the files of `score --out`: textmine.report.score_export.export_result, which shares the report's city groups)
    Provenance, KINDS                 where every cell of a run came from (scoring/provenance.py)
"""
from .ahp import AHPResult, ahp_weights, read_matrix_csv
from .compare import Comparison, compare_rankings, load_ranks, top_changes
from .bounds import LeafBounds
from .explain import explain_city
from .model import COMPOSITE, Model, load_model, top_nodes
from .params import ScoreParams
from .pipeline import Computation, compute_index
from .provenance import KINDS, Kind, Provenance
from .results import IndexResult, list_runs, load_bounds, load_result
from .run import ScoreReport, score_workbook
from .sensitivity import MonteCarlo, monte_carlo, one_at_a_time
from .synthetic import synthetic_values, write_sample_data
from .transform import Normaliser, Winsoriser, impute, normalise, winsorise
from .workbook import Problem, WorkbookData, read_workbook, write_template

__all__ = [
    "AHPResult", "COMPOSITE", "Comparison", "Computation", "IndexResult", "KINDS", "Kind", "LeafBounds",
    "Model", "MonteCarlo", "Normaliser", "Problem", "Provenance", "ScoreParams", "ScoreReport", "Winsoriser",
    "WorkbookData", "ahp_weights", "compare_rankings", "compute_index",
    "explain_city", "impute", "list_runs", "load_bounds", "load_model", "load_ranks", "load_result",
    "monte_carlo", "normalise", "one_at_a_time", "read_matrix_csv", "read_workbook", "score_workbook",
    "synthetic_values", "top_changes", "top_nodes", "winsorise", "write_sample_data", "write_template",
]
