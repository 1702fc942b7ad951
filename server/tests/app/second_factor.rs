//! The PMO and the Steering Group sign in with a password and a code from an authenticator
//! app (ASVS 4.3.1); CIOs and reviewers with a password alone.

use reqwest::StatusCode;

use crate::support::{csrf_from, location, spawn_app, DEMO_PASSWORD};

#[tokio::test]
async fn a_password_alone_does_not_sign_in_the_pmo() {
    let app = spawn_app().await;
    let r = app.try_login("pmo", DEMO_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login/code");
    for page in ["/", "/periods", "/returns"] {
        let r = app.get(page).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{page} before the code");
        assert_eq!(location(&r), "/login", "{page} before the code");
    }
    let (status, html) = app.get_page("/login/code").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Set up your authenticator app"), "first sign-in sets the app up");
    assert!(html.contains("<svg"), "a QR code to scan");
}

#[tokio::test]
async fn setting_up_the_app_shows_recovery_codes_once_and_signs_in() {
    let app = spawn_app().await;
    app.login_as("steering").await;
    let (status, html) = app.get_page("/returns").await;
    assert_eq!(status, StatusCode::OK, "signed in after set-up");
    assert!(html.contains("Steering"));
    let enrolled: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM user_totp t JOIN users u ON u.id = t.user_id WHERE u.username = 'steering'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(enrolled, 1);
    let codes: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM user_recovery_codes c JOIN users u ON u.id = c.user_id WHERE u.username = 'steering' AND c.used_at IS NULL",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(codes, 10);
    let audited: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log WHERE actor = 'steering' ORDER BY id").fetch_all(&app.pool).await.unwrap();
    assert!(audited.contains(&"user.second_factor_enrol".to_string()), "{audited:?}");
    assert!(audited.contains(&"session.sign_in".to_string()), "{audited:?}");
}

#[tokio::test]
async fn a_code_works_once() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    let used = {
        let all = app.authenticators.lock().unwrap();
        let auth = &all["pmo"];
        ldr_server::auth::totp::code_for_step(&auth.secret, auth.last_step)
    };
    let other = app.another_person();
    let r = other.try_login("pmo", DEMO_PASSWORD).await;
    assert_eq!(location(&r), "/login/code");
    let token = csrf_from(&other.get_page("/login/code").await.1).unwrap();
    let r = other.post_form("/login/code", &[("csrf_token", &token), ("code", &used)]).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "a replayed code is refused");
    let html = r.text().await.unwrap();
    assert!(html.contains("nhsuk-error-summary") && html.contains("Enter the security code"));
    assert_eq!(other.get("/periods").await.status(), StatusCode::SEE_OTHER, "still signed out");
}

#[tokio::test]
async fn a_recovery_code_signs_in_once() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    let code = app.authenticators.lock().unwrap().get_mut("pmo").unwrap().recovery.pop().unwrap();
    for (attempt, expected) in [(1, StatusCode::SEE_OTHER), (2, StatusCode::UNAUTHORIZED)] {
        let person = app.another_person();
        assert_eq!(location(&person.try_login("pmo", DEMO_PASSWORD).await), "/login/code");
        let token = csrf_from(&person.get_page("/login/code").await.1).unwrap();
        let typed = code.to_uppercase().replace('-', " ");
        let r = person.post_form("/login/code", &[("csrf_token", &token), ("code", &typed)]).await;
        assert_eq!(r.status(), expected, "recovery code, attempt {attempt}");
    }
}

#[tokio::test]
async fn five_wrong_codes_send_the_person_back_to_the_password() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    let person = app.another_person();
    assert_eq!(location(&person.try_login("pmo", DEMO_PASSWORD).await), "/login/code");
    for attempt in 1..=5 {
        let (status, html) = person.get_page("/login/code").await;
        if attempt < 6 {
            assert_eq!(status, StatusCode::OK, "attempt {attempt}");
        }
        let token = csrf_from(&html).unwrap();
        let r = person.post_form("/login/code", &[("csrf_token", &token), ("code", "000000")]).await;
        let expected = if attempt < 5 { StatusCode::UNAUTHORIZED } else { StatusCode::SEE_OTHER };
        assert_eq!(r.status(), expected, "wrong code {attempt}");
    }
    let r = person.get("/login/code").await;
    assert_eq!(location(&r), "/login", "the password step is forgotten after five wrong codes");
}

#[tokio::test]
async fn cios_and_reviewers_are_not_asked_for_a_code() {
    let app = spawn_app().await;
    for user in ["cio.ghft", "reviewer"] {
        let person = app.another_person();
        let r = person.try_login(user, DEMO_PASSWORD).await;
        assert_eq!(location(&r), "/", "{user}");
    }
}

#[tokio::test]
async fn unknown_fields_on_the_code_form_are_refused() {
    let app = spawn_app().await;
    assert_eq!(location(&app.try_login("pmo", DEMO_PASSWORD).await), "/login/code");
    let token = csrf_from(&app.get_page("/login/code").await.1).unwrap();
    let r = app.post_form("/login/code", &[("csrf_token", &token), ("code", "123456"), ("user_id", "1")]).await;
    assert!(r.status().is_client_error(), "{}", r.status());
}

#[tokio::test]
async fn parallel_wrong_codes_in_one_pending_sign_in_are_checked_at_most_five_times() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    let person = app.another_person();
    assert_eq!(location(&person.try_login("pmo", DEMO_PASSWORD).await), "/login/code");
    let token = csrf_from(&person.get_page("/login/code").await.1).unwrap();
    let guesses = (0..20).map(|i| {
        let (person, token) = (person.clone(), token.clone());
        async move {
            let code = format!("{:06}", 100_000 + i);
            person.post_form("/login/code", &[("csrf_token", token.as_str()), ("code", code.as_str())]).await.status()
        }
    });
    let statuses = futures_join_all(guesses).await;
    let checked = statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED || **s == StatusCode::SEE_OTHER).count();
    let throttled = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert!(checked <= 5, "{checked} of 20 parallel codes were checked: {statuses:?}");
    assert_eq!(checked + throttled, 20, "{statuses:?}");
}

/// Run futures at once on this runtime (no extra crate): spawn each, then await them all.
async fn futures_join_all<F>(futures: impl Iterator<Item = F>) -> Vec<StatusCode>
where
    F: std::future::Future<Output = StatusCode> + Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.expect("task"));
    }
    out
}
