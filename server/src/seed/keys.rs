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

/// Replace the kinds of organisation a row applies to (`table` is a static name, such as
/// `aim_kinds`, whose `owner` column refers to the row).
pub async fn replace_kinds(
    conn: &mut SqliteConnection,
    table: &'static str,
    owner: &'static str,
    id: i64,
    kinds: &[ldr_app::domain::OrgKind],
) -> Result<(), sqlx::Error> {
    sqlx::query(&format!("DELETE FROM {table} WHERE {owner} = ?")).bind(id).execute(&mut *conn).await?;
    for kind in kinds {
        sqlx::query(&format!("INSERT INTO {table} ({owner}, kind) VALUES (?, ?)")).bind(id).bind(kind.code()).execute(&mut *conn).await?;
    }
    Ok(())
}

/// A framework's scale, as its row states it.
pub async fn framework_scale(conn: &mut SqliteConnection, framework: i64) -> Result<ldr_app::domain::Scale, sqlx::Error> {
    let (min, max, step): (f64, f64, f64) =
        sqlx::query_as("SELECT scale_min, scale_max, scale_step FROM assessment_frameworks WHERE id = ?")
            .bind(framework)
            .fetch_one(conn)
            .await?;
    Ok(ldr_app::domain::Scale { min, max, step })
}
