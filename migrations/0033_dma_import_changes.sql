-- What each confirmed DMA import changed, from what to what (issue 13). The import overwrites
-- dma_scores in place and its audit entry holds counts only, so without this the value a
-- changed score had before an import would be lost for good. One row per score the import
-- added or changed, written in the confirm's transaction; unchanged scores are not recorded
-- (the import's counts say how many). Read by the confirmed import's page (/imports/dma/{id}).
CREATE TABLE dma_import_changes (
    import_id       INTEGER NOT NULL REFERENCES dma_imports(id),
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    theme_id        INTEGER NOT NULL REFERENCES themes(id),
    -- 'added': no score stood before; 'changed': one did (score_before NULL then means it
    -- was recorded as not assessed).
    kind            TEXT NOT NULL CHECK (kind IN ('added', 'changed')),
    score_before    REAL,
    score_after     REAL NOT NULL,
    PRIMARY KEY (import_id, organisation_id, theme_id)
);
