//! The sample document rendered as the print page: escaping, every figure, the links, the
//! digest, the charts' text alternatives, the running header and the endorsement.

use chrono::NaiveDate;
use ldr_app::report::sample::sample_document;
use ldr_app::report::ReportDocument;

use super::{render, Downloads, Endorsement, ReportPage, Stylesheets};

const DIGEST: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

fn page<'a>(doc: &'a ReportDocument, endorsed: Option<Endorsement<'a>>) -> ReportPage<'a> {
    ReportPage {
        doc,
        version: 3,
        sha256: DIGEST,
        endorsed,
        back: Some(("/reports", "All reports")),
        downloads: Downloads { pdf: "/reports/7/report.pdf", xlsx: Some("/reports/7/data.xlsx"), csv_prefix: Some("/reports/7/csv/") },
        notice: None,
        stylesheets: Stylesheets { nhsuk: "/style/vendor/nhsuk-frontend.min.css?v=1", report: "/style/report.css?v=1" },
    }
}

fn rendered(endorsed: Option<Endorsement<'_>>) -> String {
    let doc = sample_document();
    render(&page(&doc, endorsed)).expect("the sample renders")
}

/// What askama writes for a text: the five HTML-special characters as numeric references.
fn escaped(text: &str) -> String {
    text.replace('&', "&#38;").replace('<', "&#60;").replace('>', "&#62;").replace('"', "&#34;").replace('\'', "&#39;")
}

#[test]
fn hostile_text_is_printed_escaped_never_as_markup() {
    let html = rendered(None);
    assert!(!html.contains("<script"), "no script element, ours or theirs");
    assert!(html.contains("Trust &#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;Co&#34;"), "{html}");
    assert!(html.contains("=HYPERLINK(&#34;http://x&#34;)"));
}

#[test]
fn every_cell_of_every_section_table_is_printed_exactly_in_its_own_cell() {
    let doc = sample_document();
    let html = render(&page(&doc, None)).unwrap();
    for table in doc.sections.iter().flat_map(|s| &s.tables) {
        for row in &table.rows {
            for (cell, column) in row.iter().zip(&table.columns) {
                let class = if column.numeric { "nhsuk-table__cell nhsuk-table__cell--numeric" } else { "nhsuk-table__cell" };
                let text = escaped(&cell.text);
                let wanted = match cell.rag_tone() {
                    Some(rag) => format!(r#"<td class="{class}"><strong class="{}">{text}</strong></td>"#, rag.tag_class()),
                    None => format!(r#"<td class="{class}">{text}</td>"#),
                };
                assert!(html.contains(&wanted), "{} is missing {wanted}", table.id);
            }
        }
    }
}

#[test]
fn the_columns_are_headed_and_numeric_ones_right_aligned() {
    let html = rendered(None);
    assert!(html.contains(r#"<th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">Peer average</th>"#));
    assert!(html.contains(r#"<th scope="col" class="nhsuk-table__header">Theme</th>"#));
    assert!(html.contains(r#"<caption class="nhsuk-table__caption" id="dma-dma-heatmap-caption">DMA scores (first 40 rows)</caption>"#));
    assert!(html.contains(r#"role="region" aria-labelledby="dma-dma-heatmap-caption" tabindex="0""#));
}

#[test]
fn every_section_table_has_its_csv_link_and_the_contents_list_every_section() {
    let doc = sample_document();
    let html = render(&page(&doc, None)).unwrap();
    for section in &doc.sections {
        assert!(html.contains(&format!(r##"<li><a href="#{}">{}</a></li>"##, section.id, section.title)));
        assert!(html.contains(&format!(r#"<section class="ldr-report-section" id="{}""#, section.id)));
        for table in &section.tables {
            let link = format!(r#"<a href="/reports/7/csv/{}.csv" download>Download this table (CSV)"#, table.id);
            assert_eq!(html.matches(&link).count(), 1, "{link}");
        }
    }
    assert!(html.contains(r#"<a href="/reports/7/report.pdf" download>"#));
    assert!(html.contains(r#"<a href="/reports/7/data.xlsx" download>"#));
}

#[test]
fn the_footer_shows_the_digest_of_the_frozen_facts() {
    let html = rendered(None);
    assert!(html.contains(&format!("SHA-256 of the frozen facts: <code class=\"ldr-report-digest\">{DIGEST}</code>")));
}

#[test]
fn every_chart_is_a_figure_with_its_title_and_its_words() {
    let doc = sample_document();
    let html = render(&page(&doc, None)).unwrap();
    let chart = doc.chart("dma-ghft").unwrap();
    assert!(html.contains(&format!(r#"<figcaption class="nhsuk-heading-s">{}</figcaption>"#, escaped(&chart.title))));
    assert!(html.contains(&chart.svg), "the SVG inline, unescaped");
    assert!(html.contains(&format!("<p class=\"nhsuk-body-s\">In words: {}</p>", escaped(&chart.alt))));
}

#[test]
fn the_title_and_running_header_name_footprint_quarter_and_version() {
    let doc = sample_document();
    let html = render(&page(&doc, None)).unwrap();
    assert!(html.contains("<title>Assurance report: Gloucestershire 2016/17 Q4 (version 3)</title>"), "{html}");
    let header = escaped(&doc.running_header(3));
    assert_eq!(header, "Gloucestershire (GLOS) · 2016/17 Q4 · version 3");
    assert!(html.contains(&format!(r#"<html lang="en-GB" data-running-header="{header}">"#)));
    assert!(!html.contains("<style"), "the CSP allows no inline style");
}

#[test]
fn the_print_stylesheet_puts_that_attribute_and_the_page_numbers_in_the_margins() {
    let css = include_str!("../../../style/report.css");
    assert!(css.contains("--ldr-running-header: attr(data-running-header);"));
    assert!(css.contains("content: var(--ldr-running-header"));
    assert!(css.contains(r#"content: "Page " counter(page) " of " counter(pages);"#));
    assert!(css.contains("size: A4;"));
}

#[test]
fn an_endorsed_version_shows_the_steering_groups_endorsement() {
    let at = NaiveDate::from_ymd_opt(2017, 4, 20).and_then(|d| d.and_hms_opt(14, 5, 0)).unwrap();
    let html = rendered(Some(Endorsement { by: "Sam <Lee>", at }));
    assert!(html.contains(r#"<strong class="nhsuk-tag nhsuk-tag--green">Endorsed by the Steering Group on 20 April 2017</strong>"#));
    assert!(html.contains("Recorded by Sam &#60;Lee&#62; on 20 April 2017 at 14:05 UTC"));
    assert!(!html.contains("Not yet endorsed"));
}

#[test]
fn a_version_not_endorsed_says_so() {
    let html = rendered(None);
    assert!(html.contains(r#"<strong class="nhsuk-tag nhsuk-tag--grey">Not yet endorsed</strong>"#));
    assert!(!html.contains("Endorsed by"));
}

#[test]
fn a_reviewer_link_page_has_its_notice_and_no_back_link() {
    let doc = sample_document();
    let mut p = page(&doc, None);
    p.back = None;
    p.notice = Some("You are reading this report through a link that expires on 2017-06-30.");
    let html = render(&p).unwrap();
    assert!(!html.contains("nhsuk-back-link"));
    assert!(html.contains("<p>You are reading this report through a link that expires on 2017-06-30.</p>"));
    assert!(rendered(None).contains(r#"<a class="nhsuk-back-link" href="/reports">All reports</a>"#));
}

#[test]
fn the_page_links_both_stylesheets_and_its_generation() {
    let html = rendered(None);
    assert!(html.contains(r#"<link rel="stylesheet" href="/style/vendor/nhsuk-frontend.min.css?v=1">"#));
    assert!(html.contains(r#"<link rel="stylesheet" href="/style/report.css?v=1">"#));
    assert!(html.contains("12 April 2017 at 09:30 UTC by Pat Morgan (PMO)"));
}
