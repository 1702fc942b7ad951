//! `ldr generate` on a small England (3 footprints): the same arguments store the same rows,
//! every generated name says it is synthetic, and practices hang under their group.

use ldr_server::generate::{command, plan::Spec};
use sqlx::SqlitePool;
use tempfile::TempDir;

const SMALL: Spec = Spec { footprints: 3, quarters: 8, seed: 11 };

async fn generated(dir: &TempDir, name: &str, spec: Spec) -> SqlitePool {
    let path = dir.path().join(name);
    command::run(&path, spec).await.expect("generate");
    ldr_server::db::open(&path).await.unwrap()
}

/// Every row of the tables the generator writes, as text, in a stable order (the password
/// hash left out: it is a hash of a random password, by design).
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
    rows
}

#[tokio::test]
async fn the_same_arguments_generate_the_same_rows_and_another_seed_does_not() {
    let dir = TempDir::new().unwrap();
    let a = dump(&generated(&dir, "a.sqlite", SMALL).await).await;
    let b = dump(&generated(&dir, "b.sqlite", SMALL).await).await;
    assert!(a.len() > 300, "{} rows", a.len());
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
