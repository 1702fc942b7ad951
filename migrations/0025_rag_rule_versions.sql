-- The computed-RAG rules as data (issue 11). A computed status is worked out from approved
-- figures by these rules, so they must be stated, versioned and never changed in place: a
-- past quarter is judged by the rules in force then. Each row is one version, in force from
-- its quarter until a later version takes effect. footprint_id NULL is the national default
-- (version 1, the issue's rules), which every footprint uses until its PMO sets its own.
-- Rows are only ever added (each with an audit entry); the triggers refuse the rest.
CREATE TABLE rag_rule_versions (
    id             INTEGER PRIMARY KEY,
    footprint_id   INTEGER REFERENCES footprints(id),
    version        INTEGER NOT NULL CHECK (version >= 1),
    -- The first quarter these rules judge, as its code (2016-17-q1).
    effective_from TEXT NOT NULL,
    -- The parameters (ldr_app::analysis::computed_rag::RuleSet), as JSON.
    rules_json     TEXT NOT NULL,
    created_by     INTEGER REFERENCES users(id),
    created_at     TEXT NOT NULL,
    UNIQUE (footprint_id, version)
);

CREATE TRIGGER rag_rule_versions_no_update BEFORE UPDATE ON rag_rule_versions
BEGIN
    SELECT RAISE(ABORT, 'rule versions are never changed: add a new version');
END;

CREATE TRIGGER rag_rule_versions_no_delete BEFORE DELETE ON rag_rule_versions
BEGIN
    SELECT RAISE(ABORT, 'rule versions are never deleted: add a new version');
END;

INSERT INTO rag_rule_versions (footprint_id, version, effective_from, rules_json, created_by, created_at)
VALUES (NULL, 1, '2016-17-q1',
        '{"aim":{"window":4,"margin_quarters":2,"min_progress":0.0},"trajectory":{"tolerance":5.0,"amber_behind":15.0},"dma_theme":{"against_plan":{"tolerance":5.0,"amber_behind":15.0},"against_peers":{"tolerance":5.0,"amber_behind":15.0}}}',
        NULL, '2016-04-01 00:00:00');
