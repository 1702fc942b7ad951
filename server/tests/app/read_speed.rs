//! Request-path reads are fast by construction: their query plans walk indexes (issue 10,
//! "Speed"). Each test asks SQLite for the plan (`EXPLAIN QUERY PLAN`) on a seeded database
//! and fails if a statement scans a figure table or the audit log whole, or sorts the log.
//! Nothing here is timed.

use ldr_app::domain::{FootprintId, OrgId, PeriodCode};
use ldr_server::db::audit_log;
use ldr_server::db::national;
use ldr_server::db::provenance::{as_at, as_at_everywhere, Scope, AIM_PROGRESS, DMA_SCORES, FIGURE_TABLES};
use sqlx::SqlitePool;

use crate::support::spawn_app;

/// The plan's lines (`detail` column), each bind given 1.
async fn plan(pool: &SqlitePool, sql: &str) -> Vec<String> {
    let binds = sql.matches('?').count();
    let explain = format!("EXPLAIN QUERY PLAN {sql}");
    let mut query = sqlx::query_as::<_, (i64, i64, i64, String)>(&explain);
    for _ in 0..binds {
        query = query.bind(1_i64);
    }
    query.fetch_all(pool).await.expect("a plan").into_iter().map(|(_, _, _, detail)| detail).collect()
}

/// A line that reads `table` aliased `alias` whole: `SCAN alias` (with or without an index,
/// since a scan of an index is as long as the table).
fn scans(lines: &[String], alias: &str) -> bool {
    lines.iter().any(|l| l == &format!("SCAN {alias}") || l.starts_with(&format!("SCAN {alias} ")))
}

#[tokio::test]
async fn figures_as_at_a_quarter_are_an_index_seek_per_figure_not_a_ranking_of_history() {
    let app = spawn_app().await;
    let period: PeriodCode = "2016-17-q2".parse().unwrap();
    for table in FIGURE_TABLES {
        let scope = match table.name() {
            "dma_benchmarks" => Scope::Framework(1),
            "measure_benchmarks" => Scope::National,
            "aim_progress" => Scope::FootprintOwn(FootprintId(1)),
            "deployment_versions" => Scope::OrganisationDeployments(OrgId(1)),
            _ => Scope::Organisation(OrgId(1)),
        };
        let lines = plan(&app.pool, &format!("SELECT * FROM {} x", as_at(table, scope, period))).await;
        let name = table.name();
        let index = format!("{name}_as_at");
        assert!(
            lines.iter().any(|l| l.starts_with("SEARCH g") && l.contains(&index)),
            "{name}: the latest row is a seek on {index}: {lines:#?}"
        );
        assert!(!scans(&lines, "g"), "{name}: no scan per figure: {lines:#?}");
        assert!(!lines.iter().any(|l| l.contains("TEMP B-TREE")), "{name}: nothing sorted: {lines:#?}");
        if scope != Scope::National {
            assert!(!scans(&lines, "f"), "{name}: the scope is a range of an index: {lines:#?}");
        }
    }
}

#[tokio::test]
async fn the_audit_page_reads_each_visible_branch_newest_first_by_index_with_a_limit() {
    let app = spawn_app().await;
    let lines = plan(&app.pool, &audit_log::page_sql()).await;
    assert!(!scans(&lines, "a"), "no scan of the log: {lines:#?}");
    let searches = lines.iter().filter(|l| l.starts_with("SEARCH a USING COVERING INDEX audit_log_visible")).count();
    assert_eq!(searches, 2, "both branches walk the covering index: {lines:#?}");
    // SQLite merges the branches; the sorts it plans are of the at most 51 ids each branch
    // kept (`SCAN own`, `SCAN national`), never of rows read from the log.
    for (i, line) in lines.iter().enumerate().filter(|(_, l)| l.contains("TEMP B-TREE")) {
        let source = lines[..i].iter().rev().find(|l| l.starts_with("SCAN ") || l.starts_with("SEARCH a USING COVERING"));
        assert!(
            matches!(source.map(String::as_str), Some("SCAN own" | "SCAN national")),
            "the sort at line {i} is of a branch's kept ids, not the log: {line}\n{lines:#?}"
        );
    }
}

#[tokio::test]
async fn the_audit_filter_lists_read_small_distinct_sets_not_the_log() {
    let app = spawn_app().await;
    for sql in [audit_log::PEOPLE_SQL.to_string(), audit_log::periods_sql(), audit_log::kinds_sql()] {
        let lines = plan(&app.pool, &sql).await;
        assert!(!scans(&lines, "a"), "no scan of the log: {sql}\n{lines:#?}");
    }
}

#[tokio::test]
async fn the_footprints_people_are_found_once_per_statement_not_once_per_account() {
    let app = spawn_app().await;
    for sql in [audit_log::page_sql(), audit_log::PEOPLE_SQL.to_string(), audit_log::periods_sql(), audit_log::kinds_sql()] {
        let lines = plan(&app.pool, &sql).await;
        // A correlated list is rebuilt for every row it is tested against: the footprint's
        // organisations once per account took 23 ms at England's size.
        assert!(!lines.iter().any(|l| l.contains("CORRELATED LIST SUBQUERY")), "{sql}\n{lines:#?}");
    }
}

#[tokio::test]
async fn the_national_read_finds_the_same_rows_as_the_footprint_pages_in_one_pass() {
    let app = spawn_app().await;
    app.generate(2, 8, 5).await;
    for period in ["2016-17-q1", "2016-17-q3", "2017-18-q2", "2017-18-q4"] {
        let period: PeriodCode = period.parse().unwrap();
        for (table, scope) in [(AIM_PROGRESS, Scope::National), (DMA_SCORES, Scope::Framework(1))] {
            let rows = |from: String| format!("SELECT x.id, x.as_at_key FROM {from} x ORDER BY x.id");
            let by_seek: Vec<(i64, i64)> = sqlx::query_as(&rows(as_at(table, scope, period))).fetch_all(&app.pool).await.unwrap();
            let in_one_pass: Vec<(i64, i64)> =
                sqlx::query_as(&rows(as_at_everywhere(table, scope, period))).fetch_all(&app.pool).await.unwrap();
            assert!(!by_seek.is_empty(), "{} {period}: figures to compare", table.name());
            assert_eq!(by_seek, in_one_pass, "{} {period}", table.name());
            let lines = plan(&app.pool, &rows(as_at_everywhere(table, scope, period))).await;
            assert!(lines.iter().any(|l| l.contains(&format!("{}_as_at", table.name()))), "{lines:#?}");
        }
    }
}

#[tokio::test]
async fn the_open_quarters_returns_are_read_from_the_open_windows() {
    let app = spawn_app().await;
    let lines = plan(&app.pool, national::OPEN_RETURN_STATES_SQL).await;
    // Every quarter's returns would be walked starting from them (83 ms at England's size).
    assert!(lines.first().is_some_and(|l| l.starts_with("SCAN w")), "from the open windows: {lines:#?}");
    assert!(!scans(&lines, "r"), "{lines:#?}");
}

#[tokio::test]
async fn the_period_selector_probes_each_quarter_instead_of_reading_every_figure() {
    let app = spawn_app().await;
    let lines = plan(&app.pool, ldr_server::db::periods::WITH_FIGURES).await;
    for alias in ["g", "s", "v"] {
        assert!(!scans(&lines, alias), "no scan of {alias}: {lines:#?}");
    }
    assert!(!lines.iter().any(|l| l.contains("UNION")), "no union of every figure's quarter: {lines:#?}");
}
