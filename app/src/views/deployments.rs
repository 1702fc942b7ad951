//! `/deployments`: the deployment timeline (the roadmap's Figure 10). The chart, the count by
//! status per financial year, and the table that is the chart's alternative and the CSV's
//! rows, all from the same filtered facts.

use leptos::prelude::*;

use super::deployments_filter::{filter_form, FilterChoices, TypedFilter};
use super::layout::{in_footprint, render_page, Crumb, Nav, PageMeta};
use super::organisations::status_tag;
use super::period_selector::period_selector_keeping;
use super::widgets::{data_table, error_summary, figures_csv_link, provenance_line, provenance_who};
use crate::charts::{deployment_timeline_chart, status_pattern};
use crate::domain::{long_date, PeriodCode};
use crate::facts::{counts_by_year, DeploymentFilter, DeploymentStatus, TimelineDeployment};

/// The table's columns, which the CSV download repeats.
pub const TABLE_HEADINGS: [&str; 8] = ["Organisation", "Capability", "Title", "Start", "Target", "Status", "Delivered on", "Provenance"];

/// How a deployment counts in a year, said on the page (and kept beside the rule's code).
pub const COUNT_RULE: &str = "A deployment counts in each financial year from its start year to its target year, both included; \
     one with no start year counts in its target year only.";

/// The page's content: the facts already filtered, and the form as it was sent.
pub struct DeploymentsPage {
    pub footprint_name: String,
    pub period: Option<PeriodCode>,
    pub periods: Vec<(String, String)>,
    pub typed: TypedFilter,
    pub filter: DeploymentFilter,
    pub choices: FilterChoices,
    /// The deployments the filter keeps, in the footprint's order.
    pub deployments: Vec<TimelineDeployment>,
    /// Problems with the filters (field id, message): shown instead of the figures.
    pub errors: Vec<(String, String)>,
}

/// The table's rows as words, one cell per heading, blank where the page shows a dash: the
/// CSV's rows, and the text of the page's cells.
pub fn table_rows(deployments: &[TimelineDeployment]) -> Vec<Vec<String>> {
    deployments
        .iter()
        .map(|d| {
            vec![
                d.organisation.clone(),
                d.capability.clone().unwrap_or_default(),
                d.title.clone(),
                d.start_year.map(|y| y.label()).unwrap_or_default(),
                d.target_year.label(),
                d.status.label().to_string(),
                d.delivered_on.map(long_date).unwrap_or_default(),
                format!("{}; {}", d.provenance.source, provenance_who(&d.provenance)),
            ]
        })
        .collect()
}

/// `/deployments?period=..&organisation=..` (and `.csv`): the page's own address with the
/// quarter, the filters and the footprint of a reader of several.
pub fn deployments_href(path: &str, period: Option<PeriodCode>, filter: &DeploymentFilter, footprint: Option<&str>) -> String {
    let mut pairs: Vec<(&str, String)> = period.map(|p| ("period", p.to_string())).into_iter().collect();
    pairs.extend(filter.pairs());
    let query: Vec<String> = pairs.into_iter().map(|(k, v)| format!("{k}={}", encode(&v))).collect();
    let href = if query.is_empty() { path.to_string() } else { format!("{path}?{}", query.join("&")) };
    in_footprint(&href, footprint)
}

/// A query value percent-encoded (codes are plain, but a link must never be able to break).
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

pub fn deployments_page(meta: PageMeta, page: DeploymentsPage) -> String {
    let footprint = meta.footprint.clone();
    let title = if page.errors.is_empty() { "Deployment timeline".to_string() } else { "Error: Deployment timeline".to_string() };
    let meta = PageMeta {
        title,
        nav: Some(Nav::Deployments),
        breadcrumbs: vec![Crumb::new("Home", "/")],
        data_period: page.period.map(|p| p.label()),
        ..meta
    };
    let keep: Vec<(&'static str, String)> =
        [("organisation", &page.typed.organisation), ("capability", &page.typed.capability), ("status", &page.typed.status)]
            .into_iter()
            .filter_map(|(name, v)| v.clone().map(|v| (name, v)))
            .collect();
    let selector = period_selector_keeping("/deployments", page.periods, page.period.map(|p| p.to_string()), footprint.as_deref(), keep);
    let mut hidden: Vec<(&'static str, String)> = page.period.map(|p| ("period", p.to_string())).into_iter().collect();
    hidden.extend(footprint.clone().map(|f| ("footprint", f)));
    let form = filter_form(&page.typed, page.choices, &page.errors, hidden);
    let as_at = page.period.map_or_else(|| "No quarter has figures yet".to_string(), |p| format!("As at {}", p.label()));
    let intro = format!(
        "What the organisations of {} plan to deploy, and when, by financial year. {as_at}: each deployment as last approved up to \
         that quarter; those withdrawn by then are not shown.",
        page.footprint_name
    );
    let content = if page.errors.is_empty() {
        figures(page.period, &page.filter, page.deployments, footprint.as_deref()).into_any()
    } else {
        view! { <p>"Choose from the lists to see the deployments."</p> }.into_any()
    };
    let body = view! {
        {error_summary(page.errors)}
        <h1>"Deployment timeline"</h1>
        {selector}
        <p class="nhsuk-lede-text">{intro}</p>
        {form}
        {content}
    };
    render_page(meta, body)
}

/// Each status's word and the pattern that marks it, in words.
pub fn status_key() -> String {
    DeploymentStatus::ALL.iter().map(|s| format!("{}: {}", s.label(), status_pattern(*s))).collect::<Vec<_>>().join("; ")
}

/// The timeline chart and its description: the page and the steering pack draw this.
pub fn timeline_chart(deployments: &[TimelineDeployment]) -> (String, String) {
    let description = format!(
        "A bar per deployment, grouped by organisation and capability, from its start year to its target year; \
         its title and status are written above it. {}. The table below the chart gives the same deployments.",
        status_key()
    );
    (deployment_timeline_chart(TIMELINE_TITLE, &description, deployments), description)
}

pub const TIMELINE_TITLE: &str = "Deployments by organisation and capability across financial years";

fn figures(
    period: Option<PeriodCode>,
    filter: &DeploymentFilter,
    deployments: Vec<TimelineDeployment>,
    footprint: Option<&str>,
) -> impl IntoView {
    if deployments.is_empty() {
        let message =
            if *filter == DeploymentFilter::default() { "No deployments recorded." } else { "No deployments match these filters." };
        return view! { <p>{message}</p> }.into_any();
    }
    let csv = deployments_href("/deployments.csv", period, filter, footprint);
    let key = status_key();
    let (svg, _) = timeline_chart(&deployments);
    view! {
        <h2>"Timeline"</h2>
        <p>{format!("Each bar runs from a deployment's start year (or its target year, when it has none) to its target year. Its status is marked by its word and by its pattern: {key}.")}</p>
        <div class="ldr-chart" inner_html=svg></div>
        <p class="nhsuk-body-s">"The table of deployments below gives the same deployments as the chart."</p>
        {counts_table(&deployments)}
        // The counts are of the deployments listed next: their CSV is the figures behind both.
        {figures_csv_link(csv.clone())}
        {deployments_table(&deployments)}
        <p><a href=csv>"Download this table (CSV)"</a></p>
    }
    .into_any()
}

fn cell(text: String) -> impl IntoView {
    view! { <td class="nhsuk-table__cell">{text}</td> }
}

fn counts_table(deployments: &[TimelineDeployment]) -> impl IntoView {
    let rows = counts_by_year(deployments)
        .into_iter()
        .map(|c| {
            view! {
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="row">{c.year.label()}</th>
                    {DeploymentStatus::ALL.iter().map(|s| cell(c.of(*s).to_string())).collect_view()}
                    {cell(c.total().to_string())}
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>"Deployments by status and year"</h2>
        <p>{COUNT_RULE}</p>
        {data_table("Number of deployments shown, by status, in each financial year", &["Financial year", "Active", "Committed", "Aspirational", "Total"], rows)}
    }
}

fn deployments_table(deployments: &[TimelineDeployment]) -> impl IntoView {
    let rows = deployments
        .iter()
        .zip(table_rows(deployments))
        .map(|(d, words)| {
            let dash = |s: &String| if s.is_empty() { "—".to_string() } else { s.clone() };
            view! {
                <tr class="nhsuk-table__row">
                    {cell(words[0].clone())}
                    {cell(dash(&words[1]))}
                    <th class="nhsuk-table__header" scope="row">{words[2].clone()}</th>
                    {cell(dash(&words[3]))}
                    {cell(words[4].clone())}
                    <td class="nhsuk-table__cell">{status_tag(d.status)}</td>
                    {cell(dash(&words[6]))}
                    <td class="nhsuk-table__cell"><span class="nhsuk-body-s">{provenance_line("", &d.provenance)}</span></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>"Deployments"</h2>
        {data_table("Each deployment with its years, status and where it came from", &TABLE_HEADINGS, rows)}
    }
}

#[cfg(test)]
#[path = "deployments_tests.rs"]
mod tests;
