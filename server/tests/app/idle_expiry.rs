//! The idle expiry is really idle: a person who keeps using the app stays signed in, because
//! their session's expiry is pushed on at most every few minutes of activity (never on every
//! request: a page view writes nothing).

use std::time::Duration;

use crate::support::spawn_app;

async fn expiry(app: &crate::support::TestApp) -> String {
    sqlx::query_scalar("SELECT MAX(CAST(expiry_date AS TEXT)) FROM tower_sessions").fetch_one(&app.pool).await.unwrap()
}

#[tokio::test]
async fn activity_pushes_the_idle_expiry_on_at_most_every_few_minutes() {
    let app = spawn_app().await;
    app.login_as("reviewer").await;
    let signed_in = expiry(&app).await;

    assert!(app.get("/").await.status().is_success());
    assert_eq!(expiry(&app).await, signed_in, "a page view a moment after sign-in writes nothing");

    // Active again six minutes later.
    tokio::time::sleep(Duration::from_millis(20)).await;
    app.state.auth.advance_clock(Duration::from_secs(6 * 60));
    assert!(app.get("/").await.status().is_success());
    let refreshed = expiry(&app).await;
    assert!(refreshed > signed_in, "activity after five minutes pushes the expiry on: {signed_in} -> {refreshed}");

    tokio::time::sleep(Duration::from_millis(20)).await;
    assert!(app.get("/dma").await.status().is_success());
    assert_eq!(expiry(&app).await, refreshed, "and not again until five more minutes have passed");
}
