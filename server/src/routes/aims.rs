//! `/aims/{code}`: why an aim's computed status is what it is, as at a quarter.

use axum::extract::{Path, Query, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;

use super::home_footprint;
use super::periods::{selection, PeriodQuery};
use crate::auth::SignedIn;
use crate::db::{aim_status, aims, rag_rules};
use crate::web::error::AppError;
use crate::web::AppState;
use ldr_app::views::aim_explained::{aim_explained_page, AimExplained};
use ldr_app::views::{Crumb, Nav};

pub fn routes() -> Router<AppState> {
    Router::new().route("/aims/{code}", get(show))
}

async fn show(
    State(state): State<AppState>,
    who: SignedIn,
    Path(code): Path<String>,
    Query(query): Query<PeriodQuery>,
) -> Result<Html<String>, AppError> {
    let footprint = home_footprint(&state, &who).await?;
    let (period, periods) = selection(&state, footprint.id, &query).await?;
    let period = period.ok_or(AppError::NotFound)?;
    let rules = rag_rules::for_footprint(&state.pool, footprint.id).await?;
    let status = aim_status::for_footprint(&state.pool, footprint.id, period, &rules)
        .await?
        .into_iter()
        .find(|s| s.code == code)
        .ok_or(AppError::NotFound)?;
    let footprint_provenance = aims::capabilities_with_progress(&state.pool, footprint.id, Some(period))
        .await?
        .into_iter()
        .flat_map(|c| c.aims)
        .find(|a| a.code == code)
        .and_then(|a| a.provenance);
    let organisations = aims::organisation_figures(&state.pool, footprint.id, Some(period), status.capability)
        .await?
        .into_iter()
        .filter(|f| f.aim == code)
        .collect();
    let history = aim_status::history_of(&state.pool, footprint.id, &code, period, &rules).await?;
    let crumbs = vec![Crumb::new("Home", "/")];
    let meta = who.meta_in(&footprint, &format!("Aim {code}"), Some(Nav::Capabilities), crumbs);
    Ok(Html(aim_explained_page(meta, AimExplained { status, footprint_provenance, organisations, history, periods })))
}
