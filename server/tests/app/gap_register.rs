//! The PMO edits the gap register on `/gaps`: add, change and remove a gap or an initiative,
//! each audited with before and after; every problem of a form at once with what was typed
//! kept (422, nothing written); a stale edit refused (409); everyone else refused (403).

use reqwest::{Response, StatusCode};

use crate::gaps::table;
use crate::support::{location, spawn_app, TestApp};

/// (gaps, initiatives, audit rows about either): what a refused request must leave alone.
async fn written(app: &TestApp) -> (i64, i64, i64) {
    let count = |sql: &'static str| async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(&app.pool).await.unwrap() };
    (
        count("SELECT COUNT(*) FROM gaps").await,
        count("SELECT COUNT(*) FROM initiatives").await,
        count("SELECT COUNT(*) FROM audit_log WHERE entity IN ('gaps', 'initiatives')").await,
    )
}

async fn post(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> Response {
    let token = app.csrf_token("/account/sessions").await;
    let mut all = vec![("csrf_token", token.as_str())];
    all.extend_from_slice(fields);
    app.post_form(path, &all).await
}

async fn id_of(app: &TestApp, sql: &str, text: &str) -> i64 {
    sqlx::query_scalar(sql).bind(text).fetch_one(&app.pool).await.unwrap()
}

async fn infrastructure(app: &TestApp) -> String {
    id_of(app, "SELECT id FROM gap_areas WHERE name = ?", "Infrastructure").await.to_string()
}

/// The newest audit row: (action, before_json, after_json).
async fn last_audit(app: &TestApp) -> (String, Option<String>, Option<String>) {
    sqlx::query_as("SELECT action, before_json, after_json FROM audit_log ORDER BY id DESC LIMIT 1").fetch_one(&app.pool).await.unwrap()
}

#[tokio::test]
async fn the_pmo_adds_changes_and_removes_a_gap_each_audited() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    let (_, html) = app.get_page("/gaps").await;
    assert!(html.contains("href=\"/gaps/register/gaps/new\""), "the PMO is offered the forms");
    let area = infrastructure(&app).await;
    let r =
        post(&app, "/gaps/register/gaps/new", &[("version", ""), ("area", &area), ("text", "No <script>alert(1)</script> Wi-Fi")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/gaps#register");
    let (action, before, after) = last_audit(&app).await;
    assert_eq!((action.as_str(), before), ("add_gap", None));
    assert!(after.unwrap().contains("No <script>alert(1)</script> Wi-Fi"));
    let (_, html) = app.get_page("/gaps").await;
    assert!(!html.contains("<script>alert(1)"), "typed markup is text");
    let gaps = table(&html, "Gaps against strategic goals");
    assert!(gaps.iter().any(|r| r[0] == "Infrastructure" && r[1] == "No <script>alert(1)</script> Wi-Fi"));

    let id = id_of(&app, "SELECT id FROM gaps WHERE text = ?", "No <script>alert(1)</script> Wi-Fi").await;
    let (status, form) = app.get_page(&format!("/gaps/register/gaps/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("name=\"version\" value=\"1\"") && form.contains("&lt;script&gt;alert(1)"));
    let r = post(&app, &format!("/gaps/register/gaps/{id}"), &[("version", "1"), ("area", &area), ("text", "Wi-Fi in half the practices")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (action, before, after) = last_audit(&app).await;
    assert_eq!(action, "change_gap");
    assert!(before.unwrap().contains("alert(1)") && after.unwrap().contains("Wi-Fi in half the practices"));

    let r = post(&app, &format!("/gaps/register/gaps/{id}/remove"), &[("version", "2")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (action, before, after) = last_audit(&app).await;
    assert_eq!((action.as_str(), after), ("remove_gap", None));
    assert!(before.unwrap().contains("Wi-Fi in half the practices"));
    let (_, html) = app.get_page("/gaps").await;
    assert!(!html.contains("Wi-Fi in half the practices"));
}

#[tokio::test]
async fn the_pmo_adds_an_initiative_and_it_takes_its_place_in_the_priority_order() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    let fields = [
        ("version", ""),
        ("title", "Single sign-on"),
        ("description", "One login across partners"),
        ("universal_capability", "no"),
        ("stp_objective", "yes"),
        ("whole_system", "yes"),
        ("pfpoc_enabler", "single"),
    ];
    let r = post(&app, "/gaps/register/initiatives/new", &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = app.get_page("/gaps").await;
    let rows = table(&html, "Initiatives in priority order");
    // 0 + 1 + 1 + 1 = 3: after the four-pointers, before "Whole system analytics" (2).
    let at = rows.iter().position(|r| r[1] == "Single sign-on").expect("listed");
    assert_eq!(rows[at][7], "3");
    assert_eq!(rows[at + 1][1], "Whole system analytics");
    let (action, _, after) = last_audit(&app).await;
    assert_eq!(action, "add_initiative");
    assert!(after.unwrap().contains("\"enabler\":\"single\""));

    let id = id_of(&app, "SELECT id FROM initiatives WHERE title = ?", "Single sign-on").await;
    let mut change = fields.to_vec();
    change[0] = ("version", "1");
    change[6] = ("pfpoc_enabler", "multiple");
    assert_eq!(post(&app, &format!("/gaps/register/initiatives/{id}"), &change).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(last_audit(&app).await.0, "change_initiative");
    assert_eq!(post(&app, &format!("/gaps/register/initiatives/{id}/remove"), &[("version", "2")]).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(last_audit(&app).await.0, "remove_initiative");
}

#[tokio::test]
async fn an_invalid_initiative_shows_every_problem_at_once_keeps_what_was_typed_and_writes_nothing() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    let before = written(&app).await;
    let long = "x".repeat(2001);
    let fields = [
        ("version", ""),
        ("title", "Working towards delivery of Universal Capabilities"),
        ("description", long.as_str()),
        ("universal_capability", "maybe"),
        ("pfpoc_enabler", "several"),
    ];
    let r = post(&app, "/gaps/register/initiatives/new", &fields).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("There is a problem"));
    for (field, message) in [
        ("title", "Another initiative already has this title"),
        ("description", "The description must be 2000 characters or fewer"),
        ("universal_capability", "Select whether it is needed for a Universal Capability"),
        ("stp_objective", "Select whether an STP objective relies on it"),
        ("whole_system", "Select whether it helps whole-system working"),
        ("pfpoc_enabler", "Select whether it enables paper-free at the point of care"),
    ] {
        assert!(html.contains(&format!("<a href=\"#{field}\">{message}")), "{field}");
    }
    assert!(html.contains("value=\"Working towards delivery of Universal Capabilities\""), "the title as typed");
    assert!(html.contains(&long), "the description as typed");
    assert_eq!(written(&app).await, before, "nothing written");

    let r = post(&app, "/gaps/register/gaps/new", &[("version", ""), ("area", "999999"), ("text", "   ")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("<a href=\"#area\">Select the area the gap belongs to") && html.contains("<a href=\"#text\">Enter the gap"));
    assert_eq!(written(&app).await, before);
}

#[tokio::test]
async fn a_stale_edit_is_refused_with_what_is_saved_now_and_what_was_typed() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    let area = infrastructure(&app).await;
    let id = id_of(&app, "SELECT id FROM gaps WHERE text = ?", "Poor mobile signal in some patches").await;
    let path = format!("/gaps/register/gaps/{id}");
    // Someone saves first; this page was shown at version 1.
    assert_eq!(post(&app, &path, &[("version", "1"), ("area", &area), ("text", "Theirs")]).await.status(), StatusCode::SEE_OTHER);
    let before = written(&app).await;
    let r = post(&app, &path, &[("version", "1"), ("area", &area), ("text", "Mine")]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let html = r.text().await.unwrap();
    assert!(html.contains("Someone else changed this") && html.contains("Infrastructure: Theirs") && html.contains(">Mine</textarea>"));
    assert!(html.contains("name=\"version\" value=\"2\""), "saving again replaces theirs knowingly");
    assert_eq!(written(&app).await, before, "nothing written");
    let text: String = sqlx::query_scalar("SELECT text FROM gaps WHERE id = ?").bind(id).fetch_one(&app.pool).await.unwrap();
    assert_eq!(text, "Theirs", "never a silent overwrite");
    let r = post(&app, &format!("{path}/remove"), &[("version", "1")]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT, "a stale removal too");
    assert_eq!(written(&app).await, before);
}

#[tokio::test]
async fn everyone_but_the_pmo_is_refused_every_register_route() {
    let app = spawn_app().await;
    let gap = id_of(&app, "SELECT id FROM gaps WHERE text = ?", "Poor mobile signal in some patches").await;
    let initiative = id_of(&app, "SELECT id FROM initiatives WHERE title = ?", "Whole system analytics").await;
    let paths = [
        "/gaps/register/gaps/new".to_string(),
        format!("/gaps/register/gaps/{gap}"),
        format!("/gaps/register/gaps/{gap}/remove"),
        "/gaps/register/initiatives/new".to_string(),
        format!("/gaps/register/initiatives/{initiative}"),
        format!("/gaps/register/initiatives/{initiative}/remove"),
    ];
    let before = written(&app).await;
    for user in ["steering", "reviewer", "cio.ghft", "cio.gcc"] {
        let person = app.another_person();
        person.login_as(user).await;
        for path in &paths {
            assert_eq!(person.get(path).await.status(), StatusCode::FORBIDDEN, "{user} GET {path}");
            let r = post(&person, path, &[("version", "1")]).await;
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "{user} POST {path}");
        }
        let (_, html) = person.get_page("/gaps").await;
        assert!(!html.contains("/gaps/register/"), "{user} is offered no form");
    }
    let pmo = app.another_person();
    pmo.login_as("pmo").await;
    for path in &paths {
        assert_eq!(pmo.get(path).await.status(), StatusCode::OK, "pmo GET {path}");
    }
    let signed_out = app.another_person();
    assert_eq!(signed_out.get(&paths[0]).await.status(), StatusCode::SEE_OTHER, "signed out: to sign in");
    assert_eq!(written(&app).await, before, "nothing written");
}
