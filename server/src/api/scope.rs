//! Which footprint, organisation, quarter and framework a list is about, from its filters,
//! each checked as the matching page checks it: the footprint asked for (or the one the
//! organisation belongs to, or the caller's own; a reviewer, who has none, gets the first, as
//! on the pages), refused with 403 unless the policy lets the caller read it.

use super::caller::ApiCaller;
use super::params::{unknown, Filter, ListQuery};
use super::problem::ApiError;
use crate::db::footprints::{self, Footprint};
use crate::db::organisations::{self, Organisation};
use crate::db::periods::{self, Period};
use crate::web::AppState;
use ldr_app::access::Need;
use ldr_app::domain::PeriodCode;

/// The footprint (and organisation, when one was asked for) a list reads.
pub struct Scope {
    pub footprint: Footprint,
    pub organisation: Option<Organisation>,
}

impl Scope {
    /// Resolve `footprint` and `organisation`, then require `need` of that footprint.
    pub async fn resolve(
        state: &AppState,
        caller: &ApiCaller,
        query: &ListQuery,
        need: impl Fn(ldr_app::domain::FootprintId) -> Need,
    ) -> Result<Scope, ApiError> {
        let pool = &state.pool;
        let organisation = match query.organisation.as_deref() {
            Some(code) => Some(organisations::by_code(pool, code).await?.ok_or_else(|| unknown(Filter::Organisation, "organisation"))?),
            None => None,
        };
        let footprint = match (query.footprint.as_deref(), &organisation, caller.principal.footprint) {
            (Some(code), _, _) => footprints::by_code(pool, code).await?.ok_or_else(|| unknown(Filter::Footprint, "footprint"))?,
            (None, Some(org), _) => footprints::by_id(pool, org.footprint_id).await?.ok_or(ApiError::NotFound)?,
            (None, None, Some(home)) => footprints::by_id(pool, home).await?.ok_or(ApiError::NotFound)?,
            (None, None, None) => footprints::first(pool).await?.ok_or(ApiError::NotFound)?,
        };
        if organisation.as_ref().is_some_and(|o| o.footprint_id != footprint.id) {
            return Err(ApiError::BadRequest("`organisation` is not in the footprint named by `footprint`.".to_string()));
        }
        caller.require(need(footprint.id))?;
        Ok(Scope { footprint, organisation })
    }

    /// Whether a row about the organisation with this code passes the `organisation` filter.
    pub fn keeps(&self, organisation_code: &str) -> bool {
        self.organisation.as_ref().is_none_or(|o| o.summary.code == organisation_code)
    }

    /// `quarter`, or by default the latest with official figures (the dashboards' default).
    pub async fn quarter(&self, state: &AppState, query: &ListQuery) -> Result<Option<Period>, ApiError> {
        match query.quarter.as_deref() {
            None => Ok(periods::latest_with_figures(&state.pool, self.footprint.id).await?),
            Some(code) => Ok(Some(named_quarter(state, code).await?)),
        }
    }
}

/// A quarter named by `quarter`, which must exist.
pub async fn named_quarter(state: &AppState, code: &str) -> Result<Period, ApiError> {
    let code: PeriodCode = code.parse().map_err(|_| ApiError::BadRequest("`quarter` must be a code such as 2016-17-q1.".to_string()))?;
    periods::by_code(&state.pool, &code).await?.ok_or_else(|| unknown(Filter::Quarter, "quarter"))
}
