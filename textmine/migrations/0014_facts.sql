-- Facts stage (issue 29: yearbook leaves proposed from statistical communiqués, budget and 决算 reports and
-- water bulletins, textmine/facts; the rebuilt documents table keeps 0013's edition columns). SQLite cannot alter a CHECK, so three tables are rebuilt (the migrator runs
-- with foreign keys off and checks them before committing):
--   documents.kind     + communique (统计公报), budget (预算执行情况和预算草案的报告), final_accounts (决算报告),
--                        water_bulletin (水资源公报);
--   crawl_jobs.kind    + facts (`crawl facts`: those documents searched on the city portals);
--   leaf_values.origin + document (a yearbook cell filled from an accepted facts review, `score --facts`).
CREATE TABLE documents_new (
    id          INTEGER PRIMARY KEY,
    city_code   TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('plan', 'news', 'policy', 'communique', 'budget', 'final_accounts',
                                             'water_bulletin')),
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
    period TEXT, plan_type TEXT, period_source TEXT, type_source TEXT, edition_note TEXT, edition_key TEXT,
    doc_type TEXT, owner TEXT, owner_name TEXT, confidence TEXT, edition_doubts TEXT,
    UNIQUE (city_code, kind, sha256)
);
INSERT INTO documents_new SELECT id, city_code, kind, title, source, url, year, format, sha256, size, added_at,
    fetched_at, origin, period, plan_type, period_source, type_source, edition_note, edition_key, doc_type, owner,
    owner_name, confidence, edition_doubts FROM documents;
DROP TABLE documents;
ALTER TABLE documents_new RENAME TO documents;
CREATE INDEX documents_city ON documents (city_code, kind);
CREATE INDEX documents_sha ON documents (sha256);

CREATE TABLE crawl_jobs_new (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('plans', 'news', 'policy', 'facts')),
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
    origin     TEXT NOT NULL CHECK (origin IN ('workbook', 'text', 'override', 'imputed', 'missing', 'evidence',
                                               'document')),
    PRIMARY KEY (run_id, leaf, city_code)
);
INSERT INTO leaf_values_new SELECT run_id, city_code, leaf, raw, winsorised, normalised, origin FROM leaf_values;
DROP TABLE leaf_values;
ALTER TABLE leaf_values_new RENAME TO leaf_values;

-- The tables of a document file (PDF via pdfplumber, HTML, DOCX), read once per file and extractor version:
-- JSON list of tables, each with its page, caption (the title and 单位 line above it), header rows and body rows.
CREATE TABLE fact_tables (
    sha256     TEXT NOT NULL,
    extractor  TEXT NOT NULL,           -- textmine.facts.tables.EXTRACTOR (bump when the output changes)
    tables     TEXT NOT NULL,           -- JSON
    seconds    REAL NOT NULL,
    read_at    TEXT NOT NULL,
    PRIMARY KEY (sha256, extractor)
);

-- Why a crawled facts document is in the corpus: the query that found it and the kind its title says.
CREATE TABLE fact_sources (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    query       TEXT NOT NULL,
    published   TEXT,                   -- DATE shown by the portal, NULL if none
    article_url TEXT NOT NULL,
    found_at    TEXT NOT NULL,
    PRIMARY KEY (document_id, query)
);

-- Per score run, each yearbook cell an accepted facts review row spoke for: filled (the workbook cell was
-- empty, leaf_values.origin = 'document'), agrees or disagrees (beyond the tolerance; the workbook value won).
-- The figure, its year, unit, sentence or table cell and document are copied from the review sheet.
CREATE TABLE leaf_facts (
    run_id          INTEGER NOT NULL REFERENCES score_runs (id) ON DELETE CASCADE,
    city_code       TEXT NOT NULL,
    leaf            TEXT NOT NULL,
    value           REAL NOT NULL,      -- the accepted value in the leaf's unit
    unit            TEXT NOT NULL,      -- the leaf's unit (scoring/indicators.csv)
    year            INTEGER NOT NULL,   -- the data year the figure describes
    status          TEXT NOT NULL CHECK (status IN ('filled', 'agrees', 'disagrees')),
    workbook_value  REAL,
    stated          TEXT,               -- the figure(s) as the document states them, with their units
    evidence        TEXT,               -- the sentence or the table cell (caption · row · column)
    document_id     INTEGER,            -- no foreign key: the run keeps its facts if the document goes
    page            INTEGER,
    title           TEXT,
    url             TEXT,
    sources         TEXT,               -- every document behind a derived value (JSON)
    rules_version   TEXT,
    review          TEXT NOT NULL,
    review_sha256   TEXT NOT NULL,
    review_row      INTEGER NOT NULL,
    PRIMARY KEY (run_id, leaf, city_code)
);
