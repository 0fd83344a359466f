-- Plan editions (issue 11): what each document is, and news as the report defines it.
--
-- documents: the plan period (十一五 … 十五五, NULL = none or not yet classified) and plan type
-- (outline | draft | sectoral | interpretation | other), each with where it came from
-- (given | source | title | heading | text | none); edition_note holds the words the decision rests
-- on, edition_key the rules (corpora/editions.toml) and input it was made with, so that a rules edit or
-- a first parse classifies the document again. Existing documents are classified on first use.
ALTER TABLE documents ADD COLUMN period TEXT;
ALTER TABLE documents ADD COLUMN plan_type TEXT;
ALTER TABLE documents ADD COLUMN period_source TEXT;
ALTER TABLE documents ADD COLUMN type_source TEXT;
ALTER TABLE documents ADD COLUMN edition_note TEXT;
ALTER TABLE documents ADD COLUMN edition_key TEXT;

-- What the parser read as the document's own title and date (HTML <title>/meta, PDF metadata): the edition
-- is detected from it when the document's title is only a file name.
ALTER TABLE parses ADD COLUMN title TEXT;
ALTER TABLE parses ADD COLUMN date TEXT;

-- Text fingerprint of every parsed document (textmine.editions.fingerprint): copies of one outline are
-- recognised by their text and counted once. parsed_at ties it to the parse it was made from.
CREATE TABLE fingerprints (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    parsed_at   TEXT NOT NULL,
    body_chars  INTEGER NOT NULL,     -- characters of the body pages (what counting reads)
    shingles    INTEGER NOT NULL,     -- distinct 5-character shingles
    sketch      BLOB NOT NULL         -- the 512 smallest shingle hashes, uint64 little-endian
);

-- The planning indicators are now per (city, period) and read only the one outline counted for it
-- (textmine.count.indicators, which chooses it with textmine.editions); the view summed every plan.
DROP VIEW plan_indicators;

-- News: the crawl keeps every candidate item the portal showed for a query (in the crawl window or
-- undated); whether it counts is decided by the count stage's matcher on the item's title and, when
-- its body was fetched, the parsed body document (kind 'news'). news_crawls records the queries a crawl
-- searched, so a count under a lexicon is made only from crawls that searched its queries.
CREATE TABLE news_items_new (
    city_code   TEXT NOT NULL,
    url         TEXT NOT NULL,          -- canonical URL of the item (fragment removed)
    title       TEXT NOT NULL,
    published   TEXT,                   -- DATE (YYYY-MM-DD), NULL when neither list nor article shows one
    query       TEXT,                   -- the search query that found it (NULL for column listings)
    source      TEXT NOT NULL,          -- the list or search page it was found on
    sha256      TEXT,                   -- article page in raw/ when it was fetched
    document_id INTEGER REFERENCES documents (id) ON DELETE SET NULL,   -- the article as a 'news' document
    found_at    TEXT NOT NULL,
    PRIMARY KEY (city_code, url)
);
INSERT INTO news_items_new (city_code, url, title, published, query, source, sha256, found_at)
    SELECT city_code, url, title, published, query, source, sha256, found_at FROM news_items;
DROP TABLE news_items;
ALTER TABLE news_items_new RENAME TO news_items;
CREATE INDEX news_items_date ON news_items (city_code, published);
ALTER TABLE news_crawls ADD COLUMN queries TEXT;   -- JSON list of the search terms; ["*"] = a column listing
