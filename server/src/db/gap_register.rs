//! The PMO's edits of the gap register: add, change and remove a gap or an initiative, each in
//! the caller's write transaction with its audit entry (before and after). A change or removal
//! names the version its page showed; the conditional UPDATE/DELETE refuses a stale one.

use serde_json::json;
use sqlx::{FromRow, SqliteConnection};

use super::audit::{self, Actor, Entry};
use super::gap_analysis::{InitiativeRow, INITIATIVE_COLUMNS};
use ldr_app::domain::FootprintId;
use ldr_app::facts::{GapEdit, InitiativeEdit, RegisterInitiative};

/// The footprint's gap areas as (id, name), in the roadmap's order.
pub async fn areas(conn: &mut SqliteConnection, footprint: FootprintId) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM gap_areas WHERE footprint_id = ? ORDER BY position, id").bind(footprint.0).fetch_all(conn).await
}

/// One gap as saved, with its area.
#[derive(Debug, Clone, FromRow)]
pub struct SavedGap {
    pub id: i64,
    pub area_id: i64,
    pub area: String,
    pub text: String,
    pub version: i64,
}

impl SavedGap {
    fn audit_json(&self) -> serde_json::Value {
        json!({ "area": self.area, "text": self.text, "version": self.version })
    }
}

/// A gap of this footprint (None: no such gap here).
pub async fn gap(conn: &mut SqliteConnection, footprint: FootprintId, id: i64) -> Result<Option<SavedGap>, sqlx::Error> {
    sqlx::query_as(
        "SELECT g.id, g.area_id, a.name AS area, g.text, g.version FROM gaps g JOIN gap_areas a ON a.id = g.area_id
         WHERE g.id = ? AND a.footprint_id = ?",
    )
    .bind(id)
    .bind(footprint.0)
    .fetch_optional(conn)
    .await
}

async fn next_gap_position(conn: &mut SqliteConnection, area: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(position), 0) + 1 FROM gaps WHERE area_id = ?").bind(area).fetch_one(conn).await
}

fn entry(action: &'static str, entity: &'static str, id: i64, footprint: FootprintId) -> Entry<'static> {
    Entry { action, entity, entity_id: Some(id.to_string()), footprint: Some(footprint), ..Entry::default() }
}

/// Adds a gap at the end of its area. Returns its id.
pub async fn add_gap(conn: &mut SqliteConnection, actor: &Actor, footprint: FootprintId, edit: &GapEdit) -> Result<i64, sqlx::Error> {
    let position = next_gap_position(conn, edit.area).await?;
    let id: i64 = sqlx::query_scalar("INSERT INTO gaps (area_id, text, position, version) VALUES (?, ?, ?, 1) RETURNING id")
        .bind(edit.area)
        .bind(&edit.text)
        .bind(position)
        .fetch_one(&mut *conn)
        .await?;
    let after = gap(conn, footprint, id).await?.map(|g| g.audit_json());
    audit::append(conn, actor, Entry { after, ..entry("add_gap", "gaps", id, footprint) }).await?;
    Ok(id)
}

/// Changes a gap still at `version` (false: it changed or went since, nothing written). A
/// move to another area puts it at that area's end.
pub async fn change_gap(
    conn: &mut SqliteConnection,
    actor: &Actor,
    footprint: FootprintId,
    before: &SavedGap,
    edit: &GapEdit,
) -> Result<bool, sqlx::Error> {
    let position = if edit.area == before.area_id {
        sqlx::query_scalar("SELECT position FROM gaps WHERE id = ?").bind(before.id).fetch_one(&mut *conn).await?
    } else {
        next_gap_position(conn, edit.area).await?
    };
    let changed = sqlx::query("UPDATE gaps SET area_id = ?, text = ?, position = ?, version = version + 1 WHERE id = ? AND version = ?")
        .bind(edit.area)
        .bind(&edit.text)
        .bind(position)
        .bind(before.id)
        .bind(before.version)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if changed == 0 {
        return Ok(false);
    }
    let after = gap(conn, footprint, before.id).await?.map(|g| g.audit_json());
    let e = Entry { before: Some(before.audit_json()), after, ..entry("change_gap", "gaps", before.id, footprint) };
    audit::append(conn, actor, e).await?;
    Ok(true)
}

/// Removes a gap still at `before.version` (false: stale, nothing written).
pub async fn remove_gap(
    conn: &mut SqliteConnection,
    actor: &Actor,
    footprint: FootprintId,
    before: &SavedGap,
) -> Result<bool, sqlx::Error> {
    let removed =
        sqlx::query("DELETE FROM gaps WHERE id = ? AND version = ?").bind(before.id).bind(before.version).execute(&mut *conn).await?;
    if removed.rows_affected() == 0 {
        return Ok(false);
    }
    audit::append(conn, actor, Entry { before: Some(before.audit_json()), ..entry("remove_gap", "gaps", before.id, footprint) }).await?;
    Ok(true)
}

fn initiative_json(i: &RegisterInitiative) -> serde_json::Value {
    json!({ "title": i.title, "description": i.description, "criteria": i.criteria, "version": i.version })
}

/// An initiative of this footprint.
pub async fn initiative(conn: &mut SqliteConnection, footprint: FootprintId, id: i64) -> Result<Option<RegisterInitiative>, sqlx::Error> {
    let sql = format!("SELECT {INITIATIVE_COLUMNS} WHERE id = ? AND footprint_id = ?");
    let row: Option<InitiativeRow> = sqlx::query_as(&sql).bind(id).bind(footprint.0).fetch_optional(conn).await?;
    row.map(InitiativeRow::fact).transpose()
}

/// The titles of the footprint's initiatives other than `except`.
pub async fn other_titles(conn: &mut SqliteConnection, footprint: FootprintId, except: Option<i64>) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT title FROM initiatives WHERE footprint_id = ? AND id IS NOT ?")
        .bind(footprint.0)
        .bind(except)
        .fetch_all(conn)
        .await
}

fn enabler_code(edit: &InitiativeEdit) -> &'static str {
    edit.criteria.enabler.code()
}

/// Adds an initiative at the end of the roadmap's order. Returns its id.
pub async fn add_initiative(
    conn: &mut SqliteConnection,
    actor: &Actor,
    footprint: FootprintId,
    edit: &InitiativeEdit,
) -> Result<i64, sqlx::Error> {
    let c = edit.criteria;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO initiatives (footprint_id, title, description, universal_capability, stp_objective, whole_system,
                                  pfpoc_enabler, position, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM initiatives WHERE footprint_id = ?), 1)
         RETURNING id",
    )
    .bind(footprint.0)
    .bind(&edit.title)
    .bind(&edit.description)
    .bind(c.universal_capability)
    .bind(c.stp_objective)
    .bind(c.whole_system)
    .bind(enabler_code(edit))
    .bind(footprint.0)
    .fetch_one(&mut *conn)
    .await?;
    let after = initiative(conn, footprint, id).await?.as_ref().map(initiative_json);
    audit::append(conn, actor, Entry { after, ..entry("add_initiative", "initiatives", id, footprint) }).await?;
    Ok(id)
}

/// Changes an initiative still at `before.version` (false: stale, nothing written).
pub async fn change_initiative(
    conn: &mut SqliteConnection,
    actor: &Actor,
    footprint: FootprintId,
    before: &RegisterInitiative,
    edit: &InitiativeEdit,
) -> Result<bool, sqlx::Error> {
    let c = edit.criteria;
    let changed = sqlx::query(
        "UPDATE initiatives SET title = ?, description = ?, universal_capability = ?, stp_objective = ?, whole_system = ?,
                pfpoc_enabler = ?, version = version + 1
         WHERE id = ? AND footprint_id = ? AND version = ?",
    )
    .bind(&edit.title)
    .bind(&edit.description)
    .bind(c.universal_capability)
    .bind(c.stp_objective)
    .bind(c.whole_system)
    .bind(enabler_code(edit))
    .bind(before.id)
    .bind(footprint.0)
    .bind(before.version)
    .execute(&mut *conn)
    .await?;
    if changed.rows_affected() == 0 {
        return Ok(false);
    }
    let after = initiative(conn, footprint, before.id).await?.as_ref().map(initiative_json);
    let e = Entry { before: Some(initiative_json(before)), after, ..entry("change_initiative", "initiatives", before.id, footprint) };
    audit::append(conn, actor, e).await?;
    Ok(true)
}

/// Removes an initiative still at `before.version` (false: stale, nothing written).
pub async fn remove_initiative(
    conn: &mut SqliteConnection,
    actor: &Actor,
    footprint: FootprintId,
    before: &RegisterInitiative,
) -> Result<bool, sqlx::Error> {
    let removed = sqlx::query("DELETE FROM initiatives WHERE id = ? AND footprint_id = ? AND version = ?")
        .bind(before.id)
        .bind(footprint.0)
        .bind(before.version)
        .execute(&mut *conn)
        .await?;
    if removed.rows_affected() == 0 {
        return Ok(false);
    }
    let e = Entry { before: Some(initiative_json(before)), ..entry("remove_initiative", "initiatives", before.id, footprint) };
    audit::append(conn, actor, e).await?;
    Ok(true)
}
