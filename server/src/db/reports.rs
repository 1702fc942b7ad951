//! Frozen report versions (migration 0029): numbered per footprint and quarter, each with
//! the document it was made from, that document's SHA-256 and its PDF. Writes run in the
//! caller's `BEGIN IMMEDIATE` transaction with their audit entry; the triggers keep a
//! version frozen, endorsed once, and an endorsed one undeletable.

use chrono::NaiveDateTime;
use serde::Serialize;
use sqlx::{SqliteConnection, SqlitePool};

use super::audit::Entry;
use ldr_app::domain::{FootprintId, PeriodCode, PeriodId, UserId};

/// One version as `/reports` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VersionSummary {
    pub id: i64,
    pub footprint: FootprintId,
    pub period_id: PeriodId,
    pub period: PeriodCode,
    pub version: u32,
    pub sha256: String,
    pub generated_by: String,
    pub generated_at: NaiveDateTime,
    pub endorsed_by: Option<String>,
    pub endorsed_at: Option<NaiveDateTime>,
}

type Row = (i64, i64, i64, String, i64, String, String, NaiveDateTime, Option<String>, Option<NaiveDateTime>);

const SELECT: &str = "SELECT r.id, r.footprint_id, r.period_id, p.code, r.version, r.sha256, g.display_name, r.generated_at,
        e.display_name, r.endorsed_at
    FROM report_versions r JOIN reporting_periods p ON p.id = r.period_id JOIN users g ON g.id = r.generated_by
    LEFT JOIN users e ON e.id = r.endorsed_by";

fn decode(r: Row) -> Result<VersionSummary, sqlx::Error> {
    Ok(VersionSummary {
        id: r.0,
        footprint: FootprintId(r.1),
        period_id: PeriodId(r.2),
        period: r.3.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))?,
        version: u32::try_from(r.4).map_err(|e| sqlx::Error::Decode(e.into()))?,
        sha256: r.5,
        generated_by: r.6,
        generated_at: r.7,
        endorsed_by: r.8,
        endorsed_at: r.9,
    })
}

/// The footprint's versions, newest quarter first, newest version first within it.
pub async fn list(pool: &SqlitePool, footprint: FootprintId) -> Result<Vec<VersionSummary>, sqlx::Error> {
    let rows: Vec<Row> =
        sqlx::query_as(&format!("{SELECT} WHERE r.footprint_id = ? ORDER BY p.financial_year DESC, p.quarter DESC, r.version DESC"))
            .bind(footprint.0)
            .fetch_all(pool)
            .await?;
    rows.into_iter().map(decode).collect()
}

pub async fn summary(pool: &SqlitePool, id: i64) -> Result<Option<VersionSummary>, sqlx::Error> {
    let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE r.id = ?")).bind(id).fetch_optional(pool).await?;
    row.map(decode).transpose()
}

/// The frozen document's JSON, exactly as stored (its SHA-256 is of these bytes).
pub async fn document(pool: &SqlitePool, id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT document FROM report_versions WHERE id = ?").bind(id).fetch_optional(pool).await
}

pub async fn pdf(pool: &SqlitePool, id: i64) -> Result<Option<Vec<u8>>, sqlx::Error> {
    sqlx::query_scalar("SELECT pdf FROM report_versions WHERE id = ?").bind(id).fetch_optional(pool).await
}

/// What a new version holds.
pub struct NewVersion<'a> {
    pub footprint: FootprintId,
    pub period: PeriodId,
    pub version: u32,
    pub document: &'a str,
    pub sha256: &'a str,
    pub pdf: &'a [u8],
    pub by: UserId,
    pub at: NaiveDateTime,
}

/// The number the quarter's next version would take.
pub async fn next_version(pool: &SqlitePool, footprint: FootprintId, period: PeriodId) -> Result<u32, sqlx::Error> {
    let next: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) + 1 FROM report_versions WHERE footprint_id = ? AND period_id = ?")
            .bind(footprint.0)
            .bind(period.0)
            .fetch_one(pool)
            .await?;
    u32::try_from(next).map_err(|e| sqlx::Error::Decode(e.into()))
}

/// Stores a version under its number; None when that number was taken meanwhile (the
/// caller typesets again with the next one).
pub async fn insert(conn: &mut SqliteConnection, v: NewVersion<'_>) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO report_versions (footprint_id, period_id, version, document, sha256, pdf, generated_by, generated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (footprint_id, period_id, version) DO NOTHING RETURNING id",
    )
    .bind(v.footprint.0)
    .bind(v.period.0)
    .bind(i64::from(v.version))
    .bind(v.document)
    .bind(v.sha256)
    .bind(v.pdf)
    .bind(v.by.0)
    .bind(v.at)
    .fetch_optional(&mut *conn)
    .await
}

/// Marks a version endorsed; false when it already was (the first endorsement stands).
pub async fn endorse(conn: &mut SqliteConnection, id: i64, by: UserId, at: NaiveDateTime) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE report_versions SET endorsed_by = ?, endorsed_at = ? WHERE id = ? AND endorsed_at IS NULL")
        .bind(by.0)
        .bind(at)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes a version that is not endorsed (and its links); false when it is endorsed.
pub async fn delete_unendorsed(conn: &mut SqliteConnection, id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query("DELETE FROM report_links WHERE report_version_id = ? AND EXISTS (SELECT 1 FROM report_versions WHERE id = ? AND endorsed_at IS NULL)")
        .bind(id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    let done = sqlx::query("DELETE FROM report_versions WHERE id = ? AND endorsed_at IS NULL").bind(id).execute(&mut *conn).await?;
    Ok(done.rows_affected() == 1)
}

/// The audit entry of a change to a version or to one of its links (`entity` and its `id`),
/// filed under the version's footprint and quarter; the caller adds before or after.
pub fn audit_entry<'a>(action: &'a str, entity: &'a str, id: i64, version: &VersionSummary) -> Entry<'a> {
    Entry {
        action,
        entity,
        entity_id: Some(id.to_string()),
        footprint: Some(version.footprint),
        period: Some(version.period_id),
        ..Default::default()
    }
}

/// A version as the audit log records it.
pub fn described(version: &VersionSummary) -> serde_json::Value {
    serde_json::json!({ "period": version.period, "version": version.version, "sha256": version.sha256 })
}
