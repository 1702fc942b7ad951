//! The assurance report as a standalone HTML page styled for print (A4, a running header with
//! footprint, quarter and version, page numbers): one frozen `ReportDocument` in, one page
//! out. Every text is a `Cell::text` or a document string printed as it is, escaped by askama;
//! the only markup let through unescaped is our own chart SVG.

use askama::Template;
use chrono::NaiveDateTime;
use ldr_app::domain::long_date;
use ldr_app::report::{Cell, Chart, Column, ReportDocument, Section, Table};

/// Everything the page shows besides the document: how it was reached decides the links.
pub struct ReportPage<'a> {
    pub doc: &'a ReportDocument,
    pub version: u32,
    /// SHA-256 (hex) of the frozen facts, printed in the footer.
    pub sha256: &'a str,
    pub endorsed: Option<Endorsement<'a>>,
    /// (href, words) of the back link; `None` on a reviewer link, which leads nowhere else.
    pub back: Option<(&'a str, &'a str)>,
    pub downloads: Downloads<'a>,
    /// A line above the report, on screen only (a reviewer link's expiry date).
    pub notice: Option<&'a str>,
    pub stylesheets: Stylesheets<'a>,
}

/// Who recorded the Steering Group's endorsement, and when (UTC).
pub struct Endorsement<'a> {
    pub by: &'a str,
    pub at: NaiveDateTime,
}

pub struct Downloads<'a> {
    pub pdf: &'a str,
    /// None on a reviewer's link, which opens the report and its PDF and nothing else.
    pub xlsx: Option<&'a str>,
    /// The CSV of the table with id `X` is at `{csv_prefix}X.csv` (None: no CSV links).
    pub csv_prefix: Option<&'a str>,
}

/// The hrefs of the NHS.UK frontend's CSS and of `style/report.css` (see [`stylesheet_hrefs`]).
pub struct Stylesheets<'a> {
    pub nhsuk: &'a str,
    pub report: &'a str,
}

/// The two stylesheet hrefs with the `?v=HASH` the layout's links carry once the server has
/// started (plain paths before), so the report's CSS is cached like the app's.
pub fn stylesheet_hrefs() -> (String, String) {
    let versioned = |path: &str| match ldr_app::views::layout::ASSET_VERSION.get() {
        Some(v) => format!("{path}?v={v}"),
        None => path.to_string(),
    };
    (versioned("/style/vendor/nhsuk-frontend.min.css"), versioned("/style/report.css"))
}

pub fn render(page: &ReportPage<'_>) -> Result<String, askama::Error> {
    PageTemplate::new(page).render()
}

#[derive(Template)]
#[template(path = "report/page.html")]
struct PageTemplate<'a> {
    page: &'a ReportPage<'a>,
    doc: &'a ReportDocument,
    title: String,
    /// Printed at the top of every paper page by `style/report.css`, which reads it from the
    /// `<html>` element's attribute: the CSP allows no inline style, and an attribute needs no
    /// CSS-string escaping.
    running_header: String,
    generated: String,
    endorsed: Option<String>,
    sections: Vec<SectionView<'a>>,
}

struct SectionView<'a> {
    section: &'a Section,
    charts: Vec<&'a Chart>,
    tables: Vec<TableView<'a>>,
}

struct TableView<'a> {
    table: &'a Table,
    /// Unique on the page: a table id may appear in more than one section.
    anchor: String,
    csv_href: Option<String>,
    headings: &'a [Column],
    rows: Vec<Vec<CellView<'a>>>,
}

struct CellView<'a> {
    text: &'a str,
    numeric: bool,
    /// The NHS tag of a RAG cell; its word is the cell's text.
    tag_class: Option<&'static str>,
}

impl<'a> PageTemplate<'a> {
    fn new(page: &'a ReportPage<'a>) -> Self {
        let doc = page.doc;
        PageTemplate {
            page,
            doc,
            title: format!("Assurance report: {} {} (version {})", doc.footprint_name, doc.period_label, page.version),
            running_header: doc.running_header(page.version),
            generated: format!("{} by {}", date_time(doc.generated_at), doc.generated_by),
            endorsed: page.endorsed.as_ref().map(|e| format!("Endorsed by the Steering Group on {}", long_date(e.at.date()))),
            sections: doc.sections.iter().map(|s| SectionView::new(doc, s, page.downloads.csv_prefix)).collect(),
        }
    }

    fn endorsement_recorded(&self) -> Option<String> {
        self.page.endorsed.as_ref().map(|e| format!("Recorded by {} on {}", e.by, date_time(e.at)))
    }
}

impl<'a> SectionView<'a> {
    fn new(doc: &'a ReportDocument, section: &'a Section, csv_prefix: Option<&str>) -> Self {
        SectionView {
            section,
            // A section names its charts by id; the builder's tests keep every id resolvable.
            charts: section.charts.iter().filter_map(|id| doc.chart(id)).collect(),
            tables: section.tables.iter().map(|t| TableView::new(section, t, csv_prefix)).collect(),
        }
    }
}

impl<'a> TableView<'a> {
    fn new(section: &Section, table: &'a Table, csv_prefix: Option<&str>) -> Self {
        let rows = table
            .rows
            .iter()
            .map(|row| row.iter().zip(&table.columns).map(|(cell, column)| CellView::new(cell, column)).collect())
            .collect();
        TableView {
            table,
            anchor: format!("{}-{}", section.id, table.id),
            csv_href: csv_prefix.map(|prefix| format!("{prefix}{}.csv", table.id)),
            headings: &table.columns,
            rows,
        }
    }
}

impl<'a> CellView<'a> {
    fn new(cell: &'a Cell, column: &Column) -> Self {
        CellView { text: &cell.text, numeric: column.numeric, tag_class: cell.rag_tone().map(|r| r.tag_class()) }
    }
}

/// "12 April 2017 at 09:30 UTC": the dates of the report itself (not figures) in the
/// app's one date style.
fn date_time(t: NaiveDateTime) -> String {
    format!("{} at {} UTC", long_date(t.date()), t.format("%H:%M"))
}

#[cfg(test)]
mod tests;
