//! Personal API tokens: issued by the PMO on `/api-tokens` (shown once, stored hashed), used
//! on the API as their holder, refused alike when revoked, expired or their holder disabled,
//! rate-limited per token, and managed by the operator with `ldr token`.

use std::time::Duration;

use reqwest::{Response, StatusCode};
use serde_json::Value;

use crate::cli::ldr;
use crate::support::{csrf_from, form_key, location, row_containing, spawn_app, strip_tags, TestApp};
use ldr_server::api::tokens::sha256_hex;

const PAGE: &str = "/api-tokens";

async fn user_id(app: &TestApp, username: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE username = ?").bind(username).fetch_one(&app.pool).await.unwrap()
}

pub(crate) async fn signed_in(app: &TestApp, username: &str) -> TestApp {
    let person = app.another_person();
    person.login_as(username).await;
    person
}

/// Day, month and year as typed in the date input.
type DateFields = (String, String, String);

/// The day so many days from today, as the three date fields.
fn days_ahead(days: u64) -> DateFields {
    let d = chrono::Utc::now().date_naive() + chrono::Days::new(days);
    (d.format("%-d").to_string(), d.format("%-m").to_string(), d.format("%Y").to_string())
}

async fn post_issue(pmo: &TestApp, holder: &str, label: &str, (day, month, year): DateFields) -> Response {
    let (_, page) = pmo.get_page(PAGE).await;
    let (token, key) = (csrf_from(&page).expect("a CSRF token"), form_key(&page).expect("the form's one-time key"));
    let form = [
        ("csrf_token", token.as_str()),
        ("form_key", key.as_str()),
        ("holder", holder),
        ("label", label),
        ("expires-day", &day),
        ("expires-month", &month),
        ("expires-year", &year),
    ];
    pmo.post_form(PAGE, &form).await
}

fn new_token_in(html: &str) -> String {
    let after = html.split("id=\"new-token\"").nth(1).expect("the new token on the page");
    after.split_once('>').and_then(|(_, rest)| rest.split('<').next()).expect("its text").to_string()
}

/// The PMO issues a token to `holder` on the page and returns its text.
pub(crate) async fn issue(pmo: &TestApp, holder: &str, label: &str) -> String {
    let id = user_id(pmo, holder).await.to_string();
    let r = post_issue(pmo, &id, label, days_ahead(90)).await;
    assert_eq!(r.status(), StatusCode::OK, "issuing a token to {holder}");
    new_token_in(&r.text().await.unwrap())
}

pub(crate) async fn me(app: &TestApp, token: &str) -> Response {
    app.client.get(app.url("/api/v1/me")).bearer_auth(token).send().await.unwrap()
}

async fn me_json(app: &TestApp, token: &str) -> Value {
    let r = me(app, token).await;
    assert_eq!(r.status(), StatusCode::OK);
    serde_json::from_str(&r.text().await.unwrap()).unwrap()
}

async fn token_id(app: &TestApp, secret: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM api_tokens WHERE secret_sha256 = ?").bind(sha256_hex(secret)).fetch_one(&app.pool).await.unwrap()
}

async fn revoke(pmo: &TestApp, id: i64) -> Response {
    let csrf = pmo.csrf_token(PAGE).await;
    pmo.post_form(&format!("{PAGE}/{id}/revoke"), &[("csrf_token", &csrf)]).await
}

async fn assert_refused(app: &TestApp, token: &str, why: &str) {
    let r = me(app, token).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{why}");
    assert_eq!(r.headers()["content-type"], "application/problem+json", "{why}");
    let body: Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!(body["title"], "Sign in or send a valid API token", "the same refusal whatever the reason: {why}");
    assert!(body.get("detail").is_none(), "no hint of the reason: {why}");
}

#[tokio::test]
async fn a_token_issued_on_the_page_is_shown_once_opens_the_api_as_its_holder_and_is_stored_only_hashed() {
    let app = spawn_app().await;
    let pmo = signed_in(&app, "pmo").await;
    let (status, html) = pmo.get_page("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("href=\"/api-tokens\""), "the PMO's account menu links to the page");

    let id = user_id(&app, "cio.ghft").await.to_string();
    let r = post_issue(&pmo, &id, "Quarterly analysis", days_ahead(90)).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let html = r.text().await.unwrap();
    assert!(html.contains("shown only once"));
    let secret = new_token_in(&html);
    assert!(secret.starts_with("ldr_") && secret.len() > 40, "{secret}");

    let caller = me_json(&app, &secret).await;
    assert_eq!(caller["username"], "cio.ghft");
    assert_eq!(caller["role"], "cio");
    assert_eq!(caller["authenticated_by"], "token");

    // Only the hash is stored; the text is in no column of the token or the audit log.
    let stored: (String, String) = sqlx::query_as("SELECT secret_sha256, prefix FROM api_tokens").fetch_one(&app.pool).await.unwrap();
    assert_eq!(stored.0, sha256_hex(&secret));
    assert!(secret.starts_with(&stored.1));
    let dump: Vec<String> = sqlx::query_scalar(
        "SELECT COALESCE(label, '') || prefix || secret_sha256 || created_at || expires_at || COALESCE(last_used_at, '') FROM api_tokens
         UNION ALL SELECT COALESCE(before_json, '') || COALESCE(after_json, '') FROM audit_log",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert!(dump.iter().all(|row| !row.contains(&secret[4..])), "the token's text is stored nowhere");

    // Its use is recorded (by a task of its own, so wait for it), and the page shows when.
    let tid = token_id(&app, &secret).await;
    let mut used = None;
    for _ in 0..200 {
        used = sqlx::query_scalar::<_, Option<String>>("SELECT last_used_at FROM api_tokens WHERE id = ?")
            .bind(tid)
            .fetch_one(&app.pool)
            .await
            .unwrap();
        if used.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(used.is_some(), "the token's use was recorded");
    let (status, html) = pmo.get_page(PAGE).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains(&secret[4..]), "the token is never shown again");
    let row = strip_tags(&row_containing(&html, "Quarterly analysis").expect("the token's row"));
    assert!(row.contains(&stored.1) && row.contains("CIO, Gloucestershire Hospitals (cio.ghft)") && row.contains("Active"), "{row}");
    assert!(!row.contains("Never"), "last used is shown: {row}");
}

#[tokio::test]
async fn a_revoked_token_is_refused_at_once_and_revoking_it_again_is_a_conflict_and_both_writes_are_audited() {
    let app = spawn_app().await;
    let pmo = signed_in(&app, "pmo").await;
    let secret = issue(&pmo, "steering", "Board papers").await;
    me_json(&app, &secret).await;
    let id = token_id(&app, &secret).await;
    let r = revoke(&pmo, id).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), PAGE);
    assert_refused(&app, &secret, "revoked").await;
    let r = revoke(&pmo, id).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("was already revoked"));
    let (_, html) = pmo.get_page(PAGE).await;
    let row = strip_tags(&row_containing(&html, "Board papers").unwrap());
    assert!(row.contains("Revoked on") && row.contains("by Programme Office (PMO)"), "{row}");

    let audit: Vec<(String, String, String)> =
        sqlx::query_as("SELECT action, actor, entity_id FROM audit_log WHERE entity = 'api_token' ORDER BY id")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    let id = id.to_string();
    assert_eq!(audit, [("api_token.issue".into(), "pmo".into(), id.clone()), ("api_token.revoke".into(), "pmo".into(), id)]);
}

#[tokio::test]
async fn expired_tokens_and_disabled_holders_tokens_are_refused_like_unknown_ones() {
    let app = spawn_app().await;
    let pmo = signed_in(&app, "pmo").await;
    let expiring = issue(&pmo, "cio.ghft", "Expires").await;
    let holder_leaves = issue(&pmo, "cio.gcs", "Holder leaves").await;
    assert_refused(&app, "ldr_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "unknown").await;
    assert_refused(&app, "not even shaped like one", "malformed").await;

    sqlx::query("UPDATE users SET active = FALSE WHERE username = 'cio.gcs'").execute(&app.pool).await.unwrap();
    assert_refused(&app, &holder_leaves, "holder disabled").await;

    me_json(&app, &expiring).await;
    // 90 days ahead is the last day: it works through it, and not a day after.
    app.state.auth.advance_clock(Duration::from_secs(90 * 86_400));
    me_json(&app, &expiring).await;
    app.state.auth.advance_clock(Duration::from_secs(86_400));
    assert_refused(&app, &expiring, "expired").await;
}

#[tokio::test]
async fn a_token_beside_a_session_cookie_is_judged_alone() {
    let app = spawn_app().await;
    let pmo = signed_in(&app, "pmo").await;
    let secret = issue(&pmo, "cio.ghft", "Beside a cookie").await;
    // The PMO's browser, with its session, sending the CIO's token: the token decides.
    let caller = me_json(&pmo, &secret).await;
    assert_eq!((caller["username"].as_str(), caller["authenticated_by"].as_str()), (Some("cio.ghft"), Some("token")));
    let id = token_id(&app, &secret).await;
    assert_eq!(revoke(&pmo, id).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(me(&pmo, &secret).await.status(), StatusCode::UNAUTHORIZED, "the session beside it does not rescue it");
}

#[tokio::test]
async fn only_the_footprints_pmo_may_open_the_page_or_post_to_it() {
    let app = spawn_app().await;
    let pmo = signed_in(&app, "pmo").await;
    let secret = issue(&pmo, "cio.ghft", "Kept").await;
    let id = token_id(&app, &secret).await;
    let holder = user_id(&app, "cio.ghft").await.to_string();
    for username in ["steering", "reviewer", "cio.ghft"] {
        let person = signed_in(&app, username).await;
        assert_eq!(person.get_page(PAGE).await.0, StatusCode::FORBIDDEN, "{username} GET");
        let (_, home) = person.get_page("/").await;
        assert!(!home.contains("href=\"/api-tokens\""), "{username} has no link to it");
        let csrf = person.csrf_token("/").await;
        let form = [
            ("csrf_token", csrf.as_str()),
            ("holder", &holder),
            ("label", "x"),
            ("expires-day", "1"),
            ("expires-month", "1"),
            ("expires-year", "2099"),
        ];
        assert_eq!(person.post_form(PAGE, &form).await.status(), StatusCode::FORBIDDEN, "{username} issues");
        let r = person.post_form(&format!("{PAGE}/{id}/revoke"), &[("csrf_token", &csrf)]).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{username} revokes");
    }
    me_json(&app, &secret).await;
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM api_tokens").fetch_one(&app.pool).await.unwrap();
    assert_eq!(count, 1);
}

#[tokio::test]
async fn another_footprints_pmo_can_neither_see_nor_revoke_our_tokens_nor_issue_to_our_people() {
    let app = spawn_app().await;
    sqlx::query("INSERT INTO footprints (code, name) VALUES ('WILTS', 'Wiltshire')").execute(&app.pool).await.unwrap();
    sqlx::query(
        "INSERT INTO users (username, password_hash, display_name, role, footprint_id)
         SELECT 'pmo.wilts', password_hash, 'Wiltshire PMO', 'pmo', (SELECT id FROM footprints WHERE code = 'WILTS') FROM users WHERE username = 'pmo'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let pmo = signed_in(&app, "pmo").await;
    let ours = issue(&pmo, "cio.ghft", "Ours").await;
    let id = token_id(&app, &ours).await;

    let wilts = signed_in(&app, "pmo.wilts").await;
    let (status, html) = wilts.get_page(PAGE).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("Ours") && !html.contains("cio.ghft"), "none of ours is listed or offered");
    assert_eq!(revoke(&wilts, id).await.status(), StatusCode::NOT_FOUND);
    let r = post_issue(&wilts, &user_id(&app, "cio.ghft").await.to_string(), "Theirs", days_ahead(30)).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Choose a person of this footprint"));
    me_json(&app, &ours).await;
}

#[tokio::test]
async fn every_problem_of_the_issuing_form_is_listed_at_once_with_what_was_typed_kept_and_nothing_written() {
    let app = spawn_app().await;
    let pmo = signed_in(&app, "pmo").await;
    let ghft = user_id(&app, "cio.ghft").await.to_string();
    let long = "x".repeat(101);
    // (holder, label, date, the messages expected)
    let cases: [(&str, &str, DateFields, &[&str]); 5] = [
        (
            "99999",
            "",
            ("31".into(), "2".into(), "2027".into()),
            &["Choose a person of this footprint", "Enter what the token is for", "The last day must be a real date"],
        ),
        (
            "",
            &long,
            ("1".into(), "1".into(), "2016".into()),
            &[
                "Choose who the token is for",
                "What it is for must be 100 characters or fewer",
                "The last day must be today or in the future",
            ],
        ),
        (&ghft, "Too long", days_ahead(400), &["The last day must be on or before"]),
        (&ghft, "No date", (String::new(), String::new(), String::new()), &["Enter the last day the token works"]),
        (&ghft, "Two-digit year", ("1".into(), "6".into(), "27".into()), &["Year must include 4 numbers"]),
    ];
    for (holder, label, date, messages) in cases {
        let typed_year = date.2.clone();
        let r = post_issue(&pmo, holder, label, date).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{messages:?}");
        let html = r.text().await.unwrap();
        assert!(html.contains("There is a problem"), "the error summary");
        for m in messages {
            assert!(html.contains(m), "{m} in {}", strip_tags(&html));
        }
        assert!(!html.contains("id=\"new-token\""));
        if !label.is_empty() && label.len() <= 100 {
            assert!(html.contains(&format!("value=\"{label}\"")), "the label is kept");
        }
        if !typed_year.is_empty() {
            assert!(html.contains(&format!("value=\"{typed_year}\"")), "the year is kept");
        }
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM api_tokens").fetch_one(&app.pool).await.unwrap();
    assert_eq!(count, 0, "nothing written");
}

#[tokio::test]
async fn the_operator_issues_lists_and_revokes_tokens_from_the_command_line() {
    let app = spawn_app().await;
    let out = ldr(&["token", "issue", "--user", "reviewer", "--label", "NHS England analysis", "--days", "30"], &app.db_path, "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let secret = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(String::from_utf8_lossy(&out.stderr).contains("Copy it now"));
    let caller = me_json(&app, &secret).await;
    assert_eq!((caller["username"].as_str(), caller["role"].as_str()), (Some("reviewer"), Some("reviewer")));

    let list = ldr(&["token", "list"], &app.db_path, "");
    let listed = String::from_utf8(list.stdout).unwrap();
    assert!(listed.contains("reviewer\tNHS England analysis\tldr_") && listed.contains("active"), "{listed}");
    assert!(!listed.contains(&secret[4..]), "the list never shows a token");

    for refused in [
        &["token", "issue", "--user", "reviewer", "--label", "x", "--days", "400"][..],
        &["token", "issue", "--user", "nobody", "--label", "x"],
    ] {
        assert!(!ldr(refused, &app.db_path, "").status.success(), "{refused:?}");
    }
    let id = token_id(&app, &secret).await.to_string();
    let out = ldr(&["token", "revoke", &id], &app.db_path, "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_refused(&app, &secret, "revoked from the command line").await;
    assert!(!ldr(&["token", "revoke", &id], &app.db_path, "").status.success(), "already revoked");

    let audit: Vec<(String, String)> =
        sqlx::query_as("SELECT action, actor FROM audit_log WHERE entity = 'api_token' ORDER BY id").fetch_all(&app.pool).await.unwrap();
    assert_eq!(audit, [("api_token.issue".into(), "cli".into()), ("api_token.revoke".into(), "cli".into())]);
}
