//! Logs a person can act on: one JSON object per line from the real `ldr` binary, every
//! refusal logged once with who, what, where and the outcome, the request id shared by the
//! log, the `X-Request-Id` header and the error page, and a panic answered with the NHS page.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;
use tempfile::TempDir;

use crate::support::{csrf_from, new_client, repo_root, spawn_app_with, DEMO_PASSWORD};

const LDR: &str = env!("CARGO_BIN_EXE_ldr");

/// `ldr serve --demo` with its stderr kept, line by line, for the test to read.
struct Server {
    child: Child,
    url: String,
    lines: Arc<Mutex<Vec<String>>>,
    _dir: TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Server {
    let dir = TempDir::new().unwrap();
    let mut child = Command::new(LDR)
        .args(["serve", "--bind", "127.0.0.1:0", "--demo", "--demo-password", DEMO_PASSWORD, "--database"])
        .arg(dir.path().join("ldr.sqlite"))
        .current_dir(repo_root())
        .env("LDR_LOG", "info")
        .env_remove("LDR_LOG_FORMAT")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = Arc::new(Mutex::new(Vec::new()));
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let sink = lines.clone();
    std::thread::spawn(move || stderr.lines().map_while(Result::ok).for_each(|l| sink.lock().unwrap().push(l)));
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().trim_end_matches('/').to_string();
    Server { child, url, lines, _dir: dir }
}

impl Server {
    /// Every line written so far; each must be one JSON object.
    fn events(&self) -> Vec<Value> {
        self.lines
            .lock()
            .unwrap()
            .iter()
            .map(|l| serde_json::from_str::<Value>(l).unwrap_or_else(|e| panic!("not a JSON log line ({e}): {l}")))
            .collect()
    }

    /// The refusal lines for one request, waiting briefly for the log to be written.
    async fn refusals(&self, request_id: &str) -> Vec<Value> {
        self.lines_about(request_id, "refused").await
    }

    /// The lines with this message for one request, waiting briefly for the log to be written.
    async fn lines_about(&self, request_id: &str, message: &str) -> Vec<Value> {
        let matching =
            || -> Vec<Value> { self.events().into_iter().filter(|e| e["request_id"] == request_id && e["message"] == message).collect() };
        for _ in 0..50 {
            if !matching().is_empty() {
                tokio::time::sleep(Duration::from_millis(100)).await;
                return matching();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        vec![]
    }

    async fn sign_in(&self, client: &reqwest::Client, username: &str, password: &str) -> reqwest::Response {
        let html = client.get(format!("{}/login", self.url)).send().await.unwrap().text().await.unwrap();
        let token = csrf_from(&html).unwrap();
        let form = [("csrf_token", token.as_str()), ("username", username), ("password", password)];
        client.post(format!("{}/login", self.url)).form(&form).send().await.unwrap()
    }
}

fn request_id(r: &reqwest::Response) -> String {
    let id = r.headers().get("x-request-id").expect("every response has X-Request-Id").to_str().unwrap().to_string();
    assert!(id.len() >= 12 && id.chars().all(|c| c.is_ascii_alphanumeric()), "{id}");
    id
}

/// The one refusal line for this response, checked for who, what, where and the outcome.
async fn one_refusal(server: &Server, r: &reqwest::Response, method: &str, path: &str, user: &str) -> Value {
    let id = request_id(r);
    let found = server.refusals(&id).await;
    assert_eq!(found.len(), 1, "exactly one refusal line for {method} {path}: {found:?}");
    let e = found.into_iter().next().unwrap();
    assert_eq!(e["method"], method, "{e}");
    assert_eq!(e["path"], path, "{e}");
    assert_eq!(e["status"], r.status().as_u16(), "{e}");
    if !user.is_empty() {
        assert_eq!(e["user"], user, "{e}");
    }
    assert!(e["kind"].as_str().is_some_and(|k| !k.is_empty()), "{e}");
    e
}

#[tokio::test]
async fn refusals_are_each_logged_once_as_json_with_the_request_id_shown_on_the_page() {
    let server = start();
    let cio = new_client();
    assert_eq!(server.sign_in(&cio, "cio.ghft", DEMO_PASSWORD).await.status(), StatusCode::SEE_OTHER);

    // 403: a CIO asking for the audit log.
    let r = cio.get(format!("{}/audit?actor=secret", server.url)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let e = one_refusal(&server, &r, "GET", "/audit", "").await;
    assert_eq!(e["role"], "cio", "{e}");
    assert!(e["user"].as_str().is_some_and(|u| u.parse::<i64>().is_ok()), "the user id: {e}");
    assert!(!e.to_string().contains("secret"), "never the query string: {e}");
    let id = request_id(&r);
    let html = r.text().await.unwrap();
    assert!(html.contains(&format!("Reference: {id}")), "the page shows the same reference as the header and the log");

    // CSRF: a signed-in POST without its token.
    let r = cio.post(format!("{}/logout", server.url)).form(&[("csrf_token", "wrong")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let e = one_refusal(&server, &r, "POST", "/logout", "").await;
    assert_eq!(e["kind"], "csrf", "{e}");

    // 405 on any path, before the session is read.
    let anonymous = new_client();
    let r = anonymous.delete(format!("{}/audit", server.url)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    one_refusal(&server, &r, "DELETE", "/audit", "anonymous").await;

    // 429: the sign-in throttle.
    let guesser = new_client();
    let mut throttled = None;
    for _ in 0..30 {
        let r = server.sign_in(&guesser, "cio.gcs", "wrong password").await;
        if r.status() == StatusCode::TOO_MANY_REQUESTS {
            throttled = Some(r);
            break;
        }
    }
    let r = throttled.expect("repeated wrong passwords are throttled");
    let e = one_refusal(&server, &r, "POST", "/login", "anonymous").await;
    assert_eq!(e["kind"], "throttled", "{e}");
}

#[tokio::test]
async fn every_request_is_logged_once_with_its_status_and_duration() {
    let server = start();
    let cio = new_client();
    assert_eq!(server.sign_in(&cio, "cio.ghft", DEMO_PASSWORD).await.status(), StatusCode::SEE_OTHER);

    let r = cio.get(format!("{}/organisations?filter=secret", server.url)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let id = request_id(&r);
    let served = server.lines_about(&id, "served").await;
    assert_eq!(served.len(), 1, "one line for a page served: {served:?}");
    let e = &served[0];
    assert_eq!((e["method"].as_str(), e["path"].as_str(), e["status"].as_u64()), (Some("GET"), Some("/organisations"), Some(200)), "{e}");
    assert!(e["duration_ms"].as_f64().is_some_and(|ms| ms >= 0.0), "a duration in milliseconds: {e}");
    assert!(!e.to_string().contains("secret"), "never the query string: {e}");
    assert!(server.refusals(&id).await.is_empty(), "a page served is not a refusal");

    // A refusal is its one line, with the duration too, and no second "served" line.
    let r = cio.get(format!("{}/audit", server.url)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let id = request_id(&r);
    let e = one_refusal(&server, &r, "GET", "/audit", "").await;
    assert!(e["duration_ms"].as_f64().is_some(), "{e}");
    assert!(server.lines_about(&id, "served").await.is_empty());
}

#[tokio::test]
async fn a_username_with_a_newline_cannot_forge_a_log_line() {
    let server = start();
    let client = new_client();
    let r = server.sign_in(&client, "nobody\n{\"forged\":true,\"message\":\"refused\"}", "wrong password").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    server.refusals(&request_id(&r)).await;
    let events = server.events();
    assert!(!events.is_empty());
    assert!(events.iter().all(|e| e.get("forged").is_none()), "no line is the forged event: {events:?}");
}
#[tokio::test]
async fn a_panic_gives_the_nhs_error_page_with_a_reference_and_the_server_keeps_serving() {
    let app = spawn_app_with(|config| config.panic_route = true).await;
    let r = app.get("/_panic").await;
    assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let id = request_id(&r);
    let html = r.text().await.unwrap();
    assert!(html.contains("Sorry, there is a problem with the service"), "{html}");
    assert!(html.contains(&format!("Reference: {id}")), "{html}");
    assert!(!html.contains("deliberate"), "the panic message stays in the log");
    let (status, _) = app.get_page("/login").await;
    assert_eq!(status, StatusCode::OK, "still serving after the panic");
    let (status, _) = app.get_page("/_panic").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
}

#[tokio::test]
async fn the_panic_route_does_not_exist_unless_the_config_asks_for_it() {
    let app = crate::support::spawn_app().await;
    assert_eq!(app.get("/_panic").await.status(), StatusCode::NOT_FOUND);
}
