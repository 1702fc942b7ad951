-- Reporting periods: NHS financial years run April to March, returns are quarterly.
-- A financial year is stored as the calendar year it starts in (2016 = 2016/17), so that
-- years compare and sort as integers; the label is derived in the domain type.
CREATE TABLE reporting_periods (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,            -- '2016-17-q1', used in URLs
    financial_year  INTEGER NOT NULL CHECK (financial_year BETWEEN 2000 AND 2100),
    quarter         INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    starts_on       TEXT NOT NULL,                   -- YYYY-MM-DD
    ends_on         TEXT NOT NULL,
    UNIQUE (financial_year, quarter),
    CHECK (starts_on < ends_on)
);
