//! `/`: the footprint dashboard.

use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use axum::Router;

use super::home_footprint;
use crate::auth::SignedIn;
use crate::db::{aims, dma, organisations, periods};
use crate::web::error::AppError;
use crate::web::AppState;
use ldr_app::views::dashboard::{dashboard_page, DashboardData};
use ldr_app::views::Nav;

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(dashboard))
}

async fn dashboard(State(state): State<AppState>, who: SignedIn) -> Result<Html<String>, AppError> {
    let footprint = home_footprint(&state, &who).await?;
    let period = periods::latest_with_figures(&state.pool, footprint.id).await?;
    let capabilities = aims::capabilities_with_progress(&state.pool, footprint.id, period).await?;
    let dma = match period {
        Some(p) => {
            let orgs = organisations::in_footprint(&state.pool, footprint.id).await?;
            dma::matrix(&state.pool, footprint.id, p, &orgs).await?
        }
        None => None,
    };
    let meta = who.meta("Dashboard", Some(Nav::Dashboard), vec![]);
    let data = DashboardData { footprint: footprint.summary, period: period.map(|p| p.code), capabilities, dma };
    Ok(Html(dashboard_page(meta, data)))
}
