-- Each sign-in as a row of its own (ASVS 3.3.3, 3.3.4): the session store keeps sessions as
-- opaque blobs, so a page listing a person's sessions, and a button ending the others, need
-- this table. A session carries its row's handle; the `SignedIn` extractor refuses a session
-- whose row is gone, so deleting a row ends that session at its next request.
--
-- * handle: 128 random bits (base64url), never the session cookie's id, so a page showing
--   sessions gives away nothing that opens one.
-- * signed_in_at: UTC 'YYYY-MM-DD HH:MM:SS', written by the server's clock; rows older than
--   the 12-hour absolute lifetime are deleted at each sign-in (no background job).
-- * peer and user_agent (cut to 200 characters): only for people to recognise a device.
-- * second_factor: 1 when a security code was given at sign-in.
CREATE TABLE user_sessions (
    handle         TEXT PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users(id),
    signed_in_at   TEXT NOT NULL,
    peer           TEXT NOT NULL,
    user_agent     TEXT NOT NULL,
    second_factor  INTEGER NOT NULL CHECK (second_factor IN (0, 1))
);
CREATE INDEX user_sessions_by_user ON user_sessions (user_id, signed_in_at);
CREATE INDEX user_sessions_by_age ON user_sessions (signed_in_at);
