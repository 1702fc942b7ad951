-- How a framework turned questionnaire answers into scores (the 2015/16 DMA published its
-- scales with the national data set: agreement, percentage bands, structure, NHS number
-- uptake). Kept as data so a reader can see what a score of 75 meant.
CREATE TABLE answer_scores (
    id            INTEGER PRIMARY KEY,
    framework_id  INTEGER NOT NULL REFERENCES assessment_frameworks(id),
    scale         TEXT NOT NULL,        -- e.g. 'Agreement'
    answer        TEXT NOT NULL,        -- e.g. 'Mostly agree', '61-80 %'
    score         REAL NOT NULL,
    position      INTEGER NOT NULL,     -- order of answers within the scale
    UNIQUE (framework_id, scale, answer)
);
CREATE INDEX answer_scores_by_framework ON answer_scores (framework_id, scale, position);
