//! The second factor's rows: an account's authenticator secret, the last code step used,
//! and its recovery codes (hashed). Every change is audited in the same transaction.

use serde_json::json;
use sqlx::{SqliteConnection, SqlitePool};

use super::audit::{self, Actor, Entry};
use super::dialect;
use ldr_app::domain::UserId;

/// An enrolled account's shared secret (base32, as stored) and the last step it used.
pub struct Enrolment {
    pub secret_base32: String,
    pub last_used_step: i64,
}

pub async fn enrolment(pool: &SqlitePool, user: UserId) -> Result<Option<Enrolment>, sqlx::Error> {
    let row: Option<(String, i64)> =
        sqlx::query_as("SELECT secret, last_used_step FROM user_totp WHERE user_id = ?").bind(user.0).fetch_optional(pool).await?;
    Ok(row.map(|(secret_base32, last_used_step)| Enrolment { secret_base32, last_used_step }))
}

/// Enrol an account: its secret, the step of the code that proved the app works (so that
/// code cannot be used again), and its recovery codes' hashes. Fails (unique key) if the
/// account is already enrolled, so two tabs cannot enrol two different phones.
pub async fn enrol(
    conn: &mut SqliteConnection,
    actor: &Actor,
    user: UserId,
    secret_base32: &str,
    first_step: i64,
    recovery_hashes: &[String],
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO user_totp (user_id, secret, last_used_step) VALUES (?, ?, ?)")
        .bind(user.0)
        .bind(secret_base32)
        .bind(first_step)
        .execute(&mut *conn)
        .await?;
    replace_recovery_codes(conn, user, recovery_hashes).await?;
    let entry = Entry {
        action: "user.second_factor_enrol",
        entity: "user",
        entity_id: Some(user.to_string()),
        after: Some(json!({ "method": "authenticator app", "recovery_codes": recovery_hashes.len() })),
        ..Default::default()
    };
    audit::append(conn, actor, entry).await
}

async fn replace_recovery_codes(conn: &mut SqliteConnection, user: UserId, hashes: &[String]) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM user_recovery_codes WHERE user_id = ?").bind(user.0).execute(&mut *conn).await?;
    for hash in hashes {
        sqlx::query("INSERT INTO user_recovery_codes (user_id, code_hash) VALUES (?, ?)")
            .bind(user.0)
            .bind(hash)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Record that a code of `step` was used. False if that step (or a later one) was already
/// used: the condition is in the UPDATE, so two requests racing with one code cannot both win.
pub async fn use_step(conn: &mut SqliteConnection, user: UserId, step: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE user_totp SET last_used_step = ? WHERE user_id = ? AND last_used_step < ?")
        .bind(step)
        .bind(user.0)
        .bind(step)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Spend a recovery code. False if it is not one of the account's, or was used already.
pub async fn use_recovery_code(conn: &mut SqliteConnection, user: UserId, hash: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE user_recovery_codes SET used_at = ?
         WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
    )
    .bind(dialect::now())
    .bind(user.0)
    .bind(hash)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn unused_recovery_codes(pool: &SqlitePool, user: UserId) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM user_recovery_codes WHERE user_id = ? AND used_at IS NULL").bind(user.0).fetch_one(pool).await
}

/// Remove an account's second factor (a lost phone and no recovery code): it enrols again at
/// its next sign-in. Returns false if there is no such account.
pub async fn reset(conn: &mut SqliteConnection, actor: &Actor, username: &str) -> Result<bool, sqlx::Error> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE username = ?").bind(username).fetch_optional(&mut *conn).await?;
    let Some(id) = id else { return Ok(false) };
    sqlx::query("DELETE FROM user_totp WHERE user_id = ?").bind(id).execute(&mut *conn).await?;
    sqlx::query("DELETE FROM user_recovery_codes WHERE user_id = ?").bind(id).execute(&mut *conn).await?;
    let entry = Entry { action: "user.second_factor_reset", entity: "user", entity_id: Some(id.to_string()), ..Default::default() };
    audit::append(conn, actor, entry).await?;
    Ok(true)
}
