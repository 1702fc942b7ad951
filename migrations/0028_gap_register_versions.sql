-- The PMO now edits the gap register on `/gaps` (issue 11): its gaps and initiatives are
-- added, changed and removed through forms. Each row carries a version, bumped by every
-- change, which the form sends back: an edit made on a page shown before someone else's
-- change is refused (409) instead of silently overwriting it.
ALTER TABLE gaps ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE initiatives ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
