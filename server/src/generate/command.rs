//! `ldr generate`: open (or create) the database, load the reference data and the
//! Gloucestershire roadmap into an empty one, then store the synthetic England footprint by
//! footprint, with a progress bar on a terminal and nothing when the output is not one.

use std::io::IsTerminal;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use rand::distr::{Alphanumeric, SampleString};

use super::plan::{self, Spec};
use super::write;
use crate::auth::password;
use crate::db::{self, footprints};
use crate::seed::{self, SeedSet};

/// What was made, for the command's last line.
pub struct Report {
    pub footprints: usize,
    pub organisations: usize,
    pub elapsed: Duration,
}

pub async fn run(path: &Path, spec: Spec) -> anyhow::Result<Report> {
    let started = Instant::now();
    let pool = db::open(path).await?;
    if footprints::count(&pool).await? == 0 {
        seed::load(&pool, &SeedSet::embedded()).await.context("cannot load the reference data")?;
    }
    write::check_empty_of_synthetic(&pool).await?;
    // Nobody knows this password: the synthetic accounts are there to be named in provenance
    // and the audit log, not to sign in with.
    let unknown = Alphanumeric.sample_string(&mut rand::rng(), 40);
    let hash = password::hash(unknown).await?;
    let plans = plan::england(spec);
    let bar = progress(plans.len() as u64);
    let mut organisations = 0;
    for fp in &plans {
        bar.set_message(fp.name.clone());
        write::store_footprint(&pool, fp, &hash).await?;
        organisations += fp.organisations.len();
        bar.inc(1);
    }
    bar.finish_and_clear();
    pool.close().await;
    Ok(Report { footprints: plans.len(), organisations, elapsed: started.elapsed() })
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
