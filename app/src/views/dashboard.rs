//! The dashboard at `/`: the footprint's RAG counts, every aim by capability, and the
//! digital maturity heatmap.

use leptos::prelude::*;

use super::aims_table::{aims_table, AimsDetail};
use super::dma_heatmap::{header_row, key, theme_groups, theme_row};
use super::layout::{in_footprint, render_page, Nav, PageMeta};
use super::period_selector::period_selector;
use super::tasks::{tasks_panel, Tasks};
use super::widgets::rag_tag;
use crate::analysis::RagCounts;
use crate::domain::{PeriodCode, Rag};
use crate::facts::{CapabilityAims, DmaMatrix, FootprintSummary};

#[derive(Debug, Clone, PartialEq)]
pub struct DashboardData {
    pub footprint: FootprintSummary,
    /// None when no figures exist yet.
    pub period: Option<PeriodCode>,
    /// The ten capabilities with their 25 aims, in order.
    pub capabilities: Vec<CapabilityAims>,
    pub dma: Option<DmaMatrix>,
    /// The periods with figures as (code, label), newest first, for the period selector.
    pub periods: Vec<(String, String)>,
    /// What the signed-in person must do, shown before the figures.
    pub tasks: Tasks,
}

pub fn dashboard_page(meta: PageMeta, data: DashboardData) -> String {
    let title = format!("{} Local Digital Roadmap", data.footprint.name);
    let period = data.period.map(PeriodCode::label);
    let footprint = meta.footprint.clone();
    let selector = period_selector("/", data.periods, data.period.map(|p| p.to_string()), footprint.as_deref());
    let meta = PageMeta { title: title.clone(), nav: Some(Nav::Dashboard), breadcrumbs: Vec::new(), data_period: period.clone(), ..meta };
    let period_line = match period {
        Some(p) => format!("Figures for {p}"),
        None => "No figures have been entered yet.".to_string(),
    };
    let counts = RagCounts::count(data.capabilities.iter().flat_map(|c| c.aims.iter().map(|a| a.rag)));
    let body = view! {
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-full">
                <h1>{title}</h1>
                <p class="nhsuk-lede-text">{period_line}</p>
                {tasks_panel(data.tasks)}
                {selector}
                {rag_summary(counts)}
                {capability_sections(data.capabilities, footprint.as_deref())}
                {data.dma.map(heatmap)}
                {more(footprint.as_deref())}
            </div>
        </div>
    };
    render_page(meta, body)
}

fn rag_summary(counts: RagCounts) -> impl IntoView {
    let aims = |n: usize| if n == 1 { "1 aim".to_string() } else { format!("{n} aims") };
    let rows = [(Some(Rag::Green), counts.green), (Some(Rag::Amber), counts.amber), (Some(Rag::Red), counts.red), (None, counts.not_rated)]
        .into_iter()
        .map(|(rag, n)| {
            view! {
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">{rag_tag(rag)}</dt>
                    <dd class="nhsuk-summary-list__value">{aims(n)}</dd>
                </div>
            }
        })
        .collect_view();
    let note = (counts.not_rated > 0).then(|| {
        view! {
            <div class="nhsuk-inset-text">
                <span class="nhsuk-u-visually-hidden">"Information: "</span>
                <p>"“Not rated” means no status was declared: the 2016 document's RAG colours were lost."</p>
            </div>
        }
    });
    view! {
        <h2>{format!("Status of the {} aims", counts.total())}</h2>
        <dl class="nhsuk-summary-list">{rows}</dl>
        {note}
    }
}

fn capability_sections(capabilities: Vec<CapabilityAims>, footprint: Option<&str>) -> impl IntoView {
    let sections = capabilities
        .into_iter()
        .map(|c| {
            let href = in_footprint(&format!("/capabilities/{}", c.number), footprint);
            let heading = format!("{}. {}", c.number, c.title);
            let caption = format!("Aims of capability {}: current completeness, goal and status", c.number);
            view! {
                <h3><a href=href>{heading}</a></h3>
                {aims_table(caption, c.aims, AimsDetail::Summary)}
            }
        })
        .collect_view();
    view! {
        <h2>"Aims by capability"</h2>
        {sections}
    }
}

fn heatmap(matrix: DmaMatrix) -> impl IntoView {
    let caption = format!("Digital maturity by theme, {}: each score against the average of its own peer group", matrix.period.label());
    let columns = matrix.organisations.len() + 2;
    let groups = theme_groups(&matrix.themes)
        .into_iter()
        .map(|(group, themes)| {
            let rows = themes.into_iter().map(|i| theme_row(&matrix, i, false)).collect_view();
            view! {
                <tbody class="nhsuk-table__body">
                    <tr class="nhsuk-table__row">
                        <th class="nhsuk-table__header" scope="rowgroup" colspan=columns>{group}</th>
                    </tr>
                    {rows}
                </tbody>
            }
        })
        .collect_view();
    view! {
        <h2>"Digital maturity"</h2>
        <div class="ldr-table-scroll" tabindex="0" role="region" aria-label="Digital maturity by theme">
            <table class="nhsuk-table ldr-heatmap">
                <caption class="nhsuk-table__caption">{caption}</caption>
                <thead class="nhsuk-table__head">{header_row(&matrix, false)}</thead>
                {groups}
            </table>
        </div>
        {key(&matrix)}
    }
}

/// Links to the other pages: navigation, so not printed.
fn more(footprint: Option<&str>) -> impl IntoView {
    let link = |href: &str| in_footprint(href, footprint);
    view! {
        <h2 class="nhsuk-u-display-none-print">"More"</h2>
        <ul class="nhsuk-list nhsuk-u-display-none-print">
            <li><a href=link("/organisations")>"Organisations in the footprint"</a></li>
            <li><a href=link("/capabilities")>"Universal capabilities and their aims"</a></li>
            <li><a href=link("/dma")>"Digital maturity assessment by theme"</a></li>
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::fixtures::{capabilities, glos, periods, q1, rate, row_containing, table_2_matrix};
    use crate::views::Crumb;

    fn data() -> DashboardData {
        DashboardData {
            footprint: glos(),
            period: Some(q1()),
            capabilities: capabilities(),
            dma: Some(table_2_matrix()),
            periods: periods(),
            tasks: Tasks::Nothing,
        }
    }

    fn meta() -> PageMeta {
        PageMeta { breadcrumbs: vec![Crumb::new("Stale", "/stale")], ..Default::default() }
    }

    #[test]
    fn the_dashboard_names_the_roadmap_and_its_period_once() {
        let html = dashboard_page(meta(), data());
        assert_eq!(html.matches("<h1").count(), 1);
        assert!(html.contains("<h1>Gloucestershire Local Digital Roadmap</h1>"));
        assert!(html.contains("Figures for 2016/17 Q1"));
        assert!(!html.contains("nhsuk-breadcrumb"), "the dashboard has no breadcrumbs");
        assert!(html.contains("Gloucestershire Local Digital Roadmap – LDR Assurance</title>"));
    }

    #[test]
    fn all_25_aims_are_not_rated_when_no_status_was_declared() {
        let html = dashboard_page(meta(), data());
        assert!(html.contains("Status of the 25 aims"));
        let not_rated = html.find("Not rated</strong></dt>").expect("a not-rated key");
        assert!(html[not_rated..].starts_with("Not rated</strong></dt><dd class=\"nhsuk-summary-list__value\">25 aims"));
        assert!(html.contains("RAG colours were lost"));
    }

    #[test]
    fn rated_aims_are_counted_by_colour_in_words() {
        let mut d = data();
        rate(&mut d.capabilities, "9d", Rag::Green);
        rate(&mut d.capabilities, "4d", Rag::Amber);
        let html = dashboard_page(meta(), d);
        assert!(html.contains("Green</strong></dt><dd class=\"nhsuk-summary-list__value\">1 aim<"));
        assert!(html.contains("Amber</strong></dt><dd class=\"nhsuk-summary-list__value\">1 aim<"));
        assert!(html.contains("Red</strong></dt><dd class=\"nhsuk-summary-list__value\">0 aims<"));
        assert!(html.contains("23 aims"));
    }

    #[test]
    fn aims_show_their_figures_goals_and_sources_by_capability() {
        let html = dashboard_page(meta(), data());
        assert!(html.contains("<a href=\"/capabilities/9\">9. GPs and community pharmacists"));
        let row = row_containing(&html, ">9d<");
        assert!(row.contains("83 %") && row.contains("80 % by 2016/17") && row.contains("Goal met"));
        assert!(row.contains("Source: LDR 2016 E1.3, Table 5; loaded from the roadmap"));
        let row = row_containing(&html, ">8a<");
        assert!(row.contains("No data") && row.contains("Goal not set"));
        assert!(row_containing(&html, ">4d<").contains("Not yet met"));
    }

    #[test]
    fn the_heatmap_compares_each_score_with_its_own_peer_group() {
        let html = dashboard_page(meta(), data());
        assert!(html.contains("Digital maturity by theme, 2016/17 Q1: each score against the average of its own peer group"));
        assert!(html.contains("colspan=\"7\" class=\"nhsuk-table__header\">Capabilities (PF@PoC)<"));
        let row = row_containing(&html, ">Records, Assessments &amp; Plans<");
        // National average 44 first, then GHFT's 12 below it.
        assert!(row.contains("<td class=\"nhsuk-table__cell\">44</td><td class=\"nhsuk-table__cell ldr-cmp--below\"><a href=\"/organisations/RTE?period=2016-17-q1#theme-t6\">12</a>"), "{row}");
        let row = row_containing(&html, ">Leadership<");
        assert!(row.contains("the national average of councils (social-care dma) of 78.52"));
        assert!(html.contains("took the social-care DMA and is compared with the councils' average."));
        for link in ["/organisations", "/capabilities", "/dma"] {
            assert!(html.contains(&format!("href=\"{link}\"")));
        }
    }

    #[test]
    fn a_dashboard_with_no_figures_yet_says_so() {
        let d = DashboardData { period: None, dma: None, ..data() };
        let html = dashboard_page(meta(), d);
        assert!(html.contains("No figures have been entered yet."));
        assert!(!html.contains("ldr-heatmap"));
        assert!(!html.contains("Figures for"));
    }
}
