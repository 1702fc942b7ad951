//! The pages, one module per feature, assembled into one router here.

mod account;
mod aims;
mod api_tokens;
mod audit;
mod capabilities;
mod dashboard;
mod deployments;
mod dma;
mod gaps;
mod health;
mod imports;
mod national;
mod organisations;
mod periods;
mod reports;
mod returns;
mod roadmap;
mod rules;
mod trajectories;

use axum::{middleware, Router};

use crate::auth::SignedIn;
use crate::db::footprints::{self, Footprint};
use crate::web::error::AppError;
use crate::web::{page_cache, AppState};
use ldr_app::access::Need;

pub fn router(state: &AppState) -> Router<AppState> {
    // The read-only pages, the same for every session of a reader: kept, once drawn, until
    // the data changes. Pages with forms or about the session itself are drawn every time.
    let kept = Router::new()
        .merge(dashboard::routes())
        .merge(organisations::routes())
        .merge(capabilities::routes())
        .merge(dma::routes())
        .merge(roadmap::routes())
        .merge(returns::read_only_routes())
        .merge(audit::routes())
        .merge(national::routes())
        .merge(trajectories::routes())
        .merge(gaps::routes())
        .merge(deployments::routes())
        .merge(rules::routes())
        .merge(aims::routes())
        .merge(reports::read_routes())
        .layer(middleware::from_fn_with_state(state.clone(), page_cache::serve_or_keep));
    Router::new()
        .merge(kept)
        .merge(health::routes())
        .merge(periods::routes())
        .merge(returns::routes())
        .merge(account::routes())
        .merge(gaps::edit_routes())
        .merge(rules::edit_routes())
        .merge(reports::routes())
        .merge(api_tokens::routes())
        .merge(imports::routes())
}

/// The footprint a page is about: the one chosen with `?footprint=CODE`, else the one the
/// person works in (a reviewer, who belongs to none, sees the first), after checking they may
/// see it.
async fn home_footprint(state: &AppState, who: &SignedIn) -> Result<Footprint, AppError> {
    let footprint = match (&who.chosen_footprint, who.user.principal.footprint) {
        (Some(code), _) => footprints::by_code(&state.pool, code).await?,
        (None, Some(id)) => footprints::by_id(&state.pool, id).await?,
        (None, None) => footprints::first(&state.pool).await?,
    }
    .ok_or(AppError::NotFound)?;
    who.require(Need::ViewFootprint(footprint.id))?;
    footprint_choices(state, who).await?;
    Ok(footprint)
}

/// Every footprint, for the picker, when the reader may see more than one.
pub(super) async fn footprint_choices(state: &AppState, who: &SignedIn) -> Result<(), AppError> {
    if who.reads_every_footprint() && who.footprints.get().is_none() {
        let _ = who.footprints.set(footprints::all(&state.pool).await?);
    }
    Ok(())
}
