//! What an API token's use is held to: each token's own rate, one shared allowance for
//! failed look-ups (unknown, revoked or expired tokens), and no token ever in the server's log.

use reqwest::StatusCode;
use serde_json::Value;

use crate::api_tokens::{issue, me, signed_in};
use crate::cli::ldr;
use crate::support::spawn_app;
use ldr_server::api::rate_limit::RateLimit;

#[tokio::test]
async fn a_token_asking_too_often_gets_429_with_retry_after_and_other_tokens_are_unaffected() {
    let app = spawn_app().await;
    app.state.auth.api_tokens.limiter.set_limit(RateLimit { per_second: 0.2, burst: 3.0 });
    let pmo = signed_in(&app, "pmo").await;
    let busy = issue(&pmo, "cio.ghft", "Busy").await;
    let calm = issue(&pmo, "cio.gcs", "Calm").await;
    for _ in 0..3 {
        assert_eq!(me(&app, &busy).await.status(), StatusCode::OK);
    }
    let r = me(&app, &busy).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers()["retry-after"], "5", "one request back after 5 s at 0.2 a second");
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let body: Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!(body["status"], 429);
    assert_eq!(me(&app, &calm).await.status(), StatusCode::OK, "another token has its own allowance");
    assert_eq!(pmo.get("/api/v1/me").await.status(), StatusCode::OK, "sessions are not limited by a token's bucket");
}

#[tokio::test]
async fn a_token_never_reaches_the_servers_log() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("ldr.sqlite");
    // The log goes to a file: nothing to drain while the server runs.
    let log_path = dir.path().join("server.log");
    let mut child = Command::new(env!("CARGO_BIN_EXE_ldr"))
        .args(["serve", "--bind", "127.0.0.1:0", "--init", "--no-seed", "--database"])
        .arg(&db)
        .current_dir(crate::support::repo_root())
        .env("LDR_LOG", "debug")
        .stdout(Stdio::piped())
        .stderr(Stdio::from(std::fs::File::create(&log_path).unwrap()))
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().trim_end_matches('/').to_string();
    let added = ldr(&["user", "add", "alice", "--role", "reviewer", "--name", "Alice"], &db, "a long enough secret\n");
    assert!(added.status.success());
    let issued = ldr(&["token", "issue", "--user", "alice", "--label", "Logs"], &db, "");
    let secret = String::from_utf8(issued.stdout).unwrap().trim().to_string();
    let client = reqwest::Client::new();
    let mut wrong = secret.clone();
    wrong.replace_range(10..14, "AAAA");
    for (token, expected) in [(&secret, StatusCode::OK), (&wrong, StatusCode::UNAUTHORIZED)] {
        let r = client.get(format!("{url}/api/v1/me")).bearer_auth(token).send().await.unwrap();
        assert_eq!(r.status(), expected);
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(log.contains("/api/v1/me"), "the requests were logged: {log}");
    assert!(!log.contains(&secret[4..20]) && !log.contains(&wrong[4..20]), "no token in the log: {log}");
}

/// A token of the right shape that no one was issued.
fn unknown_token() -> String {
    ldr_server::api::tokens::new_secret().text
}

#[tokio::test]
async fn a_flood_of_unknown_tokens_is_refused_with_429_before_any_look_up_while_good_tokens_work_until_it_refills() {
    let app = spawn_app().await;
    // The shipped burst, refilling slowly enough (one every 100 s) that the test's own pace
    // cannot refill it mid-flood.
    let shipped = ldr_server::api::rate_limit::FAILED_LOOKUPS;
    assert_eq!(shipped, RateLimit { per_second: 20.0, burst: 100.0 });
    app.state.auth.api_tokens.failed_lookups.set_limit(RateLimit { per_second: 0.01, burst: shipped.burst });
    let pmo = signed_in(&app, "pmo").await;
    let good = issue(&pmo, "cio.ghft", "Analysis").await;
    assert_eq!(me(&app, &good).await.status(), StatusCode::OK);
    let mut statuses = Vec::new();
    for i in 0..150 {
        let r = me(&app, &unknown_token()).await;
        if r.status() == StatusCode::TOO_MANY_REQUESTS {
            assert!(r.headers().contains_key("retry-after"), "request {i}");
            assert_eq!(r.headers()["content-type"], "application/problem+json");
        }
        statuses.push(r.status());
        if i % 25 == 0 {
            assert_eq!(me(&app, &good).await.status(), StatusCode::OK, "a good token keeps working (request {i})");
        }
    }
    let first_429 = statuses.iter().position(|s| *s == StatusCode::TOO_MANY_REQUESTS).expect("some refused with 429");
    assert_eq!(first_429, 100, "the burst's worth of failed look-ups answered 401: {statuses:?}");
    assert!(statuses[..100].iter().all(|s| *s == StatusCode::UNAUTHORIZED));
    assert!(statuses[100..].iter().all(|s| *s == StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
    assert_eq!(me(&app, &good).await.status(), StatusCode::OK, "during the flood");
    app.state.auth.advance_clock(std::time::Duration::from_secs(200));
    assert_eq!(me(&app, &unknown_token()).await.status(), StatusCode::UNAUTHORIZED, "refilled: looked up and refused as unknown");
}
