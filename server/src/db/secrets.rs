//! Server secrets kept in the database: made once, then read at every start.

use sqlx::SqlitePool;

/// The secret called `name`, storing `fresh` first if there is none yet. The insert is a
/// no-op when another process got there first, so every process ends up with the same value.
pub async fn get_or_create(pool: &SqlitePool, name: &str, fresh: &[u8]) -> Result<Vec<u8>, sqlx::Error> {
    sqlx::query("INSERT INTO server_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(fresh)
        .execute(pool)
        .await?;
    sqlx::query_scalar("SELECT value FROM server_secrets WHERE name = ?").bind(name).fetch_one(pool).await
}
