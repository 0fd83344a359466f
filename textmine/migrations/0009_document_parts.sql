-- Documents made of several files: a plan outline published as parts (纲要（上）/（下）, 第一篇…第五篇)
-- or as a paginated web article (t2021_123.html, t2021_123_1.html, …). The document row holds the
-- whole (its sha256 is that of a manifest listing the parts, kept in raw/ like any file); each part
-- keeps its own source, final URL, bytes and format, for the audit. Pages say which part they are from.
CREATE TABLE document_parts (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    part        INTEGER NOT NULL CHECK (part >= 1),   -- reading order
    title       TEXT,                                 -- link text, or "第N页" for an article page
    source      TEXT NOT NULL,                        -- URL followed
    url         TEXT,                                 -- final URL after redirects
    format      TEXT NOT NULL CHECK (format IN ('pdf', 'html', 'docx', 'txt', 'doc', 'wps', 'ofd')),
    sha256      TEXT NOT NULL,                        -- the part's raw bytes in raw/
    size        INTEGER NOT NULL,
    fetched_at  TEXT,
    PRIMARY KEY (document_id, part)
);
ALTER TABLE pages ADD COLUMN part INTEGER;   -- NULL for a document of one file
