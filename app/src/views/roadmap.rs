//! `/roadmap`: the roadmap's infrastructure workstreams and rate-limiting factors. Its gaps
//! against strategic goals and its priority initiatives are the gap register of `/gaps`
//! (edited there by the PMO), which this page links to instead of repeating.

use leptos::prelude::*;

use super::gap_tables::WordedTable;
use super::layout::{in_footprint, render_page, Crumb, Nav, PageMeta};
use super::widgets::{data_table, page_csv_link, worded_rows};
use crate::facts::{FootprintSummary, Registers, Risk, Workstream};

pub fn roadmap_page(meta: PageMeta, footprint: FootprintSummary, registers: Registers) -> String {
    let meta = PageMeta {
        title: "Gaps, initiatives and risks".into(),
        nav: Some(Nav::Roadmap),
        breadcrumbs: vec![Crumb::new("Home", "/")],
        ..meta
    };
    let intro = format!("What stands between {} and its digital goals, as its Local Digital Roadmap records it.", footprint.name);
    let register = in_footprint("/gaps#register", meta.footprint.as_deref());
    let body = view! {
        <h1>"Gaps, initiatives and risks"</h1>
        <p class="nhsuk-lede-text">{intro}</p>
        <h2>"Gaps and priority initiatives"</h2>
        <p>"The roadmap's gaps against its strategic goals and its initiatives, scored against the four priority criteria, are "<a href=register>"the gap register on the gap analysis page"</a>"."</p>
        {workstreams(registers.workstreams, in_footprint("/roadmap/workstreams.csv", meta.footprint.as_deref()))}
        {risks(registers.risks)}
    };
    render_page(meta, body)
}

fn nothing_recorded() -> impl IntoView {
    view! { <p>"Nothing recorded."</p> }
}

fn or_not_recorded(text: String) -> String {
    if text.trim().is_empty() {
        "Not recorded".to_string()
    } else {
        text
    }
}

pub const WORKSTREAM_HEADINGS: [&str; 4] = ["Workstream", "Baseline", "Gap to 2020", "Indicative cost"];

/// The workstreams table in words: the page's rows and its CSV download.
pub fn workstreams_table(rows: &[Workstream]) -> WordedTable {
    let rows = rows
        .iter()
        .map(|w| {
            vec![
                w.name.clone(),
                or_not_recorded(w.baseline.clone()),
                or_not_recorded(w.gap_2020.clone()),
                or_not_recorded(w.indicative_cost.clone()),
            ]
        })
        .collect();
    WordedTable { headings: WORKSTREAM_HEADINGS.map(String::from).to_vec(), rows }
}

fn workstreams(rows: Vec<Workstream>, csv_href: String) -> impl IntoView {
    if rows.is_empty() {
        return view! { <h2>"Infrastructure workstreams"</h2> {nothing_recorded()} }.into_any();
    }
    let table = workstreams_table(&rows);
    view! {
        <h2>"Infrastructure workstreams"</h2>
        {data_table("Infrastructure workstreams: baseline and gap to 2020", &table.headings, worded_rows(table.rows))}
        {page_csv_link(csv_href)}
    }
    .into_any()
}

fn risks(rows: Vec<Risk>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <h2>"Rate-limiting factors"</h2> {nothing_recorded()} }.into_any();
    }
    let items = rows
        .into_iter()
        .map(|r| {
            view! {
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">{r.title}</dt>
                    <dd class="nhsuk-summary-list__value">{r.description}</dd>
                </div>
            }
        })
        .collect_view();
    view! {
        <h2>"Rate-limiting factors"</h2>
        <dl class="nhsuk-summary-list">{items}</dl>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{GapArea, Initiative};

    fn registers() -> Registers {
        Registers {
            gaps: vec![GapArea { name: "Infrastructure".into(), gaps: vec!["WAN does not reach every partner".into()] }],
            initiatives: vec![Initiative {
                title: "Universal Capabilities".into(),
                description: "Take-up of SCR, EPS, e-referrals".into(),
                universal_capability: true,
                stp_objective: false,
                whole_system: true,
                pfpoc_enabler: "multiple".into(),
            }],
            workstreams: vec![Workstream {
                name: "WAN".into(),
                baseline: String::new(),
                gap_2020: String::new(),
                indicative_cost: "£1.2m".into(),
            }],
            risks: vec![Risk { title: "Funding".into(), description: "Capital is limited.".into() }],
        }
    }

    #[test]
    fn the_workstreams_and_risks_are_shown_and_the_gap_register_linked() {
        let footprint = FootprintSummary { code: "GLOS".into(), name: "Gloucestershire".into() };
        let html = roadmap_page(PageMeta::default(), footprint, registers());
        assert_eq!(html.matches("<h1").count(), 1);
        assert!(!html.contains("WAN does not reach every partner"), "the register is on /gaps");
        assert!(html.contains("href=\"/gaps#register\""));
        assert!(html.contains("Not recorded") && html.contains("£1.2m"));
        assert!(html.contains("Capital is limited."));
    }

    #[test]
    fn empty_registers_say_so() {
        let footprint = FootprintSummary { code: "X".into(), name: "X".into() };
        let html = roadmap_page(PageMeta::default(), footprint, Registers::default());
        assert_eq!(html.matches("Nothing recorded.").count(), 2);
    }
}
