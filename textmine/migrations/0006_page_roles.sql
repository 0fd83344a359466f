-- Parse stage: the role of every stored page. 'toc' (a table of contents) and 'cover' (a title
-- page) keep their text for reading and audits but are not counted: their chapter titles would
-- count a chapter's terms twice (textmine.parse.roles decides; the count stage counts 'body' only).
-- Pages stored before this migration are 'body' until their document is parsed again (the parser
-- version changed with it, so `textmine parse` does that).
ALTER TABLE pages ADD COLUMN role TEXT NOT NULL DEFAULT 'body' CHECK (role IN ('body', 'toc', 'cover'));
