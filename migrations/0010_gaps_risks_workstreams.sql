-- The roadmap's narrative registers: gaps against strategic goals (H1, Table 10), initiatives
-- with the four H1.4 priority criteria, infrastructure workstreams (G1.5) and the
-- rate-limiting factors (D5). All belong to a footprint and are ordered as the roadmap orders them.
CREATE TABLE gap_areas (
    id           INTEGER PRIMARY KEY,
    footprint_id INTEGER NOT NULL REFERENCES footprints(id),
    name         TEXT NOT NULL,
    position     INTEGER NOT NULL,
    UNIQUE (footprint_id, name)
);

CREATE TABLE gaps (
    id        INTEGER PRIMARY KEY,
    area_id   INTEGER NOT NULL REFERENCES gap_areas(id),
    text      TEXT NOT NULL,
    position  INTEGER NOT NULL,
    UNIQUE (area_id, position)
);

CREATE TABLE initiatives (
    id                   INTEGER PRIMARY KEY,
    footprint_id         INTEGER NOT NULL REFERENCES footprints(id),
    title                TEXT NOT NULL,
    description          TEXT NOT NULL DEFAULT '',
    universal_capability INTEGER NOT NULL CHECK (universal_capability IN (0, 1)),
    stp_objective        INTEGER NOT NULL CHECK (stp_objective IN (0, 1)),
    whole_system         INTEGER NOT NULL CHECK (whole_system IN (0, 1)),
    pfpoc_enabler        TEXT NOT NULL CHECK (pfpoc_enabler IN ('none', 'single', 'multiple')),
    position             INTEGER NOT NULL,
    UNIQUE (footprint_id, title)
);

CREATE TABLE infrastructure_workstreams (
    id              INTEGER PRIMARY KEY,
    footprint_id    INTEGER NOT NULL REFERENCES footprints(id),
    name            TEXT NOT NULL,
    baseline        TEXT NOT NULL DEFAULT '',
    gap_2020        TEXT NOT NULL DEFAULT '',
    indicative_cost TEXT NOT NULL DEFAULT '',
    position        INTEGER NOT NULL,
    UNIQUE (footprint_id, name)
);

CREATE TABLE risks (
    id           INTEGER PRIMARY KEY,
    footprint_id INTEGER NOT NULL REFERENCES footprints(id),
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    position     INTEGER NOT NULL,
    UNIQUE (footprint_id, title)
);
