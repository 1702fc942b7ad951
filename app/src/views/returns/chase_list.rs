//! `/returns`: the open quarter's returns (the PMO's chase list, with what is overdue) and
//! the queue of submitted returns waiting for a decision.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::domain::PeriodCode;
use crate::returns::ReturnState;
use crate::views::widgets::data_table;
use crate::views::{render_page, PageMeta};

#[derive(Debug, Clone, PartialEq)]
pub struct ChaseRow {
    pub name: String,
    pub href: String,
    /// None: not started.
    pub state: Option<ReturnState>,
    pub revision: Option<i64>,
    pub last_touched: Option<String>,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QueueRow {
    pub name: String,
    pub period: PeriodCode,
    pub href: String,
    pub revision: i64,
    pub submitted: String,
    /// Figures flagged in the comparison (drops and large rises).
    pub flagged: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChaseList {
    /// The quarter shown, its deadline and whether it is still open.
    pub period: Option<(PeriodCode, NaiveDate, bool)>,
    pub rows: Vec<ChaseRow>,
    pub queue: Vec<QueueRow>,
    pub manages_periods: bool,
}

pub fn chase_list_page(meta: PageMeta, page: ChaseList) -> String {
    let intro = match page.period {
        Some((p, deadline, open)) => {
            let state = if open { "open for returns" } else { "closed" };
            format!("{} is {state}. Returns are due by {}.", p.label(), crate::domain::long_date(deadline))
        }
        None => "No quarter has been opened for returns yet.".to_string(),
    };
    let overdue = page.rows.iter().filter(|r| r.overdue).count();
    let summary = page.period.map(|_| format!("{overdue} of {} returns overdue.", page.rows.len()));
    let rows = page
        .rows
        .iter()
        .map(|r| {
            let state = match r.state {
                Some(s) => view! { <strong class=s.tag_class()>{s.label()}</strong> }.into_any(),
                None => view! { <strong class="nhsuk-tag nhsuk-tag--grey">"Not started"</strong> }.into_any(),
            };
            let overdue = r.overdue.then(|| view! { " " <strong class="nhsuk-tag nhsuk-tag--red">"Overdue"</strong> });
            view! {
                <tr class="nhsuk-table__row">
                    <td class="nhsuk-table__cell"><a href=r.href.clone()>{r.name.clone()}</a></td>
                    <td class="nhsuk-table__cell">{state}{overdue}</td>
                    <td class="nhsuk-table__cell">{r.revision.map(|n| n.to_string()).unwrap_or_default()}</td>
                    <td class="nhsuk-table__cell">{r.last_touched.clone().unwrap_or_else(|| "Nobody yet".into())}</td>
                </tr>
            }
        })
        .collect_view();
    let table = page
        .period
        .map(|(p, _, _)| data_table(format!("Returns for {}", p.label()), &["Organisation", "State", "Revision", "Last changed by"], rows));
    let queue = if page.queue.is_empty() {
        view! { <p class="nhsuk-body">"No returns are waiting for a decision."</p> }.into_any()
    } else {
        let rows = page
            .queue
            .iter()
            .map(|q| {
                let flagged = if q.flagged == 0 { "None".to_string() } else { q.flagged.to_string() };
                view! {
                    <tr class="nhsuk-table__row">
                        <td class="nhsuk-table__cell"><a href=q.href.clone()>{q.name.clone()}</a></td>
                        <td class="nhsuk-table__cell">{q.period.label()}</td>
                        <td class="nhsuk-table__cell">{q.revision.to_string()}</td>
                        <td class="nhsuk-table__cell">{q.submitted.clone()}</td>
                        <td class="nhsuk-table__cell">{flagged}</td>
                    </tr>
                }
            })
            .collect_view();
        data_table("Submitted returns", &["Organisation", "Quarter", "Revision", "Submitted", "Flagged figures"], rows).into_any()
    };
    let periods_link =
        page.manages_periods.then(|| view! { <p class="nhsuk-body"><a href="/periods">"Open or close a quarter for returns"</a></p> });
    let content = view! {
        <h1 class="nhsuk-heading-l">"Quarterly returns"</h1>
        <p class="nhsuk-body">{intro}" "{summary}</p>
        {periods_link}
        {table}
        <h2 class="nhsuk-heading-m">"Waiting for a decision"</h2>
        {queue}
    };
    render_page(meta, content)
}
