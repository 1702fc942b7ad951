//! Creating the registry a data set hangs on: footprints, organisations, quarters and
//! accounts. `ldr generate` uses these; they take typed values, and times come from Rust.

use ldr_app::domain::{FootprintId, OrgId, OrgKind, PeriodCode, PeriodId, ReturnId, Role, UserId};
use ldr_app::returns::figures::SectionFigures;
use ldr_app::returns::SectionStatus;
use sqlx::{Sqlite, Transaction};

/// A new footprint with its region; `synthetic` marks one made by `ldr generate`.
pub async fn insert_footprint(
    tx: &mut Transaction<'_, Sqlite>,
    code: &str,
    name: &str,
    region: &str,
    synthetic: bool,
) -> Result<FootprintId, sqlx::Error> {
    let id: i64 =
        sqlx::query_scalar("INSERT INTO footprints (code, name, description, region, synthetic) VALUES (?, ?, '', ?, ?) RETURNING id")
            .bind(code)
            .bind(name)
            .bind(region)
            .bind(synthetic)
            .fetch_one(&mut **tx)
            .await?;
    Ok(FootprintId(id))
}

/// What a new organisation is: `members` is how many bodies a grouping stands for.
pub struct NewOrganisation<'a> {
    pub footprint: FootprintId,
    pub parent: Option<OrgId>,
    pub code: &'a str,
    pub name: &'a str,
    pub short_name: &'a str,
    pub kind: OrgKind,
    pub members: u32,
    pub position: u32,
    /// Staff headcount where known (migration 0026).
    pub staff_headcount: Option<u32>,
}

pub async fn insert_organisation(tx: &mut Transaction<'_, Sqlite>, org: &NewOrganisation<'_>) -> Result<OrgId, sqlx::Error> {
    // Councils carry ONS codes; everything else here is an NHS (ODS-style) code.
    let code_type = if org.kind == OrgKind::LocalAuthority { "ons" } else { "ods" };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO organisations (footprint_id, parent_id, code, code_type, name, short_name, kind, member_count, position,
                                    staff_headcount)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(org.footprint.0)
    .bind(org.parent.map(|p| p.0))
    .bind(org.code)
    .bind(code_type)
    .bind(org.name)
    .bind(org.short_name)
    .bind(org.kind.code())
    .bind(i64::from(org.members))
    .bind(i64::from(org.position))
    .bind(org.staff_headcount.map(i64::from))
    .fetch_one(&mut **tx)
    .await?;
    Ok(OrgId(id))
}

/// The quarter's id, adding the quarter if it is not there yet.
pub async fn ensure_period(tx: &mut Transaction<'_, Sqlite>, period: PeriodCode) -> Result<PeriodId, sqlx::Error> {
    let (starts, ends) = period.dates();
    sqlx::query(
        "INSERT INTO reporting_periods (code, financial_year, quarter, starts_on, ends_on) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (code) DO NOTHING",
    )
    .bind(period.to_string())
    .bind(period.year.0)
    .bind(i64::from(period.quarter))
    .bind(starts.to_string())
    .bind(ends.to_string())
    .execute(&mut **tx)
    .await?;
    let id: i64 =
        sqlx::query_scalar("SELECT id FROM reporting_periods WHERE code = ?").bind(period.to_string()).fetch_one(&mut **tx).await?;
    Ok(PeriodId(id))
}

/// An account whose password hash is already made (the generator hashes once for many).
pub struct NewAccount<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub organisation: Option<OrgId>,
    pub footprint: Option<FootprintId>,
    pub password_hash: &'a str,
    pub created_at: chrono::NaiveDateTime,
}

pub async fn insert_account(tx: &mut Transaction<'_, Sqlite>, account: &NewAccount<'_>) -> Result<UserId, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (username, display_name, role, organisation_id, footprint_id, password_hash, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(account.username)
    .bind(account.display_name)
    .bind(account.role.code())
    .bind(account.organisation.map(|o| o.0))
    .bind(account.footprint.map(|f| f.0))
    .bind(account.password_hash)
    .bind(account.created_at)
    .fetch_one(&mut **tx)
    .await?;
    Ok(UserId(id))
}

/// Whether `ldr generate` has already written to this database.
pub async fn has_synthetic_footprints(pool: &sqlx::SqlitePool) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM footprints WHERE synthetic = TRUE)").fetch_one(pool).await
}

/// A return that went through its whole story at once (`ldr generate`): created, submitted
/// and approved, with the times given (never the wall clock, so two runs store the same rows).
pub struct ApprovedReturn {
    pub footprint: FootprintId,
    /// None: the footprint's own return.
    pub organisation: Option<OrgId>,
    pub period: PeriodId,
    pub entered_by: UserId,
    pub approver: UserId,
    pub created_at: chrono::NaiveDateTime,
    pub submitted_at: chrono::NaiveDateTime,
    pub approved_at: chrono::NaiveDateTime,
    /// How many times its state changed (the optimistic-concurrency version).
    pub version: i64,
}

pub async fn insert_approved_return(tx: &mut Transaction<'_, Sqlite>, r: &ApprovedReturn) -> Result<ReturnId, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO returns (footprint_id, organisation_id, period_id, revision, state, version, created_at, created_by,
                              updated_at, updated_by, submitted_at, submitted_by, decided_at, decided_by)
         VALUES (?, ?, ?, 1, 'approved', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(r.footprint.0)
    .bind(r.organisation.map(|o| o.0))
    .bind(r.period.0)
    .bind(r.version)
    .bind(r.created_at)
    .bind(r.entered_by.0)
    .bind(r.approved_at)
    .bind(r.approver.0)
    .bind(r.submitted_at)
    .bind(r.entered_by.0)
    .bind(r.approved_at)
    .bind(r.approver.0)
    .fetch_one(&mut **tx)
    .await?;
    Ok(ReturnId(id))
}

/// One step of a return's decision history ('submitted', 'returned' or 'approved'), with
/// the snapshot of its sections (`return_decisions::snapshot`).
pub async fn insert_decision(
    tx: &mut Transaction<'_, Sqlite>,
    ret: ReturnId,
    decision: &str,
    comment: &str,
    by: UserId,
    at: chrono::NaiveDateTime,
    snapshot: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO return_decisions (return_id, decision, comment, decided_by, decided_at, snapshot) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(ret.0)
        .bind(decision)
        .bind(comment)
        .bind(by.0)
        .bind(at)
        .bind(snapshot)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// One section of a return, as last saved by `by` at `at` (stored as the app stores it: the
/// section's code and its figures as JSON).
pub async fn insert_section(
    tx: &mut Transaction<'_, Sqlite>,
    ret: ReturnId,
    figures: &SectionFigures,
    status: SectionStatus,
    by: UserId,
    at: chrono::NaiveDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO return_sections (return_id, section, status, payload, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(ret.0)
        .bind(figures.kind().code())
        .bind(status.code())
        .bind(figures.to_json())
        .bind(at)
        .bind(by.0)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A quarter's returns window, already closed: its deadline is what makes a return late.
pub async fn insert_closed_window(
    tx: &mut Transaction<'_, Sqlite>,
    footprint: FootprintId,
    period: PeriodId,
    deadline: chrono::NaiveDate,
    by: UserId,
    opened_at: chrono::NaiveDateTime,
    closed_at: chrono::NaiveDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO period_windows (footprint_id, period_id, deadline, opened_at, opened_by, closed_at, closed_by)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(footprint.0)
    .bind(period.0)
    .bind(deadline.to_string())
    .bind(opened_at)
    .bind(by.0)
    .bind(closed_at)
    .bind(by.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
