//! The database: opening the SQLite file, migrations, write transactions, and one module of
//! named queries per aggregate. No SQL lives outside this folder and `seed/`.

pub mod aims;
pub mod audit;
pub mod audit_log;
pub mod dma;
pub mod footprints;
pub mod frameworks;
pub mod organisations;
pub mod periods;
pub mod provenance;
pub mod registers;
pub mod return_apply;
pub mod return_decisions;
pub mod return_figures;
pub mod return_template;
pub mod returns;
pub mod second_factor;
pub mod secrets;
pub mod users;

use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

/// Open (creating if needed) the SQLite file and bring its schema up to date.
///
/// WAL lets readers run beside the one writer; `synchronous=FULL` makes a confirmed commit
/// survive a power cut (measured at 1,000-1,900 commits a second here: ample for forms).
pub async fn open(path: &Path) -> anyhow::Result<SqlitePool> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create the folder {}", dir.display()))?;
    }
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .with_context(|| format!("cannot open the database {}", path.display()))?;
    MIGRATOR.run(&pool).await.with_context(|| format!("cannot migrate the database {}", path.display()))?;
    Ok(pool)
}

/// Begin a write transaction that takes the write lock up front. A deferred transaction
/// that reads and then writes fails at once with SQLITE_BUSY if another writer committed
/// in between, and the busy timeout does not cover that; IMMEDIATE waits its turn instead.
pub async fn begin_write(pool: &SqlitePool) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
    pool.begin_with("BEGIN IMMEDIATE").await
}
