//! Approval: a return's figures become the subject's official figures for the quarter.
//! Runs in the approval's transaction, so the figures, the state change and the audit row
//! commit together. Each figure row records the return it came from, who entered it (the
//! section's last editor), and who approved it and when. Every figure is written through
//! `db::figures`, the one write path the seed and the imports use too.

use chrono::NaiveDateTime;
use sqlx::SqliteConnection;

use super::dialect;
use super::figures::{self, AimProgress, Deployment, DeploymentVersion, Provenance};
use super::returns::{ReturnRow, SectionRow};
use ldr_app::domain::{AimId, DeploymentId, FinancialYear, MeasureId, Percent, Rag, ReturnId, Scale, ThemeId, UserId, ValueError};
use ldr_app::returns::figures::{AimFigures, DmaEntry, SectionFigures};
use ldr_app::returns::template::ReturnTemplate;

/// Write every section's figures as official. `approver` is the approving user's id.
pub async fn apply(
    conn: &mut SqliteConnection,
    ret: &ReturnRow,
    template: &ReturnTemplate,
    sections: &[SectionRow],
    approver: i64,
) -> Result<(), sqlx::Error> {
    let source = format!("Quarterly return {}, revision {}", template.period.label(), ret.revision);
    let now = dialect::now();
    let framework = template.framework.as_ref();
    for s in sections {
        let p = Provenance {
            source: &source,
            recorded_at: s.updated_at.as_deref().and_then(stored_time).unwrap_or(now),
            recorded_by: s.updated_by_id.map(UserId),
            approved_at: Some(now),
            approved_by: Some(UserId(approver)),
            return_id: Some(ReturnId(ret.id)),
        };
        match (&s.figures, ret.organisation_id, framework) {
            (SectionFigures::Dma(f), Some(org), Some(fw)) => {
                for (code, entry) in &f.scores {
                    let Some(theme) = theme_id(conn, fw.id, code).await? else { continue };
                    let score = match entry {
                        DmaEntry::Score(v) => Some(on_scale(&fw.scale, *v)?),
                        DmaEntry::NotAssessed => None,
                    };
                    figures::write_dma_score(conn, org, theme, ret.period_id, score, &p).await?;
                }
            }
            (SectionFigures::Trajectory(f), Some(org), Some(fw)) => {
                // The plans become the approval's quarter's rows; earlier quarters keep theirs,
                // so a page as at an earlier quarter shows the plan as it stood then. An
                // amendment replaces its quarter's plans whole.
                figures::clear_trajectories(conn, org, ret.period_id).await?;
                for (code, years) in &f.planned {
                    let Some(theme) = theme_id(conn, fw.id, code).await? else { continue };
                    for (year, score) in years {
                        let planned = on_scale(&fw.scale, *score)?;
                        figures::write_trajectory(conn, org, theme, FinancialYear(*year), ret.period_id, planned, &p).await?;
                    }
                }
            }
            (SectionFigures::Aims(f) | SectionFigures::FootprintAims(f), _, _) => write_aims(conn, ret, f, &p).await?,
            (SectionFigures::Deployments(f), Some(org), _) => {
                // Added and removed in the same return: never official.
                for d in f.items.iter().filter(|d| !(d.removed && d.official_id.is_none())) {
                    let theme = match (&d.capability, framework) {
                        (Some(code), Some(fw)) => theme_id(conn, fw.id, code).await?,
                        _ => None,
                    };
                    // Validation admits only the organisation's own deployments; anything else is a bug.
                    let deployment = d.official_id.map_or(Deployment::New, |id| Deployment::Existing(DeploymentId(id)));
                    let version = DeploymentVersion {
                        period: ret.period_id,
                        theme,
                        title: &d.title,
                        description: &d.description,
                        start_year: d.start_year,
                        target_year: d.target_year,
                        status: d.status,
                        delivered_on: d.delivered_on,
                        withdrawn: d.removed,
                    };
                    figures::write_deployment(conn, org, deployment, &version, &p).await?;
                }
            }
            (SectionFigures::Measures(f), Some(org), _) => {
                for m in &f.values {
                    let Some(value) = m.value else { continue };
                    let Some(measure) = code_id(conn, "SELECT id FROM measures WHERE code = ?", &m.code).await? else { continue };
                    figures::write_measure_value(conn, MeasureId(measure), org, ret.period_id, &m.qualifier, value, &p).await?;
                }
            }
            // Commentary stays with the return; sections of the other subject cannot occur.
            _ => {}
        }
    }
    Ok(())
}

/// Aim progress, the organisation's or (organisation none) the footprint's with its goals.
async fn write_aims(conn: &mut SqliteConnection, ret: &ReturnRow, f: &AimFigures, p: &Provenance<'_>) -> Result<(), sqlx::Error> {
    for (code, entry) in &f.aims {
        let aim = AimId(code_id(conn, "SELECT id FROM aims WHERE code = ?", code).await?.ok_or(sqlx::Error::RowNotFound)?);
        // "No data" is completeness NULL, as the figure tables record it.
        let completeness = if entry.no_data { None } else { entry.completeness.map(percent).transpose()? };
        let rag = entry.rag.as_deref().map(|r| r.parse::<Rag>().map_err(|e| sqlx::Error::Decode(e.into()))).transpose()?;
        let progress = AimProgress {
            footprint: ret.footprint_id,
            organisation: ret.organisation_id,
            aim,
            period: ret.period_id,
            completeness,
            rag,
            narrative: &entry.narrative,
        };
        let id = figures::write_aim_progress(conn, &progress, p).await?;
        if ret.organisation_id.is_none() {
            let goals: Vec<(FinancialYear, Percent)> =
                entry.goals.iter().map(|(y, g)| Ok((FinancialYear(*y), percent(*g)?))).collect::<Result<_, sqlx::Error>>()?;
            figures::replace_aim_goals(conn, id, &goals).await?;
        }
    }
    Ok(())
}

/// A stored section's figure was checked when it was saved; one that no longer reads as
/// valid is a stored value that cannot be decoded, and stops the approval.
fn invalid(e: ValueError) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(e))
}

fn on_scale(scale: &Scale, v: f64) -> Result<ldr_app::domain::Score, sqlx::Error> {
    scale.score_of(v).map_err(invalid)
}

fn percent(v: f64) -> Result<Percent, sqlx::Error> {
    Percent::new(v).map_err(invalid)
}

/// A section's last save time as stored (`2016-09-30 14:05:00`), to record as entered.
fn stored_time(text: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f").ok().or_else(|| text.parse().ok())
}

/// A theme of the return's framework by its code; none if the framework has no such theme.
async fn theme_id(conn: &mut SqliteConnection, framework: i64, code: &str) -> Result<Option<ThemeId>, sqlx::Error> {
    let id = sqlx::query_scalar("SELECT id FROM themes WHERE framework_id = ? AND code = ?")
        .bind(framework)
        .bind(code)
        .fetch_optional(conn)
        .await?;
    Ok(id.map(ThemeId))
}

async fn code_id(conn: &mut SqliteConnection, sql: &str, code: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(sql).bind(code).fetch_optional(conn).await
}
