-- Core corpus: documents (one row per city × kind × content hash), failures, runs.
CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    city_code   TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('plan', 'news', 'policy')),
    title       TEXT,
    source      TEXT NOT NULL,          -- URL when fetched, absolute path when ingested
    url         TEXT,                   -- original URL if known
    year        INTEGER,
    format      TEXT NOT NULL CHECK (format IN ('pdf', 'html', 'docx', 'txt')),
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    added_at    TEXT NOT NULL,          -- ISO 8601 UTC, when recorded here
    fetched_at  TEXT,                   -- ISO 8601 UTC, when downloaded (crawler)
    origin      TEXT NOT NULL DEFAULT 'ingest',  -- ingest | crawl | sample
    UNIQUE (city_code, kind, sha256)
);
CREATE INDEX documents_city ON documents (city_code, kind);
CREATE INDEX documents_sha ON documents (sha256);

-- Anything that failed in any stage, with its reason; `status` lists the open ones.
CREATE TABLE failures (
    id          INTEGER PRIMARY KEY,
    stage       TEXT NOT NULL,
    city_code   TEXT,
    document_id INTEGER REFERENCES documents (id) ON DELETE CASCADE,
    source      TEXT,
    reason      TEXT NOT NULL,
    at          TEXT NOT NULL,
    resolved    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX failures_open ON failures (resolved, stage);

-- What each stage did, with its parameters and a summary (JSON).
CREATE TABLE runs (
    id          INTEGER PRIMARY KEY,
    stage       TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    status      TEXT NOT NULL DEFAULT 'running',
    params      TEXT,
    summary     TEXT
);
