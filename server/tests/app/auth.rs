//! Signing in and out: one message for every failure, throttling, session rotation.

use reqwest::StatusCode;

use crate::support::{csrf_from, location, session_cookie, spawn_app, spawn_empty_app, DEMO_PASSWORD};

const WRONG: &str = "Enter a correct username and password";

#[tokio::test]
async fn a_wrong_password_and_an_unknown_user_get_the_same_answer() {
    let app = spawn_app().await;
    for (username, password) in [("pmo", "not-the-password"), ("nobody", DEMO_PASSWORD), ("", "")] {
        let r = app.try_login(username, password).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{username}");
        let html = r.text().await.unwrap();
        assert!(html.contains("nhsuk-error-summary") && html.contains(WRONG), "{username}");
        assert!(html.contains(&format!("value=\"{username}\"")), "the username typed is kept");
        assert!(!html.contains(password) || password.is_empty(), "the password is never echoed");
    }
    assert_eq!(app.get("/").await.status(), StatusCode::SEE_OTHER, "still signed out");
}

#[tokio::test]
async fn repeated_failures_slow_the_username_down_even_for_the_right_password() {
    let app = spawn_app().await;
    for _ in 0..5 {
        assert_eq!(app.try_login("cio.ghft", "guess").await.status(), StatusCode::UNAUTHORIZED);
    }
    let r = app.try_login("cio.ghft", DEMO_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers().get("retry-after").and_then(|v| v.to_str().ok()), Some("5"), "a short wait, not a lock");
    assert!(r.text().await.unwrap().contains("Too many failed attempts to sign in with this username. Wait 5 seconds"));
    // Another account from the same address is not slowed by these five.
    app.another_person().login_as("cio.gcs").await;
    // When the delay has passed, the right password signs in and the count starts again.
    app.state.auth.advance_clock(std::time::Duration::from_secs(6));
    app.login_as("cio.ghft").await;
}

#[tokio::test]
async fn signing_in_rotates_the_session_id_and_the_old_one_is_useless() {
    let app = spawn_app().await;
    let login_page = app.get("/login").await;
    assert!(session_cookie(&login_page).is_none(), "the sign-in page starts no session");
    let token = csrf_from(&login_page.text().await.unwrap()).unwrap();
    let fields = [("csrf_token", token.as_str()), ("username", "cio.ghft"), ("password", DEMO_PASSWORD)];
    let sign_in = || app.post_form("/login", &fields);
    let r = sign_in().await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let before = session_cookie(&r).expect("sign-in sets a session cookie");
    let cookie = r.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect::<Vec<_>>().join("\n");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    // Signing in again (as after a session fixed by someone else) gives a new id.
    let r = sign_in().await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let after = session_cookie(&r).expect("sign-in sets a new session cookie");
    assert_ne!(before, after, "session id rotated at sign-in");

    // A browser still holding the earlier id is not signed in.
    let stale = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let r = stale.get(app.url("/")).header("cookie", format!("ldr_session={before}")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.get("/").await.status(), StatusCode::OK, "the new id works");
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let app = spawn_app().await;
    app.login_as("steering").await;
    let token = app.csrf_token("/").await;
    let r = app.post_form("/logout", &[("csrf_token", &token)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login");
    assert_eq!(app.get("/").await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_database_started_without_the_seed_has_no_known_account() {
    let app = spawn_empty_app().await;
    for username in ["pmo", "steering", "reviewer", "cio.ghft"] {
        assert_eq!(app.try_login(username, DEMO_PASSWORD).await.status(), StatusCode::UNAUTHORIZED, "{username}");
    }
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&app.pool).await.unwrap();
    assert_eq!(users, 0);
}

#[tokio::test]
async fn a_successful_sign_in_is_audited() {
    let app = spawn_app().await;
    app.login_as("reviewer").await;
    let (actor, action): (String, String) =
        sqlx::query_as("SELECT actor, action FROM audit_log ORDER BY id DESC LIMIT 1").fetch_one(&app.pool).await.unwrap();
    assert_eq!((actor.as_str(), action.as_str()), ("reviewer", "session.sign_in"));
}
