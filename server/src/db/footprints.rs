//! Footprints.

use sqlx::SqlitePool;

use ldr_app::domain::FootprintId;
use ldr_app::facts::FootprintSummary;

#[derive(Debug, Clone, serde::Serialize)]
pub struct Footprint {
    pub id: FootprintId,
    pub summary: FootprintSummary,
}

pub async fn by_id(pool: &SqlitePool, id: FootprintId) -> Result<Option<Footprint>, sqlx::Error> {
    let row: Option<(i64, String, String)> =
        sqlx::query_as("SELECT id, code, name FROM footprints WHERE id = ?").bind(id.0).fetch_optional(pool).await?;
    Ok(row.map(|(id, code, name)| Footprint { id: FootprintId(id), summary: FootprintSummary { code, name } }))
}

/// The first footprint by code: where a reviewer, who belongs to none, lands.
pub async fn first(pool: &SqlitePool) -> Result<Option<Footprint>, sqlx::Error> {
    let row: Option<(i64, String, String)> =
        sqlx::query_as("SELECT id, code, name FROM footprints ORDER BY code LIMIT 1").fetch_optional(pool).await?;
    Ok(row.map(|(id, code, name)| Footprint { id: FootprintId(id), summary: FootprintSummary { code, name } }))
}

pub async fn by_code(pool: &SqlitePool, code: &str) -> Result<Option<Footprint>, sqlx::Error> {
    let row: Option<(i64, String, String)> =
        sqlx::query_as("SELECT id, code, name FROM footprints WHERE code = ?").bind(code).fetch_optional(pool).await?;
    Ok(row.map(|(id, code, name)| Footprint { id: FootprintId(id), summary: FootprintSummary { code, name } }))
}

/// When a move in a returned figure is flagged, as a percentage of the figure's scale.
pub async fn large_change_percent(pool: &SqlitePool, id: FootprintId) -> Result<f64, sqlx::Error> {
    sqlx::query_scalar("SELECT large_change_percent FROM footprints WHERE id = ?").bind(id.0).fetch_one(pool).await
}

pub async fn count(pool: &SqlitePool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM footprints").fetch_one(pool).await
}

/// Whether the footprint with this code was made by `ldr generate` (None: no such footprint).
pub async fn is_synthetic(pool: &SqlitePool, code: &str) -> Result<Option<bool>, sqlx::Error> {
    sqlx::query_scalar("SELECT synthetic FROM footprints WHERE code = ?").bind(code).fetch_optional(pool).await
}
