//! `/dma`: the footprint's digital maturity by theme against national averages.

use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;

use super::home_footprint;
use super::periods::{selection, PeriodQuery};
use crate::auth::SignedIn;
use crate::db::footprints::Footprint;
use crate::db::periods::Period;
use crate::db::{dma, organisations};
use crate::web::csv_download::CsvTable;
use crate::web::error::AppError;
use crate::web::AppState;
use ldr_app::facts::{DmaMatrix, OrgSummary};
use ldr_app::views::dma::{answer_scales_table, dependencies_table, dma_empty_page, dma_page};
use ldr_app::views::{Crumb, Nav};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/dma", get(show))
        .route("/dma/dependencies.csv", get(dependencies_csv))
        .route("/dma/answer-scales.csv", get(answer_scales_csv))
}

/// The footprint, the quarter chosen and its matrix, for the page and its CSVs alike.
async fn load(state: &AppState, who: &SignedIn, query: &PeriodQuery) -> Result<(Footprint, Loaded), AppError> {
    let footprint = home_footprint(state, who).await?;
    let (period, periods) = selection(state, footprint.id, query).await?;
    let matrix = match period {
        Some(period) => {
            let orgs: Vec<OrgSummary> =
                organisations::in_footprint(&state.pool, footprint.id).await?.into_iter().map(|o| o.summary).collect();
            dma::facts(&state.pool, footprint.id, period, &orgs).await?.as_ref().and_then(DmaMatrix::assemble)
        }
        None => None,
    };
    Ok((footprint, Loaded { period, periods, matrix }))
}

struct Loaded {
    period: Option<Period>,
    periods: Vec<(String, String)>,
    matrix: Option<DmaMatrix>,
}

async fn show(State(state): State<AppState>, who: SignedIn, Query(query): Query<PeriodQuery>) -> Result<Html<String>, AppError> {
    let (footprint, Loaded { period, periods, matrix }) = load(&state, &who, &query).await?;
    let meta = who.meta_in(&footprint, "Digital maturity assessment", Some(Nav::Dma), vec![Crumb::new("Home", "/")]);
    Ok(Html(match matrix {
        Some(matrix) => dma_page(meta, footprint.summary, matrix, periods),
        None => dma_empty_page(meta, footprint.summary, periods, period.map(|p| p.code)),
    }))
}

/// `/dma/dependencies.csv`: the page's dependencies table, worded by the same function.
async fn dependencies_csv(State(state): State<AppState>, who: SignedIn, Query(query): Query<PeriodQuery>) -> Result<CsvTable, AppError> {
    let (footprint, loaded) = load(&state, &who, &query).await?;
    let words = dependencies_table(loaded.matrix.as_ref().map_or(&[][..], |m| &m.themes));
    Ok(CsvTable { file_stem: format!("{}-dma-dependencies", footprint.summary.code), headings: words.headings, rows: words.rows })
}

/// `/dma/answer-scales.csv`: every answer scale the page shows, one row per answer.
async fn answer_scales_csv(State(state): State<AppState>, who: SignedIn, Query(query): Query<PeriodQuery>) -> Result<CsvTable, AppError> {
    let (footprint, loaded) = load(&state, &who, &query).await?;
    let words = answer_scales_table(loaded.matrix.as_ref().map_or(&[][..], |m| &m.answer_scales));
    Ok(CsvTable { file_stem: format!("{}-dma-answer-scales", footprint.summary.code), headings: words.headings, rows: words.rows })
}
