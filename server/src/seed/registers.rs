//! The roadmap's registers: gaps (Table 10), initiatives (H1.4 criteria), infrastructure
//! workstreams (G1.5) and rate-limiting factors (D5).

use serde::Deserialize;
use sqlx::SqliteConnection;

use super::keys::{lookup, FOOTPRINT};
use super::reader::{each, yes_no, Row, SeedError};
use super::SeedSet;
use crate::db::upsert::{row, Table};

pub async fn load(conn: &mut SqliteConnection, set: &SeedSet) -> Result<Vec<(&'static str, usize)>, SeedError> {
    Ok(vec![
        each(conn, set, "gaps.csv", gap).await?,
        each(conn, set, "initiatives.csv", initiative).await?,
        each(conn, set, "workstreams.csv", workstream).await?,
        each(conn, set, "risks.csv", risk).await?,
    ])
}

#[derive(Deserialize)]
struct GapRow {
    footprint: String,
    area: String,
    area_position: i64,
    position: i64,
    gap: String,
}

const GAP_AREAS: Table = Table::plain("gap_areas", &["footprint_id", "name"], &["footprint_id", "name", "position"]);
const GAPS: Table = Table::plain("gaps", &["area_id", "position"], &["area_id", "text", "position"]);

async fn gap(conn: &mut SqliteConnection, r: &Row<GapRow>) -> Result<(), SeedError> {
    let v = &r.value;
    let footprint = lookup(conn, r, "footprint", FOOTPRINT, &v.footprint).await?;
    let area = GAP_AREAS.upsert_returning_id(conn, row![footprint, &v.area, v.area_position]).await?;
    Ok(GAPS.upsert(conn, row![area, &v.gap, v.position]).await?)
}

#[derive(Deserialize)]
struct InitiativeRow {
    footprint: String,
    position: i64,
    title: String,
    description: String,
    universal_capability: String,
    stp_objective: String,
    whole_system: String,
    pfpoc_enabler: String,
}

const INITIATIVES: Table = Table::plain(
    "initiatives",
    &["footprint_id", "title"],
    &["footprint_id", "title", "description", "universal_capability", "stp_objective", "whole_system", "pfpoc_enabler", "position"],
);

async fn initiative(conn: &mut SqliteConnection, r: &Row<InitiativeRow>) -> Result<(), SeedError> {
    let v = &r.value;
    let uc = yes_no(r, "universal_capability", &v.universal_capability)?;
    let stp = yes_no(r, "stp_objective", &v.stp_objective)?;
    let whole = yes_no(r, "whole_system", &v.whole_system)?;
    if !["none", "single", "multiple"].contains(&v.pfpoc_enabler.as_str()) {
        return Err(r.fail("pfpoc_enabler", format!("'{}' must be none, single or multiple", v.pfpoc_enabler)));
    }
    let footprint = lookup(conn, r, "footprint", FOOTPRINT, &v.footprint).await?;
    let values = row![footprint, &v.title, &v.description, uc, stp, whole, &v.pfpoc_enabler, v.position];
    Ok(INITIATIVES.upsert(conn, values).await?)
}

#[derive(Deserialize)]
struct WorkstreamRow {
    footprint: String,
    position: i64,
    name: String,
    baseline: String,
    gap_2020: String,
    indicative_cost: String,
}

const WORKSTREAMS: Table = Table::plain(
    "infrastructure_workstreams",
    &["footprint_id", "name"],
    &["footprint_id", "name", "baseline", "gap_2020", "indicative_cost", "position"],
);

async fn workstream(conn: &mut SqliteConnection, r: &Row<WorkstreamRow>) -> Result<(), SeedError> {
    let v = &r.value;
    let footprint = lookup(conn, r, "footprint", FOOTPRINT, &v.footprint).await?;
    let values = row![footprint, &v.name, &v.baseline, &v.gap_2020, &v.indicative_cost, v.position];
    Ok(WORKSTREAMS.upsert(conn, values).await?)
}

#[derive(Deserialize)]
struct RiskRow {
    footprint: String,
    position: i64,
    title: String,
    description: String,
}

const RISKS: Table = Table::plain("risks", &["footprint_id", "title"], &["footprint_id", "title", "description", "position"]);

async fn risk(conn: &mut SqliteConnection, r: &Row<RiskRow>) -> Result<(), SeedError> {
    let v = &r.value;
    let footprint = lookup(conn, r, "footprint", FOOTPRINT, &v.footprint).await?;
    Ok(RISKS.upsert(conn, row![footprint, &v.title, &v.description, v.position]).await?)
}
