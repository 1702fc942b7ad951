//! Assessment frameworks (`frameworks.csv`): scale, the kinds of organisation that take each,
//! and the quarters it is in force, refusing two frameworks in force for one kind at once.

use serde::Deserialize;
use sqlx::SqliteConnection;

use super::keys::replace_kinds;
use super::reader::{kinds, read, Row, SeedError};
use super::SeedSet;
use crate::db::upsert::{row, Table};
use ldr_app::domain::framework_period::{self, FrameworkSpan, InForce};
use ldr_app::domain::PeriodCode;

#[derive(Deserialize)]
struct FrameworkRow {
    code: String,
    name: String,
    version: String,
    scale_min: f64,
    scale_max: f64,
    scale_step: f64,
    unit: String,
    applies_to: String,
    /// The first quarter the framework is in force, e.g. `2015-16-q1`.
    in_force_from: String,
    /// The last quarter it is in force; blank while it still is.
    in_force_to: Option<String>,
}

/// A framework row's span of quarters, checked: a real quarter to start, an optional one to end
/// no earlier.
fn in_force(r: &Row<FrameworkRow>) -> Result<InForce, SeedError> {
    let v = &r.value;
    let quarter = |field: &str, raw: &str| raw.parse::<PeriodCode>().map_err(|e| r.fail(field, e));
    if v.in_force_from.is_empty() {
        return Err(r.fail("in_force_from", "the first quarter the framework is in force, e.g. 2015-16-q1"));
    }
    let from = quarter("in_force_from", &v.in_force_from)?;
    let to = v.in_force_to.as_deref().filter(|t| !t.is_empty()).map(|t| quarter("in_force_to", t)).transpose()?;
    InForce::new(Some(from), to).map_err(|e| r.fail("in_force_to", e))
}

pub async fn load(conn: &mut SqliteConnection, set: &SeedSet) -> Result<usize, SeedError> {
    let rows = read::<FrameworkRow>("frameworks.csv", set.get("frameworks.csv"))?;
    let mut spans = Vec::new();
    for r in &rows {
        let v = &r.value;
        if v.scale_min >= v.scale_max {
            return Err(r.fail("scale_max", "must be above scale_min"));
        }
        if v.scale_step <= 0.0 {
            return Err(r.fail("scale_step", "must be above 0"));
        }
        if !["percent", "level"].contains(&v.unit.as_str()) {
            return Err(r.fail("unit", format!("'{}' must be percent or level", v.unit)));
        }
        spans.push(FrameworkSpan { id: v.code.as_str(), kinds: kinds(r, "applies_to", &v.applies_to)?, in_force: in_force(r)? });
    }
    // One framework per kind and quarter, so what a return asks is never a guess.
    if let Some((i, j, kind)) = framework_period::first_overlap(&spans) {
        let message = format!("{} and {} are both in force for {} in a quarter", spans[i].id, spans[j].id, kind.code());
        return Err(rows[j].fail("in_force_from", message));
    }
    for (r, span) in rows.iter().zip(&spans) {
        let v = &r.value;
        let (from, to) = (span.in_force.from.map(|c| c.to_string()), span.in_force.to.map(|c| c.to_string()));
        let values = row![&v.code, &v.name, &v.version, v.scale_min, v.scale_max, v.scale_step, &v.unit, from.as_deref(), to.as_deref()];
        let id = FRAMEWORKS.upsert_returning_id(conn, values).await?;
        replace_kinds(conn, "framework_kinds", "framework_id", id, &span.kinds).await?;
    }
    Ok(rows.len())
}

const FRAMEWORKS: Table = Table::plain(
    "assessment_frameworks",
    &["code"],
    &["code", "name", "version", "scale_min", "scale_max", "scale_step", "unit", "in_force_from", "in_force_to"],
);
