//! The pages that read returns: the chase list and queue, and one return (any revision).

use axum::extract::{Path, Query, State};
use axum::response::Html;
use serde::Deserialize;
use sqlx::SqlitePool;

use super::context::{ordered_sections, ReturnContext};
use crate::auth::SignedIn;
use crate::db::periods::Window;
use crate::db::returns::{ReturnRow, SectionRow};
use crate::db::{footprints, organisations, periods, return_decisions, return_template, returns};
use crate::routes::home_footprint;
use crate::web::csv_download::CsvTable;
use crate::web::error::AppError;
use crate::web::AppState;
use ldr_app::access::{Need, ReturnOf};
use ldr_app::domain::deadline::is_overdue;
use ldr_app::domain::long_date_time;
use ldr_app::returns::compare::compare;
use ldr_app::returns::diff::diff_section;
use ldr_app::returns::figures::{ReturnFigures, SectionFigures};
use ldr_app::returns::{ReturnState, Subject};
use ldr_app::views::returns::chase_list::{chase_list_page, chase_table, queue_table, ChaseList, ChaseRow, QueueRow};
use ldr_app::views::returns::return_page::{return_page, Actions, ReturnView, Revision, SectionLine};
use ldr_app::views::returns::return_path;
use ldr_app::views::returns::review::{HistoryEntry, Narrative, SinceReturned};
use ldr_app::views::{Crumb, Nav};

#[derive(Deserialize, Default)]
pub struct Notice {
    done: Option<String>,
}

fn notice_text(done: Option<&str>) -> Option<String> {
    Some(
        match done? {
            "started" => "Return started from the last approved figures.",
            "saved" => "Section saved.",
            "submitted" => "Return submitted. The Steering Group will review it.",
            "approved" => "Return approved. Its figures are now the official figures for the quarter.",
            "returned" => "Return sent back for changes with your comments.",
            "amended" => "Amendment started as a new revision.",
            _ => return None,
        }
        .to_string(),
    )
}

pub async fn show(
    State(state): State<AppState>,
    who: SignedIn,
    Path((period, code)): Path<(String, String)>,
    Query(q): Query<Notice>,
) -> Result<Html<String>, AppError> {
    let ctx = ReturnContext::load(&state.pool, &who, &period, &code).await?;
    let page = Problems { notice: notice_text(q.done.as_deref()), ..Default::default() };
    Ok(Html(render(&state.pool, &who, &ctx, 0, page).await?))
}

pub async fn revision(
    State(state): State<AppState>,
    who: SignedIn,
    Path((period, code, revision)): Path<(String, String, i64)>,
) -> Result<Html<String>, AppError> {
    let ctx = ReturnContext::load(&state.pool, &who, &period, &code).await?;
    let index = ctx.revisions.iter().position(|r| r.revision == revision).ok_or(AppError::NotFound)?;
    Ok(Html(render(&state.pool, &who, &ctx, index, Problems::default()).await?))
}

/// What to show beside the return after a refused action.
#[derive(Default)]
pub struct Problems {
    pub errors: Vec<(String, String)>,
    pub comment: String,
    pub notice: Option<String>,
}

/// The return page with the revision at `index` (0 = latest) shown.
pub async fn render(pool: &SqlitePool, who: &SignedIn, ctx: &ReturnContext, index: usize, problems: Problems) -> Result<String, AppError> {
    let p = &who.user.principal;
    let fp = ctx.footprint.id;
    let shown = ctx.revisions.get(index);
    let (revision, changes) = match shown {
        None => (None, vec![]),
        Some(r) => {
            let sections = ordered_sections(pool, ctx, r).await?;
            // Once approved, a revision's figures are the baseline itself: nothing to compare.
            let changes = if r.state == ReturnState::Approved { vec![] } else { ctx.changes(pool, &sections).await? };
            let lines = sections
                .iter()
                .map(|s| SectionLine {
                    kind: s.kind,
                    status: ldr_app::returns::parse::section_status(&ctx.template, s.status, &s.figures),
                    updated: s.updated_by.as_ref().zip(s.updated_at.as_ref()).map(|(by, at)| format!("{by}, {}", long_date_time(at))),
                })
                .collect();
            let stamp =
                |by: &Option<String>, at: &Option<String>| by.as_ref().zip(at.as_ref()).map(|(b, a)| format!("{b}, {}", long_date_time(a)));
            let decisions = return_decisions::history(pool, r.id).await?;
            let revision = Revision {
                revision: r.revision,
                state: r.state,
                version: r.version,
                created: format!("{}, {}", r.created_by, long_date_time(&r.created_at)),
                updated: format!("{}, {}", r.updated_by, long_date_time(&r.updated_at)),
                submitted: stamp(&r.submitted_by, &r.submitted_at),
                sections: lines,
                history: history(r, &decisions),
                since_returned: since_returned(ctx, r.state, &decisions, &sections),
                narrative: narrative(ctx, &sections),
            };
            (Some(revision), changes)
        }
    };
    let may_edit = ctx.may_edit(who);
    let actions = Actions {
        start: may_edit && ctx.open && ctx.revisions.is_empty(),
        edit: may_edit,
        approve: p.may(Need::Approve(fp)),
        send_back: p.may(Need::ReturnForChanges(fp)),
        amend: may_edit,
    };
    let view = ReturnView {
        subject: ctx.subject.clone(),
        period: ctx.period.code,
        deadline: ctx.window.as_ref().map(|w| w.deadline),
        period_open: ctx.open,
        shown: revision,
        revisions: ctx.revisions.iter().map(|r| (r.revision, r.state)).collect(),
        latest: index == 0,
        actions,
        changes,
        errors: problems.errors,
        comment: problems.comment,
        notice: problems.notice,
    };
    let crumbs = vec![Crumb::new("Home", "/"), Crumb::new("Returns", "/returns")];
    let title = format!("{} return, {}", ctx.subject.name(), ctx.period.code.label());
    Ok(return_page(who.meta_in(&ctx.footprint, &title, Some(Nav::Returns), crumbs), view))
}

/// Started, then each decision as recorded, oldest first.
fn history(r: &ReturnRow, decisions: &[return_decisions::Decision]) -> Vec<HistoryEntry> {
    let started = HistoryEntry { state: ReturnState::Draft, by: r.created_by.clone(), at: r.created_at.clone(), comment: String::new() };
    let steps = decisions.iter().map(|d| HistoryEntry { state: d.state, by: d.by.clone(), at: d.at.clone(), comment: d.comment.clone() });
    std::iter::once(started).chain(steps).collect()
}

/// What changed since the figures were last returned for changes, once they have been
/// changed or submitted again (while still returned, nothing has).
fn since_returned(
    ctx: &ReturnContext,
    state: ReturnState,
    decisions: &[return_decisions::Decision],
    sections: &[SectionRow],
) -> Option<SinceReturned> {
    if state == ReturnState::Returned {
        return None;
    }
    let returned = decisions.iter().rev().find(|d| d.state == ReturnState::Returned)?;
    let snapshot = returned.snapshot.as_ref()?;
    let changes = sections.iter().map(|s| (s.kind, diff_section(&ctx.template, snapshot.get(s.kind), &s.figures))).collect();
    Some(SinceReturned { returned: format!("{} at {}", returned.by, returned.at), changes })
}

/// The commentary and the aims, which the people who decide read first.
fn narrative(ctx: &ReturnContext, sections: &[SectionRow]) -> Narrative {
    let commentary = sections.iter().find_map(|s| match &s.figures {
        SectionFigures::Commentary(c) => Some(c.text.clone()),
        _ => None,
    });
    let aims = sections.iter().map(|s| &s.figures).find(|f| matches!(f, SectionFigures::Aims(_) | SectionFigures::FootprintAims(_)));
    Narrative { template: ctx.template.clone(), commentary, aims: aims.cloned() }
}

#[derive(Deserialize)]
pub struct ListQuery {
    period: Option<String>,
}

/// The quarter's window (the one asked for, else the open one, else the latest) and its
/// chase list: each subject's latest return, only those this reader may read.
async fn chase(
    state: &AppState,
    who: &SignedIn,
    footprint: &footprints::Footprint,
    q: &ListQuery,
) -> Result<(Option<Window>, Vec<ChaseRow>), AppError> {
    let pool = &state.pool;
    let p = &who.user.principal;
    let window = match q.period.as_deref().filter(|s| !s.is_empty()) {
        Some(code) => {
            let code = code.parse().map_err(|_| AppError::NotFound)?;
            let period = periods::by_code(pool, &code).await?.ok_or(AppError::NotFound)?;
            periods::window_for(pool, footprint.id, period.id).await?
        }
        None => match periods::open_window(pool, footprint.id).await? {
            Some(w) => Some(w),
            None => periods::windows(pool, footprint.id).await?.into_iter().next(),
        },
    };
    let today = chrono::Local::now().date_naive();
    let mut rows = Vec::new();
    if let Some(w) = &window {
        // The same lines as `/api/v1/returns`: one query names who owes a return.
        for line in returns::owed_in_period(pool, footprint.id, w.period.id).await? {
            let org = line.organisation.as_ref().map(|o| o.id);
            // A CIO's chase list is their own organisation's line.
            if !p.may(Need::ReadReturn(footprint.id, org.into())) {
                continue;
            }
            let subject = line.subject(&footprint.summary);
            let r = line.latest.as_ref();
            let state = r.map(|r| r.state);
            let overdue = is_overdue(w.deadline, today, state);
            rows.push(ChaseRow {
                name: subject.name().to_string(),
                href: return_path(w.period.code, &subject),
                state,
                revision: r.map(|r| r.revision),
                last_touched: r.map(|r| format!("{}, {}", r.updated_by, long_date_time(&r.updated_at))),
                overdue,
            });
        }
    }
    Ok((window, rows))
}

/// The chase list for the open quarter (or `?period=`), and the decision queue.
pub async fn list(State(state): State<AppState>, who: SignedIn, Query(q): Query<ListQuery>) -> Result<Html<String>, AppError> {
    let pool = &state.pool;
    let footprint = home_footprint(&state, &who).await?;
    let p = &who.user.principal;
    let (window, rows) = chase(&state, &who, &footprint, &q).await?;
    // The queue names every subject's return: for those who may read the footprint's own too.
    let queue = if p.may(Need::ReadReturn(footprint.id, ReturnOf::Footprint)) { queue(pool, &footprint).await? } else { vec![] };
    let page = ChaseList {
        period: window.as_ref().map(|w| (w.period.code, w.deadline, w.closed_at.is_none())),
        rows,
        queue,
        manages_periods: p.may(Need::RunProgramme(footprint.id)),
    };
    let meta = who.meta_in(&footprint, "Quarterly returns", Some(Nav::Returns), vec![Crumb::new("Home", "/")]);
    Ok(Html(chase_list_page(meta, page)))
}

/// `/returns/chase.csv?period=..`: the chase list's rows as this reader's page shows them (a
/// CIO's is their own organisation's line, as on the page).
pub async fn chase_csv(State(state): State<AppState>, who: SignedIn, Query(q): Query<ListQuery>) -> Result<CsvTable, AppError> {
    let footprint = home_footprint(&state, &who).await?;
    let (window, rows) = chase(&state, &who, &footprint, &q).await?;
    let words = chase_table(&rows);
    let period = window.map(|w| w.period.code.to_string()).unwrap_or_default();
    Ok(CsvTable { file_stem: format!("{}-returns-{period}", footprint.summary.code), headings: words.headings, rows: words.rows })
}

/// `/returns/queue.csv`: the returns waiting for a decision, for those whose page shows the
/// queue (not a CIO: 403, as the queue names every organisation's return).
pub async fn queue_csv(State(state): State<AppState>, who: SignedIn) -> Result<CsvTable, AppError> {
    let footprint = home_footprint(&state, &who).await?;
    who.require(Need::ReadReturn(footprint.id, ReturnOf::Footprint))?;
    let words = queue_table(&queue(&state.pool, &footprint).await?);
    Ok(CsvTable { file_stem: format!("{}-returns-waiting", footprint.summary.code), headings: words.headings, rows: words.rows })
}

/// Submitted returns with how many of their figures are flagged against the last approved.
async fn queue(pool: &SqlitePool, footprint: &footprints::Footprint) -> Result<Vec<QueueRow>, AppError> {
    let threshold = footprints::large_change_percent(pool, footprint.id).await?;
    let mut out = Vec::new();
    for r in returns::awaiting_decision(pool, footprint.id).await? {
        let period = periods::by_id(pool, r.period_id).await?.ok_or(AppError::NotFound)?;
        let (org, subject) = match r.organisation_id {
            Some(id) => {
                let o = organisations::by_id(pool, id).await?.ok_or(AppError::NotFound)?;
                let s = Subject::of_organisation(&o.summary);
                (Some(o), s)
            }
            None => (None, Subject::of_footprint(&footprint.summary)),
        };
        let template = return_template::for_subject(pool, org.as_ref(), period.code).await?;
        let before = crate::db::return_figures::approved(pool, &template, footprint.id, r.organisation_id).await?;
        let mut conn = pool.acquire().await?;
        let mut after = ReturnFigures::default();
        for s in returns::sections(&mut conn, r.id).await? {
            after.insert(s.figures);
        }
        let flagged = compare(&template, &before, &after, threshold).iter().filter(|c| c.flag.is_some()).count();
        out.push(QueueRow {
            name: subject.name().to_string(),
            period: period.code,
            href: return_path(period.code, &subject),
            revision: r.revision,
            submitted: r
                .submitted_by
                .as_ref()
                .zip(r.submitted_at.as_ref())
                .map(|(b, a)| format!("{b}, {}", long_date_time(a)))
                .unwrap_or_default(),
            flagged,
        });
    }
    Ok(out)
}
