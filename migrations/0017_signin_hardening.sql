-- Sign-in hardening (issue 8), two small additions that serve one purpose:
-- * users.session_epoch: bumped when a password changes or an account is disabled. A session
--   remembers the epoch it was made under and stops working when they differ; the session
--   store keeps sessions as opaque blobs, so this is simpler and surer than finding and
--   deleting that account's rows.
-- * server_secrets: the key that signs the sign-in form's CSRF cookie and the known-device
--   cookie. Generated once and kept here, so a restart does not invalidate forms in flight
--   and several processes on one database agree.
ALTER TABLE users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;

CREATE TABLE server_secrets (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
