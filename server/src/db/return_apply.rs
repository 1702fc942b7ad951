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
use ldr_app::domain::{
    AimId, DeploymentId, FinancialYear, FootprintId, MeasureId, OrgId, Percent, PeriodId, ReturnId, Scale, ThemeId, UserId, ValueError,
};
use ldr_app::returns::sections::writes::FigureWrite;
use ldr_app::returns::template::{FrameworkTemplate, ReturnTemplate};

/// Whose figures a write is, and for which quarter: a return's subject.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub footprint: FootprintId,
    /// None: the footprint's own figures (Table 5).
    pub organisation: Option<OrgId>,
    pub period: PeriodId,
    /// The DMA framework the subject is scored on in that quarter, if any.
    pub framework: Option<&'a FrameworkTemplate>,
}

/// Write every section's figures as official. `approver` is the approving user's id. Each
/// section says what it writes (`Section::figure_writes`); [`write_figure`] writes each.
pub async fn apply(
    conn: &mut SqliteConnection,
    ret: &ReturnRow,
    template: &ReturnTemplate,
    sections: &[SectionRow],
    approver: i64,
) -> Result<(), sqlx::Error> {
    let source = format!("Quarterly return {}, revision {}", template.period.label(), ret.revision);
    let subject = Subject {
        footprint: ret.footprint_id,
        organisation: ret.organisation_id,
        period: ret.period_id,
        framework: template.framework.as_ref(),
    };
    let approval = Approval { source: &source, at: dialect::now(), by: UserId(approver), return_id: ReturnId(ret.id) };
    write_sections(conn, &subject, template, sections, &approval).await?;
    Ok(())
}

/// Who approved a return, when, and the source its figures name.
#[derive(Debug, Clone, Copy)]
pub struct Approval<'a> {
    pub source: &'a str,
    pub at: NaiveDateTime,
    pub by: UserId,
    pub return_id: ReturnId,
}

/// The heart of [`apply`], shared with `ldr generate` (which dates its approvals from the
/// quarter): each section's figure writes, entered by the section's last editor. Answers how
/// many figure rows were written (goals and plans each count) and the deployments written, in
/// order, new ones with the identity they were given.
pub async fn write_sections(
    conn: &mut SqliteConnection,
    subject: &Subject<'_>,
    template: &ReturnTemplate,
    sections: &[SectionRow],
    a: &Approval<'_>,
) -> Result<(u64, Vec<DeploymentId>), sqlx::Error> {
    let (mut rows, mut deployments) = (0, Vec::new());
    for s in sections {
        let p = Provenance {
            source: a.source,
            recorded_at: s.updated_at.as_deref().and_then(stored_time).unwrap_or(a.at),
            recorded_by: s.updated_by_id.map(UserId),
            approved_at: Some(a.at),
            approved_by: Some(a.by),
            return_id: Some(a.return_id),
        };
        for write in s.kind.section().figure_writes(template, &s.figures) {
            rows += match &write {
                FigureWrite::TrajectoryPlans { plans } => plans.len() as u64,
                FigureWrite::AimProgress { goals, .. } => 1 + goals.as_ref().map_or(0, |g| g.len() as u64),
                _ => 1,
            };
            deployments.extend(write_figure(conn, subject, &write, &p).await?);
        }
    }
    Ok((rows, deployments))
}

/// One figure of a return made official, through `db::figures`: approval and `ldr generate`
/// both write this way. A figure the subject cannot have (a DMA score with no framework, an
/// organisation's figure on the footprint's own return) is skipped, as the form never offers it.
/// Answers a deployment's identity when it wrote one.
pub async fn write_figure(
    conn: &mut SqliteConnection,
    to: &Subject<'_>,
    write: &FigureWrite,
    p: &Provenance<'_>,
) -> Result<Option<DeploymentId>, sqlx::Error> {
    match (write, to.organisation, to.framework) {
        (FigureWrite::DmaScore { theme, score }, Some(org), Some(fw)) => {
            let Some(theme) = theme_id(conn, fw.id, theme).await? else { return Ok(None) };
            let score = score.map(|v| on_scale(&fw.scale, v)).transpose()?;
            figures::write_dma_score(conn, org, theme, to.period, score, p).await?;
        }
        (FigureWrite::TrajectoryPlans { plans }, Some(org), Some(fw)) => {
            // The plans become the quarter's rows; earlier quarters keep theirs, so a page as
            // at an earlier quarter shows the plan as it stood then. An amendment replaces
            // its quarter's plans whole.
            figures::clear_trajectories(conn, org, to.period).await?;
            for plan in plans {
                let Some(theme) = theme_id(conn, fw.id, &plan.theme).await? else { continue };
                let planned = on_scale(&fw.scale, plan.score)?;
                figures::write_trajectory(conn, org, theme, plan.year, to.period, planned, p).await?;
            }
        }
        (FigureWrite::AimProgress { aim, completeness, rag, narrative, goals }, organisation, _) => {
            let aim = AimId(code_id(conn, "SELECT id FROM aims WHERE code = ?", aim).await?.ok_or(sqlx::Error::RowNotFound)?);
            let progress = AimProgress {
                footprint: to.footprint,
                organisation,
                aim,
                period: to.period,
                completeness: *completeness,
                rag: *rag,
                narrative,
            };
            let id = figures::write_aim_progress(conn, &progress, p).await?;
            if let Some(goals) = goals {
                let goals: Vec<(FinancialYear, Percent)> = goals.iter().map(|(y, g)| (*y, *g)).collect();
                figures::replace_aim_goals(conn, id, &goals).await?;
            }
        }
        (FigureWrite::Deployment(d), Some(org), framework) => {
            let theme = match (&d.capability, framework) {
                (Some(code), Some(fw)) => theme_id(conn, fw.id, code).await?,
                _ => None,
            };
            // Validation admits only the organisation's own deployments; anything else is a bug.
            let deployment = d.official_id.map_or(Deployment::New, |id| Deployment::Existing(DeploymentId(id)));
            let version = DeploymentVersion {
                period: to.period,
                theme,
                title: &d.title,
                description: &d.description,
                start_year: d.start_year.map(|y| y.0),
                target_year: d.target_year.0,
                status: d.status,
                delivered_on: d.delivered_on,
                withdrawn: d.withdrawn,
            };
            return Ok(Some(figures::write_deployment(conn, org, deployment, &version, p).await?));
        }
        (FigureWrite::MeasureValue { measure, qualifier, value }, Some(org), _) => {
            let Some(measure) = code_id(conn, "SELECT id FROM measures WHERE code = ?", measure).await? else { return Ok(None) };
            figures::write_measure_value(conn, MeasureId(measure), org, to.period, qualifier, *value, p).await?;
        }
        _ => {}
    }
    Ok(None)
}

/// A stored section's figure was checked when it was saved; one that no longer reads as
/// valid is a stored value that cannot be decoded, and stops the approval.
fn invalid(e: ValueError) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(e))
}

fn on_scale(scale: &Scale, v: f64) -> Result<ldr_app::domain::Score, sqlx::Error> {
    scale.score_of(v).map_err(invalid)
}

/// A section's last save time as stored (`2016-09-30 14:05:00`), to record as entered.
pub fn stored_time(text: &str) -> Option<NaiveDateTime> {
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
