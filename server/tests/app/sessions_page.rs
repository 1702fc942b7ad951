//! `/account/sessions` (ASVS 3.3.3, 3.3.4): each person sees the browsers signed in to their
//! account and can end every other one; signing out, and a password change, end sessions too.

use std::time::Duration;

use reqwest::StatusCode;

use crate::cli::ldr;
use crate::support::{csrf_from, location, row_containing, spawn_app, TestApp};

const PAGE: &str = "/account/sessions";
const END_OTHERS: &str = "/account/sessions/end-others";

async fn sessions_of(app: &TestApp, username: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM user_sessions s JOIN users u ON u.id = s.user_id WHERE u.username = ?")
        .bind(username)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// The rows of the page's table of sessions, as text.
fn session_rows(html: &str) -> Vec<String> {
    let body = html.split("<tbody").nth(1).and_then(|b| b.split("</tbody>").next()).unwrap_or_default();
    body.split("<tr").skip(1).map(|r| crate::support::strip_tags(&format!("<tr{r}"))).collect()
}

async fn end_others(person: &TestApp) -> reqwest::Response {
    let (_, html) = person.get_page(PAGE).await;
    let token = csrf_from(&html).expect("a CSRF token in the form");
    person.post_form(END_OTHERS, &[("csrf_token", &token)]).await
}

#[tokio::test]
async fn two_browsers_signed_in_as_one_person_see_both_sessions_with_this_one_marked() {
    let app = spawn_app().await;
    let laptop = app.browser_with_user_agent("Laptop Firefox 140");
    let phone = app.browser_with_user_agent("Phone Safari 18");
    laptop.login_as("cio.ghft").await;
    phone.login_as("cio.ghft").await;

    let (status, html) = laptop.get_page(PAGE).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<h1"), "a page with a heading");
    let rows = session_rows(&html);
    assert_eq!(rows.len(), 2, "{rows:?}");
    let this = row_containing(&html, "This browser").expect("the current session is marked");
    assert!(this.contains("Laptop Firefox 140") && this.contains("127.0.0.1"), "{this}");
    let other = row_containing(&html, "Phone Safari 18").expect("the other session is listed");
    assert!(!other.contains("This browser"), "{other}");
    assert_eq!(html.matches("This browser").count(), 1);

    let (_, html) = phone.get_page(PAGE).await;
    assert!(row_containing(&html, "This browser").expect("marked").contains("Phone Safari 18"));
    assert!(html.contains(r#"href="/account/sessions""#), "the header's account area links to the page");
}

#[tokio::test]
async fn signing_out_of_all_other_sessions_ends_the_other_browser_keeps_this_one_and_is_audited() {
    let app = spawn_app().await;
    let laptop = app.browser_with_user_agent("Laptop Firefox 140");
    let phone = app.browser_with_user_agent("Phone Safari 18");
    let colleague = app.browser_with_user_agent("Colleague Edge");
    laptop.login_as("cio.ghft").await;
    phone.login_as("cio.ghft").await;
    colleague.login_as("cio.gcc").await;

    let r = end_others(&laptop).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "POST-redirect-GET");
    let back = location(&r);
    assert!(back.starts_with(PAGE), "{back}");
    let (status, html) = laptop.get_page(&back).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("nhsuk-notification-banner--success"), "a success banner");
    assert!(html.contains("Signed out of 1 other session"), "says what happened");
    assert_eq!(session_rows(&html).len(), 1);
    assert!(row_containing(&html, "This browser").unwrap().contains("Laptop Firefox 140"));

    let r = phone.get("/").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the other browser is signed out");
    assert_eq!(location(&r), "/login");
    assert_eq!(laptop.get("/").await.status(), StatusCode::OK, "this browser stays signed in");
    assert_eq!(colleague.get("/").await.status(), StatusCode::OK, "another person's session is untouched");
    assert_eq!(sessions_of(&app, "cio.ghft").await, 1);
    assert_eq!(sessions_of(&app, "cio.gcc").await, 1);

    let (actor, after): (String, String) =
        sqlx::query_as("SELECT actor, after_json FROM audit_log WHERE action = 'session.end_others' ORDER BY id DESC LIMIT 1")
            .fetch_one(&app.pool)
            .await
            .expect("an audit row");
    assert_eq!(actor, "cio.ghft");
    let after: serde_json::Value = serde_json::from_str(&after).unwrap();
    assert_eq!(after["count"], 1, "{after}");
}

#[tokio::test]
async fn ending_other_sessions_needs_the_forms_csrf_token() {
    let app = spawn_app().await;
    let laptop = app.another_person();
    let phone = app.another_person();
    laptop.login_as("cio.ghft").await;
    phone.login_as("cio.ghft").await;
    for bad in [vec![], vec![("csrf_token", "forged-token")]] {
        assert_eq!(laptop.post_form(END_OTHERS, &bad).await.status(), StatusCode::FORBIDDEN);
    }
    assert_eq!(sessions_of(&app, "cio.ghft").await, 2, "nothing ended");
    assert_eq!(phone.get("/").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn signing_out_removes_the_sessions_row() {
    let app = spawn_app().await;
    app.login_as("cio.ghft").await;
    assert_eq!(sessions_of(&app, "cio.ghft").await, 1, "signing in records the session");
    let token = app.csrf_token("/").await;
    let r = app.post_form("/logout", &[("csrf_token", &token)]).await;
    assert_eq!(location(&r), "/login");
    assert_eq!(sessions_of(&app, "cio.ghft").await, 0);
}

#[tokio::test]
async fn a_hostile_user_agent_is_shown_as_text_and_cut_to_200_characters() {
    let app = spawn_app().await;
    let hostile = format!("<script>alert(1)</script>\"'&amp;{}", "x".repeat(400));
    let browser = app.browser_with_user_agent(&hostile);
    browser.login_as("cio.ghft").await;
    let (_, html) = browser.get_page(PAGE).await;
    assert!(!html.contains("<script>alert(1)"), "the user agent is escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "and shown as text");
    assert!(html.contains("&amp;amp;"), "an entity stays the text it was");
    let stored: String = sqlx::query_scalar("SELECT user_agent FROM user_sessions").fetch_one(&app.pool).await.unwrap();
    assert_eq!(stored.chars().count(), 200, "bounded");
}

#[tokio::test]
async fn a_pmo_signed_in_with_a_security_code_sees_only_their_own_sessions() {
    let app = spawn_app().await;
    let cio = app.browser_with_user_agent("CIO browser");
    cio.login_as("cio.ghft").await;
    let pmo = app.browser_with_user_agent("PMO browser");
    pmo.login_as("pmo").await;
    let (status, html) = pmo.get_page(PAGE).await;
    assert_eq!(status, StatusCode::OK);
    let rows = session_rows(&html);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].contains("PMO browser") && rows[0].contains("This browser"), "{rows:?}");
    assert!(rows[0].contains("Yes"), "signed in with a security code: {rows:?}");
    assert!(!html.contains("CIO browser"));
    let (_, html) = cio.get_page(PAGE).await;
    assert!(session_rows(&html)[0].contains("No"), "a CIO signs in with a password alone");
}

#[tokio::test]
async fn signed_out_the_page_and_its_form_send_people_to_sign_in() {
    let app = spawn_app().await;
    let r = app.get(PAGE).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login");
    let token = app.csrf_token("/login").await;
    let r = app.post_form(END_OTHERS, &[("csrf_token", &token)]).await;
    assert!(matches!(r.status(), StatusCode::SEE_OTHER | StatusCode::FORBIDDEN), "signed out POST: {}", r.status());
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'session.end_others'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(audited, 0, "nothing ran");
}

#[tokio::test]
async fn a_password_change_from_the_command_line_clears_the_accounts_sessions() {
    let app = spawn_app().await;
    app.login_as("cio.ghft").await;
    let other = app.another_person();
    other.login_as("cio.gcc").await;
    let out = ldr(&["user", "passwd", "cio.ghft"], &app.db_path, "another long secret\n");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(sessions_of(&app, "cio.ghft").await, 0, "no dead session is listed");
    assert_eq!(sessions_of(&app, "cio.gcc").await, 1, "other accounts keep theirs");
    assert_eq!(location(&app.get("/").await), "/login");
}

#[tokio::test]
async fn sessions_past_the_absolute_lifetime_are_cleared_at_the_next_sign_in() {
    let app = spawn_app().await;
    app.login_as("cio.ghft").await;
    app.another_person().login_as("cio.gcc").await;
    app.state.auth.advance_clock(Duration::from_secs(12 * 60 * 60 + 60));
    app.another_person().login_as("cio.gcs").await;
    assert_eq!(sessions_of(&app, "cio.ghft").await, 0);
    assert_eq!(sessions_of(&app, "cio.gcc").await, 0);
    assert_eq!(sessions_of(&app, "cio.gcs").await, 1, "the new one is kept");
}
