-- Accounts. Passwords are argon2id PHC strings. A CIO is scoped to one organisation;
-- PMO and Steering Group members to a footprint; NHS England reviewers read every footprint.
-- Accounts are disabled, never deleted, so that the audit log keeps its meaning.
CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash   TEXT NOT NULL,
    display_name    TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('pmo', 'steering', 'cio', 'reviewer')),
    organisation_id INTEGER REFERENCES organisations(id),
    footprint_id    INTEGER REFERENCES footprints(id),
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
    CHECK (role <> 'cio' OR organisation_id IS NOT NULL),
    CHECK (role NOT IN ('pmo', 'steering') OR footprint_id IS NOT NULL)
);
