//! Approval: a return's figures become the subject's official figures for the quarter.
//! Runs in the approval's transaction, so the figures, the state change and the audit row
//! commit together. Each figure row records the return it came from, who entered it (the
//! section's last editor), and who approved it and when.

use sqlx::SqliteConnection;

use super::returns::{ReturnRow, SectionRow};
use ldr_app::returns::figures::{DeploymentEntry, DmaEntry, SectionFigures};
use ldr_app::returns::template::ReturnTemplate;

const NOW: &str = "strftime('%Y-%m-%d %H:%M:%S', 'now')";

/// Write every section's figures as official. `approver` is the approving user's id.
pub async fn apply(
    conn: &mut SqliteConnection,
    ret: &ReturnRow,
    template: &ReturnTemplate,
    sections: &[SectionRow],
    approver: i64,
) -> Result<(), sqlx::Error> {
    let source = format!("Quarterly return {}, revision {}", template.period.label(), ret.revision);
    for s in sections {
        let p =
            Provenance { source: &source, entered_at: s.updated_at.as_deref(), entered_by: s.updated_by_id, approver, return_id: ret.id };
        match (&s.figures, ret.organisation_id) {
            (SectionFigures::Dma(f), Some(org)) => {
                let framework = template.framework.as_ref().map(|f| f.id).unwrap_or_default();
                for (code, entry) in &f.scores {
                    let score = match entry {
                        DmaEntry::Score(v) => Some(*v),
                        DmaEntry::NotAssessed => None,
                    };
                    let sql = format!(
                        "INSERT INTO dma_scores (organisation_id, theme_id, period_id, score, source, recorded_at, recorded_by, approved_at, approved_by, return_id)
                         SELECT ?, t.id, ?, ?, ?, COALESCE(?, {NOW}), ?, {NOW}, ?, ? FROM themes t WHERE t.framework_id = ? AND t.code = ?
                         ON CONFLICT (organisation_id, theme_id, period_id) DO UPDATE SET score = excluded.score, source = excluded.source,
                             recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by,
                             approved_at = excluded.approved_at, approved_by = excluded.approved_by, return_id = excluded.return_id"
                    );
                    sqlx::query(&sql)
                        .bind(org.0)
                        .bind(ret.period_id.0)
                        .bind(score)
                        .bind(p.source)
                        .bind(p.entered_at)
                        .bind(p.entered_by)
                        .bind(p.approver)
                        .bind(p.return_id)
                        .bind(framework)
                        .bind(code)
                        .execute(&mut *conn)
                        .await?;
                }
            }
            (SectionFigures::Trajectory(f), Some(org)) => {
                // The plans become the approval's quarter's rows; earlier quarters keep theirs,
                // so a page as at an earlier quarter shows the plan as it stood then. An
                // amendment replaces its quarter's plans whole: a plan it leaves blank falls
                // back to the earlier quarters' plan, as every figure does (`as_at`).
                sqlx::query("DELETE FROM capability_trajectories WHERE organisation_id = ? AND period_id = ?")
                    .bind(org.0)
                    .bind(ret.period_id.0)
                    .execute(&mut *conn)
                    .await?;
                let framework = template.framework.as_ref().map(|f| f.id).unwrap_or_default();
                for (code, years) in &f.planned {
                    for (year, score) in years {
                        let sql = format!(
                            "INSERT INTO capability_trajectories (organisation_id, theme_id, financial_year, period_id, planned_score, source,
                                 recorded_at, recorded_by, approved_at, approved_by, return_id)
                             SELECT ?, t.id, ?, ?, ?, ?, COALESCE(?, {NOW}), ?, {NOW}, ?, ? FROM themes t WHERE t.framework_id = ? AND t.code = ?"
                        );
                        sqlx::query(&sql)
                            .bind(org.0)
                            .bind(year)
                            .bind(ret.period_id.0)
                            .bind(score)
                            .bind(p.source)
                            .bind(p.entered_at)
                            .bind(p.entered_by)
                            .bind(p.approver)
                            .bind(p.return_id)
                            .bind(framework)
                            .bind(code)
                            .execute(&mut *conn)
                            .await?;
                    }
                }
            }
            (SectionFigures::Aims(f), _) | (SectionFigures::FootprintAims(f), _) => {
                for (code, entry) in &f.aims {
                    // "No data" is completeness NULL, as the figure tables record it.
                    let completeness = if entry.no_data { None } else { entry.completeness };
                    let progress = upsert_progress(conn, ret, code, completeness, entry.rag.as_deref(), &entry.narrative, &p).await?;
                    if ret.organisation_id.is_none() {
                        sqlx::query("DELETE FROM aim_goals WHERE aim_progress_id = ?").bind(progress).execute(&mut *conn).await?;
                        for (year, goal) in &entry.goals {
                            sqlx::query("INSERT INTO aim_goals (aim_progress_id, financial_year, goal) VALUES (?, ?, ?)")
                                .bind(progress)
                                .bind(year)
                                .bind(goal)
                                .execute(&mut *conn)
                                .await?;
                        }
                    }
                }
            }
            (SectionFigures::Deployments(f), Some(org)) => {
                let framework = template.framework.as_ref().map(|f| f.id);
                // Added and removed in the same return: never official.
                for d in f.items.iter().filter(|d| !(d.removed && d.official_id.is_none())) {
                    let theme: Option<i64> = match &d.capability {
                        Some(code) => {
                            sqlx::query_scalar("SELECT id FROM themes WHERE framework_id = ? AND code = ?")
                                .bind(framework)
                                .bind(code)
                                .fetch_optional(&mut *conn)
                                .await?
                        }
                        None => None,
                    };
                    write_deployment(conn, org.0, ret.period_id.0, theme, d, &p).await?;
                }
            }
            (SectionFigures::Measures(f), Some(org)) => {
                for m in f.values.iter().filter(|m| m.value.is_some()) {
                    let sql = format!(
                        "INSERT INTO measure_values (measure_id, organisation_id, period_id, qualifier, value, source, recorded_at, recorded_by, approved_at, approved_by, return_id)
                         SELECT m.id, ?, ?, ?, ?, ?, COALESCE(?, {NOW}), ?, {NOW}, ?, ? FROM measures m WHERE m.code = ?
                         ON CONFLICT (measure_id, organisation_id, period_id, qualifier) DO UPDATE SET value = excluded.value,
                             source = excluded.source, recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by,
                             approved_at = excluded.approved_at, approved_by = excluded.approved_by, return_id = excluded.return_id"
                    );
                    sqlx::query(&sql)
                        .bind(org.0)
                        .bind(ret.period_id.0)
                        .bind(&m.qualifier)
                        .bind(m.value)
                        .bind(p.source)
                        .bind(p.entered_at)
                        .bind(p.entered_by)
                        .bind(p.approver)
                        .bind(p.return_id)
                        .bind(&m.code)
                        .execute(&mut *conn)
                        .await?;
                }
            }
            // Commentary stays with the return; sections of the other subject cannot occur.
            _ => {}
        }
    }
    Ok(())
}

struct Provenance<'a> {
    source: &'a str,
    entered_at: Option<&'a str>,
    entered_by: Option<i64>,
    approver: i64,
    return_id: i64,
}

/// aim_progress's unique index is on an expression (organisation NULL for the footprint),
/// which an ON CONFLICT target cannot name portably: look the row up, then update or insert.
async fn upsert_progress(
    conn: &mut SqliteConnection,
    ret: &ReturnRow,
    aim: &str,
    completeness: Option<f64>,
    rag: Option<&str>,
    narrative: &str,
    p: &Provenance<'_>,
) -> Result<i64, sqlx::Error> {
    let aim_id: i64 = sqlx::query_scalar("SELECT id FROM aims WHERE code = ?").bind(aim).fetch_one(&mut *conn).await?;
    let existing: Option<i64> =
        sqlx::query_scalar("SELECT id FROM aim_progress WHERE footprint_id = ? AND organisation_id IS ? AND aim_id = ? AND period_id = ?")
            .bind(ret.footprint_id.0)
            .bind(ret.organisation_id.map(|o| o.0))
            .bind(aim_id)
            .bind(ret.period_id.0)
            .fetch_optional(&mut *conn)
            .await?;
    let id =
        match existing {
            Some(id) => id,
            None => sqlx::query_scalar(
                "INSERT INTO aim_progress (footprint_id, organisation_id, aim_id, period_id, source) VALUES (?, ?, ?, ?, '') RETURNING id",
            )
            .bind(ret.footprint_id.0)
            .bind(ret.organisation_id.map(|o| o.0))
            .bind(aim_id)
            .bind(ret.period_id.0)
            .fetch_one(&mut *conn)
            .await?,
        };
    let sql = format!(
        "UPDATE aim_progress SET completeness = ?, rag = ?, narrative = ?, source = ?, recorded_at = COALESCE(?, {NOW}),
             recorded_by = ?, approved_at = {NOW}, approved_by = ?, return_id = ? WHERE id = ?"
    );
    sqlx::query(&sql)
        .bind(completeness)
        .bind(rag)
        .bind(narrative)
        .bind(p.source)
        .bind(p.entered_at)
        .bind(p.entered_by)
        .bind(p.approver)
        .bind(p.return_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(id)
}

/// A deployment's version for the approval's quarter: a change, a confirmation, or (removed)
/// its withdrawal; a new deployment gets its identity first. Only the organisation's own
/// deployments can be versioned: the lookup names it.
async fn write_deployment(
    conn: &mut SqliteConnection,
    org: i64,
    period: i64,
    theme: Option<i64>,
    d: &DeploymentEntry,
    p: &Provenance<'_>,
) -> Result<(), sqlx::Error> {
    let deployment: i64 = match d.official_id {
        // Validation admits only the organisation's own deployments; anything else is a bug.
        Some(id) => sqlx::query_scalar("SELECT id FROM deployments WHERE id = ? AND organisation_id = ?")
            .bind(id)
            .bind(org)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(sqlx::Error::RowNotFound)?,
        None => {
            sqlx::query_scalar("INSERT INTO deployments (organisation_id) VALUES (?) RETURNING id").bind(org).fetch_one(&mut *conn).await?
        }
    };
    let sql = format!(
        "INSERT INTO deployment_versions (deployment_id, period_id, theme_id, title, description, start_year, target_year, status,
             delivered_on, withdrawn, source, recorded_at, recorded_by, approved_at, approved_by, return_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, {NOW}), ?, {NOW}, ?, ?)
         ON CONFLICT (deployment_id, period_id) DO UPDATE SET theme_id = excluded.theme_id, title = excluded.title,
             description = excluded.description, start_year = excluded.start_year, target_year = excluded.target_year,
             status = excluded.status, delivered_on = excluded.delivered_on, withdrawn = excluded.withdrawn,
             source = excluded.source, recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by,
             approved_at = excluded.approved_at, approved_by = excluded.approved_by, return_id = excluded.return_id"
    );
    sqlx::query(&sql)
        .bind(deployment)
        .bind(period)
        .bind(theme)
        .bind(&d.title)
        .bind(&d.description)
        .bind(d.start_year)
        .bind(d.target_year)
        .bind(d.status.code())
        .bind(d.delivered_on.map(|x| x.format("%Y-%m-%d").to_string()))
        .bind(d.removed)
        .bind(p.source)
        .bind(p.entered_at)
        .bind(p.entered_by)
        .bind(p.approver)
        .bind(p.return_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
