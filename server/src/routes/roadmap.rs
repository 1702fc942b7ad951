//! `/roadmap`: the footprint's gaps, priority initiatives, workstreams and risks.

use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use axum::Router;

use super::home_footprint;
use crate::auth::SignedIn;
use crate::db::registers;
use crate::web::csv_download::CsvTable;
use crate::web::error::AppError;
use crate::web::AppState;
use ldr_app::views::roadmap::{roadmap_page, workstreams_table};
use ldr_app::views::{Crumb, Nav};

pub fn routes() -> Router<AppState> {
    Router::new().route("/roadmap", get(show)).route("/roadmap/workstreams.csv", get(workstreams_csv))
}

async fn show(State(state): State<AppState>, who: SignedIn) -> Result<Html<String>, AppError> {
    let footprint = home_footprint(&state, &who).await?;
    let registers = registers::for_footprint(&state.pool, footprint.id).await?;
    let meta = who.meta_in(&footprint, "Gaps, initiatives and risks", Some(Nav::Roadmap), vec![Crumb::new("Home", "/")]);
    Ok(Html(roadmap_page(meta, footprint.summary, registers)))
}

/// `/roadmap/workstreams.csv`: the page's workstreams table, worded by the same function.
async fn workstreams_csv(State(state): State<AppState>, who: SignedIn) -> Result<CsvTable, AppError> {
    let footprint = home_footprint(&state, &who).await?;
    let registers = registers::for_footprint(&state.pool, footprint.id).await?;
    let words = workstreams_table(&registers.workstreams);
    Ok(CsvTable { file_stem: format!("{}-workstreams", footprint.summary.code), headings: words.headings, rows: words.rows })
}
