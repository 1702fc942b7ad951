//! `/dma`: the footprint's digital maturity by theme against national averages.

use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;

use super::home_footprint;
use super::periods::{selection, PeriodQuery};
use crate::auth::SignedIn;
use crate::db::{dma, organisations};
use crate::web::error::AppError;
use crate::web::AppState;
use ldr_app::facts::{DmaMatrix, OrgSummary};
use ldr_app::views::dma::{dma_empty_page, dma_page};
use ldr_app::views::{Crumb, Nav};

pub fn routes() -> Router<AppState> {
    Router::new().route("/dma", get(show))
}

async fn show(State(state): State<AppState>, who: SignedIn, Query(query): Query<PeriodQuery>) -> Result<Html<String>, AppError> {
    let footprint = home_footprint(&state, &who).await?;
    let meta = who.meta_in(&footprint, "Digital maturity assessment", Some(Nav::Dma), vec![Crumb::new("Home", "/")]);
    let (period, periods) = selection(&state, footprint.id, &query).await?;
    let matrix = match period {
        Some(period) => {
            let orgs: Vec<OrgSummary> =
                organisations::in_footprint(&state.pool, footprint.id).await?.into_iter().map(|o| o.summary).collect();
            dma::facts(&state.pool, footprint.id, period, &orgs).await?.as_ref().and_then(DmaMatrix::assemble)
        }
        None => None,
    };
    Ok(Html(match matrix {
        Some(matrix) => dma_page(meta, footprint.summary, matrix, periods),
        None => dma_empty_page(meta, footprint.summary, periods, period.map(|p| p.code)),
    }))
}
