-- Provenance of every cell of a score run (textmine/scoring/provenance.py): leaf_values gains `source` (a
-- stable id of what the value was read from: document:5, workbook:indicators!C12, review:…#row 3,
-- imputed:province-median) and `detail` (the same in words, and why a cell has no value). `origin` stays the
-- kind; its CHECK goes, because the kinds are one list in Python (provenance.KINDS) that later stages extend
-- in one place, validated there before every write. SQLite cannot drop a CHECK: the table is rebuilt.
CREATE TABLE leaf_values_new (
    run_id     INTEGER NOT NULL REFERENCES score_runs (id) ON DELETE CASCADE,
    city_code  TEXT NOT NULL,
    leaf       TEXT NOT NULL,
    raw        REAL,
    winsorised REAL,
    normalised REAL,
    origin     TEXT NOT NULL,
    source     TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (run_id, leaf, city_code)
);
INSERT INTO leaf_values_new (run_id, city_code, leaf, raw, winsorised, normalised, origin)
    SELECT run_id, city_code, leaf, raw, winsorised, normalised, origin FROM leaf_values;
DROP TABLE leaf_values;
ALTER TABLE leaf_values_new RENAME TO leaf_values;
