-- Evidence stage (the 20 yes/no leaves proposed from documents, textmine/evidence):
-- what `crawl policy` searched and why it stored each candidate, and the sentence behind every yes/no cell
-- a score run took from an accepted review sheet.

-- One portal search of one leaf's query for one city in a policy crawl job: what makes a leaf "searched".
CREATE TABLE policy_searches (
    job_id      INTEGER NOT NULL REFERENCES crawl_jobs (id) ON DELETE CASCADE,
    city_code   TEXT NOT NULL,
    leaf        TEXT NOT NULL,
    query       TEXT NOT NULL,          -- '' for a column listing (list platforms)
    listed      INTEGER NOT NULL,       -- result items read
    stored      INTEGER NOT NULL,       -- candidate documents stored (articles and attachments)
    complete    INTEGER NOT NULL,       -- 1 when every result page was read without a failure
    searched_at TEXT NOT NULL,
    PRIMARY KEY (job_id, city_code, leaf, query)
);
CREATE INDEX policy_searches_city ON policy_searches (city_code, leaf);

-- Why a crawled policy document is in the corpus: the leaf and query that found it, the date the portal
-- showed, and the article page it came from (for an attachment: the page linking it).
CREATE TABLE policy_sources (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    leaf        TEXT NOT NULL,
    query       TEXT NOT NULL,
    published   TEXT,                   -- DATE (YYYY-MM-DD) from the listing or the article, NULL if none
    article_url TEXT NOT NULL,
    found_at    TEXT NOT NULL,
    PRIMARY KEY (document_id, leaf)
);

-- Per score run, each yes/no cell an accepted review row spoke for: filled (the workbook cell was empty and
-- took the accepted value, leaf_values.origin = 'evidence'), agrees or disagrees (the workbook value won).
-- The sentence and its source are copied from the review sheet, so the run keeps what the reviewer accepted.
CREATE TABLE leaf_evidence (
    run_id          INTEGER NOT NULL REFERENCES score_runs (id) ON DELETE CASCADE,
    city_code       TEXT NOT NULL,
    leaf            TEXT NOT NULL,
    value           REAL NOT NULL,      -- the accepted proposed value (0 or 1)
    status          TEXT NOT NULL CHECK (status IN ('filled', 'agrees', 'disagrees')),
    workbook_value  REAL,               -- the workbook's value when it had one
    confidence      REAL,
    basis           TEXT,               -- how the value was reached (named city, issuer, searched …)
    sentence        TEXT,
    document_id     INTEGER,            -- no foreign key: the run keeps its evidence if the document goes
    page            INTEGER,            -- 0 = the document title
    title           TEXT,
    date            TEXT,
    url             TEXT,
    rules_version   TEXT,
    review          TEXT NOT NULL,      -- the review sheet as given
    review_sha256   TEXT NOT NULL,
    review_row      INTEGER NOT NULL,
    PRIMARY KEY (run_id, leaf, city_code)
);
