//! `/roadmap`: the footprint's gaps, priority initiatives, workstreams and risks.

use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use axum::Router;

use super::home_footprint;
use crate::auth::SignedIn;
use crate::db::registers;
use crate::web::error::AppError;
use crate::web::AppState;
use ldr_app::views::roadmap::roadmap_page;
use ldr_app::views::{Crumb, Nav};

pub fn routes() -> Router<AppState> {
    Router::new().route("/roadmap", get(show))
}

async fn show(State(state): State<AppState>, who: SignedIn) -> Result<Html<String>, AppError> {
    let footprint = home_footprint(&state, &who).await?;
    let registers = registers::for_footprint(&state.pool, footprint.id).await?;
    let meta = who.meta_in(&footprint, "Gaps, initiatives and risks", Some(Nav::Roadmap), vec![Crumb::new("Home", "/")]);
    Ok(Html(roadmap_page(meta, footprint.summary, registers)))
}
