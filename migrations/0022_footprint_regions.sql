-- NHS England's region of each footprint (one of its seven), so the national view can filter
-- and group by region. NULL: not recorded.
ALTER TABLE footprints ADD COLUMN region TEXT;
