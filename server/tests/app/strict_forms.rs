//! Forms take only what they ask for (ASVS 5.1.2): a field a form does not have, or one sent
//! twice, is refused with an NHS page (422) and nothing is written. And a save from a stale
//! section page shows the other person's text, not only their figures.

use reqwest::StatusCode;

use crate::forms::{set, value};
use crate::returns::{complete_all, decide, form, open_quarter, post, start, submit, ORG_SECTIONS, Q2, RTE};
use crate::support::{spawn_app, strip_tags, TestApp};

/// Everything a refused form could have written: audit entries, returns and their sections,
/// the period windows.
async fn snapshot(app: &TestApp) -> (i64, i64, i64, String, String) {
    let one = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql).fetch_one(&app.pool);
    let audit = one("SELECT COUNT(*) FROM audit_log WHERE action <> 'session.sign_in'").await.unwrap();
    let returns = one("SELECT COUNT(*) + COALESCE(SUM(version), 0) FROM returns").await.unwrap();
    let sections = one("SELECT COUNT(*) + COALESCE(SUM(version), 0) FROM return_sections").await.unwrap();
    let payloads: String = sqlx::query_scalar("SELECT COALESCE(GROUP_CONCAT(payload || status, '|'), '') FROM return_sections")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let windows: String =
        sqlx::query_scalar("SELECT COALESCE(GROUP_CONCAT(id || deadline || COALESCE(closed_at, 'open'), '|'), '') FROM period_windows")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    (audit, returns, sections, payloads, windows)
}

fn with(fields: &[(String, String)], name: &str, v: &str) -> Vec<(String, String)> {
    let mut out = fields.to_vec();
    out.push((name.to_string(), v.to_string()));
    out
}

/// Posting `fields` plus `extra=1` is refused with the NHS page and writes nothing; the same
/// form without it then answers `ok`.
async fn refused_then_accepted(app: &TestApp, action: &str, fields: &[(String, String)], ok: StatusCode) {
    assert_refused(app, action, &with(fields, "extra", "1")).await;
    let r = post(app, action, fields).await;
    let status = r.status();
    let body = strip_tags(&r.text().await.unwrap());
    assert_eq!(status, ok, "POST {action} without the extra field: {}", body.chars().take(400).collect::<String>());
}

async fn assert_refused(app: &TestApp, action: &str, fields: &[(String, String)]) {
    let before = snapshot(app).await;
    let r = post(app, action, fields).await;
    let status = r.status();
    let html = r.text().await.unwrap();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "POST {action} with {fields:?}: {}", strip_tags(&html));
    assert!(html.contains("nhsuk-header"), "an NHS page: {html}");
    let text = strip_tags(&html);
    assert!(text.contains("something this form does not ask for") && text.contains("Reload the page"), "says why: {text}");
    assert!(text.contains("Sign out"), "with the person's own header: {text}");
    assert_eq!(snapshot(app).await, before, "POST {action} wrote something");
}

fn owned(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    fields.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
}

#[tokio::test]
async fn the_period_forms_refuse_a_field_they_do_not_ask_for_and_write_nothing() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    let token = app.csrf_token("/periods").await;
    let open = owned(&[
        ("csrf_token", &token),
        ("period", Q2),
        ("deadline-day", "31"),
        ("deadline-month", "10"),
        ("deadline-year", "2016"),
        ("confirm", "past-deadline"),
    ]);
    refused_then_accepted(&app, "/periods/open", &open, StatusCode::SEE_OTHER).await;
    let close = owned(&[("csrf_token", &token)]);
    refused_then_accepted(&app, "/periods/close", &close, StatusCode::SEE_OTHER).await;
}

#[tokio::test]
async fn the_start_submit_decide_and_amend_forms_refuse_a_field_they_do_not_ask_for_and_write_nothing() {
    let app = spawn_app().await;
    open_quarter(&app, Q2).await;
    app.login_as("cio.ghft").await;
    let action = format!("{RTE}/start");
    refused_then_accepted(&app, &action, &form(&app, RTE, &action).await, StatusCode::SEE_OTHER).await;

    complete_all(&app, RTE, &ORG_SECTIONS).await;
    let action = format!("{RTE}/submit");
    refused_then_accepted(&app, &action, &form(&app, RTE, &action).await, StatusCode::SEE_OTHER).await;

    let steering = app.another_person();
    steering.login_as("steering").await;
    let action = format!("{RTE}/decision");
    let mut fields = form(&steering, RTE, &action).await;
    set(&mut fields, "decision", "approve");
    set(&mut fields, "comment", "");
    refused_then_accepted(&steering, &action, &fields, StatusCode::SEE_OTHER).await;

    let action = format!("{RTE}/amend");
    refused_then_accepted(&app, &action, &form(&app, RTE, &action).await, StatusCode::SEE_OTHER).await;
}

#[tokio::test]
async fn the_deployment_forms_refuse_a_field_they_do_not_ask_for_and_write_nothing() {
    let app = spawn_app().await;
    open_quarter(&app, Q2).await;
    app.login_as("cio.ghft").await;
    start(&app, RTE).await;
    let list = format!("{RTE}/sections/deployments");

    let action = format!("{list}/new");
    let mut fields = form(&app, &action, &action).await;
    for (n, v) in [("title", "Robotic pharmacy dispensing"), ("capability", "medicines"), ("target", "2017"), ("status", "committed")] {
        set(&mut fields, n, v);
    }
    refused_then_accepted(&app, &action, &fields, StatusCode::SEE_OTHER).await;

    let action = format!("{list}/1");
    let mut fields = form(&app, &action, &action).await;
    set(&mut fields, "status", "committed");
    refused_then_accepted(&app, &action, &fields, StatusCode::SEE_OTHER).await;

    let action = format!("{list}/1/remove");
    refused_then_accepted(&app, &action, &form(&app, &list, &action).await, StatusCode::SEE_OTHER).await;
    let action = format!("{list}/1/restore");
    refused_then_accepted(&app, &action, &form(&app, &list, &action).await, StatusCode::SEE_OTHER).await;
}

#[tokio::test]
async fn a_field_sent_twice_is_refused_and_nothing_is_written() {
    let app = spawn_app().await;
    open_quarter(&app, Q2).await;
    app.login_as("cio.ghft").await;
    start(&app, RTE).await;

    // A section form whose typed 95 is followed by a smuggled second value.
    let action = format!("{RTE}/sections/dma");
    let mut fields = form(&app, &action, &action).await;
    set(&mut fields, "score-records", "95");
    set(&mut fields, "completed", "no");
    assert_refused(&app, &action, &with(&fields, "score-records", "3")).await;
    assert_eq!(post(&app, &action, &fields).await.status(), StatusCode::SEE_OTHER);

    // A workflow form with its version twice.
    complete_all(&app, RTE, &ORG_SECTIONS).await;
    let action = format!("{RTE}/submit");
    let fields = form(&app, RTE, &action).await;
    let version = value(&fields, "version").expect("version").to_string();
    assert_refused(&app, &action, &with(&fields, "version", &version)).await;
    assert_eq!(submit(&app, RTE).await.status(), StatusCode::SEE_OTHER);
    let steering = app.another_person();
    steering.login_as("steering").await;
    assert_eq!(decide(&steering, RTE, "approve", "").await.status(), StatusCode::SEE_OTHER);
}

/// The conflict panel of a 409 page (up to the form that follows it).
fn conflict_panel(html: &str) -> String {
    let start = html.find("id=\"conflict\"").expect("a conflict panel");
    let end = start + html[start..].find("<form").unwrap_or(html.len() - start);
    html[start..end].to_string()
}

/// Two browsers of cio.ghft open the same section; the first saves `theirs` in `field`, the
/// second then saves `mine` from its stale page. The 409 page, as HTML.
async fn stale_text_save(slug: &str, field: &str, theirs: &str, mine: &str) -> String {
    let app = spawn_app().await;
    open_quarter(&app, Q2).await;
    app.login_as("cio.ghft").await;
    start(&app, RTE).await;
    let colleague = app.another_person();
    colleague.login_as("cio.ghft").await;
    let action = format!("{RTE}/sections/{slug}");
    let mut my_form = form(&app, &action, &action).await;
    let mut their_form = form(&colleague, &action, &action).await;

    set(&mut their_form, field, theirs);
    set(&mut their_form, "completed", "no");
    assert_eq!(post(&colleague, &action, &their_form).await.status(), StatusCode::SEE_OTHER);

    set(&mut my_form, field, mine);
    set(&mut my_form, "completed", "no");
    let r = post(&app, &action, &my_form).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    r.text().await.unwrap()
}

#[tokio::test]
async fn a_stale_commentary_save_shows_their_text_and_mine() {
    let html = stale_text_save("commentary", "commentary", "Theirs:\nline two & <b>more</b>", "Mine").await;
    let panel = conflict_panel(&html);
    let text = strip_tags(&panel);
    assert!(!text.contains("No figure differs"), "the texts differ: {text}");
    assert!(panel.contains("Theirs:\nline two &amp; &lt;b&gt;more&lt;/b&gt;"), "their text in full, escaped, line break kept: {panel}");
    assert!(text.contains("Mine"), "my text: {text}");
    assert!(panel.contains("ldr-prewrap"), "texts keep their line breaks: {panel}");
}

#[tokio::test]
async fn a_stale_aim_narrative_save_shows_their_text_and_mine() {
    let html = stale_text_save("aims", "narrative-4a", "Theirs", "Mine").await;
    let text = strip_tags(&conflict_panel(&html));
    assert!(!text.contains("No figure differs"), "the texts differ: {text}");
    assert!(text.contains("Aim 4a narrative") && text.contains("Theirs") && text.contains("Mine"), "both texts: {text}");
}

#[tokio::test]
async fn a_stale_deployment_save_shows_their_description_and_mine() {
    let app = spawn_app().await;
    open_quarter(&app, Q2).await;
    app.login_as("cio.ghft").await;
    start(&app, RTE).await;
    let colleague = app.another_person();
    colleague.login_as("cio.ghft").await;
    let action = format!("{RTE}/sections/deployments/1");
    let mut my_form = form(&app, &action, &action).await;
    let mut their_form = form(&colleague, &action, &action).await;
    set(&mut their_form, "description", "Theirs:\nsecond line");
    assert_eq!(post(&colleague, &action, &their_form).await.status(), StatusCode::SEE_OTHER);

    set(&mut my_form, "description", "Mine");
    let r = post(&app, &action, &my_form).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let panel = conflict_panel(&r.text().await.unwrap());
    assert!(panel.contains("Theirs:\nsecond line") && panel.contains("Mine"), "their description and mine: {panel}");
}
