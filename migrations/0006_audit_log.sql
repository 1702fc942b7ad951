-- Append-only audit log: every write by anyone appends one row here in the same transaction
-- as the change. The triggers make UPDATE and DELETE fail, so not even a bug in the app can
-- rewrite history (PostgreSQL would use a rule or a trigger the same way).
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
    user_id     INTEGER REFERENCES users(id),     -- NULL for the command line and the seed
    actor       TEXT NOT NULL,                    -- username, or 'system' / 'cli'
    role        TEXT,
    action      TEXT NOT NULL,                    -- e.g. 'user.add', 'seed.load'
    entity      TEXT NOT NULL,                    -- e.g. 'user', 'dma_score'
    entity_id   TEXT,
    before_json TEXT,
    after_json  TEXT
);
CREATE INDEX audit_log_by_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_by_user ON audit_log (user_id, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
