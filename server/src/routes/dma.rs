//! `/dma`: the footprint's digital maturity by theme against national averages.

use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use axum::Router;

use super::home_footprint;
use crate::auth::SignedIn;
use crate::db::{dma, organisations, periods};
use crate::web::error::AppError;
use crate::web::AppState;
use ldr_app::views::dma::{dma_empty_page, dma_page};
use ldr_app::views::{Crumb, Nav};

pub fn routes() -> Router<AppState> {
    Router::new().route("/dma", get(show))
}

async fn show(State(state): State<AppState>, who: SignedIn) -> Result<Html<String>, AppError> {
    let footprint = home_footprint(&state, &who).await?;
    let meta = who.meta("Digital maturity assessment", Some(Nav::Dma), vec![Crumb::new("Home", "/")]);
    let matrix = match periods::latest_with_figures(&state.pool, footprint.id).await? {
        Some(period) => {
            let orgs = organisations::in_footprint(&state.pool, footprint.id).await?;
            dma::matrix(&state.pool, footprint.id, period, &orgs).await?
        }
        None => None,
    };
    Ok(Html(match matrix {
        Some(matrix) => dma_page(meta, footprint.summary, matrix),
        None => dma_empty_page(meta, footprint.summary),
    }))
}
