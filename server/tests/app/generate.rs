//! `ldr generate` on a small England (3 footprints, 8 quarters): the same arguments store the
//! same rows (figures and their provenance included), every generated name says it is
//! synthetic, practices hang under their group, the figure tables hold what the domain says,
//! and every generated figure names its return and its approver.

use ldr_server::generate::{command, plan::Spec};
use sqlx::SqlitePool;
use tempfile::TempDir;

const SMALL: Spec = Spec { footprints: 3, quarters: 8, seed: 11 };

async fn generated(dir: &TempDir, name: &str, spec: Spec) -> SqlitePool {
    let path = dir.path().join(name);
    command::run(&path, spec).await.expect("generate");
    let pool = ldr_server::db::open(&path).await.unwrap();
    // A new file is written as a bulk load, then left as every server database is.
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&pool).await.unwrap();
    assert_eq!(mode, "wal");
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&pool).await.unwrap();
    assert_eq!(integrity, "ok");
    pool
}

/// Every row of the tables the generator writes, as text, in a stable order (the password
/// hash left out: it is a hash of a random password, by design). Figure tables are dumped
/// whole, provenance included, for the rows that came from a return (the seed's own rows
/// record when they were loaded).
async fn dump(pool: &SqlitePool) -> Vec<String> {
    let mut rows = Vec::new();
    for (table, columns) in [
        ("footprints", "code, name, region, synthetic"),
        ("organisations", "code, footprint_id, parent_id, code_type, name, short_name, kind, member_count, position"),
        ("users", "username, display_name, role, organisation_id, footprint_id, active, created_at"),
        ("reporting_periods", "code, financial_year, quarter, starts_on, ends_on"),
    ] {
        let sql = format!("SELECT {table}, {columns} FROM (SELECT '{table}' AS {table}, * FROM {table}) ORDER BY 2, 3");
        let found: Vec<(String,)> = sqlx::query_as(&format!("SELECT json_array({columns}) FROM ({sql})")).fetch_all(pool).await.unwrap();
        rows.extend(found.into_iter().map(|(r,)| format!("{table} {r}")));
    }
    for (table, filter) in [
        ("returns", ""),
        ("return_sections", ""),
        ("return_decisions", ""),
        ("audit_log", "WHERE footprint_id IN (SELECT id FROM footprints WHERE synthetic = TRUE)"),
        ("period_windows", ""),
        ("dma_scores", "WHERE return_id IS NOT NULL"),
        ("aim_progress", "WHERE return_id IS NOT NULL"),
        ("aim_goals", ""),
        ("capability_trajectories", "WHERE return_id IS NOT NULL"),
        ("measure_values", "WHERE return_id IS NOT NULL"),
        ("deployments", ""),
        ("deployment_versions", "WHERE return_id IS NOT NULL"),
    ] {
        let columns: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info(?) ORDER BY cid").bind(table).fetch_all(pool).await.unwrap();
        let columns = columns.join(", ");
        let sql = format!("SELECT json_array({columns}) FROM {table} {filter} ORDER BY {columns}");
        let found: Vec<(String,)> = sqlx::query_as(&sql).fetch_all(pool).await.unwrap();
        rows.extend(found.into_iter().map(|(r,)| format!("{table} {r}")));
    }
    rows
}

async fn count(pool: &SqlitePool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[tokio::test]
async fn the_same_arguments_generate_the_same_rows_and_another_seed_does_not() {
    let dir = TempDir::new().unwrap();
    let a = dump(&generated(&dir, "a.sqlite", SMALL).await).await;
    let b = dump(&generated(&dir, "b.sqlite", SMALL).await).await;
    assert!(a.len() > 30_000, "{} rows", a.len());
    assert!(a.iter().any(|r| r.starts_with("measure_values ")) && a.iter().any(|r| r.starts_with("deployment_versions ")));
    assert_eq!(a, b);
    let c = dump(&generated(&dir, "c.sqlite", Spec { seed: 12, ..SMALL }).await).await;
    assert_ne!(a, c);
}

#[tokio::test]
async fn generated_footprints_are_marked_synthetic_by_flag_and_name_and_practices_sit_under_their_group() {
    let dir = TempDir::new().unwrap();
    let pool = generated(&dir, "g.sqlite", SMALL).await;
    let footprints: Vec<(String, String, bool, Option<String>)> =
        sqlx::query_as("SELECT code, name, synthetic, region FROM footprints ORDER BY code").fetch_all(&pool).await.unwrap();
    let synthetic: Vec<_> = footprints.iter().filter(|f| f.2).collect();
    assert_eq!(synthetic.len(), 3);
    assert!(synthetic.iter().all(|f| f.1.ends_with("(synthetic)") && f.3.is_some()), "{synthetic:?}");
    assert!(footprints.iter().any(|f| f.0 == "GLOS" && !f.2), "Gloucestershire is loaded and is not synthetic");
    let unnamed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM organisations o JOIN footprints f ON f.id = o.footprint_id WHERE f.synthetic = TRUE AND o.name NOT LIKE '%(synthetic)'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(unnamed, 0);
    let groups: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT g.member_count, (SELECT COUNT(*) FROM organisations p WHERE p.parent_id = g.id)
         FROM organisations g JOIN footprints f ON f.id = g.footprint_id
         WHERE f.synthetic = TRUE AND g.kind = 'primary_care' AND g.parent_id IS NULL",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(groups.len(), 3);
    assert!(groups.iter().all(|(members, practices)| members == practices && *practices >= 80), "{groups:?}");
}

#[tokio::test]
async fn generating_twice_into_one_database_is_refused_and_changes_nothing() {
    let dir = TempDir::new().unwrap();
    let pool = generated(&dir, "twice.sqlite", SMALL).await;
    let before = dump(&pool).await;
    let err = command::run(&dir.path().join("twice.sqlite"), SMALL).await.err().expect("refused");
    assert!(err.to_string().contains("already holds generated footprints"), "{err}");
    assert_eq!(dump(&pool).await, before);
}

#[tokio::test]
async fn the_figure_tables_hold_what_the_domain_says_for_three_footprints_and_eight_quarters() {
    let dir = TempDir::new().unwrap();
    let pool = generated(&dir, "d.sqlite", SMALL).await;
    let plans = ldr_server::generate::plan::england(SMALL);
    let bodies: i64 = plans.iter().map(|f| 1 + f.organisations.iter().filter(|o| o.parent.is_none()).count() as i64).sum();
    let practices: i64 = plans.iter().map(|f| f.organisations.iter().filter(|o| o.parent.is_some()).count() as i64).sum();
    let q = i64::from(SMALL.quarters);
    // A return per body without a parent, and the footprint's own, every quarter.
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM returns WHERE state = 'approved'").await, bodies * q);
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM period_windows").await, 3 * q);
    // Every practice reports the eleven primary-care measures every quarter.
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM measure_values WHERE return_id IS NOT NULL").await, practices * 11 * q);
    // Some returns were returned once, some were late; every one was approved once.
    let returned = count(&pool, "SELECT COUNT(*) FROM return_decisions WHERE decision = 'returned'").await;
    let late = count(
        &pool,
        "SELECT COUNT(*) FROM returns r JOIN period_windows w ON w.footprint_id = r.footprint_id AND w.period_id = r.period_id
         WHERE substr(r.submitted_at, 1, 10) > w.deadline",
    )
    .await;
    assert!((1..=bodies * q / 5).contains(&returned), "returned {returned} of {}", bodies * q);
    assert!((1..=bodies * q / 4).contains(&late), "late {late} of {}", bodies * q);
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM return_decisions WHERE decision = 'approved'").await, bodies * q);
    // The DMA once a year (two Q2s) by trusts and councils on the 2016 framework (14 themes),
    // about one in thirty not assessed.
    let dma = count(&pool, "SELECT COUNT(*) FROM dma_scores WHERE return_id IS NOT NULL").await;
    let unscored = count(&pool, "SELECT COUNT(*) FROM dma_scores WHERE return_id IS NOT NULL AND score IS NULL").await;
    assert!((2 * 10 * 14..=2 * 40 * 14).contains(&dma), "{dma} DMA rows");
    assert!(unscored > 0 && unscored * 10 < dma, "{unscored} of {dma} not assessed");
    // Aims every quarter for each footprint (some start late), goals for some.
    let aims = count(&pool, "SELECT COUNT(*) FROM aim_progress WHERE return_id IS NOT NULL AND organisation_id IS NULL").await;
    assert!((3 * q * 15..=3 * q * 25).contains(&aims), "{aims} aim rows");
    assert!(
        count(&pool, "SELECT COUNT(*) FROM aim_goals g JOIN aim_progress a ON a.id = g.aim_progress_id WHERE a.return_id IS NOT NULL")
            .await
            > 0
    );
    // Trajectories planned in Q1 for the year and the next two; deployments move forward.
    let plans_rows = count(&pool, "SELECT COUNT(*) FROM capability_trajectories WHERE return_id IS NOT NULL").await;
    assert!(plans_rows > 100, "{plans_rows} trajectory rows");
    for status in ["aspirational", "committed", "active"] {
        let n =
            count(&pool, &format!("SELECT COUNT(*) FROM deployment_versions WHERE return_id IS NOT NULL AND status = '{status}'")).await;
        assert!(n > 0, "no {status} deployments");
    }
    let versions = count(&pool, "SELECT COUNT(*) FROM deployment_versions WHERE return_id IS NOT NULL").await;
    assert!(
        versions <= 3 * count(&pool, "SELECT COUNT(*) FROM deployments WHERE seed_key IS NULL").await,
        "a version only when the stage changes"
    );
}

#[tokio::test]
async fn every_generated_figure_names_its_return_who_entered_it_and_the_steering_group_member_who_approved_it() {
    let dir = TempDir::new().unwrap();
    let pool = generated(&dir, "p.sqlite", SMALL).await;
    let by_org = |table: &str| {
        format!(
            "SELECT COUNT(*) FROM {table} x JOIN organisations o ON o.id = x.organisation_id JOIN footprints f ON f.id = o.footprint_id
             LEFT JOIN returns r ON r.id = x.return_id LEFT JOIN users a ON a.id = x.approved_by LEFT JOIN users e ON e.id = x.recorded_by
             WHERE f.synthetic = TRUE AND (r.id IS NULL OR r.footprint_id <> f.id OR a.role IS NOT 'steering' OR x.approved_at IS NULL
                   OR e.role NOT IN ('cio', 'pmo') OR e.footprint_id IS NOT f.id AND e.organisation_id IS NULL)"
        )
    };
    for table in ["dma_scores", "capability_trajectories", "measure_values", "aim_progress"] {
        let sql = if table == "aim_progress" {
            by_org(table).replace(
                "JOIN organisations o ON o.id = x.organisation_id JOIN footprints f ON f.id = o.footprint_id",
                "JOIN footprints f ON f.id = x.footprint_id",
            )
        } else {
            by_org(table)
        };
        assert_eq!(count(&pool, &sql).await, 0, "{table}: a generated figure without its return or approver");
    }
    let deployments = count(
        &pool,
        "SELECT COUNT(*) FROM deployment_versions v JOIN deployments d ON d.id = v.deployment_id JOIN organisations o ON o.id = d.organisation_id
         JOIN footprints f ON f.id = o.footprint_id LEFT JOIN users a ON a.id = v.approved_by
         WHERE f.synthetic = TRUE AND (v.return_id IS NULL OR a.role IS NOT 'steering' OR v.recorded_by IS NULL)",
    )
    .await;
    assert_eq!(deployments, 0);
    let figures = count(&pool, "SELECT COUNT(*) FROM measure_values WHERE return_id IS NOT NULL").await;
    assert!(figures > 0);
}
