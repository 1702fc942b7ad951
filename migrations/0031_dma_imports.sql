-- DMA imports (issue 13): one row per uploaded file of DMA scores. While pending, the row
-- keeps the file itself, so the preview survives between the upload and the confirm without
-- JavaScript (a file input cannot be filled in again); the confirm clears it and records who
-- confirmed and what was written. Pending rows are bounded: a few per person, deleted after a
-- day (db/dma_import.rs). The scores themselves go to dma_scores with their own provenance.
CREATE TABLE dma_imports (
    id            INTEGER PRIMARY KEY,
    file_name     TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    framework_id  INTEGER NOT NULL REFERENCES assessment_frameworks(id),
    period_id     INTEGER NOT NULL REFERENCES reporting_periods(id),
    -- The importer's footprint (the web upload); NULL for a national file (the command line).
    footprint_id  INTEGER REFERENCES footprints(id),
    uploaded_by   INTEGER REFERENCES users(id),
    uploaded_at   TEXT NOT NULL,
    -- The file while pending; NULL once confirmed.
    content       BLOB,
    -- The importer's choices for theme names the framework does not have: {"name": theme id}.
    mapping_json  TEXT NOT NULL DEFAULT '{}',
    confirmed_by  INTEGER REFERENCES users(id),
    confirmed_at  TEXT,
    added         INTEGER,
    changed       INTEGER,
    unchanged     INTEGER,
    skipped       INTEGER
);
CREATE INDEX dma_imports_by_uploader ON dma_imports (uploaded_by, confirmed_at);
