//! Each sign-in's row (`user_sessions`): written at sign-in, read by every signed-in request
//! (folded into the account look-up, see `users::signed_in_user`), listed on
//! `/account/sessions`, and deleted to end a session wherever its browser is.

use chrono::NaiveDateTime;
use serde::Serialize;
use serde_json::json;
use sqlx::{FromRow, SqliteConnection, SqlitePool};

use super::audit::{self, Actor, Entry};
use ldr_app::domain::UserId;

/// The most of a browser's User-Agent kept: enough to recognise a device, and an anonymous
/// client cannot make a row grow.
pub const MAX_USER_AGENT_CHARS: usize = 200;

/// A sign-in as it is recorded.
pub struct NewSession<'a> {
    pub handle: &'a str,
    pub user: UserId,
    /// UTC, to the second (from the sign-in clock, which tests can move).
    pub signed_in_at: NaiveDateTime,
    pub peer: &'a str,
    pub user_agent: &'a str,
    pub second_factor: bool,
}

/// One of a person's sessions, as facts.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct SessionFacts {
    pub handle: String,
    pub signed_in_at: NaiveDateTime,
    pub peer: String,
    pub user_agent: String,
    pub second_factor: bool,
}

/// The User-Agent as kept: control characters dropped, at most [`MAX_USER_AGENT_CHARS`].
pub fn bounded_user_agent(raw: &str) -> String {
    raw.chars().filter(|c| !c.is_control()).take(MAX_USER_AGENT_CHARS).collect()
}

/// Record a sign-in, and delete every row signed in before `expired_before` (past the
/// absolute lifetime, so their sessions are over anyway): housekeeping bounded by an index,
/// with no background job.
pub async fn record(conn: &mut SqliteConnection, s: NewSession<'_>, expired_before: NaiveDateTime) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM user_sessions WHERE signed_in_at < ?").bind(expired_before).execute(&mut *conn).await?;
    sqlx::query("INSERT INTO user_sessions (handle, user_id, signed_in_at, peer, user_agent, second_factor) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(s.handle)
        .bind(s.user.0)
        .bind(s.signed_in_at)
        .bind(s.peer)
        .bind(bounded_user_agent(s.user_agent))
        .bind(s.second_factor)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A person's sessions, newest first.
pub async fn of_user(pool: &SqlitePool, user: UserId) -> Result<Vec<SessionFacts>, sqlx::Error> {
    sqlx::query_as(
        "SELECT handle, signed_in_at, peer, user_agent, second_factor FROM user_sessions
         WHERE user_id = ? ORDER BY signed_in_at DESC, handle",
    )
    .bind(user.0)
    .fetch_all(pool)
    .await
}

/// End one session (signing out).
pub async fn end(pool: &SqlitePool, handle: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM user_sessions WHERE handle = ?").bind(handle).execute(pool).await?;
    Ok(())
}

/// End every session of `user` but `keep`, audited with how many ended. Returns that count.
pub async fn end_others(conn: &mut SqliteConnection, actor: &Actor, user: UserId, keep: &str) -> Result<u64, sqlx::Error> {
    let ended =
        sqlx::query("DELETE FROM user_sessions WHERE user_id = ? AND handle <> ?").bind(user.0).bind(keep).execute(&mut *conn).await?;
    let count = ended.rows_affected();
    let entry = Entry {
        action: "session.end_others",
        entity: "user",
        entity_id: Some(user.to_string()),
        after: Some(json!({ "count": count })),
        ..Default::default()
    };
    audit::append(conn, actor, entry).await?;
    Ok(count)
}

/// End every session of the account called `username` (its password changed).
pub async fn end_all_of(conn: &mut SqliteConnection, username: &str) -> Result<u64, sqlx::Error> {
    let ended = sqlx::query("DELETE FROM user_sessions WHERE user_id IN (SELECT id FROM users WHERE username = ?)")
        .bind(username)
        .execute(conn)
        .await?;
    Ok(ended.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_agent_is_kept_without_control_characters_and_cut_to_200_characters() {
        assert_eq!(bounded_user_agent("Firefox\r\n<b>"), "Firefox<b>");
        assert_eq!(bounded_user_agent(&"é".repeat(300)).chars().count(), MAX_USER_AGENT_CHARS);
    }
}
