-- The stage that matches lexicon terms is "count" everywhere (CLI, pipeline, package textmine.count); runs
-- recorded under its old name "match" are renamed so `runs` has one name per stage.
UPDATE runs SET stage = 'count' WHERE stage = 'match';
