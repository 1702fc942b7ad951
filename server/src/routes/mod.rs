//! The pages, one module per feature, assembled into one router here.

mod account;
mod audit;
mod capabilities;
mod dashboard;
mod dma;
mod health;
mod national;
mod organisations;
mod periods;
mod returns;
mod roadmap;

use axum::Router;

use crate::auth::SignedIn;
use crate::db::footprints::{self, Footprint};
use crate::web::error::AppError;
use crate::web::AppState;
use ldr_app::access::Need;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(health::routes())
        .merge(dashboard::routes())
        .merge(organisations::routes())
        .merge(capabilities::routes())
        .merge(dma::routes())
        .merge(roadmap::routes())
        .merge(periods::routes())
        .merge(returns::routes())
        .merge(audit::routes())
        .merge(account::routes())
        .merge(national::routes())
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
    Ok(footprint)
}
