-- Personal API tokens (issue 13): the read-only JSON API is opened by a token issued to one
-- named person, who then reads exactly what their account may read. The PMO issues them to
-- their footprint's people on `/api-tokens`; whoever runs the server, with `ldr token`.
--
-- * secret_sha256: the SHA-256 (hex) of the token's text, never the text itself, which is
--   shown once when it is issued. The text carries 256 random bits, so a fast unsalted hash
--   is right: nobody can guess a preimage however fast they hash, unlike a password, which
--   needs argon2 because people choose guessable ones. Unique, so a look-up is one index seek.
-- * prefix: the token's first characters (`ldr_AbCd1234`), for people to tell tokens apart
--   on the page; 48 of its 256 bits, so it gives away nothing that opens one.
-- * created_by / revoked_by: the PMO who did it; NULL when the command line did (the audit
--   log names the operator).
-- * expires_at: required, UTC 'YYYY-MM-DD HH:MM:SS': the token works before this moment.
-- * last_used_at: written at most once a minute per token, off the request path and without
--   an audit entry (see `api/tokens.rs`).
-- Tokens are revoked, never deleted, so that the audit log's entries keep their meaning.
CREATE TABLE api_tokens (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users(id),
    label          TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
    secret_sha256  TEXT NOT NULL UNIQUE CHECK (length(secret_sha256) = 64),
    prefix         TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     INTEGER REFERENCES users(id),
    expires_at     TEXT NOT NULL,
    last_used_at   TEXT,
    revoked_at     TEXT,
    revoked_by     INTEGER REFERENCES users(id),
    CHECK (revoked_by IS NULL OR revoked_at IS NOT NULL)
);

CREATE INDEX api_tokens_by_user ON api_tokens (user_id);
