//! Importing DMA scores (issue 13): the PMO's upload with its preview, mapping and confirm;
//! who may import; `ldr import dma`. Bad files and the body caps: `dma_import_bad_files`;
//! hostile workbooks: `dma_import_xlsx`.

use std::io::Write as _;

use reqwest::StatusCode;

use crate::cli::ldr;
use crate::support::{csrf_from, location, spawn_app, strip_tags, TestApp};

pub(crate) const BOUNDARY: &str = "ldrTestBoundary7MA4YWxkTrZu0gW";
pub(crate) const QUARTER: &str = "2016-17-q2";

/// A multipart body as a browser sends the upload form: the token first.
pub(crate) fn multipart(token: &str, framework: &str, quarter: &str, file: Option<(&str, &[u8])>) -> Vec<u8> {
    let mut body = Vec::new();
    let field = |body: &mut Vec<u8>, name: &str, value: &str| {
        write!(body, "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").unwrap();
    };
    field(&mut body, "csrf_token", token);
    field(&mut body, "framework", framework);
    field(&mut body, "quarter", quarter);
    if let Some((name, bytes)) = file {
        write!(body, "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").unwrap();
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    write!(body, "--{BOUNDARY}--\r\n").unwrap();
    body
}

pub(crate) async fn send_upload(app: &TestApp, body: Vec<u8>) -> reqwest::Response {
    app.client
        .post(app.url("/imports/dma"))
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(body)
        .send()
        .await
        .expect("POST upload")
}

pub(crate) async fn upload(app: &TestApp, name: &str, bytes: &[u8]) -> reqwest::Response {
    let token = app.csrf_token("/imports/dma").await;
    send_upload(app, multipart(&token, "DMA2016", QUARTER, Some((name, bytes)))).await
}

/// Upload a good file and return its preview's address and page.
pub(crate) async fn preview_of(app: &TestApp, name: &str, bytes: &[u8]) -> (String, String) {
    let r = upload(app, name, bytes).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap());
    let path = location(&r);
    let (status, html) = app.get_page(&path).await;
    assert_eq!(status, StatusCode::OK);
    (path, html)
}

fn digest_of(html: &str) -> String {
    let at = html.find("name=\"digest\" value=\"").expect("a confirm form") + 21;
    html[at..at + 64].to_string()
}

pub(crate) async fn confirm(app: &TestApp, path: &str, html: &str) -> reqwest::Response {
    let token = csrf_from(html).unwrap();
    let digest = digest_of(html);
    app.post_form(&format!("{path}/confirm"), &[("csrf_token", &token), ("digest", &digest)]).await
}

/// What an import may write: scores, audit entries and import records.
pub(crate) async fn counts(app: &TestApp) -> (i64, i64, i64) {
    let one = |sql: &'static str| async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(&app.pool).await.unwrap() };
    (
        one("SELECT COUNT(*) FROM dma_scores").await,
        one("SELECT COUNT(*) FROM audit_log").await,
        one("SELECT COUNT(*) FROM dma_imports").await,
    )
}

async fn score(app: &TestApp, org: &str, theme: &str) -> Option<(Option<f64>, String)> {
    sqlx::query_as(
        "SELECT s.score, s.source FROM dma_scores s JOIN organisations o ON o.id = s.organisation_id JOIN themes t ON t.id = s.theme_id
         JOIN reporting_periods p ON p.id = s.period_id WHERE o.code = ? AND t.name = ? AND p.code = ?",
    )
    .bind(org)
    .bind(theme)
    .bind(QUARTER)
    .fetch_optional(&app.pool)
    .await
    .unwrap()
}

/// A new acute trust in Gloucestershire (nothing scored yet) and one in another footprint.
pub(crate) async fn add_organisations(app: &TestApp) {
    for sql in [
        "INSERT INTO footprints (code, name) VALUES ('WILTS', 'Wiltshire')",
        "INSERT INTO organisations (footprint_id, code, code_type, name, short_name, kind)
         SELECT id, 'RXA', 'ods', 'New Acute Trust', 'NAT', 'acute' FROM footprints WHERE code = 'GLOS'",
        "INSERT INTO organisations (footprint_id, code, code_type, name, short_name, kind)
         SELECT id, 'RNZ', 'ods', 'Salisbury NHS Foundation Trust', 'SFT', 'acute' FROM footprints WHERE code = 'WILTS'",
    ] {
        sqlx::query(sql).execute(&app.pool).await.unwrap();
    }
}

pub(crate) async fn pmo_app() -> TestApp {
    let app = spawn_app().await;
    add_organisations(&app).await;
    app.login_as("pmo").await;
    app
}

/// RTE's Leadership stands at 80 and Governance at 90 from 2016/17 Q1 (the seed).
pub(crate) const LONG: &str = "ODS code,Theme,Score\nRTE,Leadership,80\nRTE,Governance,95\nRXA,Leadership,40\n";

pub(crate) fn workbook(rows: &[&[&str]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell.parse::<f64>() {
                Ok(n) => sheet.write_number(r as u32, c as u16, n).map(|_| ()),
                Err(_) => sheet.write_string(r as u32, c as u16, *cell).map(|_| ()),
            }
            .unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

#[tokio::test]
async fn every_good_layout_as_csv_or_xlsx_previews_the_same_additions_and_changes() {
    let app = pmo_app().await;
    let long_xlsx = workbook(&[
        &["ODS code", "Theme", "Score"],
        &["RTE", "Leadership", "80"],
        &["RTE", "Governance", "95"],
        &["RXA", "Leadership", "40"],
    ]);
    let wide_xlsx = workbook(&[&["Organisation code", "Leadership", "Governance"], &["RTE", "80", "95"], &["RXA", "40", ""]]);
    let wide_csv = "Organisation code,Organisation name,Leadership,Governance\nRTE,Gloucestershire Hospitals,80,95\nRXA,New,40,\n";
    let files: [(&str, &[u8]); 4] =
        [("long.csv", LONG.as_bytes()), ("wide.csv", wide_csv.as_bytes()), ("long.xlsx", &long_xlsx), ("wide.xlsx", &wide_xlsx)];
    for (name, bytes) in files {
        let (_, html) = preview_of(&app, name, bytes).await;
        let text = strip_tags(&html);
        assert!(text.contains("1 to add, 1 to change, 1 unchanged, 0 rows of other footprints skipped, 0 problems"), "{name}: {text}");
        assert!(text.contains("Import 2 scores"), "{name}");
    }
}

#[tokio::test]
async fn a_preview_writes_nothing_and_the_confirm_writes_in_one_go_with_provenance_and_one_audit_entry() {
    let app = pmo_app().await;
    let before = counts(&app).await;
    let (path, html) = preview_of(&app, "dma-2016.csv", LONG.as_bytes()).await;
    let text = strip_tags(&html);
    assert!(text.contains("Governance") && text.contains("90") && text.contains("95"), "the change shows before and after: {text}");
    assert_eq!(counts(&app).await, (before.0, before.1, before.2 + 1), "a preview keeps the file only");
    let r = confirm(&app, &path, &html).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(counts(&app).await, (before.0 + 2, before.1 + 1, before.2 + 1), "two scores, one audit entry");
    let sha: String = sqlx::query_scalar("SELECT sha256 FROM dma_imports").fetch_one(&app.pool).await.unwrap();
    let (value, source) = score(&app, "RTE", "Governance").await.expect("the change is this quarter's row");
    assert_eq!(value, Some(95.0));
    assert_eq!(source, format!("Import of dma-2016.csv (sha256 {sha})"));
    assert_eq!(score(&app, "RXA", "Leadership").await.unwrap().0, Some(40.0));
    assert!(score(&app, "RTE", "Leadership").await.is_none(), "an unchanged score is not rewritten");
    let who: (Option<i64>, Option<i64>) =
        sqlx::query_as("SELECT recorded_by, approved_by FROM dma_scores WHERE source LIKE 'Import of%' LIMIT 1")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let pmo: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'pmo'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(who, (Some(pmo), Some(pmo)));
    let audit: String =
        sqlx::query_scalar("SELECT after_json FROM audit_log WHERE action = 'dma.import'").fetch_one(&app.pool).await.unwrap();
    assert!(audit.contains("\"added\":1") && audit.contains("\"changed\":1"), "{audit}");
    let content: Option<Vec<u8>> = sqlx::query_scalar("SELECT content FROM dma_imports").fetch_one(&app.pool).await.unwrap();
    assert_eq!(content, None, "the kept file is dropped once confirmed");
    let (_, done) = app.get_page(&path).await;
    assert!(strip_tags(&done).contains("1 scores added and 1 changed"), "{}", strip_tags(&done));

    // The same file again: nothing to change, nothing written, no confirm offered.
    let after = counts(&app).await;
    let (_, again) = preview_of(&app, "dma-2016.csv", LONG.as_bytes()).await;
    assert!(strip_tags(&again).contains("Nothing to change"), "{}", strip_tags(&again));
    assert!(!again.contains("name=\"digest\""));
    assert_eq!(counts(&app).await, (after.0, after.1, after.2 + 1));
}

/// Someone else's write to the quarter since a preview: another PMO imports RTE's
/// Governance score of 70.
pub async fn another_pmo_imports_rte_governance_70(app: &TestApp) {
    let other = app.another_person();
    other.login_as("pmo").await;
    let (other_path, other_html) = preview_of(&other, "other.csv", b"ODS code,Theme,Score\nRTE,Governance,70\n").await;
    assert_eq!(confirm(&other, &other_path, &other_html).await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_confirm_after_the_scores_changed_is_refused_and_writes_nothing() {
    let app = pmo_app().await;
    let (path, html) = preview_of(&app, "dma.csv", LONG.as_bytes()).await;
    another_pmo_imports_rte_governance_70(&app).await;
    let before = counts(&app).await;
    let r = confirm(&app, &path, &html).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(strip_tags(&r.text().await.unwrap()).contains("changed since you saw the preview"));
    assert_eq!(counts(&app).await, before);
    assert_eq!(score(&app, "RTE", "Governance").await.unwrap().0, Some(70.0));
}

#[tokio::test]
async fn rows_of_other_footprints_are_listed_and_skipped() {
    let app = pmo_app().await;
    let (path, html) = preview_of(&app, "dma.csv", b"ODS code,Theme,Score\nRTE,Governance,95\nRNZ,Governance,50\n").await;
    let text = strip_tags(&html);
    assert!(text.contains("1 rows of other footprints skipped") && text.contains("Row 3: Salisbury NHS Foundation Trust (RNZ)"), "{text}");
    assert_eq!(confirm(&app, &path, &html).await.status(), StatusCode::SEE_OTHER);
    assert!(score(&app, "RNZ", "Governance").await.is_none());
    assert_eq!(score(&app, "RTE", "Governance").await.unwrap().0, Some(95.0));
}

#[tokio::test]
async fn a_theme_name_the_framework_lacks_is_mapped_to_one_of_its_themes() {
    let app = pmo_app().await;
    let (path, html) = preview_of(&app, "dma.csv", b"ODS code,Govrnance\nRTE,95\n").await;
    let text = strip_tags(&html);
    assert!(text.contains("\"Govrnance\" is not a theme of Digital Maturity Assessment"), "{text}");
    assert!(!html.contains("name=\"digest\""), "no confirm while a theme is unknown");
    let theme: i64 = sqlx::query_scalar("SELECT id FROM themes WHERE name = 'Governance'").fetch_one(&app.pool).await.unwrap();
    let token = csrf_from(&html).unwrap();
    let r = app
        .post_form(&format!("{path}/mapping"), &[("csrf_token", &token), ("name-0", "Govrnance"), ("theme-0", &theme.to_string())])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, mapped) = app.get_page(&path).await;
    assert!(strip_tags(&mapped).contains("0 to add, 1 to change"), "{}", strip_tags(&mapped));
    assert_eq!(confirm(&app, &path, &mapped).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(score(&app, "RTE", "Governance").await.unwrap().0, Some(95.0));
}

#[tokio::test]
async fn a_file_whose_rows_have_problems_is_previewed_with_them_and_cannot_be_confirmed() {
    let app = pmo_app().await;
    let csv = b"ODS code,Theme,Score\nZZZ,Leadership,80\nRTE,Leadership,101\nRTE,Governance,50\nRTE,Governance,51\n";
    let (_, html) = preview_of(&app, "dma.csv", csv).await;
    let text = strip_tags(&html).replace("&quot;", "\"");
    for expected in ["no organisation has the ODS code \"ZZZ\"", "101 is above the scale maximum 100", "given twice (also on row 4)"] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    assert!(!html.contains("name=\"digest\""), "no confirm while there are problems");
}

#[tokio::test]
async fn only_the_pmo_may_import_and_a_multipart_post_needs_its_token_first() {
    let app = spawn_app().await;
    for username in ["steering", "reviewer", "cio.ghft"] {
        let person = app.another_person();
        person.login_as(username).await;
        assert_eq!(person.get_page("/imports/dma").await.0, StatusCode::FORBIDDEN, "{username}");
        let token = person.csrf_token("/").await;
        let r = send_upload(&person, multipart(&token, "DMA2016", QUARTER, Some(("a.csv", LONG.as_bytes())))).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{username} POST");
    }
    app.login_as("pmo").await;
    let before = counts(&app).await;
    let r = send_upload(&app, multipart("not-the-token", "DMA2016", QUARTER, Some(("a.csv", LONG.as_bytes())))).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "a wrong token");
    let token = app.csrf_token("/imports/dma").await;
    let mut no_token_first = multipart(&token, "DMA2016", QUARTER, Some(("a.csv", LONG.as_bytes())));
    let first = no_token_first.windows(5).position(|w| w == b"--ldr").unwrap();
    no_token_first.drain(first..no_token_first.windows(11).position(|w| w == b"\r\n--ldrTest").unwrap() + 2);
    assert_eq!(send_upload(&app, no_token_first).await.status(), StatusCode::FORBIDDEN, "the token must be the first part");
    assert_eq!(counts(&app).await, before);
}

#[tokio::test]
async fn the_command_line_previews_with_dry_run_then_imports_a_national_file_once() {
    let app = spawn_app().await;
    add_organisations(&app).await;
    let dir = tempfile::TempDir::new().unwrap();
    let file = dir.path().join("national.csv");
    std::fs::write(&file, "ODS code,Theme,Score\nRTE,Leadership,80\nRTE,Governance,95\nRNZ,Governance,50\n").unwrap();
    let args = |extra: &'static [&'static str]| {
        let mut a = vec!["import", "dma", file.to_str().unwrap(), "--framework", "DMA2016", "--quarter", QUARTER];
        a.extend_from_slice(extra);
        a
    };
    let before = counts(&app).await;
    let dry = ldr(&args(&["--dry-run"]), &app.db_path, "");
    let out = String::from_utf8_lossy(&dry.stdout);
    assert!(dry.status.success(), "{out} {}", String::from_utf8_lossy(&dry.stderr));
    assert!(out.contains("1 to add, 1 to change, 1 unchanged, 0 problems") && out.contains("Dry run: nothing written."), "{out}");
    assert_eq!(counts(&app).await, before);

    let real = ldr(&args(&["--as", "pmo"]), &app.db_path, "");
    let out = String::from_utf8_lossy(&real.stdout);
    assert!(real.status.success() && out.contains("Imported: 1 added, 1 changed"), "{out} {}", String::from_utf8_lossy(&real.stderr));
    assert_eq!(counts(&app).await, (before.0 + 2, before.1 + 1, before.2 + 1));
    assert_eq!(score(&app, "RNZ", "Governance").await.unwrap().0, Some(50.0), "the command line imports every footprint");

    let again = ldr(&args(&[]), &app.db_path, "");
    assert!(String::from_utf8_lossy(&again.stdout).contains("Nothing to change"));
    assert_eq!(counts(&app).await, (before.0 + 2, before.1 + 1, before.2 + 1));

    std::fs::write(&file, "ODS code,Theme,Score\nRTE,Leadership,81\nRTE,Governance,101\n").unwrap();
    let bad = ldr(&args(&[]), &app.db_path, "");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stdout).contains("row 3, column C: \"101\": 101 is above the scale maximum 100"));
    assert_eq!(counts(&app).await, (before.0 + 2, before.1 + 1, before.2 + 1), "a problem writes nothing");
}

#[tokio::test]
async fn the_pmo_finds_the_import_from_the_reporting_periods_page_and_nobody_else_is_offered_it() {
    let app = spawn_app().await;
    for (username, offered) in [("pmo", true), ("steering", false), ("reviewer", false)] {
        let reader = app.another_person();
        reader.login_as(username).await;
        let (status, html) = reader.get_page("/periods").await;
        assert_eq!(status, StatusCode::OK, "{username}");
        assert_eq!(html.contains("href=\"/imports/dma\""), offered, "{username}");
    }
}
