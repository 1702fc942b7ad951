//! Accounts: look-up for sign-in and for each request, and the writes the command line makes.

use serde::Serialize;
use serde_json::json;
use sqlx::{FromRow, SqliteConnection, SqlitePool};

use super::audit::{self, Actor, Entry, Generation, GENERATION_SQL};
use ldr_app::access::Principal;
use ldr_app::domain::{FootprintId, OrgId, Role, UserId};

/// An account row with what a `Principal` needs (also read by `api_tokens::find_by_hash`).
#[derive(Debug, FromRow)]
pub(super) struct UserRow {
    id: i64,
    username: String,
    display_name: String,
    role: String,
    organisation_id: Option<i64>,
    footprint_id: Option<i64>,
    org_short_name: Option<String>,
    session_epoch: i64,
    home_synthetic: bool,
}

pub(super) const USER_COLUMNS: &str = "u.id, u.username, u.display_name, u.role, u.organisation_id,
     COALESCE(u.footprint_id, o.footprint_id) AS footprint_id, o.short_name AS org_short_name,
     u.session_epoch,
     COALESCE((SELECT f.synthetic FROM footprints f WHERE f.id = COALESCE(u.footprint_id, o.footprint_id)), FALSE) AS home_synthetic
     FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id";

/// A signed-in person as every page needs them: who they are and what they may do (the page
/// header's badge is drawn from this in `auth::signed_in`).
#[derive(Debug, Clone, Serialize)]
pub struct SessionUser {
    pub principal: Principal,
    /// A CIO's organisation's short name (`GHFT`).
    pub organisation_short_name: Option<String>,
    /// Bumped by a password change or a disable: a session made under another epoch is over.
    pub session_epoch: i64,
    /// Their footprint was made by `ldr generate`: every page says the data is synthetic.
    pub home_synthetic: bool,
}

impl TryFrom<UserRow> for SessionUser {
    type Error = sqlx::Error;
    fn try_from(r: UserRow) -> Result<Self, Self::Error> {
        let role: Role = r.role.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))?;
        Ok(SessionUser {
            session_epoch: r.session_epoch,
            home_synthetic: r.home_synthetic,
            organisation_short_name: r.org_short_name,
            principal: Principal {
                user_id: UserId(r.id),
                username: r.username,
                display_name: r.display_name,
                role,
                organisation: r.organisation_id.map(OrgId),
                footprint: r.footprint_id.map(FootprintId),
            },
        })
    }
}

/// An active account by id (a disabled account's sessions stop working at once).
pub async fn active_user(pool: &SqlitePool, id: UserId) -> Result<Option<SessionUser>, sqlx::Error> {
    let sql = format!("SELECT {USER_COLUMNS} WHERE u.id = ? AND u.active = TRUE");
    let row: Option<UserRow> = sqlx::query_as(&sql).bind(id.0).fetch_optional(pool).await?;
    row.map(SessionUser::try_from).transpose()
}

#[derive(Debug, FromRow)]
struct SignedInRow {
    #[sqlx(flatten)]
    user: UserRow,
    generation: i64,
}

/// The person signed in to a session: an active account with this session's row still there
/// (ended elsewhere, it is gone), and the data's generation, which decides whether a kept page
/// is current. One look-up by primary keys on every signed-in request.
pub async fn signed_in_user(pool: &SqlitePool, id: UserId, handle: &str) -> Result<Option<(SessionUser, Generation)>, sqlx::Error> {
    let sql = format!(
        "SELECT {GENERATION_SQL} AS generation, {USER_COLUMNS} JOIN user_sessions s ON s.user_id = u.id AND s.handle = ? WHERE u.id = ? AND u.active = TRUE"
    );
    let row: Option<SignedInRow> = sqlx::query_as(&sql).bind(handle).bind(id.0).fetch_optional(pool).await?;
    row.map(|r| Ok((SessionUser::try_from(r.user)?, Generation(r.generation)))).transpose()
}

/// The id and password hash of an active account, for sign-in.
pub async fn credentials(pool: &SqlitePool, username: &str) -> Result<Option<(UserId, String)>, sqlx::Error> {
    let row: Option<(i64, String)> = sqlx::query_as("SELECT id, password_hash FROM users WHERE username = ? AND active = TRUE")
        .bind(username)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|(id, hash)| (UserId(id), hash)))
}

pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub organisation_id: Option<OrgId>,
    pub footprint_id: Option<FootprintId>,
    pub password_hash: &'a str,
}

pub async fn exists(conn: &mut SqliteConnection, username: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE username = ?").bind(username).fetch_one(conn).await?;
    Ok(n > 0)
}

pub async fn insert(conn: &mut SqliteConnection, actor: &Actor, user: NewUser<'_>) -> Result<UserId, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (username, display_name, role, organisation_id, footprint_id, password_hash)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(user.username)
    .bind(user.display_name)
    .bind(user.role.code())
    .bind(user.organisation_id.map(|o| o.0))
    .bind(user.footprint_id.map(|f| f.0))
    .bind(user.password_hash)
    .fetch_one(&mut *conn)
    .await?;
    let after = json!({ "username": user.username, "display_name": user.display_name, "role": user.role.code(),
        "organisation_id": user.organisation_id.map(|o| o.0), "footprint_id": user.footprint_id.map(|f| f.0) });
    let entry = Entry {
        action: "user.add",
        entity: "user",
        entity_id: Some(id.to_string()),
        before: None,
        after: Some(after),
        ..Default::default()
    };
    audit::append(conn, actor, entry).await?;
    Ok(UserId(id))
}

/// Set a new password hash and end every session of the account. Returns false if there is
/// no such account.
pub async fn set_password(conn: &mut SqliteConnection, actor: &Actor, username: &str, hash: &str) -> Result<bool, sqlx::Error> {
    let id: Option<i64> =
        sqlx::query_scalar("UPDATE users SET password_hash = ?, session_epoch = session_epoch + 1 WHERE username = ? RETURNING id")
            .bind(hash)
            .bind(username)
            .fetch_optional(&mut *conn)
            .await?;
    let Some(id) = id else { return Ok(false) };
    // The hash itself is never written to the audit log.
    let entry =
        Entry { action: "user.passwd", entity: "user", entity_id: Some(id.to_string()), before: None, after: None, ..Default::default() };
    audit::append(conn, actor, entry).await?;
    Ok(true)
}

/// Disable an account: it can no longer sign in and its sessions stop working (the epoch is
/// bumped as well, so re-enabling it one day would not revive old sessions).
pub async fn disable(conn: &mut SqliteConnection, actor: &Actor, username: &str) -> Result<bool, sqlx::Error> {
    let id: Option<i64> =
        sqlx::query_scalar("UPDATE users SET active = FALSE, session_epoch = session_epoch + 1 WHERE username = ? RETURNING id")
            .bind(username)
            .fetch_optional(&mut *conn)
            .await?;
    let Some(id) = id else { return Ok(false) };
    let entry = Entry {
        action: "user.disable",
        entity: "user",
        entity_id: Some(id.to_string()),
        before: Some(json!({ "active": true })),
        after: Some(json!({ "active": false })),
        ..Default::default()
    };
    audit::append(conn, actor, entry).await?;
    Ok(true)
}
