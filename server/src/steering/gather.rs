//! Gathers a report's facts for one footprint and quarter with the pages' own named
//! queries (the dashboard's statuses and exceptions, the DMA matrix, the gap analysis, the
//! trajectories and the deployment timeline), so the pack says what the pages say.

use chrono::NaiveDateTime;
use sqlx::SqlitePool;

use crate::db::footprints::Footprint;
use crate::db::periods::Period;
use crate::db::return_apply::stored_time;
use crate::db::trajectories::{self, Capabilities};
use crate::db::{
    self, aim_status, aims, audit, deployment_timeline, dma, gap_analysis, organisations, periods, rag_rules, registers, returns,
};
use crate::web::error::AppError;
use ldr_app::analysis::computed_rag::{quarter_at, quarter_index};
use ldr_app::analysis::exceptions::largest_falls;
use ldr_app::domain::deadline::is_overdue;
use ldr_app::facts::{dma_gaps, sort_biggest_first, DmaMatrix, OrgSummary};
use ldr_app::report::{ReportFacts, ReturnLine};
use ldr_app::returns::Subject;

/// Who asked and when: the report's generated line.
pub struct Asked {
    pub by: String,
    pub at: NaiveDateTime,
}

/// Optimistic reads before [`gather`] holds the write lock instead.
const OPTIMISTIC_READS: usize = 2;

/// The facts of one moment. They take a dozen queries, each seeing the data as it stands when
/// it runs, so an approval or import landing among them would freeze a document that is half
/// before and half after it. Every write appends an audit entry in its own transaction, so
/// an unchanged data generation on both sides of the reads proves none landed; when writes
/// keep landing, the last read holds the write lock (writers wait, readers do not) and lets
/// it go unwritten.
pub async fn gather(pool: &SqlitePool, footprint: &Footprint, period: Period, asked: Asked) -> Result<ReportFacts, AppError> {
    for _ in 0..OPTIMISTIC_READS {
        let before = audit::generation(pool).await?;
        let facts = read(pool, footprint, period, &asked).await?;
        if audit::generation(pool).await? == before {
            return Ok(facts);
        }
    }
    let lock = db::begin_write(pool).await?;
    let facts = read(pool, footprint, period, &asked).await;
    lock.rollback().await?;
    facts
}

async fn read(pool: &SqlitePool, footprint: &Footprint, period: Period, asked: &Asked) -> Result<ReportFacts, AppError> {
    let rules = rag_rules::for_footprint(pool, footprint.id).await?;
    let capabilities = aims::capabilities_with_progress(pool, footprint.id, Some(period)).await?;
    let statuses = aim_status::for_footprint(pool, footprint.id, period, &rules).await?;
    let previous_period = periods::by_code(pool, &quarter_at(quarter_index(period.code) - 1)).await?;
    let previous_statuses = match previous_period {
        Some(p) => aim_status::for_footprint(pool, footprint.id, p, &rules).await?,
        None => Vec::new(),
    };
    let organisations = organisations::in_footprint(pool, footprint.id).await?;
    let orgs: Vec<OrgSummary> = organisations.iter().map(|o| o.summary.clone()).collect();
    let dma_now = dma::facts(pool, footprint.id, period, &orgs).await?;
    let before = match previous_period {
        Some(p) => dma::scores_as_at(pool, footprint.id, p, &orgs).await?,
        None => Vec::new(),
    };
    let falls = largest_falls(&statuses, dma_now.as_ref(), &before);
    let gaps = match &dma_now {
        Some(facts) => {
            let plans = gap_analysis::plans(pool, footprint.id, period.code).await?;
            let assessed = gap_analysis::latest_assessed(pool, footprint.id, period.code).await?;
            let mut rows = dma_gaps(facts, &plans, &assessed, rules.for_quarter(period.code));
            sort_biggest_first(&mut rows);
            rows
        }
        None => Vec::new(),
    };
    let mut measures = Vec::new();
    for o in &organisations {
        let rows = organisations::measures(pool, o, period).await?;
        if !rows.is_empty() {
            measures.push((o.summary.clone(), rows));
        }
    }
    Ok(ReportFacts {
        footprint: footprint.summary.clone(),
        period: period.code,
        generated_at: asked.at,
        generated_by: asked.by.clone(),
        rules_version: rules.for_quarter(period.code).version,
        capabilities,
        statuses,
        previous_statuses,
        falls,
        dma: dma_now.as_ref().and_then(DmaMatrix::assemble),
        dma_gaps: gaps,
        trajectories: trajectories::facts(pool, footprint, period, Capabilities::All).await?,
        deployments: deployment_timeline::as_at_quarter(pool, footprint.id, period.code).await?,
        measures,
        risks: registers::for_footprint(pool, footprint.id).await?.risks,
        returns: return_lines(pool, footprint, period, &organisations, asked.at).await?,
    })
}

/// Each organisation's latest return of the quarter, then the footprint's own, overdue as at
/// the moment the report is generated.
async fn return_lines(
    pool: &SqlitePool,
    footprint: &Footprint,
    period: Period,
    organisations: &[organisations::Organisation],
    at: NaiveDateTime,
) -> Result<Vec<ReturnLine>, AppError> {
    let latest = returns::latest_in_period(pool, footprint.id, period.id).await?;
    let deadline = periods::window_for(pool, footprint.id, period.id).await?.map(|w| w.deadline);
    let mut subjects: Vec<(Option<ldr_app::domain::OrgId>, Subject)> =
        organisations.iter().map(|o| (Some(o.id), Subject::of_organisation(&o.summary))).collect();
    subjects.push((None, Subject::of_footprint(&footprint.summary)));
    Ok(subjects
        .into_iter()
        .map(|(org, subject)| {
            let row = latest.iter().find(|r| r.organisation_id == org);
            let state = row.map(|r| r.state);
            ReturnLine {
                code: subject.code().to_string(),
                subject: subject.name().to_string(),
                state,
                revision: row.map(|r| r.revision),
                overdue: deadline.is_some_and(|d| is_overdue(d, at.date(), state)),
                submitted_by: row.and_then(|r| r.submitted_by.clone()),
                submitted_at: row.and_then(|r| r.submitted_at.as_deref().and_then(stored_time)),
                decided_by: row.and_then(|r| r.decided_by.clone()),
                decided_at: row.and_then(|r| r.decided_at.as_deref().and_then(stored_time)),
            }
        })
        .collect())
}
