-- Capability trajectories and deployment plans (LDR sections E2.x).
-- The baseline and actual scores of a trajectory are DMA scores (dma_scores); only the plan
-- is stored here: organisation x PF@PoC theme x financial year.
CREATE TABLE capability_trajectories (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    theme_id        INTEGER NOT NULL REFERENCES themes(id),
    financial_year  INTEGER NOT NULL,
    planned_score   REAL NOT NULL,
    source          TEXT NOT NULL,
    recorded_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
    recorded_by     INTEGER REFERENCES users(id),
    approved_at     TEXT,
    approved_by     INTEGER REFERENCES users(id),
    UNIQUE (organisation_id, theme_id, financial_year)
);

CREATE TABLE capability_deployments (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    theme_id        INTEGER REFERENCES themes(id),
    title           TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    start_year      INTEGER,
    target_year     INTEGER NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('active', 'committed', 'aspirational')),
    delivered_on    TEXT,
    source          TEXT NOT NULL,
    recorded_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
    recorded_by     INTEGER REFERENCES users(id),
    CHECK (start_year IS NULL OR start_year <= target_year),
    UNIQUE (organisation_id, title)
);
CREATE INDEX deployments_by_org ON capability_deployments (organisation_id, target_year);
