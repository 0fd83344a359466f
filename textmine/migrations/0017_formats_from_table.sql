-- Document formats from one table (issue 26): which formats a document may have is textmine.formats (ingest,
-- crawl and parse read it), no longer a CHECK repeated here, so adding a format is a change in one place.
-- SQLite cannot drop a CHECK, so documents and document_parts are rebuilt as they were, without the format
-- CHECK (the migrator runs with foreign keys off and checks them before committing).
CREATE TABLE documents_new (
    id          INTEGER PRIMARY KEY,
    city_code   TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('plan', 'news', 'policy', 'communique', 'budget', 'final_accounts',
                                             'water_bulletin')),
    title       TEXT,
    source      TEXT NOT NULL,
    url         TEXT,
    year        INTEGER,
    format      TEXT NOT NULL,          -- a name of textmine.formats (pdf, docx, ofd, doc, wps, html, txt …)
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    added_at    TEXT NOT NULL,
    fetched_at  TEXT,
    origin      TEXT NOT NULL DEFAULT 'ingest',
    period TEXT, plan_type TEXT, period_source TEXT, type_source TEXT, edition_note TEXT, edition_key TEXT,
    doc_type TEXT, owner TEXT, owner_name TEXT, confidence TEXT, edition_doubts TEXT, title_source TEXT,
    UNIQUE (city_code, kind, sha256)
);
INSERT INTO documents_new SELECT id, city_code, kind, title, source, url, year, format, sha256, size, added_at,
    fetched_at, origin, period, plan_type, period_source, type_source, edition_note, edition_key, doc_type, owner,
    owner_name, confidence, edition_doubts, title_source FROM documents;
DROP TABLE documents;
ALTER TABLE documents_new RENAME TO documents;
CREATE INDEX documents_city ON documents (city_code, kind);
CREATE INDEX documents_sha ON documents (sha256);

CREATE TABLE document_parts_new (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    part        INTEGER NOT NULL CHECK (part >= 1),   -- reading order
    title       TEXT,                                 -- link text, or "第N页" for an article page
    source      TEXT NOT NULL,                        -- URL followed
    url         TEXT,                                 -- final URL after redirects
    format      TEXT NOT NULL,                        -- a name of textmine.formats
    sha256      TEXT NOT NULL,                        -- the part's raw bytes in raw/
    size        INTEGER NOT NULL,
    fetched_at  TEXT,
    PRIMARY KEY (document_id, part)
);
INSERT INTO document_parts_new SELECT document_id, part, title, source, url, format, sha256, size, fetched_at
    FROM document_parts;
DROP TABLE document_parts;
ALTER TABLE document_parts_new RENAME TO document_parts;
