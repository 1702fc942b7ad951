-- Trajectory plans belong to the quarter they were approved in.
-- Until now a plan was one row per organisation x theme x financial year, and approving a
-- return overwrote it in place: the organisation page "as at" an earlier quarter showed the
-- later quarter's plans, and the earlier plan was lost. Like every other figure table, a plan
-- now carries its period, and a quarter's picture is the latest plan for each theme and
-- financial year approved up to that quarter (db/provenance.rs::as_at).
--
-- SQLite cannot change a table's unique constraint, so the table is rebuilt. Existing rows
-- approved from a return take that return's quarter; the others came from the seed, whose
-- figures are the roadmap's baseline period, 2016/17 Q1.

ALTER TABLE capability_trajectories RENAME TO capability_trajectories_0008;

CREATE TABLE capability_trajectories (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    theme_id        INTEGER NOT NULL REFERENCES themes(id),
    financial_year  INTEGER NOT NULL,
    -- The quarter whose approved figures (or the seed's baseline) made this the plan.
    period_id       INTEGER NOT NULL REFERENCES reporting_periods(id),
    planned_score   REAL NOT NULL,
    source          TEXT NOT NULL,
    recorded_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
    recorded_by     INTEGER REFERENCES users(id),
    approved_at     TEXT,
    approved_by     INTEGER REFERENCES users(id),
    return_id       INTEGER REFERENCES returns(id),
    -- Also the index the organisation page's "as at" read scans (organisation first).
    UNIQUE (organisation_id, theme_id, financial_year, period_id)
);

INSERT INTO capability_trajectories (id, organisation_id, theme_id, financial_year, period_id, planned_score, source,
                                     recorded_at, recorded_by, approved_at, approved_by, return_id)
SELECT c.id, c.organisation_id, c.theme_id, c.financial_year,
       COALESCE((SELECT r.period_id FROM returns r WHERE r.id = c.return_id),
                (SELECT p.id FROM reporting_periods p WHERE p.code = '2016-17-q1')),
       c.planned_score, c.source, c.recorded_at, c.recorded_by, c.approved_at, c.approved_by, c.return_id
FROM capability_trajectories_0008 c;

DROP TABLE capability_trajectories_0008;
