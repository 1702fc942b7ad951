//! `/periods`: the PMO opens one quarter at a time for returns, with a deadline, and closes
//! it; the Steering Group and reviewers read the same page. Also the dashboards' `?period=`
//! selection, which every dashboard route shares.

use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use serde::Deserialize;

use super::home_footprint;
use crate::auth::SignedIn;
use crate::db::footprints::Footprint;
use crate::db::periods::{self, OpenError, Period, ResolveError, Window};
use crate::db::{self, audit};
use crate::web::csv_download::CsvTable;
use crate::web::error::AppError;
use crate::web::strict_form::{NoFields, StrictForm};
use crate::web::AppState;
use ldr_app::access::Need;
use ldr_app::domain::deadline::{deadline_has_passed, parse_deadline};
use ldr_app::domain::{FootprintId, PeriodCode};
use ldr_app::views::periods::{
    history_table, periods_page, DeadlineError, OpenErrors, OpenForm, PeriodsData, WindowView, CONFIRM_PAST_DEADLINE,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/periods", get(show))
        .route("/periods.csv", get(history_csv))
        .route("/periods/open", post(open))
        .route("/periods/close", post(close))
}

/// `?period=2016-17-q1` on a dashboard page.
#[derive(Debug, Default, Deserialize)]
pub(super) struct PeriodQuery {
    pub period: Option<String>,
}

impl From<ResolveError> for AppError {
    fn from(e: ResolveError) -> Self {
        match e {
            // A period that does not exist is an unknown page, like an unknown organisation.
            ResolveError::Unknown => AppError::NotFound,
            ResolveError::Db(e) => e.into(),
        }
    }
}

/// The period a dashboard shows (the one asked for, else the latest with figures) and the
/// selector's (code, label) choices, newest first. A known quarter without figures can be
/// asked for by URL; it joins the choices so the selector never claims another is shown.
pub(super) async fn selection(
    state: &AppState,
    footprint: FootprintId,
    query: &PeriodQuery,
) -> Result<(Option<Period>, Vec<(String, String)>), AppError> {
    let period = periods::resolve(&state.pool, footprint, query.period.as_deref()).await?;
    let mut choices: Vec<PeriodCode> = periods::periods_with_figures(&state.pool, footprint).await?.into_iter().map(|p| p.code).collect();
    if let Some(p) = period.filter(|p| !choices.contains(&p.code)) {
        choices.push(p.code);
        choices.sort_by(|a, b| b.cmp(a));
    }
    Ok((period, choices.into_iter().map(|c| (c.to_string(), c.label())).collect()))
}

/// The footprint whose periods this person may read. CIOs enter returns but do not manage
/// or follow the programme's quarters, so the page is not theirs.
async fn readable_footprint(state: &AppState, who: &SignedIn) -> Result<Footprint, AppError> {
    let footprint = home_footprint(state, who).await?;
    who.require(Need::ReadPeriods(footprint.id))?;
    Ok(footprint)
}

async fn managed_footprint(state: &AppState, who: &SignedIn) -> Result<Footprint, AppError> {
    let footprint = readable_footprint(state, who).await?;
    who.require(Need::RunProgramme(footprint.id))?;
    Ok(footprint)
}

fn actor(who: &SignedIn) -> audit::Actor {
    let p = &who.user.principal;
    audit::Actor { user_id: Some(p.user_id), name: p.username.clone(), role: Some(p.role.code().to_string()) }
}

fn window_view(w: Window) -> WindowView {
    WindowView {
        period: w.period.code.label(),
        deadline: w.deadline,
        opened_at: w.opened_at.to_string(),
        opened_by: w.opened_by,
        closed_at: w.closed_at.map(|t| t.to_string()),
        closed_by: w.closed_by,
    }
}

async fn render(
    state: &AppState,
    who: &SignedIn,
    footprint: Footprint,
    form: OpenForm,
    errors: OpenErrors,
    past_deadline: Option<NaiveDate>,
) -> Result<String, AppError> {
    let open = periods::open_window(&state.pool, footprint.id).await?;
    let history = periods::windows(&state.pool, footprint.id).await?;
    let all = periods::all(&state.pool).await?;
    let data = PeriodsData {
        manage: who.user.principal.may(Need::RunProgramme(footprint.id)),
        footprint: footprint.summary,
        open: open.map(window_view),
        history: history.into_iter().map(window_view).collect(),
        periods: all.iter().map(|p| (p.code.to_string(), p.code.label())).collect(),
        form,
        errors,
        past_deadline,
    };
    let meta = who.meta("Reporting periods", None, vec![]);
    Ok(periods_page(meta, data))
}

async fn show(State(state): State<AppState>, who: SignedIn) -> Result<Html<String>, AppError> {
    let footprint = readable_footprint(&state, &who).await?;
    Ok(Html(render(&state, &who, footprint, OpenForm::default(), OpenErrors::default(), None).await?))
}

/// `/periods.csv`: the page's history of quarters, for those who may read the page.
async fn history_csv(State(state): State<AppState>, who: SignedIn) -> Result<CsvTable, AppError> {
    let footprint = readable_footprint(&state, &who).await?;
    let windows: Vec<WindowView> = periods::windows(&state.pool, footprint.id).await?.into_iter().map(window_view).collect();
    let words = history_table(&windows);
    Ok(CsvTable { file_stem: format!("{}-periods", footprint.summary.code), headings: words.headings, rows: words.rows })
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct OpenFields {
    #[serde(default)]
    period: String,
    #[serde(default, rename = "deadline-day")]
    day: String,
    #[serde(default, rename = "deadline-month")]
    month: String,
    #[serde(default, rename = "deadline-year")]
    year: String,
    /// `past-deadline` from the "Open with a past deadline" button.
    #[serde(default)]
    confirm: String,
}

fn another_open(code: Option<PeriodCode>) -> String {
    match code {
        Some(c) => format!("Close {} before opening another quarter", c.label()),
        None => "Close the open quarter before opening another quarter".to_string(),
    }
}

async fn open(State(state): State<AppState>, who: SignedIn, StrictForm(fields): StrictForm<OpenFields>) -> Result<Response, AppError> {
    let footprint = managed_footprint(&state, &who).await?;
    let form = OpenForm { period: fields.period, day: fields.day, month: fields.month, year: fields.year };
    let (period, deadline, mut errors) = validate(&state, footprint.id, &form).await?;
    // A deadline already past makes every return overdue at once: written only when confirmed.
    let today = chrono::Local::now().date_naive();
    let unconfirmed_past =
        deadline.filter(|d| errors.deadline.is_none() && deadline_has_passed(*d, today) && fields.confirm != CONFIRM_PAST_DEADLINE);
    if let (Some(period), Some(deadline), true, None) = (period, deadline, errors.is_empty(), unconfirmed_past) {
        let mut tx = db::begin_write(&state.pool).await?;
        match periods::open(&mut tx, &actor(&who), footprint.id, period, deadline).await {
            Ok(()) => {
                tx.commit().await?;
                return Ok(Redirect::to("/periods").into_response());
            }
            // Another PMO opened a quarter since the check above: the same message, not a 500.
            Err(OpenError::AnotherOpen(code)) => errors.period = Some(another_open(code)),
            Err(OpenError::Db(e)) => return Err(e.into()),
        }
    }
    // A warning alone is a question, not a refusal; with errors, both are shown in one round.
    let summary = errors.summary();
    let page = render(&state, &who, footprint, form, errors, unconfirmed_past).await?;
    if summary.is_empty() {
        Ok(Html(page).into_response())
    } else {
        Err(AppError::validation(summary, page))
    }
}

/// Check every field, so the PMO sees every problem at once.
async fn validate(
    state: &AppState,
    footprint: FootprintId,
    form: &OpenForm,
) -> Result<(Option<Period>, Option<NaiveDate>, OpenErrors), AppError> {
    let mut errors = OpenErrors::default();
    let code = form.period.trim();
    let period = match code.parse::<PeriodCode>() {
        _ if code.is_empty() => None,
        Ok(c) => periods::by_code(&state.pool, &c).await?,
        Err(_) => None,
    };
    if period.is_none() {
        errors.period = Some(if code.is_empty() { "Select the quarter to open" } else { "Select a quarter from the list" }.into());
    }
    let deadline = parse_deadline(&form.day, &form.month, &form.year).map_err(|e| errors.deadline = Some(e.into())).ok();
    if let (Some(p), Some(d)) = (period, deadline) {
        let starts = periods::starts_on(&state.pool, p.id).await?.unwrap_or_else(|| p.code.dates().0);
        if d < starts {
            let message = format!("Deadline must be on or after the start of {} ({})", p.code.label(), starts.format("%-d %B %Y"));
            errors.deadline = Some(DeadlineError { message, parts: vec!["day", "month", "year"] });
        }
    }
    if errors.period.is_none() {
        if let Some(w) = periods::open_window(&state.pool, footprint).await? {
            errors.period = Some(another_open(Some(w.period.code)));
        }
    }
    Ok((period, deadline, errors))
}

async fn close(State(state): State<AppState>, who: SignedIn, _: StrictForm<NoFields>) -> Result<Response, AppError> {
    let footprint = managed_footprint(&state, &who).await?;
    let mut tx = db::begin_write(&state.pool).await?;
    // Nothing open (a second click, or another PMO closed it): nothing is written, and the
    // page the person lands on shows that no quarter is open.
    periods::close(&mut tx, &actor(&who), footprint.id).await?;
    tx.commit().await?;
    Ok(Redirect::to("/periods").into_response())
}
