-- The bounds a score run winsorised and normalised on (textmine/scoring/bounds.py), one row per leaf: fitted on the
-- run's own values, or the bounds of the run named by `score --bounds-from RUN` (score_runs.params says which), so
-- that a later edition can be normalised on them. Values are after turning negative leaves round (sign); NULL
-- winsorising bounds mean unbounded (a 0/1 leaf, a constant column); `fitted` is the JSON list of the sorted values
-- the rank normalisation places a value among.
CREATE TABLE score_bounds (
    run_id       INTEGER NOT NULL REFERENCES score_runs (id) ON DELETE CASCADE,
    leaf         TEXT NOT NULL,
    sign         REAL NOT NULL,
    winsor_lower REAL,
    winsor_upper REAL,
    lo           REAL,
    hi           REAL,
    mean         REAL,
    sd           REAL,
    n            INTEGER NOT NULL,
    fitted       TEXT NOT NULL,
    PRIMARY KEY (run_id, leaf)
);
