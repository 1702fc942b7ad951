//! `/returns`: the open quarter's returns (the PMO's chase list, with what is overdue) and
//! the queue of submitted returns waiting for a decision.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::domain::PeriodCode;
use crate::returns::ReturnState;
use crate::views::gap_tables::WordedTable;
use crate::views::layout::in_footprint;
use crate::views::widgets::{data_table, page_csv_link};
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

pub const CHASE_HEADINGS: [&str; 4] = ["Organisation", "State", "Revision", "Last changed by"];

/// The state's tag word, then "Overdue" when it is.
fn state_words(r: &ChaseRow) -> String {
    let state = r.state.map_or("Not started", ReturnState::label);
    if r.overdue {
        format!("{state} Overdue")
    } else {
        state.to_string()
    }
}

fn chase_cells(r: &ChaseRow) -> [String; 4] {
    [
        r.name.clone(),
        state_words(r),
        r.revision.map(|n| n.to_string()).unwrap_or_default(),
        r.last_touched.clone().unwrap_or_else(|| "Nobody yet".into()),
    ]
}

/// The chase list's table in words: its CSV download.
pub fn chase_table(rows: &[ChaseRow]) -> WordedTable {
    WordedTable { headings: CHASE_HEADINGS.map(String::from).to_vec(), rows: rows.iter().map(|r| chase_cells(r).to_vec()).collect() }
}

pub const QUEUE_HEADINGS: [&str; 5] = ["Organisation", "Quarter", "Revision", "Submitted", "Flagged figures"];

fn queue_cells(q: &QueueRow) -> [String; 5] {
    let flagged = if q.flagged == 0 { "None".to_string() } else { q.flagged.to_string() };
    [q.name.clone(), q.period.label(), q.revision.to_string(), q.submitted.clone(), flagged]
}

/// The returns waiting for a decision, in words: the queue's CSV download.
pub fn queue_table(queue: &[QueueRow]) -> WordedTable {
    WordedTable { headings: QUEUE_HEADINGS.map(String::from).to_vec(), rows: queue.iter().map(|q| queue_cells(q).to_vec()).collect() }
}

pub fn chase_list_page(meta: PageMeta, page: ChaseList) -> String {
    let chase_csv = in_footprint(
        &format!("/returns/chase.csv?period={}", page.period.map(|p| p.0.to_string()).unwrap_or_default()),
        meta.footprint.as_deref(),
    );
    let queue_csv = in_footprint("/returns/queue.csv", meta.footprint.as_deref());
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
            let [name, _, revision, last_touched] = chase_cells(r);
            view! {
                <tr class="nhsuk-table__row">
                    <td class="nhsuk-table__cell"><a href=r.href.clone()>{name}</a></td>
                    <td class="nhsuk-table__cell">{state}{overdue}</td>
                    <td class="nhsuk-table__cell">{revision}</td>
                    <td class="nhsuk-table__cell">{last_touched}</td>
                </tr>
            }
        })
        .collect_view();
    let table = page.period.map(|(p, _, _)| {
        view! {
            {data_table(format!("Returns for {}", p.label()), &CHASE_HEADINGS, rows)}
            {page_csv_link(chase_csv)}
        }
    });
    let queue = if page.queue.is_empty() {
        view! { <p class="nhsuk-body">"No returns are waiting for a decision."</p> }.into_any()
    } else {
        let rows = page
            .queue
            .iter()
            .map(|q| {
                let [name, period, revision, submitted, flagged] = queue_cells(q);
                view! {
                    <tr class="nhsuk-table__row">
                        <td class="nhsuk-table__cell"><a href=q.href.clone()>{name}</a></td>
                        <td class="nhsuk-table__cell">{period}</td>
                        <td class="nhsuk-table__cell">{revision}</td>
                        <td class="nhsuk-table__cell">{submitted}</td>
                        <td class="nhsuk-table__cell">{flagged}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            {data_table("Submitted returns", &QUEUE_HEADINGS, rows)}
            {page_csv_link(queue_csv)}
        }
        .into_any()
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
