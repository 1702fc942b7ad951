//! `/capabilities` and `/capabilities/{number}`.

use axum::extract::{Path, Query, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;

use super::home_footprint;
use super::periods::{selection, PeriodQuery};
use crate::auth::SignedIn;
use crate::db::{aim_status, aims};
use crate::web::error::AppError;
use crate::web::AppState;
use ldr_app::views::capabilities::{capabilities_page, capability_page, CapabilityEvidence};
use ldr_app::views::{Crumb, Nav};

pub fn routes() -> Router<AppState> {
    Router::new().route("/capabilities", get(list)).route("/capabilities/{number}", get(show))
}

async fn list(State(state): State<AppState>, who: SignedIn, Query(query): Query<PeriodQuery>) -> Result<Html<String>, AppError> {
    let footprint = home_footprint(&state, &who).await?;
    let (period, periods) = selection(&state, footprint.id, &query).await?;
    let capabilities = aims::capabilities_with_progress(&state.pool, footprint.id, period).await?;
    let statuses = aim_status::for_period(&state.pool, footprint.id, period).await?;
    let meta = who.meta_in(&footprint, "Universal capabilities", Some(Nav::Capabilities), vec![Crumb::new("Home", "/")]);
    Ok(Html(capabilities_page(meta, footprint.summary, period.map(|p| p.code), capabilities, periods, &statuses)))
}

async fn show(
    State(state): State<AppState>,
    who: SignedIn,
    Path(number): Path<String>,
    Query(query): Query<PeriodQuery>,
) -> Result<Html<String>, AppError> {
    // A number that does not parse is an unknown page, not a bad request.
    let number: i64 = number.parse().map_err(|_| AppError::NotFound)?;
    let footprint = home_footprint(&state, &who).await?;
    let (period, periods) = selection(&state, footprint.id, &query).await?;
    let capability = aims::capabilities_with_progress(&state.pool, footprint.id, period)
        .await?
        .into_iter()
        .find(|c| c.number == number)
        .ok_or(AppError::NotFound)?;
    let definitions = aims::rag_definitions(&state.pool).await?;
    let org_figures = aims::organisation_figures(&state.pool, footprint.id, period, number).await?;
    let statuses: Vec<_> =
        aim_status::for_period(&state.pool, footprint.id, period).await?.into_iter().filter(|s| s.capability == number).collect();
    let crumbs = vec![Crumb::new("Home", "/"), Crumb::new("Universal capabilities", "/capabilities")];
    let meta = who.meta_in(&footprint, &format!("Capability {number}"), Some(Nav::Capabilities), crumbs);
    Ok(Html(capability_page(
        meta,
        footprint.summary,
        period.map(|p| p.code),
        capability,
        definitions,
        periods,
        CapabilityEvidence { org_figures, statuses },
    )))
}
