-- Quarterly returns: each organisation's CIO (and the PMO, for the footprint's own Table 5
-- figures) enters a quarter's figures as a return; the Steering Group approves it, and only
-- then do its figures become the official figures the dashboards show.
--
-- A return's figures are held as one typed document per section (return_sections.payload,
-- JSON of the types in ldr_app::returns) while they are being worked on, because a draft is
-- partial and changes shape as people type. Approval writes them into the figure tables
-- (dma_scores, aim_progress, ...) in the same transaction, with a link back to the return.

-- When a move between the last approved figure and a returned one is flagged for the
-- reviewers, as a percentage of the figure's scale (10 = 10 points on a 0-100 % scale).
ALTER TABLE footprints ADD COLUMN large_change_percent REAL NOT NULL DEFAULT 10
    CHECK (large_change_percent > 0 AND large_change_percent <= 100);

-- A quarter opened for returns, with its deadline. Reopening adds a row, so the history of
-- who opened and closed what stays. One open quarter per footprint, enforced by the index.
CREATE TABLE period_windows (
    id            INTEGER PRIMARY KEY,
    footprint_id  INTEGER NOT NULL REFERENCES footprints(id),
    period_id     INTEGER NOT NULL REFERENCES reporting_periods(id),
    deadline      TEXT NOT NULL,                 -- YYYY-MM-DD: due by the end of this day
    opened_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
    opened_by     INTEGER REFERENCES users(id),
    closed_at     TEXT,
    closed_by     INTEGER REFERENCES users(id)
);
CREATE UNIQUE INDEX period_windows_one_open ON period_windows (footprint_id) WHERE closed_at IS NULL;
CREATE INDEX period_windows_by_period ON period_windows (footprint_id, period_id);

-- One revision of one organisation's (or the footprint's) return for one quarter.
-- Revision 1 is the quarter's return; an approved return is amended by revision 2, and so on.
CREATE TABLE returns (
    id               INTEGER PRIMARY KEY,
    footprint_id     INTEGER NOT NULL REFERENCES footprints(id),
    -- NULL: the footprint's own return (Table 5), kept by the PMO.
    organisation_id  INTEGER REFERENCES organisations(id),
    period_id        INTEGER NOT NULL REFERENCES reporting_periods(id),
    revision         INTEGER NOT NULL CHECK (revision >= 1),
    state            TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'returned', 'approved')),
    -- Bumped by every change of state, so a decision or submit made on a stale page is refused.
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
    created_by       INTEGER NOT NULL REFERENCES users(id),
    updated_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
    updated_by       INTEGER NOT NULL REFERENCES users(id),
    submitted_at     TEXT,
    submitted_by     INTEGER REFERENCES users(id),
    decided_at       TEXT,
    decided_by       INTEGER REFERENCES users(id),
    -- The reviewer's comments when returned (kept when approved, if any).
    decision_comment TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX returns_unique
    ON returns (footprint_id, COALESCE(organisation_id, 0), period_id, revision);
CREATE INDEX returns_by_period ON returns (footprint_id, period_id, state);

CREATE TABLE return_sections (
    return_id   INTEGER NOT NULL REFERENCES returns(id),
    section     TEXT NOT NULL CHECK (section IN
                    ('dma', 'trajectory', 'aims', 'deployments', 'measures', 'commentary', 'footprint_aims')),
    status      TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'completed')),
    payload     TEXT NOT NULL,                   -- JSON; see ldr_app::returns::figures
    -- Optimistic concurrency: a save names the version it was edited from.
    version     INTEGER NOT NULL DEFAULT 1,
    updated_at  TEXT,
    updated_by  INTEGER REFERENCES users(id),
    PRIMARY KEY (return_id, section)
);

-- Provenance: the return revision an official figure was approved from (NULL: loaded from
-- the published roadmap by the seed).
ALTER TABLE dma_scores ADD COLUMN return_id INTEGER REFERENCES returns(id);
ALTER TABLE aim_progress ADD COLUMN return_id INTEGER REFERENCES returns(id);
ALTER TABLE capability_trajectories ADD COLUMN return_id INTEGER REFERENCES returns(id);
ALTER TABLE measure_values ADD COLUMN return_id INTEGER REFERENCES returns(id);
ALTER TABLE capability_deployments ADD COLUMN return_id INTEGER REFERENCES returns(id);
ALTER TABLE capability_deployments ADD COLUMN approved_at TEXT;
ALTER TABLE capability_deployments ADD COLUMN approved_by INTEGER REFERENCES users(id);

-- The audit page filters by footprint, organisation and period.
ALTER TABLE audit_log ADD COLUMN footprint_id INTEGER REFERENCES footprints(id);
ALTER TABLE audit_log ADD COLUMN organisation_id INTEGER REFERENCES organisations(id);
ALTER TABLE audit_log ADD COLUMN period_id INTEGER REFERENCES reporting_periods(id);
CREATE INDEX audit_log_by_footprint ON audit_log (footprint_id, id);
