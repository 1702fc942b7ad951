//! The few reads only the JSON API needs beside the pages' named queries: every footprint
//! with its id (to ask the policy of each), and a framework by its code (the `framework` filter).

use sqlx::SqlitePool;

use super::footprints::Footprint;
use ldr_app::domain::FootprintId;
use ldr_app::facts::FootprintSummary;

/// Every footprint, by code.
pub async fn footprints(pool: &SqlitePool) -> Result<Vec<Footprint>, sqlx::Error> {
    let rows: Vec<(i64, String, String, bool)> =
        sqlx::query_as("SELECT id, code, name, synthetic FROM footprints ORDER BY code").fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|(id, code, name, synthetic)| Footprint { id: FootprintId(id), summary: FootprintSummary { code, name }, synthetic })
        .collect())
}

/// The name of the framework with this code, if there is one.
pub async fn framework_name(pool: &SqlitePool, code: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM assessment_frameworks WHERE code = ?").bind(code).fetch_optional(pool).await
}
