//! The computed-RAG rule versions (migration 0025): the national default and each footprint's
//! own, read as [`RuleBook`]s; a new version is added by the PMO, with its audit entry.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use sqlx::{SqliteConnection, SqlitePool};

use super::audit::{self, Actor, Entry};
use super::dialect;
use ldr_app::analysis::computed_rag::{in_force, AimRule, Bands, DmaThemeRule, RuleSet};
use ldr_app::domain::{FootprintId, PeriodCode};

/// The parameters as stored in `rules_json`; the version and its quarter are columns.
#[derive(Serialize, Deserialize)]
struct Parameters {
    aim: AimRule,
    trajectory: Bands,
    dma_theme: DmaThemeRule,
}

/// One version as `/rules` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleVersion {
    pub rules: RuleSet,
    /// Set by this footprint's PMO (false: the national default).
    pub footprint_own: bool,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
}

/// Every version a footprint's figures are judged by, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleBook {
    pub versions: Vec<RuleVersion>,
}

impl RuleBook {
    /// The rules that judge a quarter: the version in force then, or (for a quarter before
    /// the first version) the first, so every quarter is judged by some stated rules.
    pub fn for_quarter(&self, quarter: PeriodCode) -> &RuleSet {
        let all: Vec<RuleSet> = self.versions.iter().map(|v| v.rules.clone()).collect();
        let chosen = in_force(&all, quarter).map(|r| r.version).unwrap_or(self.versions[0].rules.version);
        &self.versions.iter().find(|v| v.rules.version == chosen).expect("chosen from these versions").rules
    }

    /// The newest version: the one a new version starts from.
    pub fn latest(&self) -> &RuleSet {
        &self.versions.iter().max_by_key(|v| v.rules.version).expect("the national default always exists").rules
    }
}

type VersionRow = (Option<i64>, i64, String, String, Option<String>, NaiveDateTime);

/// The national default and the footprint's own versions.
pub async fn for_footprint(pool: &SqlitePool, footprint: FootprintId) -> Result<RuleBook, sqlx::Error> {
    let rows: Vec<VersionRow> = sqlx::query_as(
        "SELECT r.footprint_id, r.version, r.effective_from, r.rules_json, u.display_name, r.created_at
         FROM rag_rule_versions r LEFT JOIN users u ON u.id = r.created_by
         WHERE r.footprint_id IS NULL OR r.footprint_id = ?
         ORDER BY r.version",
    )
    .bind(footprint.0)
    .fetch_all(pool)
    .await?;
    let decode = |e: String| sqlx::Error::Decode(e.into());
    let versions = rows
        .into_iter()
        .map(|(fp, version, from, json, created_by, created_at)| {
            let p: Parameters = serde_json::from_str(&json).map_err(|e| decode(e.to_string()))?;
            let effective_from: PeriodCode = from.parse().map_err(|e: String| decode(e))?;
            let version = u32::try_from(version).map_err(|e| decode(e.to_string()))?;
            let rules = RuleSet { version, effective_from, aim: p.aim, trajectory: p.trajectory, dma_theme: p.dma_theme };
            Ok(RuleVersion { rules, footprint_own: fp.is_some(), created_by, created_at })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    if versions.is_empty() {
        return Err(decode("no computed-RAG rules: migration 0025 adds the national default".into()));
    }
    Ok(RuleBook { versions })
}

/// A newer version was added since the form was started from `based_on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stale {
    pub latest: u32,
}

/// Adds the footprint's next version (numbered after every version it is judged by), with
/// its audit entry, in the caller's write transaction, if the newest version is still the
/// one the form started from. Returns the new version's number.
pub async fn add(
    conn: &mut SqliteConnection,
    actor: &Actor,
    footprint: FootprintId,
    rules: &RuleSet,
    based_on: u32,
) -> Result<Result<u32, Stale>, sqlx::Error> {
    let (latest,): (i64,) = sqlx::query_as("SELECT MAX(version) FROM rag_rule_versions WHERE footprint_id IS NULL OR footprint_id = ?")
        .bind(footprint.0)
        .fetch_one(&mut *conn)
        .await?;
    if latest != i64::from(based_on) {
        return Ok(Err(Stale { latest: u32::try_from(latest).unwrap_or(u32::MAX) }));
    }
    let version = latest + 1;
    let params = Parameters { aim: rules.aim.clone(), trajectory: rules.trajectory, dma_theme: rules.dma_theme };
    let json = serde_json::to_string(&params).map_err(|e| sqlx::Error::Encode(e.into()))?;
    sqlx::query(
        "INSERT INTO rag_rule_versions (footprint_id, version, effective_from, rules_json, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(footprint.0)
    .bind(version)
    .bind(rules.effective_from.to_string())
    .bind(&json)
    .bind(actor.user_id.map(|u| u.0))
    .bind(dialect::now())
    .execute(&mut *conn)
    .await?;
    let after = serde_json::json!({ "version": version, "effective_from": rules.effective_from.to_string(), "rules": params });
    let entry = Entry {
        action: "add_rule_version",
        entity: "rag_rule_versions",
        entity_id: Some(version.to_string()),
        after: Some(after),
        footprint: Some(footprint),
        ..Entry::default()
    };
    audit::append(conn, actor, entry).await?;
    let version = u32::try_from(version).map_err(|e| sqlx::Error::Decode(e.into()))?;
    Ok(Ok(version))
}
