//! A page view writes nothing: every page, read 100 times by each kind of person signed in,
//! leaves the database file exactly as it was (`PRAGMA data_version`, read on a connection of
//! the test's own, changes whenever any other connection commits).

use sqlx::{Connection, SqliteConnection};

use crate::support::spawn_app;

const PAGES: [&str; 18] = [
    "/",
    "/organisations",
    "/organisations/RTE",
    "/capabilities",
    "/capabilities/9",
    "/dma",
    "/roadmap",
    "/returns",
    "/account/sessions",
    "/returns/2016-17-q1/RTE",
    "/trajectories",
    "/trajectories/records",
    "/deployments",
    "/deployments.csv",
    "/gaps",
    "/rules",
    "/aims/4d",
    "/reports",
];
/// Pages a CIO may not open; read by the others.
const STAFF_PAGES: [&str; 3] = ["/periods", "/audit", "/returns/2016-17-q1/GLOS"];

async fn data_version(watcher: &mut SqliteConnection) -> i64 {
    sqlx::query_scalar("PRAGMA data_version").fetch_one(&mut *watcher).await.unwrap()
}

#[tokio::test]
async fn a_hundred_anonymous_views_of_the_sign_in_page_write_nothing() {
    let app = spawn_app().await;
    let mut watcher = SqliteConnection::connect(&format!("sqlite://{}", app.db_path.display())).await.unwrap();
    let before = data_version(&mut watcher).await;
    for _ in 0..100 {
        assert!(app.get("/login").await.status().is_success());
        assert!(app.get("/").await.status().is_redirection());
    }
    assert_eq!(data_version(&mut watcher).await, before, "an anonymous visitor wrote to the database");
    // The watcher does see the server's commits: signing in writes the session.
    app.login_as("reviewer").await;
    assert_ne!(data_version(&mut watcher).await, before, "a sign-in is seen as a write");
}

#[tokio::test]
async fn a_hundred_views_of_every_page_by_every_role_write_nothing() {
    for username in ["pmo", "steering", "reviewer", "cio.ghft"] {
        let app = spawn_app().await;
        app.login_as(username).await;
        // Signing in writes (the session, the sign-in's audit row); reading must not.
        let mut watcher = SqliteConnection::connect(&format!("sqlite://{}", app.db_path.display())).await.unwrap();
        let before = data_version(&mut watcher).await;
        let staff = if username.starts_with("cio.") { &[][..] } else { &STAFF_PAGES[..] };
        for path in PAGES.iter().chain(staff) {
            for _ in 0..100 {
                let r = app.get(path).await;
                assert!(r.status().is_success(), "{username} GET {path}: {}", r.status());
            }
            assert_eq!(data_version(&mut watcher).await, before, "{username} reading {path} wrote to the database");
        }
    }
}
