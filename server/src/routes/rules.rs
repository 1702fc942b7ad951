//! `/rules`: the computed RAG rules in plain words and every version of them; the footprint's
//! PMO adds a new version (`POST /rules`), audited, in force from a quarter it chooses.

use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::home_footprint;
use crate::auth::SignedIn;
use crate::db::footprints::Footprint;
use crate::db::rag_rules::{self, RuleBook};
use crate::db::{self, periods};
use crate::web::csv_download::CsvTable;
use crate::web::error::AppError;
use crate::web::strict_form::StrictForm;
use crate::web::AppState;
use ldr_app::access::Need;
use ldr_app::analysis::computed_rag::form::{form_from, parse_rules};
use ldr_app::domain::PeriodCode;
use ldr_app::returns::form::{FieldErrors, RawForm};
use ldr_app::views::layout::in_footprint;
use ldr_app::views::rules::{rules_page, versions_table, NewVersionForm, RulesData, VersionLine};

pub fn routes() -> Router<AppState> {
    Router::new().route("/rules", get(show)).route("/rules/versions.csv", get(versions_csv))
}

/// The PMO's new rule version: a form, never kept.
pub fn edit_routes() -> Router<AppState> {
    Router::new().route("/rules", post(add))
}

async fn show(State(state): State<AppState>, who: SignedIn) -> Result<Html<String>, AppError> {
    let footprint = home_footprint(&state, &who).await?;
    let book = rag_rules::for_footprint(&state.pool, footprint.id).await?;
    let form = form_from(book.latest());
    Ok(Html(render(&state, &who, &footprint, &book, form, FieldErrors::default()).await?))
}

/// Every version as the page lists it, newest first.
fn version_lines(book: &RuleBook) -> Vec<VersionLine> {
    book.versions
        .iter()
        .rev()
        .map(|v| VersionLine {
            rules: v.rules.clone(),
            set_by: match (&v.created_by, v.footprint_own) {
                (Some(name), _) => name.clone(),
                (None, true) => "The footprint's PMO".to_string(),
                (None, false) => "National default".to_string(),
            },
            set_on: v.created_at.format("%-d %B %Y").to_string(),
        })
        .collect()
}

/// `/rules/versions.csv`: the page's table of every version, worded by the same function.
async fn versions_csv(State(state): State<AppState>, who: SignedIn) -> Result<CsvTable, AppError> {
    let footprint = home_footprint(&state, &who).await?;
    let book = rag_rules::for_footprint(&state.pool, footprint.id).await?;
    let words = versions_table(&version_lines(&book));
    Ok(CsvTable { file_stem: format!("{}-rules-versions", footprint.summary.code), headings: words.headings, rows: words.rows })
}

/// The quarters a new version may take effect from: the newest version's and later.
async fn quarters(state: &AppState, book: &RuleBook) -> Result<Vec<PeriodCode>, AppError> {
    let earliest = book.latest().effective_from;
    Ok(periods::all(&state.pool).await?.into_iter().map(|p| p.code).filter(|q| *q >= earliest).collect())
}

async fn render(
    state: &AppState,
    who: &SignedIn,
    footprint: &Footprint,
    book: &RuleBook,
    form: RawForm,
    errors: FieldErrors,
) -> Result<String, AppError> {
    let latest = periods::latest_with_figures(&state.pool, footprint.id).await?.map(|p| p.code);
    let in_force = latest.map_or_else(|| book.latest().clone(), |q| book.for_quarter(q).clone());
    let versions = version_lines(book);
    let new_version = if who.user.principal.may(Need::RunProgramme(footprint.id)) {
        Some(NewVersionForm { form, errors, quarters: quarters(state, book).await? })
    } else {
        None
    };
    let meta = who.meta_in(footprint, "Computed RAG rules", None, vec![]);
    let data = RulesData { footprint_name: footprint.summary.name.clone(), in_force: (in_force, latest), versions, new_version };
    Ok(rules_page(meta, data))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFields {
    #[serde(rename = "based-on", default)]
    based_on: String,
    #[serde(rename = "effective-from", default)]
    effective_from: String,
    #[serde(rename = "aim-window", default)]
    aim_window: String,
    #[serde(rename = "aim-margin", default)]
    aim_margin: String,
    #[serde(rename = "aim-min-progress", default)]
    aim_min_progress: String,
    #[serde(rename = "trajectory-tolerance", default)]
    trajectory_tolerance: String,
    #[serde(rename = "trajectory-amber", default)]
    trajectory_amber: String,
    #[serde(rename = "plan-tolerance", default)]
    plan_tolerance: String,
    #[serde(rename = "plan-amber", default)]
    plan_amber: String,
    #[serde(rename = "peers-tolerance", default)]
    peers_tolerance: String,
    #[serde(rename = "peers-amber", default)]
    peers_amber: String,
}

impl RuleFields {
    fn into_form(self) -> RawForm {
        let pairs = [
            ("based-on", self.based_on),
            ("effective-from", self.effective_from),
            ("aim-window", self.aim_window),
            ("aim-margin", self.aim_margin),
            ("aim-min-progress", self.aim_min_progress),
            ("trajectory-tolerance", self.trajectory_tolerance),
            ("trajectory-amber", self.trajectory_amber),
            ("plan-tolerance", self.plan_tolerance),
            ("plan-amber", self.plan_amber),
            ("peers-tolerance", self.peers_tolerance),
            ("peers-amber", self.peers_amber),
        ];
        // Bounded: a number's text is never longer than this; longer input is kept cut.
        RawForm::from_pairs(pairs.into_iter().map(|(k, v)| (k.to_string(), v.chars().take(40).collect())).collect())
    }
}

async fn add(State(state): State<AppState>, who: SignedIn, StrictForm(fields): StrictForm<RuleFields>) -> Result<Response, AppError> {
    let footprint = home_footprint(&state, &who).await?;
    who.require(Need::RunProgramme(footprint.id))?;
    let book = rag_rules::for_footprint(&state.pool, footprint.id).await?;
    let form = fields.into_form();
    let quarters = quarters(&state, &book).await?;
    let rules = match parse_rules(&form, book.latest().effective_from, &quarters) {
        Ok(rules) => rules,
        Err(errors) => {
            let listed: Vec<(String, String)> = errors.0.iter().map(|e| (e.field.clone(), e.message.clone())).collect();
            let page = render(&state, &who, &footprint, &book, form, errors).await?;
            return Err(AppError::validation(listed, page));
        }
    };
    let based_on: u32 = form.get("based-on").parse().unwrap_or(0);
    let mut tx = db::begin_write(&state.pool).await?;
    match rag_rules::add(&mut tx, &who.actor(), footprint.id, &rules, based_on).await? {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&in_footprint("/rules", who.chosen_footprint.as_deref())).into_response())
        }
        Err(stale) => {
            drop(tx);
            let mut errors = FieldErrors::default();
            errors.add(
                "effective-from",
                format!(
                    "Someone added version {} of the rules since you opened this page. Your values are kept below: check them against version {} and add them again if they still stand.",
                    stale.latest, stale.latest
                ),
            );
            let book = rag_rules::for_footprint(&state.pool, footprint.id).await?;
            let mut form = form;
            form.set("based-on", stale.latest.to_string());
            Err(AppError::conflict(render(&state, &who, &footprint, &book, form, errors).await?))
        }
    }
}
