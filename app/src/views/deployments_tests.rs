//! The deployment timeline page: chart, counts, table and CSV rows from the same facts.

use super::*;
use crate::facts::deployment_timeline::sample;
use crate::views::deployments_filter::CAPABILITY_FIELD;
use DeploymentStatus::{Active, Aspirational, Committed};

fn q1() -> PeriodCode {
    "2016-17-q1".parse().unwrap()
}

fn page(deployments: Vec<TimelineDeployment>) -> DeploymentsPage {
    DeploymentsPage {
        footprint_name: "Gloucestershire".into(),
        period: Some(q1()),
        periods: vec![("2016-17-q1".into(), "2016/17 Q1".into())],
        typed: TypedFilter::default(),
        filter: DeploymentFilter::default(),
        choices: FilterChoices { organisations: vec![("RTE".into(), "GHFT".into())], capabilities: vec![] },
        deployments,
        errors: vec![],
    }
}

fn three() -> Vec<TimelineDeployment> {
    vec![
        sample("ECS", Some(2015), 2016, Active),
        sample("Digital notes", None, 2017, Committed),
        sample("<script>alert(1)</script>", Some(2017), 2018, Aspirational),
    ]
}

#[test]
fn the_page_has_the_chart_the_counts_by_year_and_the_table_with_tags() {
    let html = deployments_page(PageMeta::default(), page(three()));
    assert!(html.contains("<div class=\"ldr-chart\"><svg"), "{html}");
    assert!(html.contains(COUNT_RULE));
    let counts = crate::views::fixtures::row_containing(&html, ">2017/18</th>").replace("<!>", "");
    let cells = ["0", "1", "1", "2"].map(|n| format!("<td class=\"nhsuk-table__cell\">{n}</td>")).concat();
    assert!(counts.contains(&cells), "2017/18: none active, one committed, one aspirational: {counts}");
    for heading in TABLE_HEADINGS {
        assert!(html.contains(&format!(">{heading}</th>")), "{heading}");
    }
    assert!(html.contains("nhsuk-tag--green\">Committed</strong>"));
    assert!(html.contains("Download this table (CSV)") && html.contains("href=\"/deployments.csv?period=2016-17-q1\""));
    assert!(html.contains("Active: solid; Committed: diagonal hatching; Aspirational: dots in a dashed outline"));
}

#[test]
fn hostile_titles_are_escaped_in_the_chart_and_the_table() {
    let html = deployments_page(PageMeta::default(), page(three()));
    assert!(!html.contains("<script>alert(1)"), "no live script");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn the_table_rows_are_the_csv_rows_with_blanks_where_the_page_shows_a_dash() {
    let rows = table_rows(&three());
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1][..7], ["GHFT", "Records, Assessments & Plans", "Digital notes", "", "2017/18", "Committed", ""]);
    assert!(rows[1][7].starts_with("LDR 2016 D1, Table 2; loaded from the roadmap on 31 October 2016"), "{}", rows[1][7]);
    let html = deployments_page(PageMeta::default(), page(three()));
    assert!(html.contains(">LDR 2016 D1, Table 2; loaded from the roadmap on 31 October 2016"), "the page's words");
}

#[test]
fn links_keep_the_quarter_filters_and_footprint() {
    let filter = DeploymentFilter { organisation: Some("RTE".into()), capability: Some("a b&c".into()), status: Some(Committed) };
    assert_eq!(
        deployments_href("/deployments.csv", Some(q1()), &filter, Some("QOX")),
        "/deployments.csv?period=2016-17-q1&organisation=RTE&capability=a%20b%26c&status=committed&footprint=QOX"
    );
    assert_eq!(deployments_href("/deployments", None, &DeploymentFilter::default(), None), "/deployments");
}

#[test]
fn unknown_filters_show_the_error_summary_and_no_figures() {
    let mut p = page(three());
    p.errors = vec![(CAPABILITY_FIELD.into(), "Choose a capability from the list".into())];
    let html = deployments_page(PageMeta::default(), p);
    assert!(html.contains("<title>Error: Deployment timeline"));
    assert!(html.contains("nhsuk-error-summary") && html.contains("href=\"#filter-capability\""));
    assert!(!html.contains("ldr-chart") && !html.contains("Download this table"));
}

#[test]
fn no_deployments_are_said_in_words() {
    assert!(deployments_page(PageMeta::default(), page(vec![])).contains("No deployments recorded."));
    let mut p = page(vec![]);
    p.filter.status = Some(Active);
    assert!(deployments_page(PageMeta::default(), p).contains("No deployments match these filters."));
}
