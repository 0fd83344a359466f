-- Score stage: one row per index computation, and every table it produced.
CREATE TABLE score_runs (
    id              INTEGER PRIMARY KEY,
    created_at      TEXT NOT NULL,
    model_version   TEXT NOT NULL,
    workbook        TEXT,                 -- path of the indicator workbook as given
    workbook_sha256 TEXT,
    params          TEXT NOT NULL,        -- JSON: winsorising, normalisation, weights, imputation, notes
    synthetic       INTEGER NOT NULL DEFAULT 0,   -- 1 when the workbook was generated (sample-data)
    inputs_key      TEXT NOT NULL         -- hash of model, values and parameters: same key, same result
);
CREATE INDEX score_runs_inputs ON score_runs (inputs_key);

-- Scores and ranks of every internal node (cemi, the four domains, level 1, level 2) per city.
CREATE TABLE scores (
    run_id    INTEGER NOT NULL REFERENCES score_runs (id) ON DELETE CASCADE,
    city_code TEXT NOT NULL,
    node      TEXT NOT NULL,
    score     REAL,
    rank      INTEGER,                    -- 1 = best; equal scores share the best rank (min)
    PRIMARY KEY (run_id, node, city_code)
);

-- Each leaf through the pipeline: raw -> winsorised -> normalised, and where the raw value came from.
CREATE TABLE leaf_values (
    run_id     INTEGER NOT NULL REFERENCES score_runs (id) ON DELETE CASCADE,
    city_code  TEXT NOT NULL,
    leaf       TEXT NOT NULL,
    raw        REAL,
    winsorised REAL,
    normalised REAL,
    origin     TEXT NOT NULL CHECK (origin IN ('workbook', 'text', 'override', 'imputed', 'missing')),
    PRIMARY KEY (run_id, leaf, city_code)
);

-- Monte-Carlo rank intervals (composite and domains).
CREATE TABLE rank_intervals (
    run_id      INTEGER NOT NULL REFERENCES score_runs (id) ON DELETE CASCADE,
    city_code   TEXT NOT NULL,
    node        TEXT NOT NULL,
    rank_median REAL,
    rank_p05    REAL,
    rank_p95    REAL,
    PRIMARY KEY (run_id, node, city_code)
);

-- Each Monte-Carlo draw and its Spearman correlation with the baseline composite.
CREATE TABLE sensitivity_runs (
    run_id        INTEGER NOT NULL REFERENCES score_runs (id) ON DELETE CASCADE,
    draw          INTEGER NOT NULL,
    winsor_k      REAL,
    normalisation TEXT,
    spearman      REAL,
    PRIMARY KEY (run_id, draw)
);

-- One-at-a-time changes of the domain weights.
CREATE TABLE sensitivity_oat (
    run_id               INTEGER NOT NULL REFERENCES score_runs (id) ON DELETE CASCADE,
    domain               TEXT NOT NULL,
    factor               REAL NOT NULL,
    weight               REAL,
    spearman             REAL,
    mean_abs_rank_change REAL,
    max_abs_rank_change  INTEGER,
    max_change_city      TEXT,
    top10_changes        INTEGER,
    PRIMARY KEY (run_id, domain, factor)
);
