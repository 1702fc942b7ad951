//! How the DMA turned answers into scores (published with the 2015/16 national data set).

use serde::Deserialize;
use sqlx::SqliteConnection;

use super::keys::{lookup, FRAMEWORK};
use super::reader::{read, SeedError};
use super::SeedSet;

#[derive(Deserialize)]
struct AnswerRow {
    framework: String,
    scale: String,
    answer: String,
    score: f64,
}

pub async fn load(conn: &mut SqliteConnection, set: &SeedSet) -> Result<Vec<(&'static str, usize)>, SeedError> {
    let rows = read::<AnswerRow>("answer_scores.csv", set.get("answer_scores.csv"))?;
    for (position, r) in rows.iter().enumerate() {
        let v = &r.value;
        let framework = lookup(conn, r, "framework", FRAMEWORK, &v.framework).await?;
        let (min, max): (f64, f64) = sqlx::query_as("SELECT scale_min, scale_max FROM assessment_frameworks WHERE id = ?")
            .bind(framework)
            .fetch_one(&mut *conn)
            .await?;
        if v.score < min || v.score > max {
            return Err(r.fail("score", format!("{} is outside {}'s scale {min} to {max}", v.score, v.framework)));
        }
        sqlx::query(
            "INSERT INTO answer_scores (framework_id, scale, answer, score, position) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (framework_id, scale, answer) DO UPDATE SET score = excluded.score, position = excluded.position",
        )
        .bind(framework)
        .bind(&v.scale)
        .bind(&v.answer)
        .bind(v.score)
        .bind(position as i64)
        .execute(&mut *conn)
        .await?;
    }
    Ok(vec![("answer_scores.csv", rows.len())])
}
