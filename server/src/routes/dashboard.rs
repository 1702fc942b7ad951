//! `/`: the footprint dashboard.

use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;

use super::home_footprint;
use super::periods::{selection, PeriodQuery};
use crate::auth::SignedIn;
use crate::db::{aims, dma, organisations};
use crate::web::error::AppError;
use crate::web::AppState;
use ldr_app::views::dashboard::{dashboard_page, DashboardData};
use ldr_app::views::Nav;

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(dashboard))
}

async fn dashboard(State(state): State<AppState>, who: SignedIn, Query(query): Query<PeriodQuery>) -> Result<Html<String>, AppError> {
    let footprint = home_footprint(&state, &who).await?;
    let (period, periods) = selection(&state, footprint.id, &query).await?;
    let capabilities = aims::capabilities_with_progress(&state.pool, footprint.id, period).await?;
    let dma = match period {
        Some(p) => {
            let orgs = organisations::in_footprint(&state.pool, footprint.id).await?;
            dma::matrix(&state.pool, footprint.id, p, &orgs).await?
        }
        None => None,
    };
    let meta = who.meta("Dashboard", Some(Nav::Dashboard), vec![]);
    let data = DashboardData { footprint: footprint.summary, period: period.map(|p| p.code), capabilities, dma, periods };
    Ok(Html(dashboard_page(meta, data)))
}
