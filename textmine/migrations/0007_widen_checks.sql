-- Widen three CHECK constraints for the stages that follow (SQLite cannot alter a CHECK, so the
-- tables are rebuilt; the migrator runs with foreign keys off and checks them before committing):
--   documents.format   + doc, wps (Word 97 / WPS Office binary) and ofd (GB/T 33190 e-documents);
--   crawl_jobs.kind    + policy (candidate policy documents for the yes/no leaves);
--   leaf_values.origin + evidence (a yes/no cell filled from an accepted evidence review).
-- the view reads documents: dropped while the table is rebuilt, then made again as it was
DROP VIEW plan_indicators;
CREATE TABLE documents_new (
    id          INTEGER PRIMARY KEY,
    city_code   TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('plan', 'news', 'policy')),
    title       TEXT,
    source      TEXT NOT NULL,
    url         TEXT,
    year        INTEGER,
    format      TEXT NOT NULL CHECK (format IN ('pdf', 'html', 'docx', 'txt', 'doc', 'wps', 'ofd')),
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    added_at    TEXT NOT NULL,
    fetched_at  TEXT,
    origin      TEXT NOT NULL DEFAULT 'ingest',
    UNIQUE (city_code, kind, sha256)
);
INSERT INTO documents_new SELECT id, city_code, kind, title, source, url, year, format, sha256, size, added_at,
    fetched_at, origin FROM documents;
DROP TABLE documents;
ALTER TABLE documents_new RENAME TO documents;
CREATE INDEX documents_city ON documents (city_code, kind);
CREATE INDEX documents_sha ON documents (sha256);
CREATE VIEW plan_indicators AS
WITH cats (category) AS (VALUES ('theme'), ('resource'), ('policy'), ('market')),
pp AS (
    SELECT d.city_code, mp.mode, SUM(mp.chars) AS chars
    FROM match_pages mp JOIN documents d ON d.id = mp.document_id
    WHERE d.kind = 'plan'
    GROUP BY d.city_code, mp.mode
),
hc AS (
    SELECT h.city_code, h.mode, h.category, COUNT(*) AS occurrences, COUNT(DISTINCT h.term) AS distinct_terms
    FROM hits h JOIN documents d ON d.id = h.document_id
    WHERE d.kind = 'plan'
    GROUP BY h.city_code, h.mode, h.category
)
SELECT pp.city_code, cats.category,
       COALESCE(hc.occurrences, 0) AS occurrences,
       COALESCE(hc.distinct_terms, 0) AS distinct_terms,
       pp.chars,
       CASE WHEN pp.chars > 0 THEN 10000.0 * COALESCE(hc.occurrences, 0) / pp.chars END AS density_per_10k,
       pp.mode
FROM pp CROSS JOIN cats
LEFT JOIN hc ON hc.city_code = pp.city_code AND hc.mode = pp.mode AND hc.category = cats.category;

CREATE TABLE crawl_jobs_new (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('plans', 'news', 'policy')),
    key         TEXT NOT NULL,
    params      TEXT,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    summary     TEXT
);
INSERT INTO crawl_jobs_new SELECT id, kind, key, params, started_at, finished_at, summary FROM crawl_jobs;
DROP TABLE crawl_jobs;
ALTER TABLE crawl_jobs_new RENAME TO crawl_jobs;
CREATE INDEX crawl_jobs_open ON crawl_jobs (kind, key, finished_at);

CREATE TABLE leaf_values_new (
    run_id     INTEGER NOT NULL REFERENCES score_runs (id) ON DELETE CASCADE,
    city_code  TEXT NOT NULL,
    leaf       TEXT NOT NULL,
    raw        REAL,
    winsorised REAL,
    normalised REAL,
    origin     TEXT NOT NULL CHECK (origin IN ('workbook', 'text', 'override', 'imputed', 'missing', 'evidence')),
    PRIMARY KEY (run_id, leaf, city_code)
);
INSERT INTO leaf_values_new SELECT run_id, city_code, leaf, raw, winsorised, normalised, origin FROM leaf_values;
DROP TABLE leaf_values;
ALTER TABLE leaf_values_new RENAME TO leaf_values;
