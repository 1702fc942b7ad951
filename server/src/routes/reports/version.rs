//! One frozen version: its print page (askama), its PDF as stored, its data as XLSX and CSV
//! (from its frozen document, never today's figures), its endorsement by the Steering Group
//! and its deletion by the PMO while it is not endorsed. Each write is audited.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::auth::SignedIn;
use crate::db::footprints::{self, Footprint};
use crate::db::reports::{self, VersionSummary};
use crate::db::{self, audit};
use crate::exports::{csv_table, workbook, Frozen};
use crate::report_html::{self, Downloads, Endorsement, ReportPage, Stylesheets};
use crate::web::error::AppError;
use crate::web::AppState;
use ldr_app::access::Need;
use ldr_app::report::{ReportDocument, Table};
use ldr_app::views::layout::in_footprint;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/reports/{id}", get(open))
        .route("/reports/{id}/report.pdf", get(pdf))
        .route("/reports/{id}/data.xlsx", get(xlsx))
        .route("/reports/{id}/facts.json", get(facts))
        .route("/reports/{id}/csv/{file}", get(csv))
        .route("/reports/{id}/endorse", post(endorse))
        .route("/reports/{id}/delete", post(delete))
}

/// A version this person may read, with its footprint (403 for another footprint's).
pub(super) async fn readable(state: &AppState, who: &SignedIn, id: i64) -> Result<(Footprint, VersionSummary), AppError> {
    let summary = reports::summary(&state.pool, id).await?.ok_or(AppError::NotFound)?;
    let footprint = footprints::by_id(&state.pool, summary.footprint).await?.ok_or(AppError::NotFound)?;
    who.require(Need::ReadReports(footprint.id))?;
    Ok((footprint, summary))
}

/// The frozen document, read back from the stored JSON.
pub(super) async fn frozen(state: &AppState, id: i64) -> Result<ReportDocument, AppError> {
    let json = reports::document(&state.pool, id).await?.ok_or(AppError::NotFound)?;
    serde_json::from_str(&json).map_err(|e| AppError::Internal(anyhow::anyhow!(e).context("reading a frozen report")))
}

/// The print page of a version, with the downloads and back link its reader has.
pub(super) fn page(
    doc: &ReportDocument,
    summary: &VersionSummary,
    back: Option<(&str, &str)>,
    downloads: Downloads<'_>,
    notice: Option<&str>,
) -> Result<String, AppError> {
    let endorsed = summary.endorsed_by.as_deref().zip(summary.endorsed_at).map(|(by, at)| Endorsement { by, at });
    let (nhsuk, report) = report_html::stylesheet_hrefs();
    let stylesheets = Stylesheets { nhsuk: &nhsuk, report: &report };
    let page = ReportPage { doc, version: summary.version, sha256: &summary.sha256, endorsed, back, downloads, notice, stylesheets };
    report_html::render(&page).map_err(|e| AppError::Internal(anyhow::anyhow!(e.to_string()).context("rendering a report page")))
}

async fn open(State(state): State<AppState>, who: SignedIn, Path(id): Path<i64>) -> Result<Html<String>, AppError> {
    let (_, summary) = readable(&state, &who, id).await?;
    let doc = frozen(&state, id).await?;
    let fp = who.chosen_footprint.as_deref();
    let (back, pdf, xlsx, csv) = (
        in_footprint("/reports", fp),
        format!("/reports/{id}/report.pdf"),
        format!("/reports/{id}/data.xlsx"),
        format!("/reports/{id}/csv/"),
    );
    let downloads = Downloads { pdf: &pdf, xlsx: Some(&xlsx), csv_prefix: Some(&csv) };
    Ok(Html(page(&doc, &summary, Some((&back, "All reports")), downloads, None)?))
}

pub(super) fn attachment(bytes: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    ([(header::CONTENT_TYPE, content_type.to_string()), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response()
}

pub(super) async fn stored_pdf(state: &AppState, summary: &VersionSummary) -> Result<Response, AppError> {
    let bytes = reports::pdf(&state.pool, summary.id).await?.ok_or(AppError::NotFound)?;
    let name = format!("{}.pdf", file_name_stem(summary));
    // Inline: a browser shows it; saving keeps the name.
    let disposition = format!("inline; filename=\"{name}\"");
    Ok(([(header::CONTENT_TYPE, "application/pdf".to_string()), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response())
}

/// Every download of a version is named alike: `report-2016-17-q4-v2.pdf`, `.xlsx`, `.json`.
fn file_name_stem(summary: &VersionSummary) -> String {
    format!("report-{}-v{}", summary.period, summary.version)
}

async fn pdf(State(state): State<AppState>, who: SignedIn, Path(id): Path<i64>) -> Result<Response, AppError> {
    let (_, summary) = readable(&state, &who, id).await?;
    stored_pdf(&state, &summary).await
}

/// The frozen document exactly as stored: its SHA-256 is the one the report's footer prints.
async fn facts(State(state): State<AppState>, who: SignedIn, Path(id): Path<i64>) -> Result<Response, AppError> {
    let (footprint, summary) = readable(&state, &who, id).await?;
    // The returns' tables are in it: the whole document is for those who follow the returns.
    who.require(Need::ReadPeriods(footprint.id))?;
    let json = reports::document(&state.pool, id).await?.ok_or(AppError::NotFound)?;
    let name = format!("{}.json", file_name_stem(&summary));
    Ok(attachment(json.into_bytes(), "application/json", &name))
}

async fn xlsx(State(state): State<AppState>, who: SignedIn, Path(id): Path<i64>) -> Result<Response, AppError> {
    let (footprint, summary) = readable(&state, &who, id).await?;
    let doc = frozen(&state, id).await?;
    let readable: Vec<Table> = super::readable_tables(&who, &footprint, &doc).into_iter().cloned().collect();
    let doc = ReportDocument { data: readable, ..doc };
    let bytes = workbook(&doc, Some(Frozen { version: summary.version, sha256: &summary.sha256 }))
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e.to_string()).context("writing a report workbook")))?;
    let name = format!("{}.xlsx", file_name_stem(&summary));
    Ok(attachment(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &name))
}

/// Any table of the version by its id: a data table, or one of a section's.
pub(super) fn table_by_file<'a>(doc: &'a ReportDocument, file: &str) -> Option<&'a Table> {
    let id = file.strip_suffix(".csv")?;
    doc.data.iter().chain(doc.sections.iter().flat_map(|s| &s.tables)).find(|t| t.id == id)
}

async fn csv(State(state): State<AppState>, who: SignedIn, Path((id, file)): Path<(i64, String)>) -> Result<Response, AppError> {
    let (footprint, summary) = readable(&state, &who, id).await?;
    let doc = frozen(&state, id).await?;
    let table = table_by_file(&doc, &file).ok_or(AppError::NotFound)?;
    if !super::may_read_table(&who, &footprint, &table.id) {
        return Err(AppError::Forbidden);
    }
    let stem = format!("{}-{}-v{}-{}", doc.footprint_code, summary.period, summary.version, table.id);
    Ok(csv_table(table, stem).into_response())
}

async fn endorse(State(state): State<AppState>, who: SignedIn, Path(id): Path<i64>) -> Result<Response, AppError> {
    let (footprint, summary) = readable(&state, &who, id).await?;
    who.require(Need::Endorse(footprint.id))?;
    let mut tx = db::begin_write(&state.pool).await?;
    let at = db::dialect::now();
    if reports::endorse(&mut tx, id, who.user.principal.user_id, at).await? {
        let entry = audit::Entry {
            after: Some(reports::described(&summary)),
            ..reports::audit_entry("report.endorse", "report_version", id, &summary)
        };
        audit::append(&mut tx, &who.actor(), entry).await?;
        tx.commit().await?;
    }
    // Already endorsed: the first endorsement stands, and the list shows it.
    Ok(Redirect::to(&in_footprint("/reports", who.chosen_footprint.as_deref())).into_response())
}

async fn delete(State(state): State<AppState>, who: SignedIn, Path(id): Path<i64>) -> Result<Response, AppError> {
    let (footprint, summary) = readable(&state, &who, id).await?;
    who.require(Need::RunProgramme(footprint.id))?;
    let mut tx = db::begin_write(&state.pool).await?;
    if !reports::delete_unendorsed(&mut tx, id).await? {
        drop(tx);
        let meta = who.meta_in(&footprint, "This report cannot be deleted", None, vec![]);
        let message = format!(
            "{} version {} was endorsed by the Steering Group, so it is kept as the record of what they saw. Nothing was deleted.",
            summary.period.label(),
            summary.version
        );
        return Err(AppError::conflict(ldr_app::views::errors::refused_page(meta, "This report cannot be deleted", &message, "/reports")));
    }
    let entry = audit::Entry {
        before: Some(reports::described(&summary)),
        ..reports::audit_entry("report.delete", "report_version", id, &summary)
    };
    audit::append(&mut tx, &who.actor(), entry).await?;
    tx.commit().await?;
    Ok(Redirect::to(&in_footprint("/reports", who.chosen_footprint.as_deref())).into_response())
}
