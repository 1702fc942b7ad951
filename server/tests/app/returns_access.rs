//! Every write route of returns, for every role: refused with the right status and nothing
//! written, whoever tries and however (another organisation's CIO, a reviewer, a missing or
//! forged CSRF token, a replayed submit).

use reqwest::StatusCode;

use crate::returns::{complete_all, open_quarter, start, submit, ORG_SECTIONS, RTE};
use crate::support::{spawn_app, TestApp};

/// Everything a write could change, as one comparable value.
async fn snapshot(app: &TestApp) -> (i64, i64, String, i64, i64) {
    let returns: i64 = sqlx::query_scalar("SELECT COUNT(*) + COALESCE(SUM(version), 0) FROM returns").fetch_one(&app.pool).await.unwrap();
    let sections: i64 = sqlx::query_scalar("SELECT COALESCE(SUM(version), 0) FROM return_sections").fetch_one(&app.pool).await.unwrap();
    let states: String =
        sqlx::query_scalar("SELECT COALESCE(GROUP_CONCAT(state || revision), '') FROM returns").fetch_one(&app.pool).await.unwrap();
    let audit: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action <> 'session.sign_in'").fetch_one(&app.pool).await.unwrap();
    let figures: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM dma_scores WHERE return_id IS NOT NULL").fetch_one(&app.pool).await.unwrap();
    (returns, sections, states, audit, figures)
}

/// (route, form fields besides the CSRF token)
fn routes() -> Vec<(String, Vec<(&'static str, &'static str)>)> {
    vec![
        (format!("{RTE}/start"), vec![]),
        (format!("{RTE}/sections/dma"), vec![("version", "2"), ("score-records", "99"), ("completed", "no")]),
        (format!("{RTE}/submit"), vec![("version", "2")]),
        (format!("{RTE}/decision"), vec![("version", "2"), ("decision", "approve"), ("comment", "")]),
        (format!("{RTE}/decision"), vec![("version", "2"), ("decision", "return"), ("comment", "No")]),
        (format!("{RTE}/amend"), vec![("version", "2")]),
        ("/returns/2016-17-q2/GLOS/start".to_string(), vec![]),
        // Not a return, but a write every role may make: only its CSRF refusals are checked here.
        ("/account/sessions/end-others".to_string(), vec![]),
    ]
}

/// What each person gets from each route while RTE's return is submitted (None: allowed,
/// checked elsewhere). The CIO's own return refuses with 409: right person, wrong state.
fn expected(user: &str, route: &str, fields: &[(&str, &str)]) -> Option<StatusCode> {
    let decision = fields.iter().find(|(n, _)| *n == "decision").map(|(_, v)| *v);
    let forbidden = Some(StatusCode::FORBIDDEN);
    match (user, route) {
        (_, "/account/sessions/end-others") => None,
        ("cio.ghft", r) if r.contains("/RTE/") && decision.is_none() && !r.ends_with("/start") => Some(StatusCode::CONFLICT),
        ("cio.ghft", r) if r.ends_with("RTE/start") => Some(StatusCode::SEE_OTHER), // already started: no write
        ("steering", _) if decision.is_some() => None,
        ("pmo", _) if decision == Some("return") => None,
        _ => forbidden,
    }
}

#[tokio::test]
async fn every_write_route_refuses_every_role_that_may_not_use_it_and_writes_nothing() {
    let app = spawn_app().await;
    open_quarter(&app, "2016-17-q2").await;
    let cio = app.another_person();
    cio.login_as("cio.ghft").await;
    start(&cio, RTE).await;
    complete_all(&cio, RTE, &ORG_SECTIONS).await;
    assert_eq!(submit(&cio, RTE).await.status(), StatusCode::SEE_OTHER);
    let version: i64 = sqlx::query_scalar("SELECT version FROM returns").fetch_one(&app.pool).await.unwrap();
    assert_eq!(version, 2, "the routes below post the current version");

    let users = ["pmo", "steering", "reviewer", "cio.ghft", "cio.gcs", "cio.gcc"];
    let mut checked = 0;
    for user in users {
        let person = app.another_person();
        person.login_as(user).await;
        let token = person.csrf_token("/returns").await;
        for (route, fields) in routes() {
            let Some(status) = expected(user, &route, &fields) else { continue };
            // The PMO starting the footprint's own return is allowed; it is tested elsewhere.
            if user == "pmo" && route.ends_with("GLOS/start") {
                continue;
            }
            let before = snapshot(&app).await;
            let mut form: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
            form.extend(fields.iter().copied());
            let r = person.post_form(&route, &form).await;
            assert_eq!(r.status(), status, "{user} POST {route} {fields:?}");
            assert_eq!(snapshot(&app).await, before, "{user} POST {route} wrote something");
            checked += 1;
        }

        // Without the session's CSRF token, or with a forged one, nothing runs at all.
        for bad in [None, Some("forged-token")] {
            for (route, fields) in routes() {
                let before = snapshot(&app).await;
                let mut form: Vec<(&str, &str)> = bad.map(|t| vec![("csrf_token", t)]).unwrap_or_default();
                form.extend(fields.iter().copied());
                let r = person.post_form(&route, &form).await;
                assert_eq!(r.status(), StatusCode::FORBIDDEN, "{user} POST {route} with CSRF {bad:?}");
                assert_eq!(snapshot(&app).await, before);
            }
        }
    }
    assert!(checked >= 30, "the matrix ran ({checked} cases)");

    // Signed out: sent to sign in, nothing written.
    let stranger = app.another_person();
    let token = stranger.csrf_token("/login").await;
    let before = snapshot(&app).await;
    for (route, fields) in routes() {
        let mut form: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
        form.extend(fields.iter().copied());
        let r = stranger.post_form(&route, &form).await;
        assert!(matches!(r.status(), StatusCode::SEE_OTHER | StatusCode::FORBIDDEN), "signed out POST {route}: {}", r.status());
    }
    assert_eq!(snapshot(&app).await, before);
}

#[tokio::test]
async fn the_programme_office_keeps_the_footprint_return_and_the_steering_group_approves_it() {
    let app = spawn_app().await;
    open_quarter(&app, "2016-17-q2").await;
    let glos = "/returns/2016-17-q2/GLOS";
    let pmo = app.another_person();
    pmo.login_as("pmo").await;
    start(&pmo, glos).await;
    complete_all(&pmo, glos, &["footprint-aims", "commentary"]).await;
    assert_eq!(submit(&pmo, glos).await.status(), StatusCode::SEE_OTHER);
    // A CIO cannot read or write the footprint's return.
    cio_cannot_touch(&app, glos).await;
    let steering = app.another_person();
    steering.login_as("steering").await;
    assert_eq!(crate::returns::decide(&steering, glos, "approve", "").await.status(), StatusCode::SEE_OTHER);
    // Aim 1a had no RAG in the 2016 document; the approved footprint return declares Amber.
    let (_, html) = steering.get_page("/capabilities/1").await;
    let row = crate::support::row_containing(&html, "Information accessed for every patient presenting").expect("aim 1a");
    assert!(row.contains("Amber"), "{row}");
    assert!(html.contains(&format!("href=\"{glos}/revisions/1\"")), "provenance links to the footprint return");
}

async fn cio_cannot_touch(app: &TestApp, path: &str) {
    let cio = app.another_person();
    cio.login_as("cio.ghft").await;
    assert_eq!(cio.get(path).await.status(), StatusCode::FORBIDDEN);
    let token = cio.csrf_token("/returns").await;
    assert_eq!(cio.post_form(&format!("{path}/submit"), &[("csrf_token", &token), ("version", "2")]).await.status(), StatusCode::FORBIDDEN);
}
