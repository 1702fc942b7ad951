//! Reference data: footprints, organisations, periods, frameworks (`frameworks.rs`) and their themes, peer
//! groups, RAG statuses, universal capabilities and aims.

use chrono::NaiveDate;
use serde::Deserialize;
use sqlx::SqliteConnection;

use super::frameworks;
use super::keys::{lookup, FOOTPRINT, FRAMEWORK};
use super::reader::{kinds, read, yes_no, SeedError};
use super::SeedSet;
use ldr_app::domain::{OrgKind, Percent, PeriodCode, Rag};

pub async fn load(conn: &mut SqliteConnection, set: &SeedSet) -> Result<Vec<(&'static str, usize)>, SeedError> {
    Ok(vec![
        ("footprints.csv", footprints(conn, set).await?),
        ("organisations.csv", organisations(conn, set).await?),
        ("periods.csv", periods(conn, set).await?),
        ("frameworks.csv", frameworks::load(conn, set).await?),
        ("theme_groups.csv", theme_groups(conn, set).await?),
        ("themes.csv", themes(conn, set).await?),
        ("peer_groups.csv", peer_groups(conn, set).await?),
        ("rag_statuses.csv", rag_statuses(conn, set).await?),
        ("capabilities.csv", capabilities(conn, set).await?),
        ("aims.csv", aims(conn, set).await?),
    ])
}

#[derive(Deserialize)]
struct FootprintRow {
    code: String,
    name: String,
    description: String,
}

async fn footprints(conn: &mut SqliteConnection, set: &SeedSet) -> Result<usize, SeedError> {
    let rows = read::<FootprintRow>("footprints.csv", set.get("footprints.csv"))?;
    for r in &rows {
        let v = &r.value;
        sqlx::query(
            "INSERT INTO footprints (code, name, description) VALUES (?, ?, ?)
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, description = excluded.description",
        )
        .bind(&v.code)
        .bind(&v.name)
        .bind(&v.description)
        .execute(&mut *conn)
        .await?;
    }
    Ok(rows.len())
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

async fn organisations(conn: &mut SqliteConnection, set: &SeedSet) -> Result<usize, SeedError> {
    let rows = read::<OrganisationRow>("organisations.csv", set.get("organisations.csv"))?;
    for r in &rows {
        let v = &r.value;
        let kind: OrgKind = v.kind.parse().map_err(|e: String| r.fail("kind", e))?;
        if !["ods", "ons", "local"].contains(&v.code_type.as_str()) {
            return Err(r.fail("code_type", format!("'{}' must be ods, ons or local", v.code_type)));
        }
        if v.member_count < 1 {
            return Err(r.fail("member_count", "must be at least 1"));
        }
        let footprint = lookup(conn, r, "footprint", FOOTPRINT, &v.footprint).await?;
        sqlx::query(
            "INSERT INTO organisations (footprint_id, code, code_type, name, short_name, kind, member_count, position)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (code) DO UPDATE SET footprint_id = excluded.footprint_id, code_type = excluded.code_type,
                 name = excluded.name, short_name = excluded.short_name, kind = excluded.kind,
                 member_count = excluded.member_count, position = excluded.position",
        )
        .bind(footprint)
        .bind(&v.code)
        .bind(&v.code_type)
        .bind(&v.name)
        .bind(&v.short_name)
        .bind(kind.code())
        .bind(v.member_count)
        .bind(v.position)
        .execute(&mut *conn)
        .await?;
    }
    Ok(rows.len())
}

#[derive(Deserialize)]
struct PeriodRow {
    code: String,
    financial_year: i32,
    quarter: u8,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
}

async fn periods(conn: &mut SqliteConnection, set: &SeedSet) -> Result<usize, SeedError> {
    let rows = read::<PeriodRow>("periods.csv", set.get("periods.csv"))?;
    for r in &rows {
        let v = &r.value;
        let code: PeriodCode = v.code.parse().map_err(|e: String| r.fail("code", e))?;
        if code.year.0 != v.financial_year || code.quarter != v.quarter {
            return Err(r.fail("financial_year", format!("does not match the code {}", v.code)));
        }
        if code.dates() != (v.starts_on, v.ends_on) {
            let (s, e) = code.dates();
            return Err(r.fail("starts_on", format!("{} runs from {s} to {e}", code.label())));
        }
        sqlx::query(
            "INSERT INTO reporting_periods (code, financial_year, quarter, starts_on, ends_on) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (code) DO NOTHING",
        )
        .bind(code.to_string())
        .bind(v.financial_year)
        .bind(v.quarter)
        .bind(v.starts_on.to_string())
        .bind(v.ends_on.to_string())
        .execute(&mut *conn)
        .await?;
    }
    Ok(rows.len())
}

#[derive(Deserialize)]
struct ThemeGroupRow {
    framework: String,
    code: String,
    name: String,
    position: i64,
}

async fn theme_groups(conn: &mut SqliteConnection, set: &SeedSet) -> Result<usize, SeedError> {
    let rows = read::<ThemeGroupRow>("theme_groups.csv", set.get("theme_groups.csv"))?;
    for r in &rows {
        let v = &r.value;
        let framework = lookup(conn, r, "framework", FRAMEWORK, &v.framework).await?;
        sqlx::query(
            "INSERT INTO theme_groups (framework_id, code, name, position) VALUES (?, ?, ?, ?)
             ON CONFLICT (framework_id, code) DO UPDATE SET name = excluded.name, position = excluded.position",
        )
        .bind(framework)
        .bind(&v.code)
        .bind(&v.name)
        .bind(v.position)
        .execute(&mut *conn)
        .await?;
    }
    Ok(rows.len())
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

async fn themes(conn: &mut SqliteConnection, set: &SeedSet) -> Result<usize, SeedError> {
    let rows = read::<ThemeRow>("themes.csv", set.get("themes.csv"))?;
    for r in &rows {
        let v = &r.value;
        let pf_poc = yes_no(r, "pf_poc", &v.pf_poc)?;
        let framework = lookup(conn, r, "framework", FRAMEWORK, &v.framework).await?;
        let group: i64 = sqlx::query_scalar("SELECT id FROM theme_groups WHERE framework_id = ? AND code = ?")
            .bind(framework)
            .bind(&v.group)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(|| r.fail("group", format!("'{}' is not a group of {}", v.group, v.framework)))?;
        sqlx::query(
            "INSERT INTO themes (framework_id, group_id, code, name, position, pf_poc, org_dependency, system_dependency)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (framework_id, code) DO UPDATE SET group_id = excluded.group_id, name = excluded.name,
                 position = excluded.position, pf_poc = excluded.pf_poc,
                 org_dependency = excluded.org_dependency, system_dependency = excluded.system_dependency",
        )
        .bind(framework)
        .bind(group)
        .bind(&v.code)
        .bind(&v.name)
        .bind(v.position)
        .bind(pf_poc)
        .bind(&v.org_dependency)
        .bind(&v.system_dependency)
        .execute(&mut *conn)
        .await?;
    }
    Ok(rows.len())
}

#[derive(Deserialize)]
struct PeerGroupRow {
    code: String,
    name: String,
    kinds: String,
}

async fn peer_groups(conn: &mut SqliteConnection, set: &SeedSet) -> Result<usize, SeedError> {
    let rows = read::<PeerGroupRow>("peer_groups.csv", set.get("peer_groups.csv"))?;
    for r in &rows {
        let v = &r.value;
        let members = kinds(r, "kinds", &v.kinds)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO peer_groups (code, name) VALUES (?, ?)
             ON CONFLICT (code) DO UPDATE SET name = excluded.name RETURNING id",
        )
        .bind(&v.code)
        .bind(&v.name)
        .fetch_one(&mut *conn)
        .await?;
        sqlx::query("DELETE FROM peer_group_kinds WHERE peer_group_id = ?").bind(id).execute(&mut *conn).await?;
        for kind in members {
            sqlx::query("INSERT INTO peer_group_kinds (peer_group_id, kind) VALUES (?, ?)")
                .bind(id)
                .bind(kind.code())
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(rows.len())
}

#[derive(Deserialize)]
struct RagRow {
    code: String,
    label: String,
    definition: String,
    position: i64,
}

async fn rag_statuses(conn: &mut SqliteConnection, set: &SeedSet) -> Result<usize, SeedError> {
    let rows = read::<RagRow>("rag_statuses.csv", set.get("rag_statuses.csv"))?;
    for r in &rows {
        let v = &r.value;
        let rag: Rag = v.code.parse().map_err(|e: String| r.fail("code", e))?;
        sqlx::query(
            "INSERT INTO rag_statuses (code, label, definition, position) VALUES (?, ?, ?, ?)
             ON CONFLICT (code) DO UPDATE SET label = excluded.label, definition = excluded.definition,
                 position = excluded.position",
        )
        .bind(rag.code())
        .bind(&v.label)
        .bind(&v.definition)
        .bind(v.position)
        .execute(&mut *conn)
        .await?;
    }
    Ok(rows.len())
}

#[derive(Deserialize)]
struct CapabilityRow {
    number: i64,
    title: String,
}

async fn capabilities(conn: &mut SqliteConnection, set: &SeedSet) -> Result<usize, SeedError> {
    let rows = read::<CapabilityRow>("capabilities.csv", set.get("capabilities.csv"))?;
    for r in &rows {
        if r.value.number < 1 {
            return Err(r.fail("number", "must be 1 or more"));
        }
        sqlx::query(
            "INSERT INTO universal_capabilities (number, title) VALUES (?, ?)
             ON CONFLICT (number) DO UPDATE SET title = excluded.title",
        )
        .bind(r.value.number)
        .bind(&r.value.title)
        .execute(&mut *conn)
        .await?;
    }
    Ok(rows.len())
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

async fn aims(conn: &mut SqliteConnection, set: &SeedSet) -> Result<usize, SeedError> {
    let rows = read::<AimRow>("aims.csv", set.get("aims.csv"))?;
    for (position, r) in rows.iter().enumerate() {
        let v = &r.value;
        let target = v.target_value.map(Percent::new).transpose().map_err(|e| r.fail("target_value", e.to_string()))?;
        let applies_to = kinds(r, "applies_to", &v.applies_to)?;
        let capability: i64 = sqlx::query_scalar("SELECT id FROM universal_capabilities WHERE number = ?")
            .bind(v.capability)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(|| r.fail("capability", format!("capability {} does not exist", v.capability)))?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO aims (capability_id, code, text, target_value, target_date, position) VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (code) DO UPDATE SET capability_id = excluded.capability_id, text = excluded.text,
                 target_value = excluded.target_value, target_date = excluded.target_date, position = excluded.position
             RETURNING id",
        )
        .bind(capability)
        .bind(&v.code)
        .bind(&v.text)
        .bind(target.map(Percent::value))
        .bind(v.target_date.map(|d| d.to_string()))
        .bind(position as i64 + 1)
        .fetch_one(&mut *conn)
        .await?;
        sqlx::query("DELETE FROM aim_kinds WHERE aim_id = ?").bind(id).execute(&mut *conn).await?;
        for kind in applies_to {
            sqlx::query("INSERT INTO aim_kinds (aim_id, kind) VALUES (?, ?)").bind(id).bind(kind.code()).execute(&mut *conn).await?;
        }
    }
    Ok(rows.len())
}
