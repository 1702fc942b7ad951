//! The API's frame: who the caller is, and refusals that are always problem documents.

use reqwest::StatusCode;
use serde_json::Value;

use crate::support::spawn_app;

fn is_problem(r: &reqwest::Response) -> bool {
    r.headers().get("content-type").and_then(|v| v.to_str().ok()) == Some("application/problem+json")
}

async fn problem(r: reqwest::Response) -> Value {
    assert!(is_problem(&r), "a problem document, got {:?}", r.headers().get("content-type"));
    serde_json::from_str(&r.text().await.expect("body")).expect("JSON")
}

#[tokio::test]
async fn an_anonymous_caller_gets_401_as_json_with_a_bearer_challenge() {
    let app = spawn_app().await;
    let r = app.get("/api/v1/me").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(r.headers().get("www-authenticate").and_then(|v| v.to_str().ok()), Some("Bearer realm=\"ldr\""));
    let body = problem(r).await;
    assert_eq!(body["status"], 401);
    assert!(body["instance"].as_str().is_some_and(|i| i.starts_with("urn:ldr:request:")), "{body}");
}

#[tokio::test]
async fn a_signed_in_browser_is_the_caller_through_its_session() {
    let app = spawn_app().await;
    app.login_as("cio.ghft").await;
    let r = app.get("/api/v1/me").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("application/json"));
    let me: Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!(me["username"], "cio.ghft");
    assert_eq!(me["role"], "cio");
    assert_eq!(me["authenticated_by"], "session");
}

#[tokio::test]
async fn an_unknown_bearer_token_is_refused_even_beside_a_valid_session() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    let r = app.client.get(app.url("/api/v1/me")).header("authorization", "Bearer not-a-token").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    problem(r).await;
    let r = app.client.get(app.url("/api/v1/me")).header("authorization", "Basic cG1vOng=").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn every_refusal_under_the_api_is_json_never_an_html_page() {
    let app = spawn_app().await;
    app.login_as("reviewer").await;
    let r = app.get("/api/v1/no-such-thing").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(problem(r).await["title"], "Not found");
    let r = app.get("/api/v2/me").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    problem(r).await;
    let r = app.client.put(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    problem(r).await;
    let r = app.client.post(app.url("/api/v1/me")).body("x=1").send().await.unwrap();
    assert!(r.status().is_client_error(), "{}", r.status());
    let body = r.text().await.unwrap();
    assert!(!body.contains("<html") && !body.contains("<!DOCTYPE"), "{body}");
    // Pages outside the API keep their HTML error pages.
    let (status, html) = app.get_page("/no-such-page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("<!DOCTYPE html>"));
}
