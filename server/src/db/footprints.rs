//! Footprints.

use sqlx::SqlitePool;

use ldr_app::domain::FootprintId;
use ldr_app::facts::FootprintSummary;

#[derive(Debug, Clone, serde::Serialize)]
pub struct Footprint {
    pub id: FootprintId,
    pub summary: FootprintSummary,
    /// Made by `ldr generate`: its pages say the data is synthetic.
    pub synthetic: bool,
}

#[derive(sqlx::FromRow)]
struct FootprintRow {
    id: i64,
    code: String,
    name: String,
    synthetic: bool,
}

impl From<FootprintRow> for Footprint {
    fn from(r: FootprintRow) -> Self {
        Footprint { id: FootprintId(r.id), summary: FootprintSummary { code: r.code, name: r.name }, synthetic: r.synthetic }
    }
}

const COLUMNS: &str = "SELECT id, code, name, synthetic FROM footprints";

pub async fn by_id(pool: &SqlitePool, id: FootprintId) -> Result<Option<Footprint>, sqlx::Error> {
    let row: Option<FootprintRow> = sqlx::query_as(&format!("{COLUMNS} WHERE id = ?")).bind(id.0).fetch_optional(pool).await?;
    Ok(row.map(Footprint::from))
}

/// The first footprint by code: where a reviewer, who belongs to none, lands.
pub async fn first(pool: &SqlitePool) -> Result<Option<Footprint>, sqlx::Error> {
    let row: Option<FootprintRow> = sqlx::query_as(&format!("{COLUMNS} ORDER BY code LIMIT 1")).fetch_optional(pool).await?;
    Ok(row.map(Footprint::from))
}

pub async fn by_code(pool: &SqlitePool, code: &str) -> Result<Option<Footprint>, sqlx::Error> {
    let row: Option<FootprintRow> = sqlx::query_as(&format!("{COLUMNS} WHERE code = ?")).bind(code).fetch_optional(pool).await?;
    Ok(row.map(Footprint::from))
}

/// Every footprint by name, for the picker of a reader who may see them all.
pub async fn all(pool: &SqlitePool) -> Result<Vec<FootprintSummary>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT code, name FROM footprints ORDER BY name, code").fetch_all(pool).await?;
    Ok(rows.into_iter().map(|(code, name)| FootprintSummary { code, name }).collect())
}

/// When a move in a returned figure is flagged, as a percentage of the figure's scale.
pub async fn large_change_percent(pool: &SqlitePool, id: FootprintId) -> Result<f64, sqlx::Error> {
    sqlx::query_scalar("SELECT large_change_percent FROM footprints WHERE id = ?").bind(id.0).fetch_one(pool).await
}

pub async fn count(pool: &SqlitePool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM footprints").fetch_one(pool).await
}
