//! The deployment timeline's query: every deployment of a footprint as at a quarter, in one
//! statement bounded by the footprint (its organisations' deployments, each one's latest
//! version up to the quarter by one seek: `provenance::as_at`), withdrawn ones left out, the
//! same rule as an organisation's page (`organisations::deployments`).

use sqlx::{FromRow, SqlitePool};

use super::organisations::{self, parse_stored_date};
use super::provenance::{as_at, required, ProvenanceRow, Scope, DEPLOYMENT_VERSIONS, PROVENANCE_COLUMNS, PROVENANCE_JOINS};
use ldr_app::domain::{FinancialYear, FootprintId, PeriodCode};
use ldr_app::facts::{DeploymentStatus, DeploymentTimeline, TimelineDeployment};

#[derive(Debug, FromRow)]
struct Row {
    organisation_code: String,
    organisation: String,
    capability_code: Option<String>,
    capability: Option<String>,
    title: String,
    start_year: Option<i32>,
    target_year: i32,
    status: String,
    delivered_on: Option<String>,
    #[sqlx(flatten)]
    provenance: ProvenanceRow,
}

/// The statement, public for its query-plan test. Ordered as the chart groups its rows: by
/// organisation (the footprint's order), then capability (those with none last), then year.
pub fn timeline_sql(footprint: FootprintId, period: PeriodCode) -> String {
    let latest = as_at(DEPLOYMENT_VERSIONS, Scope::FootprintDeployments(footprint), period);
    format!(
        "SELECT o.code AS organisation_code, o.short_name AS organisation, t.code AS capability_code, t.name AS capability,
                x.title, x.start_year, x.target_year, x.status, x.delivered_on, {PROVENANCE_COLUMNS}
         FROM {latest} x
         JOIN deployments d ON d.id = x.deployment_id
         JOIN organisations o ON o.id = d.organisation_id
         LEFT JOIN themes t ON t.id = x.theme_id
         {PROVENANCE_JOINS}
         WHERE x.withdrawn = FALSE
         ORDER BY o.position, o.name, o.id, t.id IS NULL, t.group_id, t.position, t.id,
                  COALESCE(x.start_year, x.target_year), x.target_year, x.title, x.deployment_id"
    )
}

/// The footprint's deployments as at `period`.
pub async fn as_at_quarter(pool: &SqlitePool, footprint: FootprintId, period: PeriodCode) -> Result<DeploymentTimeline, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(&timeline_sql(footprint, period)).fetch_all(pool).await?;
    let deployments = rows.into_iter().map(decode).collect::<Result<_, _>>()?;
    Ok(DeploymentTimeline { period, deployments })
}

fn decode(r: Row) -> Result<TimelineDeployment, sqlx::Error> {
    Ok(TimelineDeployment {
        organisation_code: r.organisation_code,
        organisation: r.organisation,
        capability_code: r.capability_code,
        capability: r.capability,
        title: r.title,
        start_year: r.start_year.map(FinancialYear),
        target_year: FinancialYear(r.target_year),
        status: r.status.parse::<DeploymentStatus>().map_err(|e: String| sqlx::Error::Decode(e.into()))?,
        delivered_on: r.delivered_on.as_deref().and_then(parse_stored_date),
        provenance: required(r.provenance)?,
    })
}

/// The organisations a reader may filter by: the footprint's, in its order, then any other
/// that has a deployment shown (a member organisation's), as (code, short name).
pub async fn organisation_choices(
    pool: &SqlitePool,
    footprint: FootprintId,
    deployments: &[TimelineDeployment],
) -> Result<Vec<(String, String)>, sqlx::Error> {
    let mut choices: Vec<(String, String)> =
        organisations::in_footprint(pool, footprint).await?.into_iter().map(|o| (o.summary.code, o.summary.short_name)).collect();
    for d in deployments {
        if !choices.iter().any(|(code, _)| *code == d.organisation_code) {
            choices.push((d.organisation_code.clone(), d.organisation.clone()));
        }
    }
    Ok(choices)
}
