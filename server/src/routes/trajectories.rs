//! `/trajectories` and `/trajectories/{capability}`: each PF@PoC capability's planned and
//! actual scores, the whole system by a stated method (`?method=mean|minimum|weighted`), as
//! at the chosen quarter (issue 11).

use axum::extract::{Path, Query, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use super::home_footprint;
use super::periods::{selection, PeriodQuery};
use crate::auth::SignedIn;
use crate::db::trajectories::{self, Capabilities};
use crate::web::error::AppError;
use crate::web::AppState;
use ldr_app::analysis::system_trajectory::Method;
use ldr_app::views::trajectories::{trajectories_page, TrajectoriesInput, TITLE};
use ldr_app::views::trajectory_capability::{capability_not_in_force_page, trajectory_capability_page, NotInForce};
use ldr_app::views::{Crumb, Nav};

pub fn routes() -> Router<AppState> {
    Router::new().route("/trajectories", get(list)).route("/trajectories/{capability}", get(show))
}

/// `?period=2016-17-q2&method=minimum`.
#[derive(Debug, Default, Deserialize)]
struct TrajectoryQuery {
    period: Option<String>,
    method: Option<String>,
}

impl TrajectoryQuery {
    /// The method asked for; an unknown one is an unknown page, like an unknown quarter.
    fn method(&self) -> Result<Method, AppError> {
        Method::from_query(self.method.as_deref()).ok_or(AppError::NotFound)
    }

    fn period(&self) -> PeriodQuery {
        PeriodQuery { period: self.period.clone() }
    }
}

async fn list(State(state): State<AppState>, who: SignedIn, Query(query): Query<TrajectoryQuery>) -> Result<Html<String>, AppError> {
    let method = query.method()?;
    let footprint = home_footprint(&state, &who).await?;
    let (period, periods) = selection(&state, footprint.id, &query.period()).await?;
    let facts = match period {
        Some(p) => trajectories::facts(&state.pool, &footprint, p, Capabilities::All).await?,
        None => None,
    };
    let meta = who.meta_in(&footprint, TITLE, Some(Nav::Trajectories), vec![Crumb::new("Home", "/")]);
    let input = TrajectoriesInput { footprint: footprint.summary, period: period.map(|p| p.code), facts, method, periods };
    Ok(Html(trajectories_page(meta, input)))
}

async fn show(
    State(state): State<AppState>,
    who: SignedIn,
    Path(capability): Path<String>,
    Query(query): Query<TrajectoryQuery>,
) -> Result<Html<String>, AppError> {
    let method = query.method()?;
    let footprint = home_footprint(&state, &who).await?;
    let (period, periods) = selection(&state, footprint.id, &query.period()).await?;
    let period = period.ok_or(AppError::NotFound)?;
    let facts =
        trajectories::facts(&state.pool, &footprint, period, Capabilities::Only(&capability)).await?.filter(|f| !f.capabilities.is_empty());
    let meta = who.meta_in(&footprint, TITLE, Some(Nav::Trajectories), vec![Crumb::new("Home", "/")]);
    match facts {
        Some(facts) => Ok(Html(trajectory_capability_page(meta, facts, method, periods))),
        // A capability of another framework than the one in force then: a page saying so.
        // A code naming no capability at all is an unknown page.
        None => {
            let name = trajectories::capability_name(&state.pool, &capability).await?.ok_or(AppError::NotFound)?;
            let gone = NotInForce { footprint: footprint.summary, code: capability, name, period: period.code };
            Ok(Html(capability_not_in_force_page(meta, gone, periods)))
        }
    }
}
