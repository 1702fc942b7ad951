//! The figures: DMA scores with their averages, aims with computed and declared RAG,
//! capability trajectories, deployments and other measures, for a footprint as at a quarter.
//! Each list is read with the named queries its page reads (`db::dma`, `db::aim_status`,
//! `db::trajectories`, `db::deployment_timeline`, `db::organisations`) and carries each
//! figure's provenance, so the API's number is the page's.

use axum::Json;

use super::caller::ApiCaller;
use super::page::Listing;
use super::params::{unknown, Filter, ListQuery};
use super::problem::{ApiError, Problem};
use super::schema::{self, AimPage, Average, DeploymentPage, DmaScorePage, MeasurePage, Source, TrajectoryPage};
use super::scope::Scope;
use crate::db::trajectories::Capabilities;
use crate::db::{aim_status, aims, api_reads, deployment_timeline, dma, organisations, rag_rules, trajectories};
use crate::web::AppState;
use ldr_app::access::Need;
use ldr_app::analysis::Cell;
use ldr_app::facts::{DmaMatrix, OrgSummary, OrgTrajectory};

fn listing<'a>(state: &'a AppState, endpoint: &'static str, query: &'a ListQuery) -> Result<Listing<'a>, ApiError> {
    Ok(Listing { key: state.auth.key()?, endpoint, query })
}

/// Keys made unique by counting repeats, for rows whose natural key the facts do not carry.
fn numbered(keys: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    keys.map(|k| {
        let n = seen.entry(k.clone()).or_default();
        *n += 1;
        format!("{k}\u{1f}{n}")
    })
    .collect()
}

/// The footprint's DMA scores as at the quarter on the framework they were scored on, as the
/// `/dma` matrix shows them: each cell with its peer group's average and the reference average.
#[utoipa::path(get, path = "/api/v1/dma-scores", tag = "figures",
    params(("footprint" = Option<String>, Query, description = "Footprint code (default: your own; a reviewer's, the first)"),
           ("organisation" = Option<String>, Query, description = "Only this organisation (ODS code)"),
           ("quarter" = Option<String>, Query, description = "As at this quarter (default: the latest with figures)"),
           ("framework" = Option<String>, Query, description = "Only if scored on this framework (its code)"),
           ("limit" = Option<u32>, Query, description = "Rows per page, 1 to 500 (default 100)"),
           ("cursor" = Option<String>, Query, description = "The `next_cursor` of the page before")),
    responses((status = 200, body = DmaScorePage), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
pub async fn dma_scores(state: &AppState, caller: &ApiCaller, raw: Option<String>) -> Result<Json<DmaScorePage>, ApiError> {
    let query = ListQuery::parse(raw.as_deref(), &[Filter::Footprint, Filter::Organisation, Filter::Quarter, Filter::Framework])?;
    let scope = Scope::resolve(state, caller, &query, Need::ViewFootprint).await?;
    let framework = match query.framework.as_deref() {
        Some(code) => Some(api_reads::framework_name(&state.pool, code).await?.ok_or_else(|| unknown(Filter::Framework, "framework"))?),
        None => None,
    };
    let mut rows = Vec::new();
    if let Some(period) = scope.quarter(state, &query).await? {
        let orgs: Vec<OrgSummary> =
            organisations::in_footprint(&state.pool, scope.footprint.id).await?.into_iter().map(|o| o.summary).collect();
        let facts = dma::facts(&state.pool, scope.footprint.id, period, &orgs).await?;
        let facts = facts.filter(|f| framework.as_ref().is_none_or(|name| *name == f.framework.name));
        if let Some((facts, matrix)) = facts.as_ref().and_then(|f| DmaMatrix::assemble(f).map(|m| (f, m))) {
            for (o, org) in matrix.organisations.iter().enumerate().filter(|(_, org)| scope.keeps(&org.code)) {
                for (t, theme) in matrix.themes.iter().enumerate() {
                    let Some(score) = facts.scores.iter().find(|s| s.organisation == org.id && s.theme == theme.id) else { continue };
                    let national = matrix
                        .reference_group
                        .as_ref()
                        .and_then(|g| matrix.benchmark(t, g).map(|value| Average { peer_group: g.clone(), value }));
                    let (peer_average, comparison) = match &matrix.cells[t][o] {
                        Cell::Compared { benchmark, peer_group, comparison, .. } => {
                            (Some(Average { peer_group: peer_group.clone(), value: *benchmark }), Some(comparison.word().to_lowercase()))
                        }
                        _ => (None, None),
                    };
                    rows.push(schema::DmaScore {
                        organisation: org.code.clone(),
                        framework: matrix.framework.clone(),
                        theme_code: theme.code.clone(),
                        theme: theme.name.clone(),
                        theme_group: theme.group.clone(),
                        as_at: matrix.period.to_string(),
                        quarter: score.period.to_string(),
                        score: score.score.map(|s| s.value()),
                        peer_average,
                        comparison,
                        national_average: national,
                        provenance: Source::from(&score.provenance),
                    });
                }
            }
        }
    }
    let (data, next_cursor) = listing(state, "dma-scores", &query)?.page(rows, |r| format!("{}\u{1f}{}", r.organisation, r.theme_code))?;
    Ok(Json(DmaScorePage { data, next_cursor }))
}

/// Each aim's status as at the quarter, as the dashboard and capability pages show it.
#[utoipa::path(get, path = "/api/v1/aims", tag = "figures",
    params(("footprint" = Option<String>, Query, description = "Footprint code (default: your own; a reviewer's, the first)"),
           ("quarter" = Option<String>, Query, description = "As at this quarter (default: the latest with figures)"),
           ("limit" = Option<u32>, Query, description = "Rows per page, 1 to 500 (default 100)"),
           ("cursor" = Option<String>, Query, description = "The `next_cursor` of the page before")),
    responses((status = 200, body = AimPage), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
pub async fn aims(state: &AppState, caller: &ApiCaller, raw: Option<String>) -> Result<Json<AimPage>, ApiError> {
    let query = ListQuery::parse(raw.as_deref(), &[Filter::Footprint, Filter::Quarter])?;
    let scope = Scope::resolve(state, caller, &query, Need::ViewFootprint).await?;
    let mut rows = Vec::new();
    if let Some(period) = scope.quarter(state, &query).await? {
        let fp = scope.footprint.id;
        let capabilities = aims::capabilities_with_progress(&state.pool, fp, Some(period)).await?;
        let rules = rag_rules::for_footprint(&state.pool, fp).await?;
        let statuses = aim_status::for_capabilities(&state.pool, fp, period, &rules, &capabilities).await?;
        for s in statuses {
            let provenance = capabilities.iter().flat_map(|c| &c.aims).find(|a| a.code == s.code).and_then(|a| a.provenance.as_ref());
            rows.push(schema::Aim {
                capability: s.capability,
                as_at: s.as_at.to_string(),
                footprint_figure: s.footprint_figure.map(|p| p.value()),
                organisations_figure: s.organisations_figure.map(|o| o.value.value()),
                organisations_counted: s.organisations_figure.map(|o| o.organisations as i64),
                judged_on: serde_json::to_value(s.judged_on).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
                declared_rag: s.declared.map(|r| r.code().to_string()),
                computed_rag: s.computed.status.code().to_string(),
                computed_reason: s.computed.in_words(),
                goal: s.goal.map(|g| schema::Goal { value: g.value.value(), by: g.by.to_string() }),
                change: s.change,
                provenance: provenance.map(Source::from),
                code: s.code,
                text: s.text,
            });
        }
    }
    let (data, next_cursor) = listing(state, "aims", &query)?.page(rows, |a| a.code.clone())?;
    Ok(Json(AimPage { data, next_cursor }))
}

/// A trajectory figure read without its provenance: the facts are built wrong, never the caller's fault.
fn missing_source(o: &OrgTrajectory, figure: &dyn std::fmt::Display) -> ApiError {
    ApiError::Internal(anyhow::anyhow!("{} {}: {figure} has no provenance", o.org.code, o.row.capability))
}

/// Each organisation's trajectory for each PF@PoC capability, as `/trajectories` draws them,
/// each score and plan with its provenance.
#[utoipa::path(get, path = "/api/v1/trajectories", tag = "figures",
    params(("footprint" = Option<String>, Query, description = "Footprint code (default: your own; a reviewer's, the first)"),
           ("organisation" = Option<String>, Query, description = "Only this organisation (ODS code)"),
           ("quarter" = Option<String>, Query, description = "As at this quarter (default: the latest with figures)"),
           ("limit" = Option<u32>, Query, description = "Rows per page, 1 to 500 (default 100)"),
           ("cursor" = Option<String>, Query, description = "The `next_cursor` of the page before")),
    responses((status = 200, body = TrajectoryPage), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
pub async fn trajectories(state: &AppState, caller: &ApiCaller, raw: Option<String>) -> Result<Json<TrajectoryPage>, ApiError> {
    let query = ListQuery::parse(raw.as_deref(), &[Filter::Footprint, Filter::Organisation, Filter::Quarter])?;
    let scope = Scope::resolve(state, caller, &query, Need::ViewFootprint).await?;
    let mut rows = Vec::new();
    if let Some(period) = scope.quarter(state, &query).await? {
        if let Some(facts) = trajectories::facts(&state.pool, &scope.footprint, period, Capabilities::All).await? {
            for c in &facts.capabilities {
                for o in c.organisations.iter().filter(|o| scope.keeps(&o.org.code)) {
                    rows.push(schema::Trajectory {
                        capability_code: c.capability.code.clone(),
                        capability: c.capability.name.clone(),
                        organisation: o.org.code.clone(),
                        framework: facts.framework.clone(),
                        as_at: facts.period.to_string(),
                        scores: o
                            .row
                            .scores
                            .iter()
                            .map(|s| {
                                let provenance = o.row.sources.scores.get(&s.period).ok_or_else(|| missing_source(o, &s.period))?;
                                Ok(schema::QuarterScore { quarter: s.period.to_string(), score: s.score, provenance: provenance.into() })
                            })
                            .collect::<Result<_, ApiError>>()?,
                        planned: o
                            .row
                            .planned
                            .iter()
                            .map(|(y, v)| {
                                let provenance = o.row.sources.planned.get(y).ok_or_else(|| missing_source(o, y))?;
                                Ok(schema::PlannedScore { year: y.to_string(), score: *v, provenance: provenance.into() })
                            })
                            .collect::<Result<_, ApiError>>()?,
                    });
                }
            }
        }
    }
    let key = |t: &schema::Trajectory| format!("{}\u{1f}{}", t.capability_code, t.organisation);
    let (data, next_cursor) = listing(state, "trajectories", &query)?.page(rows, key)?;
    Ok(Json(TrajectoryPage { data, next_cursor }))
}

/// The footprint's deployments as they stood at the quarter, as the deployment timeline lists them.
#[utoipa::path(get, path = "/api/v1/deployments", tag = "figures",
    params(("footprint" = Option<String>, Query, description = "Footprint code (default: your own; a reviewer's, the first)"),
           ("organisation" = Option<String>, Query, description = "Only this organisation (ODS code)"),
           ("quarter" = Option<String>, Query, description = "As at this quarter (default: the latest with figures)"),
           ("limit" = Option<u32>, Query, description = "Rows per page, 1 to 500 (default 100)"),
           ("cursor" = Option<String>, Query, description = "The `next_cursor` of the page before")),
    responses((status = 200, body = DeploymentPage), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
pub async fn deployments(state: &AppState, caller: &ApiCaller, raw: Option<String>) -> Result<Json<DeploymentPage>, ApiError> {
    let query = ListQuery::parse(raw.as_deref(), &[Filter::Footprint, Filter::Organisation, Filter::Quarter])?;
    let scope = Scope::resolve(state, caller, &query, Need::ViewFootprint).await?;
    let mut rows = Vec::new();
    if let Some(period) = scope.quarter(state, &query).await? {
        let timeline = deployment_timeline::as_at_quarter(&state.pool, scope.footprint.id, period.code).await?;
        rows = timeline
            .deployments
            .iter()
            .filter(|d| scope.keeps(&d.organisation_code))
            .map(|d| schema::Deployment {
                organisation: d.organisation_code.clone(),
                capability_code: d.capability_code.clone(),
                capability: d.capability.clone(),
                title: d.title.clone(),
                start_year: d.start_year.map(|y| y.to_string()),
                target_year: d.target_year.to_string(),
                status: d.status.code().to_string(),
                delivered_on: d.delivered_on,
                provenance: Source::from(&d.provenance),
            })
            .collect();
    }
    let keys =
        numbered(rows.iter().map(|d| format!("{}\u{1f}{}\u{1f}{}", d.organisation, d.capability_code.as_deref().unwrap_or(""), d.title)));
    let rows: Vec<_> = keys.into_iter().zip(rows).collect();
    let (page, next_cursor) = listing(state, "deployments", &query)?.page(rows, |(k, _)| k.clone())?;
    Ok(Json(DeploymentPage { data: page.into_iter().map(|(_, d)| d).collect(), next_cursor }))
}

/// The organisations' other measures as at the quarter, as each organisation's page lists them.
#[utoipa::path(get, path = "/api/v1/measures", tag = "figures",
    params(("footprint" = Option<String>, Query, description = "Footprint code (default: your own; a reviewer's, the first)"),
           ("organisation" = Option<String>, Query, description = "Only this organisation (ODS code)"),
           ("quarter" = Option<String>, Query, description = "As at this quarter (default: the latest with figures)"),
           ("limit" = Option<u32>, Query, description = "Rows per page, 1 to 500 (default 100)"),
           ("cursor" = Option<String>, Query, description = "The `next_cursor` of the page before")),
    responses((status = 200, body = MeasurePage), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
pub async fn measures(state: &AppState, caller: &ApiCaller, raw: Option<String>) -> Result<Json<MeasurePage>, ApiError> {
    let query = ListQuery::parse(raw.as_deref(), &[Filter::Footprint, Filter::Organisation, Filter::Quarter])?;
    let scope = Scope::resolve(state, caller, &query, Need::ViewFootprint).await?;
    let mut rows = Vec::new();
    if let Some(period) = scope.quarter(state, &query).await? {
        for org in organisations::in_footprint(&state.pool, scope.footprint.id).await?.iter().filter(|o| scope.keeps(&o.summary.code)) {
            for m in organisations::measures(&state.pool, org, period).await? {
                rows.push(schema::Measure {
                    organisation: org.summary.code.clone(),
                    benchmark: m.benchmark.map(|(peer_group, value)| Average { peer_group, value }),
                    provenance: Source::of(&m.source, m.revision.as_ref()),
                    name: m.name,
                    qualifier: m.qualifier,
                    value: m.value,
                    unit: m.unit,
                });
            }
        }
    }
    let keys = numbered(rows.iter().map(|m| format!("{}\u{1f}{}\u{1f}{}", m.organisation, m.name, m.qualifier)));
    let rows: Vec<_> = keys.into_iter().zip(rows).collect();
    let (page, next_cursor) = listing(state, "measures", &query)?.page(rows, |(k, _)| k.clone())?;
    Ok(Json(MeasurePage { data: page.into_iter().map(|(_, m)| m).collect(), next_cursor }))
}
