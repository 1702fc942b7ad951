-- Assessment frameworks are data, not code: the 2016 DMA (14 themes, 0-100 %) and today's
-- What Good Looks Like DMA (seven pillars, 1-5) must live side by side, and the next one too.
CREATE TABLE assessment_frameworks (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    version     TEXT NOT NULL,
    scale_min   REAL NOT NULL,
    scale_max   REAL NOT NULL,
    scale_step  REAL NOT NULL CHECK (scale_step > 0),
    unit        TEXT NOT NULL CHECK (unit IN ('percent', 'level')),
    CHECK (scale_min < scale_max)
);

-- Which kinds of organisation take the framework (the social-care DMA differs from the trusts').
CREATE TABLE framework_kinds (
    framework_id INTEGER NOT NULL REFERENCES assessment_frameworks(id),
    kind         TEXT NOT NULL REFERENCES organisation_kinds(code),
    PRIMARY KEY (framework_id, kind)
);

CREATE TABLE theme_groups (
    id           INTEGER PRIMARY KEY,
    framework_id INTEGER NOT NULL REFERENCES assessment_frameworks(id),
    code         TEXT NOT NULL,
    name         TEXT NOT NULL,
    position     INTEGER NOT NULL,
    UNIQUE (framework_id, code)
);

CREATE TABLE themes (
    id                 INTEGER PRIMARY KEY,
    framework_id       INTEGER NOT NULL REFERENCES assessment_frameworks(id),
    group_id           INTEGER NOT NULL REFERENCES theme_groups(id),
    code               TEXT NOT NULL,
    name               TEXT NOT NULL,
    position           INTEGER NOT NULL,
    -- One of the seven paper-free-at-the-point-of-care capabilities (trajectories, deployments).
    pf_poc             INTEGER NOT NULL DEFAULT 0 CHECK (pf_poc IN (0, 1)),
    org_dependency     TEXT NOT NULL DEFAULT '',
    system_dependency  TEXT NOT NULL DEFAULT '',
    UNIQUE (framework_id, code)
);
CREATE INDEX themes_by_group ON themes (group_id, position);
