-- Other measures the roadmap reports (NHS number coverage, mobile devices, WiFi, primary-care
-- digital services...), kept generic so that a new measure is a row, not a table.
CREATE TABLE measures (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    unit        TEXT NOT NULL CHECK (unit IN ('percent', 'count', 'score')),
    section     TEXT NOT NULL DEFAULT '',        -- where the roadmap reports it
    description TEXT NOT NULL DEFAULT ''
);

CREATE TABLE measure_values (
    id              INTEGER PRIMARY KEY,
    measure_id      INTEGER NOT NULL REFERENCES measures(id),
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    period_id       INTEGER NOT NULL REFERENCES reporting_periods(id),
    -- Distinguishes two figures of one organisation, e.g. SWAST's ECS and CAD systems.
    qualifier       TEXT NOT NULL DEFAULT '',
    value           REAL NOT NULL,
    source          TEXT NOT NULL,
    recorded_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
    recorded_by     INTEGER REFERENCES users(id),
    approved_at     TEXT,
    approved_by     INTEGER REFERENCES users(id),
    UNIQUE (measure_id, organisation_id, period_id, qualifier)
);
CREATE INDEX measure_values_by_org ON measure_values (organisation_id, period_id);

CREATE TABLE measure_benchmarks (
    id            INTEGER PRIMARY KEY,
    measure_id    INTEGER NOT NULL REFERENCES measures(id),
    period_id     INTEGER NOT NULL REFERENCES reporting_periods(id),
    peer_group_id INTEGER NOT NULL REFERENCES peer_groups(id),
    value         REAL NOT NULL,
    source        TEXT NOT NULL,
    UNIQUE (measure_id, period_id, peer_group_id)
);
