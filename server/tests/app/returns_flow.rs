//! The return's workflow through its one check (`actions::begin_checked` asking
//! `ldr_app::returns::state`), its times bound from Rust, and the deadline rules over HTTP.

use reqwest::StatusCode;

use crate::forms::set;
use crate::returns::{complete_all, decide, form, open_quarter, post, start, submit, ORG_SECTIONS, Q2, RTE};
use crate::support::{spawn_app, strip_tags, TestApp};

/// The shape of every stored time: `2016-09-30 14:05:00`, as the columns' defaults write it.
fn is_column_time(text: &str) -> bool {
    let b = text.as_bytes();
    text.len() == 19
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b' ',
            13 | 16 => *c == b':',
            _ => c.is_ascii_digit(),
        })
}

async fn submitted_rte(app: &TestApp) -> TestApp {
    open_quarter(app, Q2).await;
    let cio = app.another_person();
    cio.login_as("cio.ghft").await;
    start(&cio, RTE).await;
    complete_all(&cio, RTE, &ORG_SECTIONS).await;
    assert_eq!(submit(&cio, RTE).await.status(), StatusCode::SEE_OTHER);
    cio
}

#[tokio::test]
async fn every_time_the_workflow_writes_is_stored_like_the_column_defaults_and_a_step_has_one_time() {
    let app = spawn_app().await;
    let _cio = submitted_rte(&app).await;
    let pmo = app.another_person();
    pmo.login_as("pmo").await;
    assert_eq!(decide(&pmo, RTE, "return", "Please check the trajectory.").await.status(), StatusCode::SEE_OTHER);

    let (created, updated, submitted, decided): (String, String, String, String) = sqlx::query_as(
        "SELECT r.created_at, r.updated_at, r.submitted_at, r.decided_at FROM returns r
         JOIN organisations o ON o.id = r.organisation_id WHERE o.code = 'RTE' AND r.revision = 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let sections: Vec<String> = sqlx::query_scalar(
        "SELECT s.updated_at FROM return_sections s JOIN returns r ON r.id = s.return_id
         JOIN organisations o ON o.id = r.organisation_id WHERE o.code = 'RTE'",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let steps: Vec<(String, String)> = sqlx::query_as(
        "SELECT d.decision, d.decided_at FROM return_decisions d JOIN returns r ON r.id = d.return_id
         JOIN organisations o ON o.id = r.organisation_id WHERE o.code = 'RTE' ORDER BY d.id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    for t in [&created, &updated, &submitted, &decided].into_iter().chain(&sections).chain(steps.iter().map(|(_, t)| t)) {
        assert!(is_column_time(t), "{t:?} is stored as the column defaults store times");
    }
    assert_eq!(steps.iter().map(|(d, _)| d.as_str()).collect::<Vec<_>>(), ["submitted", "returned"]);
    assert_eq!(steps[1].1, decided, "the step in the history and the return's own stamp are one time");
    assert_eq!(steps[0].1, submitted);
}

#[tokio::test]
async fn an_approval_from_a_page_older_than_the_return_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let cio = submitted_rte(&app).await;
    let steering = app.another_person();
    steering.login_as("steering").await;
    // The Steering Group opens the return to decide (its form names the version it shows)...
    let mut old_page = form(&steering, RTE, &format!("{RTE}/decision")).await;
    // ...meanwhile the PMO sends it back and the CIO submits it again.
    let pmo = app.another_person();
    pmo.login_as("pmo").await;
    assert_eq!(decide(&pmo, RTE, "return", "Please check the trajectory.").await.status(), StatusCode::SEE_OTHER);
    complete_all(&cio, RTE, &["trajectory"]).await;
    assert_eq!(submit(&cio, RTE).await.status(), StatusCode::SEE_OTHER);

    set(&mut old_page, "decision", "approve");
    let r = post(&steering, &format!("{RTE}/decision"), &old_page).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let body = r.text().await.unwrap();
    assert!(body.contains("nhsuk-error-summary"), "{}", strip_tags(&body));
    assert!(body.contains("This return changed since you opened the page. Check it before deciding."));
    let state: String = sqlx::query_scalar(
        "SELECT r.state FROM returns r JOIN organisations o ON o.id = r.organisation_id WHERE o.code = 'RTE' AND r.revision = 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(state, "submitted", "nothing was approved");
}

#[tokio::test]
async fn a_deadline_year_with_a_sign_is_refused_as_not_four_numbers_with_what_was_typed_kept() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    for year in ["-201", "+201"] {
        let token = app.csrf_token("/periods").await;
        let fields = [
            ("csrf_token", token.as_str()),
            ("period", "2016-17-q2"),
            ("deadline-day", "31"),
            ("deadline-month", "10"),
            ("deadline-year", year),
            ("confirm", "past-deadline"),
        ];
        let r = app.post_form("/periods/open", &fields).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{year}");
        let body = r.text().await.unwrap();
        assert!(body.contains("Year must include 4 numbers"), "{year}: {}", strip_tags(&body));
        assert!(body.contains(&format!("value=\"{year}\"")), "{year} kept as typed");
    }
    let windows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM period_windows").fetch_one(&app.pool).await.unwrap();
    assert_eq!(windows, 0, "nothing written");
}
