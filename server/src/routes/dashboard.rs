//! `/`: the signed-in person's tasks, then the footprint dashboard.

use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use sqlx::SqlitePool;

use super::home_footprint;
use super::periods::{selection, PeriodQuery};
use crate::auth::SignedIn;
use crate::db::footprints::Footprint;
use crate::db::trajectories::{self, Capabilities};
use crate::db::{aim_status, aims, dma, dma_trend, organisations, periods, rag_rules, returns};
use crate::web::error::AppError;
use crate::web::AppState;
use ldr_app::access::{Need, Principal};
use ldr_app::analysis::computed_rag::{quarter_at, quarter_index};
use ldr_app::analysis::exceptions::{largest_falls, red_trajectories, ReturnException};
use ldr_app::analysis::system_trajectory::Method;
use ldr_app::analysis::trajectory_by_capability::judge_capability;
use ldr_app::domain::deadline::is_chased;
use ldr_app::domain::{FootprintId, OrgId, PeriodCode};
use ldr_app::facts::{DmaMatrix, OrgSummary};
use ldr_app::returns::Subject;
use ldr_app::views::dashboard::{dashboard_page, DashboardData};
use ldr_app::views::tasks::{is_overdue, ChaseCounts, OwnReturn, PmoQuarter, Tasks, Waiting};
use ldr_app::views::Nav;

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(dashboard))
}

async fn dashboard(State(state): State<AppState>, who: SignedIn, Query(query): Query<PeriodQuery>) -> Result<Html<String>, AppError> {
    let footprint = home_footprint(&state, &who).await?;
    let (period, periods) = selection(&state, footprint.id, &query).await?;
    let capabilities = aims::capabilities_with_progress(&state.pool, footprint.id, period).await?;
    let (mut dma, mut statuses, mut falls, mut red, mut dma_trends) = (None, Vec::new(), Vec::new(), Vec::new(), Vec::new());
    if let Some(p) = period {
        let rules = rag_rules::for_footprint(&state.pool, footprint.id).await?;
        statuses = aim_status::for_capabilities(&state.pool, footprint.id, p, &rules, &capabilities).await?;
        let orgs: Vec<OrgSummary> = organisations::in_footprint(&state.pool, footprint.id).await?.into_iter().map(|o| o.summary).collect();
        let now = dma::facts(&state.pool, footprint.id, p, &orgs).await?;
        let before = match periods::by_code(&state.pool, &quarter_at(quarter_index(p.code) - 1)).await? {
            Some(previous) => dma::scores_as_at(&state.pool, footprint.id, previous, &orgs).await?,
            None => Vec::new(),
        };
        falls = largest_falls(&statuses, now.as_ref(), &before);
        if let Some(t) = trajectories::facts(&state.pool, &footprint, p, Capabilities::All).await? {
            let judged: Vec<_> = t.capabilities.iter().map(|c| judge_capability(c, Method::Mean, &t.rules, t.scale, p.code)).collect();
            red = red_trajectories(&judged);
        }
        dma = now.as_ref().and_then(DmaMatrix::assemble);
        dma_trends = dma_trend::theme_trends(&state.pool, footprint.id, p.code).await?;
    }
    let open = open_quarter(&state.pool, &footprint).await?;
    let chase = open.as_ref().map(chase);
    let tasks = tasks(&state.pool, &who, &footprint, open).await?;
    let meta = who.meta_in(&footprint, "Dashboard", Some(Nav::Dashboard), vec![]);
    let data = DashboardData {
        footprint: footprint.summary,
        period: period.map(|p| p.code),
        capabilities,
        dma,
        periods,
        tasks,
        statuses,
        falls,
        red_trajectories: red,
        dma_trends,
        chase,
    };
    Ok(Html(dashboard_page(meta, data)))
}

/// The open quarter's returns, as the chase list has them (`returns::owed_in_period`): the
/// footprint's own first, then each organisation's, each with where it stands today.
struct OpenQuarter {
    period: PeriodCode,
    deadline: chrono::NaiveDate,
    lines: Vec<(Option<OrgId>, OwnReturn)>,
}

async fn open_quarter(pool: &SqlitePool, footprint: &Footprint) -> Result<Option<OpenQuarter>, AppError> {
    let Some(window) = periods::open_window(pool, footprint.id).await? else { return Ok(None) };
    let today = chrono::Local::now().date_naive();
    let lines = returns::owed_in_period(pool, footprint.id, window.period.id)
        .await?
        .into_iter()
        .map(|line| {
            let state = line.state();
            let overdue = is_overdue(window.deadline, today, state);
            let subject = line.subject(&footprint.summary);
            let own = OwnReturn { subject, period: window.period.code, deadline: window.deadline, state, overdue };
            (line.organisation.map(|o| o.id), own)
        })
        .collect();
    Ok(Some(OpenQuarter { period: window.period.code, deadline: window.deadline, lines }))
}

/// The open quarter's returns that are overdue or were sent back, in the chase list's order.
fn chase(open: &OpenQuarter) -> (PeriodCode, Vec<ReturnException>) {
    let exceptions = open
        .lines
        .iter()
        .filter(|(_, r)| is_chased(r.overdue, r.state))
        .map(|(_, r)| ReturnException {
            code: r.subject.code().to_string(),
            subject: r.subject.name().to_string(),
            state: r.state,
            overdue: r.overdue,
        })
        .collect();
    (open.period, exceptions)
}

/// What this person must do, from the same queries as the chase list and the decision queue.
async fn tasks(pool: &SqlitePool, who: &SignedIn, footprint: &Footprint, open: Option<OpenQuarter>) -> Result<Tasks, AppError> {
    let p = &who.user.principal;
    Ok(match Duty::of(p, footprint.id) {
        Duty::None => Tasks::Nothing,
        Duty::Decide => {
            let all = periods::all(pool).await?;
            let organisations = organisations::in_footprint(pool, footprint.id).await?;
            let waiting = returns::awaiting_decision(pool, footprint.id)
                .await?
                .into_iter()
                .filter_map(|r| {
                    let period = all.iter().find(|x| x.id == r.period_id)?.code;
                    let subject = match r.organisation_id {
                        None => Subject::of_footprint(&footprint.summary),
                        Some(id) => Subject::of_organisation(&organisations.iter().find(|o| o.id == id)?.summary),
                    };
                    Some(Waiting { subject, period })
                })
                .collect();
            Tasks::Steering { waiting }
        }
        duty @ (Duty::Enter(_) | Duty::Chase) => {
            let mine = match duty {
                Duty::Enter(org) => Some(org),
                _ => None,
            };
            let Some(open) = open else {
                return Ok(if mine.is_some() { Tasks::Cio { open: None } } else { Tasks::Pmo { open: None } });
            };
            let Some(own) = open.lines.iter().find(|(org, _)| *org == mine).map(|(_, own)| own.clone()) else {
                return Ok(Tasks::Nothing);
            };
            if mine.is_some() {
                Tasks::Cio { open: Some(own) }
            } else {
                let counts = ChaseCounts::count(open.lines.iter().map(|(_, r)| (r.state, r.overdue)));
                Tasks::Pmo { open: Some(PmoQuarter { period: open.period, deadline: open.deadline, counts, footprint: own }) }
            }
        }
    })
}

/// Which task list a person has, from what the policy lets them do in the footprint.
enum Duty {
    /// Approve returns: the decision queue (Steering Group).
    Decide,
    /// Run the quarter: the chase counts and the footprint's own return (PMO).
    Chase,
    /// Enter one organisation's return (its CIO).
    Enter(OrgId),
    /// Read only (reviewers).
    None,
}

impl Duty {
    fn of(p: &Principal, footprint: FootprintId) -> Duty {
        if p.may(Need::Approve(footprint)) {
            Duty::Decide
        } else if p.may(Need::RunProgramme(footprint)) {
            Duty::Chase
        } else if let Some(org) = p.organisation.filter(|o| p.may(Need::EditOrganisation(footprint, *o))) {
            Duty::Enter(org)
        } else {
            Duty::None
        }
    }
}
