//! Rendered pages kept per reader until the data changes (`web::page_cache`): kept, served
//! only to their reader with that session's own token, dropped by any write, never kept with
//! forms in them.

use reqwest::StatusCode;

use crate::returns::{decide, ghft_submits_q2};
use crate::support::{csrf_from, location, row_containing, spawn_app};

#[tokio::test]
async fn a_page_is_kept_until_the_next_write_and_drawn_afresh_after_it() {
    let app = spawn_app().await;
    app.login_as("reviewer").await;
    let (_, first) = app.get_page("/organisations/RTE").await;
    assert!(first.contains("Gloucestershire Hospitals"));
    assert!(!app.state.pages.is_empty(), "the page is kept");

    // A change behind the application's back (no audit entry, so no new generation) is not
    // seen: the page really is kept, not drawn again.
    sqlx::query("UPDATE organisations SET name = 'Renamed by hand' WHERE code = 'RTE'").execute(&app.pool).await.unwrap();
    let (_, kept) = app.get_page("/organisations/RTE").await;
    assert_eq!(kept, first);

    // Any write through the application appends to the audit log: here another person signs in.
    app.another_person().login_as("cio.gcs").await;
    let (_, after) = app.get_page("/organisations/RTE").await;
    assert!(after.contains("Renamed by hand"), "drawn afresh after a write");
}

#[tokio::test]
async fn approving_a_return_changes_a_kept_dashboard_at_once() {
    let app = spawn_app().await;
    let path = ghft_submits_q2(&app, &[("score-records", "100")]).await;
    let reviewer = app.another_person();
    reviewer.login_as("reviewer").await;
    let dashboard = "/?period=2016-17-q2";
    let (_, before) = reviewer.get_page(dashboard).await;
    let (_, again) = reviewer.get_page(dashboard).await;
    assert_eq!(before, again, "kept");

    let steering = app.another_person();
    steering.login_as("steering").await;
    assert_eq!(decide(&steering, &path, "approve", "").await.status(), StatusCode::SEE_OTHER);

    let (_, after) = reviewer.get_page(dashboard).await;
    let row = |html: &str| row_containing(html, "Records, Assessments").expect("the Records row of the DMA heatmap");
    assert_ne!(row(&before), row(&after), "the approved score shows at once");
    assert!(row(&after).contains("100"), "{}", row(&after));
}

#[tokio::test]
async fn every_session_of_a_reader_gets_its_own_sign_out_token() {
    let app = spawn_app().await;
    let first = app.another_person();
    first.login_as("cio.ghft").await;
    let second = app.another_person();
    second.login_as("cio.ghft").await;
    let (_, a) = first.get_page("/").await;
    let (_, b) = second.get_page("/").await;
    let (token_a, token_b) = (csrf_from(&a).unwrap(), csrf_from(&b).unwrap());
    assert_ne!(token_a, token_b, "each session's own token, though the page was kept");

    let r = second.post_form("/logout", &[("csrf_token", &token_b)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&second.get("/").await), "/login", "the second session signed out");
    assert_eq!(first.get("/").await.status(), StatusCode::OK, "the first still signed in");
}

#[tokio::test]
async fn a_reader_is_never_served_a_page_kept_for_another() {
    let app = spawn_app().await;
    let people = [("reviewer", false), ("steering", true), ("pmo", true)];
    for (username, own_footprint_highlighted) in people {
        let person = app.another_person();
        person.login_as(username).await;
        let (status, html) = person.get_page("/national").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(html.contains("Your footprint"), own_footprint_highlighted, "{username}");
    }
    let ghft = app.another_person();
    ghft.login_as("cio.ghft").await;
    let gcs = app.another_person();
    gcs.login_as("cio.gcs").await;
    let (_, a) = ghft.get_page("/").await;
    let (_, b) = gcs.get_page("/").await;
    assert_ne!(csrf_from(&a), csrf_from(&b));
    assert!(a.contains("GHFT") && !a.contains("(CIO, GCS)"), "each CIO's own header");
    // A CIO is still refused what only others may read, kept pages or not.
    assert_eq!(ghft.get("/national").await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn pages_with_forms_or_about_the_session_are_never_kept() {
    let app = spawn_app().await;
    let path = ghft_submits_q2(&app, &[]).await;
    let steering = app.another_person();
    steering.login_as("steering").await;
    let kept = app.state.pages.len();
    for page in [path.as_str(), "/account/sessions", "/periods"] {
        assert_eq!(steering.get(page).await.status(), StatusCode::OK, "{page}");
    }
    assert_eq!(app.state.pages.len(), kept, "neither page was kept");
}
