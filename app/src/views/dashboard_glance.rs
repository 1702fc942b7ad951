//! The dashboard's answer at a glance: the aims counted by computed and declared status, and
//! the exceptions (computed reds, red trajectories, differences, returns to chase, falls).

use leptos::prelude::*;

use super::aims_table::{capitalise, explanation_href};
use super::layout::in_footprint;
use crate::analysis::computed_rag::ComputedRag;
use crate::analysis::exceptions::{Fall, FallOf, RedTrajectory, ReturnException};
use crate::analysis::RagCounts;
use crate::domain::values::format_number;
use crate::domain::{PeriodCode, Rag};
use crate::facts::AimStatus;

/// The aims counted by status: computed beside declared, in words and figures.
pub fn rag_summary(declared: RagCounts, statuses: &[AimStatus], footprint: Option<&str>, period: PeriodCode) -> impl IntoView {
    let computed = |c: ComputedRag| statuses.iter().filter(|s| s.computed.status == c).count();
    let aims = |n: usize| if n == 1 { "1 aim".to_string() } else { format!("{n} aims") };
    let rows = [
        (Some(Rag::Green), computed(ComputedRag::Green), declared.green),
        (Some(Rag::Amber), computed(ComputedRag::Amber), declared.amber),
        (Some(Rag::Red), computed(ComputedRag::Red), declared.red),
        (None, computed(ComputedRag::NoData), declared.not_rated),
    ]
    .into_iter()
    .map(|(rag, computed, declared)| {
        let label = rag.map_or("No data or not rated", Rag::label);
        view! {
            <tr class="nhsuk-table__row">
                <th class="nhsuk-table__header" scope="row">{rag_tag_words(rag, label)}</th>
                <td class="nhsuk-table__cell">{aims(computed)}</td>
                <td class="nhsuk-table__cell">{aims(declared)}</td>
            </tr>
        }
    })
    .collect_view();
    let differ = statuses.iter().filter(|s| s.difference().is_some()).count();
    view! {
        <h2>{format!("Status of the {} aims", declared.total())}</h2>
        <table class="nhsuk-table ldr-glance nhsuk-u-margin-bottom-3">
            <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">"Aims by computed and declared status"</caption>
            <thead class="nhsuk-table__head">
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="col">"Status"</th>
                    <th class="nhsuk-table__header" scope="col">"Computed"</th>
                    <th class="nhsuk-table__header" scope="col">"Declared"</th>
                </tr>
            </thead>
            <tbody class="nhsuk-table__body">{rows}</tbody>
        </table>
        // The counts are of the aims table's computed and declared statuses.
        {super::widgets::csv_link("aims", period, footprint)}
        <p>
            {format!("The declared status differs from the computed one for {}. ", aims(differ))}
            "Computed statuses follow the "
            <a href=in_footprint("/rules", footprint)>"computed RAG rules"</a>
            ". “Not rated”: no status was declared (the 2016 document's RAG colours were lost)."
        </p>
    }
}

fn rag_tag_words(rag: Option<Rag>, label: &'static str) -> impl IntoView {
    match rag {
        Some(r) => view! { <strong class=r.tag_class()>{label}</strong> }.into_any(),
        None => view! { <strong class="nhsuk-tag nhsuk-tag--grey">{label}</strong> }.into_any(),
    }
}

/// Where the roadmap is off course, before the detail.
pub fn exceptions(
    statuses: &[AimStatus],
    red_trajectories: Vec<RedTrajectory>,
    falls: Vec<Fall>,
    chase: Option<(PeriodCode, Vec<ReturnException>)>,
    footprint: Option<&str>,
) -> impl IntoView {
    let link = |s: &AimStatus| explanation_href(&s.code, s.as_at, footprint);
    let reds: Vec<_> = statuses.iter().filter(|s| s.computed.status == ComputedRag::Red).collect();
    let red_items = reds
        .iter()
        .map(|s| {
            view! {
                <li>
                    <a href=link(s) title=s.text.clone()>{format!("Aim {}", s.code)}</a>
                    {format!(": {}", s.computed.in_words())}
                </li>
            }
        })
        .collect_view();
    let trajectory_count = red_trajectories.len();
    let trajectory_items = red_trajectories
        .into_iter()
        .map(|t| {
            let href = in_footprint(&format!("/trajectories/{}", t.capability_code), footprint);
            let whose = t.organisation.unwrap_or_else(|| "The whole system".to_string());
            view! { <li><a href=href>{format!("{whose}, {}", t.capability)}</a>{format!(": {}", t.reason)}</li> }
        })
        .collect_view();
    let mut differing: Vec<_> = statuses.iter().filter_map(|s| s.difference().map(|d| (s, d))).collect();
    differing.sort_by_key(|(_, d)| !d.declared_better());
    let differ_items = differing
        .iter()
        .map(|(s, d)| {
            view! {
                <li>
                    <a href=link(s) title=s.text.clone()>{format!("Aim {}", s.code)}</a>
                    {format!(": {}", capitalise(&d.in_words()))}
                </li>
            }
        })
        .collect_view();
    let return_items = chase.as_ref().map(|(period, returns)| {
        returns
            .iter()
            .map(|r| {
                let state = r.state.map_or("Not started", |s| s.label());
                let words = if r.overdue { format!("{state}, overdue") } else { state.to_string() };
                let href = in_footprint(&format!("/returns/{period}/{}", r.code), footprint);
                view! { <li><a href=href>{r.subject.clone()}</a>{format!(": {words}")}</li> }
            })
            .collect_view()
    });
    let returns_heading = chase
        .as_ref()
        .map_or("Returns overdue or sent back".to_string(), |(p, _)| format!("Returns for {} overdue or sent back", p.label()));
    let no_returns = chase.as_ref().is_none_or(|(_, r)| r.is_empty());
    let falls_empty = falls.is_empty();
    let fall_items = falls.iter().map(|f| view! { <li>{fall_words(f)}</li> }).collect_view();
    let none = |empty: bool, words: &'static str| empty.then(|| view! { <p>{words}</p> });
    view! {
        <h2>"Exceptions"</h2>
        <h3 class="nhsuk-heading-s">{format!("Computed red ({})", reds.len())}</h3>
        {none(reds.is_empty(), "No aim is computed red.")}
        {(!reds.is_empty()).then(|| view! { <ul class="nhsuk-list nhsuk-list--bullet">{red_items}</ul> })}
        <h3 class="nhsuk-heading-s">{format!("Trajectories computed red ({trajectory_count})")}</h3>
        {none(trajectory_count == 0, "No capability trajectory is computed red.")}
        {(trajectory_count > 0).then(|| view! { <ul class="nhsuk-list nhsuk-list--bullet">{trajectory_items}</ul> })}
        <h3 class="nhsuk-heading-s">{format!("Declared and computed differ ({})", differing.len())}</h3>
        {none(differing.is_empty(), "Every declared status agrees with the computed one, or none was declared.")}
        {(!differing.is_empty()).then(|| view! { <ul class="nhsuk-list nhsuk-list--bullet">{differ_items}</ul> })}
        <h3 class="nhsuk-heading-s">{returns_heading}</h3>
        {none(no_returns, "None: no quarter is open, or every return is on time.")}
        {(!no_returns).then(|| view! { <ul class="nhsuk-list nhsuk-list--bullet">{return_items}</ul> })}
        <h3 class="nhsuk-heading-s">"Largest falls since last quarter"</h3>
        {none(falls_empty, "Nothing fell since last quarter.")}
        {(!falls_empty).then(|| view! { <ul class="nhsuk-list nhsuk-list--bullet">{fall_items}</ul> })}
    }
}

fn fall_words(f: &Fall) -> String {
    match &f.what {
        FallOf::Aim { code, .. } => format!("Aim {code}: down from {} % to {} %", format_number(f.before), format_number(f.now)),
        FallOf::DmaScore { organisation, theme, .. } => {
            format!("{organisation}, {theme}: DMA score down from {} to {}", format_number(f.before), format_number(f.now))
        }
    }
}
