//! The programme's lists: footprints, organisations, quarters opened, returns and frozen
//! report versions, each read with the named query its page uses and asked of the policy as
//! that page asks.

use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use sha2::{Digest, Sha256};

use super::caller::ApiCaller;
use super::page::Listing;
use super::params::{Filter, ListQuery};
use super::problem::{ApiError, Problem};
use super::schema::{self, utc, FootprintPage, OrganisationPage, PeriodPage, ReportPage, ReturnPage};
use super::scope::{named_quarter, Scope};
use crate::db::returns::ReturnRow;
use crate::db::{api_reads, footprints, organisations, periods, reports, returns};
use crate::web::AppState;
use ldr_app::access::{Need, ReturnOf};
use ldr_app::domain::deadline::is_overdue;
use ldr_app::domain::PeriodCode;

fn listing<'a>(state: &'a AppState, endpoint: &'static str, query: &'a ListQuery) -> Result<Listing<'a>, ApiError> {
    Ok(Listing { key: state.auth.key()?, endpoint, query })
}

fn footprint_of(f: &footprints::Footprint) -> schema::Footprint {
    schema::Footprint { code: f.summary.code.clone(), name: f.summary.name.clone(), synthetic: f.synthetic }
}

/// The footprints the caller may read (a reviewer: all of them).
#[utoipa::path(get, path = "/api/v1/footprints", tag = "programme",
    params(("limit" = Option<u32>, Query, description = "Rows per page, 1 to 500 (default 100)"),
           ("cursor" = Option<String>, Query, description = "The `next_cursor` of the page before")),
    responses((status = 200, body = FootprintPage), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
pub async fn list_footprints(state: &AppState, caller: &ApiCaller, raw: Option<String>) -> Result<Json<FootprintPage>, ApiError> {
    let query = ListQuery::parse(raw.as_deref(), &[])?;
    let rows: Vec<_> = api_reads::footprints(&state.pool)
        .await?
        .into_iter()
        .filter(|f| caller.principal.may(Need::ViewFootprint(f.id)))
        .map(|f| footprint_of(&f))
        .collect();
    let (data, next_cursor) = listing(state, "footprints", &query)?.page(rows, |f| f.code.clone())?;
    Ok(Json(FootprintPage { data, next_cursor }))
}

/// One footprint, by code: 404 if none has it, 403 if the caller may not read it.
#[utoipa::path(get, path = "/api/v1/footprints/{code}", tag = "programme",
    params(("code" = String, Path, description = "The footprint's code, e.g. GLOS")),
    responses((status = 200, body = schema::Footprint), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
pub async fn one_footprint(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(code): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<schema::Footprint>, ApiError> {
    ListQuery::parse(raw.as_deref(), &[])?;
    let footprint = footprints::by_code(&state.pool, &code).await?.ok_or(ApiError::NotFound)?;
    caller.require(Need::ViewFootprint(footprint.id))?;
    Ok(Json(footprint_of(&footprint)))
}

/// The footprint's organisations, in the footprint's order.
#[utoipa::path(get, path = "/api/v1/organisations", tag = "programme",
    params(("footprint" = Option<String>, Query, description = "Footprint code (default: your own; a reviewer's, the first)"),
           ("organisation" = Option<String>, Query, description = "Only this organisation (ODS code)"),
           ("limit" = Option<u32>, Query, description = "Rows per page, 1 to 500 (default 100)"),
           ("cursor" = Option<String>, Query, description = "The `next_cursor` of the page before")),
    responses((status = 200, body = OrganisationPage), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
pub async fn list_organisations(state: &AppState, caller: &ApiCaller, raw: Option<String>) -> Result<Json<OrganisationPage>, ApiError> {
    let query = ListQuery::parse(raw.as_deref(), &[Filter::Footprint, Filter::Organisation])?;
    let scope = Scope::resolve(state, caller, &query, Need::ViewFootprint).await?;
    let rows: Vec<_> = organisations::in_footprint(&state.pool, scope.footprint.id)
        .await?
        .into_iter()
        .filter(|o| scope.keeps(&o.summary.code))
        .map(|o| schema::Organisation {
            code: o.summary.code,
            name: o.summary.name,
            short_name: o.summary.short_name,
            kind: o.summary.kind.code().to_string(),
            member_count: o.summary.member_count,
            footprint: scope.footprint.summary.code.clone(),
        })
        .collect();
    let (data, next_cursor) = listing(state, "organisations", &query)?.page(rows, |o| o.code.clone())?;
    Ok(Json(OrganisationPage { data, next_cursor }))
}

/// The quarters the footprint opened for returns, newest first, as `/periods` lists them.
#[utoipa::path(get, path = "/api/v1/periods", tag = "programme",
    params(("footprint" = Option<String>, Query, description = "Footprint code (default: your own; a reviewer's, the first)"),
           ("quarter" = Option<String>, Query, description = "Only this quarter, e.g. 2016-17-q1"),
           ("limit" = Option<u32>, Query, description = "Rows per page, 1 to 500 (default 100)"),
           ("cursor" = Option<String>, Query, description = "The `next_cursor` of the page before")),
    responses((status = 200, body = PeriodPage), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
pub async fn list_periods(state: &AppState, caller: &ApiCaller, raw: Option<String>) -> Result<Json<PeriodPage>, ApiError> {
    let query = ListQuery::parse(raw.as_deref(), &[Filter::Footprint, Filter::Quarter])?;
    let scope = Scope::resolve(state, caller, &query, Need::ReadPeriods).await?;
    let only = match query.quarter.as_deref() {
        Some(code) => Some(named_quarter(state, code).await?.code),
        None => None,
    };
    let rows: Vec<_> = periods::windows(&state.pool, scope.footprint.id)
        .await?
        .into_iter()
        .filter(|w| only.is_none_or(|q| q == w.period.code))
        .map(|w| schema::Period {
            quarter: w.period.code.to_string(),
            label: w.period.code.label(),
            deadline: w.deadline,
            opened_at: utc(w.opened_at),
            opened_by: w.opened_by,
            closed_at: w.closed_at.map(utc),
            closed_by: w.closed_by,
        })
        .collect();
    let (data, next_cursor) = listing(state, "periods", &query)?.page(rows, |p| p.quarter.clone())?;
    Ok(Json(PeriodPage { data, next_cursor }))
}

/// Every return owed for a quarter (default: the quarter open now, else the latest opened),
/// line for line the chase list: the footprint's own, then each organisation, `not_started`
/// when no return exists, only the lines the caller may read (a CIO: their own).
#[utoipa::path(get, path = "/api/v1/returns", tag = "programme",
    params(("footprint" = Option<String>, Query, description = "Footprint code (default: your own; a reviewer's, the first)"),
           ("organisation" = Option<String>, Query, description = "Only this organisation's return (ODS code)"),
           ("quarter" = Option<String>, Query, description = "Quarter code (default: the open one, else the latest opened)"),
           ("limit" = Option<u32>, Query, description = "Rows per page, 1 to 500 (default 100)"),
           ("cursor" = Option<String>, Query, description = "The `next_cursor` of the page before")),
    responses((status = 200, body = ReturnPage), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
pub async fn list_returns(state: &AppState, caller: &ApiCaller, raw: Option<String>) -> Result<Json<ReturnPage>, ApiError> {
    let query = ListQuery::parse(raw.as_deref(), &[Filter::Footprint, Filter::Organisation, Filter::Quarter])?;
    let scope = Scope::resolve(state, caller, &query, Need::ViewFootprint).await?;
    let pool = &state.pool;
    let fp = scope.footprint.id;
    let window = match query.quarter.as_deref() {
        Some(code) => {
            let period = named_quarter(state, code).await?;
            Some((period, periods::window_for(pool, fp, period.id).await?))
        }
        None => match periods::open_window(pool, fp).await? {
            Some(w) => Some(w),
            None => periods::windows(pool, fp).await?.into_iter().next(),
        }
        .map(|w| (w.period, Some(w))),
    };
    // The chase list's day, so "overdue" turns when the page's does.
    let today = chrono::Local::now().date_naive();
    let mut rows = Vec::new();
    if let Some((period, window)) = window {
        for line in returns::owed_in_period(pool, fp, period.id).await? {
            let org = line.organisation.as_ref();
            if !caller.principal.may(Need::ReadReturn(fp, ReturnOf::from(org.map(|o| o.id)))) {
                continue;
            }
            let organisation = org.map(|o| o.summary.code.clone());
            if scope.organisation.is_some() && !organisation.as_deref().is_some_and(|c| scope.keeps(c)) {
                continue;
            }
            // Who owes a return is known once the quarter is opened; before, only returns that exist.
            let Some(window) = window.as_ref() else {
                if let Some(r) = line.latest {
                    rows.push(row_of(&scope, organisation, period.code, Some(r), false));
                }
                continue;
            };
            let overdue = is_overdue(window.deadline, today, line.latest.as_ref().map(|r| r.state));
            rows.push(row_of(&scope, organisation, period.code, line.latest, overdue));
        }
    }
    let key = |r: &schema::Return| r.organisation.as_ref().map_or_else(|| "footprint".to_string(), |c| format!("organisation:{c}"));
    let (data, next_cursor) = listing(state, "returns", &query)?.page(rows, key)?;
    Ok(Json(ReturnPage { data, next_cursor }))
}

/// One line of the returns list: the latest revision, or a return not started.
fn row_of(scope: &Scope, organisation: Option<String>, quarter: PeriodCode, r: Option<ReturnRow>, overdue: bool) -> schema::Return {
    let footprint = scope.footprint.summary.code.clone();
    let quarter = quarter.to_string();
    match r {
        None => schema::Return {
            id: None,
            footprint,
            organisation,
            quarter,
            revision: None,
            state: NOT_STARTED.to_string(),
            overdue,
            created_at: None,
            created_by: None,
            updated_at: None,
            updated_by: None,
            submitted_at: None,
            submitted_by: None,
            decided_at: None,
            decided_by: None,
        },
        Some(r) => schema::Return {
            id: Some(r.id),
            footprint,
            organisation,
            quarter,
            revision: Some(r.revision),
            state: r.state.code().to_string(),
            overdue,
            created_at: Some(r.created_at),
            created_by: Some(r.created_by),
            updated_at: Some(r.updated_at),
            updated_by: Some(r.updated_by),
            submitted_at: r.submitted_at,
            submitted_by: r.submitted_by,
            decided_at: r.decided_at,
            decided_by: r.decided_by,
        },
    }
}

/// The state of a return owed but not started (the chase list's "Not started").
pub const NOT_STARTED: &str = "not_started";

fn report_of(v: &reports::VersionSummary, footprint: &str) -> schema::Report {
    schema::Report {
        id: v.id,
        footprint: footprint.to_string(),
        quarter: v.period.to_string(),
        version: v.version,
        sha256: v.sha256.clone(),
        generated_by: v.generated_by.clone(),
        generated_at: utc(v.generated_at),
        endorsed_by: v.endorsed_by.clone(),
        endorsed_at: v.endorsed_at.map(utc),
    }
}

/// The footprint's frozen steering-pack versions, newest quarter and version first.
#[utoipa::path(get, path = "/api/v1/reports", tag = "programme",
    params(("footprint" = Option<String>, Query, description = "Footprint code (default: your own; a reviewer's, the first)"),
           ("quarter" = Option<String>, Query, description = "Only this quarter's versions"),
           ("limit" = Option<u32>, Query, description = "Rows per page, 1 to 500 (default 100)"),
           ("cursor" = Option<String>, Query, description = "The `next_cursor` of the page before")),
    responses((status = 200, body = ReportPage), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
pub async fn list_reports(state: &AppState, caller: &ApiCaller, raw: Option<String>) -> Result<Json<ReportPage>, ApiError> {
    let query = ListQuery::parse(raw.as_deref(), &[Filter::Footprint, Filter::Quarter])?;
    let scope = Scope::resolve(state, caller, &query, Need::ReadReports).await?;
    let only = match query.quarter.as_deref() {
        Some(code) => Some(named_quarter(state, code).await?.code),
        None => None,
    };
    let rows: Vec<_> = reports::list(&state.pool, scope.footprint.id)
        .await?
        .iter()
        .filter(|v| only.is_none_or(|q| q == v.period))
        .map(|v| report_of(v, &scope.footprint.summary.code))
        .collect();
    let (data, next_cursor) = listing(state, "reports", &query)?.page(rows, |r| r.id.to_string())?;
    Ok(Json(ReportPage { data, next_cursor }))
}

/// One frozen version with the facts document it was made from, byte for byte as stored
/// (its SHA-256 is the version's `sha256`).
#[utoipa::path(get, path = "/api/v1/reports/{id}", tag = "programme",
    params(("id" = i64, Path, description = "The version's id, from /api/v1/reports")),
    responses((status = 200, body = schema::ReportDocument), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
pub async fn one_report(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    ListQuery::parse(raw.as_deref(), &[])?;
    let id: i64 = id.parse().map_err(|_| ApiError::NotFound)?;
    let version = reports::summary(&state.pool, id).await?.ok_or(ApiError::NotFound)?;
    caller.require(Need::ReadReports(version.footprint))?;
    let footprint = footprints::by_id(&state.pool, version.footprint).await?.ok_or(ApiError::NotFound)?;
    let document = reports::document(&state.pool, id).await?.ok_or(ApiError::NotFound)?;
    let digest: String = Sha256::digest(document.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    if digest != version.sha256 {
        return Err(ApiError::Internal(anyhow::anyhow!("report version {id}: the stored document does not match its SHA-256")));
    }
    let report = serde_json::to_string(&report_of(&version, &footprint.summary.code)).map_err(anyhow::Error::from)?;
    // Spliced, not re-serialised, so the document's bytes are the stored ones.
    let body = format!("{{\"report\":{report},\"document\":{document}}}");
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}
