//! Reporting periods, the footprint's periods that hold official figures, and the windows in
//! which a quarter is open for returns (who opened and closed it, and its deadline).
//!
//! Figures reach the figure tables (`aim_progress`, `dma_scores`, `measure_values`) only from
//! the seed (the published roadmap) or when the Steering Group approves a return, so "has a
//! row there" is the same as "has official figures": no approval filter is needed.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use serde_json::json;
use sqlx::{FromRow, SqliteConnection, SqlitePool};

use super::audit::{self, Actor, Entry};
use super::dialect;
use ldr_app::domain::{FootprintId, PeriodCode, PeriodId};

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Period {
    pub id: PeriodId,
    #[serde(serialize_with = "code_text")]
    pub code: PeriodCode,
}

/// A period code as its text (`2016-17-q1`).
fn code_text<S: serde::Serializer>(code: &PeriodCode, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(code)
}

fn period(id: i64, code: &str) -> Result<Period, sqlx::Error> {
    let code = code.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))?;
    Ok(Period { id: PeriodId(id), code })
}

fn periods(rows: Vec<(i64, String)>) -> Result<Vec<Period>, sqlx::Error> {
    rows.iter().map(|(id, code)| period(*id, code)).collect()
}

/// The footprint's periods with official figures, newest first: aim progress or DMA scores,
/// and measure values when the third bind is TRUE. One statement for both readers below, so
/// "has figures" means the same to the default period and to the selector. One index probe
/// per quarter and table (`EXISTS`), never a pass over the footprint's figure history.
pub const WITH_FIGURES: &str = "SELECT p.id, p.code FROM reporting_periods p
     WHERE EXISTS (SELECT 1 FROM aim_progress g WHERE g.footprint_id = ? AND g.period_id = p.id)
        OR EXISTS (SELECT 1 FROM dma_scores s
                   WHERE s.period_id = p.id AND s.organisation_id IN (SELECT o.id FROM organisations o WHERE o.footprint_id = ?))
        OR (? = TRUE AND EXISTS (SELECT 1 FROM measure_values v
                   WHERE v.period_id = p.id AND v.organisation_id IN (SELECT o.id FROM organisations o WHERE o.footprint_id = ?)))
     ORDER BY p.financial_year DESC, p.quarter DESC";

fn with_figures(
    footprint: FootprintId,
    measures: bool,
) -> sqlx::query::QueryAs<'static, sqlx::Sqlite, (i64, String), sqlx::sqlite::SqliteArguments<'static>> {
    sqlx::query_as(WITH_FIGURES).bind(footprint.0).bind(footprint.0).bind(measures).bind(footprint.0)
}

/// The latest period for which the footprint has any figures (aim progress or DMA scores):
/// the dashboards' default. Measures alone do not make a quarter the default, since its
/// headline tables would be empty.
pub async fn latest_with_figures(pool: &SqlitePool, footprint: FootprintId) -> Result<Option<Period>, sqlx::Error> {
    let row = with_figures(footprint, false).fetch_optional(pool).await?;
    row.map(|(id, code)| period(id, &code)).transpose()
}

/// Every period with any official figures for the footprint, newest first: the choices of
/// the dashboards' period selector. Measures count too, unlike `latest_with_figures`, so a
/// quarter that returned only measures can still be looked at.
pub async fn periods_with_figures(pool: &SqlitePool, footprint: FootprintId) -> Result<Vec<Period>, sqlx::Error> {
    periods(with_figures(footprint, true).fetch_all(pool).await?)
}

pub async fn by_code(pool: &SqlitePool, code: &PeriodCode) -> Result<Option<Period>, sqlx::Error> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT id, code FROM reporting_periods WHERE code = ?").bind(code.to_string()).fetch_optional(pool).await?;
    row.map(|(id, code)| period(id, &code)).transpose()
}

/// Every reporting period, oldest first.
pub async fn all(pool: &SqlitePool) -> Result<Vec<Period>, sqlx::Error> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, code FROM reporting_periods ORDER BY financial_year, quarter").fetch_all(pool).await?;
    periods(rows)
}

/// The first day of a period, from the table rather than the code: the table is the record.
pub async fn starts_on(pool: &SqlitePool, period: PeriodId) -> Result<Option<NaiveDate>, sqlx::Error> {
    sqlx::query_scalar("SELECT starts_on FROM reporting_periods WHERE id = ?").bind(period.0).fetch_optional(pool).await
}

#[derive(Debug)]
pub enum ResolveError {
    /// The requested code does not parse or names no reporting period.
    Unknown,
    Db(sqlx::Error),
}

impl From<sqlx::Error> for ResolveError {
    fn from(e: sqlx::Error) -> Self {
        ResolveError::Db(e)
    }
}

/// The period a dashboard shows: the one asked for in `?period=`, or by default the latest
/// with official figures (None when there are none yet).
pub async fn resolve(pool: &SqlitePool, footprint: FootprintId, requested: Option<&str>) -> Result<Option<Period>, ResolveError> {
    match requested.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(latest_with_figures(pool, footprint).await?),
        Some(code) => {
            let code: PeriodCode = code.parse().map_err(|_| ResolveError::Unknown)?;
            Ok(Some(by_code(pool, &code).await?.ok_or(ResolveError::Unknown)?))
        }
    }
}

/// A quarter opened for returns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Window {
    pub period: Period,
    pub deadline: NaiveDate,
    pub opened_at: NaiveDateTime,
    /// Display names; None when the person is unknown (opened from the command line).
    pub opened_by: Option<String>,
    pub closed_at: Option<NaiveDateTime>,
    pub closed_by: Option<String>,
}

#[derive(FromRow)]
struct WindowRow {
    period_id: i64,
    code: String,
    deadline: NaiveDate,
    opened_at: NaiveDateTime,
    opened_by: Option<String>,
    closed_at: Option<NaiveDateTime>,
    closed_by: Option<String>,
}

impl TryFrom<WindowRow> for Window {
    type Error = sqlx::Error;
    fn try_from(r: WindowRow) -> Result<Self, Self::Error> {
        Ok(Window {
            period: period(r.period_id, &r.code)?,
            deadline: r.deadline,
            opened_at: r.opened_at,
            opened_by: r.opened_by,
            closed_at: r.closed_at,
            closed_by: r.closed_by,
        })
    }
}

const WINDOW_COLUMNS: &str = "p.id AS period_id, p.code, w.deadline, w.opened_at, ou.display_name AS opened_by,
     w.closed_at, cu.display_name AS closed_by
     FROM period_windows w
     JOIN reporting_periods p ON p.id = w.period_id
     LEFT JOIN users ou ON ou.id = w.opened_by
     LEFT JOIN users cu ON cu.id = w.closed_by";

/// The footprint's quarter open for returns now, if any.
pub async fn open_window(pool: &SqlitePool, footprint: FootprintId) -> Result<Option<Window>, sqlx::Error> {
    let sql = format!("SELECT {WINDOW_COLUMNS} WHERE w.footprint_id = ? AND w.closed_at IS NULL");
    let row: Option<WindowRow> = sqlx::query_as(&sql).bind(footprint.0).fetch_optional(pool).await?;
    row.map(Window::try_from).transpose()
}

/// The latest window of one quarter, open or closed: where its deadline comes from.
pub async fn window_for(pool: &SqlitePool, footprint: FootprintId, period: PeriodId) -> Result<Option<Window>, sqlx::Error> {
    let sql = format!("SELECT {WINDOW_COLUMNS} WHERE w.footprint_id = ? AND w.period_id = ? ORDER BY w.id DESC LIMIT 1");
    let row: Option<WindowRow> = sqlx::query_as(&sql).bind(footprint.0).bind(period.0).fetch_optional(pool).await?;
    row.map(Window::try_from).transpose()
}

/// Every window the footprint has had, newest first.
pub async fn windows(pool: &SqlitePool, footprint: FootprintId) -> Result<Vec<Window>, sqlx::Error> {
    let sql = format!("SELECT {WINDOW_COLUMNS} WHERE w.footprint_id = ? ORDER BY w.id DESC");
    let rows: Vec<WindowRow> = sqlx::query_as(&sql).bind(footprint.0).fetch_all(pool).await?;
    rows.into_iter().map(Window::try_from).collect()
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// Another quarter (named when known) is still open: one at a time per footprint.
    #[error("another quarter is open")]
    AnotherOpen(Option<PeriodCode>),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

async fn open_code(conn: &mut SqliteConnection, footprint: FootprintId) -> Result<Option<PeriodCode>, sqlx::Error> {
    let code: Option<String> = sqlx::query_scalar(
        "SELECT p.code FROM period_windows w JOIN reporting_periods p ON p.id = w.period_id
         WHERE w.footprint_id = ? AND w.closed_at IS NULL",
    )
    .bind(footprint.0)
    .fetch_optional(&mut *conn)
    .await?;
    code.map(|c| period(0, &c).map(|p| p.code)).transpose()
}

/// Open a quarter for returns, audited in the caller's transaction. Refused while another
/// quarter is open: checked first for a clear message, and the partial unique index
/// `period_windows_one_open` catches what slips past the check.
pub async fn open(
    conn: &mut SqliteConnection,
    actor: &Actor,
    footprint: FootprintId,
    period: Period,
    deadline: NaiveDate,
) -> Result<(), OpenError> {
    if let Some(code) = open_code(conn, footprint).await? {
        return Err(OpenError::AnotherOpen(Some(code)));
    }
    let inserted: Result<i64, sqlx::Error> = sqlx::query_scalar(
        "INSERT INTO period_windows (footprint_id, period_id, deadline, opened_at, opened_by) VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(footprint.0)
    .bind(period.id.0)
    .bind(deadline)
    .bind(dialect::now())
    .bind(actor.user_id.map(|u| u.0))
    .fetch_one(&mut *conn)
    .await;
    let id = match inserted {
        Ok(id) => id,
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            // SQLite rolls back only the failed statement, so the transaction can still ask.
            return Err(OpenError::AnotherOpen(open_code(conn, footprint).await.ok().flatten()));
        }
        Err(e) => return Err(e.into()),
    };
    let entry = Entry {
        action: "period.open",
        entity: "period_window",
        entity_id: Some(id.to_string()),
        before: None,
        after: Some(json!({ "period": period.code.to_string(), "deadline": deadline.to_string() })),
        footprint: Some(footprint),
        period: Some(period.id),
        ..Default::default()
    };
    audit::append(conn, actor, entry).await?;
    Ok(())
}

/// Close the footprint's open quarter, audited in the caller's transaction. Returns the
/// period closed, or None when none was open (nothing is written then).
pub async fn close(conn: &mut SqliteConnection, actor: &Actor, footprint: FootprintId) -> Result<Option<Period>, sqlx::Error> {
    let closed_at = dialect::now();
    let row: Option<(i64, i64, NaiveDate)> = sqlx::query_as(
        "UPDATE period_windows SET closed_at = ?, closed_by = ?
         WHERE footprint_id = ? AND closed_at IS NULL
         RETURNING id, period_id, deadline",
    )
    .bind(closed_at)
    .bind(actor.user_id.map(|u| u.0))
    .bind(footprint.0)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((id, period_id, deadline)) = row else { return Ok(None) };
    let code: String = sqlx::query_scalar("SELECT code FROM reporting_periods WHERE id = ?").bind(period_id).fetch_one(&mut *conn).await?;
    let closed = period(period_id, &code)?;
    let entry = Entry {
        action: "period.close",
        entity: "period_window",
        entity_id: Some(id.to_string()),
        before: Some(json!({ "period": code, "deadline": deadline.to_string(), "closed_at": null })),
        after: Some(json!({ "period": code, "deadline": deadline.to_string(), "closed_at": closed_at.to_string() })),
        footprint: Some(footprint),
        period: Some(closed.id),
        ..Default::default()
    };
    audit::append(conn, actor, entry).await?;
    Ok(Some(closed))
}

pub async fn by_id(pool: &SqlitePool, id: PeriodId) -> Result<Option<Period>, sqlx::Error> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT id, code FROM reporting_periods WHERE id = ?").bind(id.0).fetch_optional(pool).await?;
    row.map(|(id, code)| period(id, &code)).transpose()
}
