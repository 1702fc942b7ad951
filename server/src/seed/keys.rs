//! Finding rows by their natural keys (codes), with an error that names the seed field
//! that referred to a row that does not exist.

use sqlx::SqliteConnection;

use super::reader::{Row, SeedError};

/// The id of a row by its natural key, or an error naming the field that referred to it.
pub async fn lookup<T>(conn: &mut SqliteConnection, row: &Row<T>, field: &str, sql: &str, key: &str) -> Result<i64, SeedError> {
    sqlx::query_scalar(sql).bind(key).fetch_optional(conn).await?.ok_or_else(|| row.fail(field, format!("'{key}' does not exist")))
}

pub const FOOTPRINT: &str = "SELECT id FROM footprints WHERE code = ?";
pub const ORGANISATION: &str = "SELECT id FROM organisations WHERE code = ?";
pub const PERIOD: &str = "SELECT id FROM reporting_periods WHERE code = ?";
pub const FRAMEWORK: &str = "SELECT id FROM assessment_frameworks WHERE code = ?";
pub const AIM: &str = "SELECT id FROM aims WHERE code = ?";
pub const PEER_GROUP: &str = "SELECT id FROM peer_groups WHERE code = ?";
pub const MEASURE: &str = "SELECT id FROM measures WHERE code = ?";
