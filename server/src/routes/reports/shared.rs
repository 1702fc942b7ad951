//! `/shared/{token}`: a reviewer without an account opens one frozen version (its page and
//! its PDF) and nothing else. An expired, revoked or forged link gets a page saying which, in
//! words, and the attempt is audited (at most [`AUDITED_PER_MINUTE`] a minute, so a flood
//! of forged tokens cannot fill the log; the rest are logged as refused requests).

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Mutex;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::NaiveDate;

use super::link_token::{self, Refusal};
use super::version::{frozen, page, stored_pdf};
use crate::db::audit::{self, Actor};
use crate::db::report_links::{self, ReportLink};
use crate::db::reports::{self, VersionSummary};
use crate::db::{self as database};
use crate::report_html::Downloads;
use crate::web::error::AppError;
use crate::web::AppState;
use ldr_app::views::errors::refused_page;
use ldr_app::views::layout::PageMeta;

pub const AUDITED_PER_MINUTE: i64 = 30;

pub fn routes() -> Router<AppState> {
    Router::new().route("/shared/{token}", get(open)).route("/shared/{token}/report.pdf", get(pdf))
}

/// Today as the server's clock has it (tests move it forward to see a link expire).
fn today(state: &AppState) -> NaiveDate {
    chrono::DateTime::from_timestamp(state.auth.now_unix(), 0).map_or_else(|| database::dialect::now().date(), |t| t.date_naive())
}

/// The version a token opens, or the page that refuses it.
async fn opened(state: &AppState, token: &str) -> Result<Result<(ReportLink, VersionSummary), Response>, AppError> {
    let link = match link_token::link_id(token) {
        Some(id) => report_links::by_id(&state.pool, id).await?,
        None => None,
    };
    let checked = link_token::check(state.auth.key()?, token, link.as_ref(), today(state));
    let summary = match (&checked, &link) {
        (Ok(()), Some(l)) => reports::summary(&state.pool, l.version_id).await?,
        _ => None,
    };
    match (checked, link, summary) {
        (Ok(()), Some(link), Some(summary)) => Ok(Ok((link, summary))),
        (Err(refusal), link, _) => Ok(Err(refuse(state, refusal, link.as_ref()).await?)),
        // The version was deleted: the link went with it.
        (Ok(()), link, None) => Ok(Err(refuse(state, Refusal::NotValid, link.as_ref()).await?)),
        (Ok(()), None, Some(_)) => Ok(Err(refuse(state, Refusal::NotValid, None).await?)),
    }
}

async fn open(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, AppError> {
    let (link, summary) = match opened(&state, &token).await? {
        Ok(found) => found,
        Err(refused) => return Ok(refused),
    };
    let doc = frozen(&state, summary.id).await?;
    let pdf = format!("/shared/{token}/report.pdf");
    let notice = format!(
        "You are reading this report through a link from the programme office. It is read only, and it stops working after {}.",
        link.expires_on.format("%-d %B %Y")
    );
    let downloads = Downloads { pdf: &pdf, xlsx: None, csv_prefix: None };
    Ok(Html(page(&doc, &summary, None, downloads, Some(&notice))?).into_response())
}

async fn pdf(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, AppError> {
    match opened(&state, &token).await? {
        Ok((_, summary)) => stored_pdf(&state, &summary).await,
        Err(refused) => Ok(refused),
    }
}

/// The refusal page, and its audit entry while this minute's budget lasts.
async fn refuse(state: &AppState, refusal: Refusal, link: Option<&ReportLink>) -> Result<Response, AppError> {
    let (status, title, message, reason) = match refusal {
        Refusal::NotValid => (
            StatusCode::NOT_FOUND,
            "This link is not valid",
            "Check you copied the whole address. If it still does not open, ask the programme office (PMO) that sent it for a new link."
                .to_string(),
            "not valid",
        ),
        Refusal::Revoked => (
            StatusCode::GONE,
            "This link has been withdrawn",
            "The programme office (PMO) withdrew this link. Ask them for a new one if you still need the report.".to_string(),
            "revoked",
        ),
        Refusal::Expired => (
            StatusCode::GONE,
            "This link has expired",
            format!(
                "This link worked until the end of {}. Ask the programme office (PMO) that sent it for a new link.",
                link.map_or_else(String::new, |l| l.expires_on.format("%-d %B %Y").to_string())
            ),
            "expired",
        ),
    };
    if within_budget(state.auth.now_unix() / 60) {
        let mut tx = database::begin_write(&state.pool).await?;
        let footprint = match link {
            Some(l) => reports::summary(&state.pool, l.version_id).await?.map(|s| s.footprint),
            None => None,
        };
        let entry = audit::Entry {
            action: "report.link.refused",
            entity: "report_link",
            entity_id: link.map(|l| l.id.to_string()),
            after: Some(serde_json::json!({ "reason": reason })),
            footprint,
            ..Default::default()
        };
        audit::append(&mut tx, &Actor::system("reviewer link"), entry).await?;
        tx.commit().await?;
    }
    let html = refused_page(PageMeta::default(), title, &message, "/");
    Ok((status, Html(html)).into_response())
}

/// Counts refusals per minute; true while this minute has audited fewer than the budget.
fn within_budget(minute: i64) -> bool {
    static MINUTE: AtomicI64 = AtomicI64::new(0);
    static COUNT: Mutex<i64> = Mutex::new(0);
    let mut count = COUNT.lock().unwrap_or_else(|e| e.into_inner());
    if MINUTE.swap(minute, Ordering::SeqCst) != minute {
        *count = 0;
    }
    *count += 1;
    *count <= AUDITED_PER_MINUTE
}
