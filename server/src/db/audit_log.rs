//! Reading the audit log for the `/audit` page: one footprint's entries, filtered and paged
//! newest first, and the choices for the page's filters. (`audit.rs` writes the log.)

use serde_json::Value;
use sqlx::SqlitePool;

use ldr_app::domain::FootprintId;
use ldr_app::returns::figures::SectionFigures;
use ldr_app::returns::{SectionKind, SectionStatus};
use ldr_app::views::audit_log::{AuditRow, Choice, FilterOptions, Payload};

pub use ldr_app::views::audit_log::AuditFilter;

/// The accounts that belong to footprint `?1`: its PMO and Steering Group, and the CIOs of its
/// organisations (whose footprint column may be empty when added by organisation only).
const FOOTPRINT_USERS: &str = "SELECT u.id FROM users u
    WHERE u.footprint_id = ?1
       OR u.organisation_id IN (SELECT o.id FROM organisations o WHERE o.footprint_id = ?1)";

/// Which entries footprint `?1` sees, over `audit_log a`. Entries written about the footprint
/// carry its id. Entries with no footprint are shown when they concern it: what its own people
/// did (signing in), changes to its people's accounts (made from the command line or the
/// seed), and loads of the seed, whose reference data and figures every footprint reads. A
/// reviewer's own sign-ins concern no footprint and appear in none; another footprint's
/// entries never appear.
fn visible() -> String {
    format!(
        "(a.footprint_id = ?1
          OR (a.footprint_id IS NULL AND (
                 a.user_id IN ({FOOTPRINT_USERS})
              OR (a.entity = 'user' AND a.entity_id IN (SELECT CAST(f.id AS TEXT) FROM ({FOOTPRINT_USERS}) f))
              OR (a.user_id IS NULL AND a.entity = 'seed'))))"
    )
}

type RowTuple = (
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The footprint's entries matching `filter`, newest first, at most `limit`.
///
/// Each filter is bound as `?N IS NULL OR ...` so one statement serves every combination
/// (PostgreSQL would want the parameters cast to text). An unknown code simply matches
/// nothing. The person filter matches the account by id, since the actor name is the
/// username as typed at sign-in, and system actors (`seed`, `cli`) by name.
pub async fn page(pool: &SqlitePool, footprint: FootprintId, filter: &AuditFilter, limit: usize) -> Result<Vec<LogEntry>, sqlx::Error> {
    let sql = format!(
        // The role at the time if the entry recorded one, else the account's (sign-ins record none).
        "SELECT a.id, a.at, a.actor, u.display_name, COALESCE(a.role, u.role), a.action, a.entity, a.entity_id,
                o.code, o.short_name, p.code, a.before_json, a.after_json
         FROM audit_log a
         LEFT JOIN users u ON u.id = a.user_id
         LEFT JOIN organisations o ON o.id = a.organisation_id
         LEFT JOIN reporting_periods p ON p.id = a.period_id
         WHERE {visible}
           AND (?2 IS NULL OR o.code = ?2)
           AND (?3 IS NULL OR a.user_id = (SELECT x.id FROM users x WHERE x.username = ?3)
                           OR (a.user_id IS NULL AND a.actor = ?3))
           AND (?4 IS NULL OR p.code = ?4)
           AND (?5 IS NULL OR a.action = ?5)
           AND (?6 IS NULL OR a.id < ?6)
         ORDER BY a.id DESC
         LIMIT ?7",
        visible = visible()
    );
    let rows: Vec<RowTuple> = sqlx::query_as(&sql)
        .bind(footprint.0)
        .bind(&filter.organisation)
        .bind(&filter.user)
        .bind(&filter.period)
        .bind(&filter.kind)
        .bind(filter.before_id)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().map(to_entry).collect())
}

/// An entry, with the two versions of a section when it records a section save, for the
/// page to say what changed (that needs the return's template, which is not read here).
pub struct LogEntry {
    pub row: AuditRow,
    pub section: Option<SectionVersions>,
}

/// A saved section as the audit row recorded it: before (None on a row without it) and after.
pub struct SectionVersions {
    pub before: Option<(SectionStatus, SectionFigures)>,
    pub after: (SectionStatus, SectionFigures),
}

/// `{"section": "dma", "status": "completed", "figures": {...}}`, as `returns::save_section`
/// writes it; None for anything else, which the page then shows as it is.
fn saved_section(json: Option<&str>) -> Option<(SectionStatus, SectionFigures)> {
    let v: Value = serde_json::from_str(json?).ok()?;
    let kind: SectionKind = v.get("section")?.as_str()?.parse().ok()?;
    let status: SectionStatus = v.get("status")?.as_str()?.parse().ok()?;
    let figures = SectionFigures::from_json(kind, &v.get("figures")?.to_string()).ok()?;
    Some((status, figures))
}

fn to_entry(r: RowTuple) -> LogEntry {
    let section = if r.5 == "return.save_section" {
        saved_section(r.12.as_deref()).map(|after| SectionVersions { before: saved_section(r.11.as_deref()), after })
    } else {
        None
    };
    LogEntry { row: to_row(r), section }
}

fn to_row(r: RowTuple) -> AuditRow {
    let (id, at, actor, actor_name, role, action, entity, entity_id, org_code, org_short, period, before, after) = r;
    AuditRow {
        id,
        at,
        actor,
        actor_name,
        role,
        action,
        entity,
        entity_id,
        organisation: org_code.zip(org_short),
        period,
        before: before.as_deref().map(payload),
        after: after.as_deref().map(payload),
        section: None,
    }
}

/// A stored JSON value as the page shows it. Text that is not JSON (which `append` never
/// writes) is shown as it is rather than failing the page.
pub fn payload(json: &str) -> Payload {
    match serde_json::from_str::<Value>(json) {
        Ok(Value::Object(map)) => Payload::Fields(map.into_iter().map(|(k, v)| (k, value_text(&v))).collect()),
        Ok(other) => Payload::Text(value_text(&other)),
        Err(_) => Payload::Text(json.to_string()),
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "none".into(),
        Value::Bool(true) => "yes".into(),
        Value::Bool(false) => "no".into(),
        // Numbers print as written; nested lists and objects as compact JSON.
        other => other.to_string(),
    }
}

/// The choices of the page's selects: the footprint's organisations (not GP practices, which
/// are reported through their group), the people in its log or belonging to it, and the
/// periods and kinds of change that appear in its log.
pub async fn filter_options(pool: &SqlitePool, footprint: FootprintId) -> Result<FilterOptions, sqlx::Error> {
    let organisations: Vec<(String, String)> =
        sqlx::query_as("SELECT code, short_name FROM organisations WHERE footprint_id = ? AND parent_id IS NULL ORDER BY short_name")
            .bind(footprint.0)
            .fetch_all(pool)
            .await?;
    let users: Vec<(String, String)> = sqlx::query_as(&format!(
        "SELECT u.username, u.display_name FROM users u
         WHERE u.id IN ({FOOTPRINT_USERS})
            OR u.id IN (SELECT a.user_id FROM audit_log a WHERE {visible})
         UNION
         SELECT DISTINCT a.actor, a.actor FROM audit_log a WHERE a.user_id IS NULL AND {visible}
         ORDER BY 2",
        visible = visible()
    ))
    .bind(footprint.0)
    .fetch_all(pool)
    .await?;
    let periods: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT p.code FROM reporting_periods p
         WHERE p.id IN (SELECT a.period_id FROM audit_log a WHERE {visible})
         ORDER BY p.financial_year DESC, p.quarter DESC",
        visible = visible()
    ))
    .bind(footprint.0)
    .fetch_all(pool)
    .await?;
    let kinds: Vec<String> =
        sqlx::query_scalar(&format!("SELECT DISTINCT a.action FROM audit_log a WHERE {} ORDER BY a.action", visible()))
            .bind(footprint.0)
            .fetch_all(pool)
            .await?;
    Ok(FilterOptions {
        organisations: organisations.into_iter().map(|(code, short)| Choice::new(code.clone(), format!("{short} ({code})"))).collect(),
        users: users.into_iter().map(|(username, name)| Choice::new(username.clone(), user_label(&name, &username))).collect(),
        periods,
        kinds,
    })
}

fn user_label(name: &str, username: &str) -> String {
    if name == username {
        username.to_string()
    } else {
        format!("{name} ({username})")
    }
}
