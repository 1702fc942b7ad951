//! "Your tasks": what a signed-in person must do, shown first on `/` (a CIO their return, the
//! Steering Group the returns waiting for a decision, the PMO the chase list in numbers).

use chrono::NaiveDate;
use leptos::prelude::*;

use super::returns::return_path;
use crate::domain::PeriodCode;
use crate::returns::{ReturnState, Subject};

/// One return a person is responsible for, in the quarter open for returns.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnReturn {
    pub subject: Subject,
    pub period: PeriodCode,
    pub deadline: NaiveDate,
    /// None: not started.
    pub state: Option<ReturnState>,
    pub overdue: bool,
}

/// A submitted return waiting for the Steering Group's decision.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiting {
    pub subject: Subject,
    pub period: PeriodCode,
}

/// The chase list in numbers: every return of the open quarter, the footprint's own included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChaseCounts {
    pub not_started: usize,
    /// Drafts and returns sent back for changes.
    pub in_progress: usize,
    pub submitted: usize,
    pub approved: usize,
    pub overdue: usize,
}

impl ChaseCounts {
    /// Count each return's state and whether it is overdue.
    pub fn count(returns: impl IntoIterator<Item = (Option<ReturnState>, bool)>) -> Self {
        let mut c = ChaseCounts::default();
        for (state, overdue) in returns {
            match state {
                None => c.not_started += 1,
                Some(ReturnState::Draft | ReturnState::Returned) => c.in_progress += 1,
                Some(ReturnState::Submitted) => c.submitted += 1,
                Some(ReturnState::Approved) => c.approved += 1,
            }
            c.overdue += usize::from(overdue);
        }
        c
    }
}

/// The PMO's view of the open quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct PmoQuarter {
    pub period: PeriodCode,
    pub deadline: NaiveDate,
    pub counts: ChaseCounts,
    /// The footprint's own return (Table 5), which the PMO enters.
    pub footprint: OwnReturn,
}

/// What a person must do, by role. `open` is None when no quarter is open for returns.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Tasks {
    /// Reviewers read; they have nothing to do.
    #[default]
    Nothing,
    Cio {
        open: Option<OwnReturn>,
    },
    Steering {
        waiting: Vec<Waiting>,
    },
    Pmo {
        open: Option<PmoQuarter>,
    },
}

/// The overdue rule, kept with the deadlines (the chase list uses the same).
pub use crate::domain::deadline::is_overdue;

/// "31 October 2016", the NHS style for dates.
fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// The panel, or nothing for a person with no tasks.
pub fn tasks_panel(tasks: Tasks) -> impl IntoView {
    let content = match tasks {
        Tasks::Nothing => return None,
        Tasks::Cio { open: Some(r) } => own_return(r, "Your return").into_any(),
        Tasks::Cio { open: None } | Tasks::Pmo { open: None } => no_quarter().into_any(),
        Tasks::Steering { waiting } => waiting_list(waiting).into_any(),
        Tasks::Pmo { open: Some(q) } => pmo(q).into_any(),
    };
    Some(view! {
        <section class="nhsuk-card nhsuk-card--feature ldr-tasks" aria-labelledby="your-tasks">
            <div class="nhsuk-card__content nhsuk-card__content--feature">
                <h2 class="nhsuk-card__heading nhsuk-card__heading--feature" id="your-tasks">"Your tasks"</h2>
                {content}
            </div>
        </section>
    })
}

fn no_quarter() -> impl IntoView {
    view! { <p class="nhsuk-body">"No quarter is open for returns."</p> }
}

fn state_tags(state: Option<ReturnState>, overdue: bool) -> impl IntoView {
    let state = match state {
        Some(s) => view! { <strong class=s.tag_class()>{s.label()}</strong> }.into_any(),
        None => view! { <strong class="nhsuk-tag nhsuk-tag--grey">"Not started"</strong> }.into_any(),
    };
    let overdue = overdue.then(|| view! { " " <strong class="nhsuk-tag nhsuk-tag--red">"Overdue"</strong> });
    view! { {state}{overdue} }
}

/// A return's subject, quarter, state and deadline, and the link to act on it.
fn own_return(r: OwnReturn, heading: &'static str) -> impl IntoView {
    let href = return_path(r.period, &r.subject);
    let action = match r.state {
        None => "Start your return",
        Some(s) if s.is_editable() => "Continue your return",
        Some(_) => "View your return",
    };
    let what = format!("{}, {}", r.subject.name(), r.period.label());
    view! {
        <dl class="nhsuk-summary-list">
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">{heading}</dt>
                <dd class="nhsuk-summary-list__value">{what.clone()}</dd>
            </div>
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"State"</dt>
                <dd class="nhsuk-summary-list__value">{state_tags(r.state, r.overdue)}</dd>
            </div>
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Due by"</dt>
                <dd class="nhsuk-summary-list__value">{long_date(r.deadline)}</dd>
            </div>
        </dl>
        <p class="nhsuk-body">
            <a href=href>{action}<span class="nhsuk-u-visually-hidden">{format!(": {what}")}</span></a>
        </p>
    }
}

fn waiting_list(waiting: Vec<Waiting>) -> impl IntoView {
    let intro = match waiting.len() {
        0 => "No returns are waiting for a decision.".to_string(),
        1 => "1 return is waiting for a decision:".to_string(),
        n => format!("{n} returns are waiting for a decision:"),
    };
    let items = waiting
        .into_iter()
        .map(|w| {
            let href = return_path(w.period, &w.subject);
            view! { <li><a href=href>{format!("{}, {}", w.subject.name(), w.period.label())}</a></li> }
        })
        .collect_view();
    view! {
        <p class="nhsuk-body">{intro}</p>
        <ul class="nhsuk-list nhsuk-list--bullet">{items}</ul>
        <p class="nhsuk-body"><a href="/returns">"All returns and the decision queue"</a></p>
    }
}

fn pmo(q: PmoQuarter) -> impl IntoView {
    let c = q.counts;
    let rows = [
        ("Not started", c.not_started),
        ("In progress", c.in_progress),
        ("Submitted", c.submitted),
        ("Approved", c.approved),
        ("Overdue", c.overdue),
    ]
    .into_iter()
    .map(|(label, n)| {
        view! {
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">{label}</dt>
                <dd class="nhsuk-summary-list__value">{n.to_string()}</dd>
            </div>
        }
    })
    .collect_view();
    let intro = format!("{} is open for returns, due by {}.", q.period.label(), long_date(q.deadline));
    view! {
        <p class="nhsuk-body">{intro}</p>
        <dl class="nhsuk-summary-list">{rows}</dl>
        <p class="nhsuk-body"><a href="/returns">{format!("Chase list for {}", q.period.label())}</a></p>
        {own_return(q.footprint, "The footprint's return")}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(v: impl IntoView + 'static) -> String {
        Owner::new().with(|| v.to_html())
    }

    fn q2() -> PeriodCode {
        "2016-17-q2".parse().unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn ghft(state: Option<ReturnState>, overdue: bool) -> OwnReturn {
        OwnReturn {
            subject: Subject::Organisation { code: "RTE".into(), name: "Gloucestershire Hospitals".into() },
            period: q2(),
            deadline: day(2016, 10, 31),
            state,
            overdue,
        }
    }

    #[test]
    fn the_chase_counts_put_drafts_and_returned_returns_in_progress() {
        use ReturnState::*;
        let c = ChaseCounts::count([
            (None, true),
            (Some(Draft), true),
            (Some(Returned), false),
            (Some(Submitted), false),
            (Some(Approved), false),
        ]);
        assert_eq!(c, ChaseCounts { not_started: 1, in_progress: 2, submitted: 1, approved: 1, overdue: 2 });
    }

    #[test]
    fn a_cio_sees_their_return_its_state_its_deadline_and_what_to_do() {
        let out = html(tasks_panel(Tasks::Cio { open: Some(ghft(None, true)) }));
        for text in
            ["Your tasks", "Gloucestershire Hospitals, 2016/17 Q2", ">Not started<", ">Overdue<", "31 October 2016", "Start your return"]
        {
            assert!(out.contains(text), "lacks {text}: {out}");
        }
        assert!(out.contains("href=\"/returns/2016-17-q2/RTE\""));
        let out = html(tasks_panel(Tasks::Cio { open: Some(ghft(Some(ReturnState::Submitted), false)) }));
        assert!(out.contains("View your return") && !out.contains("Overdue"));
    }

    #[test]
    fn a_reviewer_has_no_panel() {
        assert!(!html(tasks_panel(Tasks::Nothing)).contains("Your tasks"));
    }

    #[test]
    fn the_steering_group_sees_each_return_waiting_with_a_link() {
        let w = Waiting { subject: Subject::Footprint { code: "GLOS".into(), name: "Gloucestershire footprint".into() }, period: q2() };
        let out = html(tasks_panel(Tasks::Steering { waiting: vec![w.clone(), w] }));
        assert!(out.contains("2 returns are waiting for a decision"));
        assert_eq!(out.matches("href=\"/returns/2016-17-q2/GLOS\"").count(), 2);
        assert!(html(tasks_panel(Tasks::Steering { waiting: vec![] })).contains("No returns are waiting"));
    }
}
