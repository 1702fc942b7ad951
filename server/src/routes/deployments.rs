//! `/deployments` and `/deployments.csv`: the deployment timeline (issue 11, the roadmap's
//! Figure 10), filtered by organisation, capability and status with GET parameters.

use axum::extract::{RawQuery, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use super::home_footprint;
use super::periods::{selection, PeriodQuery};
use crate::auth::SignedIn;
use crate::db::deployment_timeline;
use crate::web::csv_download::CsvTable;
use crate::web::error::AppError;
use crate::web::AppState;
use ldr_app::facts::DeploymentFilter;
use ldr_app::views::deployments::{deployments_page, table_rows, DeploymentsPage, TABLE_HEADINGS};
use ldr_app::views::deployments_filter::{read_filter, FilterChoices, TypedFilter};
use ldr_app::views::{Crumb, Nav, PageMeta};

pub fn routes() -> Router<AppState> {
    Router::new().route("/deployments", get(show)).route("/deployments.csv", get(csv))
}

/// The query string as the forms send it (the footprint picker's `footprint` is read by
/// `SignedIn`).
#[derive(Debug, Default, Deserialize)]
struct TimelineQuery {
    period: Option<String>,
    organisation: Option<String>,
    capability: Option<String>,
    status: Option<String>,
}

async fn show(State(state): State<AppState>, who: SignedIn, RawQuery(query): RawQuery) -> Result<Html<String>, AppError> {
    let (meta, page) = read(&state, &who, query.as_deref()).await?;
    refuse_unknown_filters(meta, page).map(Html)
}

/// The table as a CSV file: the same rows and words, for the same quarter and filters.
async fn csv(State(state): State<AppState>, who: SignedIn, RawQuery(query): RawQuery) -> Result<Response, AppError> {
    let (meta, page) = read(&state, &who, query.as_deref()).await?;
    if !page.errors.is_empty() {
        return refuse_unknown_filters(meta, page).map(IntoResponse::into_response);
    }
    let stem = page.period.map_or_else(|| "deployments".to_string(), |p| format!("deployments-{p}"));
    let rows = table_rows(&page.deployments);
    Ok(CsvTable { file_stem: stem, headings: TABLE_HEADINGS.iter().map(|h| h.to_string()).collect(), rows }.into_response())
}

/// The page, or 422 with the NHS error summary when a filter names nothing on offer.
fn refuse_unknown_filters(meta: PageMeta, page: DeploymentsPage) -> Result<String, AppError> {
    let errors = page.errors.clone();
    let html = deployments_page(meta, page);
    if errors.is_empty() {
        Ok(html)
    } else {
        Err(AppError::validation(errors, html))
    }
}

/// Everything the page and its CSV show: the quarter's deployments (one query), the choices,
/// and the filter read against them.
async fn read(state: &AppState, who: &SignedIn, query: Option<&str>) -> Result<(PageMeta, DeploymentsPage), AppError> {
    // A query string that cannot be read (a repeated field) names no page: 404, as /audit.
    let q: TimelineQuery = serde_urlencoded::from_str(query.unwrap_or_default()).map_err(|_| AppError::NotFound)?;
    let footprint = home_footprint(state, who).await?;
    let (period, periods) = selection(state, footprint.id, &PeriodQuery { period: q.period }).await?;
    let all = match period {
        Some(p) => deployment_timeline::as_at_quarter(&state.pool, footprint.id, p.code).await?.deployments,
        None => Vec::new(),
    };
    let choices = FilterChoices {
        organisations: deployment_timeline::organisation_choices(&state.pool, footprint.id, &all).await?,
        capabilities: FilterChoices::capabilities_of(&all),
    };
    let typed = TypedFilter::new(q.organisation, q.capability, q.status);
    let (filter, errors) = match read_filter(&typed, &choices) {
        Ok(filter) => (filter, Vec::new()),
        Err(errors) => (DeploymentFilter::default(), errors),
    };
    let deployments = if errors.is_empty() { all.into_iter().filter(|d| filter.keeps(d)).collect() } else { Vec::new() };
    let meta = who.meta_in(&footprint, "Deployment timeline", Some(Nav::Deployments), vec![Crumb::new("Home", "/")]);
    let page = DeploymentsPage {
        footprint_name: footprint.summary.name,
        period: period.map(|p| p.code),
        periods,
        typed,
        filter,
        choices,
        deployments,
        errors,
    };
    Ok((meta, page))
}
