//! Hostile text is inert everywhere it is shown, and comes back exactly as typed: markup,
//! the end of a textarea, entities and quotes in every free-text field of every form.

use reqwest::StatusCode;

use crate::forms::{form_values, set, value};
use crate::returns::{form, open_quarter, post, start, Q2, RTE};
use crate::support::{spawn_app, TestApp, DEMO_PASSWORD};

/// Ends a textarea, opens markup and a script, and carries entities and both quotes.
pub const HOSTILE: &str =
    r#"</textarea><h1 id="pwned">x</h1><script>alert(1)</script> &lt;5% R&amp;D "q" 'a' <input name=completeness-4a value=3>"#;

/// No live markup from the hostile text on the page.
pub fn assert_inert(html: &str, where_: &str) {
    assert!(!html.contains("<h1 id=\"pwned\">"), "{where_}: the typed heading is live markup");
    assert!(!html.contains("<script>alert(1)"), "{where_}: the typed script is live markup");
    assert!(!html.contains("<input name=completeness-4a"), "{where_}: the typed input is live markup");
}

/// Save a section's form with `field` set to the hostile text, then read the form back as a
/// browser would and save it untouched: the text must survive both rounds exactly.
async fn round_trip(app: &TestApp, slug: &str, field: &str) {
    let action = format!("{RTE}/sections/{slug}");
    let mut fields = form(app, &action, &action).await;
    set(&mut fields, field, HOSTILE);
    set(&mut fields, "completed", "no");
    let r = post(app, &action, &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "save {slug} with hostile {field}");
    for round in 1..=2 {
        let (_, html) = app.get_page(&action).await;
        assert_inert(&html, &format!("{slug} form, round {round}"));
        let fields = form_values(&html, &action);
        assert_eq!(value(&fields, field), Some(HOSTILE), "{field} reads back as typed, round {round}");
        // Other fields are not changed by the text: e.g. 4a's completeness is what it was.
        let r = post(app, &action, &fields).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "re-save {slug}, round {round}");
    }
    let (_, page) = app.get_page(RTE).await;
    assert_inert(&page, "the return page");
}

#[tokio::test]
async fn hostile_text_in_a_commentary_or_narrative_is_inert_and_survives_every_edit() {
    let app = spawn_app().await;
    open_quarter(&app, Q2).await;
    app.login_as("cio.ghft").await;
    start(&app, RTE).await;
    let before =
        value(&form(&app, &format!("{RTE}/sections/aims"), &format!("{RTE}/sections/aims")).await, "completeness-4a").map(str::to_string);
    round_trip(&app, "commentary", "commentary").await;
    round_trip(&app, "aims", "narrative-4a").await;
    let after =
        value(&form(&app, &format!("{RTE}/sections/aims"), &format!("{RTE}/sections/aims")).await, "completeness-4a").map(str::to_string);
    assert_eq!(before, after, "a narrative cannot smuggle in another field's value");

    let stored: String =
        sqlx::query_scalar("SELECT payload FROM return_sections WHERE section = 'commentary'").fetch_one(&app.pool).await.unwrap();
    let text: serde_json::Value = serde_json::from_str(&stored).unwrap();
    assert_eq!(text["text"], HOSTILE, "stored exactly as typed");
}

#[tokio::test]
async fn a_hostile_username_is_shown_back_as_text_on_the_sign_in_page() {
    let app = spawn_app().await;
    // Under the 64-character limit, so the page does echo it back, as typed and as text.
    let username = r#"<script>alert(1)</script><h1 id="pwned">"#;
    let r = app.try_login(username, DEMO_PASSWORD).await;
    assert!(r.status().is_client_error());
    let html = r.text().await.unwrap();
    assert_inert(&html, "sign-in page");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the username is kept, escaped: {html}");
}

#[tokio::test]
async fn hostile_text_in_a_deployment_and_a_decision_comment_is_inert_and_read_back_as_typed() {
    let app = spawn_app().await;
    open_quarter(&app, Q2).await;
    app.login_as("cio.ghft").await;
    start(&app, RTE).await;
    // A new deployment with hostile text in its title and description.
    let add = format!("{RTE}/sections/deployments/new");
    let mut fields = form(&app, &add, &add).await;
    let title = r#"EPR <b>"phase" 2</b> & R&amp;D"#;
    for (name, v) in [("title", title), ("description", HOSTILE), ("target", "2017"), ("status", "committed")] {
        set(&mut fields, name, v);
    }
    let r = post(&app, &add, &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "add a deployment with hostile text");
    let list = format!("{RTE}/sections/deployments");
    let (_, html) = app.get_page(&list).await;
    assert_inert(&html, "deployments list");
    assert!(!html.contains("<b>\"phase\""), "the title's markup is text");
    let stored: String =
        sqlx::query_scalar("SELECT payload FROM return_sections WHERE section = 'deployments'").fetch_one(&app.pool).await.unwrap();
    let items: serde_json::Value = serde_json::from_str(&stored).unwrap();
    let added = items["items"].as_array().unwrap().iter().find(|d| d["title"] == title).expect("stored with the title as typed");
    assert_eq!(added["description"], HOSTILE);

    // A decision refused for want of a choice keeps the hostile comment, as text.
    let steering = app.another_person();
    steering.login_as("steering").await;
    crate::returns::complete_all(&app, RTE, &crate::returns::ORG_SECTIONS).await;
    assert_eq!(crate::returns::submit(&app, RTE).await.status(), StatusCode::SEE_OTHER);
    let decision = format!("{RTE}/decision");
    let mut fields = form(&steering, RTE, &decision).await;
    set(&mut fields, "comment", HOSTILE);
    fields.retain(|(n, _)| n != "decision");
    let r = post(&steering, &decision, &fields).await;
    assert!(r.status().is_client_error(), "no decision chosen");
    let html = r.text().await.unwrap();
    assert_inert(&html, "refused decision form");
    assert_eq!(value(&form_values(&html, &decision), "comment"), Some(HOSTILE), "the comment is kept as typed");
    // Returned with the hostile comment: the CIO reads it as text.
    let r = crate::returns::decide(&steering, RTE, "return", HOSTILE).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = app.get_page(RTE).await;
    assert_inert(&html, "returned return, as the CIO sees it");
    let (_, audit) = steering.get_page("/audit").await;
    assert_inert(&audit, "audit log");
}
