//! Making a steering pack: gather the quarter's facts with the pages' own queries, build the
//! document, typeset its PDF and store the three as the quarter's next frozen version, with
//! its audit entry. The web form (`routes/reports`) and `ldr report` both come here.

pub mod command;
pub mod gather;

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use sqlx::SqlitePool;

use crate::db::audit::{self, Actor};
use crate::db::footprints::Footprint;
use crate::db::periods::Period;
use crate::db::{self, reports};
use crate::web::error::AppError;
use ldr_app::domain::UserId;
use ldr_app::report::{build, ReportDocument};
use ldr_report_pdf::Typesetter;

/// Fonts parsed once for the life of the process.
fn typesetter() -> &'static Typesetter {
    static TYPESETTER: OnceLock<Typesetter> = OnceLock::new();
    TYPESETTER.get_or_init(Typesetter::new)
}

/// The document's JSON and its SHA-256 (hex): what a version stores and its footer shows.
pub fn frozen_json(doc: &ReportDocument) -> Result<(String, String), AppError> {
    let json = serde_json::to_string(doc).map_err(|e| AppError::Internal(anyhow::anyhow!(e).context("serialising a report")))?;
    let digest = Sha256::digest(json.as_bytes());
    let hex = digest.iter().map(|b| format!("{b:02x}")).collect();
    Ok((json, hex))
}

/// Typesets the PDF off the async threads (CPU work: ~0.1 s in release).
pub async fn typeset(json: String, version: u32, sha256: String) -> Result<Vec<u8>, AppError> {
    tokio::task::spawn_blocking(move || typesetter().pdf(json.as_bytes(), version, &sha256))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e).context("typesetting a report")))?
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e.to_string()).context("typesetting a report")))
}

/// Who generates a version: their account, the name the report prints, and the audit actor.
pub struct Author {
    pub user_id: UserId,
    pub display_name: String,
    pub actor: Actor,
}

/// A stored version, and how long each step took (for `ldr report` and the bench).
pub struct Frozen {
    pub id: i64,
    pub version: u32,
    pub sha256: String,
    pub document: ReportDocument,
    pub pdf_bytes: usize,
    pub timings: Timings,
}

#[derive(Debug, Default)]
pub struct Timings {
    pub gather: Duration,
    pub build: Duration,
    pub pdf: Duration,
    pub store: Duration,
}

pub async fn freeze(pool: &SqlitePool, footprint: &Footprint, period: Period, author: &Author) -> Result<Frozen, AppError> {
    let mut timings = Timings::default();
    let at = db::dialect::now();
    let clock = Instant::now();
    let asked = gather::Asked { by: author.display_name.clone(), at };
    let facts = gather::gather(pool, footprint, period, asked).await?;
    timings.gather = clock.elapsed();
    let clock = Instant::now();
    let doc = build(&facts);
    let (json, sha256) = frozen_json(&doc)?;
    timings.build = clock.elapsed();
    // The version number is printed in the PDF, so it is chosen first; a number taken by
    // someone generating at the same moment makes this one typeset again with the next.
    for _ in 0..3 {
        let next = reports::next_version(pool, footprint.id, period.id).await?;
        let clock = Instant::now();
        let pdf = typeset(json.clone(), next, sha256.clone()).await?;
        timings.pdf = clock.elapsed();
        let clock = Instant::now();
        let mut tx = db::begin_write(pool).await?;
        let new = reports::NewVersion {
            footprint: footprint.id,
            period: period.id,
            version: next,
            document: &json,
            sha256: &sha256,
            pdf: &pdf,
            by: author.user_id,
            at,
        };
        let Some(id) = reports::insert(&mut tx, new).await? else { continue };
        let after = serde_json::json!({ "period": period.code, "version": next, "sha256": sha256 });
        let entry = audit::Entry {
            action: "report.generate",
            entity: "report_version",
            entity_id: Some(id.to_string()),
            after: Some(after),
            footprint: Some(footprint.id),
            period: Some(period.id),
            ..Default::default()
        };
        audit::append(&mut tx, &author.actor, entry).await?;
        tx.commit().await?;
        timings.store = clock.elapsed();
        return Ok(Frozen { id, version: next, sha256, document: doc, pdf_bytes: pdf.len(), timings });
    }
    Err(AppError::internal("three report versions were generated at the same moment"))
}
