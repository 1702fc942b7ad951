//! The steering pack: the PMO generates a frozen version, which stays byte for byte the same
//! after a newer approval; the Steering Group endorses it (audited, then undeletable); a
//! reviewer opens it by a signed link that expires, can be revoked, and opens nothing else;
//! and every export is the reader's own to read.

use reqwest::StatusCode;

use crate::returns::{decide, ghft_submits_q2, Q2};
use crate::support::{csrf_from, location, spawn_app, strip_tags, TestApp};

pub const Q1: &str = "2016-17-q1";

/// The PMO generates a report of `period`; returns the version's path (`/reports/N`).
pub async fn generate(pmo: &TestApp, period: &str) -> String {
    let token = pmo.csrf_token("/reports").await;
    let r = pmo.post_form("/reports", &[("csrf_token", &token), ("period", period)]).await;
    let status = r.status();
    let to = location(&r);
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "generate {period}: {}",
        strip_tags(&r.text().await.unwrap()).chars().take(400).collect::<String>()
    );
    assert!(to.starts_with("/reports/"), "{to}");
    to
}

pub async fn signed_in(app: &TestApp, who: &str) -> TestApp {
    let person = app.another_person();
    person.login_as(who).await;
    person
}

pub async fn bytes(app: &TestApp, path: &str) -> (StatusCode, Vec<u8>) {
    let r = app.get(path).await;
    (r.status(), r.bytes().await.unwrap().to_vec())
}

async fn audited(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = ?").bind(action).fetch_one(&app.pool).await.unwrap()
}

/// GHFT's 2016/17 Q2 return, submitted and approved by the Steering Group.
async fn q2_approved(app: &TestApp, dma: &[(&str, &str)]) {
    let path = ghft_submits_q2(app, dma).await;
    let steering = signed_in(app, "steering").await;
    assert_eq!(decide(&steering, &path, "approve", "").await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_pmo_generates_a_numbered_version_listed_with_its_digest_and_audited() {
    let app = spawn_app().await;
    let pmo = signed_in(&app, "pmo").await;
    let first = generate(&pmo, Q1).await;
    let second = generate(&pmo, Q1).await;
    assert_ne!(first, second);
    let (status, list) = pmo.get_page("/reports").await;
    assert_eq!(status, StatusCode::OK);
    assert!(strip_tags(&list).contains("2016/17 Q1 version 1"), "{}", strip_tags(&list));
    assert!(strip_tags(&list).contains("2016/17 Q1 version 2"));
    let sha: String = sqlx::query_scalar("SELECT sha256 FROM report_versions WHERE version = 2").fetch_one(&app.pool).await.unwrap();
    let (status, page) = pmo.get_page(&second).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&sha), "the footer prints the digest of the frozen facts");
    let (status, pdf) = bytes(&pmo, &format!("{second}/report.pdf")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    let (_, facts) = bytes(&pmo, &format!("{second}/facts.json")).await;
    use sha2::Digest;
    let digest: String = sha2::Sha256::digest(&facts).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(digest, sha, "the digest is of the facts as stored");
    assert_eq!(audited(&app, "report.generate").await, 2);
}

#[tokio::test]
async fn a_quarter_without_figures_is_refused_in_the_error_summary_and_nothing_is_written() {
    let app = spawn_app().await;
    let pmo = signed_in(&app, "pmo").await;
    let token = pmo.csrf_token("/reports").await;
    let r = pmo.post_form("/reports", &[("csrf_token", &token), ("period", "2030-31-q4")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("nhsuk-error-summary") && html.contains("Choose a quarter with approved figures"), "{html}");
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM report_versions").fetch_one(&app.pool).await.unwrap();
    assert_eq!(stored, 0);
}

#[tokio::test]
async fn a_frozen_version_is_unchanged_after_a_newer_approval_and_its_pdf_typesets_again_byte_for_byte() {
    let app = spawn_app().await;
    q2_approved(&app, &[]).await;
    let pmo = signed_in(&app, "pmo").await;
    let v1 = generate(&pmo, Q2).await;
    let (_, page_before) = pmo.get_page(&v1).await;
    let (_, pdf_before) = bytes(&pmo, &format!("{v1}/report.pdf")).await;
    let (_, xlsx_before) = bytes(&pmo, &format!("{v1}/data.xlsx")).await;
    let (_, facts_before) = bytes(&pmo, &format!("{v1}/facts.json")).await;

    // A newer approval moves a Q2 figure: GHFT's revised return, approved.
    let cio = signed_in(&app, "cio.ghft").await;
    let path = format!("/returns/{Q2}/RTE");
    let amend = crate::returns::form(&cio, &path, &format!("{path}/amend")).await;
    assert_eq!(crate::returns::post(&cio, &format!("{path}/amend"), &amend).await.status(), StatusCode::SEE_OTHER);
    crate::returns::complete_section(&cio, &path, "dma", &[("score-records", "77")]).await;
    crate::returns::complete_all(&cio, &path, &["trajectory", "aims", "deployments", "measures", "commentary"]).await;
    assert_eq!(crate::returns::submit(&cio, &path).await.status(), StatusCode::SEE_OTHER);
    let steering = signed_in(&app, "steering").await;
    assert_eq!(decide(&steering, &path, "approve", "").await.status(), StatusCode::SEE_OTHER);

    let (_, page_after) = pmo.get_page(&v1).await;
    assert_eq!(page_after, page_before, "the page of a frozen version does not move");
    assert_eq!(bytes(&pmo, &format!("{v1}/report.pdf")).await.1, pdf_before, "nor its PDF");
    assert_eq!(bytes(&pmo, &format!("{v1}/data.xlsx")).await.1, xlsx_before, "nor its workbook");
    assert_eq!(bytes(&pmo, &format!("{v1}/facts.json")).await.1, facts_before, "nor its facts");
    // ... while a new version reads the newer figures.
    let v2 = generate(&pmo, Q2).await;
    let (_, facts_now) = bytes(&pmo, &format!("{v2}/facts.json")).await;
    assert_ne!(facts_now, facts_before, "the approval changed the quarter's facts");
    // The stored PDF is what the frozen facts typeset to, today as on the day.
    let (sha, version): (String, i64) =
        sqlx::query_as("SELECT sha256, version FROM report_versions WHERE version = 1").fetch_one(&app.pool).await.unwrap();
    let again = ldr_report_pdf::Typesetter::new().pdf(&facts_before, version as u32, &sha).unwrap();
    assert!(again == pdf_before, "typesetting the frozen facts again gives the same bytes");
}

#[tokio::test]
async fn the_steering_group_endorses_once_it_is_audited_and_an_endorsed_version_cannot_be_deleted() {
    let app = spawn_app().await;
    let pmo = signed_in(&app, "pmo").await;
    let v1 = generate(&pmo, Q1).await;
    let v2 = generate(&pmo, Q1).await;
    // Only the Steering Group endorses.
    let token = pmo.csrf_token("/reports").await;
    assert_eq!(pmo.post_form(&format!("{v1}/endorse"), &[("csrf_token", &token)]).await.status(), StatusCode::FORBIDDEN);
    let steering = signed_in(&app, "steering").await;
    let token = steering.csrf_token("/reports").await;
    assert_eq!(steering.post_form(&format!("{v1}/endorse"), &[("csrf_token", &token)]).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(steering.post_form(&format!("{v1}/endorse"), &[("csrf_token", &token)]).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(audited(&app, "report.endorse").await, 1, "endorsed once, audited once");
    let (_, list) = steering.get_page("/reports").await;
    let row = crate::support::row_containing(&list, "2016/17 Q1 version 1").unwrap();
    assert!(row.contains("Endorsed"), "{row}");
    let (_, page) = steering.get_page(&v1).await;
    assert!(strip_tags(&page).contains("Endorsed"), "the report says it was endorsed");

    let token = pmo.csrf_token("/reports").await;
    let r = pmo.post_form(&format!("{v1}/delete"), &[("csrf_token", &token)]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(strip_tags(&r.text().await.unwrap()).contains("Nothing was deleted"));
    assert_eq!(pmo.get(&v1).await.status(), StatusCode::OK, "still there");
    // The database itself refuses, whatever writes to it.
    let id: i64 = v1.trim_start_matches("/reports/").parse().unwrap();
    assert!(sqlx::query("DELETE FROM report_versions WHERE id = ?").bind(id).execute(&app.pool).await.is_err());
    assert!(sqlx::query("UPDATE report_versions SET document = '{}' WHERE id = ?").bind(id).execute(&app.pool).await.is_err());
    // An unendorsed version can go.
    assert_eq!(pmo.post_form(&format!("{v2}/delete"), &[("csrf_token", &token)]).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(pmo.get(&v2).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(audited(&app, "report.delete").await, 1);
}

/// Makes a link to `version` open until `day`; returns its address's path (`/shared/..`).
async fn make_link(pmo: &TestApp, version: &str, day: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let links = format!("{version}/links");
    let token = pmo.csrf_token(&links).await;
    let (d, m, y) = (day.day().to_string(), day.month().to_string(), day.year().to_string());
    let fields =
        [("csrf_token", token.as_str()), ("expires-day", &d), ("expires-month", &m), ("expires-year", &y), ("note", "NHS England")];
    let r = pmo.post_form(&links, &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = pmo.get_page(&links).await;
    let start = html.find("/shared/").expect("the link's address is listed");
    html[start..].split(['<', '"']).next().unwrap().to_string()
}

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

#[tokio::test]
async fn a_reviewer_link_opens_its_version_and_pdf_without_an_account_and_nothing_else() {
    let app = spawn_app().await;
    let pmo = signed_in(&app, "pmo").await;
    let v1 = generate(&pmo, Q1).await;
    let link = make_link(&pmo, &v1, today() + chrono::Days::new(30)).await;
    let stranger = app.another_person();
    let (status, page) = stranger.get_page(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(strip_tags(&page).contains("read only"), "it says how it was opened");
    let (_, own) = pmo.get_page(&v1).await;
    let sha: String = sqlx::query_scalar("SELECT sha256 FROM report_versions LIMIT 1").fetch_one(&app.pool).await.unwrap();
    assert!(page.contains(&sha) && own.contains(&sha));
    let (status, pdf) = bytes(&stranger, &format!("{link}/report.pdf")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(pdf, bytes(&pmo, &format!("{v1}/report.pdf")).await.1, "the same PDF the Steering Group saw");
    // Nothing else: not the data, not the app.
    assert_eq!(stranger.get(&format!("{link}/data.xlsx")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(stranger.get(&v1).await.status(), StatusCode::SEE_OTHER, "the app itself still asks for a sign-in");
    assert!(!page.contains("/reports/"), "no way into the app's own report pages");
}

#[tokio::test]
async fn expired_revoked_and_tampered_links_get_a_clear_page_and_are_audited() {
    let app = spawn_app().await;
    let pmo = signed_in(&app, "pmo").await;
    let v1 = generate(&pmo, Q1).await;
    let v2 = generate(&pmo, Q1).await;
    let one = make_link(&pmo, &v1, today()).await;
    let two = make_link(&pmo, &v2, today() + chrono::Days::new(10)).await;
    let stranger = app.another_person();
    assert_eq!(stranger.get(&one).await.status(), StatusCode::OK, "open through its last day");

    // Tampered: a changed signature, or one link's signature with another's id.
    let mut forged = one.clone();
    let last = forged.pop().unwrap();
    forged.push(if last == 'A' { 'B' } else { 'A' });
    let (sig_one, sig_two) = (one.rsplit_once('-').unwrap().1, two.rsplit_once('-').unwrap().1);
    let id_two = two.trim_start_matches("/shared/").split('-').next().unwrap();
    let swapped = format!("/shared/{id_two}-{sig_one}");
    for bad in [forged.as_str(), swapped.as_str(), "/shared/not-a-token", "/shared/999999-abc"] {
        let (status, html) = stranger.get_page(bad).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{bad}");
        assert!(strip_tags(&html).contains("This link is not valid"), "{bad}");
    }
    assert!(!sig_two.is_empty());
    let sha_two: String = sqlx::query_scalar("SELECT sha256 FROM report_versions WHERE version = 2").fetch_one(&app.pool).await.unwrap();
    assert!(!stranger.get_page(&swapped).await.1.contains(&sha_two), "one link never opens another version");

    // Revoked.
    let links_page = format!("{v2}/links");
    let (_, html) = pmo.get_page(&links_page).await;
    let revoke = html.split("action=\"").filter_map(|s| s.split('"').next()).find(|a| a.ends_with("/revoke")).unwrap().to_string();
    let token = csrf_from(&html).unwrap();
    assert_eq!(pmo.post_form(&revoke, &[("csrf_token", &token)]).await.status(), StatusCode::SEE_OTHER);
    let (status, html) = stranger.get_page(&two).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(strip_tags(&html).contains("This link has been withdrawn"));
    assert_eq!(bytes(&stranger, &format!("{two}/report.pdf")).await.0, StatusCode::GONE, "its PDF too");

    // Expired: two days on, the link that ran to today no longer opens.
    app.state.auth.advance_clock(std::time::Duration::from_secs(2 * 24 * 60 * 60));
    let (status, html) = stranger.get_page(&one).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(strip_tags(&html).contains("This link has expired"));

    let refused: Vec<String> = sqlx::query_scalar("SELECT after_json FROM audit_log WHERE action = 'report.link.refused' ORDER BY id")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    // Five forged (the swapped one twice), the revoked page and its PDF, the expired one.
    let count = |reason: &str| refused.iter().filter(|r| r.contains(reason)).count();
    assert_eq!((count("not valid"), count("revoked"), count("expired")), (5, 2, 1), "{refused:?}");
    assert_eq!(audited(&app, "report.link.create").await, 2);
    assert_eq!(audited(&app, "report.link.revoke").await, 1);
}

#[tokio::test]
async fn a_link_must_end_between_today_and_a_year_ahead_with_what_was_typed_kept() {
    let app = spawn_app().await;
    let pmo = signed_in(&app, "pmo").await;
    let v1 = generate(&pmo, Q1).await;
    let links = format!("{v1}/links");
    let token = pmo.csrf_token(&links).await;
    let long_note = "x".repeat(201);
    let fields =
        [("csrf_token", token.as_str()), ("expires-day", "1"), ("expires-month", "1"), ("expires-year", "2001"), ("note", &long_note)];
    let r = pmo.post_form(&links, &fields).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("The last day must be today or in the future"), "{}", strip_tags(&html));
    assert!(html.contains("200 characters or fewer"));
    assert!(html.contains("value=\"2001\""), "what was typed is kept");
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM report_links").fetch_one(&app.pool).await.unwrap();
    assert_eq!(stored, 0);
}

#[tokio::test]
async fn exports_follow_the_readers_role_a_cio_gets_only_what_they_may_read() {
    let app = spawn_app().await;
    let pmo = signed_in(&app, "pmo").await;
    let v1 = generate(&pmo, Q1).await;
    let q = format!("?period={Q1}");
    let cio = signed_in(&app, "cio.ghft").await;
    // Steering packs are not a CIO's: every organisation's return is in them.
    for path in [v1.clone(), format!("{v1}/report.pdf"), format!("{v1}/data.xlsx"), format!("{v1}/csv/aims.csv"), format!("{v1}/links")] {
        assert_eq!(cio.get(&path).await.status(), StatusCode::FORBIDDEN, "{path}");
    }
    // The live data: the figures they read on the pages, not the returns of others.
    let r = cio.get(&format!("/exports/csv/aims.csv{q}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    assert_eq!(cio.get(&format!("/exports/csv/returns.csv{q}")).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(cio.get(&format!("/exports/csv/provenance.csv{q}")).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(pmo.get(&format!("/exports/csv/returns.csv{q}")).await.status(), StatusCode::OK);
    let (status, workbook) = bytes(&cio, &format!("/exports/data.xlsx{q}")).await;
    assert_eq!(status, StatusCode::OK);
    let sheets = crate::report_figures::sheet_names(&workbook);
    assert!(
        sheets.contains(&"aims".to_string()) && !sheets.contains(&"returns".to_string()) && !sheets.contains(&"provenance".to_string()),
        "{sheets:?}"
    );
    let sheets = crate::report_figures::sheet_names(&bytes(&pmo, &format!("/exports/data.xlsx{q}")).await.1);
    assert!(sheets.contains(&"returns".to_string()) && sheets.contains(&"provenance".to_string()), "{sheets:?}");
    // A reviewer reads every footprint's packs; another footprint's PMO reads none of ours.
    let reviewer = signed_in(&app, "reviewer").await;
    assert_eq!(reviewer.get(&v1).await.status(), StatusCode::OK);
    assert_eq!(reviewer.get(&format!("{v1}/data.xlsx")).await.status(), StatusCode::OK);
    let token = reviewer.csrf_token("/reports").await;
    assert_eq!(reviewer.post_form("/reports", &[("csrf_token", &token), ("period", Q1)]).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(reviewer.post_form(&format!("{v1}/endorse"), &[("csrf_token", &token)]).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(cio.get("/exports/csv/nothing.csv").await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn reading_a_frozen_version_and_opening_a_good_link_write_nothing() {
    use sqlx::Connection;
    let app = spawn_app().await;
    let pmo = signed_in(&app, "pmo").await;
    let v1 = generate(&pmo, Q1).await;
    let link = make_link(&pmo, &v1, today() + chrono::Days::new(3)).await;
    let stranger = app.another_person();
    let mut watcher = sqlx::SqliteConnection::connect(&format!("sqlite://{}", app.db_path.display())).await.unwrap();
    let before: i64 = sqlx::query_scalar("PRAGMA data_version").fetch_one(&mut watcher).await.unwrap();
    for _ in 0..20 {
        for path in [v1.clone(), format!("{v1}/report.pdf"), format!("{v1}/data.xlsx"), format!("{v1}/csv/aims.csv"), format!("{v1}/links")]
        {
            assert_eq!(pmo.get(&path).await.status(), StatusCode::OK, "{path}");
        }
        assert_eq!(stranger.get(&link).await.status(), StatusCode::OK);
        assert_eq!(stranger.get(&format!("{link}/report.pdf")).await.status(), StatusCode::OK);
    }
    let after: i64 = sqlx::query_scalar("PRAGMA data_version").fetch_one(&mut watcher).await.unwrap();
    assert_eq!(after, before, "reading reports wrote to the database");
}
