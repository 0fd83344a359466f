-- Pages rebuilt with the small columns before the text. SQLite stores a row's columns in order, and a
-- page text longer than a database page spills into a chain of overflow pages: a column stored after the
-- text (role and part were added at the end by ALTER TABLE) could only be read by walking that chain, so
-- checking a page's role cost as much as reading its whole text. On a one-page 16 MB document, with one
-- such check per hit, counting grew with the square of the page size.
CREATE TABLE pages_new (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    page        INTEGER NOT NULL CHECK (page >= 1),
    role        TEXT NOT NULL DEFAULT 'body' CHECK (role IN ('body', 'toc', 'cover')),
    part        INTEGER,
    char_start  INTEGER NOT NULL,
    text        TEXT NOT NULL,
    PRIMARY KEY (document_id, page)
);
INSERT INTO pages_new (document_id, page, role, part, char_start, text)
    SELECT document_id, page, role, part, char_start, text FROM pages;
DROP TABLE pages;
ALTER TABLE pages_new RENAME TO pages;
