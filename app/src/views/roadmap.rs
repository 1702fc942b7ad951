//! `/roadmap`: the roadmap's registers: gaps against strategic goals, priority initiatives
//! with the four criteria, infrastructure workstreams and rate-limiting factors.

use leptos::prelude::*;

use super::layout::{render_page, Crumb, Nav, PageMeta};
use super::widgets::data_table;
use crate::facts::{FootprintSummary, GapArea, Initiative, Registers, Risk, Workstream};

pub fn roadmap_page(meta: PageMeta, footprint: FootprintSummary, registers: Registers) -> String {
    let meta = PageMeta {
        title: "Gaps, initiatives and risks".into(),
        nav: Some(Nav::Roadmap),
        breadcrumbs: vec![Crumb::new("Home", "/")],
        ..meta
    };
    let intro = format!("What stands between {} and its digital goals, as its Local Digital Roadmap records it.", footprint.name);
    let body = view! {
        <h1>"Gaps, initiatives and risks"</h1>
        <p class="nhsuk-lede-text">{intro}</p>
        {gaps(registers.gaps)}
        {initiatives(registers.initiatives)}
        {workstreams(registers.workstreams)}
        {risks(registers.risks)}
    };
    render_page(meta, body)
}

fn nothing_recorded() -> impl IntoView {
    view! { <p>"Nothing recorded."</p> }
}

fn gaps(areas: Vec<GapArea>) -> impl IntoView {
    let list = (!areas.is_empty()).then(|| {
        areas
            .into_iter()
            .map(|area| {
                let items = area.gaps.into_iter().map(|g| view! { <li>{g}</li> }).collect_view();
                view! {
                    <h3>{area.name}</h3>
                    <ul class="nhsuk-list nhsuk-list--bullet">{items}</ul>
                }
            })
            .collect_view()
    });
    let empty = list.is_none().then(nothing_recorded);
    view! {
        <h2>"Gaps against strategic goals"</h2>
        {list}
        {empty}
    }
}

fn yes_no(v: bool) -> &'static str {
    if v {
        "Yes"
    } else {
        "No"
    }
}

fn enabler(v: &str) -> &'static str {
    match v {
        "single" => "In one organisation",
        "multiple" => "Across organisations",
        _ => "No",
    }
}

fn initiatives(rows: Vec<Initiative>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <h2>"Priority initiatives"</h2> {nothing_recorded()} }.into_any();
    }
    let body = rows
        .into_iter()
        .map(|i| {
            view! {
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="row">
                        {i.title}
                        <p class="nhsuk-body-s nhsuk-u-margin-bottom-0 ldr-normal-weight">{i.description}</p>
                    </th>
                    <td class="nhsuk-table__cell">{yes_no(i.universal_capability)}</td>
                    <td class="nhsuk-table__cell">{yes_no(i.stp_objective)}</td>
                    <td class="nhsuk-table__cell">{yes_no(i.whole_system)}</td>
                    <td class="nhsuk-table__cell">{enabler(&i.pfpoc_enabler)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>"Priority initiatives"</h2>
        <p>"Initiatives are prioritised by four criteria: needed for a Universal Capability, relied on by an STP objective, helping whole-system working, and an essential enabler of paper-free at the point of care (PF@PoC) in one organisation or across several. “No” means the roadmap does not show the criterion to apply."</p>
        {data_table("Priority initiatives against the four criteria", &["Initiative", "Universal Capability", "STP objective", "Whole-system working", "PF@PoC enabler"], body)}
    }
    .into_any()
}

fn or_not_recorded(text: String) -> String {
    if text.trim().is_empty() {
        "Not recorded".to_string()
    } else {
        text
    }
}

fn workstreams(rows: Vec<Workstream>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <h2>"Infrastructure workstreams"</h2> {nothing_recorded()} }.into_any();
    }
    let body = rows
        .into_iter()
        .map(|w| {
            view! {
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="row">{w.name}</th>
                    <td class="nhsuk-table__cell">{or_not_recorded(w.baseline)}</td>
                    <td class="nhsuk-table__cell">{or_not_recorded(w.gap_2020)}</td>
                    <td class="nhsuk-table__cell">{or_not_recorded(w.indicative_cost)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>"Infrastructure workstreams"</h2>
        {data_table("Infrastructure workstreams: baseline and gap to 2020", &["Workstream", "Baseline", "Gap to 2020", "Indicative cost"], body)}
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
    fn every_register_is_shown_with_its_criteria_in_words() {
        let footprint = FootprintSummary { code: "GLOS".into(), name: "Gloucestershire".into() };
        let html = roadmap_page(PageMeta::default(), footprint, registers());
        assert_eq!(html.matches("<h1").count(), 1);
        assert!(html.contains("WAN does not reach every partner"));
        assert!(html.contains(">Yes<") && html.contains(">No<") && html.contains("Across organisations"));
        assert!(html.contains("Not recorded") && html.contains("£1.2m"));
        assert!(html.contains("Capital is limited."));
    }

    #[test]
    fn empty_registers_say_so() {
        let footprint = FootprintSummary { code: "X".into(), name: "X".into() };
        let html = roadmap_page(PageMeta::default(), footprint, Registers::default());
        assert_eq!(html.matches("Nothing recorded.").count(), 4);
    }
}
