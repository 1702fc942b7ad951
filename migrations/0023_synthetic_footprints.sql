-- Footprints made by `ldr generate` are marked, so every page about them can say that their
-- organisations and figures are synthetic and nobody takes them for real NHS data.
ALTER TABLE footprints ADD COLUMN synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1));
