//! Other measures the roadmap reports (NHS number coverage, mobile devices, WiFi, Table 3's
//! primary-care services) and their national figures, written through `db::figures`.

use serde::Deserialize;
use sqlx::SqliteConnection;

use super::figures::percent;
use super::keys::{lookup, MEASURE, ORGANISATION, PEER_GROUP, PERIOD};
use super::reader::{each, Row, SeedError};
use super::SeedSet;
use crate::db::figures::{self, Benchmarked, Provenance};
use crate::db::upsert::{row, Table};
use ldr_app::domain::{MeasureId, OrgId, PeriodId};

pub async fn load(conn: &mut SqliteConnection, set: &SeedSet) -> Result<Vec<(&'static str, usize)>, SeedError> {
    Ok(vec![
        each(conn, set, "measures.csv", measure_row).await?,
        each(conn, set, "measure_values.csv", measure_value).await?,
        each(conn, set, "measure_benchmarks.csv", measure_benchmark).await?,
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

const MEASURES: Table = Table::plain("measures", &["code"], &["code", "name", "unit", "section", "description"]);

async fn measure_row(conn: &mut SqliteConnection, r: &Row<MeasureRow>) -> Result<(), SeedError> {
    let v = &r.value;
    if !["percent", "count", "score"].contains(&v.unit.as_str()) {
        return Err(r.fail("unit", format!("'{}' must be percent, count or score", v.unit)));
    }
    Ok(MEASURES.upsert(conn, row![&v.code, &v.name, &v.unit, &v.section, &v.description]).await?)
}

/// A measure's id, checking the value against its unit.
async fn measure<T>(conn: &mut SqliteConnection, row: &Row<T>, code: &str, value: f64) -> Result<MeasureId, SeedError> {
    let id = lookup(conn, row, "measure", MEASURE, code).await?;
    let unit: String = sqlx::query_scalar("SELECT unit FROM measures WHERE id = ?").bind(id).fetch_one(&mut *conn).await?;
    if unit == "percent" {
        percent(row, "value", value)?;
    } else if value < 0.0 {
        return Err(row.fail("value", "must not be negative"));
    }
    Ok(MeasureId(id))
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

async fn measure_value(conn: &mut SqliteConnection, r: &Row<MeasureValueRow>) -> Result<(), SeedError> {
    let v = &r.value;
    let measure = measure(conn, r, &v.measure, v.value).await?;
    let org = OrgId(lookup(conn, r, "organisation", ORGANISATION, &v.organisation).await?);
    let period = PeriodId(lookup(conn, r, "period", PERIOD, &v.period).await?);
    let p = Provenance::published(&v.source);
    Ok(figures::write_measure_value(conn, measure, org, period, &v.qualifier, v.value, &p).await?)
}

#[derive(Deserialize)]
struct MeasureBenchmarkRow {
    measure: String,
    period: String,
    peer_group: String,
    value: f64,
    source: String,
}

async fn measure_benchmark(conn: &mut SqliteConnection, r: &Row<MeasureBenchmarkRow>) -> Result<(), SeedError> {
    let v = &r.value;
    let measure = measure(conn, r, &v.measure, v.value).await?;
    let period = PeriodId(lookup(conn, r, "period", PERIOD, &v.period).await?);
    let group = lookup(conn, r, "peer_group", PEER_GROUP, &v.peer_group).await?;
    Ok(figures::write_benchmark(conn, Benchmarked::Measure(measure), period, group, v.value, &v.source).await?)
}
