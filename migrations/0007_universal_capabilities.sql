-- The ten national Universal Capabilities and their 25 aims, and the footprint's progress on them.
-- Aims are rows: the national list changed between years and will change again.
CREATE TABLE universal_capabilities (
    id       INTEGER PRIMARY KEY,
    number   INTEGER NOT NULL UNIQUE CHECK (number >= 1),
    title    TEXT NOT NULL
);

CREATE TABLE aims (
    id             INTEGER PRIMARY KEY,
    capability_id  INTEGER NOT NULL REFERENCES universal_capabilities(id),
    code           TEXT NOT NULL UNIQUE,          -- '1a' .. '10b'
    text           TEXT NOT NULL,
    -- Aims 4d, 9d and 10a name their own target ("by Sep 2017, 80 %").
    target_value   REAL CHECK (target_value BETWEEN 0 AND 100),
    target_date    TEXT,
    position       INTEGER NOT NULL
);
CREATE INDEX aims_by_capability ON aims (capability_id, position);

CREATE TABLE aim_kinds (
    aim_id  INTEGER NOT NULL REFERENCES aims(id),
    kind    TEXT NOT NULL REFERENCES organisation_kinds(code),
    PRIMARY KEY (aim_id, kind)
);

-- The three RAG statuses with their definitions from the national guidance, as data so that
-- the definition shown beside a tag is the one the footprint agreed.
CREATE TABLE rag_statuses (
    code        TEXT PRIMARY KEY CHECK (code IN ('green', 'amber', 'red')),
    label       TEXT NOT NULL,
    definition  TEXT NOT NULL,
    position    INTEGER NOT NULL
);

-- Progress on an aim for a period: the footprint's own figure (organisation_id NULL) or,
-- from quarterly returns, one organisation's figure that the footprint figure summarises.
-- completeness NULL = no data; rag NULL = not rated (the 2016 document's colours were lost).
CREATE TABLE aim_progress (
    id              INTEGER PRIMARY KEY,
    footprint_id    INTEGER NOT NULL REFERENCES footprints(id),
    organisation_id INTEGER REFERENCES organisations(id),
    aim_id          INTEGER NOT NULL REFERENCES aims(id),
    period_id       INTEGER NOT NULL REFERENCES reporting_periods(id),
    completeness    REAL CHECK (completeness BETWEEN 0 AND 100),
    rag             TEXT REFERENCES rag_statuses(code),
    narrative       TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL,
    recorded_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
    recorded_by     INTEGER REFERENCES users(id),
    approved_at     TEXT,
    approved_by     INTEGER REFERENCES users(id)
);
-- One row per footprint/organisation x aim x period; COALESCE because NULLs never collide.
CREATE UNIQUE INDEX aim_progress_unique
    ON aim_progress (footprint_id, COALESCE(organisation_id, 0), aim_id, period_id);
CREATE INDEX aim_progress_by_period ON aim_progress (footprint_id, period_id);

-- Goals for each financial year, as stated in a progress record (Table 5's goal columns).
CREATE TABLE aim_goals (
    aim_progress_id INTEGER NOT NULL REFERENCES aim_progress(id),
    financial_year  INTEGER NOT NULL,
    goal            REAL NOT NULL CHECK (goal BETWEEN 0 AND 100),
    PRIMARY KEY (aim_progress_id, financial_year)
);
