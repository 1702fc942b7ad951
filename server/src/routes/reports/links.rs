//! The PMO's reviewer links to one version: listed with their signed addresses, made with an
//! expiry date (today up to a year ahead) and an optional note, and revoked; each write is
//! audited.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::{Days, NaiveDate};
use serde::Deserialize;

use super::link_token;
use super::version::readable;
use crate::auth::SignedIn;
use crate::db::footprints::Footprint;
use crate::db::report_links::{self, ReportLink};
use crate::db::reports::{self, VersionSummary};
use crate::db::{self, audit};
use crate::web::error::AppError;
use crate::web::strict_form::StrictForm;
use crate::web::AppState;
use ldr_app::access::Need;
use ldr_app::domain::dates::parse_date_input;
use ldr_app::returns::form::{FieldErrors, RawForm};
use ldr_app::views::layout::in_footprint;
use ldr_app::views::report_links::{report_links_page, LinkLine, LinksData, EXPIRES_FIELD, NOTE_FIELD, NOTE_MAX};

/// The longest a link may live: a review cycle, not a standing door.
const LONGEST_DAYS: u64 = 366;

pub fn routes() -> Router<AppState> {
    Router::new().route("/reports/{id}/links", get(list).post(create)).route("/reports/{id}/links/{link}/revoke", post(revoke))
}

async fn managed(state: &AppState, who: &SignedIn, id: i64) -> Result<(Footprint, VersionSummary), AppError> {
    let (footprint, summary) = readable(state, who, id).await?;
    who.require(Need::RunProgramme(footprint.id))?;
    Ok((footprint, summary))
}

/// This server's own address as the browser reached it, for links to send by email.
fn origin(headers: &HeaderMap, state: &AppState) -> String {
    let host = headers.get(axum::http::header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let scheme = if state.config.secure_cookies { "https" } else { "http" };
    format!("{scheme}://{host}")
}

fn today() -> NaiveDate {
    db::dialect::now().date()
}

/// The form as typed, its problems and the date parts to mark.
#[derive(Default)]
struct Typed {
    form: RawForm,
    errors: FieldErrors,
    marked: Vec<&'static str>,
}

async fn render(
    state: &AppState,
    who: &SignedIn,
    headers: &HeaderMap,
    (footprint, summary): &(Footprint, VersionSummary),
    typed: Typed,
) -> Result<String, AppError> {
    let key = state.auth.key()?;
    let origin = origin(headers, state);
    let today = today();
    let links = report_links::for_version(&state.pool, summary.id)
        .await?
        .into_iter()
        .map(|l: ReportLink| {
            let (state, open) = match (&l.revoked_at, l.expires_on < today) {
                (Some(at), _) => (format!("Revoked on {}", at.format("%Y-%m-%d")), false),
                (None, true) => ("Expired".to_string(), false),
                (None, false) => ("Open".to_string(), true),
            };
            LinkLine {
                id: l.id,
                url: format!("{origin}/shared/{}", link_token::token(key, &l)),
                expires_on: l.expires_on.format("%Y-%m-%d").to_string(),
                note: l.note.clone(),
                created: format!("{} by {}", l.created_at.format("%Y-%m-%d %H:%M"), l.created_by),
                state,
                open,
            }
        })
        .collect();
    let data = LinksData {
        report_id: summary.id,
        report_name: format!("{} version {}", summary.period.label(), summary.version),
        links,
        form: typed.form,
        errors: typed.errors,
        marked: typed.marked,
    };
    Ok(report_links_page(who.meta_in(footprint, "Reviewer links", None, vec![]), data))
}

async fn list(State(state): State<AppState>, who: SignedIn, headers: HeaderMap, Path(id): Path<i64>) -> Result<Html<String>, AppError> {
    let version = managed(&state, &who, id).await?;
    Ok(Html(render(&state, &who, &headers, &version, Typed::default()).await?))
}

#[derive(Debug, Deserialize)]
struct LinkFields {
    #[serde(rename = "expires-day", default)]
    day: String,
    #[serde(rename = "expires-month", default)]
    month: String,
    #[serde(rename = "expires-year", default)]
    year: String,
    #[serde(default)]
    note: String,
}

async fn create(
    State(state): State<AppState>,
    who: SignedIn,
    headers: HeaderMap,
    Path(id): Path<i64>,
    StrictForm(fields): StrictForm<LinkFields>,
) -> Result<Response, AppError> {
    let (footprint, summary) = managed(&state, &who, id).await?;
    let cut = |s: &str, n: usize| s.chars().take(n).collect::<String>();
    let form = RawForm::from_pairs(vec![
        (format!("{EXPIRES_FIELD}-day"), cut(&fields.day, 10)),
        (format!("{EXPIRES_FIELD}-month"), cut(&fields.month, 10)),
        (format!("{EXPIRES_FIELD}-year"), cut(&fields.year, 10)),
        (NOTE_FIELD.to_string(), cut(&fields.note, NOTE_MAX + 1)),
    ]);
    let mut errors = FieldErrors::default();
    let mut marked = Vec::new();
    let today = today();
    let latest = today.checked_add_days(Days::new(LONGEST_DAYS)).unwrap_or(today);
    let expires = match parse_date_input("The last day", &fields.day, &fields.month, &fields.year) {
        Ok(Some(d)) if d < today => {
            errors.add(format!("{EXPIRES_FIELD}-day"), "The last day must be today or in the future");
            marked = vec!["day", "month", "year"];
            None
        }
        Ok(Some(d)) if d > latest => {
            errors.add(format!("{EXPIRES_FIELD}-day"), format!("The last day must be on or before {}", latest.format("%-d %B %Y")));
            marked = vec!["day", "month", "year"];
            None
        }
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            errors.add(format!("{EXPIRES_FIELD}-day"), "Enter the last day the link works");
            marked = vec!["day", "month", "year"];
            None
        }
        Err(problem) => {
            errors.add(format!("{EXPIRES_FIELD}-{}", problem.parts[0]), problem.message);
            marked = problem.parts;
            None
        }
    };
    let note = fields.note.trim().to_string();
    if note.chars().count() > NOTE_MAX {
        errors.add(NOTE_FIELD, format!("Who it is for must be {NOTE_MAX} characters or fewer"));
    }
    let Some(expires) = expires.filter(|_| errors.0.is_empty()) else {
        let listed: Vec<(String, String)> = errors.0.iter().map(|e| (e.field.clone(), e.message.clone())).collect();
        let page = render(&state, &who, &headers, &(footprint, summary), Typed { form, errors, marked }).await?;
        return Err(AppError::validation(listed, page));
    };
    let mut tx = db::begin_write(&state.pool).await?;
    let link = report_links::create(&mut tx, id, expires, &note, who.user.principal.user_id, db::dialect::now()).await?;
    let after = serde_json::json!({ "report_version": id, "version": summary.version, "expires_on": expires, "note": note });
    let entry = audit::Entry { after: Some(after), ..reports::audit_entry("report.link.create", "report_link", link, &summary) };
    audit::append(&mut tx, &who.actor(), entry).await?;
    tx.commit().await?;
    Ok(Redirect::to(&in_footprint(&format!("/reports/{id}/links"), who.chosen_footprint.as_deref())).into_response())
}

async fn revoke(State(state): State<AppState>, who: SignedIn, Path((id, link)): Path<(i64, i64)>) -> Result<Response, AppError> {
    let (_, summary) = managed(&state, &who, id).await?;
    let mut tx = db::begin_write(&state.pool).await?;
    if report_links::revoke(&mut tx, link, id, who.user.principal.user_id, db::dialect::now()).await? {
        let after = serde_json::json!({ "report_version": id, "version": summary.version });
        let entry = audit::Entry { after: Some(after), ..reports::audit_entry("report.link.revoke", "report_link", link, &summary) };
        audit::append(&mut tx, &who.actor(), entry).await?;
        tx.commit().await?;
    }
    Ok(Redirect::to(&in_footprint(&format!("/reports/{id}/links"), who.chosen_footprint.as_deref())).into_response())
}
