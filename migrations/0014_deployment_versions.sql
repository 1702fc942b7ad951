-- Deployments by quarter. capability_deployments held one row per deployment that approval
-- updated in place, so an earlier quarter's page showed a later quarter's plans and delivery
-- dates, and a deployment could never be withdrawn. Now a deployment has a stable identity
-- (deployments) and a row per quarter it was recorded or changed in (deployment_versions),
-- read "as at" a quarter like every other figure: the latest version up to that quarter.
-- A withdrawn version ends the deployment from its quarter on; earlier quarters still show it.

CREATE TABLE deployments (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    -- The seed's natural key (the roadmap's title), so reloading the seed finds the same
    -- deployment; NULL for deployments added by a return (their title may change later).
    seed_key        TEXT,
    UNIQUE (organisation_id, seed_key)
);

CREATE TABLE deployment_versions (
    id              INTEGER PRIMARY KEY,
    deployment_id   INTEGER NOT NULL REFERENCES deployments(id),
    period_id       INTEGER NOT NULL REFERENCES reporting_periods(id),
    theme_id        INTEGER REFERENCES themes(id),
    title           TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    start_year      INTEGER,
    target_year     INTEGER NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('active', 'committed', 'aspirational')),
    delivered_on    TEXT,                        -- YYYY-MM-DD
    -- Removed by this quarter's approved return: not shown from this quarter on.
    withdrawn       INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1)),
    source          TEXT NOT NULL,
    recorded_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
    recorded_by     INTEGER REFERENCES users(id),
    approved_at     TEXT,
    approved_by     INTEGER REFERENCES users(id),
    return_id       INTEGER REFERENCES returns(id),
    CHECK (start_year IS NULL OR start_year <= target_year),
    UNIQUE (deployment_id, period_id)
);
CREATE INDEX deployment_versions_by_period ON deployment_versions (period_id);

-- Existing rows keep their ids (drafts name them). Each becomes one version: of the quarter
-- of the return that last approved it, else the roadmap's quarter (the seed's 2016/17 Q1).
INSERT INTO deployments (id, organisation_id, seed_key)
SELECT id, organisation_id, CASE WHEN return_id IS NULL THEN title END FROM capability_deployments;

INSERT INTO deployment_versions (deployment_id, period_id, theme_id, title, description, start_year, target_year, status,
                                 delivered_on, source, recorded_at, recorded_by, approved_at, approved_by, return_id)
SELECT d.id,
       COALESCE((SELECT r.period_id FROM returns r WHERE r.id = d.return_id),
                (SELECT p.id FROM reporting_periods p WHERE p.code = '2016-17-q1'),
                (SELECT MIN(p.id) FROM reporting_periods p)),
       d.theme_id, d.title, d.description, d.start_year, d.target_year, d.status,
       d.delivered_on, d.source, d.recorded_at, d.recorded_by, d.approved_at, d.approved_by, d.return_id
FROM capability_deployments d;

DROP TABLE capability_deployments;
