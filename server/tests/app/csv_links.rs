//! A CSV link under every table of the pages (issue 12): each page is read as someone who may
//! see it, every `<table` must be followed (before the next table) by a link to a `.csv`, and
//! that CSV must hold the table's header and rows, cell for cell. CSVs follow their page's
//! access rules and write nothing.
//!
//! How cells are compared: the page's cell is what it shows (charts and text for screen readers
//! only, and a details component's summary, its control, are left out), `strip_tags` (which turns each tag into a space)
//! with the few entities the views escape decoded; the CSV's cell has its defusing apostrophe
//! taken off (a cell starting `'=`, `'+`, `'-`, `'@`). Both are then compared with every
//! whitespace character removed: markup splits a cell's words in places (a tag and its
//! reason, "source ; entered by" where a link ends) that a CSV writes as a space or a new
//! line, but every other character, every word and figure and its order, must be the same.

use reqwest::StatusCode;

use crate::returns::ghft_submits_q2;
use crate::support::{spawn_app, strip_tags, TestApp};

const Q1: &str = "2016-17-q1";

async fn signed_in(app: &TestApp, username: &str) -> TestApp {
    let person = app.another_person();
    person.login_as(username).await;
    person
}

fn decode(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// A cell's text for comparison: no whitespace at all (see the module's comment).
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `html` without the elements that open with `open` up to their `close` (not nested).
fn without(html: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find(open) {
        out.push_str(&rest[..at]);
        let end = rest[at..].find(close).expect("element closes");
        rest = &rest[at + end + close.len()..];
    }
    out.push_str(rest);
    out
}

/// What the cell shows: its text without charts (pictures, whose words are beside them) and
/// without words for screen readers only.
fn page_cell(html: &str) -> String {
    let shown = without(&without(html, "<svg", "</svg>"), "<span class=\"nhsuk-u-visually-hidden\">", "</span>");
    // A details component's summary is its control ("Version 2 in full"); its text is the data.
    let shown = without(&shown, "<summary", "</summary>");
    squeezed(&decode(&strip_tags(&shown)))
}

fn csv_cell(text: &str) -> String {
    let undefused = match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => text,
    };
    squeezed(undefused)
}

/// The cells (`<th>` and `<td>`, never `<thead>`/`<tbody>`) of a fragment, in order, as html.
fn cells(fragment: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = fragment;
    while let Some(at) = rest.find("<t") {
        let tag = &rest[at..];
        let name = if tag.starts_with("<th") {
            "th"
        } else if tag.starts_with("<td") {
            "td"
        } else {
            ""
        };
        let opens_cell = !name.is_empty() && tag[3..].starts_with([' ', '>']);
        if !opens_cell {
            rest = &rest[at + 2..];
            continue;
        }
        let start = at + tag.find('>').expect("cell tag ends");
        let end = at + tag.find(&format!("</{name}>")).expect("cell closes");
        out.push(rest[start + 1..end].to_string());
        // A cell spanning columns is, in the CSV, its words in the first and the others blank
        // (as a spreadsheet writes a merged cell).
        let span = rest[at..start].split("colspan=\"").nth(1).and_then(|v| v.split('"').next()?.parse::<usize>().ok()).unwrap_or(1);
        out.extend(std::iter::repeat_n(String::new(), span - 1));
        rest = &rest[end..];
    }
    out
}

/// The table's heading cells and its body rows, as html cells.
fn table_parts(table: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let head = &table[table.find("<thead").expect("thead")..table.find("</thead>").expect("thead closes")];
    let body = &table[table.find("<tbody").expect("tbody")..table.find("</tbody>").expect("tbody closes")];
    let rows = body.split("<tr").skip(1).map(cells).collect();
    (cells(head), rows)
}

/// Every table of the page with the href of the CSV link that follows it.
fn tables_with_links(html: &str, path: &str) -> Vec<(String, String)> {
    let starts: Vec<usize> = html.match_indices("<table").map(|(i, _)| i).collect();
    let mut out = Vec::new();
    for (n, &start) in starts.iter().enumerate() {
        let end = start + html[start..].find("</table>").expect("table closes") + "</table>".len();
        let next = starts.get(n + 1).copied().unwrap_or(html.len());
        let between = &html[end..next];
        let href = between
            .match_indices("href=\"")
            .map(|(i, m)| &between[i + m.len()..i + m.len() + between[i + m.len()..].find('"').unwrap()])
            .find(|h| h.ends_with(".csv") || h.contains(".csv?"))
            .unwrap_or_else(|| panic!("{path}: table {n} has no CSV link after it"));
        out.push((html[start..end].to_string(), decode(href)));
    }
    out
}

/// Reads `path` as `reader`, and checks each table's CSV against it; the number of tables.
async fn every_table_matches_its_csv(reader: &TestApp, path: &str) -> usize {
    let (status, html) = reader.get_page(path).await;
    assert_eq!(status, StatusCode::OK, "{path}");
    let tables = tables_with_links(&html, path);
    for (table, href) in &tables {
        let r = reader.get(href).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}: {href}");
        let kind = r.headers()["content-type"].to_str().unwrap().to_string();
        assert_eq!(kind, "text/csv; charset=utf-8", "{href}");
        let body = r.text().await.unwrap();
        let mut csv = csv::ReaderBuilder::new().has_headers(false).from_reader(body.as_bytes());
        let records: Vec<Vec<String>> = csv.records().map(|r| r.unwrap().iter().map(csv_cell).collect()).collect();
        let (head, rows) = table_parts(table);
        let head: Vec<String> = head.iter().map(|c| page_cell(c)).collect();
        assert_eq!(records.first(), Some(&head), "{path}: the headings of {href}");
        let rows: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| page_cell(c)).collect()).collect();
        assert_eq!(records[1..].len(), rows.len(), "{path}: the number of rows of {href}");
        for (n, (csv_row, page_row)) in records[1..].iter().zip(&rows).enumerate() {
            assert_eq!(csv_row, page_row, "{path}: row {n} of {href}");
        }
    }
    tables.len()
}

async fn audit_entries(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log").fetch_one(&app.pool).await.unwrap()
}

#[tokio::test]
async fn the_organisations_and_every_table_of_an_organisation_page_have_a_csv_with_their_rows() {
    let app = spawn_app().await;
    let pmo = signed_in(&app, "pmo").await;
    assert_eq!(every_table_matches_its_csv(&pmo, "/organisations").await, 1, "the list");
    for path in ["/organisations/RTE", &format!("/organisations/RTE?period={Q1}"), "/organisations/E10000013"] {
        let tables = every_table_matches_its_csv(&pmo, path).await;
        assert!(tables >= 3, "{path}: the DMA, trajectory and deployments tables at least ({tables})");
    }
}

#[tokio::test]
async fn every_table_of_a_capability_page_and_an_aim_page_has_a_csv_with_its_rows() {
    let app = spawn_app().await;
    let pmo = signed_in(&app, "pmo").await;
    for path in ["/capabilities/1", "/capabilities/4", &format!("/capabilities/9?period={Q1}"), "/aims/4d", "/aims/9d"] {
        let tables = every_table_matches_its_csv(&pmo, path).await;
        assert!(tables >= 1, "{path}: {tables} tables");
    }
}

#[tokio::test]
async fn the_roadmap_rules_and_periods_tables_have_csvs_with_their_rows() {
    let app = spawn_app().await;
    let pmo = signed_in(&app, "pmo").await;
    crate::returns::open_quarter(&app, "2016-17-q2").await;
    for path in ["/roadmap", "/rules", "/periods"] {
        assert_eq!(every_table_matches_its_csv(&pmo, path).await, 1, "{path}");
    }
}

#[tokio::test]
async fn the_chase_list_and_the_queue_have_csvs_and_a_cio_gets_only_what_their_page_shows() {
    let app = spawn_app().await;
    ghft_submits_q2(&app, &[]).await;
    let pmo = signed_in(&app, "pmo").await;
    assert_eq!(every_table_matches_its_csv(&pmo, "/returns").await, 2, "the chase list and the queue");
    // The audit log, with the return's section saves (a cell over the before and after columns).
    assert_eq!(every_table_matches_its_csv(&pmo, "/audit").await, 1);
    assert_eq!(every_table_matches_its_csv(&pmo, "/audit?organisation=RTE").await, 1);
    let cio = signed_in(&app, "cio.ghft").await;
    assert_eq!(every_table_matches_its_csv(&cio, "/returns").await, 1, "a CIO's chase list, without the queue");
    let own = cio.get("/returns/chase.csv").await.text().await.unwrap();
    assert_eq!(own.lines().count(), 2, "their own organisation's line only: {own}");
    assert!(own.contains("Gloucestershire Hospitals NHS Foundation Trust"), "{own}");
    // What a CIO's pages do not show, their CSVs refuse.
    for path in ["/returns/queue.csv", "/periods.csv", "/national.csv", "/audit.csv", "/exports/csv/returns.csv?period=2016-17-q2"] {
        assert_eq!(cio.get(path).await.status(), StatusCode::FORBIDDEN, "{path}");
    }
}

#[tokio::test]
async fn a_reviewer_gets_the_national_csv_and_reading_csvs_writes_nothing() {
    let app = spawn_app().await;
    let reviewer = signed_in(&app, "reviewer").await;
    let pmo = signed_in(&app, "pmo").await;
    let before = audit_entries(&app).await;
    assert_eq!(every_table_matches_its_csv(&reviewer, "/national").await, 1);
    assert_eq!(every_table_matches_its_csv(&pmo, "/national?sort=red&dir=desc").await, 1, "in the page's order, its own footprint tagged");
    every_table_matches_its_csv(&pmo, "/organisations/RTE").await;
    every_table_matches_its_csv(&pmo, "/aims/4d").await;
    assert_eq!(audit_entries(&app).await, before, "pages and their CSVs read, never write");
}

/// Tables whose link gives the steering pack's table of the figures behind them (laid out one
/// row per figure, so not cell for cell): each link must still answer with a CSV of the
/// quarter's rows, to the reader the page is for.
#[tokio::test]
async fn every_table_of_the_dashboard_and_the_analysis_pages_has_a_csv_link_that_answers() {
    let app = spawn_app().await;
    let pmo = signed_in(&app, "pmo").await;
    let cio = signed_in(&app, "cio.ghft").await;
    for reader in [&pmo, &cio] {
        for path in ["/", "/capabilities", "/dma", "/trajectories", "/gaps", "/deployments"] {
            let (status, html) = reader.get_page(path).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            let tables = tables_with_links(&html, path);
            assert!(!tables.is_empty(), "{path}: no table");
            for (_, href) in tables {
                let r = reader.get(&href).await;
                assert_eq!(r.status(), StatusCode::OK, "{path}: {href}");
                assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8", "{href}");
                let body = r.text().await.unwrap();
                assert!(body.lines().count() >= 2, "{path}: {href} has a heading and rows: {body}");
            }
        }
    }
}
