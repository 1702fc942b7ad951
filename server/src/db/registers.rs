//! The roadmap's registers for a footprint: gaps by area, initiatives, infrastructure
//! workstreams and rate-limiting factors.

use sqlx::{FromRow, SqlitePool};

use ldr_app::domain::FootprintId;
use ldr_app::facts::{GapArea, Initiative, Registers, Risk, Workstream};

pub async fn for_footprint(pool: &SqlitePool, footprint: FootprintId) -> Result<Registers, sqlx::Error> {
    Ok(Registers {
        gaps: gaps(pool, footprint).await?,
        initiatives: initiatives(pool, footprint).await?,
        workstreams: workstreams(pool, footprint).await?,
        risks: risks(pool, footprint).await?,
    })
}

async fn gaps(pool: &SqlitePool, footprint: FootprintId) -> Result<Vec<GapArea>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT a.name, g.text FROM gap_areas a JOIN gaps g ON g.area_id = a.id
         WHERE a.footprint_id = ? ORDER BY a.position, g.position",
    )
    .bind(footprint.0)
    .fetch_all(pool)
    .await?;
    let mut areas: Vec<GapArea> = Vec::new();
    for (area, gap) in rows {
        match areas.last_mut() {
            Some(a) if a.name == area => a.gaps.push(gap),
            _ => areas.push(GapArea { name: area, gaps: vec![gap] }),
        }
    }
    Ok(areas)
}

#[derive(FromRow)]
struct InitiativeRow {
    title: String,
    description: String,
    universal_capability: bool,
    stp_objective: bool,
    whole_system: bool,
    pfpoc_enabler: String,
}

async fn initiatives(pool: &SqlitePool, footprint: FootprintId) -> Result<Vec<Initiative>, sqlx::Error> {
    let rows: Vec<InitiativeRow> = sqlx::query_as(
        "SELECT title, description, universal_capability, stp_objective, whole_system, pfpoc_enabler
         FROM initiatives WHERE footprint_id = ? ORDER BY position",
    )
    .bind(footprint.0)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Initiative {
            title: r.title,
            description: r.description,
            universal_capability: r.universal_capability,
            stp_objective: r.stp_objective,
            whole_system: r.whole_system,
            pfpoc_enabler: r.pfpoc_enabler,
        })
        .collect())
}

async fn workstreams(pool: &SqlitePool, footprint: FootprintId) -> Result<Vec<Workstream>, sqlx::Error> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT name, baseline, gap_2020, indicative_cost FROM infrastructure_workstreams
         WHERE footprint_id = ? ORDER BY position",
    )
    .bind(footprint.0)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(name, baseline, gap_2020, indicative_cost)| Workstream { name, baseline, gap_2020, indicative_cost })
        .collect())
}

async fn risks(pool: &SqlitePool, footprint: FootprintId) -> Result<Vec<Risk>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT title, description FROM risks WHERE footprint_id = ? ORDER BY position")
        .bind(footprint.0)
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().map(|(title, description)| Risk { title, description }).collect())
}
