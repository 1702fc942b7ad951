-- The steering pack (issue 12). Generating a report freezes it: a numbered version per
-- footprint and quarter holding the document it was made from (JSON of typed tables, words
-- and charts), the SHA-256 of that JSON, and the PDF typeset from it. Nothing of a version
-- changes afterwards except its endorsement, which is given once; an endorsed version cannot
-- be deleted. The triggers hold that whatever writes to the file.
CREATE TABLE report_versions (
    id            INTEGER PRIMARY KEY,
    footprint_id  INTEGER NOT NULL REFERENCES footprints(id),
    period_id     INTEGER NOT NULL REFERENCES reporting_periods(id),
    version       INTEGER NOT NULL CHECK (version >= 1),
    document      TEXT NOT NULL,
    sha256        TEXT NOT NULL CHECK (length(sha256) = 64),
    pdf           BLOB NOT NULL,
    generated_by  INTEGER NOT NULL REFERENCES users(id),
    generated_at  TEXT NOT NULL,
    endorsed_by   INTEGER REFERENCES users(id),
    endorsed_at   TEXT,
    UNIQUE (footprint_id, period_id, version),
    CHECK ((endorsed_by IS NULL) = (endorsed_at IS NULL))
);

CREATE INDEX report_versions_by_footprint ON report_versions (footprint_id, period_id, version);

CREATE TRIGGER report_versions_frozen
BEFORE UPDATE OF footprint_id, period_id, version, document, sha256, pdf, generated_by, generated_at ON report_versions
BEGIN
    SELECT RAISE(ABORT, 'a report version is frozen');
END;

CREATE TRIGGER report_versions_endorsed_once
BEFORE UPDATE OF endorsed_by, endorsed_at ON report_versions
WHEN OLD.endorsed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a report version is endorsed once');
END;

CREATE TRIGGER report_versions_endorsed_kept
BEFORE DELETE ON report_versions
WHEN OLD.endorsed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'an endorsed report version cannot be deleted');
END;

-- A reviewer's read-only link to one version: signed with the server's key (the token names
-- the link; the link names the version), expiring at the end of a set day, revocable.
CREATE TABLE report_links (
    id                 INTEGER PRIMARY KEY,
    report_version_id  INTEGER NOT NULL REFERENCES report_versions(id) ON DELETE CASCADE,
    expires_on         TEXT NOT NULL,
    note               TEXT NOT NULL DEFAULT '',
    created_by         INTEGER NOT NULL REFERENCES users(id),
    created_at         TEXT NOT NULL,
    revoked_by         INTEGER REFERENCES users(id),
    revoked_at         TEXT
);

CREATE INDEX report_links_by_version ON report_links (report_version_id);
