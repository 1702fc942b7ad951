//! Sign-in under attack (issue 8): bounded password checks, throttling counted before the
//! check, no lock-out weapon, bounded fields, no session before sign-in, sessions that end.

use std::time::{Duration, Instant};

use reqwest::StatusCode;

use ldr_server::web::AppState;

use crate::cli::ldr;
use crate::support::{session_cookie, spawn_app, TestApp, DEMO_PASSWORD};

/// Sign-in attempts, each from its own browser, all at once; their statuses.
async fn parallel_attempts(app: &TestApp, attempts: &[(&str, &str)]) -> Vec<StatusCode> {
    let mut tasks = Vec::new();
    for (username, password) in attempts {
        let person = app.another_person();
        let (username, password) = (username.to_string(), password.to_string());
        // Each browser first fetches its form, so the POSTs below start together.
        let token = person.csrf_token("/login").await;
        tasks.push(tokio::spawn(async move {
            let fields = [("csrf_token", token.as_str()), ("username", username.as_str()), ("password", password.as_str())];
            person.post_form("/login", &fields).await.status()
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(tokio::time::timeout(Duration::from_secs(60), t).await.expect("answered in time").expect("task"));
    }
    statuses
}

fn count(statuses: &[StatusCode], status: StatusCode) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

#[tokio::test]
async fn parallel_wrong_guesses_for_one_username_are_checked_at_most_five_times() {
    let app = spawn_app().await;
    let statuses = parallel_attempts(&app, &[("cio.ghft", "a wrong guess"); 40]).await;
    // 401 means the password was checked; 429 means refused before any check.
    assert!(count(&statuses, StatusCode::UNAUTHORIZED) <= 5, "{statuses:?}");
    assert_eq!(count(&statuses, StatusCode::UNAUTHORIZED) + count(&statuses, StatusCode::TOO_MANY_REQUESTS), 40, "{statuses:?}");
}

#[tokio::test]
async fn the_right_password_past_the_limit_does_not_sign_in_during_the_delay() {
    let app = spawn_app().await;
    parallel_attempts(&app, &[("cio.ghft", "a wrong guess"); 5]).await;
    let mut attempts = vec![("cio.ghft", "a wrong guess"); 9];
    attempts.insert(4, ("cio.ghft", DEMO_PASSWORD));
    let statuses = parallel_attempts(&app, &attempts).await;
    assert_eq!(count(&statuses, StatusCode::TOO_MANY_REQUESTS), 10, "all refused unchecked, the right one too: {statuses:?}");
    let r = app.try_login("cio.ghft", DEMO_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key("retry-after"));
    assert!(r.text().await.unwrap().contains("Wait"), "the page says how long to wait");
}

#[tokio::test]
async fn a_person_on_a_browser_they_signed_in_with_before_is_not_locked_out_by_someone_elses_guesses() {
    let app = spawn_app().await;
    let owner = app.another_person();
    owner.login_as("cio.ghft").await;
    let token = owner.csrf_token("/").await;
    owner.post_form("/logout", &[("csrf_token", &token)]).await;
    for _ in 0..10 {
        app.try_login("cio.ghft", "a wrong guess").await;
    }
    assert_eq!(app.try_login("cio.ghft", DEMO_PASSWORD).await.status(), StatusCode::TOO_MANY_REQUESTS, "a new browser waits");
    owner.login_as("cio.ghft").await;
}

#[tokio::test]
async fn failures_from_a_shared_address_do_not_lock_out_the_others_behind_it() {
    let app = spawn_app().await;
    for i in 0..25 {
        assert_eq!(app.another_person().try_login(&format!("guess{i}"), "a wrong guess").await.status(), StatusCode::UNAUTHORIZED);
    }
    // Another person behind the same proxy, on a new browser, signs in at once.
    app.another_person().login_as("pmo").await;
}

#[tokio::test]
async fn a_megabyte_username_is_refused_at_once_and_long_or_unknown_fields_are_refused() {
    let app = spawn_app().await;
    let token = app.csrf_token("/login").await;
    let huge = "u".repeat(1024 * 1024);
    let started = Instant::now();
    let r = app.post_form("/login", &[("csrf_token", &token), ("username", &huge), ("password", "x")]).await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());

    let long_name = "u".repeat(65);
    let long_password = "p".repeat(129);
    for (fields, why) in [
        (vec![("csrf_token", token.as_str()), ("username", long_name.as_str()), ("password", DEMO_PASSWORD)], "65-character username"),
        (vec![("csrf_token", token.as_str()), ("username", "pmo"), ("password", long_password.as_str())], "129-character password"),
        (vec![("csrf_token", token.as_str()), ("username", "pmo"), ("password", DEMO_PASSWORD), ("role", "pmo")], "unknown field"),
    ] {
        let r = app.post_form("/login", &fields).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{why}");
        let html = r.text().await.unwrap();
        assert!(html.contains("nhsuk-error-summary"), "{why}");
        assert!(!html.contains(&long_name), "{why}: a refused username is not echoed whole");
    }
    assert_eq!(app.get("/").await.status(), StatusCode::SEE_OTHER, "not signed in");
}

async fn session_rows(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM tower_sessions").fetch_one(&app.pool).await.unwrap()
}

#[tokio::test]
async fn viewing_the_sign_in_page_writes_no_session() {
    let app = spawn_app().await;
    let before = session_rows(&app).await;
    for _ in 0..50 {
        let r = app.another_person().get("/login").await;
        assert_eq!(r.status(), StatusCode::OK);
        assert!(session_cookie(&r).is_none(), "no session cookie before sign-in");
    }
    assert_eq!(session_rows(&app).await, before, "50 views of /login wrote no session row");
    app.login_as("pmo").await;
    assert_eq!(session_rows(&app).await, before + 1, "signing in makes the one session");
}

#[tokio::test]
async fn the_idle_timeout_is_thirty_minutes() {
    let app = spawn_app().await;
    let token = app.csrf_token("/login").await;
    let r = app.post_form("/login", &[("csrf_token", &token), ("username", "pmo"), ("password", DEMO_PASSWORD)]).await;
    let cookie = r.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap()).find(|c| c.starts_with("ldr_session="));
    assert!(cookie.expect("session cookie").contains("Max-Age=1800"), "{cookie:?}");
}

#[tokio::test]
async fn changing_a_password_or_disabling_an_account_ends_its_sessions() {
    let app = spawn_app().await;
    app.login_as("cio.ghft").await;
    let other = app.another_person();
    other.login_as("cio.gcs").await;
    let out = ldr(&["user", "passwd", "cio.ghft"], &app.db_path, "a brand new passphrase\n");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(app.get("/").await.status(), StatusCode::SEE_OTHER, "the old cookie no longer works");
    assert_eq!(other.get("/").await.status(), StatusCode::OK, "another account's session is untouched");

    let out = ldr(&["user", "disable", "cio.gcs"], &app.db_path, "");
    assert!(out.status.success());
    assert_eq!(other.get("/").await.status(), StatusCode::SEE_OTHER, "a disabled account's session ends");
}

#[tokio::test]
async fn passwords_must_be_long_not_too_long_and_not_common() {
    let app = spawn_app().await;
    for (password, why) in [
        ("password1234", "on the list of common passwords"),
        ("PASSWORD1234", "on the list of common passwords"),
        ("short", "at least 12 characters"),
        (&"x".repeat(129) as &str, "at most 128 characters"),
    ] {
        let out = ldr(&["user", "passwd", "pmo"], &app.db_path, &format!("{password}\n"));
        assert!(!out.status.success(), "{password}: {why}");
        assert!(String::from_utf8_lossy(&out.stderr).contains(why), "{why}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let sixty_four = "correct horse battery staple ".repeat(3)[..64].to_string();
    let out = ldr(&["user", "passwd", "pmo"], &app.db_path, &format!("{sixty_four}\n"));
    assert!(out.status.success(), "64 characters are allowed: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(app.try_login("pmo", &sixty_four).await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_weak_demo_password_stops_serve() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ldr"))
        .args(["serve", "--bind", "127.0.0.1:0", "--demo-password", "abc", "--database"])
        .arg(dir.path().join("ldr.sqlite"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() && started.elapsed() < Duration::from_secs(15) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let still_running = child.try_wait().unwrap().is_none();
    if still_running {
        child.kill().unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(!still_running && !out.status.success(), "serve refused the demo password");
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 12 characters"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[tokio::test]
async fn concurrent_password_checks_never_exceed_the_cores() {
    let app = spawn_app().await;
    let names: Vec<String> = (0..40).map(|i| format!("nobody{i}")).collect();
    let attempts: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "a wrong guess")).collect();
    let statuses = parallel_attempts(&app, &attempts).await;
    let checks = &app.state.auth.checks;
    assert!(checks.peak() >= 1 && checks.peak() <= checks.size(), "peak {} of {} slots", checks.peak(), checks.size());
    assert_eq!(checks.done(), count(&statuses, StatusCode::UNAUTHORIZED) as u64, "every 401 was one check");
    // Those that found no slot in time were told to come back, not queued without bound.
    assert_eq!(count(&statuses, StatusCode::UNAUTHORIZED) + count(&statuses, StatusCode::SERVICE_UNAVAILABLE), 40, "{statuses:?}");
}

#[tokio::test]
async fn a_busy_sign_in_is_answered_503_with_retry_after_and_a_page() {
    let app = spawn_app().await;
    // Hold every slot, as a flood of checks would.
    let held = app.state.auth.checks.hold_all().await;
    let r = app.try_login("pmo", DEMO_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.headers().get("retry-after").and_then(|v| v.to_str().ok()), Some("5"));
    assert!(r.text().await.unwrap().contains("Too many sign-ins at once"));
    drop(held);
    app.login_as("pmo").await;
}

#[tokio::test]
async fn a_session_ends_twelve_hours_after_sign_in_however_active() {
    let app = spawn_app().await;
    app.login_as("steering").await;
    app.state.auth.advance_clock(Duration::from_secs(11 * 3600));
    assert_eq!(app.get("/").await.status(), StatusCode::OK, "eleven hours in, still signed in");
    app.state.auth.advance_clock(Duration::from_secs(3600));
    assert_eq!(app.get("/").await.status(), StatusCode::SEE_OTHER, "twelve hours after sign-in, signed out");
}

#[tokio::test]
async fn a_sign_in_form_served_before_a_restart_still_works_after_it() {
    let app = spawn_app().await;
    let token = app.csrf_token("/login").await;
    // A second server on the same database, as after a restart. Cookies for 127.0.0.1 go to
    // every port, so the same browser carries its sign-in cookie there.
    let restarted = AppState::new(app.pool.clone(), app.state.config.as_ref().clone());
    let router = ldr_server::web::app(restarted).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/login", listener.local_addr().unwrap());
    tokio::spawn(ldr_server::web::serve(listener, router));
    let fields = [("csrf_token", token.as_str()), ("username", "pmo"), ("password", DEMO_PASSWORD)];
    let r = app.client.post(url).form(&fields).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the key is kept in the database, not made at each start");
    let keys: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM server_secrets").fetch_one(&app.pool).await.unwrap();
    assert_eq!(keys, 1);
}
