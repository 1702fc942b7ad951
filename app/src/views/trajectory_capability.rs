//! `/trajectories/{capability}`: one capability's trajectories (the roadmap's Figures 8 and 9)
//! as a chart, then the same figures as tables: each organisation as at the quarter, and each
//! organisation and the whole system year by year (planned, actual, actual minus plan).

use leptos::prelude::*;

use super::layout::{in_footprint, render_page, Crumb, Nav, PageMeta};
use super::period_selector::{period_selector, period_selector_keeping};
use super::trajectories::{method_for, TITLE as LIST_TITLE};
use super::trajectory_parts::{computed_cell, method_form, method_statement, pulls_down_rule, signed, standing_cell, system_summary};
use super::widgets::data_table;
use crate::analysis::system_trajectory::Method;
use crate::analysis::{judge_capability, year_actual, CapabilityJudged, OrgJudged, SystemYear};
use crate::charts::{trajectory_chart, ChartLine, TrajectoryChart};
use crate::domain::values::format_number;
use crate::domain::{PeriodCode, Scale};
use crate::facts::{CapabilityTrajectories, FootprintSummary, QuarterScore, TrajectoryFacts};

/// "12 (2016/17 Q1)", as the organisation page writes a dated score.
fn dated(score: Option<QuarterScore>) -> String {
    match score {
        None => "Not assessed".to_string(),
        Some(QuarterScore { period, score }) => {
            format!("{} ({})", score.map_or_else(|| "Not assessed".to_string(), format_number), period.label())
        }
    }
}

fn cell(text: String) -> impl IntoView {
    view! { <td class="nhsuk-table__cell">{text}</td> }
}

fn org_row(o: &OrgJudged, year: crate::domain::FinancialYear) -> impl IntoView {
    let baseline =
        o.line.baseline.map_or_else(|| "Not assessed".to_string(), |(p, v)| dated(Some(QuarterScore { period: p, score: Some(v) })));
    let plan = o.line.plan_for(year).map_or_else(|| "Not recorded".to_string(), format_number);
    view! {
        <tr class="nhsuk-table__row">
            <th class="nhsuk-table__header" scope="row">{o.org.name.clone()}</th>
            {cell(baseline)}
            {cell(plan)}
            {cell(dated(o.line.actual))}
            {cell(signed(o.line.variance))}
            {standing_cell(&o.computed)}
            {computed_cell(&o.computed)}
        </tr>
    }
}

fn system_row(j: &CapabilityJudged, method: Method) -> impl IntoView {
    let name = format!("Whole system ({})", method.label().to_lowercase());
    view! {
        <tr class="nhsuk-table__row ldr-row--system">
            <th class="nhsuk-table__header" scope="row">{name}</th>
            {cell(super::trajectory_parts::figure_text(&j.baseline))}
            {cell(super::trajectory_parts::figure_text(&j.plan))}
            {cell(super::trajectory_parts::figure_text(&j.actual))}
            {cell(signed(j.variance))}
            {standing_cell(&j.computed)}
            {computed_cell(&j.computed)}
        </tr>
    }
}

/// Organisation x financial year: planned, actual (the latest approved that year) and variance.
fn year_rows(c: &CapabilityTrajectories, years: &[SystemYear], period: PeriodCode, method: Method) -> impl IntoView {
    let org_rows = c.organisations.iter().flat_map(|o| {
        years.iter().map(move |y| {
            let plan = o.row.planned.iter().find(|(fy, _)| *fy == y.year).map(|(_, v)| *v);
            let actual = year_actual(&o.row, y.year, period);
            let variance = actual.and_then(|a| a.score).zip(plan).map(|(a, p)| a - p);
            let actual = actual.map_or_else(|| "No return".to_string(), |a| dated(Some(a)));
            (o.org.name.clone(), y.year.label(), plan.map_or_else(|| "Not recorded".to_string(), format_number), actual, signed(variance))
        })
    });
    let system = format!("Whole system ({})", method.label().to_lowercase());
    let system_rows = years.iter().map(|y| {
        (
            system.clone(),
            y.year.label(),
            super::trajectory_parts::figure_text(&y.plan),
            super::trajectory_parts::figure_text(&y.actual),
            signed(y.variance),
        )
    });
    org_rows
        .chain(system_rows)
        .map(|(who, year, plan, actual, variance)| {
            view! {
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="row">{who}</th>
                    {cell(year)}
                    {cell(plan)}
                    {cell(actual)}
                    {cell(variance)}
                </tr>
            }
        })
        .collect_view()
}

fn chart(c: &CapabilityTrajectories, j: &CapabilityJudged, scale: Scale, period: PeriodCode, method: Method) -> String {
    trajectory_chart(&capability_chart(c, j, scale, period, method), "trajectory-chart")
}

/// One capability's chart, titled with its finding: the page and the steering pack draw this.
pub fn capability_chart(
    c: &CapabilityTrajectories,
    j: &CapabilityJudged,
    scale: Scale,
    period: PeriodCode,
    method: Method,
) -> TrajectoryChart {
    let organisations = c
        .organisations
        .iter()
        .map(|o| ChartLine {
            label: o.org.short_name.clone(),
            actual: o.row.scores.iter().filter(|s| s.period <= period).filter_map(|s| s.score.map(|v| (s.period, v))).collect(),
            planned: o.row.planned.clone(),
        })
        .collect();
    let system = ChartLine { label: "Whole system".into(), actual: j.system_scores.clone(), planned: j.system_plans.clone() };
    let name = &c.capability.name;
    let title = match (j.variance, j.actual.value) {
        (Some(v), _) if v < 0.0 => {
            format!("{name}: the system is {} points behind its plan for {}", format_number(-v), period.year.label())
        }
        (Some(v), _) => format!("{name}: the system is {} points ahead of its plan for {}", format_number(v), period.year.label()),
        (None, Some(a)) => format!("{name}: the system stands at {} with no plan for {}", format_number(a), period.year.label()),
        (None, None) => format!("{name}: no approved scores up to {}", period.label()),
    };
    let description = format!(
        "Line chart of {name} scores on a scale of {} for {} organisations and the whole system ({}), up to {}: approved scores \
         by quarter as solid lines, each financial year's plan as a dashed line ending at the year's end, the whole system in \
         bold. The tables below give the same figures.",
        scale.range_text(),
        c.organisations.len(),
        method.label().to_lowercase(),
        period.label()
    );
    TrajectoryChart { title, description, scale, organisations, system }
}

/// The page for one capability; `facts` holds that capability alone.
pub fn trajectory_capability_page(meta: PageMeta, facts: TrajectoryFacts, method: Method, periods: Vec<(String, String)>) -> String {
    let p = facts.period;
    let choice = method_for(&facts, method);
    let Some(c) = facts.capabilities.first() else { return render_page(meta, view! { <h1>{LIST_TITLE}</h1> }) };
    let path = format!("/trajectories/{}", c.capability.code);
    let fp = meta.footprint.clone();
    let keep: Vec<(&'static str, String)> =
        (method != Method::default()).then(|| ("method", method.code().to_string())).into_iter().collect();
    let selector = period_selector_keeping(path.clone(), periods, Some(p.to_string()), fp.as_deref(), keep);
    let title = format!("{}: trajectories", c.capability.name);
    let crumbs = vec![Crumb::new("Home", "/"), Crumb::new(LIST_TITLE, in_footprint("/trajectories", fp.as_deref()))];
    let meta = PageMeta { title: title.clone(), nav: Some(Nav::Trajectories), breadcrumbs: crumbs, data_period: Some(p.label()), ..meta };
    let j = judge_capability(c, choice.used, &facts.rules, facts.scale, p);
    let svg = chart(c, &j, facts.scale, p, choice.used);
    let year = p.year;
    let headings = [
        "Organisation".to_string(),
        "Baseline".into(),
        format!("Plan for {}", year.label()),
        "Actual to date".into(),
        format!("Actual against {} plan", year.label()),
        "Against plan".into(),
        "Computed status".into(),
    ];
    let orgs = j.organisations.iter().map(|o| org_row(o, year)).collect_view();
    let by_org = view! { {orgs} {system_row(&j, choice.used)} };
    let caption = format!("{}: each organisation as at {}", c.capability.name, p.label());
    let year_caption = format!("{}: planned and actual by financial year, as at {}", c.capability.name, p.label());
    let year_headings = ["Organisation", "Financial year", "Planned", "Actual (latest approved that year)", "Actual minus planned"];
    let intro = format!(
        "{} in {}, as at {}, on the {} (scale {}). The baseline is each organisation's first assessed score; the actual is its \
         latest approved score up to the quarter; plans are as they stood then.",
        c.capability.name,
        facts.footprint.name,
        p.label(),
        facts.framework,
        facts.scale.range_text()
    );
    let body = view! {
        <h1>{title}</h1>
        {selector}
        {method_form(path, &choice, p, fp.as_deref())}
        <p class="nhsuk-lede-text">{intro}</p>
        {method_statement(&choice)}
        <h2>"The whole system"</h2>
        {system_summary(&j, p)}
        {pulls_down_rule()}
        <div class="ldr-chart" inner_html=svg></div>
        <p class="nhsuk-body-s">"The tables below give the same figures as the chart."</p>
        <h2>"Each organisation"</h2>
        {data_table(caption, &headings, by_org)}
        <h2>"Year by year"</h2>
        {data_table(year_caption, &year_headings, year_rows(c, &j.years, p, choice.used))}
    };
    render_page(meta, body)
}

/// A PF@PoC capability asked for at a quarter whose framework has no such capability (the
/// 2016 DMA's capabilities after What Good Looks Like took over).
pub struct NotInForce {
    pub footprint: FootprintSummary,
    pub code: String,
    pub name: String,
    pub period: PeriodCode,
}

pub fn capability_not_in_force_page(meta: PageMeta, gone: NotInForce, periods: Vec<(String, String)>) -> String {
    let fp = meta.footprint.clone();
    let selector = period_selector(format!("/trajectories/{}", gone.code), periods, Some(gone.period.to_string()), fp.as_deref());
    let title = format!("{}: trajectories", gone.name);
    let crumbs = vec![Crumb::new("Home", "/"), Crumb::new(LIST_TITLE, in_footprint("/trajectories", fp.as_deref()))];
    let meta = PageMeta {
        title: title.clone(),
        nav: Some(Nav::Trajectories),
        breadcrumbs: crumbs,
        data_period: Some(gone.period.label()),
        ..meta
    };
    let message = format!(
        "{} is not a capability of the digital maturity framework in force for {}'s organisations in {}. Choose an earlier \
         quarter to see its trajectories.",
        gone.name,
        gone.footprint.name,
        gone.period.label()
    );
    render_page(meta, view! { <h1>{title}</h1> {selector} <p>{message}</p> })
}
