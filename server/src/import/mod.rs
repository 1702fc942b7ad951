//! Importing DMA scores, the one path the web upload and `ldr import dma` share: read a file
//! into a typed [`DmaFile`] (the pure parser in `ldr_app::import`, XLSX cells read here),
//! judge it against the scores standing as at the quarter ([`judge`]: the preview), and write
//! what the preview says in the caller's transaction ([`write`]), through `db::figures` with
//! provenance naming the file and its SHA-256, one audit entry, the `dma_imports` record and
//! every score it added or changed with its value before (`dma_import_changes`).

pub mod command;
mod xlsx;

use std::collections::HashMap;

use sha2::{Digest, Sha256};
use sqlx::{SqliteConnection, SqlitePool};

use crate::db::audit::{self, Actor};
use crate::db::dma_import::{self, Counts, ImportFramework, Recorded, ScoreChange};
use crate::db::figures::{self, Provenance};
use crate::db::periods::{self, Period};
use crate::db::{dialect, frameworks};
use ldr_app::domain::{FootprintId, PeriodCode, ThemeId, UserId};
use ldr_app::import::{detect, parse_csv, plan, read_layout, Change, Context, DmaFile, FileKind, Preview, Refusal};
use ldr_app::views::dma_import::UPLOAD_PATH;

/// A file's bytes as DMA rows, or every reason the whole file is refused.
pub fn read_file(file_name: &str, bytes: &[u8]) -> Result<DmaFile, Vec<Refusal>> {
    let sheet = match detect(file_name, bytes).map_err(|r| vec![r])? {
        FileKind::Csv => parse_csv(bytes),
        FileKind::Xlsx => xlsx::read_xlsx(bytes),
    }
    .map_err(|r| vec![r])?;
    read_layout(&sheet)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// What a file is imported as: a framework's scores for a quarter.
#[derive(Debug, Clone)]
pub struct Target {
    pub framework: ImportFramework,
    pub period: Period,
}

/// The framework and quarter chosen, by code: each unknown one is a (field, message), and a
/// framework not in force in the quarter is refused (its scores would show on no page).
pub async fn target(pool: &SqlitePool, framework: &str, quarter: &str) -> Result<Result<Target, Vec<(String, String)>>, sqlx::Error> {
    let mut errors = Vec::new();
    let mut conn = pool.acquire().await?;
    let chosen = dma_import::frameworks(&mut conn).await?.into_iter().find(|f| f.code.eq_ignore_ascii_case(framework.trim()));
    if chosen.is_none() {
        errors.push(("framework".to_string(), "Choose the assessment framework the scores are on".to_string()));
    }
    let period = match quarter.trim().parse::<PeriodCode>() {
        Ok(code) => periods::by_code(pool, &code).await?,
        Err(_) => None,
    };
    if period.is_none() {
        errors.push(("quarter".to_string(), "Choose the quarter the scores are for".to_string()));
    }
    let (Some(framework), Some(period)) = (chosen, period) else { return Ok(Err(errors)) };
    let spans = frameworks::all(pool).await?;
    if !spans.iter().any(|s| s.id.id == framework.id && s.in_force.covers(period.code)) {
        let message = format!("{} is not in force in {}: choose another quarter or framework", framework.name, period.code.label());
        return Ok(Err(vec![("quarter".to_string(), message)]));
    }
    Ok(Ok(Target { framework, period }))
}

/// A preview, and the hash of what its confirm would write over what (see
/// `Preview::fingerprint`): a confirm whose hash differs was previewed on other data.
#[derive(Debug, Clone)]
pub struct Judged {
    pub preview: Preview,
    pub digest: String,
}

/// The file against the database as it is on `conn`: every query reads once, so judging a
/// national file is five queries whatever its size. `scope`: the importer's own footprint
/// (rows of others are skipped), or None for every footprint.
pub async fn judge(
    conn: &mut SqliteConnection,
    file: &DmaFile,
    target: &Target,
    scope: Option<FootprintId>,
    mapping: &HashMap<String, ThemeId>,
) -> Result<Judged, sqlx::Error> {
    let orgs = dma_import::organisations(conn).await?;
    let themes = dma_import::themes(conn, target.framework.id).await?;
    let current = dma_import::current_scores(conn, target.framework.id, scope, target.period.code).await?;
    let cx = Context {
        orgs: &orgs,
        themes: &themes,
        scale: target.framework.scale,
        framework_name: &target.framework.name,
        kinds: &target.framework.kinds,
        scope,
        current: &current,
        mapping,
    };
    let preview = plan(file, &cx);
    let digest = sha256_hex(preview.fingerprint().as_bytes());
    Ok(Judged { preview, digest })
}

/// The file an import came from, as its figures' provenance names it.
pub struct Source<'a> {
    pub file_name: &'a str,
    pub sha256: &'a str,
}

impl Source<'_> {
    pub fn text(&self) -> String {
        format!("Import of {} (sha256 {})", self.file_name, self.sha256)
    }
}

/// Who imports: who uploaded the file, who confirmed it, and the audit's actor.
pub struct Importer<'a> {
    pub uploaded_by: Option<UserId>,
    pub confirmed_by: Option<UserId>,
    pub actor: &'a Actor,
}

/// Write a preview's additions and changes in the caller's transaction (unchanged rows are
/// left alone, so their provenance stays), each with its value before in `dma_import_changes`
/// (so what an import overwrote is never lost), then one audit entry naming the counts and
/// the import's record: the pending row `pending` becomes it, or a new row is made. `tick` is
/// called with the number of scores written, batch by batch (the command line's progress bar).
pub async fn write(
    conn: &mut SqliteConnection,
    preview: &Preview,
    target: &Target,
    source: &Source<'_>,
    who: &Importer<'_>,
    pending: Option<(i64, FootprintId)>,
    tick: &mut (dyn FnMut(u64) + Send),
) -> Result<Counts, sqlx::Error> {
    let text = source.text();
    let now = dialect::now();
    let p = Provenance {
        source: &text,
        recorded_at: now,
        recorded_by: who.uploaded_by,
        approved_at: who.confirmed_by.map(|_| now),
        approved_by: who.confirmed_by,
        return_id: None,
    };
    // The record first: the changes name it.
    let counts =
        Counts { added: preview.added(), changed: preview.changed(), unchanged: preview.unchanged(), skipped: preview.skipped.len() };
    let id = match pending {
        Some((id, _)) => {
            dma_import::mark_confirmed(conn, id, who.confirmed_by, counts).await?;
            id
        }
        None => {
            let record = Recorded {
                file_name: source.file_name,
                sha256: source.sha256,
                framework: target.framework.id,
                period: target.period.id,
                by: who.confirmed_by,
                counts,
            };
            dma_import::insert_confirmed(conn, &record).await?
        }
    };
    // In batches, so the command line's bar moves while a national file is written; a batch
    // counts once its scores and their record are both written.
    let writes: Vec<_> = preview
        .writes()
        .map(|r| {
            let before = match r.change {
                Change::Change { before } => Some(before),
                _ => None,
            };
            ScoreChange { org: r.org, theme: r.theme, before, after: r.score }
        })
        .collect();
    for batch in writes.chunks(500) {
        let scores: Vec<_> = batch.iter().map(|c| (c.org, c.theme, c.after)).collect();
        figures::write_dma_scores(conn, target.period.id, &scores, &p).await?;
        dma_import::record_changes(conn, id, batch).await?;
        tick(batch.len() as u64);
    }
    let after = serde_json::json!({
        "file": source.file_name,
        "sha256": source.sha256,
        "framework": target.framework.code,
        "quarter": target.period.code.to_string(),
        "added": counts.added,
        "changed": counts.changed,
        "unchanged": counts.unchanged,
        "skipped": counts.skipped,
        // Where every score it wrote is listed with its value before: a web import's page; a
        // command-line import has none, so the table itself.
        "changes": match pending {
            Some(_) => format!("{UPLOAD_PATH}/{id}"),
            None => format!("dma_import_changes, import_id {id}"),
        },
    });
    let entry = audit::Entry {
        action: "dma.import",
        entity: "dma_import",
        entity_id: Some(id.to_string()),
        after: Some(after),
        footprint: pending.map(|(_, fp)| fp),
        period: Some(target.period.id),
        ..Default::default()
    };
    audit::append(conn, who.actor, entry).await?;
    Ok(counts)
}
