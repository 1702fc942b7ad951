//! The landing page `/`: each signed-in person sees their own tasks before the footprint's
//! figures (a CIO their return, the Steering Group what waits for a decision, the PMO the
//! chase list in numbers).

use reqwest::StatusCode;

use crate::returns::{complete_all, open_quarter, start, submit, ORG_SECTIONS, Q2, RTE};
use crate::support::{spawn_app, strip_tags, TestApp};

/// The page's text, tags stripped, as a person would read it top to bottom.
async fn landing_text(app: &TestApp) -> String {
    let (status, html) = app.get_page("/").await;
    assert_eq!(status, StatusCode::OK);
    strip_tags(&html)
}

/// The text between "Your tasks" and the first of the dashboard's own figures.
fn tasks_panel(text: &str) -> &str {
    let start = text.find("Your tasks").expect("a \"Your tasks\" panel");
    let end = text.find("Status of the").expect("the dashboard's aims summary");
    assert!(start < end, "the tasks come before the dashboard's figures");
    &text[start..end]
}

async fn signed_in(app: &TestApp, username: &str) -> TestApp {
    let person = app.another_person();
    person.login_as(username).await;
    person
}

#[tokio::test]
async fn a_cio_lands_on_their_own_return_with_its_state_and_deadline_first() {
    let app = spawn_app().await;
    open_quarter(&app, Q2).await;
    let cio = signed_in(&app, "cio.ghft").await;

    let text = landing_text(&cio).await;
    let panel = tasks_panel(&text);
    for words in ["Gloucestershire Hospitals NHS Foundation Trust", "2016/17 Q2", "Not started", "31 October 2016", "Overdue"] {
        assert!(panel.contains(words), "the CIO's tasks lack {words:?}: {panel}");
    }
    let (_, html) = cio.get_page("/").await;
    assert!(html.contains(&format!("href=\"{RTE}\"")), "a link to start the return");
    assert!(panel.contains("Start your return"), "{panel}");

    start(&cio, RTE).await;
    let text = landing_text(&cio).await;
    let panel = tasks_panel(&text);
    assert!(panel.contains("Draft") && panel.contains("Continue your return"), "{panel}");
}

#[tokio::test]
async fn after_a_submit_the_steering_group_lands_on_the_return_waiting_for_its_decision() {
    let app = spawn_app().await;
    open_quarter(&app, Q2).await;
    let steering = signed_in(&app, "steering").await;
    let text = landing_text(&steering).await;
    assert!(tasks_panel(&text).contains("No returns are waiting for a decision"), "{}", tasks_panel(&text));

    let cio = signed_in(&app, "cio.ghft").await;
    start(&cio, RTE).await;
    complete_all(&cio, RTE, &ORG_SECTIONS).await;
    assert_eq!(submit(&cio, RTE).await.status(), StatusCode::SEE_OTHER);

    let text = landing_text(&steering).await;
    let panel = tasks_panel(&text);
    assert!(panel.contains("1 return is waiting for a decision"), "{panel}");
    assert!(panel.contains("Gloucestershire Hospitals NHS Foundation Trust, 2016/17 Q2"), "{panel}");
    let (_, html) = steering.get_page("/").await;
    assert!(html.contains(&format!("href=\"{RTE}\"")));
}

#[tokio::test]
async fn the_pmo_lands_on_the_chase_list_in_numbers_and_the_footprint_return() {
    let app = spawn_app().await;
    open_quarter(&app, Q2).await;
    let cio = signed_in(&app, "cio.ghft").await;
    start(&cio, RTE).await;
    complete_all(&cio, RTE, &ORG_SECTIONS).await;
    assert_eq!(submit(&cio, RTE).await.status(), StatusCode::SEE_OTHER);
    let cio = signed_in(&app, "cio.gcc").await;
    start(&cio, "/returns/2016-17-q2/E10000013").await;

    let pmo = signed_in(&app, "pmo").await;
    let text = landing_text(&pmo).await;
    let panel = tasks_panel(&text);
    // Seven organisations and the footprint's own Table 5: GHFT submitted, GCC in progress.
    for (what, n) in [("Not started", 6), ("In progress", 1), ("Submitted", 1), ("Approved", 0), ("Overdue", 7)] {
        assert!(panel.contains(&format!("{what} {n} ")), "the PMO's tasks lack {what} {n}: {panel}");
    }
    assert!(panel.contains("Gloucestershire footprint (Table 5)"), "{panel}");
    let (_, html) = pmo.get_page("/").await;
    assert!(html.contains("href=\"/returns\""));
    assert!(html.contains("href=\"/returns/2016-17-q2/GLOS\""));
}

#[tokio::test]
async fn a_reviewer_has_no_tasks_and_a_cio_is_told_when_no_quarter_is_open() {
    let app = spawn_app().await;
    let reviewer = signed_in(&app, "reviewer").await;
    assert!(!landing_text(&reviewer).await.contains("Your tasks"));
    let cio = signed_in(&app, "cio.ghft").await;
    let text = landing_text(&cio).await;
    assert!(tasks_panel(&text).contains("No quarter is open for returns"), "{text}");
}
