//! The append-only audit log. Every write appends here inside its own transaction.

use chrono::NaiveDateTime;
use serde_json::Value;
use sqlx::{SqliteConnection, SqlitePool};

use super::dialect;
use ldr_app::domain::{FootprintId, OrgId, PeriodId, UserId};

/// Who did something: a signed-in person, or the command line / seed loader.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Option<UserId>,
    pub name: String,
    pub role: Option<String>,
}

impl Actor {
    pub fn system(name: &str) -> Self {
        Actor { user_id: None, name: name.to_string(), role: None }
    }
}

/// How far the data has moved: the newest audit entry's id. Every write appends an entry in
/// its own transaction, so this changes with every write and with nothing else; a page kept
/// for one generation is current exactly while it stands (`web::page_cache`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Generation(pub i64);

/// The SQL for [`Generation`]: the greatest rowid, one step down the table's b-tree.
pub const GENERATION_SQL: &str = "(SELECT COALESCE(MAX(id), 0) FROM audit_log)";

/// The data generation now, on its own: a report's gathering reads it on both sides of its
/// queries (kept pages and answers read it with their caller instead).
pub async fn generation(pool: &SqlitePool) -> Result<Generation, sqlx::Error> {
    Ok(Generation(sqlx::query_scalar(&format!("SELECT {GENERATION_SQL}")).fetch_one(pool).await?))
}

#[derive(Debug, Default)]
pub struct Entry<'a> {
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
    /// What the change concerns, for the audit page's filters.
    pub footprint: Option<FootprintId>,
    pub organisation: Option<OrgId>,
    pub period: Option<PeriodId>,
}

pub async fn append(conn: &mut SqliteConnection, actor: &Actor, entry: Entry<'_>) -> Result<(), sqlx::Error> {
    append_at(conn, actor, entry, dialect::now()).await
}

/// The same, at a time given: `ldr generate` dates each step of a return from its quarter.
pub async fn append_at(conn: &mut SqliteConnection, actor: &Actor, entry: Entry<'_>, at: NaiveDateTime) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (at, user_id, actor, role, action, entity, entity_id, before_json, after_json,
                                footprint_id, organisation_id, period_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(at)
    .bind(actor.user_id.map(|u| u.0))
    .bind(&actor.name)
    .bind(&actor.role)
    .bind(entry.action)
    .bind(entry.entity)
    .bind(entry.entity_id)
    .bind(entry.before.map(|v| v.to_string()))
    .bind(entry.after.map(|v| v.to_string()))
    .bind(entry.footprint.map(|f| f.0))
    .bind(entry.organisation.map(|o| o.0))
    .bind(entry.period.map(|p| p.0))
    .execute(conn)
    .await?;
    Ok(())
}
