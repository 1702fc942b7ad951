//! What a return asks of an organisation (or of the footprint) in a quarter, loaded from the
//! reference data: framework and themes for its kind, applicable aims, the measures it
//! reports, and its official deployments.

use sqlx::SqlitePool;

use super::organisations::Organisation;
use super::provenance::{as_at, Scope, DEPLOYMENT_VERSIONS};
use super::{dma, frameworks};
use ldr_app::domain::PeriodCode;
use ldr_app::returns::template::{AimItem, FrameworkTemplate, MeasureItem, ReturnTemplate, ThemeItem};

pub async fn for_subject(pool: &SqlitePool, org: Option<&Organisation>, period: PeriodCode) -> Result<ReturnTemplate, sqlx::Error> {
    let Some(org) = org else {
        // The footprint's return: every aim, nothing else.
        return Ok(ReturnTemplate { period, framework: None, aims: aims(pool, None).await?, measures: vec![], deployment_ids: vec![] });
    };
    let kind = org.summary.kind.code();
    Ok(ReturnTemplate {
        period,
        framework: framework(pool, org, period).await?,
        aims: aims(pool, Some(kind)).await?,
        measures: measures(pool, org).await?,
        deployment_ids: deployment_ids(pool, org, period).await?,
    })
}

/// The organisation's deployments standing at the return's quarter (not withdrawn by then).
async fn deployment_ids(pool: &SqlitePool, org: &Organisation, period: PeriodCode) -> Result<Vec<i64>, sqlx::Error> {
    let latest = as_at(DEPLOYMENT_VERSIONS, Scope::OrganisationDeployments(org.id), period);
    let sql = format!("SELECT x.deployment_id FROM {latest} x WHERE x.withdrawn = FALSE ORDER BY x.deployment_id");
    sqlx::query_scalar(&sql).fetch_all(pool).await
}

/// The framework in force for the organisation's kind in the return's quarter
/// (`ldr_app::domain::framework_for`); none, and the return has no DMA or trajectory section.
async fn framework(pool: &SqlitePool, org: &Organisation, period: PeriodCode) -> Result<Option<FrameworkTemplate>, sqlx::Error> {
    let Some(framework) = frameworks::in_force(pool, org.summary.kind, period).await? else { return Ok(None) };
    let themes = dma::themes(pool, framework.id)
        .await?
        .into_iter()
        .map(|t| ThemeItem { code: t.code, name: t.name, group: t.group, pf_poc: t.pf_poc })
        .collect();
    Ok(Some(FrameworkTemplate { id: framework.id, name: framework.name, scale: framework.scale, themes }))
}

/// Aims in national order; for an organisation, those that apply to its kind.
async fn aims(pool: &SqlitePool, kind: Option<&str>) -> Result<Vec<AimItem>, sqlx::Error> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT a.code, a.text, c.title FROM aims a JOIN universal_capabilities c ON c.id = a.capability_id
         WHERE ? IS NULL OR EXISTS (SELECT 1 FROM aim_kinds k WHERE k.aim_id = a.id AND k.kind = ?)
         ORDER BY c.number, a.position",
    )
    .bind(kind)
    .bind(kind)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(code, text, capability)| AimItem { code, text, capability }).collect())
}

/// The measures the organisation reports: those it has official figures for.
async fn measures(pool: &SqlitePool, org: &Organisation) -> Result<Vec<MeasureItem>, sqlx::Error> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT DISTINCT m.code, m.name, m.unit, v.qualifier FROM measure_values v JOIN measures m ON m.id = v.measure_id
         WHERE v.organisation_id = ? ORDER BY m.id, v.qualifier",
    )
    .bind(org.id.0)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(code, name, unit, qualifier)| MeasureItem { code, name, unit, qualifier }).collect())
}
