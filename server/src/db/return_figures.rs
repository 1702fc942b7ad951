//! The last approved figures of an organisation (or the footprint) as a return's sections:
//! a new return starts from them, and the reviewers' comparison is made against them.
//! "Approved" means in the official figure tables, which hold nothing else; "last" is the same
//! `as_at` rule the pages use, so a return starts from exactly the figures the pages show.

use std::collections::BTreeMap;

use sqlx::SqlitePool;

use ldr_app::domain::{FootprintId, OrgId, PeriodCode};
use ldr_app::returns::figures::*;
use ldr_app::returns::template::ReturnTemplate;
use ldr_app::returns::SectionKind;

use super::provenance::{as_at, Scope, AIM_PROGRESS, DEPLOYMENT_VERSIONS, DMA_SCORES, MEASURE_VALUES, TRAJECTORIES};

pub async fn approved(
    pool: &SqlitePool,
    template: &ReturnTemplate,
    footprint: FootprintId,
    org: Option<OrgId>,
) -> Result<ReturnFigures, sqlx::Error> {
    let mut out = ReturnFigures::default();
    for kind in template.sections(org.is_none()) {
        let figures = match (kind, org) {
            (SectionKind::Dma, Some(org)) => SectionFigures::Dma(dma(pool, template, org).await?),
            (SectionKind::Trajectory, Some(org)) => SectionFigures::Trajectory(trajectory(pool, template, org).await?),
            (SectionKind::Aims, Some(_)) => SectionFigures::Aims(aims(pool, footprint, org, template.period).await?),
            (SectionKind::FootprintAims, None) => SectionFigures::FootprintAims(aims(pool, footprint, None, template.period).await?),
            (SectionKind::Deployments, Some(org)) => SectionFigures::Deployments(deployments(pool, org, template.period).await?),
            (SectionKind::Measures, Some(org)) => SectionFigures::Measures(measures(pool, template, org).await?),
            (kind, _) => SectionFigures::empty(kind),
        };
        out.insert(figures);
    }
    Ok(out)
}

async fn dma(pool: &SqlitePool, template: &ReturnTemplate, org: OrgId) -> Result<DmaFigures, sqlx::Error> {
    let Some(framework) = &template.framework else { return Ok(DmaFigures::default()) };
    let latest = as_at(DMA_SCORES, Scope::Organisation(org), template.period);
    let sql = format!("SELECT t.code, x.score FROM {latest} x JOIN themes t ON t.id = x.theme_id WHERE t.framework_id = ?");
    let rows: Vec<(String, Option<f64>)> = sqlx::query_as(&sql).bind(framework.id).fetch_all(pool).await?;
    let scores = rows.into_iter().map(|(code, score)| (code, score.map(DmaEntry::Score).unwrap_or(DmaEntry::NotAssessed))).collect();
    Ok(DmaFigures { scores })
}

async fn trajectory(pool: &SqlitePool, template: &ReturnTemplate, org: OrgId) -> Result<TrajectoryFigures, sqlx::Error> {
    let Some(framework) = &template.framework else { return Ok(TrajectoryFigures::default()) };
    let years = template.plan_years();
    // Each year's plan as it stood at the return's quarter: a later quarter's plans (approved
    // before a late or amended return for this one) are not this quarter's starting point.
    let plans = as_at(TRAJECTORIES, Scope::Organisation(org), template.period);
    let sql = format!(
        "SELECT t.code, x.financial_year, x.planned_score FROM {plans} x JOIN themes t ON t.id = x.theme_id
         WHERE t.framework_id = ? AND t.pf_poc = 1 AND x.financial_year BETWEEN ? AND ?"
    );
    let rows: Vec<(String, i32, f64)> = sqlx::query_as(&sql).bind(framework.id).bind(years[0].0).bind(years[3].0).fetch_all(pool).await?;
    let mut planned: BTreeMap<String, BTreeMap<i32, f64>> = BTreeMap::new();
    for (code, year, score) in rows {
        planned.entry(code).or_default().insert(year, score);
    }
    Ok(TrajectoryFigures { planned })
}

/// Each aim's latest approved progress (an organisation's own, or the footprint's with goals).
async fn aims(pool: &SqlitePool, footprint: FootprintId, org: Option<OrgId>, period: PeriodCode) -> Result<AimFigures, sqlx::Error> {
    let scope = org.map_or(Scope::FootprintOwn(footprint), Scope::Organisation);
    let latest = as_at(AIM_PROGRESS, scope, period);
    let sql = format!("SELECT x.id, a.code, x.completeness, x.rag, x.narrative FROM {latest} x JOIN aims a ON a.id = x.aim_id");
    type ProgressRow = (i64, String, Option<f64>, Option<String>, String);
    let rows: Vec<ProgressRow> = sqlx::query_as(&sql).fetch_all(pool).await?;
    // An approved row without a completeness is the answer "no data" (the roadmap's 8a and
    // 8b; approval writes "no data" so), not a figure still to enter.
    let latest: BTreeMap<String, (i64, AimEntry)> = rows
        .into_iter()
        .map(|(id, code, completeness, rag, narrative)| {
            (code, (id, AimEntry { completeness, no_data: completeness.is_none(), rag, narrative, goals: BTreeMap::new() }))
        })
        .collect();
    let mut aims = BTreeMap::new();
    for (code, (id, mut entry)) in latest {
        if org.is_none() {
            let goals: Vec<(i32, f64)> =
                sqlx::query_as("SELECT financial_year, goal FROM aim_goals WHERE aim_progress_id = ?").bind(id).fetch_all(pool).await?;
            entry.goals = goals.into_iter().collect();
        }
        aims.insert(code, entry);
    }
    Ok(AimFigures { aims })
}

/// The deployments standing at the return's quarter, as the pages show them at it.
async fn deployments(pool: &SqlitePool, org: OrgId, period: PeriodCode) -> Result<DeploymentFigures, sqlx::Error> {
    type Row = (i64, Option<String>, String, String, Option<i32>, i32, String, Option<String>);
    let latest = as_at(DEPLOYMENT_VERSIONS, Scope::OrganisationDeployments(org), period);
    let sql = format!(
        "SELECT x.deployment_id, t.code, x.title, x.description, x.start_year, x.target_year, x.status, x.delivered_on
         FROM {latest} x LEFT JOIN themes t ON t.id = x.theme_id
         WHERE x.withdrawn = FALSE ORDER BY x.target_year, x.deployment_id"
    );
    let rows: Vec<Row> = sqlx::query_as(&sql).fetch_all(pool).await?;
    let items = rows
        .into_iter()
        .map(|(id, capability, title, description, start_year, target_year, status, delivered)| DeploymentEntry {
            official_id: Some(id),
            capability,
            title,
            description,
            start_year,
            target_year,
            status: DeploymentStatus::parse(&status).unwrap_or(DeploymentStatus::Aspirational),
            delivered_on: delivered.as_deref().and_then(super::organisations::parse_stored_date),
            removed: false,
        })
        .collect();
    Ok(DeploymentFigures { items })
}

async fn measures(pool: &SqlitePool, template: &ReturnTemplate, org: OrgId) -> Result<MeasureFigures, sqlx::Error> {
    let latest = as_at(MEASURE_VALUES, Scope::Organisation(org), template.period);
    let sql = format!("SELECT m.code, x.qualifier, x.value FROM {latest} x JOIN measures m ON m.id = x.measure_id");
    let rows: Vec<(String, String, f64)> = sqlx::query_as(&sql).fetch_all(pool).await?;
    let latest: BTreeMap<(String, String), f64> = rows.into_iter().map(|(code, qualifier, value)| ((code, qualifier), value)).collect();
    let values = template
        .measures
        .iter()
        .map(|m| MeasureEntry {
            code: m.code.clone(),
            qualifier: m.qualifier.clone(),
            value: latest.get(&(m.code.clone(), m.qualifier.clone())).copied(),
        })
        .collect();
    Ok(MeasureFigures { values })
}
