//! Quarterly returns: reading revisions and sections, and every write of the workflow.
//! Each write runs inside the caller's `BEGIN IMMEDIATE` transaction, re-reads the return
//! there (so two requests cannot both pass a check), and appends its audit row in the same
//! transaction: the change and its record commit together or not at all. Which write is
//! allowed is `ldr_app::returns::state`'s answer; times are bound from Rust (`dialect::now`).

use serde_json::{json, Value};
use sqlx::{FromRow, SqliteConnection, SqlitePool};

use super::audit::{self, Actor, Entry};
use super::organisations::{self, Organisation};
use super::{dialect, return_decisions};
use ldr_app::domain::{FootprintId, OrgId, PeriodId};
use ldr_app::facts::FootprintSummary;
use ldr_app::returns::figures::{ReturnFigures, SectionFigures};
use ldr_app::returns::state::Standing;
use ldr_app::returns::{ReturnState, SectionKind, SectionStatus, Subject};

#[derive(Debug, Clone)]
pub struct ReturnRow {
    pub id: i64,
    pub footprint_id: FootprintId,
    pub organisation_id: Option<OrgId>,
    pub period_id: PeriodId,
    pub revision: i64,
    pub state: ReturnState,
    pub version: i64,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: String,
    pub submitted_at: Option<String>,
    pub submitted_by: Option<String>,
    pub decided_at: Option<String>,
    pub decided_by: Option<String>,
}

impl ReturnRow {
    /// Where the revision stands in the workflow.
    pub fn standing(&self) -> Standing {
        Standing { revision: self.revision, state: self.state, version: self.version }
    }
}

#[derive(FromRow)]
struct Row {
    id: i64,
    footprint_id: i64,
    organisation_id: Option<i64>,
    period_id: i64,
    revision: i64,
    state: String,
    version: i64,
    created_at: String,
    created_by: String,
    updated_at: String,
    updated_by: String,
    submitted_at: Option<String>,
    submitted_by: Option<String>,
    decided_at: Option<String>,
    decided_by: Option<String>,
}

const SELECT: &str = "SELECT r.id, r.footprint_id, r.organisation_id, r.period_id, r.revision, r.state, r.version,
        r.created_at, cu.display_name AS created_by, r.updated_at, uu.display_name AS updated_by,
        r.submitted_at, su.display_name AS submitted_by, r.decided_at, du.display_name AS decided_by
    FROM returns r JOIN users cu ON cu.id = r.created_by JOIN users uu ON uu.id = r.updated_by
    LEFT JOIN users su ON su.id = r.submitted_by LEFT JOIN users du ON du.id = r.decided_by";

fn decode(r: Row) -> Result<ReturnRow, sqlx::Error> {
    Ok(ReturnRow {
        id: r.id,
        footprint_id: FootprintId(r.footprint_id),
        organisation_id: r.organisation_id.map(OrgId),
        period_id: PeriodId(r.period_id),
        revision: r.revision,
        state: r.state.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))?,
        version: r.version,
        created_at: r.created_at,
        created_by: r.created_by,
        updated_at: r.updated_at,
        updated_by: r.updated_by,
        submitted_at: r.submitted_at,
        submitted_by: r.submitted_by,
        decided_at: r.decided_at,
        decided_by: r.decided_by,
    })
}

/// Every revision of a subject's return for a quarter, newest first.
pub async fn revisions(
    pool: &SqlitePool,
    footprint: FootprintId,
    org: Option<OrgId>,
    period: PeriodId,
) -> Result<Vec<ReturnRow>, sqlx::Error> {
    let sql = format!(
        "{SELECT} WHERE r.footprint_id = ? AND r.organisation_id IS NOT DISTINCT FROM ? AND r.period_id = ? ORDER BY r.revision DESC"
    );
    let rows: Vec<Row> = sqlx::query_as(&sql).bind(footprint.0).bind(org.map(|o| o.0)).bind(period.0).fetch_all(pool).await?;
    rows.into_iter().map(decode).collect()
}

/// The latest revision of every return of a footprint in a quarter (for the chase list).
pub async fn latest_in_period(pool: &SqlitePool, footprint: FootprintId, period: PeriodId) -> Result<Vec<ReturnRow>, sqlx::Error> {
    let sql = format!(
        "{SELECT} WHERE r.footprint_id = ? AND r.period_id = ? AND r.revision =
            (SELECT MAX(x.revision) FROM returns x WHERE x.footprint_id = r.footprint_id
             AND x.organisation_id IS NOT DISTINCT FROM r.organisation_id AND x.period_id = r.period_id)"
    );
    let rows: Vec<Row> = sqlx::query_as(&sql).bind(footprint.0).bind(period.0).fetch_all(pool).await?;
    rows.into_iter().map(decode).collect()
}

/// One line of a quarter's chase list: who owes a return (the footprint's own, Table 5, when
/// `organisation` is None) and its latest revision (None: not started).
#[derive(Debug, Clone)]
pub struct Owed {
    pub organisation: Option<Organisation>,
    pub latest: Option<ReturnRow>,
}

impl Owed {
    /// Whose return this is, named as every list of returns names it.
    pub fn subject(&self, footprint: &FootprintSummary) -> Subject {
        match &self.organisation {
            Some(o) => Subject::of_organisation(&o.summary),
            None => Subject::of_footprint(footprint),
        }
    }

    /// Where the latest revision stands; `None` when the return is not started.
    pub fn state(&self) -> Option<ReturnState> {
        self.latest.as_ref().map(|r| r.state)
    }
}

/// Every return owed for a quarter, in the chase list's order: the footprint's own, then each
/// organisation of the footprint in its order, each with its latest revision if started. A
/// return of an organisation no longer in the footprint owes nothing and is left out.
pub async fn owed_in_period(pool: &SqlitePool, footprint: FootprintId, period: PeriodId) -> Result<Vec<Owed>, sqlx::Error> {
    let mut latest = latest_in_period(pool, footprint, period).await?;
    let mut take = |org: Option<OrgId>| latest.iter().position(|r| r.organisation_id == org).map(|i| latest.swap_remove(i));
    let mut lines = vec![Owed { organisation: None, latest: take(None) }];
    for o in organisations::in_footprint(pool, footprint).await? {
        let latest = take(Some(o.id));
        lines.push(Owed { organisation: Some(o), latest });
    }
    Ok(lines)
}

/// Submitted returns waiting for a decision, in any quarter (the reviewers' queue).
pub async fn awaiting_decision(pool: &SqlitePool, footprint: FootprintId) -> Result<Vec<ReturnRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE r.footprint_id = ? AND r.state = 'submitted' ORDER BY r.submitted_at");
    let rows: Vec<Row> = sqlx::query_as(&sql).bind(footprint.0).fetch_all(pool).await?;
    rows.into_iter().map(decode).collect()
}

/// The newest revision of a subject's return for a quarter, re-read inside a write
/// transaction, to check where it stands where nobody can change it (None: not started).
pub async fn lock_newest(conn: &mut SqliteConnection, scope: Scope) -> Result<Option<ReturnRow>, sqlx::Error> {
    let sql = format!(
        "{SELECT} WHERE r.footprint_id = ? AND r.organisation_id IS NOT DISTINCT FROM ? AND r.period_id = ?
         ORDER BY r.revision DESC LIMIT 1"
    );
    let row: Option<Row> = sqlx::query_as(&sql)
        .bind(scope.footprint.0)
        .bind(scope.organisation.map(|o| o.0))
        .bind(scope.period.0)
        .fetch_optional(conn)
        .await?;
    row.map(decode).transpose()
}

#[derive(Debug, Clone)]
pub struct SectionRow {
    pub kind: SectionKind,
    pub status: SectionStatus,
    pub figures: SectionFigures,
    pub version: i64,
    pub updated_at: Option<String>,
    pub updated_by: Option<String>,
    pub updated_by_id: Option<i64>,
}

type SectionTuple = (String, String, String, i64, Option<String>, Option<String>, Option<i64>);

fn decode_section(
    (kind, status, payload, version, updated_at, updated_by, updated_by_id): SectionTuple,
) -> Result<SectionRow, sqlx::Error> {
    let kind: SectionKind = kind.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))?;
    Ok(SectionRow {
        kind,
        status: status.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))?,
        figures: SectionFigures::from_json(kind, &payload).map_err(|e| sqlx::Error::Decode(e.into()))?,
        version,
        updated_at,
        updated_by,
        updated_by_id,
    })
}

const SECTION_SELECT: &str = "SELECT s.section, s.status, s.payload, s.version, s.updated_at, u.display_name, s.updated_by
    FROM return_sections s LEFT JOIN users u ON u.id = s.updated_by";

pub async fn sections(conn: &mut SqliteConnection, return_id: i64) -> Result<Vec<SectionRow>, sqlx::Error> {
    let sql = format!("{SECTION_SELECT} WHERE s.return_id = ?");
    let rows: Vec<SectionTuple> = sqlx::query_as(&sql).bind(return_id).fetch_all(conn).await?;
    rows.into_iter().map(decode_section).collect()
}

pub async fn section(conn: &mut SqliteConnection, return_id: i64, kind: SectionKind) -> Result<Option<SectionRow>, sqlx::Error> {
    let sql = format!("{SECTION_SELECT} WHERE s.return_id = ? AND s.section = ?");
    let row: Option<SectionTuple> = sqlx::query_as(&sql).bind(return_id).bind(kind.code()).fetch_optional(conn).await?;
    row.map(decode_section).transpose()
}

/// What a return concerns, for its audit rows.
#[derive(Debug, Clone, Copy)]
pub struct Scope {
    pub footprint: FootprintId,
    pub organisation: Option<OrgId>,
    pub period: PeriodId,
}

impl Scope {
    pub fn of(r: &ReturnRow) -> Self {
        Scope { footprint: r.footprint_id, organisation: r.organisation_id, period: r.period_id }
    }

    fn entry<'a>(self, action: &'a str, entity_id: i64, before: Option<Value>, after: Option<Value>) -> Entry<'a> {
        Entry {
            action,
            entity: "return",
            entity_id: Some(entity_id.to_string()),
            before,
            after,
            footprint: Some(self.footprint),
            organisation: self.organisation,
            period: Some(self.period),
        }
    }
}

fn user(actor: &Actor) -> Option<i64> {
    actor.user_id.map(|u| u.0)
}

/// Create a revision, standing as the workflow started it, with its sections filled from
/// `figures` (the last approved figures for revision 1; the approved revision's for an
/// amendment).
pub async fn create(
    conn: &mut SqliteConnection,
    actor: &Actor,
    scope: Scope,
    started: Standing,
    figures: &ReturnFigures,
    status: SectionStatus,
) -> Result<i64, sqlx::Error> {
    let (revision, now) = (started.revision, dialect::now());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO returns (footprint_id, organisation_id, period_id, revision, state, version,
                              created_at, created_by, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(scope.footprint.0)
    .bind(scope.organisation.map(|o| o.0))
    .bind(scope.period.0)
    .bind(revision)
    .bind(started.state.code())
    .bind(started.version)
    .bind(now)
    .bind(user(actor))
    .bind(now)
    .bind(user(actor))
    .fetch_one(&mut *conn)
    .await?;
    let mut payloads = serde_json::Map::new();
    for f in figures.sections.values() {
        sqlx::query("INSERT INTO return_sections (return_id, section, status, payload) VALUES (?, ?, ?, ?)")
            .bind(id)
            .bind(f.kind().code())
            .bind(status.code())
            .bind(f.to_json())
            .execute(&mut *conn)
            .await?;
        payloads.insert(f.kind().code().into(), serde_json::from_str(&f.to_json()).unwrap_or(Value::Null));
    }
    let action = if revision == 1 { "return.start" } else { "return.amend" };
    let after = json!({ "revision": revision, "state": started.state.code(), "sections": payloads });
    audit::append(conn, actor, scope.entry(action, id, None, Some(after))).await?;
    Ok(id)
}

/// Save one section if nobody has saved it since `expected_version` was read. Returns false
/// (and writes nothing) on a conflict. The return stands as `next` after it (the workflow
/// makes a returned return a draft again).
#[allow(clippy::too_many_arguments)] // one write: the return, the section before and after, who
pub async fn save_section(
    conn: &mut SqliteConnection,
    actor: &Actor,
    ret: &ReturnRow,
    next: Standing,
    before: &SectionRow,
    expected_version: i64,
    figures: &SectionFigures,
    status: SectionStatus,
) -> Result<bool, sqlx::Error> {
    let now = dialect::now();
    let done = sqlx::query(
        "UPDATE return_sections SET payload = ?, status = ?, version = version + 1, updated_at = ?, updated_by = ?
         WHERE return_id = ? AND section = ? AND version = ?",
    )
    .bind(figures.to_json())
    .bind(status.code())
    .bind(now)
    .bind(user(actor))
    .bind(ret.id)
    .bind(figures.kind().code())
    .bind(expected_version)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query("UPDATE returns SET state = ?, version = ?, updated_at = ?, updated_by = ? WHERE id = ?")
        .bind(next.state.code())
        .bind(next.version)
        .bind(now)
        .bind(user(actor))
        .bind(ret.id)
        .execute(&mut *conn)
        .await?;
    let value = |f: &SectionFigures, s: SectionStatus| json!({ "section": f.kind().code(), "status": s.code(), "figures": serde_json::from_str::<Value>(&f.to_json()).unwrap_or(Value::Null) });
    let entry =
        Scope::of(ret).entry("return.save_section", ret.id, Some(value(&before.figures, before.status)), Some(value(figures, status)));
    audit::append(conn, actor, entry).await?;
    Ok(true)
}

/// Move a return to where the workflow says it stands next (submitted, returned, approved),
/// recording the step in its history.
pub async fn transition(
    conn: &mut SqliteConnection,
    actor: &Actor,
    ret: &ReturnRow,
    next: Standing,
    comment: &str,
    action: &str,
) -> Result<(), sqlx::Error> {
    let to = next.state;
    let (stamp_submit, stamp_decide) = match to {
        ReturnState::Submitted => (true, false),
        ReturnState::Returned | ReturnState::Approved => (false, true),
        ReturnState::Draft => (false, false),
    };
    let (now, by) = (dialect::now(), user(actor));
    sqlx::query(
        "UPDATE returns SET state = ?, version = ?, updated_at = ?, updated_by = ?,
                submitted_at = CASE WHEN ? THEN ? ELSE submitted_at END,
                submitted_by = CASE WHEN ? THEN ? ELSE submitted_by END,
                decided_at = CASE WHEN ? THEN ? ELSE decided_at END,
                decided_by = CASE WHEN ? THEN ? ELSE decided_by END
         WHERE id = ?",
    )
    .bind(to.code())
    .bind(next.version)
    .bind(now)
    .bind(by)
    .bind(stamp_submit)
    .bind(now)
    .bind(stamp_submit)
    .bind(by)
    .bind(stamp_decide)
    .bind(now)
    .bind(stamp_decide)
    .bind(by)
    .bind(ret.id)
    .execute(&mut *conn)
    .await?;
    // Each step is its own row with the figures as they stood, so a later decision never
    // overwrites an earlier comment (the old `decision_comment` column is no longer written).
    if to != ReturnState::Draft {
        return_decisions::record(conn, ret.id, to, comment, by, now).await?;
    }
    audit::append(conn, actor, step_entry(Scope::of(ret), ret.id, ret.standing(), next, comment, action)).await?;
    Ok(())
}

/// The audit row of a workflow step (submit, return, approve) from `from` to `to`, as
/// [`transition`] writes it (`ldr generate` writes its returns' steps with it too).
pub fn step_entry<'a>(scope: Scope, return_id: i64, from: Standing, to: Standing, comment: &str, action: &'a str) -> Entry<'a> {
    let before = json!({ "state": from.state.code(), "revision": from.revision });
    let mut after = json!({ "state": to.state.code(), "revision": from.revision });
    if !comment.is_empty() {
        after["comment"] = Value::String(comment.to_string());
    }
    scope.entry(action, return_id, Some(before), Some(after))
}
