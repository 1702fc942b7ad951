//! The database: opening the SQLite file, migrations, write transactions, and one module of
//! named queries per aggregate. No SQL lives outside this folder and `seed/`.

pub mod aim_status;
pub mod aims;
pub mod api_reads;
pub mod api_tokens;
pub mod audit;
pub mod audit_log;
pub mod deployment_timeline;
pub mod dialect;
pub mod dma;
pub mod dma_import;
pub mod dma_trend;
pub mod figures;
pub mod footprints;
pub mod frameworks;
pub mod gap_analysis;
pub mod gap_register;
pub mod national;
pub mod organisations;
pub mod periods;
pub mod provenance;
pub mod rag_rules;
pub mod registers;
pub mod registry;
pub mod report_links;
pub mod reports;
pub mod return_apply;
pub mod return_decisions;
pub mod return_figures;
pub mod return_template;
pub mod returns;
pub mod second_factor;
pub mod secrets;
pub mod sessions;
pub mod trajectories;
pub mod upsert;
pub mod users;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, Sqlite, SqlitePool, Transaction};

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

/// Open (creating if needed) the SQLite file and bring its schema up to date.
///
/// WAL lets readers run beside the one writer; `synchronous=FULL` makes a confirmed commit
/// survive a power cut (measured at 1,000-1,900 commits a second here: ample for forms).
pub async fn open(path: &Path) -> anyhow::Result<SqlitePool> {
    create_folder_of(path)?;
    let pool = connect(path, true).await?;
    MIGRATOR.run(&pool).await.with_context(|| format!("cannot migrate the database {}", path.display()))?;
    Ok(pool)
}

/// Open a database for `ldr generate`, which writes millions of rows into a file nobody reads
/// until it is done: one connection holding the file alone, the rollback journal in memory
/// (no write-ahead log to copy every page through), no sync per commit and a 256 MiB page
/// cache. A run that dies leaves a file to delete, as any interrupted generation does.
/// [`finish_bulk_load`] syncs it and puts it back in WAL mode for serving.
pub async fn open_for_bulk_load(path: &Path) -> anyhow::Result<SqlitePool> {
    create_folder_of(path)?;
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Memory)
        .locking_mode(sqlx::sqlite::SqliteLockingMode::Exclusive)
        .synchronous(SqliteSynchronous::Off)
        .pragma("cache_size", "-262144")
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .with_context(|| format!("cannot open the database {}", path.display()))?;
    MIGRATOR.run(&pool).await.with_context(|| format!("cannot migrate the database {}", path.display()))?;
    Ok(pool)
}

/// Sync a bulk-loaded database to disk and fold its log into the file.
pub async fn finish_bulk_load(pool: &SqlitePool) -> anyhow::Result<()> {
    let mut conn = pool.acquire().await?;
    sqlx::query("PRAGMA synchronous = FULL").execute(&mut *conn).await?;
    // Back to WAL for serving (it syncs the file on the way); the exclusive lock ends with
    // the connection.
    sqlx::query("PRAGMA journal_mode = WAL").execute(&mut *conn).await?;
    Ok(())
}

/// The folder a database file will live in, created if missing.
fn create_folder_of(path: &Path) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create the folder {}", dir.display()))?;
    }
    Ok(())
}

async fn connect(path: &Path, create: bool) -> anyhow::Result<SqlitePool> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(create)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    SqlitePoolOptions::new()
        .max_connections(8)
        // A connection whose COMMIT or ROLLBACK failed (disk full, I/O error) can be left
        // believing it is still inside a transaction while SQLite has rolled it back; put
        // back in the pool, every later `BEGIN` on it fails until a restart. Discard it,
        // so the pool opens a fresh one.
        .after_release(|conn, _meta| {
            Box::pin(async move {
                // Let a rollback queued by a dropped transaction run before looking.
                conn.ping().await?;
                let clean = !conn.is_in_transaction();
                if !clean {
                    tracing::warn!("discarding a database connection left inside a failed transaction");
                }
                Ok(clean)
            })
        })
        .connect_with(options)
        .await
        .with_context(|| format!("cannot open the database {}", path.display()))
}

/// What is at a database path before `ldr serve` opens it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// No file at all.
    Missing,
    /// A file with no tables (new, zero bytes, or never migrated).
    Empty,
    /// A database with a schema: it may be served.
    Populated,
}

/// Look at the file without creating or changing anything.
pub async fn existing(path: &Path) -> anyhow::Result<Existing> {
    if !path.exists() {
        return Ok(Existing::Missing);
    }
    let pool = connect(path, false).await?;
    let tables: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'")
        .fetch_one(&pool)
        .await
        .with_context(|| format!("cannot open the database {}", path.display()))?;
    pool.close().await;
    Ok(if tables == 0 { Existing::Empty } else { Existing::Populated })
}

/// The file a pool has open: its path and, on Unix, its device and inode, so a health
/// check can tell when the file was deleted or replaced under the running server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileIdentity {
    pub path: PathBuf,
    pub id: Option<(u64, u64)>,
}

impl FileIdentity {
    pub fn of_pool(pool: &SqlitePool) -> std::io::Result<Self> {
        let path = pool.connect_options().get_filename().to_path_buf();
        let id = file_id(&std::fs::metadata(&path)?);
        Ok(FileIdentity { path, id })
    }
}

#[cfg(unix)]
fn file_id(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_id(_meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// Why the database cannot take writes, if it cannot: the file at the path is gone or is
/// another file, it is not writable, or a write (rolled back) fails.
pub async fn write_fault(pool: &SqlitePool, opened: &FileIdentity) -> Option<String> {
    let now = match std::fs::metadata(&opened.path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Some("the database file is missing".into()),
        Err(e) => return Some(format!("the database file cannot be read: {e}")),
    };
    if file_id(&now) != opened.id {
        return Some("the database file was replaced since the server started".into());
    }
    if let Err(e) = std::fs::OpenOptions::new().write(true).open(&opened.path) {
        return Some(format!("the database file is not writable: {e}"));
    }
    match write_probe(pool).await {
        Ok(()) => None,
        Err(e) => Some(format!("the database refuses writes: {e}")),
    }
}

/// A real write, rolled back: creating a table takes the write lock and changes the file's
/// schema page, so a read-only file or connection answers with an error here.
pub async fn write_probe(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    let mut tx = begin_write(pool).await?;
    sqlx::query("CREATE TABLE health_write_probe (x INTEGER)").execute(&mut *tx).await?;
    tx.rollback().await
}

/// Begin a write transaction that takes the write lock up front. A deferred transaction
/// that reads and then writes fails at once with SQLITE_BUSY if another writer committed
/// in between, and the busy timeout does not cover that; IMMEDIATE waits its turn instead.
pub async fn begin_write(pool: &SqlitePool) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
    pool.begin_with("BEGIN IMMEDIATE").await
}
