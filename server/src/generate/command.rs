//! `ldr generate`: open (or create) the database, load the reference data and the
//! Gloucestershire roadmap into an empty one, then store the synthetic England footprint by
//! footprint, with a progress bar on a terminal and nothing when the output is not one.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use rand::distr::{Alphanumeric, SampleString};
use sqlx::SqlitePool;

use super::plan::{self, Spec};
use super::{figures, write};
use crate::auth::password;
use crate::db::{self, footprints};
use crate::seed::{self, SeedSet};

/// What was made, for the command's last line.
pub struct Report {
    pub footprints: usize,
    pub organisations: usize,
    pub figure_rows: u64,
    pub elapsed: Duration,
}

/// [`run`] on a thread of its own, pinned to one core, with its own single-threaded runtime.
/// A bulk load is one long exchange between this task and SQLite's worker thread (each
/// statement is a hand-off and a hand-back); pinned, the worker thread inherits the core and
/// a hand-off is a switch on the same core rather than a wake-up of another: England took 152
/// s unpinned on this 2-core machine. The database's contents do not depend on it.
pub async fn run_on_one_core(path: PathBuf, spec: Spec) -> anyhow::Result<Report> {
    tokio::task::spawn_blocking(move || {
        pin_this_thread_to_its_core();
        tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(run(&path, spec))
    })
    .await?
}

#[cfg(target_os = "linux")]
fn pin_this_thread_to_its_core() {
    // SAFETY: a zeroed `cpu_set_t` is a valid empty set; `CPU_SET` writes one bit inside it
    // (`sched_getcpu` is below `CPU_SETSIZE`); `sched_setaffinity` only reads it. Failing,
    // the thread simply stays unpinned.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        let cpu = usize::try_from(libc::sched_getcpu()).unwrap_or(0);
        libc::CPU_SET(cpu, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
}

#[cfg(not(target_os = "linux"))]
fn pin_this_thread_to_its_core() {}

pub async fn run(path: &Path, spec: Spec) -> anyhow::Result<Report> {
    // A new file nobody else has open is written as a bulk load; an existing database (one a
    // server may be serving) through the ordinary connections, beside its readers.
    let bulk = !path.exists();
    let pool = if bulk { db::open_for_bulk_load(path).await? } else { db::open(path).await? };
    if footprints::count(&pool).await? == 0 {
        seed::load(&pool, &SeedSet::embedded()).await.context("cannot load the reference data")?;
    }
    let report = generate_into(&pool, spec).await?;
    if bulk {
        db::finish_bulk_load(&pool).await?;
    }
    pool.close().await;
    Ok(report)
}

/// Generate into a database that already holds the reference data (`ldr serve --demo` adds
/// its small synthetic footprint this way).
pub async fn generate_into(pool: &SqlitePool, spec: Spec) -> anyhow::Result<Report> {
    let started = Instant::now();
    write::check_empty_of_synthetic(pool).await?;
    // Nobody knows this password: the synthetic accounts are there to be named in provenance
    // and the audit log, not to sign in with.
    let unknown = Alphanumeric.sample_string(&mut rand::rng(), 40);
    let hash = password::hash(unknown).await?;
    let plans = plan::england(spec);
    let bar = progress(plans.len() as u64);
    let reference = figures::reference(pool).await?;
    let (mut organisations, mut figure_rows) = (0, 0);
    for fp in &plans {
        bar.set_message(fp.name.clone());
        let stored = write::store_footprint(pool, fp, &hash).await?;
        figure_rows += figures::store_quarters(pool, spec, fp, &stored, &reference).await?;
        organisations += fp.organisations.len();
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(Report { footprints: plans.len(), organisations, figure_rows, elapsed: started.elapsed() })
}

fn progress(footprints: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(footprints);
    if let Ok(style) = ProgressStyle::with_template("{elapsed_precise} [{bar:30}] {pos}/{len} footprints  {msg}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}
