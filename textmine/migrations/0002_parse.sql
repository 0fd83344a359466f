-- Parse stage: one row per parsed document (parser, version, outcome) and its normalised pages.
-- pages.text is the normalised page text; char_start is the page's offset in the document's
-- normalised text, pages joined with "\n" (so offset = char_start + offset within the page).
CREATE TABLE parses (
    document_id    INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    parser         TEXT NOT NULL,              -- pdfium | html | docx | txt (the backend used)
    parser_version TEXT NOT NULL,              -- textmine.parse.PARSER_VERSION when parsed
    status         TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'warning')),
    warnings       TEXT NOT NULL DEFAULT '[]', -- JSON list of strings (or the failure reason)
    pages          INTEGER NOT NULL DEFAULT 0,
    chars          INTEGER NOT NULL DEFAULT 0,
    parsed_at      TEXT NOT NULL
);
CREATE INDEX parses_version ON parses (parser_version, status);

CREATE TABLE pages (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    page        INTEGER NOT NULL CHECK (page >= 1),
    text        TEXT NOT NULL,
    char_start  INTEGER NOT NULL,
    PRIMARY KEY (document_id, page)
);
