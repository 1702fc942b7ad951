//! Other measures the roadmap reports (NHS number coverage, mobile devices, WiFi, Table 3's
//! primary-care services) and their national figures.

use serde::Deserialize;
use sqlx::SqliteConnection;

use super::figures::percent;
use super::keys::{lookup, MEASURE, ORGANISATION, PEER_GROUP, PERIOD};
use super::reader::{read, Row, SeedError};
use super::SeedSet;

pub async fn load(conn: &mut SqliteConnection, set: &SeedSet) -> Result<Vec<(&'static str, usize)>, SeedError> {
    Ok(vec![
        ("measures.csv", measures(conn, set).await?),
        ("measure_values.csv", measure_values(conn, set).await?),
        ("measure_benchmarks.csv", measure_benchmarks(conn, set).await?),
    ])
}

#[derive(Deserialize)]
struct MeasureRow {
    code: String,
    name: String,
    unit: String,
    section: String,
    description: String,
}

async fn measures(conn: &mut SqliteConnection, set: &SeedSet) -> Result<usize, SeedError> {
    let rows = read::<MeasureRow>("measures.csv", set.get("measures.csv"))?;
    for r in &rows {
        let v = &r.value;
        if !["percent", "count", "score"].contains(&v.unit.as_str()) {
            return Err(r.fail("unit", format!("'{}' must be percent, count or score", v.unit)));
        }
        sqlx::query(
            "INSERT INTO measures (code, name, unit, section, description) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, unit = excluded.unit,
                 section = excluded.section, description = excluded.description",
        )
        .bind(&v.code)
        .bind(&v.name)
        .bind(&v.unit)
        .bind(&v.section)
        .bind(&v.description)
        .execute(&mut *conn)
        .await?;
    }
    Ok(rows.len())
}

/// A measure's id, checking the value against its unit.
async fn measure<T>(conn: &mut SqliteConnection, row: &Row<T>, code: &str, value: f64) -> Result<i64, SeedError> {
    let id = lookup(conn, row, "measure", MEASURE, code).await?;
    let unit: String = sqlx::query_scalar("SELECT unit FROM measures WHERE id = ?").bind(id).fetch_one(&mut *conn).await?;
    if unit == "percent" {
        percent(row, "value", Some(value))?;
    } else if value < 0.0 {
        return Err(row.fail("value", "must not be negative"));
    }
    Ok(id)
}

#[derive(Deserialize)]
struct MeasureValueRow {
    measure: String,
    period: String,
    organisation: String,
    qualifier: String,
    value: f64,
    source: String,
}

async fn measure_values(conn: &mut SqliteConnection, set: &SeedSet) -> Result<usize, SeedError> {
    let rows = read::<MeasureValueRow>("measure_values.csv", set.get("measure_values.csv"))?;
    for r in &rows {
        let v = &r.value;
        let measure = measure(conn, r, &v.measure, v.value).await?;
        let org = lookup(conn, r, "organisation", ORGANISATION, &v.organisation).await?;
        let period = lookup(conn, r, "period", PERIOD, &v.period).await?;
        sqlx::query(
            "INSERT INTO measure_values (measure_id, organisation_id, period_id, qualifier, value, source)
             VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (measure_id, organisation_id, period_id, qualifier)
             DO UPDATE SET value = excluded.value, source = excluded.source",
        )
        .bind(measure)
        .bind(org)
        .bind(period)
        .bind(&v.qualifier)
        .bind(v.value)
        .bind(&v.source)
        .execute(&mut *conn)
        .await?;
    }
    Ok(rows.len())
}

#[derive(Deserialize)]
struct MeasureBenchmarkRow {
    measure: String,
    period: String,
    peer_group: String,
    value: f64,
    source: String,
}

async fn measure_benchmarks(conn: &mut SqliteConnection, set: &SeedSet) -> Result<usize, SeedError> {
    let rows = read::<MeasureBenchmarkRow>("measure_benchmarks.csv", set.get("measure_benchmarks.csv"))?;
    for r in &rows {
        let v = &r.value;
        let measure = measure(conn, r, &v.measure, v.value).await?;
        let period = lookup(conn, r, "period", PERIOD, &v.period).await?;
        let group = lookup(conn, r, "peer_group", PEER_GROUP, &v.peer_group).await?;
        sqlx::query(
            "INSERT INTO measure_benchmarks (measure_id, period_id, peer_group_id, value, source) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (measure_id, period_id, peer_group_id) DO UPDATE SET value = excluded.value, source = excluded.source",
        )
        .bind(measure)
        .bind(period)
        .bind(group)
        .bind(v.value)
        .bind(&v.source)
        .execute(&mut *conn)
        .await?;
    }
    Ok(rows.len())
}
