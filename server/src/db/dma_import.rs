//! The DMA import's queries: what a file is matched against (organisations by ODS code, the
//! framework's themes, the scores standing as at the quarter, in one query each), and the
//! `dma_imports` rows (migration 0031): a pending upload holding its file, then the record
//! of a confirmed import; and what a confirmed import changed, from what to what
//! (`dma_import_changes`, migration 0033).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use sqlx::{FromRow, SqliteConnection};

use super::dialect;
use super::provenance::{as_at, as_at_everywhere, Scope, DMA_SCORES};
use ldr_app::domain::{FootprintId, OrgId, OrgKind, PeriodCode, PeriodId, Scale, Score, ThemeId, UserId};
use ldr_app::import::{OrgRef, ThemeRef};

/// Pending uploads kept per person: a new one beyond this deletes their oldest.
const PENDING_PER_PERSON: i64 = 3;
/// A pending upload not confirmed within this many hours is deleted (by the next upload of
/// anybody's).
const PENDING_HOURS: i64 = 24;
/// Pending uploads kept for everyone together. The per-person bound alone grows with the
/// number of PMOs (3 files of up to 10 MB each, for every footprint: 1.3 GB for England's 44),
/// and every byte of a pending file sits in the database until it is confirmed or swept. A
/// preview is confirmed within minutes, so these are far above normal use (a few PMOs at once)
/// and only refuse a flood; then the refused person tries again later, as the form says.
pub const PENDING_FILES_MAX: i64 = 64;
/// The bytes of pending files kept for everyone together (see [`PENDING_FILES_MAX`]): at most
/// this plus one upload (10 MB) is ever held.
pub const PENDING_BYTES_MAX: i64 = 256 * 1024 * 1024;

/// A framework as the import needs it: its scale, and the kinds it assesses.
#[derive(Debug, Clone)]
pub struct ImportFramework {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub scale: Scale,
    pub kinds: Vec<OrgKind>,
}

pub async fn frameworks(conn: &mut SqliteConnection) -> Result<Vec<ImportFramework>, sqlx::Error> {
    type Row = (i64, String, String, f64, f64, f64, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT f.id, f.code, f.name, f.scale_min, f.scale_max, f.scale_step, k.kind
         FROM assessment_frameworks f LEFT JOIN framework_kinds k ON k.framework_id = f.id ORDER BY f.id, k.kind",
    )
    .fetch_all(conn)
    .await?;
    let mut out: Vec<ImportFramework> = Vec::new();
    for (id, code, name, min, max, step, kind) in rows {
        if out.last().is_none_or(|f| f.id != id) {
            out.push(ImportFramework { id, code, name, scale: Scale { min, max, step }, kinds: Vec::new() });
        }
        if let (Some(kind), Some(last)) = (kind, out.last_mut()) {
            last.kinds.push(kind.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))?);
        }
    }
    Ok(out)
}

/// Every organisation by its ODS code in upper case.
pub async fn organisations(conn: &mut SqliteConnection) -> Result<HashMap<String, OrgRef>, sqlx::Error> {
    let rows: Vec<(i64, String, String, i64, String)> =
        sqlx::query_as("SELECT id, code, name, footprint_id, kind FROM organisations").fetch_all(conn).await?;
    rows.into_iter()
        .map(|(id, code, name, footprint, kind)| {
            let kind = kind.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))?;
            Ok((code.to_uppercase(), OrgRef { id: OrgId(id), code, name, footprint: FootprintId(footprint), kind }))
        })
        .collect()
}

pub async fn themes(conn: &mut SqliteConnection, framework: i64) -> Result<Vec<ThemeRef>, sqlx::Error> {
    let rows: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, code, name FROM themes WHERE framework_id = ? ORDER BY group_id, position")
            .bind(framework)
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().map(|(id, code, name)| ThemeRef { id: ThemeId(id), code, name }).collect())
}

/// The score standing as at the quarter of each organisation and theme of the framework that
/// has one (`None`: recorded as not assessed), for one footprint's organisations or for all.
pub async fn current_scores(
    conn: &mut SqliteConnection,
    framework: i64,
    footprint: Option<FootprintId>,
    period: PeriodCode,
) -> Result<HashMap<(OrgId, ThemeId), Option<f64>>, sqlx::Error> {
    let standing = match footprint {
        Some(fp) => as_at(DMA_SCORES, Scope::FootprintOrganisations(fp), period),
        None => as_at_everywhere(DMA_SCORES, Scope::Framework(framework), period),
    };
    let sql = format!(
        "SELECT x.organisation_id, x.theme_id, x.score FROM {standing} x JOIN themes t ON t.id = x.theme_id WHERE t.framework_id = ?"
    );
    let rows: Vec<(i64, i64, Option<f64>)> = sqlx::query_as(&sql).bind(framework).fetch_all(conn).await?;
    Ok(rows.into_iter().map(|(o, t, s)| ((OrgId(o), ThemeId(t)), s)).collect())
}

/// An upload waiting for its confirm.
#[derive(Debug, Clone, FromRow)]
pub struct Pending {
    pub id: i64,
    pub file_name: String,
    pub sha256: String,
    pub framework_id: i64,
    pub period_id: i64,
    pub footprint_id: Option<i64>,
    pub uploaded_by: Option<i64>,
    pub content: Option<Vec<u8>>,
    pub mapping_json: String,
    pub confirmed_at: Option<NaiveDateTime>,
    pub added: Option<i64>,
    pub changed: Option<i64>,
    pub unchanged: Option<i64>,
    pub skipped: Option<i64>,
}

impl Pending {
    pub fn mapping(&self) -> HashMap<String, ThemeId> {
        serde_json::from_str(&self.mapping_json).unwrap_or_default()
    }
}

pub struct NewUpload<'a> {
    pub file_name: &'a str,
    pub sha256: &'a str,
    pub framework: i64,
    pub period: PeriodId,
    pub footprint: FootprintId,
    pub by: UserId,
    pub content: &'a [u8],
}

/// What keeping an upload did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kept {
    /// The pending upload's id.
    Pending(i64),
    /// The pending uploads of everyone are at their bound: nothing was kept. The caller rolls
    /// its transaction back, so the sweeps are undone too and a refusal writes nothing.
    Full,
}

/// Keep an upload until it is confirmed, first deleting every pending upload past its day
/// (anybody's) and this person's beyond the newest few; unless what is left pending for
/// everyone is at [`PENDING_FILES_MAX`] or [`PENDING_BYTES_MAX`] with this file. So pending
/// files stay bounded for each person and for the database.
pub async fn insert_pending(conn: &mut SqliteConnection, u: &NewUpload<'_>) -> Result<Kept, sqlx::Error> {
    let now = dialect::now();
    let stale = now - chrono::Duration::hours(PENDING_HOURS);
    sqlx::query("DELETE FROM dma_imports WHERE confirmed_at IS NULL AND uploaded_at < ?").bind(stale).execute(&mut *conn).await?;
    sqlx::query(
        "DELETE FROM dma_imports WHERE confirmed_at IS NULL AND uploaded_by = ? AND id NOT IN
           (SELECT id FROM dma_imports WHERE confirmed_at IS NULL AND uploaded_by = ? ORDER BY id DESC LIMIT ?)",
    )
    .bind(u.by.0)
    .bind(u.by.0)
    .bind(PENDING_PER_PERSON - 1)
    .execute(&mut *conn)
    .await?;
    // OCTET_LENGTH: the bytes of a BLOB, in SQLite (3.43 on) and PostgreSQL alike.
    let (files, bytes): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), COALESCE(SUM(OCTET_LENGTH(content)), 0) FROM dma_imports WHERE confirmed_at IS NULL")
            .fetch_one(&mut *conn)
            .await?;
    if files >= PENDING_FILES_MAX || bytes + u.content.len() as i64 > PENDING_BYTES_MAX {
        return Ok(Kept::Full);
    }
    let id = sqlx::query_scalar(
        "INSERT INTO dma_imports (file_name, sha256, framework_id, period_id, footprint_id, uploaded_by, uploaded_at, content)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(u.file_name)
    .bind(u.sha256)
    .bind(u.framework)
    .bind(u.period.0)
    .bind(u.footprint.0)
    .bind(u.by.0)
    .bind(now)
    .bind(u.content)
    .fetch_one(conn)
    .await?;
    Ok(Kept::Pending(id))
}

pub async fn pending(conn: &mut SqliteConnection, id: i64) -> Result<Option<Pending>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, file_name, sha256, framework_id, period_id, footprint_id, uploaded_by, content, mapping_json,
                confirmed_at, added, changed, unchanged, skipped
         FROM dma_imports WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

pub async fn set_mapping(conn: &mut SqliteConnection, id: i64, mapping: &HashMap<String, ThemeId>) -> Result<(), sqlx::Error> {
    let json = serde_json::to_string(mapping).map_err(|e| sqlx::Error::Encode(e.into()))?;
    sqlx::query("UPDATE dma_imports SET mapping_json = ? WHERE id = ? AND confirmed_at IS NULL").bind(json).bind(id).execute(conn).await?;
    Ok(())
}

/// What a confirm wrote.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Counts {
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub skipped: usize,
}

/// The confirmed import's record: the pending row (the web) becomes it, its file dropped.
pub async fn mark_confirmed(conn: &mut SqliteConnection, id: i64, by: Option<UserId>, c: Counts) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE dma_imports SET content = NULL, confirmed_by = ?, confirmed_at = ?, added = ?, changed = ?, unchanged = ?, skipped = ?
         WHERE id = ?",
    )
    .bind(by.map(|u| u.0))
    .bind(dialect::now())
    .bind(c.added as i64)
    .bind(c.changed as i64)
    .bind(c.unchanged as i64)
    .bind(c.skipped as i64)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A national import from the command line: recorded when written, never pending.
pub struct Recorded<'a> {
    pub file_name: &'a str,
    pub sha256: &'a str,
    pub framework: i64,
    pub period: PeriodId,
    pub by: Option<UserId>,
    pub counts: Counts,
}

pub async fn insert_confirmed(conn: &mut SqliteConnection, r: &Recorded<'_>) -> Result<i64, sqlx::Error> {
    let now = dialect::now();
    let c = r.counts;
    sqlx::query_scalar(
        "INSERT INTO dma_imports (file_name, sha256, framework_id, period_id, uploaded_by, uploaded_at, confirmed_by, confirmed_at,
                                  added, changed, unchanged, skipped)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(r.file_name)
    .bind(r.sha256)
    .bind(r.framework)
    .bind(r.period.0)
    .bind(r.by.map(|u| u.0))
    .bind(now)
    .bind(r.by.map(|u| u.0))
    .bind(now)
    .bind(c.added as i64)
    .bind(c.changed as i64)
    .bind(c.unchanged as i64)
    .bind(c.skipped as i64)
    .fetch_one(conn)
    .await
}

/// A score a confirmed import wrote: `before` is `None` for one it added, `Some(None)` for one
/// recorded as not assessed before.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreChange {
    pub org: OrgId,
    pub theme: ThemeId,
    pub before: Option<Option<f64>>,
    pub after: Score,
}

/// Record what an import wrote, in its transaction: one multi-row statement for the caller's
/// batch (at most a few hundred rows: 6 values each, far below SQLite's bound).
pub async fn record_changes(conn: &mut SqliteConnection, import: i64, changes: &[ScoreChange]) -> Result<(), sqlx::Error> {
    if changes.is_empty() {
        return Ok(());
    }
    let rows = vec!["(?, ?, ?, ?, ?, ?)"; changes.len()].join(", ");
    let sql =
        format!("INSERT INTO dma_import_changes (import_id, organisation_id, theme_id, kind, score_before, score_after) VALUES {rows}");
    let mut q = sqlx::query(&sql);
    for c in changes {
        let kind = if c.before.is_some() { "changed" } else { "added" };
        q = q.bind(import).bind(c.org.0).bind(c.theme.0).bind(kind).bind(c.before.flatten()).bind(c.after.value());
    }
    q.execute(conn).await?;
    Ok(())
}

/// A score an import wrote, as its page lists it.
#[derive(Debug, Clone, FromRow)]
pub struct WrittenScore {
    pub org_name: String,
    pub org_code: String,
    pub theme_name: String,
    pub kind: String,
    pub score_before: Option<f64>,
    pub score_after: f64,
}

/// The first `limit` scores an import wrote, by organisation then theme in the framework's
/// order (a national import's 12,500 are read a page's worth at a time, never all at once).
pub async fn written_scores(conn: &mut SqliteConnection, import: i64, limit: i64) -> Result<Vec<WrittenScore>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.name AS org_name, o.code AS org_code, t.name AS theme_name, c.kind, c.score_before, c.score_after
         FROM dma_import_changes c
         JOIN organisations o ON o.id = c.organisation_id
         JOIN themes t ON t.id = c.theme_id
         WHERE c.import_id = ?
         ORDER BY o.name, o.code, t.group_id, t.position
         LIMIT ?",
    )
    .bind(import)
    .bind(limit)
    .fetch_all(conn)
    .await
}
