-- One token per issuing form (issue 13). The token's text is shown only on the response to
-- the issuing POST, so that POST cannot redirect; a refresh of that page or a double click
-- posts the form again, and used to issue a second token. Each form drawn on /api-tokens now
-- carries a random one-time key (128 bits, hex), stored with the token it issued:
-- * UNIQUE, so of two posts of one form (even at the same moment) the database lets exactly
--   one insert; the other is answered 409, naming the token already issued.
-- * NULL for tokens issued before this migration and by `ldr token issue` (the command line
--   has no form to post twice); a unique index allows any number of NULLs (SQLite and
--   PostgreSQL alike).
-- A unique index rather than a column constraint, since ALTER TABLE ADD COLUMN cannot add
-- one in SQLite.
ALTER TABLE api_tokens ADD COLUMN form_key TEXT CHECK (form_key IS NULL OR length(form_key) = 32);

CREATE UNIQUE INDEX api_tokens_by_form_key ON api_tokens (form_key);
