//! Reviewers' links to one frozen report version (migration 0029): created and revoked by
//! the PMO, each write with its audit entry in the caller's transaction. The token that
//! carries a link is signed in `routes/reports/links.rs`; this is only the stored side.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use sqlx::{SqliteConnection, SqlitePool};

use ldr_app::domain::UserId;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportLink {
    pub id: i64,
    pub version_id: i64,
    /// The last day it opens (UTC).
    pub expires_on: NaiveDate,
    pub note: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub revoked_by: Option<String>,
    pub revoked_at: Option<NaiveDateTime>,
}

type Row = (i64, i64, NaiveDate, String, String, NaiveDateTime, Option<String>, Option<NaiveDateTime>);

const SELECT: &str = "SELECT l.id, l.report_version_id, l.expires_on, l.note, c.display_name, l.created_at, r.display_name, l.revoked_at
    FROM report_links l JOIN users c ON c.id = l.created_by LEFT JOIN users r ON r.id = l.revoked_by";

fn decode(r: Row) -> ReportLink {
    ReportLink { id: r.0, version_id: r.1, expires_on: r.2, note: r.3, created_by: r.4, created_at: r.5, revoked_by: r.6, revoked_at: r.7 }
}

pub async fn by_id(pool: &SqlitePool, id: i64) -> Result<Option<ReportLink>, sqlx::Error> {
    let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE l.id = ?")).bind(id).fetch_optional(pool).await?;
    Ok(row.map(decode))
}

/// A version's links, newest first.
pub async fn for_version(pool: &SqlitePool, version_id: i64) -> Result<Vec<ReportLink>, sqlx::Error> {
    let rows: Vec<Row> =
        sqlx::query_as(&format!("{SELECT} WHERE l.report_version_id = ? ORDER BY l.id DESC")).bind(version_id).fetch_all(pool).await?;
    Ok(rows.into_iter().map(decode).collect())
}

pub async fn create(
    conn: &mut SqliteConnection,
    version_id: i64,
    expires_on: NaiveDate,
    note: &str,
    by: UserId,
    at: NaiveDateTime,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO report_links (report_version_id, expires_on, note, created_by, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(version_id)
    .bind(expires_on)
    .bind(note)
    .bind(by.0)
    .bind(at)
    .fetch_one(&mut *conn)
    .await
}

/// Revokes a link of the given version; false when it was already revoked or is another's.
pub async fn revoke(conn: &mut SqliteConnection, id: i64, version_id: i64, by: UserId, at: NaiveDateTime) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE report_links SET revoked_by = ?, revoked_at = ? WHERE id = ? AND report_version_id = ? AND revoked_at IS NULL")
            .bind(by.0)
            .bind(at)
            .bind(id)
            .bind(version_id)
            .execute(&mut *conn)
            .await?;
    Ok(done.rows_affected() == 1)
}
