//! A return's decision history (submitted, returned for changes, approved), one row per step
//! with who, when, the comment, and the section payloads as they stood: written by
//! `returns::transition` in the step's own transaction, read by the return page.

use chrono::NaiveDateTime;
use serde_json::{Map, Value};
use sqlx::{SqliteConnection, SqlitePool};

use super::returns::sections;
use ldr_app::returns::figures::{ReturnFigures, SectionFigures};
use ldr_app::returns::{ReturnState, SectionKind};

/// One step of the history.
#[derive(Debug, Clone)]
pub struct Decision {
    pub state: ReturnState,
    pub comment: String,
    /// The person's display name.
    pub by: String,
    pub at: String,
    /// The figures at that moment; None for steps recorded before snapshots were kept.
    pub snapshot: Option<ReturnFigures>,
}

/// Record a step at `at` (the time the return's own row is stamped with), with a snapshot of
/// the return's sections read in the same transaction.
pub async fn record(
    conn: &mut SqliteConnection,
    return_id: i64,
    to: ReturnState,
    comment: &str,
    user_id: Option<i64>,
    at: NaiveDateTime,
) -> Result<(), sqlx::Error> {
    let figures: Vec<SectionFigures> = sections(&mut *conn, return_id).await?.into_iter().map(|s| s.figures).collect();
    let snapshot = snapshot(figures.iter())?;
    sqlx::query("INSERT INTO return_decisions (return_id, decision, comment, decided_by, decided_at, snapshot) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(return_id)
        .bind(to.code())
        .bind(comment)
        .bind(user_id)
        .bind(at)
        .bind(snapshot)
        .execute(conn)
        .await?;
    Ok(())
}

/// A step's snapshot: each section's payload by its code, as JSON text.
pub fn snapshot<'a>(sections: impl Iterator<Item = &'a SectionFigures>) -> Result<String, sqlx::Error> {
    let mut snapshot = Map::new();
    for f in sections {
        let payload = serde_json::from_str(&f.to_json()).map_err(|e| sqlx::Error::Encode(e.into()))?;
        snapshot.insert(f.kind().code().to_string(), payload);
    }
    Ok(Value::Object(snapshot).to_string())
}

type Row = (String, String, String, String, Option<String>);

/// A revision's history, oldest first.
pub async fn history(pool: &SqlitePool, return_id: i64) -> Result<Vec<Decision>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT d.decision, d.comment, u.display_name, d.decided_at, d.snapshot
         FROM return_decisions d JOIN users u ON u.id = d.decided_by
         WHERE d.return_id = ? ORDER BY d.decided_at, d.id",
    )
    .bind(return_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(state, comment, by, at, snapshot)| {
            Ok(Decision {
                state: state.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))?,
                comment,
                by,
                at,
                snapshot: snapshot.as_deref().map(decode_snapshot).transpose()?,
            })
        })
        .collect()
}

fn decode_snapshot(json: &str) -> Result<ReturnFigures, sqlx::Error> {
    let map: Map<String, Value> = serde_json::from_str(json).map_err(|e| sqlx::Error::Decode(e.into()))?;
    let mut figures = ReturnFigures::default();
    for (code, payload) in map {
        let kind: SectionKind = code.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))?;
        figures.insert(SectionFigures::from_json(kind, &payload.to_string()).map_err(|e| sqlx::Error::Decode(e.into()))?);
    }
    Ok(figures)
}
