"""Analysis and reports: maps, spatial clusters, regional/provincial/pilot comparisons,
an offline HTML report and an Excel workbook.

Analysis functions take plain DataFrames (testable without a store);
`build_report(store, out_dir)` loads the latest scoring run and writes everything.
"""
from __future__ import annotations

from .geo import load_boundaries
from .spatial import contiguity_weights, global_moran, local_moran

__all__ = ["load_boundaries", "contiguity_weights", "global_moran", "local_moran", "build_report"]


def build_report(*args, **kwargs):
    from .build import build_report as _build

    return _build(*args, **kwargs)
