//! A section's figures as tables, for people who read a return rather than edit it.

use leptos::prelude::*;

use crate::domain::values::format_number;
use crate::domain::{long_date, FinancialYear, Rag};
use crate::returns::figures::{DmaEntry, SectionFigures};
use crate::returns::template::ReturnTemplate;
use crate::views::widgets::{data_table, rag_tag};

fn cell(text: String) -> impl IntoView {
    view! { <td class="nhsuk-table__cell">{text}</td> }
}

fn num(v: Option<f64>, unit: &str) -> String {
    v.map(|v| format!("{}{unit}", format_number(v))).unwrap_or_else(|| "Not entered".into())
}

pub fn section_summary(t: &ReturnTemplate, figures: &SectionFigures) -> AnyView {
    match figures {
        SectionFigures::Dma(f) => {
            let rows = t
                .framework
                .iter()
                .flat_map(|fw| fw.themes.iter())
                .map(|th| {
                    let value = match f.scores.get(&th.code) {
                        Some(DmaEntry::Score(v)) => format_number(*v),
                        Some(DmaEntry::NotAssessed) => "Not assessed".into(),
                        None => "Not entered".into(),
                    };
                    view! { <tr class="nhsuk-table__row">{cell(th.name.clone())}{cell(value)}</tr> }
                })
                .collect_view();
            data_table("Digital maturity scores", &["Theme", "Score"], rows).into_any()
        }
        SectionFigures::Trajectory(f) => {
            let years = t.plan_years();
            let rows = t
                .trajectory_themes()
                .into_iter()
                .flat_map(|th| {
                    years.iter().map(move |y| {
                        let v = f.planned.get(&th.code).and_then(|p| p.get(&y.0)).copied();
                        view! { <tr class="nhsuk-table__row">{cell(th.name.clone())}{cell(y.label())}{cell(num(v, ""))}</tr> }
                    })
                })
                .collect_view();
            data_table("Planned scores", &["Capability", "Year", "Planned score"], rows).into_any()
        }
        SectionFigures::Aims(f) | SectionFigures::FootprintAims(f) => {
            let rows = t
                .aims
                .iter()
                .map(|a| {
                    let e = f.aims.get(&a.code).cloned().unwrap_or_default();
                    let rag = e.rag.as_deref().and_then(|r| Rag::ALL.into_iter().find(|x| x.code() == r));
                    let goals = e
                        .goals
                        .iter()
                        .map(|(y, g)| format!("{}: {} %", FinancialYear(*y).label(), format_number(*g)))
                        .collect::<Vec<_>>()
                        .join("; ");
                    view! {
                        <tr class="nhsuk-table__row">
                            {cell(format!("{}: {}", a.code, a.text))}
                            {cell(if e.no_data { "No data".to_string() } else { num(e.completeness, " %") })}
                            <td class="nhsuk-table__cell">{rag_tag(rag)}</td>
                            {cell(if goals.is_empty() { e.narrative.clone() } else { format!("{} Goals: {goals}", e.narrative) })}
                        </tr>
                    }
                })
                .collect_view();
            data_table("Progress on the aims", &["Aim", "Completeness", "RAG", "Narrative"], rows).into_any()
        }
        SectionFigures::Deployments(f) => {
            let rows = f
                .items
                .iter()
                .map(|d| {
                    let delivered = d.delivered_on.map(long_date).unwrap_or_else(|| "Not yet".into());
                    let status = if d.removed { "Removed".to_string() } else { d.status.label().to_string() };
                    view! {
                        <tr class="nhsuk-table__row">
                            {cell(d.title.clone())}
                            {cell(FinancialYear(d.target_year).label())}
                            {cell(status)}
                            {cell(delivered)}
                        </tr>
                    }
                })
                .collect_view();
            data_table("Capability deployments", &["Deployment", "Due", "Status", "Delivered"], rows).into_any()
        }
        SectionFigures::Measures(f) => {
            let rows = t
                .measures
                .iter()
                .map(|m| {
                    let unit = if m.unit == "percent" { " %" } else { "" };
                    view! { <tr class="nhsuk-table__row">{cell(m.label())}{cell(num(f.value(&m.code, &m.qualifier), unit))}</tr> }
                })
                .collect_view();
            data_table("Other measures", &["Measure", "Figure"], rows).into_any()
        }
        SectionFigures::Commentary(c) => {
            let text = if c.text.is_empty() { "No commentary.".to_string() } else { c.text.clone() };
            view! { <p class="nhsuk-body ldr-prewrap">{text}</p> }.into_any()
        }
    }
}
