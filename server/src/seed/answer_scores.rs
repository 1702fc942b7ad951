//! How the DMA turned answers into scores (published with the 2015/16 national data set).

use serde::Deserialize;
use sqlx::SqliteConnection;

use super::keys::{framework_scale, lookup, FRAMEWORK};
use super::reader::{each, Row, SeedError};
use super::SeedSet;
use crate::db::upsert::{row, Table};

#[derive(Deserialize)]
struct AnswerRow {
    framework: String,
    scale: String,
    answer: String,
    score: f64,
}

const ANSWER_SCORES: Table =
    Table::plain("answer_scores", &["framework_id", "scale", "answer"], &["framework_id", "scale", "answer", "score", "position"]);

pub async fn load(conn: &mut SqliteConnection, set: &SeedSet) -> Result<Vec<(&'static str, usize)>, SeedError> {
    Ok(vec![each(conn, set, "answer_scores.csv", answer).await?])
}

async fn answer(conn: &mut SqliteConnection, r: &Row<AnswerRow>) -> Result<(), SeedError> {
    let v = &r.value;
    let framework = lookup(conn, r, "framework", FRAMEWORK, &v.framework).await?;
    // An answer's score lies within the scale but need not sit on a step.
    let scale = framework_scale(conn, framework).await?;
    let score = scale.within(v.score).map_err(|e| r.fail("score", e.to_string()))?;
    Ok(ANSWER_SCORES.upsert(conn, row![framework, &v.scale, &v.answer, score, r.index as i64]).await?)
}
