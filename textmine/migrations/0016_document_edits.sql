-- Documents a user can correct (issue 32): where a document's title comes from, and a record of each document
-- removed. `title_source`: given (by --title or `documents set --title`), heading (read from the document's
-- own heading once parsed), file (the file name: the fallback until the heading is read). A removed document's
-- rows go (its pages, hits, parse); its raw file stays in raw/ and this record keeps what it was, when, why and
-- by whom (`textmine documents list --removed`).
ALTER TABLE documents ADD COLUMN title_source TEXT;
UPDATE documents SET title_source = CASE
    WHEN title IS NULL OR title = '' THEN 'file'
    WHEN replace(source, '\', '/') LIKE '%/' || title || '.%' OR source LIKE title || '.%' THEN 'file'
    ELSE 'given' END;
CREATE TABLE removed_documents (
    id          INTEGER NOT NULL,        -- the id it had (ids are not reused while the store lives)
    city_code   TEXT NOT NULL,
    kind        TEXT NOT NULL,
    title       TEXT,
    source      TEXT NOT NULL,
    url         TEXT,
    year        INTEGER,
    format      TEXT NOT NULL,
    sha256      TEXT NOT NULL,           -- the raw file, kept in raw/
    size        INTEGER NOT NULL,
    added_at    TEXT NOT NULL,
    period      TEXT,
    plan_type   TEXT,
    removed_at  TEXT NOT NULL,
    why         TEXT NOT NULL,
    by          TEXT NOT NULL
);
