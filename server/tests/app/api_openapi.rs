//! The OpenAPI document: 3.1, describing every endpoint served, and every real response of
//! every endpoint (and the problem documents) valid against the schema it declares, with no
//! member it does not declare.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::api_endpoints::{ok, with_a_return_started, with_second_footprint};
use crate::reports::generate;
use crate::support::{spawn_app, TestApp};

/// Every path the API serves, with a real request to make of it.
const REQUESTS: [(&str, &str); 13] = [
    ("/api/v1/me", "/api/v1/me"),
    ("/api/v1/footprints", "/api/v1/footprints"),
    ("/api/v1/footprints/{code}", "/api/v1/footprints/GLOS"),
    ("/api/v1/organisations", "/api/v1/organisations?limit=3"),
    ("/api/v1/periods", "/api/v1/periods"),
    ("/api/v1/dma-scores", "/api/v1/dma-scores?limit=500"),
    ("/api/v1/aims", "/api/v1/aims"),
    ("/api/v1/trajectories", "/api/v1/trajectories"),
    ("/api/v1/deployments", "/api/v1/deployments?limit=500"),
    ("/api/v1/measures", "/api/v1/measures"),
    ("/api/v1/returns", "/api/v1/returns"),
    ("/api/v1/reports", "/api/v1/reports"),
    ("/api/v1/reports/{id}", "/api/v1/reports/1"),
];

async fn document(app: &TestApp) -> Value {
    let r = app.get("/api/v1/openapi.json").await;
    assert_eq!(r.status(), StatusCode::OK);
    serde_json::from_str(&r.text().await.unwrap()).unwrap()
}

/// Every object schema among the components, checked to refuse undeclared members: a
/// response that gains a member the document does not declare fails validation.
fn assert_closed(components: &Value) {
    for (name, schema) in components["schemas"].as_object().expect("schemas") {
        if schema.get("properties").is_some() {
            assert_eq!(schema["additionalProperties"], json!(false), "{name} must declare additionalProperties: false");
        }
    }
}

fn validator(doc: &Value, schema: &Value) -> jsonschema::Validator {
    let wrapper = json!({ "$schema": "https://json-schema.org/draft/2020-12/schema", "allOf": [schema], "components": doc["components"] });
    jsonschema::options().should_validate_formats(true).build(&wrapper).unwrap_or_else(|e| panic!("a schema that compiles: {e}"))
}

fn check(doc: &Value, schema: &Value, instance: &Value, what: &str) {
    let v = validator(doc, schema);
    let errors: Vec<String> = v.iter_errors(instance).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{what} does not match its schema: {errors:#?}\n{instance}");
}

/// The schema the document declares for `path`'s answer with this status.
fn declared(doc: &Value, path: &str, status: &str, content_type: &str) -> Value {
    let responses = &doc["paths"][path]["get"]["responses"];
    let response = if responses[status].is_object() { &responses[status] } else { &responses["4XX"] };
    let schema = response["content"][content_type]["schema"].clone();
    assert!(schema.is_object(), "{path} declares a {content_type} schema for {status}: {responses}");
    schema
}

#[tokio::test]
async fn the_document_is_openapi_3_1_and_describes_every_endpoint_and_both_ways_in() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")), "{}", doc["openapi"]);
    let mut paths: Vec<&str> = doc["paths"].as_object().unwrap().keys().map(String::as_str).collect();
    paths.sort();
    let mut served: Vec<&str> = REQUESTS.iter().map(|(p, _)| *p).collect();
    served.sort();
    assert_eq!(paths, served);
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
    assert_eq!(schemes["session"]["in"], "cookie");
    assert_closed(&doc["components"]);
    for (path, _) in REQUESTS {
        let op = &doc["paths"][path]["get"];
        assert!(op["summary"].is_string() || op["description"].is_string(), "{path} is described");
        assert!(op["responses"]["200"].is_object() && op["responses"]["4XX"].is_object(), "{path}");
    }
}

#[tokio::test]
async fn every_real_response_matches_the_schema_the_document_declares_for_it() {
    let app = spawn_app().await;
    with_second_footprint(&app).await;
    with_a_return_started(&app).await;
    app.login_as("pmo").await;
    generate(&app, "2016-17-q1").await;
    let doc = document(&app).await;
    assert_closed(&doc["components"]);
    for (path, request) in REQUESTS {
        let body = ok(&app, request).await;
        check(&doc, &declared(&doc, path, "200", "application/json"), &body, request);
        // The figures with optional members are seen both present and absent somewhere.
        if let Some(rows) = body["data"].as_array() {
            assert!(!rows.is_empty(), "{request} gave rows to validate");
        }
    }
    // A page that carries a cursor, and a reviewer's view of another footprint.
    let reviewer = app.another_person();
    reviewer.login_as("reviewer").await;
    for request in ["/api/v1/dma-scores?footprint=SYN01&limit=2", "/api/v1/aims?footprint=SYN01", "/api/v1/deployments?footprint=SYN01"] {
        let body = ok(&reviewer, request).await;
        let path = request.split('?').next().unwrap();
        check(&doc, &declared(&doc, path, "200", "application/json"), &body, request);
    }
}

#[tokio::test]
async fn a_response_with_an_undeclared_member_fails_the_validation() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    let doc = document(&app).await;
    let mut body = ok(&app, "/api/v1/footprints").await;
    body["data"][0]["secret"] = json!("x");
    let v = validator(&doc, &declared(&doc, "/api/v1/footprints", "200", "application/json"));
    assert!(!v.is_valid(&body), "an undeclared member is caught");
    body["data"][0].as_object_mut().unwrap().remove("secret");
    body["data"][0].as_object_mut().unwrap().remove("code");
    assert!(!v.is_valid(&body), "a missing required member is caught");
}

#[tokio::test]
async fn problem_documents_match_the_problem_schema() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let anonymous = app.get("/api/v1/aims").await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let body: Value = serde_json::from_str(&anonymous.text().await.unwrap()).unwrap();
    check(&doc, &declared(&doc, "/api/v1/aims", "401", "application/problem+json"), &body, "401");
    let cio = app.another_person();
    cio.login_as("cio.ghft").await;
    for (request, status) in [("/api/v1/periods", 403), ("/api/v1/aims?nope=1", 400), ("/api/v1/footprints/NOPE", 404)] {
        let r = cio.get(request).await;
        assert_eq!(r.status().as_u16(), status, "{request}");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
        let body: Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
        let path = request.split('?').next().unwrap().replace("/NOPE", "/{code}");
        check(&doc, &declared(&doc, &path, &status.to_string(), "application/problem+json"), &body, request);
    }
}

#[tokio::test]
async fn the_docs_page_lists_every_endpoint_from_the_document() {
    let app = spawn_app().await;
    app.login_as("cio.ghft").await;
    let (status, html) = app.get_page("/api/v1/docs").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<!DOCTYPE html>") && html.contains("Sign out"));
    for (path, _) in REQUESTS {
        assert!(html.contains(&format!("GET {path}")), "{path} on the docs page");
    }
    assert!(html.contains("Authorization: Bearer"));
    assert!(!html.contains("<script src=\"http"), "nothing from outside");
}
