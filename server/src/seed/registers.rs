//! The roadmap's registers: gaps (Table 10), initiatives (H1.4 criteria), infrastructure
//! workstreams (G1.5) and rate-limiting factors (D5).

use serde::Deserialize;
use sqlx::SqliteConnection;

use super::keys::{lookup, FOOTPRINT};
use super::reader::{read, yes_no, SeedError};
use super::SeedSet;

pub async fn load(conn: &mut SqliteConnection, set: &SeedSet) -> Result<Vec<(&'static str, usize)>, SeedError> {
    Ok(vec![
        ("gaps.csv", gaps(conn, set).await?),
        ("initiatives.csv", initiatives(conn, set).await?),
        ("workstreams.csv", workstreams(conn, set).await?),
        ("risks.csv", risks(conn, set).await?),
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

async fn gaps(conn: &mut SqliteConnection, set: &SeedSet) -> Result<usize, SeedError> {
    let rows = read::<GapRow>("gaps.csv", set.get("gaps.csv"))?;
    for r in &rows {
        let v = &r.value;
        let footprint = lookup(conn, r, "footprint", FOOTPRINT, &v.footprint).await?;
        let area: i64 = sqlx::query_scalar(
            "INSERT INTO gap_areas (footprint_id, name, position) VALUES (?, ?, ?)
             ON CONFLICT (footprint_id, name) DO UPDATE SET position = excluded.position RETURNING id",
        )
        .bind(footprint)
        .bind(&v.area)
        .bind(v.area_position)
        .fetch_one(&mut *conn)
        .await?;
        sqlx::query(
            "INSERT INTO gaps (area_id, text, position) VALUES (?, ?, ?)
             ON CONFLICT (area_id, position) DO UPDATE SET text = excluded.text",
        )
        .bind(area)
        .bind(&v.gap)
        .bind(v.position)
        .execute(&mut *conn)
        .await?;
    }
    Ok(rows.len())
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

async fn initiatives(conn: &mut SqliteConnection, set: &SeedSet) -> Result<usize, SeedError> {
    let rows = read::<InitiativeRow>("initiatives.csv", set.get("initiatives.csv"))?;
    for r in &rows {
        let v = &r.value;
        let uc = yes_no(r, "universal_capability", &v.universal_capability)?;
        let stp = yes_no(r, "stp_objective", &v.stp_objective)?;
        let whole = yes_no(r, "whole_system", &v.whole_system)?;
        if !["none", "single", "multiple"].contains(&v.pfpoc_enabler.as_str()) {
            return Err(r.fail("pfpoc_enabler", format!("'{}' must be none, single or multiple", v.pfpoc_enabler)));
        }
        let footprint = lookup(conn, r, "footprint", FOOTPRINT, &v.footprint).await?;
        sqlx::query(
            "INSERT INTO initiatives (footprint_id, title, description, universal_capability, stp_objective,
                                      whole_system, pfpoc_enabler, position)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (footprint_id, title) DO UPDATE SET description = excluded.description,
                 universal_capability = excluded.universal_capability, stp_objective = excluded.stp_objective,
                 whole_system = excluded.whole_system, pfpoc_enabler = excluded.pfpoc_enabler,
                 position = excluded.position",
        )
        .bind(footprint)
        .bind(&v.title)
        .bind(&v.description)
        .bind(uc)
        .bind(stp)
        .bind(whole)
        .bind(&v.pfpoc_enabler)
        .bind(v.position)
        .execute(&mut *conn)
        .await?;
    }
    Ok(rows.len())
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

async fn workstreams(conn: &mut SqliteConnection, set: &SeedSet) -> Result<usize, SeedError> {
    let rows = read::<WorkstreamRow>("workstreams.csv", set.get("workstreams.csv"))?;
    for r in &rows {
        let v = &r.value;
        let footprint = lookup(conn, r, "footprint", FOOTPRINT, &v.footprint).await?;
        sqlx::query(
            "INSERT INTO infrastructure_workstreams (footprint_id, name, baseline, gap_2020, indicative_cost, position)
             VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (footprint_id, name) DO UPDATE SET baseline = excluded.baseline, gap_2020 = excluded.gap_2020,
                 indicative_cost = excluded.indicative_cost, position = excluded.position",
        )
        .bind(footprint)
        .bind(&v.name)
        .bind(&v.baseline)
        .bind(&v.gap_2020)
        .bind(&v.indicative_cost)
        .bind(v.position)
        .execute(&mut *conn)
        .await?;
    }
    Ok(rows.len())
}

#[derive(Deserialize)]
struct RiskRow {
    footprint: String,
    position: i64,
    title: String,
    description: String,
}

async fn risks(conn: &mut SqliteConnection, set: &SeedSet) -> Result<usize, SeedError> {
    let rows = read::<RiskRow>("risks.csv", set.get("risks.csv"))?;
    for r in &rows {
        let v = &r.value;
        let footprint = lookup(conn, r, "footprint", FOOTPRINT, &v.footprint).await?;
        sqlx::query(
            "INSERT INTO risks (footprint_id, title, description, position) VALUES (?, ?, ?, ?)
             ON CONFLICT (footprint_id, title) DO UPDATE SET description = excluded.description, position = excluded.position",
        )
        .bind(footprint)
        .bind(&v.title)
        .bind(&v.description)
        .bind(v.position)
        .execute(&mut *conn)
        .await?;
    }
    Ok(rows.len())
}
