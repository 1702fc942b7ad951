//! The steering pack (issue 12): `/reports` lists the footprint's frozen report versions and
//! lets the PMO generate one; each version opens as a print page and a PDF, with its data as
//! XLSX and CSV (`version.rs`); the Steering Group endorses it; the PMO shares it with
//! reviewers by signed, expiring links (`links.rs`, `shared.rs`); and the quarter's live data
//! downloads from `/exports` (`exports.rs`). Every surface renders one `ReportDocument`.

mod exports;
mod link_token;
mod links;
mod shared;
mod version;

use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::home_footprint;
use super::periods::{selection, PeriodQuery};
use crate::auth::SignedIn;
use crate::db::footprints::Footprint;
use crate::db::periods::{self, Period};
use crate::db::reports;
use crate::steering::{self, Author};
use crate::web::error::AppError;
use crate::web::strict_form::StrictForm;
use crate::web::AppState;
use ldr_app::access::Need;
use ldr_app::domain::PeriodCode;
use ldr_app::report::ReportDocument;
use ldr_app::returns::form::{FieldErrors, RawForm};
use ldr_app::views::layout::in_footprint;
use ldr_app::views::reports::{reports_page, ReportsData, VersionLine, PERIOD_FIELD};

/// The list, kept with the other read-only pages (a reader with no form on it, such as a
/// reviewer or a CIO, is served the kept page; the PMO's and Steering Group's have forms).
pub fn read_routes() -> Router<AppState> {
    Router::new().route("/reports", get(list))
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/reports", post(generate))
        .merge(version::routes())
        .merge(links::routes())
        .merge(shared::routes())
        .merge(exports::routes())
}

/// The data tables a reader may download: the returns' state and who approved them only for
/// those who follow the programme's returns (not a CIO, who reads only their own).
pub(super) fn readable_tables<'a>(who: &SignedIn, footprint: &Footprint, doc: &'a ReportDocument) -> Vec<&'a ldr_app::report::Table> {
    doc.data.iter().filter(|t| may_read_table(who, footprint, &t.id)).collect()
}

/// Whether this reader may download the table `id`: the returns and provenance tables only
/// with `ReadPeriods` (a CIO reads their own return, not everyone's).
pub(super) fn may_read_table(who: &SignedIn, footprint: &Footprint, id: &str) -> bool {
    !matches!(id, "returns" | "provenance") || who.user.principal.may(Need::ReadPeriods(footprint.id))
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
    // The form starts on the quarter the page shows (the latest with figures).
    let generate = generate.map(|(mut raw, errors)| {
        if let (true, Some(p)) = (raw.get(PERIOD_FIELD).is_empty(), period) {
            raw.0.insert(PERIOD_FIELD.to_string(), p.code.to_string());
        }
        (raw, errors)
    });
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
    let tables = exports::TABLES
        .iter()
        .filter(|(id, _)| may_read_table(who, footprint, id))
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

async fn freeze(state: &AppState, who: &SignedIn, footprint: &Footprint, period: Period) -> Result<i64, AppError> {
    let p = &who.user.principal;
    let author = Author { user_id: p.user_id, display_name: p.display_name.clone(), actor: who.actor() };
    Ok(steering::freeze(&state.pool, footprint, period, &author).await?.id)
}
