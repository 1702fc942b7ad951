//! Loading the seed: the Gloucestershire 2016 roadmap and the reference data, from the CSV
//! files in `seed/` (embedded in the binary, or read from a folder).
//!
//! Loading is one write transaction: a bad file changes nothing. It is idempotent: every row
//! is upserted by its natural key, so loading twice leaves the same data. Every value is
//! checked as it is read, and a problem names the file, line and field.

mod answer_scores;
mod demo;
mod figures;
mod frameworks;
mod keys;
mod measures;
mod reader;
mod reference;
mod registers;

use std::path::Path;

use serde_json::json;
use sqlx::SqlitePool;

use crate::db::{self, audit};
pub use demo::{load_demo_accounts, load_demo_synthetic, DEMO_USERS, SYNTHETIC_DEMO_USERS};
pub use reader::SeedError;

macro_rules! embed {
    ($($name:literal),*) => { [$(($name, include_str!(concat!("../../../seed/", $name)))),*] };
}

/// Every seed file, in the order it must load (later files refer to earlier ones), with its
/// text as compiled into the binary.
const EMBEDDED: [(&str, &str); 24] = embed!(
    "footprints.csv",
    "organisations.csv",
    "periods.csv",
    "frameworks.csv",
    "theme_groups.csv",
    "themes.csv",
    "answer_scores.csv",
    "peer_groups.csv",
    "rag_statuses.csv",
    "capabilities.csv",
    "aims.csv",
    "dma_scores.csv",
    "dma_benchmarks.csv",
    "aim_progress.csv",
    "aim_goals.csv",
    "measures.csv",
    "measure_values.csv",
    "measure_benchmarks.csv",
    "deployments.csv",
    "trajectories.csv",
    "gaps.csv",
    "initiatives.csv",
    "workstreams.csv",
    "risks.csv"
);

/// The seed files' names, in load order: the one list above, without the text.
pub const FILES: [&str; 24] = {
    let mut names = [""; 24];
    let mut i = 0;
    while i < names.len() {
        names[i] = EMBEDDED[i].0;
        i += 1;
    }
    names
};

/// The contents of every seed file, by name.
pub struct SeedSet {
    files: Vec<(&'static str, String)>,
}

impl SeedSet {
    /// The seed built into the binary, so `ldr serve` works from any folder.
    pub fn embedded() -> Self {
        SeedSet { files: EMBEDDED.iter().map(|(n, c)| (*n, c.to_string())).collect() }
    }

    /// A seed folder on disk with the same file names (`ldr seed --dir`).
    pub fn from_dir(dir: &Path) -> Result<Self, SeedError> {
        let files = FILES
            .iter()
            .map(|name| {
                std::fs::read_to_string(dir.join(name))
                    .map(|c| (*name, c))
                    .map_err(|e| SeedError::File { file: name.to_string(), message: format!("cannot be read: {e}") })
            })
            .collect::<Result<_, _>>()?;
        Ok(SeedSet { files })
    }

    fn get(&self, name: &str) -> &str {
        self.files.iter().find(|(n, _)| *n == name).map(|(_, c)| c.as_str()).unwrap_or_default()
    }
}

/// Load every file in one transaction. Returns the number of rows read per file.
pub async fn load(pool: &SqlitePool, set: &SeedSet) -> Result<Vec<(&'static str, usize)>, SeedError> {
    let mut tx = db::begin_write(pool).await?;
    let mut counts = Vec::new();
    counts.extend(reference::load(&mut tx, set).await?);
    counts.extend(answer_scores::load(&mut tx, set).await?);
    counts.extend(figures::load(&mut tx, set).await?);
    counts.extend(measures::load(&mut tx, set).await?);
    counts.extend(registers::load(&mut tx, set).await?);
    let after: serde_json::Map<String, serde_json::Value> = counts.iter().map(|(f, n)| (f.to_string(), json!(n))).collect();
    let entry = audit::Entry {
        action: "seed.load",
        entity: "seed",
        entity_id: None,
        before: None,
        after: Some(after.into()),
        ..Default::default()
    };
    audit::append(&mut tx, &audit::Actor::system("seed"), entry).await?;
    tx.commit().await?;
    Ok(counts)
}
