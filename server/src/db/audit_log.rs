//! Reading the audit log for the `/audit` page: one footprint's entries, filtered and paged
//! newest first, and the choices for the page's filters, as facts (the page words and labels
//! them). `audit.rs` writes the log.

use chrono::NaiveDateTime;
use serde::Serialize;
use serde_json::Value;
use sqlx::{FromRow, SqlitePool};

use ldr_app::domain::FootprintId;
use ldr_app::returns::figures::SectionFigures;
use ldr_app::returns::{SectionKind, SectionStatus};

pub use ldr_app::audit::AuditFilter;
use ldr_app::audit::{AuditEntry, FilterChoices, OrgName, Person};

/// The accounts that belong to the footprint (bound once, as the first `?` of the fragment):
/// its PMO and Steering Group, and the CIOs of its organisations (whose footprint column may
/// be empty when added by organisation only).
const FOOTPRINT_USERS: &str = "SELECT u.id FROM users u
    JOIN footprints f ON f.id = ?
    WHERE u.footprint_id = f.id
       OR u.organisation_id IN (SELECT o.id FROM organisations o WHERE o.footprint_id = f.id)";

/// Which entries a footprint sees, over `audit_log a`, taking the footprint's id as its
/// binds (see [`visible_binds`]). Entries written about the footprint carry its id. Entries
/// with no footprint are shown when they concern it: what its own people did (signing in),
/// changes to its people's accounts (made from the command line or the seed), and loads of
/// the seed, whose reference data and figures every footprint reads. A reviewer's own
/// sign-ins concern no footprint and appear in none; another footprint's entries never appear.
fn visible() -> String {
    format!(
        "(a.footprint_id = ?
          OR (a.footprint_id IS NULL AND (
                 a.user_id IN ({FOOTPRINT_USERS})
              OR (a.entity = 'user' AND a.entity_id IN (SELECT CAST(v.id AS TEXT) FROM ({FOOTPRINT_USERS}) v))
              OR (a.user_id IS NULL AND a.entity = 'seed'))))"
    )
}

/// How many times [`visible`] binds the footprint's id.
const VISIBLE_BINDS: usize = 3;

/// An entry, with the two versions of a section when it records a section save, for the
/// page to say what changed (that needs the return's template, which is not read here).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogEntry {
    #[serde(flatten)]
    pub entry: AuditEntry,
    pub section: Option<SectionVersions>,
}

/// A saved section as the audit row recorded it: before (None on a row without it) and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionVersions {
    pub before: Option<SavedSection>,
    pub after: SavedSection,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SavedSection {
    #[serde(serialize_with = "status_code")]
    pub status: SectionStatus,
    #[serde(serialize_with = "figures_json")]
    pub figures: SectionFigures,
}

/// A section's figures as the log stores them: its kind and its values.
fn figures_json<S: serde::Serializer>(figures: &SectionFigures, s: S) -> Result<S::Ok, S::Error> {
    let values: Value = serde_json::from_str(&figures.to_json()).map_err(serde::ser::Error::custom)?;
    serde_json::json!({ "section": figures.kind().code(), "values": values }).serialize(s)
}

fn status_code<S: serde::Serializer>(status: &SectionStatus, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(status.code())
}

#[derive(FromRow)]
struct Row {
    id: i64,
    at: NaiveDateTime,
    actor: String,
    actor_name: Option<String>,
    role: Option<String>,
    action: String,
    entity: String,
    entity_id: Option<String>,
    org_code: Option<String>,
    org_short_name: Option<String>,
    period: Option<String>,
    before_json: Option<String>,
    after_json: Option<String>,
}

/// The footprint's entries matching `filter`, newest first, at most `limit`.
///
/// Each filter is bound as `? IS NULL OR ...` so one statement serves every combination
/// (PostgreSQL would want the parameters cast to text). An unknown code simply matches
/// nothing. The person filter matches the account by id, since the actor name is the
/// username as typed at sign-in, and system actors (`seed`, `cli`) by name.
pub async fn page(pool: &SqlitePool, footprint: FootprintId, filter: &AuditFilter, limit: usize) -> Result<Vec<LogEntry>, sqlx::Error> {
    let sql = format!(
        // The role at the time if the entry recorded one, else the account's.
        "SELECT a.id, a.at, a.actor, u.display_name AS actor_name, COALESCE(a.role, u.role) AS role, a.action, a.entity,
                a.entity_id, o.code AS org_code, o.short_name AS org_short_name, p.code AS period, a.before_json, a.after_json
         FROM audit_log a
         LEFT JOIN users u ON u.id = a.user_id
         LEFT JOIN organisations o ON o.id = a.organisation_id
         LEFT JOIN reporting_periods p ON p.id = a.period_id
         WHERE {visible}
           AND (? IS NULL OR o.code = ?)
           AND (? IS NULL OR a.user_id = (SELECT x.id FROM users x WHERE x.username = ?)
                          OR (a.user_id IS NULL AND a.actor = ?))
           AND (? IS NULL OR p.code = ?)
           AND (? IS NULL OR a.action = ?)
           AND (? IS NULL OR a.id < ?)
         ORDER BY a.id DESC
         LIMIT ?",
        visible = visible()
    );
    let mut query = sqlx::query_as::<_, Row>(&sql);
    for _ in 0..VISIBLE_BINDS {
        query = query.bind(footprint.0);
    }
    let rows = query
        .bind(&filter.organisation)
        .bind(&filter.organisation)
        .bind(&filter.user)
        .bind(&filter.user)
        .bind(&filter.user)
        .bind(&filter.period)
        .bind(&filter.period)
        .bind(&filter.kind)
        .bind(&filter.kind)
        .bind(filter.before_id)
        .bind(filter.before_id)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().map(to_entry).collect())
}

/// `{"section": "dma", "status": "completed", "figures": {...}}`, as `returns::save_section`
/// writes it; None for anything else, which the page then shows as it is.
fn saved_section(json: Option<&str>) -> Option<SavedSection> {
    let v: Value = serde_json::from_str(json?).ok()?;
    let kind: SectionKind = v.get("section")?.as_str()?.parse().ok()?;
    let status: SectionStatus = v.get("status")?.as_str()?.parse().ok()?;
    let figures = SectionFigures::from_json(kind, &v.get("figures")?.to_string()).ok()?;
    Some(SavedSection { status, figures })
}

/// A stored value as JSON; text that is not JSON is kept as a string.
fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string()))
}

fn to_entry(r: Row) -> LogEntry {
    let section = if r.action == "return.save_section" {
        saved_section(r.after_json.as_deref()).map(|after| SectionVersions { before: saved_section(r.before_json.as_deref()), after })
    } else {
        None
    };
    let entry = AuditEntry {
        id: r.id,
        at: r.at,
        actor: r.actor,
        actor_name: r.actor_name,
        role: r.role,
        action: r.action,
        entity: r.entity,
        entity_id: r.entity_id,
        organisation: r.org_code.zip(r.org_short_name).map(|(code, short_name)| OrgName { code, short_name }),
        period: r.period,
        before: r.before_json.as_deref().map(json),
        after: r.after_json.as_deref().map(json),
    };
    LogEntry { entry, section }
}

/// The choices of the page's selects: the footprint's organisations, the people in its log
/// or belonging to it, and the periods and kinds of change that appear in its log.
pub async fn filter_options(pool: &SqlitePool, footprint: FootprintId) -> Result<FilterChoices, sqlx::Error> {
    let organisations: Vec<(String, String)> =
        sqlx::query_as("SELECT code, short_name FROM organisations WHERE footprint_id = ? AND parent_id IS NULL ORDER BY short_name")
            .bind(footprint.0)
            .fetch_all(pool)
            .await?;
    let people_sql = format!(
        "SELECT u.username, u.display_name FROM users u
         WHERE u.id IN ({FOOTPRINT_USERS})
            OR u.id IN (SELECT a.user_id FROM audit_log a WHERE {visible})
         UNION
         SELECT DISTINCT a.actor, a.actor FROM audit_log a WHERE a.user_id IS NULL AND {visible}
         ORDER BY 2",
        visible = visible()
    );
    let mut people = sqlx::query_as::<_, (String, String)>(&people_sql);
    for _ in 0..1 + 2 * VISIBLE_BINDS {
        people = people.bind(footprint.0);
    }
    let people = people.fetch_all(pool).await?;
    let periods_sql = format!(
        "SELECT p.code FROM reporting_periods p
         WHERE p.id IN (SELECT a.period_id FROM audit_log a WHERE {visible})
         ORDER BY p.financial_year DESC, p.quarter DESC",
        visible = visible()
    );
    let periods = bind_visible(sqlx::query_scalar(&periods_sql), footprint).fetch_all(pool).await?;
    let kinds_sql = format!("SELECT DISTINCT a.action FROM audit_log a WHERE {} ORDER BY a.action", visible());
    let kinds = bind_visible(sqlx::query_scalar(&kinds_sql), footprint).fetch_all(pool).await?;
    Ok(FilterChoices {
        organisations: organisations.into_iter().map(|(code, short_name)| OrgName { code, short_name }).collect(),
        people: people.into_iter().map(|(username, display_name)| Person { username, display_name }).collect(),
        periods,
        kinds,
    })
}

type Scalar<'q> = sqlx::query::QueryScalar<'q, sqlx::Sqlite, String, sqlx::sqlite::SqliteArguments<'q>>;

/// Bind the footprint's id to each `?` of [`visible`], the only binds of these queries.
fn bind_visible(mut query: Scalar<'_>, footprint: FootprintId) -> Scalar<'_> {
    for _ in 0..VISIBLE_BINDS {
        query = query.bind(footprint.0);
    }
    query
}
