-- Which document is a city's outline (issue 23): the document type (文种: outline, proposal 建议, resolution
-- 决议 … as corpora/editions.toml [[doc_type]] names them), whose document it is (owner: the city, a county of
-- it, another city, the province, the nation, or unknown) and how sure the decision is (confidence high |
-- medium | low, with the reasons in edition_doubts, "; "-separated). Documents are classified again on first
-- use (their edition_key changes with the rules), so existing rows get these values then.
ALTER TABLE documents ADD COLUMN doc_type TEXT;
ALTER TABLE documents ADD COLUMN owner TEXT;
ALTER TABLE documents ADD COLUMN owner_name TEXT;
ALTER TABLE documents ADD COLUMN confidence TEXT;
ALTER TABLE documents ADD COLUMN edition_doubts TEXT;
