-- Footprints and the organisations in them.
-- A footprint is the area one Local Digital Roadmap covers (in 2016, 73 of them; today 42 ICSs).
-- Organisations are identified by their national code (ODS for NHS bodies, ONS for councils),
-- which is what people type and what appears in URLs, so it is unique across England.
-- Organisation kinds are a fixed national vocabulary, so they live here as reference rows
-- (like an enum with a label), not in the seed; frameworks and aims refer to them.

CREATE TABLE organisation_kinds (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    position    INTEGER NOT NULL
);

INSERT INTO organisation_kinds (code, name, position) VALUES
    ('commissioner',    'Commissioner',            1),
    ('acute',           'Acute trust',             2),
    ('community',       'Community trust',         3),
    ('mental_health',   'Mental health trust',     4),
    ('ambulance',       'Ambulance trust',         5),
    ('primary_care',    'Primary care',            6),
    ('local_authority', 'Local authority',         7);

CREATE TABLE footprints (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT ''
);

CREATE TABLE organisations (
    id            INTEGER PRIMARY KEY,
    footprint_id  INTEGER NOT NULL REFERENCES footprints(id),
    -- GP practices belong to the footprint's primary-care group; NULL for everything else.
    parent_id     INTEGER REFERENCES organisations(id),
    code          TEXT NOT NULL UNIQUE,
    -- 'ods' (NHS), 'ons' (councils) or 'local' (a grouping with no national code,
    -- such as all of a footprint's GP practices reported together).
    code_type     TEXT NOT NULL CHECK (code_type IN ('ods', 'ons', 'local')),
    name          TEXT NOT NULL,
    short_name    TEXT NOT NULL,
    kind          TEXT NOT NULL REFERENCES organisation_kinds(code),
    -- How many bodies a grouping stands for (81 practices); 1 for a single organisation.
    member_count  INTEGER NOT NULL DEFAULT 1 CHECK (member_count >= 1),
    position      INTEGER NOT NULL DEFAULT 0
);

-- ~6,700 organisations across ~42 footprints: pages list one footprint at a time.
CREATE INDEX organisations_by_footprint ON organisations (footprint_id, position);
CREATE INDEX organisations_by_parent ON organisations (parent_id);
