-- Crawl stage: HTTP cache for conditional GETs, resumable crawl jobs, and news items.

-- Last good response per URL: validators for conditional GETs and the body's hash in raw/.
CREATE TABLE http_cache (
    url           TEXT PRIMARY KEY,     -- the URL requested (before redirects)
    final_url     TEXT NOT NULL,        -- after redirects
    status        INTEGER NOT NULL,     -- 200, or 404/410 remembered as gone
    etag          TEXT,
    last_modified TEXT,
    content_type  TEXT,
    sha256        TEXT,                 -- body in the raw store (NULL when gone)
    size          INTEGER,
    fetched_at    TEXT NOT NULL,        -- when the body was last downloaded
    checked_at    TEXT NOT NULL         -- when last confirmed (200 or 304)
);

-- One crawl job (plans or news, with its parameters); an unfinished job with the same key resumes.
CREATE TABLE crawl_jobs (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('plans', 'news')),
    key         TEXT NOT NULL,          -- hash of the parameters that define the job
    params      TEXT,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    summary     TEXT
);
CREATE INDEX crawl_jobs_open ON crawl_jobs (kind, key, finished_at);

-- URLs already fetched (200 or 304) inside a job: a resumed job reads them from the store.
CREATE TABLE crawl_visits (
    job_id  INTEGER NOT NULL REFERENCES crawl_jobs (id) ON DELETE CASCADE,
    url     TEXT NOT NULL,
    status  INTEGER NOT NULL,
    at      TEXT NOT NULL,
    PRIMARY KEY (job_id, url)
);

-- Per-city tasks of a job; a done task is skipped on resume.
CREATE TABLE crawl_tasks (
    job_id    INTEGER NOT NULL REFERENCES crawl_jobs (id) ON DELETE CASCADE,
    city_code TEXT NOT NULL,
    status    TEXT NOT NULL CHECK (status IN ('done', 'failed')),
    summary   TEXT,
    at        TEXT NOT NULL,
    PRIMARY KEY (job_id, city_code)
);

-- Distinct news items about the query, one row per (city, url): the audit trail of news.count.
CREATE TABLE news_items (
    city_code  TEXT NOT NULL,
    url        TEXT NOT NULL,           -- canonical URL of the item (fragment removed)
    title      TEXT NOT NULL,
    published  TEXT,                    -- DATE (YYYY-MM-DD), NULL when the portal shows none
    matched    TEXT NOT NULL,           -- the lexicon term that matched
    matched_in TEXT NOT NULL CHECK (matched_in IN ('title', 'body')),
    query      TEXT,                    -- the search query that found it (NULL for column listings)
    source     TEXT NOT NULL,           -- the list or search page it was found on
    sha256     TEXT,                    -- article body in raw/ when it was fetched
    found_at   TEXT NOT NULL,
    PRIMARY KEY (city_code, url)
);
CREATE INDEX news_items_date ON news_items (city_code, published);

-- Completed news crawls per city and window: a city without one has no news count (NaN), not 0.
CREATE TABLE news_crawls (
    id          INTEGER PRIMARY KEY,
    city_code   TEXT NOT NULL,
    since       TEXT,
    until       TEXT,
    items       INTEGER NOT NULL,
    lexicon     TEXT,                   -- lexicon version used
    finished_at TEXT NOT NULL
);
CREATE INDEX news_crawls_city ON news_crawls (city_code);
