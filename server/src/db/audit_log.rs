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

/// The accounts that belong to the footprint (its id bound once): its PMO and Steering
/// Group, and the CIOs of its organisations (whose footprint column may be empty when added
/// by organisation only). One pass over the accounts, each joined to its organisation: a list
/// of the footprint's organisations tested per account was rebuilt for every account (23 ms
/// at England's size, against 0.4 ms).
macro_rules! footprint_users {
    () => {
        "SELECT fu.id FROM users fu LEFT JOIN organisations fo ON fo.id = fu.organisation_id JOIN footprints ff ON ff.id = ?
         WHERE fu.footprint_id = ff.id OR fo.footprint_id = ff.id"
    };
}

/// Which entries a footprint sees, over `audit_log a`, in two branches that each walk the
/// `audit_log_visible` index newest first (migration 0024): entries written about the
/// footprint carry its id ([`OWN`], one bind); entries with no footprint are shown when they
/// concern it ([`NATIONAL`], the footprint's id bound twice): what its own people did
/// (signing in), changes to its people's accounts (made from the command line or the seed),
/// and loads of the seed, whose reference data and figures every footprint reads. A
/// reviewer's own sign-ins concern no footprint and appear in none; another footprint's
/// entries never appear. (One condition with an OR made SQLite read both sets whole, JSON
/// and all, and sort them to show 50.)
const OWN: &str = "a.footprint_id = ?";

const NATIONAL: &str = concat!(
    "a.footprint_id IS NULL AND (a.user_id IN (",
    footprint_users!(),
    ") OR (a.entity = 'user' AND a.entity_id IN (SELECT CAST(v.id AS TEXT) FROM (",
    footprint_users!(),
    ") v)) OR (a.user_id IS NULL AND a.entity = 'seed'))"
);

/// The page's filters over `audit_log a`, each bound as `? IS NULL OR ...` so one statement
/// serves every combination (PostgreSQL would want the parameters cast to text), and the
/// page's start as `a.id < ?` (always bound) so it is a range of the index. An unknown code
/// simply matches nothing. The person filter matches the account by id, since the actor
/// name is the username as typed at sign-in, and system actors (`seed`, `cli`) by name.
const FILTERS: &str = "(? IS NULL OR a.organisation_id = (SELECT fo.id FROM organisations fo WHERE fo.code = ?))
           AND (? IS NULL OR a.user_id = (SELECT x.id FROM users x WHERE x.username = ?)
                          OR (a.user_id IS NULL AND a.actor = ?))
           AND (? IS NULL OR a.period_id = (SELECT fp.id FROM reporting_periods fp WHERE fp.code = ?))
           AND (? IS NULL OR a.action = ?)
           AND a.id < ?";

/// The `/audit` page's statement: each branch's newest `limit` entries by index order, then
/// the newest `limit` of those (at most twice `limit` rows sorted), joined to what they show.
pub fn page_sql() -> String {
    format!(
        // The role at the time if the entry recorded one, else the account's.
        "SELECT a.id, a.at, a.actor, u.display_name AS actor_name, COALESCE(a.role, u.role) AS role, a.action, a.entity,
                a.entity_id, o.code AS org_code, o.short_name AS org_short_name, p.code AS period, a.before_json, a.after_json
         FROM (SELECT id FROM (SELECT a.id FROM audit_log a WHERE {OWN} AND {FILTERS} ORDER BY a.id DESC LIMIT ?) own
               UNION ALL
               SELECT id FROM (SELECT a.id FROM audit_log a WHERE {NATIONAL} AND {FILTERS} ORDER BY a.id DESC LIMIT ?) national
              ) shown
         JOIN audit_log a ON a.id = shown.id
         LEFT JOIN users u ON u.id = a.user_id
         LEFT JOIN organisations o ON o.id = a.organisation_id
         LEFT JOIN reporting_periods p ON p.id = a.period_id
         ORDER BY a.id DESC
         LIMIT ?"
    )
}

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

/// The footprint's entries matching `filter`, newest first, at most `limit` ([`page_sql`]).
pub async fn page(pool: &SqlitePool, footprint: FootprintId, filter: &AuditFilter, limit: usize) -> Result<Vec<LogEntry>, sqlx::Error> {
    let sql = page_sql();
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let before = filter.before_id.unwrap_or(i64::MAX);
    let mut query = sqlx::query_as::<_, Row>(&sql);
    for footprint_binds in [1, 2] {
        for _ in 0..footprint_binds {
            query = query.bind(footprint.0);
        }
        query = query
            .bind(&filter.organisation)
            .bind(&filter.organisation)
            .bind(&filter.user)
            .bind(&filter.user)
            .bind(&filter.user)
            .bind(&filter.period)
            .bind(&filter.period)
            .bind(&filter.kind)
            .bind(&filter.kind)
            .bind(before)
            .bind(limit);
    }
    let rows = query.bind(limit).fetch_all(pool).await?;
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

/// The people of the filter list: the footprint's own, whoever appears in its own entries
/// (one index probe per account), whoever changed its people's accounts (by the entity
/// index), and the system actors of the entries it sees. Binds the footprint's id five times.
pub const PEOPLE_SQL: &str = concat!(
    "SELECT u.username, u.display_name FROM users u WHERE u.id IN (",
    footprint_users!(),
    ") OR EXISTS (SELECT 1 FROM audit_log a WHERE a.footprint_id = ? AND a.user_id = u.id)
       OR u.id IN (SELECT a.user_id FROM audit_log a WHERE a.entity = 'user' AND a.footprint_id IS NULL
                   AND a.entity_id IN (SELECT CAST(v.id AS TEXT) FROM (",
    footprint_users!(),
    ") v))
     UNION
     SELECT a.actor, a.actor FROM audit_log a WHERE a.footprint_id = ? AND a.user_id IS NULL
     UNION
     SELECT a.actor, a.actor FROM audit_log a WHERE a.footprint_id IS NULL AND a.user_id IS NULL
       AND (a.entity = 'seed' OR (a.entity = 'user' AND a.entity_id IN (SELECT CAST(v.id AS TEXT) FROM (",
    footprint_users!(),
    ") v)))
     ORDER BY 2"
);

/// The quarters of the filter list: one index probe per reporting period in each branch.
/// Binds the footprint's id three times.
pub fn periods_sql() -> String {
    format!(
        "SELECT p.code FROM reporting_periods p
         WHERE EXISTS (SELECT 1 FROM audit_log a WHERE a.footprint_id = ? AND a.period_id = p.id)
            OR EXISTS (SELECT 1 FROM audit_log a WHERE a.period_id = p.id AND {NATIONAL})
         ORDER BY p.financial_year DESC, p.quarter DESC"
    )
}

/// The kinds of change of the filter list. The footprint's own kinds are read as a skip scan
/// of the `audit_log_footprint_actions` index (the next kind after the last, one seek each,
/// in standard recursive SQL); the entries about no footprint that concern it are those its
/// people's sign-ins and account changes make. Binds the footprint's id four times.
pub fn kinds_sql() -> String {
    format!(
        "WITH RECURSIVE own(action) AS (
             SELECT MIN(a.action) FROM audit_log a WHERE a.footprint_id = ?
             UNION ALL
             SELECT (SELECT MIN(a.action) FROM audit_log a WHERE a.footprint_id = ? AND a.action > own.action)
             FROM own WHERE own.action IS NOT NULL)
         SELECT action FROM own WHERE action IS NOT NULL
         UNION
         SELECT a.action FROM audit_log a WHERE {NATIONAL}
         ORDER BY 1"
    )
}

/// The choices of the page's selects: the footprint's organisations, the people in its log
/// or belonging to it, and the periods and kinds of change that appear in its log.
pub async fn filter_options(pool: &SqlitePool, footprint: FootprintId) -> Result<FilterChoices, sqlx::Error> {
    let organisations: Vec<(String, String)> =
        sqlx::query_as("SELECT code, short_name FROM organisations WHERE footprint_id = ? AND parent_id IS NULL ORDER BY short_name")
            .bind(footprint.0)
            .fetch_all(pool)
            .await?;
    let mut people = sqlx::query_as::<_, (String, String)>(PEOPLE_SQL);
    for _ in 0..5 {
        people = people.bind(footprint.0);
    }
    let people = people.fetch_all(pool).await?;
    let periods_sql = periods_sql();
    let periods = bind_footprint(sqlx::query_scalar(&periods_sql), footprint, 3).fetch_all(pool).await?;
    let kinds_sql = kinds_sql();
    let kinds = bind_footprint(sqlx::query_scalar(&kinds_sql), footprint, 4).fetch_all(pool).await?;
    Ok(FilterChoices {
        organisations: organisations.into_iter().map(|(code, short_name)| OrgName { code, short_name }).collect(),
        people: people.into_iter().map(|(username, display_name)| Person { username, display_name }).collect(),
        periods,
        kinds,
    })
}

type Scalar<'q> = sqlx::query::QueryScalar<'q, sqlx::Sqlite, String, sqlx::sqlite::SqliteArguments<'q>>;

/// Bind the footprint's id to each of the `times` `?` of a filter list's statement.
fn bind_footprint(mut query: Scalar<'_>, footprint: FootprintId, times: usize) -> Scalar<'_> {
    for _ in 0..times {
        query = query.bind(footprint.0);
    }
    query
}
