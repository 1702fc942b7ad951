//! CSRF on every form, security headers on every response, no internal errors shown.

use reqwest::StatusCode;

use crate::support::{spawn_app, DEMO_PASSWORD};

#[tokio::test]
async fn a_post_without_the_sessions_csrf_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    // Sign-in with a missing, then a forged token: refused before the password is looked at.
    app.get("/login").await;
    for fields in [
        vec![("username", "pmo"), ("password", DEMO_PASSWORD)],
        vec![("csrf_token", "forged"), ("username", "pmo"), ("password", DEMO_PASSWORD)],
    ] {
        let r = app.post_form("/login", &fields).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        assert!(r.text().await.unwrap().contains("Your request could not be processed"));
    }
    assert_eq!(app.get("/").await.status(), StatusCode::SEE_OTHER, "not signed in");

    // Sign-out without the token is refused too: the session survives a forged request.
    app.login_as("pmo").await;
    let r = app.post_form("/logout", &[("csrf_token", "forged")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get("/").await.status(), StatusCode::OK, "still signed in");

    // The token also works as a header, for forms enhanced with script later.
    let token = app.csrf_token("/").await;
    let r = app.client.post(app.url("/logout")).header("x-csrf-token", token).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_post_from_a_browser_with_no_session_is_refused() {
    let app = spawn_app().await;
    let r = app.post_form("/logout", &[("csrf_token", "anything")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    for path in ["/", "/login", "/organisations/RTE", "/no-such-page", "/style/ldr.css", "/healthz"] {
        let r = app.get(path).await;
        let h = r.headers();
        let csp = h.get("content-security-policy").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff", "{path}");
        assert_eq!(h.get("referrer-policy").unwrap(), "same-origin", "{path}");
        assert_eq!(h.get("x-frame-options").unwrap(), "DENY", "{path}");
    }
    let page = app.get("/").await;
    assert_eq!(page.headers().get("cache-control").unwrap(), "no-store", "pages are not cached");
}

#[tokio::test]
async fn pages_have_no_inline_script_and_ask_no_other_host() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    for path in ["/", "/login", "/organisations/RTE", "/dma", "/capabilities/1"] {
        let (_, html) = app.get_page(path).await;
        assert_eq!(
            html.matches("<script").count(),
            html.matches("<script type=\"module\" src=\"/style/ldr.js?v=").count(),
            "{path}: only the one external script"
        );
        assert!(!html.contains("src=\"http") && !html.contains("href=\"http"), "{path}: no other host");
    }
    let (_, css) = app.get_page("/style/vendor/nhsuk-frontend.min.css").await;
    assert!(!css.contains("https://"), "the NHS.UK CSS's external font rules were stripped");
}

#[tokio::test]
async fn the_audit_log_cannot_be_rewritten() {
    let app = spawn_app().await;
    let update = sqlx::query("UPDATE audit_log SET actor = 'someone else'").execute(&app.pool).await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = sqlx::query("DELETE FROM audit_log").execute(&app.pool).await;
    assert!(delete.unwrap_err().to_string().contains("append-only"));
}
