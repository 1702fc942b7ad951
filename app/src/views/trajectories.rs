//! `/trajectories`: the footprint's paper-free-at-the-point-of-care capabilities, each with the
//! whole system's baseline, this year's plan, actual, variance, computed status and a link to
//! the capability's own page.

use leptos::prelude::*;

use super::layout::{render_page, Crumb, Nav, PageMeta};
use super::period_selector::period_selector_keeping;
use super::trajectory_parts::{computed_cell, figure_text, method_form, method_statement, page_href, signed, standing_cell};
use super::widgets::data_table;
use crate::analysis::system_trajectory::{choose_method, Method, MethodChoice};
use crate::analysis::{judge_capability, CapabilityJudged};
use crate::domain::PeriodCode;
use crate::facts::{FootprintSummary, TrajectoryFacts};

pub const TITLE: &str = "Capability trajectories";

/// What the page is drawn from: the facts (None: no framework applies, or no quarter has
/// figures), the method asked for and the period selector's choices.
pub struct TrajectoriesInput {
    pub footprint: FootprintSummary,
    pub period: Option<PeriodCode>,
    pub facts: Option<TrajectoryFacts>,
    pub method: Method,
    pub periods: Vec<(String, String)>,
}

/// The method a page uses for the footprint's organisations (sizes are the same for every
/// capability, so the first capability's organisations stand for all).
pub fn method_for(facts: &TrajectoryFacts, asked: Method) -> MethodChoice {
    let orgs: Vec<(String, Option<i64>)> = facts
        .capabilities
        .first()
        .map(|c| c.organisations.iter().map(|o| (o.org.name.clone(), o.staff_headcount)).collect())
        .unwrap_or_default();
    choose_method(asked, &orgs)
}

fn capability_row(j: CapabilityJudged, period: PeriodCode, method: Method, footprint: Option<&str>) -> impl IntoView {
    let href = page_href(&format!("/trajectories/{}", j.capability.code), period, method, footprint);
    let name = j.capability.name.clone();
    let cell = |text: String| view! { <td class="nhsuk-table__cell">{text}</td> };
    view! {
        <tr class="nhsuk-table__row">
            <th class="nhsuk-table__header" scope="row"><a href=href>{name}</a></th>
            {cell(figure_text(&j.baseline))}
            {cell(figure_text(&j.plan))}
            {cell(figure_text(&j.actual))}
            {cell(signed(j.variance))}
            {standing_cell(&j.computed)}
            {computed_cell(&j.computed)}
        </tr>
    }
}

pub fn trajectories_page(meta: PageMeta, input: TrajectoriesInput) -> String {
    let TrajectoriesInput { footprint, period, facts, method, periods } = input;
    let keep: Vec<(&'static str, String)> =
        (method != Method::default()).then(|| ("method", method.code().to_string())).into_iter().collect();
    let selector = period_selector_keeping("/trajectories", periods, period.map(|p| p.to_string()), meta.footprint.as_deref(), keep);
    let meta = PageMeta {
        title: TITLE.into(),
        nav: Some(Nav::Trajectories),
        breadcrumbs: vec![Crumb::new("Home", "/")],
        data_period: period.map(|p| p.label()),
        ..meta
    };
    let Some(facts) = facts.filter(|f| !f.capabilities.is_empty()) else {
        let message = format!("No capability trajectories can be shown for {}: no digital maturity framework with PF@PoC capabilities applies to its organisations in the quarter chosen.", footprint.name);
        return render_page(meta, view! { <h1>{TITLE}</h1> {selector} <p>{message}</p> });
    };
    let choice = method_for(&facts, method);
    let p = facts.period;
    let fp = meta.footprint.clone();
    let intro = format!(
        "For each paper-free at the point of care capability of the {}, the whole system of {}'s organisations as at {}: \
         where it started (baseline), the plan for {}, where it stands (actual: each organisation's latest approved score) \
         and actual minus plan. Scores are on a scale of {}. Each capability's page shows every organisation's trajectory.",
        facts.framework,
        footprint.name,
        p.label(),
        p.year.label(),
        facts.scale.range_text()
    );
    let year = p.year.label();
    let headings = [
        "Capability".to_string(),
        "Baseline".into(),
        format!("Plan for {year}"),
        "Actual".into(),
        "Actual minus plan".into(),
        "Against plan".into(),
        "Computed status".into(),
    ];
    let rows = facts
        .capabilities
        .iter()
        .map(|c| judge_capability(c, choice.used, &facts.rules, facts.scale, p))
        .map(|j| capability_row(j, p, choice.asked, fp.as_deref()))
        .collect_view();
    let caption = format!("Whole-system trajectory by capability ({}), as at {}", choice.used.label().to_lowercase(), p.label());
    let tolerance = format!(
        "Against plan: on plan when the actual is within the trajectory rule's tolerance ({} % of the scale) of the plan either side, \
         ahead or behind beyond it. The computed status is worked out by the rules in force for {} (version {}), listed on the rules page.",
        crate::domain::values::format_number(facts.rules.trajectory.tolerance),
        p.label(),
        facts.rules.version
    );
    let body = view! {
        <h1>{TITLE}</h1>
        {selector}
        {method_form("/trajectories".to_string(), &choice, p, fp.as_deref())}
        <p class="nhsuk-lede-text">{intro}</p>
        {method_statement(&choice)}
        {data_table(caption, &headings, rows)}
        {super::widgets::csv_link("trajectories", p, fp.as_deref())}
        <p class="nhsuk-body-s">{tolerance}</p>
    };
    render_page(meta, body)
}
