"""Analysis and reports: maps, spatial clusters, regional/provincial/pilot comparisons,
an offline HTML report and an Excel workbook.

Analysis functions take plain DataFrames (testable without a store);
`build_report(store, out_dir)` loads the latest scoring run and writes everything.
Submodules are imported on use (geopandas, esda and matplotlib are slow to import).
"""
from __future__ import annotations

__all__ = ["build_report", "write_report"]


def build_report(*args, **kwargs):
    """See :func:`textmine.report.build.build_report`."""
    from .build import build_report as _build  # start-up: geopandas, esda, matplotlib

    return _build(*args, **kwargs)


def write_report(*args, **kwargs):
    """See :func:`textmine.report.build.write_report`."""
    from .build import write_report as _write  # start-up: geopandas, esda, matplotlib

    return _write(*args, **kwargs)
