//! Writes that race each other keep the return consistent: what a submit checks is what it
//! commits. Bounded: 25 rounds of two requests, on loopback.

use crate::forms::set;
use crate::returns::{complete_all, complete_section, decide, form, open_quarter, post, start, ORG_SECTIONS, Q2, RTE};
use crate::support::spawn_app;

#[tokio::test]
async fn a_save_racing_a_submit_never_leaves_a_submitted_return_incomplete() {
    let app = spawn_app().await;
    open_quarter(&app, Q2).await;
    app.login_as("cio.ghft").await;
    start(&app, RTE).await;
    complete_all(&app, RTE, &ORG_SECTIONS).await;
    let steering = app.another_person();
    steering.login_as("steering").await;
    let section = format!("{RTE}/sections/commentary");
    let (mut submitted, mut saved) = (0, 0);
    for round in 1..=25 {
        complete_section(&app, RTE, "commentary", &[]).await;
        let submit_form = form(&app, RTE, &format!("{RTE}/submit")).await;
        let mut half_done = form(&app, &section, &section).await;
        set(&mut half_done, "completed", "no");
        let submit_path = format!("{RTE}/submit");
        let (_, _) = tokio::join!(post(&app, &submit_path, &submit_form), post(&app, &section, &half_done));
        let (state, status): (String, String) = sqlx::query_as(
            "SELECT r.state, s.status FROM returns r JOIN return_sections s ON s.return_id = r.id AND s.section = 'commentary'
             ORDER BY r.id DESC LIMIT 1",
        )
        .fetch_one(&app.pool)
        .await
        .unwrap();
        assert!(!(state == "submitted" && status != "completed"), "round {round}: submitted with its commentary {status}");
        if state == "submitted" {
            submitted += 1;
            let r = decide(&steering, RTE, "return", "Round again").await;
            assert!(r.status().is_redirection(), "round {round}: returned for changes");
        } else {
            saved += 1;
        }
    }
    // Both outcomes are legitimate; the point is that neither leaves the two out of step.
    assert_eq!(submitted + saved, 25);
}
