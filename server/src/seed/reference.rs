//! Reference data: footprints, organisations, periods, frameworks (`frameworks.rs`) and their themes, peer
//! groups, RAG statuses, universal capabilities and aims.

use chrono::NaiveDate;
use serde::Deserialize;
use sqlx::SqliteConnection;

use super::frameworks;
use super::keys::{lookup, replace_kinds, FOOTPRINT, FRAMEWORK};
use super::reader::{each, kinds, yes_no, Row, SeedError};
use super::SeedSet;
use crate::db::upsert::{row, Table};
use ldr_app::domain::{OrgKind, Percent, PeriodCode, Rag};

pub async fn load(conn: &mut SqliteConnection, set: &SeedSet) -> Result<Vec<(&'static str, usize)>, SeedError> {
    Ok(vec![
        each(conn, set, "footprints.csv", footprint).await?,
        each(conn, set, "organisations.csv", organisation).await?,
        each(conn, set, "periods.csv", period).await?,
        ("frameworks.csv", frameworks::load(conn, set).await?),
        each(conn, set, "theme_groups.csv", theme_group).await?,
        each(conn, set, "themes.csv", theme).await?,
        each(conn, set, "peer_groups.csv", peer_group).await?,
        each(conn, set, "rag_statuses.csv", rag_status).await?,
        each(conn, set, "capabilities.csv", capability).await?,
        each(conn, set, "aims.csv", aim).await?,
    ])
}

#[derive(Deserialize)]
struct FootprintRow {
    code: String,
    name: String,
    description: String,
}

const FOOTPRINTS: Table = Table::plain("footprints", &["code"], &["code", "name", "description"]);

async fn footprint(conn: &mut SqliteConnection, r: &Row<FootprintRow>) -> Result<(), SeedError> {
    let v = &r.value;
    Ok(FOOTPRINTS.upsert(conn, row![&v.code, &v.name, &v.description]).await?)
}

#[derive(Deserialize)]
struct OrganisationRow {
    code: String,
    code_type: String,
    name: String,
    short_name: String,
    kind: String,
    footprint: String,
    member_count: i64,
    position: i64,
}

const ORGANISATIONS: Table = Table::plain(
    "organisations",
    &["code"],
    &["footprint_id", "code", "code_type", "name", "short_name", "kind", "member_count", "position"],
);

async fn organisation(conn: &mut SqliteConnection, r: &Row<OrganisationRow>) -> Result<(), SeedError> {
    let v = &r.value;
    let kind: OrgKind = v.kind.parse().map_err(|e: String| r.fail("kind", e))?;
    if !["ods", "ons", "local"].contains(&v.code_type.as_str()) {
        return Err(r.fail("code_type", format!("'{}' must be ods, ons or local", v.code_type)));
    }
    if v.member_count < 1 {
        return Err(r.fail("member_count", "must be at least 1"));
    }
    let footprint = lookup(conn, r, "footprint", FOOTPRINT, &v.footprint).await?;
    let values = row![footprint, &v.code, &v.code_type, &v.name, &v.short_name, kind.code(), v.member_count, v.position];
    Ok(ORGANISATIONS.upsert(conn, values).await?)
}

#[derive(Deserialize)]
struct PeriodRow {
    code: String,
    financial_year: i32,
    quarter: u8,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
}

/// A period's other columns all follow from its code (checked below), so updating them on a
/// reload writes what is already there.
const PERIODS: Table = Table::plain("reporting_periods", &["code"], &["code", "financial_year", "quarter", "starts_on", "ends_on"]);

async fn period(conn: &mut SqliteConnection, r: &Row<PeriodRow>) -> Result<(), SeedError> {
    let v = &r.value;
    let code: PeriodCode = v.code.parse().map_err(|e: String| r.fail("code", e))?;
    if code.year.0 != v.financial_year || code.quarter != v.quarter {
        return Err(r.fail("financial_year", format!("does not match the code {}", v.code)));
    }
    if code.dates() != (v.starts_on, v.ends_on) {
        let (s, e) = code.dates();
        return Err(r.fail("starts_on", format!("{} runs from {s} to {e}", code.label())));
    }
    let code = code.to_string();
    let values = row![&code, v.financial_year, i32::from(v.quarter), Some(v.starts_on), Some(v.ends_on)];
    Ok(PERIODS.upsert(conn, values).await?)
}

#[derive(Deserialize)]
struct ThemeGroupRow {
    framework: String,
    code: String,
    name: String,
    position: i64,
}

const THEME_GROUPS: Table = Table::plain("theme_groups", &["framework_id", "code"], &["framework_id", "code", "name", "position"]);

async fn theme_group(conn: &mut SqliteConnection, r: &Row<ThemeGroupRow>) -> Result<(), SeedError> {
    let v = &r.value;
    let framework = lookup(conn, r, "framework", FRAMEWORK, &v.framework).await?;
    Ok(THEME_GROUPS.upsert(conn, row![framework, &v.code, &v.name, v.position]).await?)
}

#[derive(Deserialize)]
struct ThemeRow {
    framework: String,
    group: String,
    code: String,
    name: String,
    position: i64,
    pf_poc: String,
    org_dependency: String,
    system_dependency: String,
}

const THEMES: Table = Table::plain(
    "themes",
    &["framework_id", "code"],
    &["framework_id", "group_id", "code", "name", "position", "pf_poc", "org_dependency", "system_dependency"],
);

async fn theme(conn: &mut SqliteConnection, r: &Row<ThemeRow>) -> Result<(), SeedError> {
    let v = &r.value;
    let pf_poc = yes_no(r, "pf_poc", &v.pf_poc)?;
    let framework = lookup(conn, r, "framework", FRAMEWORK, &v.framework).await?;
    let group: i64 = sqlx::query_scalar("SELECT id FROM theme_groups WHERE framework_id = ? AND code = ?")
        .bind(framework)
        .bind(&v.group)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| r.fail("group", format!("'{}' is not a group of {}", v.group, v.framework)))?;
    let values = row![framework, group, &v.code, &v.name, v.position, pf_poc, &v.org_dependency, &v.system_dependency];
    Ok(THEMES.upsert(conn, values).await?)
}

#[derive(Deserialize)]
struct PeerGroupRow {
    code: String,
    name: String,
    kinds: String,
}

const PEER_GROUPS: Table = Table::plain("peer_groups", &["code"], &["code", "name"]);

async fn peer_group(conn: &mut SqliteConnection, r: &Row<PeerGroupRow>) -> Result<(), SeedError> {
    let v = &r.value;
    let members = kinds(r, "kinds", &v.kinds)?;
    let id = PEER_GROUPS.upsert_returning_id(conn, row![&v.code, &v.name]).await?;
    Ok(replace_kinds(conn, "peer_group_kinds", "peer_group_id", id, &members).await?)
}

#[derive(Deserialize)]
struct RagRow {
    code: String,
    label: String,
    definition: String,
    position: i64,
}

const RAG_STATUSES: Table = Table::plain("rag_statuses", &["code"], &["code", "label", "definition", "position"]);

async fn rag_status(conn: &mut SqliteConnection, r: &Row<RagRow>) -> Result<(), SeedError> {
    let v = &r.value;
    let rag: Rag = v.code.parse().map_err(|e: String| r.fail("code", e))?;
    Ok(RAG_STATUSES.upsert(conn, row![rag.code(), &v.label, &v.definition, v.position]).await?)
}

#[derive(Deserialize)]
struct CapabilityRow {
    number: i64,
    title: String,
}

const CAPABILITIES: Table = Table::plain("universal_capabilities", &["number"], &["number", "title"]);

async fn capability(conn: &mut SqliteConnection, r: &Row<CapabilityRow>) -> Result<(), SeedError> {
    if r.value.number < 1 {
        return Err(r.fail("number", "must be 1 or more"));
    }
    Ok(CAPABILITIES.upsert(conn, row![r.value.number, &r.value.title]).await?)
}

#[derive(Deserialize)]
struct AimRow {
    code: String,
    capability: i64,
    text: String,
    target_value: Option<f64>,
    target_date: Option<NaiveDate>,
    applies_to: String,
}

const AIMS: Table = Table::plain("aims", &["code"], &["capability_id", "code", "text", "target_value", "target_date", "position"]);

async fn aim(conn: &mut SqliteConnection, r: &Row<AimRow>) -> Result<(), SeedError> {
    let v = &r.value;
    let target = v.target_value.map(Percent::new).transpose().map_err(|e| r.fail("target_value", e.to_string()))?;
    let applies_to = kinds(r, "applies_to", &v.applies_to)?;
    let capability: i64 = sqlx::query_scalar("SELECT id FROM universal_capabilities WHERE number = ?")
        .bind(v.capability)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| r.fail("capability", format!("capability {} does not exist", v.capability)))?;
    let values = row![capability, &v.code, &v.text, target.map(Percent::value), v.target_date, r.index as i64 + 1];
    let id = AIMS.upsert_returning_id(conn, values).await?;
    Ok(replace_kinds(conn, "aim_kinds", "aim_id", id, &applies_to).await?)
}
