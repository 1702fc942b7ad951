//! Issuing an API token once per form (issue 13): the form carries a one-time key, so a
//! refresh or a double click of the issuing POST issues no second token but answers 409,
//! naming the token already issued; a new form issues a new token.

use reqwest::{Response, StatusCode};

use crate::support::{csrf_from, form_key, spawn_app, strip_tags, TestApp};

const PAGE: &str = "/api-tokens";

async fn pmo(app: &TestApp) -> TestApp {
    let person = app.another_person();
    person.login_as("pmo").await;
    person
}

async fn holder_id(app: &TestApp) -> String {
    let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'cio.ghft'").fetch_one(&app.pool).await.unwrap();
    id.to_string()
}

/// The issuing form as drawn: its CSRF token and its one-time key.
async fn drawn_form(pmo: &TestApp) -> (String, String) {
    let (status, html) = pmo.get_page(PAGE).await;
    assert_eq!(status, StatusCode::OK);
    (csrf_from(&html).expect("a CSRF token"), form_key(&html).expect("a form_key in the issuing form"))
}

/// The issuing form posted as a browser would (a refresh posts exactly the same again).
async fn post(pmo: &TestApp, csrf: &str, key: Option<&str>, holder: &str, label: &str) -> Response {
    let d = chrono::Utc::now().date_naive() + chrono::Days::new(90);
    let (day, month, year) = (d.format("%-d").to_string(), d.format("%-m").to_string(), d.format("%Y").to_string());
    let mut form = vec![
        ("csrf_token", csrf),
        ("holder", holder),
        ("label", label),
        ("expires-day", &day),
        ("expires-month", &month),
        ("expires-year", &year),
    ];
    if let Some(key) = key {
        form.push(("form_key", key));
    }
    pmo.post_form(PAGE, &form).await
}

async fn tokens(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM api_tokens").fetch_one(&app.pool).await.unwrap()
}

#[tokio::test]
async fn posting_the_same_form_twice_issues_one_token_and_the_second_answer_is_409_naming_the_label() {
    let app = spawn_app().await;
    let pmo = pmo(&app).await;
    let holder = holder_id(&app).await;
    let (csrf, key) = drawn_form(&pmo).await;

    let first = post(&pmo, &csrf, Some(&key), &holder, "Quarterly analysis").await;
    assert_eq!(first.status(), StatusCode::OK);
    assert!(first.text().await.unwrap().contains("id=\"new-token\""));

    let again = post(&pmo, &csrf, Some(&key), &holder, "Quarterly analysis").await;
    assert_eq!(again.status(), StatusCode::CONFLICT, "a refresh re-posts the form");
    assert_eq!(again.headers()["cache-control"], "no-store");
    let html = again.text().await.unwrap();
    let text = strip_tags(&html);
    assert!(!html.contains("id=\"new-token\""), "no second secret");
    assert!(text.contains("The token \u{201c}Quarterly analysis\u{201d} was already issued with this form at"), "{text}");
    assert!(text.contains("shown only once and cannot be shown again"), "{text}");
    assert!(text.contains("revoke it and issue a new one"), "{text}");
    assert!(html.contains("href=\"/api-tokens\""), "a link back to the tokens");
    assert_eq!(tokens(&app).await, 1, "one token");
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'api_token.issue'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(audited, 1, "one audit entry");
}

#[tokio::test]
async fn two_concurrent_posts_of_one_form_issue_one_token() {
    let app = spawn_app().await;
    let pmo = pmo(&app).await;
    let holder = holder_id(&app).await;
    let (csrf, key) = drawn_form(&pmo).await;
    let (a, b) = tokio::join!(post(&pmo, &csrf, Some(&key), &holder, "Twice"), post(&pmo, &csrf, Some(&key), &holder, "Twice"));
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT], "one issues, the other is told it was issued");
    assert_eq!(tokens(&app).await, 1);
}

#[tokio::test]
async fn a_new_form_gets_a_new_key_and_issues_a_second_token() {
    let app = spawn_app().await;
    let pmo = pmo(&app).await;
    let holder = holder_id(&app).await;
    let (csrf, key) = drawn_form(&pmo).await;
    let issued = post(&pmo, &csrf, Some(&key), &holder, "First").await;
    assert_eq!(issued.status(), StatusCode::OK);
    let next_key = form_key(&issued.text().await.unwrap()).expect("a fresh form under the new token");
    assert_ne!(next_key, key, "the form drawn after issuing has a new key");

    let (csrf, drawn_key) = drawn_form(&pmo).await;
    assert_ne!(drawn_key, key, "each form drawn has its own key");
    assert_ne!(drawn_key, next_key);
    assert_eq!(post(&pmo, &csrf, Some(&drawn_key), &holder, "Second").await.status(), StatusCode::OK);
    assert_eq!(post(&pmo, &csrf, Some(&next_key), &holder, "Third").await.status(), StatusCode::OK);
    assert_eq!(tokens(&app).await, 3);
}

#[tokio::test]
async fn the_key_is_in_the_form_as_drawn_kept_when_it_is_drawn_again_after_errors_and_a_missing_one_is_a_form_error() {
    let app = spawn_app().await;
    let pmo = pmo(&app).await;
    let holder = holder_id(&app).await;
    let (csrf, key) = drawn_form(&pmo).await;
    assert_eq!(key.len(), 32, "128 random bits in hex: {key}");
    assert!(key.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()), "{key}");

    // A problem of the form: drawn again with the same key, so the corrected form issues once.
    let r = post(&pmo, &csrf, Some(&key), &holder, "").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(form_key(&r.text().await.unwrap()).as_deref(), Some(key.as_str()), "the same key after errors");

    // No key, or one that is not a key: a problem listed with the others, what was typed kept.
    for bad in [None, Some("not-a-key"), Some("")] {
        let r = post(&pmo, &csrf, bad, "", "Kept label").await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
        let html = r.text().await.unwrap();
        assert!(html.contains("There is a problem"));
        assert!(html.contains("Choose who the token is for"), "every problem in one round");
        assert!(html.contains("The form was incomplete"), "the key's problem: {}", strip_tags(&html));
        assert!(html.contains("value=\"Kept label\""), "what was typed is kept");
        let redrawn = form_key(&html).expect("a key in the form drawn again");
        assert_eq!(redrawn.len(), 32, "a usable key to post the corrected form with");
    }
    assert_eq!(tokens(&app).await, 0, "nothing written");
    assert_eq!(post(&pmo, &csrf, Some(&key), &holder, "Now right").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_hostile_label_is_escaped_on_the_409_page() {
    let app = spawn_app().await;
    let pmo = pmo(&app).await;
    let holder = holder_id(&app).await;
    let (csrf, key) = drawn_form(&pmo).await;
    let label = "<script>alert(1)</script>\"&";
    assert_eq!(post(&pmo, &csrf, Some(&key), &holder, label).await.status(), StatusCode::OK);
    let r = post(&pmo, &csrf, Some(&key), &holder, label).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let html = r.text().await.unwrap();
    assert!(!html.contains("<script>alert(1)"), "the label is never markup");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the label is shown escaped");
}
