//! Personal API tokens (migration 0030): issued to a named person, listed for a footprint's
//! people, found by the SHA-256 of their text with the holder's account, revoked, and marked
//! used. A token issued on the page carries its form's one-time key (migration 0032), so one
//! form issues one token. Issuing and revoking append their audit entry in the caller's transaction; marking
//! used does not (it is not a change anybody made, and an entry would drop every kept page).

use chrono::NaiveDateTime;
use serde::Serialize;
use serde_json::json;
use sqlx::{FromRow, SqliteConnection, SqlitePool};

use super::audit::{self, Actor, Entry, Generation, GENERATION_SQL};
use super::users::{SessionUser, UserRow, USER_COLUMNS};
use ldr_app::domain::{FootprintId, UserId};

/// A person a token can be issued to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Holder {
    pub user_id: UserId,
    pub username: String,
    pub display_name: String,
    /// Their footprint (a CIO's through their organisation); None for reviewers.
    pub footprint: Option<FootprintId>,
    pub active: bool,
}

#[derive(FromRow)]
struct HolderRow {
    user_id: i64,
    username: String,
    display_name: String,
    footprint: Option<i64>,
    active: bool,
}

impl From<HolderRow> for Holder {
    fn from(r: HolderRow) -> Self {
        Holder {
            user_id: UserId(r.user_id),
            username: r.username,
            display_name: r.display_name,
            footprint: r.footprint.map(FootprintId),
            active: r.active,
        }
    }
}

/// One token as listed: never its text, which is not stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApiToken {
    pub id: i64,
    pub holder: Holder,
    pub label: String,
    pub prefix: String,
    pub created_at: NaiveDateTime,
    /// The PMO's display name; None when the command line issued it.
    pub created_by: Option<String>,
    pub expires_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    pub revoked_by: Option<String>,
}

#[derive(FromRow)]
struct TokenRow {
    id: i64,
    #[sqlx(flatten)]
    holder: HolderRow,
    label: String,
    prefix: String,
    created_at: NaiveDateTime,
    created_by: Option<String>,
    expires_at: NaiveDateTime,
    last_used_at: Option<NaiveDateTime>,
    revoked_at: Option<NaiveDateTime>,
    revoked_by: Option<String>,
}

impl From<TokenRow> for ApiToken {
    fn from(r: TokenRow) -> Self {
        ApiToken {
            id: r.id,
            holder: r.holder.into(),
            label: r.label,
            prefix: r.prefix,
            created_at: r.created_at,
            created_by: r.created_by,
            expires_at: r.expires_at,
            last_used_at: r.last_used_at,
            revoked_at: r.revoked_at,
            revoked_by: r.revoked_by,
        }
    }
}

impl ApiToken {
    /// Whether it would open the API at `now` (its holder's account aside).
    pub fn live_at(&self, now: NaiveDateTime) -> bool {
        self.revoked_at.is_none() && now < self.expires_at
    }
}

const HOLDER_FOOTPRINT: &str = "COALESCE(u.footprint_id, o.footprint_id)";

fn select() -> String {
    format!(
        "SELECT t.id, u.id AS user_id, u.username, u.display_name, {HOLDER_FOOTPRINT} AS footprint, u.active,
                t.label, t.prefix, t.created_at, c.display_name AS created_by, t.expires_at, t.last_used_at,
                t.revoked_at, r.display_name AS revoked_by
         FROM api_tokens t
         JOIN users u ON u.id = t.user_id
         LEFT JOIN organisations o ON o.id = u.organisation_id
         LEFT JOIN users c ON c.id = t.created_by
         LEFT JOIN users r ON r.id = t.revoked_by"
    )
}

/// The tokens of a footprint's people, newest first.
pub async fn for_footprint(pool: &SqlitePool, footprint: FootprintId) -> Result<Vec<ApiToken>, sqlx::Error> {
    let sql = format!("{} WHERE {HOLDER_FOOTPRINT} = ? ORDER BY t.id DESC", select());
    let rows: Vec<TokenRow> = sqlx::query_as(&sql).bind(footprint.0).fetch_all(pool).await?;
    Ok(rows.into_iter().map(ApiToken::from).collect())
}

/// Every token, newest first (`ldr token list`).
pub async fn all(pool: &SqlitePool) -> Result<Vec<ApiToken>, sqlx::Error> {
    let rows: Vec<TokenRow> = sqlx::query_as(&format!("{} ORDER BY t.id DESC", select())).fetch_all(pool).await?;
    Ok(rows.into_iter().map(ApiToken::from).collect())
}

/// One token, read inside the write that revokes it.
pub async fn by_id(conn: &mut SqliteConnection, id: i64) -> Result<Option<ApiToken>, sqlx::Error> {
    let row: Option<TokenRow> = sqlx::query_as(&format!("{} WHERE t.id = ?", select())).bind(id).fetch_optional(conn).await?;
    Ok(row.map(ApiToken::from))
}

const HOLDER_COLUMNS: &str =
    "SELECT u.id AS user_id, u.username, u.display_name, COALESCE(u.footprint_id, o.footprint_id) AS footprint, u.active
     FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id";

/// The active accounts of a footprint (its PMO, Steering Group and CIOs), by name: whom its
/// PMO may issue a token to.
pub async fn footprint_people(pool: &SqlitePool, footprint: FootprintId) -> Result<Vec<Holder>, sqlx::Error> {
    let sql = format!("{HOLDER_COLUMNS} WHERE {HOLDER_FOOTPRINT} = ? AND u.active = TRUE ORDER BY u.display_name, u.username");
    let rows: Vec<HolderRow> = sqlx::query_as(&sql).bind(footprint.0).fetch_all(pool).await?;
    Ok(rows.into_iter().map(Holder::from).collect())
}

/// An active account by username, of any footprint or none (the command line's holder).
pub async fn active_holder(pool: &SqlitePool, username: &str) -> Result<Option<Holder>, sqlx::Error> {
    let sql = format!("{HOLDER_COLUMNS} WHERE u.username = ? AND u.active = TRUE");
    let row: Option<HolderRow> = sqlx::query_as(&sql).bind(username).fetch_optional(pool).await?;
    Ok(row.map(Holder::from))
}

/// A token about to be stored: the hash of its text, never the text.
pub struct NewToken<'a> {
    pub holder: &'a Holder,
    pub label: &'a str,
    pub secret_sha256: &'a str,
    pub prefix: &'a str,
    pub created_at: NaiveDateTime,
    pub created_by: Option<UserId>,
    pub expires_at: NaiveDateTime,
}

/// Store a new token with its audit entry; returns its id. No form issued it (the command
/// line), so it has no form key.
pub async fn issue(conn: &mut SqliteConnection, actor: &Actor, t: NewToken<'_>) -> Result<i64, sqlx::Error> {
    insert(conn, actor, t, None).await
}

/// What issuing with a form's one-time key did.
#[derive(Debug, Clone, PartialEq)]
pub enum IssuedOnce {
    /// The new token's id.
    Issued(i64),
    /// This form already issued a token (a refresh or a double click): its label and when.
    /// Nothing was written.
    Already { label: String, created_at: NaiveDateTime },
}

/// Store a new token issued by the form whose one-time key is `form_key`, unless that form
/// already issued one. The unique index on `form_key` (migration 0032) decides, so of two
/// concurrent posts of one form exactly one inserts; the other's violation is read here as
/// `Already`. Call it in a write transaction and roll back on `Already`: a failed INSERT
/// leaves the transaction open, and the audit entry is only written for an insert.
pub async fn issue_once(conn: &mut SqliteConnection, actor: &Actor, t: NewToken<'_>, form_key: &str) -> Result<IssuedOnce, sqlx::Error> {
    match insert(conn, actor, t, Some(form_key)).await {
        Ok(id) => Ok(IssuedOnce::Issued(id)),
        Err(e) if e.as_database_error().is_some_and(|d| d.is_unique_violation()) => {
            let earlier: Option<(String, NaiveDateTime)> = sqlx::query_as("SELECT label, created_at FROM api_tokens WHERE form_key = ?")
                .bind(form_key)
                .fetch_optional(&mut *conn)
                .await?;
            // Another unique column (the secret's hash) cannot collide; if it somehow did,
            // the original error stands.
            let (label, created_at) = earlier.ok_or(e)?;
            Ok(IssuedOnce::Already { label, created_at })
        }
        Err(e) => Err(e),
    }
}

async fn insert(conn: &mut SqliteConnection, actor: &Actor, t: NewToken<'_>, form_key: Option<&str>) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO api_tokens (user_id, label, secret_sha256, prefix, created_at, created_by, expires_at, form_key)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(t.holder.user_id.0)
    .bind(t.label)
    .bind(t.secret_sha256)
    .bind(t.prefix)
    .bind(t.created_at)
    .bind(t.created_by.map(|u| u.0))
    .bind(t.expires_at)
    .bind(form_key)
    .fetch_one(&mut *conn)
    .await?;
    let after = json!({ "holder": t.holder.username, "label": t.label, "prefix": t.prefix, "expires_at": t.expires_at });
    let entry = Entry {
        action: "api_token.issue",
        entity: "api_token",
        entity_id: Some(id.to_string()),
        after: Some(after),
        footprint: t.holder.footprint,
        ..Default::default()
    };
    audit::append(conn, actor, entry).await?;
    Ok(id)
}

/// Revoke a token that is not revoked yet, with its audit entry; false when it already was
/// (or does not exist), and then nothing is written.
pub async fn revoke(
    conn: &mut SqliteConnection,
    actor: &Actor,
    token: &ApiToken,
    by: Option<UserId>,
    at: NaiveDateTime,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE api_tokens SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL")
        .bind(at)
        .bind(by.map(|u| u.0))
        .bind(token.id)
        .execute(&mut *conn)
        .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    let entry = Entry {
        action: "api_token.revoke",
        entity: "api_token",
        entity_id: Some(token.id.to_string()),
        before: Some(json!({ "holder": token.holder.username, "label": token.label, "prefix": token.prefix })),
        after: Some(json!({ "revoked_at": at })),
        footprint: token.holder.footprint,
        ..Default::default()
    };
    audit::append(conn, actor, entry).await?;
    Ok(true)
}

#[derive(FromRow)]
struct PresentedRow {
    token_id: i64,
    expires_at: NaiveDateTime,
    generation: i64,
    #[sqlx(flatten)]
    user: UserRow,
}

/// A token presented to the API, found by its hash: not revoked, its holder active.
pub struct Presented {
    pub id: i64,
    pub expires_at: NaiveDateTime,
    pub holder: SessionUser,
    /// The data's generation read with the token, as a session's is (`users::signed_in_user`).
    pub generation: Generation,
}

/// The live token with this hash and its holder as a session would load them (one indexed
/// look-up). Revoked tokens and disabled holders are not found; expiry is judged by the caller
/// on the app's clock.
pub async fn find_by_hash(pool: &SqlitePool, secret_sha256: &str) -> Result<Option<Presented>, sqlx::Error> {
    let sql = format!(
        "SELECT t.id AS token_id, t.expires_at, {GENERATION_SQL} AS generation, {USER_COLUMNS}
         JOIN api_tokens t ON t.user_id = u.id
         WHERE t.secret_sha256 = ? AND t.revoked_at IS NULL AND u.active = TRUE"
    );
    let row: Option<PresentedRow> = sqlx::query_as(&sql).bind(secret_sha256).fetch_optional(pool).await?;
    row.map(|r| {
        Ok(Presented {
            id: r.token_id,
            expires_at: r.expires_at,
            holder: SessionUser::try_from(r.user)?,
            generation: Generation(r.generation),
        })
    })
    .transpose()
}

/// Record that a token was used at `at`, unless it already was since `not_since`: a
/// conditional UPDATE, so two servers (or a slow task) never move it backwards or write twice.
pub async fn touch(pool: &SqlitePool, id: i64, at: NaiveDateTime, not_since: NaiveDateTime) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)")
        .bind(at)
        .bind(id)
        .bind(not_since)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}
