//! The dashboard at `/`: where the roadmap is off course and why, on one screen (counts by
//! computed and declared RAG, then the exceptions: every computed red, every declared status
//! the rules do not bear out, returns overdue or sent back, the largest falls), then the
//! detail: every aim by capability and the digital maturity heatmap.

use leptos::prelude::*;

use super::aims_table::{aims_table, AimsDetail};
use super::dashboard_glance::{exceptions, rag_summary};
use super::dma_heatmap::{header_row, key, theme_groups, theme_row};
use super::layout::{in_footprint, render_page, Nav, PageMeta};
use super::period_selector::period_selector;
use super::tasks::{tasks_panel, Tasks};
use super::widgets::csv_href;
use crate::analysis::exceptions::{Fall, RedTrajectory, ReturnException};
use crate::analysis::RagCounts;
use crate::domain::PeriodCode;
use crate::facts::{AimStatus, CapabilityAims, DmaMatrix, FootprintSummary, ThemeTrend};

#[derive(Debug, Clone, PartialEq)]
pub struct DashboardData {
    pub footprint: FootprintSummary,
    /// None when no figures exist yet.
    pub period: Option<PeriodCode>,
    /// The ten capabilities with their 25 aims, in order.
    pub capabilities: Vec<CapabilityAims>,
    pub dma: Option<DmaMatrix>,
    /// Each DMA theme's footprint mean over recent quarters.
    pub dma_trends: Vec<ThemeTrend>,
    /// The periods with figures as (code, label), newest first, for the period selector.
    pub periods: Vec<(String, String)>,
    /// What the signed-in person must do, shown before the figures.
    pub tasks: Tasks,
    /// Every aim's computed status as at the period (empty with no period).
    pub statuses: Vec<AimStatus>,
    pub falls: Vec<Fall>,
    /// Every capability trajectory computed red as at the period.
    pub red_trajectories: Vec<RedTrajectory>,
    /// The open quarter and its returns that are overdue or sent back.
    pub chase: Option<(PeriodCode, Vec<ReturnException>)>,
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
    let at_a_glance = data.period.map(|period_code| {
        // Side by side on a wide screen, so the counts and the exceptions fit one screen.
        view! {
            <div class="nhsuk-grid-row">
                <div class="nhsuk-grid-column-one-third">{rag_summary(counts, &data.statuses, footprint.as_deref(), period_code)}</div>
                <div class="nhsuk-grid-column-two-thirds">{exceptions(&data.statuses, data.red_trajectories, data.falls, data.chase, footprint.as_deref())}</div>
            </div>
        }
    });
    let body = view! {
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-full">
                <h1>{title}</h1>
                <p class="nhsuk-lede-text">{period_line}</p>
                {tasks_panel(data.tasks)}
                {selector}
                {at_a_glance}
                {capability_sections(data.capabilities, &data.statuses, footprint.as_deref(), data.period)}
                {data.dma.map(|m| heatmap(m, &data.dma_trends, footprint.as_deref()))}
                {more(footprint.as_deref())}
            </div>
        </div>
    };
    render_page(meta, body)
}

fn capability_sections(
    capabilities: Vec<CapabilityAims>,
    statuses: &[AimStatus],
    footprint: Option<&str>,
    period: Option<PeriodCode>,
) -> impl IntoView {
    let sections = capabilities
        .into_iter()
        .map(|c| {
            let href = in_footprint(&format!("/capabilities/{}", c.number), footprint);
            let heading = format!("{}. {}", c.number, c.title);
            let caption = format!("Aims of capability {}: current completeness, goal, trend and status", c.number);
            // The capability page's aims table holds these aims with every figure behind them.
            let csv = period.map(|_| csv_href(&format!("/capabilities/{}/aims.csv", c.number), period, footprint));
            view! {
                <h3><a href=href>{heading}</a></h3>
                {aims_table(caption, c.aims, statuses, AimsDetail::Summary, footprint)}
                {csv.map(super::widgets::figures_csv_link)}
            }
        })
        .collect_view();
    view! {
        <h2>"Aims by capability"</h2>
        {sections}
    }
}

fn heatmap(matrix: DmaMatrix, trends: &[ThemeTrend], footprint: Option<&str>) -> impl IntoView {
    let csv = super::widgets::csv_link("dma-scores", matrix.period, footprint);
    let caption = format!("Digital maturity by theme, {}: each score against the average of its own peer group", matrix.period.label());
    let columns = matrix.organisations.len() + 2;
    let groups = theme_groups(&matrix.themes)
        .into_iter()
        .map(|(group, themes)| {
            let rows = themes
                .into_iter()
                .map(|i| theme_row(&matrix, i, false, Some(trends.iter().find(|t| t.theme == matrix.themes[i].id))))
                .collect_view();
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
                <thead class="nhsuk-table__head">{header_row(&matrix, false, true)}</thead>
                {groups}
            </table>
        </div>
        {csv}
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
            <li><a href=link("/trajectories")>"Capability trajectories: planned against actual"</a></li>
            <li><a href=link("/gaps")>"Gap analysis"</a></li>
            <li><a href=link("/deployments")>"Deployment timeline"</a></li>
            <li><a href=link("/rules")>"Computed RAG rules"</a></li>
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::computed_rag::RuleSet;
    use crate::domain::Rag;
    use crate::facts::AimFigure;
    use crate::returns::ReturnState;
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
            statuses: vec![],
            falls: vec![],
            red_trajectories: vec![],
            dma_trends: vec![],
            chase: None,
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
        let row = row_containing(&html, ">No data or not rated<");
        assert!(row.ends_with("<td class=\"nhsuk-table__cell\">0 aims</td><td class=\"nhsuk-table__cell\">25 aims</td>"), "{row}");
        assert!(html.contains("RAG colours were lost"));
    }

    #[test]
    fn rated_aims_are_counted_by_colour_in_words_computed_beside_declared() {
        let mut d = data();
        rate(&mut d.capabilities, "9d", Rag::Green);
        rate(&mut d.capabilities, "4d", Rag::Amber);
        d.statuses = statuses(&d.capabilities);
        let html = dashboard_page(meta(), d);
        // 9d's 83 % meets its 80 % goal (computed green); 4d has one figure (no data).
        assert!(row_containing(&html, ">Green</strong></th>")
            .contains("<td class=\"nhsuk-table__cell\">1 aim</td><td class=\"nhsuk-table__cell\">1 aim</td>"));
        assert!(row_containing(&html, ">Amber</strong></th>")
            .contains("<td class=\"nhsuk-table__cell\">0 aims</td><td class=\"nhsuk-table__cell\">1 aim</td>"));
        assert!(row_containing(&html, ">Red</strong></th>").contains("0 aims</td><td class=\"nhsuk-table__cell\">0 aims"));
        assert!(html.contains("23 aims"));
        assert!(html.contains("The declared status differs from the computed one for 0 aims."));
    }

    #[test]
    fn the_exceptions_list_every_red_every_difference_and_every_return_to_chase() {
        let mut d = data();
        rate(&mut d.capabilities, "9d", Rag::Red);
        d.statuses = statuses(&d.capabilities);
        d.chase = Some((
            q1(),
            vec![ReturnException { code: "RTE".into(), subject: "GHFT".into(), state: Some(ReturnState::Returned), overdue: true }],
        ));
        let html = dashboard_page(meta(), d);
        let exceptions = &html[html.find("<h2>Exceptions</h2>").expect("an exceptions section")..];
        assert!(exceptions.contains("Declared and computed differ (1)"));
        assert!(exceptions.contains("Aim 9d</a>: Declared red, computed green<"), "{exceptions}");
        assert!(exceptions.contains("href=\"/aims/9d?period=2016-17-q1\""));
        assert!(exceptions.contains("Computed red (0)") && exceptions.contains("No aim is computed red."));
        assert!(exceptions.contains("<a href=\"/returns/2016-17-q1/RTE\">GHFT</a>: Returned for changes, overdue"));
        assert!(exceptions.contains("Nothing fell since last quarter."));
        let glance = html.find("<h2>Exceptions</h2>").unwrap();
        assert!(glance < html.find("<h2>Aims by capability</h2>").unwrap(), "exceptions come before the detail");
    }

    /// Each aim judged on its own figure alone, by the default rules.
    fn statuses(capabilities: &[CapabilityAims]) -> Vec<AimStatus> {
        let rules = RuleSet::defaults(q1());
        capabilities
            .iter()
            .flat_map(|c| c.aims.iter().map(move |a| (c.number, a)))
            .map(|(n, a)| {
                let own = [AimFigure { organisation: None, period: q1(), completeness: a.completeness }];
                AimStatus::assess(n, a, &own, &rules, q1())
            })
            .collect()
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
