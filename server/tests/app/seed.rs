//! The seed: every figure loads, a bad file is refused whole with a message naming it, and
//! loading twice changes nothing.

use std::path::Path;

use ldr_server::db;
use ldr_server::seed::{self, SeedSet, FILES};
use tempfile::TempDir;

use crate::support::repo_root;

/// A copy of the seed folder with one text replaced in one file.
fn seed_copy_with(file: &str, from: &str, to: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    for name in FILES {
        std::fs::copy(repo_root().join("seed").join(name), dir.path().join(name)).unwrap();
    }
    let path = dir.path().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} should contain {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    dir
}

async fn fresh_pool(dir: &Path) -> sqlx::SqlitePool {
    db::open(&dir.join("ldr.sqlite")).await.unwrap()
}

async fn count(pool: &sqlx::SqlitePool, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(pool).await.unwrap()
}

#[tokio::test]
async fn the_seed_holds_every_table_of_the_roadmap() {
    let dir = TempDir::new().unwrap();
    let pool = fresh_pool(dir.path()).await;
    seed::load(&pool, &SeedSet::embedded()).await.unwrap();
    let expected = [
        ("organisations", 7),
        ("themes", 14 + 7),         // DMA 2016 and the WGLL pillars
        ("dma_scores", 5 * 14),     // five assessed organisations, blanks kept as NULL
        ("dma_benchmarks", 14 + 2), // trusts' national average, and two council averages
        ("universal_capabilities", 10),
        ("aims", 25),
        ("aim_progress", 25),
        ("aim_goals", 3),
        ("reporting_periods", 16),
        ("answer_scores", 5 + 6 + 3 + 7), // agreement, percentage bands, structure, NHS number uptake
    ];
    for (table, n) in expected {
        assert_eq!(count(&pool, table).await, n, "{table}");
    }
    let blanks: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM dma_scores WHERE score IS NULL").fetch_one(&pool).await.unwrap();
    assert_eq!(blanks, 3, "GCC's three blanks are 'not assessed', not zero");
    let zero: f64 = sqlx::query_scalar(
        "SELECT s.score FROM dma_scores s JOIN organisations o ON o.id = s.organisation_id JOIN themes t ON t.id = s.theme_id
         WHERE o.code = 'RTQ' AND t.code = 'medicines'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(zero, 0.0, "2gether's medicines management is a real 0");
    for table in ["gaps", "initiatives", "infrastructure_workstreams", "risks", "deployment_versions", "measure_values"] {
        assert!(count(&pool, table).await > 0, "{table} is seeded");
    }
}

#[tokio::test]
async fn loading_the_seed_twice_leaves_the_same_data() {
    let dir = TempDir::new().unwrap();
    let pool = fresh_pool(dir.path()).await;
    seed::load(&pool, &SeedSet::embedded()).await.unwrap();
    let tables = [
        "organisations",
        "dma_scores",
        "dma_benchmarks",
        "aims",
        "aim_progress",
        "aim_goals",
        "gaps",
        "measure_values",
        "deployments",
        "deployment_versions",
    ];
    let mut first = Vec::new();
    for t in tables {
        first.push(count(&pool, t).await);
    }
    seed::load(&pool, &SeedSet::embedded()).await.unwrap();
    for (t, n) in tables.iter().zip(first) {
        assert_eq!(count(&pool, t).await, n, "{t} after a second load");
    }
}

#[tokio::test]
async fn a_bad_seed_value_is_refused_naming_the_file_line_and_field_and_nothing_is_loaded() {
    // (file, text to replace, replacement, what the message must say)
    let cases = [
        (
            "dma_scores.csv",
            "2016-17-q1,RTE,DMA2016,records,12,",
            "2016-17-q1,RTE,DMA2016,records,120,",
            "dma_scores.csv, line 7, field `score`: 120 is above the scale maximum 100",
        ),
        (
            "dma_scores.csv",
            "2016-17-q1,RTE,DMA2016,records,12,",
            "2016-17-q1,RTE,DMA2016,records,twelve,",
            "field `score`: 'twelve' is not a number",
        ),
        (
            "dma_scores.csv",
            "2016-17-q1,RTE,DMA2016,records,12,",
            "2016-17-q1,RTE,DMA2016,recordz,12,",
            "field `theme`: 'recordz' is not a theme of DMA2016",
        ),
        (
            "organisations.csv",
            "RTE,ods,Gloucestershire Hospitals NHS Foundation Trust,GHFT,acute",
            "RTE,ods,Gloucestershire Hospitals NHS Foundation Trust,GHFT,hospital",
            "organisations.csv, line 3, field `kind`: unknown organisation kind 'hospital'",
        ),
        (
            "aim_progress.csv",
            "GLOS,2016-17-q1,9d,83,",
            "GLOS,2016-17-q1,9d,183,",
            "field `completeness`: 183 is above the scale maximum 100",
        ),
        ("aim_progress.csv", "GLOS,2016-17-q1,9d,83,", "GLOS,2016-17-q1,9d,83,purple", "field `rag`: 'purple' is not a RAG status"),
        ("periods.csv", "2016-17-q1,2016,1,2016-04-01", "2016-17-q1,2016,1,2016-04-02", "periods.csv, line 2, field `starts_on`"),
        (
            "measure_values.csv",
            "nhs-number,2016-17-q1,RTE,,100,",
            "nhs-number,2016-17-q1,RTX,,100,",
            "field `organisation`: 'RTX' does not exist",
        ),
        ("deployments.csv", ",active,", ",underway,", "field `status`: 'underway' must be active, committed or aspirational"),
    ];
    for (file, from, to, message) in cases {
        let seed_dir = seed_copy_with(file, from, to);
        let db_dir = TempDir::new().unwrap();
        let pool = fresh_pool(db_dir.path()).await;
        let set = SeedSet::from_dir(seed_dir.path()).unwrap();
        let err = seed::load(&pool, &set).await.expect_err(message).to_string();
        assert!(err.contains(message), "expected «{message}», got «{err}»");
        assert!(err.contains(file), "the message names {file}: {err}");
        assert_eq!(count(&pool, "footprints").await, 0, "{file}: all or nothing, nothing was loaded");
    }
}
