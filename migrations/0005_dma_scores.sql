-- DMA scores and the benchmarks they are judged against.
-- A score is organisation x theme x period; NULL means "not assessed", which is different
-- from a score of 0 (2gether's Medicines Management is a real 0).
-- Provenance: every figure says where it came from and who recorded and approved it.
-- Seeded figures have source text and no user; returns (a later migration) will add the link
-- to the return revision they came from.
CREATE TABLE dma_scores (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    theme_id        INTEGER NOT NULL REFERENCES themes(id),
    period_id       INTEGER NOT NULL REFERENCES reporting_periods(id),
    score           REAL,
    source          TEXT NOT NULL,
    recorded_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
    recorded_by     INTEGER REFERENCES users(id),
    approved_at     TEXT,
    approved_by     INTEGER REFERENCES users(id),
    UNIQUE (organisation_id, theme_id, period_id)
);
-- The footprint heatmap reads one period for many organisations.
CREATE INDEX dma_scores_by_period ON dma_scores (period_id, organisation_id);

-- Peer groups: a benchmark is the average of a peer group ("all NHS trusts", "all councils",
-- later "acute trusts"), and each organisation is compared with the most specific peer group
-- that contains its kind and has a figure.
CREATE TABLE peer_groups (
    id    INTEGER PRIMARY KEY,
    code  TEXT NOT NULL UNIQUE,
    name  TEXT NOT NULL
);

CREATE TABLE peer_group_kinds (
    peer_group_id INTEGER NOT NULL REFERENCES peer_groups(id),
    kind          TEXT NOT NULL REFERENCES organisation_kinds(code),
    PRIMARY KEY (peer_group_id, kind)
);

CREATE TABLE dma_benchmarks (
    id            INTEGER PRIMARY KEY,
    theme_id      INTEGER NOT NULL REFERENCES themes(id),
    period_id     INTEGER NOT NULL REFERENCES reporting_periods(id),
    peer_group_id INTEGER NOT NULL REFERENCES peer_groups(id),
    value         REAL NOT NULL,
    source        TEXT NOT NULL,
    UNIQUE (theme_id, period_id, peer_group_id)
);
CREATE INDEX dma_benchmarks_by_period ON dma_benchmarks (period_id);
