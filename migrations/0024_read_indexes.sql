-- Request-path reads walk indexes instead of scanning history (issue 10, "Speed").
--
-- "As at a quarter" was a window function ranking every quarter of a footprint's history on
-- every view. Each figure table now carries its quarter as an ordered key (financial year * 10
-- + quarter, so 2016/17 Q2 is 20162; `db/figures.rs` writes it with every row) and an index on
-- (the figure's natural key, period_key), so the latest row up to a quarter is one index seek
-- per figure (`db/provenance.rs::as_at`).
ALTER TABLE dma_scores ADD COLUMN period_key INTEGER;
ALTER TABLE dma_benchmarks ADD COLUMN period_key INTEGER;
ALTER TABLE aim_progress ADD COLUMN period_key INTEGER;
ALTER TABLE capability_trajectories ADD COLUMN period_key INTEGER;
ALTER TABLE measure_values ADD COLUMN period_key INTEGER;
ALTER TABLE measure_benchmarks ADD COLUMN period_key INTEGER;
ALTER TABLE deployment_versions ADD COLUMN period_key INTEGER;

UPDATE dma_scores SET period_key = (SELECT p.financial_year * 10 + p.quarter FROM reporting_periods p WHERE p.id = dma_scores.period_id);
UPDATE dma_benchmarks SET period_key = (SELECT p.financial_year * 10 + p.quarter FROM reporting_periods p WHERE p.id = dma_benchmarks.period_id);
UPDATE aim_progress SET period_key = (SELECT p.financial_year * 10 + p.quarter FROM reporting_periods p WHERE p.id = aim_progress.period_id);
UPDATE capability_trajectories
   SET period_key = (SELECT p.financial_year * 10 + p.quarter FROM reporting_periods p WHERE p.id = capability_trajectories.period_id);
UPDATE measure_values SET period_key = (SELECT p.financial_year * 10 + p.quarter FROM reporting_periods p WHERE p.id = measure_values.period_id);
UPDATE measure_benchmarks SET period_key = (SELECT p.financial_year * 10 + p.quarter FROM reporting_periods p WHERE p.id = measure_benchmarks.period_id);
UPDATE deployment_versions SET period_key = (SELECT p.financial_year * 10 + p.quarter FROM reporting_periods p WHERE p.id = deployment_versions.period_id);

CREATE INDEX dma_scores_as_at ON dma_scores (organisation_id, theme_id, period_key);
CREATE INDEX dma_benchmarks_as_at ON dma_benchmarks (theme_id, peer_group_id, period_key);
CREATE INDEX aim_progress_as_at ON aim_progress (footprint_id, organisation_id, aim_id, period_key);
CREATE INDEX capability_trajectories_as_at ON capability_trajectories (organisation_id, theme_id, financial_year, period_key);
CREATE INDEX measure_values_as_at ON measure_values (organisation_id, measure_id, qualifier, period_key);
CREATE INDEX measure_benchmarks_as_at ON measure_benchmarks (measure_id, peer_group_id, period_key);
CREATE INDEX deployment_versions_as_at ON deployment_versions (deployment_id, period_key);

-- `/audit` reads its two visible branches (the footprint's own entries; entries about no
-- footprint that concern its people) newest first by index, with a limit. The index carries
-- every column the visibility and the filters test, so only the rows shown are read (their
-- JSON lies after these columns in the record, often on overflow pages).
CREATE INDEX audit_log_visible
    ON audit_log (footprint_id, id, user_id, entity, entity_id, organisation_id, period_id, action, actor);
-- The filter lists: which people, quarters and kinds of change occur in a footprint's log.
CREATE INDEX audit_log_footprint_people ON audit_log (footprint_id, user_id, action, actor);
CREATE INDEX audit_log_footprint_periods ON audit_log (footprint_id, period_id);
CREATE INDEX audit_log_footprint_actions ON audit_log (footprint_id, action);
