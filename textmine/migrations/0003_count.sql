-- Count stage (textmine.count; called "match" before 0.2): lexicon term hits in plan pages, kept for audit.

-- A lexicon state: the variant → (term, category) mapping a count was made with (json), by content hash.
CREATE TABLE lexicon_states (
    key         TEXT PRIMARY KEY,
    versions    TEXT NOT NULL,          -- json {category: "version+hash"}
    surfaces    TEXT NOT NULL,          -- json {variant: [term, category]}
    created_at  TEXT NOT NULL
);

-- Which page was matched, in which mode, under which lexicon state and segmenter (incremental counting).
CREATE TABLE match_pages (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    page        INTEGER NOT NULL,
    mode        TEXT NOT NULL CHECK (mode IN ('token', 'substring')),
    text_sha    TEXT NOT NULL,          -- SHA-1 of the page text matched
    chars       INTEGER NOT NULL,
    state_key   TEXT NOT NULL REFERENCES lexicon_states (key),
    segmenter   TEXT NOT NULL DEFAULT '',  -- token mode: backend/version/term frequency
    matched_at  TEXT NOT NULL,
    PRIMARY KEY (document_id, page, mode)
);

-- Every hit: where (city, document, page, character offset in pages.text), what (variant found, its
-- canonical term, category, lexicon version), how (mode). Context = substr(pages.text, offset ± 30).
CREATE TABLE hits (
    id              INTEGER PRIMARY KEY,
    city_code       TEXT NOT NULL,
    document_id     INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    page            INTEGER NOT NULL,
    offset          INTEGER NOT NULL,
    length          INTEGER NOT NULL,
    surface         TEXT NOT NULL,
    term            TEXT NOT NULL,
    category        TEXT NOT NULL,
    lexicon_version TEXT NOT NULL,
    mode            TEXT NOT NULL CHECK (mode IN ('token', 'substring'))
);
CREATE INDEX hits_page ON hits (document_id, page, mode);
CREATE INDEX hits_city ON hits (city_code, mode, category, term);
CREATE INDEX hits_surface ON hits (mode, surface);

-- One row per (city, category, mode) for cities whose plan pages were matched in that mode.
-- A city absent here has no (matched) plan: its indicators are missing, never 0.
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
