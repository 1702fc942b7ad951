//! The organisations in a footprint, and one organisation's page: its digital maturity,
//! capability trajectory, deployments and other measures.

use leptos::prelude::*;

use super::gap_tables::WordedTable;
use super::layout::{render_page, Crumb, Nav, PageMeta};
use super::org_dma::dma_section;
use super::org_trajectory::trajectory_section;
use super::period_selector::period_selector;
use super::widgets::{csv_href, data_table, page_csv_link, source_link};
use crate::domain::values::format_number;
use crate::domain::FinancialYear;
use crate::facts::{Deployment, DeploymentStatus, FootprintSummary, MeasureRow, OrgSummary, OrganisationProfile};

/// "Acute trust", or "Primary care (81 practices)" for a group of members.
fn kind_text(org: &OrgSummary) -> String {
    if org.member_count > 1 {
        format!("{} ({} practices)", org.kind.label(), org.member_count)
    } else {
        org.kind.label().to_string()
    }
}

pub const ORGANISATION_HEADINGS: [&str; 4] = ["Organisation", "Short name", "Kind", "Code"];

fn organisation_cells(o: &OrgSummary) -> [String; 4] {
    [o.name.clone(), o.short_name.clone(), kind_text(o), o.code.clone()]
}

/// The list of organisations in words: its CSV download.
pub fn organisations_table(orgs: &[OrgSummary]) -> WordedTable {
    WordedTable {
        headings: ORGANISATION_HEADINGS.map(String::from).to_vec(),
        rows: orgs.iter().map(|o| organisation_cells(o).to_vec()).collect(),
    }
}

pub fn organisations_page(meta: PageMeta, footprint: FootprintSummary, orgs: Vec<OrgSummary>) -> String {
    let title = format!("Organisations in {}", footprint.name);
    let meta = PageMeta { title: title.clone(), nav: Some(Nav::Organisations), breadcrumbs: vec![Crumb::new("Home", "/")], ..meta };
    let csv = super::layout::in_footprint("/organisations.csv", meta.footprint.as_deref());
    let rows = orgs
        .into_iter()
        .map(|o| {
            let href = format!("/organisations/{}", o.code);
            let [name, short_name, kind, code] = organisation_cells(&o);
            view! {
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="row"><a href=href>{name}</a></th>
                    <td class="nhsuk-table__cell">{short_name}</td>
                    <td class="nhsuk-table__cell">{kind}</td>
                    <td class="nhsuk-table__cell">{code}</td>
                </tr>
            }
        })
        .collect_view();
    let caption = format!("The partner organisations of the {} Local Digital Roadmap", footprint.name);
    let body = view! {
        <h1>{title}</h1>
        {data_table(caption, &ORGANISATION_HEADINGS, rows)}
        {page_csv_link(csv)}
    };
    render_page(meta, body)
}

/// `periods`: (code, label) of the footprint's periods with figures, for the period selector.
pub fn organisation_page(meta: PageMeta, profile: OrganisationProfile, periods: Vec<(String, String)>) -> String {
    let org = profile.org;
    let action = format!("/organisations/{}", org.code);
    let selector = period_selector(action, periods, profile.period.map(|p| p.to_string()), meta.footprint.as_deref());
    let meta = PageMeta {
        title: org.name.clone(),
        nav: Some(Nav::Organisations),
        breadcrumbs: vec![Crumb::new("Home", "/"), Crumb::new("Organisations", "/organisations")],
        data_period: profile.period.map(|p| p.label()).or(meta.data_period),
        ..meta
    };
    let facts = [
        ("Short name", org.short_name.clone()),
        ("Kind", kind_text(&org)),
        ("Code", org.code.clone()),
        ("Footprint", profile.footprint.name),
    ]
    .into_iter()
    .map(|(key, value)| {
        view! {
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">{key}</dt>
                <dd class="nhsuk-summary-list__value">{value}</dd>
            </div>
        }
    })
    .collect_view();
    let csv = |table: &str| csv_href(&format!("/organisations/{}/{table}.csv", org.code), profile.period, meta.footprint.as_deref());
    let hrefs = [csv("dma"), csv("trajectory"), csv("deployments"), csv("measures")];
    let [dma_csv, trajectory_csv, deployments_csv, measures_csv] = hrefs;
    let body = view! {
        <h1>{org.name}</h1>
        {selector}
        <dl class="nhsuk-summary-list">{facts}</dl>
        {dma_section(&org.short_name, profile.period, profile.framework, profile.scale, profile.dma, dma_csv)}
        {trajectory_section(profile.period, profile.trajectory, profile.trajectory_rules.as_ref().zip(profile.scale), trajectory_csv)}
        {deployments_section(profile.deployments, deployments_csv)}
        {measures_section(profile.measures, measures_csv)}
    };
    render_page(meta, body)
}

/// The status as a tag with its word: active, committed or aspirational.
pub(crate) fn status_tag(status: DeploymentStatus) -> impl IntoView {
    let class = match status {
        DeploymentStatus::Active => "nhsuk-tag nhsuk-tag--blue",
        DeploymentStatus::Committed => "nhsuk-tag nhsuk-tag--green",
        DeploymentStatus::Aspirational => "nhsuk-tag nhsuk-tag--grey",
    };
    let word = status_word(status);
    view! { <strong class=class>{word}</strong> }
}

pub const DEPLOYMENT_HEADINGS: [&str; 6] = ["Title", "Capability", "Start", "Target", "Status", "Source"];

/// "Delivered 30 September 2016", when it was.
fn delivered_words(d: &Deployment) -> Option<String> {
    d.delivered_on.map(|on| format!("Delivered {}", crate::domain::long_date(on)))
}

fn status_word(status: DeploymentStatus) -> &'static str {
    match status {
        DeploymentStatus::Active => "Active",
        DeploymentStatus::Committed => "Committed",
        DeploymentStatus::Aspirational => "Aspirational",
    }
}

/// One deployment's cells in words: the title then its description, the status then when it
/// was delivered, each part on its own line as the cell shows it under the other.
fn deployment_cells(d: &Deployment) -> Vec<String> {
    let lines = |parts: Vec<Option<String>>| parts.into_iter().flatten().filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n");
    vec![
        lines(vec![Some(d.title.clone()), Some(d.description.clone())]),
        d.capability.clone().unwrap_or_else(|| "—".to_string()),
        d.start_year.map_or_else(|| "—".to_string(), FinancialYear::label),
        d.target_year.label(),
        lines(vec![Some(status_word(d.status).to_string()), delivered_words(d)]),
        d.source.clone(),
    ]
}

/// The deployments table in words (its CSV download).
pub fn deployments_table(deployments: &[Deployment]) -> WordedTable {
    WordedTable { headings: DEPLOYMENT_HEADINGS.map(String::from).to_vec(), rows: deployments.iter().map(deployment_cells).collect() }
}

fn deployments_section(deployments: Vec<Deployment>, csv_href: String) -> impl IntoView {
    let heading = view! { <h2>"Capability deployments"</h2> };
    if deployments.is_empty() {
        return view! { {heading} <p>"No deployments recorded."</p> }.into_any();
    }
    let rows = deployments
        .into_iter()
        .map(|d| {
            let [_, capability, start, target, _, _]: [String; 6] = deployment_cells(&d).try_into().unwrap_or_default();
            let delivered = delivered_words(&d).map(|words| view! { <p class="nhsuk-body-s nhsuk-u-margin-bottom-0">{words}</p> });
            let description =
                (!d.description.is_empty()).then(|| view! { <p class="nhsuk-body-s nhsuk-u-margin-bottom-0">{d.description}</p> });
            view! {
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="row">{d.title}{description}</th>
                    <td class="nhsuk-table__cell">{capability}</td>
                    <td class="nhsuk-table__cell">{start}</td>
                    <td class="nhsuk-table__cell">{target}</td>
                    <td class="nhsuk-table__cell">{status_tag(d.status)}{delivered}</td>
                    <td class="nhsuk-table__cell"><span class="nhsuk-body-s">{source_link(d.source, d.revision)}</span></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {heading}
        {data_table("What will be deployed, when, and its status", &DEPLOYMENT_HEADINGS, rows)}
        {page_csv_link(csv_href)}
    }
    .into_any()
}

/// "85 %" for a percentage, the plain number otherwise.
fn measure_value(v: f64, unit: &str) -> String {
    if unit == "percent" {
        format!("{} %", format_number(v))
    } else {
        format_number(v)
    }
}

pub const MEASURE_HEADINGS: [&str; 4] = ["Measure", "Value", "National", "Source"];

fn measure_cells(m: &MeasureRow) -> [String; 4] {
    let name = if m.qualifier.is_empty() { m.name.clone() } else { format!("{} – {}", m.name, m.qualifier) };
    let national = m.benchmark.as_ref().map_or_else(|| "—".to_string(), |(group, v)| format!("{} ({group})", measure_value(*v, &m.unit)));
    [name, measure_value(m.value, &m.unit), national, m.source.clone()]
}

/// The measures table in words (its CSV download).
pub fn measures_table(measures: &[MeasureRow]) -> WordedTable {
    WordedTable {
        headings: MEASURE_HEADINGS.map(String::from).to_vec(),
        rows: measures.iter().map(|m| measure_cells(m).to_vec()).collect(),
    }
}

fn measures_section(measures: Vec<MeasureRow>, csv_href: String) -> impl IntoView {
    let heading = view! { <h2>"Other measures"</h2> };
    if measures.is_empty() {
        return view! { {heading} <p>"No other measures recorded."</p> }.into_any();
    }
    let rows = measures
        .into_iter()
        .map(|m| {
            let [name, value, national, _] = measure_cells(&m);
            view! {
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="row">{name}</th>
                    <td class="nhsuk-table__cell">{value}</td>
                    <td class="nhsuk-table__cell">{national}</td>
                    <td class="nhsuk-table__cell"><span class="nhsuk-body-s">{source_link(m.source, m.revision)}</span></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {heading}
        {data_table("Other measures from the roadmap and quarterly returns", &MEASURE_HEADINGS, rows)}
        {page_csv_link(csv_href)}
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{OrgCode, QuarterScore, ReturnSubject, RevisionRef, TrajectoryRow};
    use crate::views::fixtures::{glos, organisations, periods, provenance, q1, row_containing, table_2_matrix, TRUSTS};

    /// One organisation's profile, from its column of Table 2 (0 = GHFT … 4 = GCC).
    fn profile(column: usize) -> OrganisationProfile {
        let m = table_2_matrix();
        let dma = m.themes.iter().zip(&m.cells).map(|(t, row)| (t.clone(), row[column].clone(), Some(provenance()))).collect();
        let trajectory = m
            .themes
            .iter()
            .zip(&m.cells)
            .filter(|(t, _)| t.pf_poc)
            .map(|(t, row)| TrajectoryRow {
                capability: t.name.clone(),
                scores: vec![QuarterScore { period: q1(), score: row[column].score() }],
                planned: vec![],
                sources: Default::default(),
            })
            .collect();
        OrganisationProfile {
            org: m.organisations[column].clone(),
            footprint: glos(),
            period: Some(q1()),
            dma,
            framework: Some(m.framework),
            scale: Some(m.scale),
            deployments: vec![],
            trajectory,
            trajectory_rules: Some(crate::analysis::computed_rag::RuleSet::defaults(q1())),
            measures: vec![],
        }
    }

    fn ghft() -> OrganisationProfile {
        OrganisationProfile {
            deployments: vec![Deployment {
                capability: Some("Records, Assessments & Plans".into()),
                title: "Digital clinical notes in all specialties".into(),
                description: "By 2017/18 trust staff will be able to digitally record clinical notes in all specialties.".into(),
                start_year: None,
                target_year: FinancialYear(2017),
                status: DeploymentStatus::Committed,
                delivered_on: chrono::NaiveDate::from_ymd_opt(2016, 9, 30),
                source: "LDR 2016 E2.8".into(),
                revision: None,
            }],
            measures: vec![
                MeasureRow {
                    name: "Records with NHS number".into(),
                    qualifier: String::new(),
                    value: 100.0,
                    unit: "percent".into(),
                    benchmark: None,
                    source: "LDR 2016 G4, Table 7".into(),
                    revision: None,
                },
                MeasureRow {
                    name: "Staff equipped with mobile devices at point of care".into(),
                    qualifier: String::new(),
                    value: 50.0,
                    unit: "percent".into(),
                    benchmark: Some((TRUSTS.into(), 63.0)),
                    source: "LDR 2016 G2.4".into(),
                    revision: Some(RevisionRef {
                        period: "2016-17-q2".parse().unwrap(),
                        subject: ReturnSubject::Organisation(OrgCode("RTE".into())),
                        revision: 1,
                    }),
                },
            ],
            ..profile(0)
        }
    }

    #[test]
    fn the_list_links_each_organisation_and_counts_the_practices() {
        let html = organisations_page(PageMeta::default(), glos(), organisations());
        assert_eq!(html.matches("<h1").count(), 1);
        assert!(html.contains("<h1>Organisations in Gloucestershire</h1>"));
        let row = row_containing(&html, "href=\"/organisations/RTE\"");
        assert!(row.contains(">Gloucestershire Hospitals NHS Foundation Trust</a>") && row.contains(">Acute trust<"));
        assert!(row_containing(&html, "/organisations/GLOS-PC").contains("Primary care (81 practices)"));
        assert!(html.contains("href=\"/\" class=\"nhsuk-breadcrumb__link\">Home</a>"));
    }

    #[test]
    fn the_organisation_page_has_the_chart_and_the_same_figures_as_a_table() {
        let html = organisation_page(PageMeta::default(), ghft(), periods());
        assert_eq!(html.matches("<h1").count(), 1);
        assert!(html.contains("<h1>Gloucestershire Hospitals NHS Foundation Trust</h1>"));
        assert!(html.contains("<div class=\"ldr-chart\"><svg"));
        assert!(html.contains("role=\"img\""));
        let start = html
            .find("<caption class=\"nhsuk-table__caption\">GHFT digital maturity against its peer group, 2016/17 Q1")
            .expect("dma table");
        let table = &html[start..start + html[start..].find("</table>").unwrap()];
        assert_eq!(table.matches("scope=\"row\"").count(), 14);
        let row = row_containing(table, ">Records, Assessments &amp; Plans<");
        for text in [">12<", ">44<", ">−32<", "▼ below", "LDR 2016 D1, Table 2"] {
            assert!(row.contains(text), "row lacks {text}: {row}");
        }
        assert!(row_containing(table, ">Strategic Alignment<").contains(">+4<"));
        assert!(html.contains("compared with the National average of NHS trusts."));
        assert!(html.contains("Organisations</a>") && html.contains("Figures for 2016/17 Q1."));
    }

    #[test]
    fn a_council_is_shown_against_councils_and_unassessed_themes_say_so() {
        let html = organisation_page(PageMeta::default(), profile(4), periods());
        let row = row_containing(&html, ">Leadership<");
        assert!(row.contains(">84<") && row.contains(">78.52<") && row.contains(">+5.48<"));
        let row = row_containing(&html, ">Transfers Of Care</th><td");
        assert!(row.contains(">55<") && row.contains("No comparator"));
        let row = row_containing(&html, ">Orders &amp; Results Management</th><td class=\"nhsuk-table__cell\">Not");
        assert!(row.contains("Not assessed"));
        assert!(html.contains("each score is compared with the National average of councils (social-care DMA)."));
    }

    #[test]
    fn lost_trajectory_plans_are_explained_and_empty_sections_say_so() {
        let html = organisation_page(PageMeta::default(), profile(1), periods());
        assert!(html.contains("Figures 8 and 9, which were images"));
        let trajectory = &html[html.find("Capability trajectory").unwrap()..];
        assert!(row_containing(trajectory, ">Transfers Of Care<")
            .contains(">38 (2016/17 Q1)</td><td class=\"nhsuk-table__cell\">Not recorded<"));
        assert!(html.contains("No deployments recorded.") && html.contains("No other measures recorded."));
        let mut planned = profile(1);
        planned.trajectory[0].planned = vec![(FinancialYear(2017), 60.0), (FinancialYear(2018), 70.0)];
        let html = organisation_page(PageMeta::default(), planned, periods());
        assert!(html.contains(">Planned 2017/18</th>") && html.contains(">Planned 2018/19</th>"));
        assert!(html.contains(">60</td><td class=\"nhsuk-table__cell\">70</td>"), "each year's plan in its own cell");
        assert!(!html.contains("Figures 8 and 9"));
    }

    #[test]
    fn deployments_and_measures_carry_their_status_and_benchmarks() {
        let html = organisation_page(PageMeta::default(), ghft(), periods());
        let row = row_containing(&html, "Digital clinical notes");
        assert!(row.contains("nhsuk-tag--green\">Committed<") && row.contains(">2017/18<") && row.contains("LDR 2016 E2.8"));
        assert!(row.contains("Delivered 30 September 2016"), "the NHS date style");
        let row = row_containing(&html, "Staff equipped with mobile devices");
        assert!(row.contains(">50 %<") && row.contains("63 % (National average of NHS trusts)"));
        assert!(row_containing(&html, "Records with NHS number").contains(">—<"));
    }

    #[test]
    fn primary_care_has_no_digital_maturity_framework() {
        let practices = organisations().into_iter().find(|o| o.member_count > 1).unwrap();
        let p = OrganisationProfile { org: practices, dma: vec![], framework: None, trajectory: vec![], period: None, ..profile(0) };
        let html = organisation_page(PageMeta::default(), p, periods());
        assert!(html.contains("No digital maturity framework applies to this kind of organisation."));
        assert!(!html.contains("ldr-chart"));
        assert!(html.contains("No trajectory recorded."));
    }
}
