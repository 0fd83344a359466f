"""Score runs and what each run keeps: node scores and ranks, leaf values with their provenance, rank intervals
and sensitivity draws (the evidence and facts behind its yes/no cells are in `evidence` and `facts`)."""
from __future__ import annotations

import sqlite3


def find_run(conn: sqlite3.Connection, inputs_key: str) -> int | None:
    """The latest run made from these inputs."""
    row = conn.execute("SELECT id FROM score_runs WHERE inputs_key=? ORDER BY id DESC LIMIT 1",
                       (inputs_key,)).fetchone()
    return row[0] if row else None


def add_run(conn: sqlite3.Connection, created_at: str, model_version: str, workbook, workbook_sha256, params: str,
            synthetic: int, inputs_key) -> int:
    return conn.execute(
        "INSERT INTO score_runs (created_at, model_version, workbook, workbook_sha256, params, synthetic,"
        " inputs_key) VALUES (?,?,?,?,?,?,?)",
        (created_at, model_version, workbook, workbook_sha256, params, synthetic, inputs_key)).lastrowid


def add_scores(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    """(run_id, city_code, node, score, rank) rows."""
    conn.executemany("INSERT INTO scores (run_id, city_code, node, score, rank) VALUES (?,?,?,?,?)", rows)


def add_leaf_values(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    """(run_id, city_code, leaf, raw, winsorised, normalised, origin, source, detail) rows."""
    conn.executemany("INSERT INTO leaf_values (run_id, city_code, leaf, raw, winsorised, normalised, origin, "
                     "source, detail) VALUES (?,?,?,?,?,?,?,?,?)", rows)


def add_rank_intervals(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    """(run_id, city_code, node, rank_median, rank_p05, rank_p95) rows."""
    conn.executemany("INSERT INTO rank_intervals VALUES (?,?,?,?,?,?)", rows)


def add_sensitivity_runs(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    """(run_id, draw, winsor_k, normalisation, spearman) rows."""
    conn.executemany("INSERT INTO sensitivity_runs VALUES (?,?,?,?,?)", rows)


def add_sensitivity_oat(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    """(run_id, domain, factor, weight, spearman, mean_abs_rank_change, max_abs_rank_change, max_change_city,
    top10_changes) rows."""
    conn.executemany("INSERT INTO sensitivity_oat VALUES (?,?,?,?,?,?,?,?,?)", rows)


def add_bounds(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    """The bounds a run winsorised and normalised on (scoring.bounds.LeafBounds.rows): one row per leaf."""
    conn.executemany("INSERT INTO score_bounds VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)


def bounds(conn: sqlite3.Connection, run_id: int) -> list[sqlite3.Row]:
    """A run's stored bounds, in the order they were written."""
    return conn.execute("SELECT * FROM score_bounds WHERE run_id=? ORDER BY rowid", (run_id,)).fetchall()


def runs(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute("SELECT id, created_at, model_version, workbook, synthetic FROM score_runs "
                        "ORDER BY id").fetchall()


def run(conn: sqlite3.Connection, run_id: int | None = None) -> sqlite3.Row | None:
    """A score run (the latest when `run_id` is None)."""
    if run_id is None:
        return conn.execute("SELECT * FROM score_runs ORDER BY id DESC LIMIT 1").fetchone()
    return conn.execute("SELECT * FROM score_runs WHERE id=?", (run_id,)).fetchone()


def run_ids(conn: sqlite3.Connection) -> list[int]:
    return [r[0] for r in conn.execute("SELECT id FROM score_runs ORDER BY id")]


def is_synthetic(conn: sqlite3.Connection, run_id: int) -> bool:
    return bool(conn.execute("SELECT synthetic FROM score_runs WHERE id=?", (run_id,)).fetchone()[0])


def run_tables(conn: sqlite3.Connection, run_id: int) -> dict:
    """The tables of one run as DataFrames: scores (long), leaves, intervals, mc_runs, oat, evidence, facts."""
    import pandas as pd    # only the commands that read a run pay for pandas (textmine --help stays fast)

    def read(sql: str):
        return pd.read_sql_query(sql, conn, params=(run_id,))

    return {
        "scores": read("SELECT city_code, node, score, rank FROM scores WHERE run_id=?"),
        "leaves": read("SELECT city_code, leaf, raw, winsorised, normalised, origin, source, detail FROM leaf_values "
                       "WHERE run_id=? ORDER BY leaf, city_code"),
        "intervals": read("SELECT city_code, node, rank_median, rank_p05, rank_p95 FROM rank_intervals "
                          "WHERE run_id=? ORDER BY node, city_code"),
        "mc_runs": read("SELECT draw AS run, winsor_k, normalisation, spearman FROM sensitivity_runs "
                        "WHERE run_id=? ORDER BY draw"),
        "oat": read("SELECT domain, factor, weight, spearman, mean_abs_rank_change, max_abs_rank_change, "
                    "max_change_city, top10_changes FROM sensitivity_oat WHERE run_id=?"),
        "evidence": read("SELECT * FROM leaf_evidence WHERE run_id=? ORDER BY leaf, city_code").drop(columns="run_id"),
        "facts": read("SELECT * FROM leaf_facts WHERE run_id=? ORDER BY leaf, city_code").drop(columns="run_id"),
    }
