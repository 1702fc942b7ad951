-- The quarters an assessment framework is in force, so a return asks for the framework of its
-- quarter: the 2016 DMA from 2015/16 Q1 until What Good Looks Like took over in 2024/25 Q1 (a
-- CCG's 2016/17 return asked for WGLL, which did not exist yet). Period codes like
-- '2015-16-q1', both ends included; they need not be reporting periods, since a framework can
-- start before the first quarter a footprint reports. NULL from: since before any recorded
-- quarter; NULL to: still in force. Kept on the framework, not per kind, because an edition of a
-- national assessment starts and ends for everyone who takes it. The seed fills them
-- (seed/frameworks.csv); a database seeded before this migration gets them from `ldr seed`.
ALTER TABLE assessment_frameworks ADD COLUMN in_force_from TEXT
    CHECK (in_force_from IS NULL OR in_force_from LIKE '____-__-q_');
ALTER TABLE assessment_frameworks ADD COLUMN in_force_to TEXT
    CHECK (in_force_to IS NULL OR (in_force_to LIKE '____-__-q_' AND (in_force_from IS NULL OR in_force_to >= in_force_from)));
