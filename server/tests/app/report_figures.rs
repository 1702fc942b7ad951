//! One figure, one value: a report generated for Gloucestershire and for a generated
//! footprint is read back from every surface (the frozen facts JSON, the report's HTML page,
//! the PDF through pdftotext, the XLSX through calamine, each table's CSV, and the dashboard)
//! and compared with the facts, figure by figure.

use std::io::Cursor;
use std::process::Command;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use reqwest::StatusCode;

use crate::reports::{bytes, generate, signed_in};
use crate::returns::decide;
use crate::support::{row_containing, spawn_app, TestApp};
use ldr_app::report::{Cell, ReportDocument, Table, Value};

pub fn sheet_names(xlsx: &[u8]) -> Vec<String> {
    let book: Xlsx<_> = open_workbook_from_rs(Cursor::new(xlsx.to_vec())).expect("an XLSX calamine reads");
    book.sheet_names().to_vec()
}

fn folded(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// HTML's character references back to characters: the named five and numeric ones
/// (askama writes `&#38;` for `&`).
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let end = after.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => name
                    .strip_prefix("#x")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn text_of(fragment: &str) -> String {
    folded(&unescape(&crate::support::strip_tags(fragment)))
}

/// The body rows of the HTML table marked `data-table="ID"`, each as its cells' text.
fn html_rows(html: &str, id: &str) -> Vec<Vec<String>> {
    let marker = format!("data-table=\"{id}\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("table {id} on the report page"));
    let table = &html[start..];
    let table = &table[..table.find("</table>").expect("table end")];
    let body = table.split_once("<tbody").map_or("", |(_, b)| b);
    body.split("<tr")
        .skip(1)
        .map(|row| {
            let row = row.split("</tr>").next().unwrap_or_default();
            row.split("<t")
                .skip(1)
                .filter(|c| c.starts_with('d') || c.starts_with('h'))
                .map(|c| text_of(c.split_once('>').map_or("", |(_, rest)| rest)))
                .collect()
        })
        .collect()
}

fn is_figure(c: &Cell) -> bool {
    matches!(c.value, Value::Number(..) | Value::Integer(_) | Value::Date(_) | Value::DateTime(_) | Value::Rag(_))
}

/// Whether `needles` occur in `haystack` in order (other words may come between).
fn in_order(haystack: &[&str], needles: &[String]) -> Result<(), String> {
    let mut at = 0;
    for (i, n) in needles.iter().enumerate() {
        match haystack[at..].iter().position(|w| w == n) {
            Some(p) => at += p + 1,
            None => return Err(format!("figure {i} ({n}) not found in order; the ones before: {:?}", &needles[i.saturating_sub(5)..i])),
        }
    }
    Ok(())
}

fn check_xlsx(doc: &ReportDocument, xlsx: &[u8]) {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(xlsx.to_vec())).unwrap();
    for table in &doc.data {
        let range = book.worksheet_range(&table.id).unwrap_or_else(|e| panic!("sheet {}: {e}", table.id));
        let headings: Vec<String> = range.rows().next().unwrap().iter().map(|d| d.to_string()).collect();
        assert_eq!(headings, table.columns.iter().map(|c| c.heading.clone()).collect::<Vec<_>>(), "{} headings", table.id);
        let rows: Vec<&[Data]> = range.rows().skip(1).collect();
        assert_eq!(rows.len(), table.rows.len(), "{} rows", table.id);
        for (r, (row, cells)) in rows.iter().zip(&table.rows).enumerate() {
            for (c, cell) in cells.iter().enumerate() {
                let got = row.get(c).cloned().unwrap_or(Data::Empty);
                let same = match (&cell.value, &got) {
                    (Value::Empty, Data::Empty) => true,
                    (Value::Empty, Data::String(s)) => s.is_empty() || *s == cell.text,
                    (Value::Number(v, _), Data::Float(f)) => v == f,
                    (Value::Integer(n), Data::Float(f)) => *n as f64 == *f,
                    (Value::Integer(n), Data::Int(i)) => n == i,
                    (Value::Date(d), Data::DateTime(x)) => x.as_datetime().map(|t| t.date()) == Some(*d),
                    (Value::DateTime(t), Data::DateTime(x)) => x.as_datetime() == Some(*t),
                    (Value::Text(_) | Value::Rag(_), Data::String(s)) => *s == cell.text,
                    _ => false,
                };
                assert!(same, "{} row {r} column {c}: {:?} in the facts, {got:?} in the workbook", table.id, cell.value);
            }
        }
    }
}

fn check_csv(table: &Table, csv_bytes: &[u8]) {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(csv_bytes);
    let headings: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(headings, table.columns.iter().map(|c| c.heading.clone()).collect::<Vec<_>>());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), table.rows.len(), "{} CSV rows", table.id);
    for (row, cells) in rows.iter().zip(&table.rows) {
        for (got, cell) in row.iter().zip(cells) {
            // A cell a spreadsheet would run as a formula carries a leading apostrophe.
            assert!(got == cell.text || got.strip_prefix('\'') == Some(cell.text.as_str()), "{}: {got:?} vs {:?}", table.id, cell.text);
        }
    }
}

fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, pdf).unwrap();
    // -layout: as the page is laid out, so a table reads row by row, left to right.
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by scripts/test.sh");
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Generates the newest quarter's report as `pmo` and compares every surface with its facts.
async fn every_surface_agrees(app: &TestApp, pmo: &TestApp, period: &str) -> ReportDocument {
    let v = generate(pmo, period).await;
    let (status, json) = bytes(pmo, &format!("{v}/facts.json")).await;
    assert_eq!(status, StatusCode::OK);
    let doc: ReportDocument = serde_json::from_slice(&json).unwrap();
    let (_, html) = pmo.get_page(&v).await;
    let pdf = pdf_text(&bytes(pmo, &format!("{v}/report.pdf")).await.1);
    let words: Vec<&str> = pdf.split_whitespace().collect();
    let mut figures = 0;
    for section in &doc.sections {
        assert!(folded(&pdf).contains(&folded(&section.title)), "section {} in the PDF", section.title);
        for table in &section.tables {
            // The report page: every cell's words, row by row.
            let shown = html_rows(&html, &table.id);
            let expected: Vec<Vec<String>> = table.rows.iter().map(|r| r.iter().map(|c| folded(&c.text)).collect()).collect();
            assert_eq!(shown, expected, "table {} on the report page", table.id);
            // Each figure's first word, in order (a date-time may wrap its time under its date in
            // a narrow column; its time must still be there).
            let needles: Vec<String> = table
                .rows
                .iter()
                .flatten()
                .filter(|c| is_figure(c))
                .filter_map(|c| c.text.split_whitespace().next().map(str::to_string))
                .collect();
            for c in table.rows.iter().flatten().filter(|c| matches!(c.value, Value::DateTime(_))) {
                let time = c.text.split_whitespace().nth(1).unwrap_or_default();
                assert!(words.contains(&time), "{}: the time of {} in the PDF", table.id, c.text);
            }
            figures += needles.len();
            in_order(&words, &needles).unwrap_or_else(|e| panic!("table {} in the PDF: {e}", table.id));
            // Its CSV.
            let (status, csv) = bytes(pmo, &format!("{v}/csv/{}.csv", table.id)).await;
            assert_eq!(status, StatusCode::OK, "{}", table.id);
            check_csv(table, &csv);
        }
    }
    assert!(figures > 50, "a report worth the name: {figures} figures");
    for table in &doc.data {
        let (_, csv) = bytes(pmo, &format!("{v}/csv/{}.csv", table.id)).await;
        check_csv(table, &csv);
    }
    check_xlsx(&doc, &bytes(pmo, &format!("{v}/data.xlsx")).await.1);
    // The sections show the data tables' own cells.
    let section_table = |id: &str| doc.sections.iter().flat_map(|s| &s.tables).find(|t| t.id == id).unwrap().clone();
    let gaps = doc.data_table("gaps").unwrap();
    assert_eq!(section_table("gaps-top-ten").rows, gaps.rows.iter().take(10).cloned().collect::<Vec<_>>());
    // And the dashboard counts what the summary counts.
    let counts = section_table("rag-counts");
    let (_, dashboard) = pmo.get_page(&format!("/?period={period}")).await;
    for row in counts.rows.iter().take(3) {
        let on_page = row_containing(&dashboard, &row[0].text).unwrap_or_else(|| panic!("{} on the dashboard", row[0].text));
        let aims = |c: &Cell| if c.text == "1" { "1 aim".to_string() } else { format!("{} aims", c.text) };
        assert!(on_page.contains(&format!("{} {}", aims(&row[1]), aims(&row[2]))), "{} on the dashboard: {on_page}", row[0].text);
    }
    let _ = app;
    doc
}

#[tokio::test]
async fn every_surface_of_the_gloucestershire_report_shows_the_same_figures() {
    let app = spawn_app().await;
    let path = crate::returns::ghft_submits_q2(&app, &[("score-records", "64")]).await;
    let steering = signed_in(&app, "steering").await;
    assert_eq!(decide(&steering, &path, "approve", "").await.status(), StatusCode::SEE_OTHER);
    let pmo = signed_in(&app, "pmo").await;
    let doc = every_surface_agrees(&app, &pmo, crate::returns::Q2).await;
    // The approval is in the provenance, with who approved it.
    let provenance = doc.data_table("provenance").unwrap();
    let ghft = provenance.rows.iter().find(|r| r[0].text == "RTE").unwrap();
    assert!(!ghft[5].text.is_empty(), "approved by: {ghft:?}");
}

#[tokio::test]
async fn every_surface_of_a_generated_footprints_report_shows_the_same_figures() {
    let app = spawn_app().await;
    app.generate(1, 6, 11).await;
    // Synthetic accounts share a password nobody knows: give this PMO the demo one.
    sqlx::query("UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE username = 'pmo') WHERE username = 'pmo.syn01'")
        .execute(&app.pool)
        .await
        .unwrap();
    let pmo = signed_in(&app, "pmo.syn01").await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM footprints WHERE code = 'SYN01'").fetch_one(&app.pool).await.unwrap();
    let quarters = ldr_server::db::periods::periods_with_figures(&app.pool, ldr_app::domain::FootprintId(id)).await.unwrap();
    let newest = quarters.first().expect("generated quarters").code.to_string();
    let doc = every_surface_agrees(&app, &pmo, &newest).await;
    assert_eq!(doc.footprint_code, "SYN01");
}
