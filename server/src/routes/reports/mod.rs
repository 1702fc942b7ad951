//! The steering pack (issue 12): `/reports` lists the footprint's frozen report versions and
//! lets the PMO generate one; each version opens as a print page and a PDF, with its data as
//! XLSX and CSV (`version.rs`); the Steering Group endorses it; the PMO shares it with
//! reviewers by signed, expiring links (`links.rs`, `shared.rs`); and the quarter's live data
//! downloads from `/exports` (`exports.rs`). Every surface renders one `ReportDocument`.

mod exports;
mod gather;
mod link_token;
mod links;
mod shared;
mod version;

use std::sync::OnceLock;

use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::home_footprint;
use super::periods::{selection, PeriodQuery};
use crate::auth::SignedIn;
use crate::db::footprints::Footprint;
use crate::db::periods::{self, Period};
use crate::db::{self, audit, reports};
use crate::web::error::AppError;
use crate::web::strict_form::StrictForm;
use crate::web::AppState;
use ldr_app::access::Need;
use ldr_app::domain::PeriodCode;
use ldr_app::report::{build, ReportDocument};
use ldr_app::returns::form::{FieldErrors, RawForm};
use ldr_app::views::layout::in_footprint;
use ldr_app::views::reports::{reports_page, ReportsData, VersionLine, PERIOD_FIELD};
use ldr_report_pdf::Typesetter;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/reports", get(list).post(generate))
        .merge(version::routes())
        .merge(links::routes())
        .merge(shared::routes())
        .merge(exports::routes())
}

/// Fonts parsed once for the life of the process.
fn typesetter() -> &'static Typesetter {
    static TYPESETTER: OnceLock<Typesetter> = OnceLock::new();
    TYPESETTER.get_or_init(Typesetter::new)
}

/// The data tables a reader may download: the returns' state and who approved them only for
/// those who follow the programme's returns (not a CIO, who reads only their own).
pub(super) fn readable_tables<'a>(who: &SignedIn, footprint: &Footprint, doc: &'a ReportDocument) -> Vec<&'a ldr_app::report::Table> {
    let reads_returns = who.user.principal.may(Need::ReadPeriods(footprint.id));
    doc.data.iter().filter(|t| reads_returns || !matches!(t.id.as_str(), "returns" | "provenance")).collect()
}

async fn list(State(state): State<AppState>, who: SignedIn, Query(query): Query<PeriodQuery>) -> Result<Html<String>, AppError> {
    let footprint = home_footprint(&state, &who).await?;
    let may_generate = who.user.principal.may(Need::RunProgramme(footprint.id));
    let generate = may_generate.then(|| (RawForm::default(), FieldErrors::default()));
    Ok(Html(page(&state, &who, &footprint, &query, generate).await?))
}

async fn page(
    state: &AppState,
    who: &SignedIn,
    footprint: &Footprint,
    query: &PeriodQuery,
    generate: Option<(RawForm, FieldErrors)>,
) -> Result<String, AppError> {
    let p = &who.user.principal;
    let (period, choices) = selection(state, footprint.id, query).await?;
    let quarters: Vec<PeriodCode> = choices.iter().filter_map(|(code, _)| code.parse().ok()).collect();
    let versions = if p.may(Need::ReadReports(footprint.id)) {
        let listed = reports::list(&state.pool, footprint.id).await?;
        Some(
            listed
                .into_iter()
                .map(|v| VersionLine {
                    id: v.id,
                    period: v.period,
                    version: v.version,
                    generated_by: v.generated_by,
                    generated_at: v.generated_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                    sha256: v.sha256,
                    endorsed: v.endorsed_by.zip(v.endorsed_at).map(|(by, at)| (by, at.format("%Y-%m-%d").to_string())),
                })
                .collect(),
        )
    } else {
        None
    };
    let reads_returns = p.may(Need::ReadPeriods(footprint.id));
    let tables = exports::TABLES
        .iter()
        .filter(|(id, _)| reads_returns || !matches!(*id, "returns" | "provenance"))
        .map(|(id, caption)| (id.to_string(), caption.to_string()))
        .collect();
    let data = ReportsData {
        footprint_name: footprint.summary.name.clone(),
        quarters,
        quarter: period.map(|p| p.code),
        versions,
        generate,
        may_endorse: p.may(Need::Endorse(footprint.id)),
        may_manage: p.may(Need::RunProgramme(footprint.id)),
        tables,
    };
    let meta = who.meta_in(footprint, "Steering pack", Some(ldr_app::views::Nav::Reports), vec![]);
    Ok(reports_page(meta, data))
}

#[derive(Debug, Deserialize)]
struct GenerateFields {
    #[serde(default)]
    period: String,
}

/// Reads the figures as they stand, builds the document, typesets its PDF and stores the
/// three as the quarter's next version, with its audit entry.
async fn generate(
    State(state): State<AppState>,
    who: SignedIn,
    StrictForm(fields): StrictForm<GenerateFields>,
) -> Result<Response, AppError> {
    let footprint = home_footprint(&state, &who).await?;
    who.require(Need::RunProgramme(footprint.id))?;
    let typed: String = fields.period.chars().take(20).collect();
    let with_figures = periods::periods_with_figures(&state.pool, footprint.id).await?;
    let Some(period) = typed.parse::<PeriodCode>().ok().and_then(|c| with_figures.into_iter().find(|p| p.code == c)) else {
        let mut errors = FieldErrors::default();
        errors.add(PERIOD_FIELD, "Choose a quarter with approved figures");
        let listed: Vec<(String, String)> = errors.0.iter().map(|e| (e.field.clone(), e.message.clone())).collect();
        let form = RawForm::from_pairs(vec![(PERIOD_FIELD.to_string(), typed)]);
        let page = page(&state, &who, &footprint, &PeriodQuery::default(), Some((form, errors))).await?;
        return Err(AppError::validation(listed, page));
    };
    let id = freeze(&state, &who, &footprint, period).await?;
    Ok(Redirect::to(&in_footprint(&format!("/reports/{id}"), who.chosen_footprint.as_deref())).into_response())
}

/// The document's JSON and its SHA-256 (hex): what a version stores and its footer shows.
pub fn frozen_json(doc: &ReportDocument) -> Result<(String, String), AppError> {
    let json = serde_json::to_string(doc).map_err(|e| AppError::Internal(anyhow::anyhow!(e).context("serialising a report")))?;
    let digest = Sha256::digest(json.as_bytes());
    let hex = digest.iter().map(|b| format!("{b:02x}")).collect();
    Ok((json, hex))
}

/// Typesets the PDF off the async threads (it is CPU work of ~0.1 s in release).
pub async fn typeset(json: String, version: u32, sha256: String) -> Result<Vec<u8>, AppError> {
    tokio::task::spawn_blocking(move || typesetter().pdf(json.as_bytes(), version, &sha256))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e).context("typesetting a report")))?
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e.to_string()).context("typesetting a report")))
}

async fn freeze(state: &AppState, who: &SignedIn, footprint: &Footprint, period: Period) -> Result<i64, AppError> {
    let at = db::dialect::now();
    let asked = gather::Asked { by: who.user.principal.display_name.clone(), at };
    let facts = gather::gather(&state.pool, footprint, period, asked).await?;
    let doc = build(&facts);
    let (json, sha256) = frozen_json(&doc)?;
    // The version number is printed in the PDF, so it is chosen first; a version taken by
    // someone generating at the same moment makes this one try the next number.
    for _ in 0..3 {
        let next = reports::next_version(&state.pool, footprint.id, period.id).await?;
        let pdf = typeset(json.clone(), next, sha256.clone()).await?;
        let mut tx = db::begin_write(&state.pool).await?;
        let new = reports::NewVersion {
            footprint: footprint.id,
            period: period.id,
            version: next,
            document: &json,
            sha256: &sha256,
            pdf: &pdf,
            by: who.user.principal.user_id,
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
        audit::append(&mut tx, &who.actor(), entry).await?;
        tx.commit().await?;
        return Ok(id);
    }
    Err(AppError::internal("three report versions were generated at the same moment"))
}
