//! `ldr import dma FILE --framework CODE --quarter CODE [--dry-run] [--as USERNAME]`: a whole
//! national file (every footprint), judged and written by the same code as the web upload in
//! one transaction. Prints the preview's counts and every problem by row and column; writes
//! nothing with `--dry-run` or when there is any problem (and then exits with an error).

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{anyhow, bail, Context as _};
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use super::{judge, read_file, sha256_hex, target, write, Importer, Source};
use crate::cli::DatabaseArg;
use crate::db::{self, audit::Actor, users};
use ldr_app::domain::values::format_number;
use ldr_app::domain::UserId;
use ldr_app::import::Change;

#[derive(Subcommand)]
pub enum ImportWhat {
    /// A national file of DMA scores (CSV or XLSX; every footprint): previewed, then written
    /// in one transaction unless there is any problem or `--dry-run` is given.
    Dma(ImportDmaArgs),
}

#[derive(Args)]
pub struct ImportDmaArgs {
    /// The CSV or XLSX file.
    pub file: PathBuf,
    /// The framework's code (e.g. DMA2016, WGLL2024).
    #[arg(long)]
    pub framework: String,
    /// The quarter the scores are for, e.g. 2016-17-q4.
    #[arg(long)]
    pub quarter: String,
    /// Print the preview and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The account the import is recorded as (else the command line).
    #[arg(long = "as")]
    pub username: Option<String>,
    #[command(flatten)]
    pub db: DatabaseArg,
}

pub struct ImportRequest {
    pub database: PathBuf,
    pub file: PathBuf,
    pub framework: String,
    pub quarter: String,
    pub dry_run: bool,
    pub username: Option<String>,
}

/// Changes listed one by one before "and N more".
const CHANGES_LISTED: usize = 20;

pub async fn run(r: ImportRequest) -> anyhow::Result<()> {
    let clock = Instant::now();
    let bytes = std::fs::read(&r.file).with_context(|| format!("cannot read {}", r.file.display()))?;
    let file_name = r.file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let file = match read_file(&file_name, &bytes) {
        Ok(file) => file,
        Err(refusals) => {
            for refusal in &refusals {
                eprintln!("{file_name}: {refusal}");
            }
            bail!("the file was refused: nothing written");
        }
    };
    let read_ms = clock.elapsed().as_secs_f64() * 1000.0;
    let pool = db::open(&r.database).await?;
    let (actor, user) = importer(&pool, r.username.as_deref()).await?;
    let target = match target(&pool, &r.framework, &r.quarter).await? {
        Ok(t) => t,
        Err(errors) => bail!("{}", errors.into_iter().map(|(field, m)| format!("--{field}: {m}")).collect::<Vec<_>>().join("; ")),
    };
    let code = target.period.code;
    let mut tx = db::begin_write(&pool).await?;
    let clock = Instant::now();
    let judged = judge(&mut tx, &file, &target, None, &HashMap::new()).await?;
    let preview_ms = clock.elapsed().as_secs_f64() * 1000.0;
    let p = &judged.preview;
    println!("{file_name}: {}, {} scores; {} {}", file.layout.describe(), file.rows.len(), target.framework.code, code.label());
    println!("{} to add, {} to change, {} unchanged, {} problems", p.added(), p.changed(), p.unchanged(), p.problems.len());
    for problem in &p.problems {
        println!("  {problem}");
    }
    let changes: Vec<String> = p
        .rows
        .iter()
        .filter_map(|row| match row.change {
            Change::Change { before } => Some(format!(
                "  {} {} {}: {} to {}",
                row.at,
                row.org_code,
                row.theme_name,
                before.map_or("not assessed".to_string(), format_number),
                format_number(row.score.value())
            )),
            _ => None,
        })
        .collect();
    for line in changes.iter().take(CHANGES_LISTED) {
        println!("{line}");
    }
    if changes.len() > CHANGES_LISTED {
        println!("  and {} more changes", changes.len() - CHANGES_LISTED);
    }
    println!("read {read_ms:.0} ms, preview {preview_ms:.0} ms");
    if !p.problems.is_empty() {
        bail!("{} problems: nothing written", p.problems.len());
    }
    if r.dry_run {
        println!("Dry run: nothing written.");
        return Ok(());
    }
    if !p.ready() {
        println!("Nothing to change: every score in the file is already recorded.");
        return Ok(());
    }
    let clock = Instant::now();
    let writes = p.writes().count() as u64;
    let bar = if writes >= 1000 { ProgressBar::new(writes) } else { ProgressBar::hidden() };
    bar.set_style(ProgressStyle::with_template("{bar:40} {pos}/{len} scores written").unwrap_or_else(|_| ProgressStyle::default_bar()));
    let sha256 = sha256_hex(&bytes);
    let source = Source { file_name: &file_name, sha256: &sha256 };
    let who = Importer { uploaded_by: user, confirmed_by: user, actor: &actor };
    let counts = write(&mut tx, p, &target, &source, &who, None, &mut |n| bar.inc(n)).await?;
    tx.commit().await?;
    bar.finish_and_clear();
    println!(
        "Imported: {} added, {} changed ({} unchanged left alone), write {:.0} ms",
        counts.added,
        counts.changed,
        counts.unchanged,
        clock.elapsed().as_secs_f64() * 1000.0
    );
    Ok(())
}

/// The audit's actor and the user the figures name: the account given with `--as`, else
/// the command line itself.
async fn importer(pool: &sqlx::SqlitePool, username: Option<&str>) -> anyhow::Result<(Actor, Option<UserId>)> {
    let Some(username) = username else { return Ok((Actor::system("cli"), None)) };
    let (id, _) = users::credentials(pool, username).await?.ok_or_else(|| anyhow!("no account is called {username}"))?;
    let user = users::active_user(pool, id).await?.ok_or_else(|| anyhow!("{username} is disabled"))?;
    let p = &user.principal;
    Ok((Actor { user_id: Some(p.user_id), name: p.username.clone(), role: Some(p.role.code().to_string()) }, Some(p.user_id)))
}
