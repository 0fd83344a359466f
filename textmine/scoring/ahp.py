"""Analytic Hierarchy Process: principal-eigenvector weights and Saaty's consistency ratio.

A pairwise matrix A (a_ij = how much more important i is than j) must be positive and
reciprocal (a_ji = 1/a_ij, a_ii = 1). The weights are the principal right eigenvector,
normalised to sum 1; lambda_max is its eigenvalue; CI = (lambda_max - n)/(n - 1) and
CR = CI / RI(n) with RI from the random-index table named in scoring/model.toml.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np

from ..datacsv import read_dicts, read_rows
from ..errors import TextmineError
from ..names import indicator_label
from ..resources import data_path

RECIPROCAL_TOL = 1e-3  # judgments written as decimals (0.333) are reciprocal enough


@dataclass
class AHPResult:
    labels: list[str]
    weights: np.ndarray
    lambda_max: float
    ci: float
    cr: float
    ri: float
    ri_table: str

    def as_rows(self) -> list[dict]:
        return [{"label": lab, "weight": round(float(w), 6)} for lab, w in zip(self.labels, self.weights)]

    @property
    def consistent(self) -> bool:
        return self.cr < 0.1


def parse_number(text: str) -> float:
    """A judgment cell: 3, 0.5, 1/3 (fractions as researchers write them)."""
    t = str(text).strip().replace("／", "/")
    if not t:
        raise ValueError("empty cell")
    return float(Fraction(t)) if "/" in t else float(t)


def random_index_tables() -> dict[str, dict[int, float]]:
    rows = read_dicts(data_path("scoring", "random_index.csv"))
    tables: dict[str, dict[int, float]] = {}
    for row in rows:
        n = int(row["n"])
        for name, value in row.items():
            if name != "n" and value not in (None, ""):
                tables.setdefault(name, {})[n] = float(value)
    return tables


def random_index(n: int, table: str = "saaty") -> float:
    tables = random_index_tables()
    if table not in tables:
        raise TextmineError(f"unknown random-index table {table!r}; scoring/random_index.csv has {', '.join(tables)}")
    if n not in tables[table]:
        raise TextmineError(f"random-index table {table!r} has no value for n={n} (matrices up to "
                            f"{max(tables[table])} × {max(tables[table])}); split the node or add the value")
    return tables[table][n]


def check_matrix(matrix, labels: list[str] | None = None, where: str = "matrix", root=None) -> np.ndarray:
    """The matrix as floats, or an error naming the cell by its labels (indicator codes with their Chinese
    names from the model in `root`, default the data root's)."""
    a = np.asarray(matrix, dtype=float)
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise TextmineError(f"{where}: a pairwise matrix must be square, got shape {a.shape}")
    if labels is not None and len(labels) != a.shape[0]:
        raise TextmineError(f"{where}: {len(labels)} labels for a {a.shape[0]} × {a.shape[0]} matrix")
    names = [indicator_label(x, root) for x in labels] if labels else [str(i + 1) for i in range(a.shape[0])]
    if not np.all(np.isfinite(a)) or np.any(a <= 0):
        i, j = np.argwhere(~np.isfinite(a) | (a <= 0))[0]
        raise TextmineError(f"{where}: judgments must be positive numbers; ({names[i]}, {names[j]}) = {a[i, j]}")
    if not np.allclose(np.diag(a), 1.0):
        i = int(np.argmax(np.abs(np.diag(a) - 1)))
        raise TextmineError(f"{where}: the diagonal must be 1; ({names[i]}, {names[i]}) = {a[i, i]}")
    bad = np.argwhere(np.abs(a * a.T - 1.0) > RECIPROCAL_TOL)
    if len(bad):
        i, j = bad[0]
        raise TextmineError(f"{where}: not reciprocal: ({names[i]}, {names[j]}) = {a[i, j]:g} but "
                            f"({names[j]}, {names[i]}) = {a[j, i]:g}; it should be {1 / a[i, j]:g}")
    return a


def ahp_weights(matrix, labels: list[str] | None = None, ri_table: str = "saaty", where: str = "matrix",
                root=None) -> AHPResult:
    """Weights, lambda_max, CI and CR of one pairwise-comparison matrix (`root`: the model folder whose
    names label the cells in errors)."""
    a = check_matrix(matrix, labels, where, root)
    n = a.shape[0]
    labels = list(labels) if labels is not None else [str(i + 1) for i in range(n)]
    if n == 1:
        return AHPResult(labels, np.array([1.0]), 1.0, 0.0, 0.0, 0.0, ri_table)
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    lam = float(values[k].real)
    w = np.abs(vectors[:, k].real)
    w = w / w.sum()
    ci = max((lam - n) / (n - 1), 0.0)
    ri = random_index(n, ri_table)
    cr = ci / ri if ri > 0 else 0.0
    return AHPResult(labels, w, lam, ci, cr, ri, ri_table)


def read_matrix_csv(path: str | Path) -> tuple[list[str], np.ndarray]:
    """A square CSV with labels in the first row and the first column (`#` lines above it are comments)."""
    path = Path(path)
    if not path.is_file():
        raise TextmineError(f"{path}: no such file")
    rows = read_rows(path)          # (line number, cells), `#` header lines and blank rows left out
    if len(rows) < 2:
        raise TextmineError(f"{path}: needs a header row of labels and one row per label")
    col_labels = [c.strip() for c in rows[0][1][1:]]
    row_labels, values = [], []
    for lineno, row in rows[1:]:
        row_labels.append(row[0].strip())
        cells = row[1:]
        if len(cells) != len(col_labels):
            raise TextmineError(f"{path}:{lineno}: {len(cells)} values for {len(col_labels)} columns")
        out = []
        for col, cell in zip(col_labels, cells):
            try:
                out.append(parse_number(cell))
            except (ValueError, ZeroDivisionError):
                raise TextmineError(f"{path}:{lineno}: column {col!r}: {cell!r} is not a number "
                                    f"(write 3, 0.5 or 1/3)") from None
        values.append(out)
    if row_labels != col_labels:
        raise TextmineError(f"{path}: row labels {row_labels} differ from column labels {col_labels}")
    if len(set(row_labels)) != len(row_labels):
        raise TextmineError(f"{path}: duplicate labels in {row_labels}")
    return row_labels, np.array(values, dtype=float)
