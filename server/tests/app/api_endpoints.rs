//! The API's endpoints: each answers a reader who may read it with the page's own figures,
//! the access matrix (every role x every endpoint x own and another footprint) follows
//! `Principal::may`, pagination walks every row once, bad parameters are refused by name,
//! and reading writes nothing.

use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::Value;

use crate::reports::{generate, signed_in};
use crate::support::{spawn_app, TestApp};
use ldr_app::access::{Need, Principal, ReturnOf};
use ldr_app::domain::FootprintId;

/// Every list, with the filters that pin it to one footprint's data.
pub const LISTS: [&str; 10] =
    ["footprints", "organisations", "periods", "dma-scores", "aims", "trajectories", "deployments", "measures", "returns", "reports"];

pub async fn json(app: &TestApp, path: &str) -> (StatusCode, Value) {
    let r = app.get(path).await;
    let status = r.status();
    let text = r.text().await.expect("body");
    (status, serde_json::from_str(&text).unwrap_or_else(|e| panic!("GET {path}: not JSON ({e}): {text}")))
}

pub async fn ok(app: &TestApp, path: &str) -> Value {
    let (status, body) = json(app, path).await;
    assert_eq!(status, StatusCode::OK, "GET {path}: {body}");
    body
}

pub async fn principal(app: &TestApp, username: &str) -> Principal {
    let (id, _) = ldr_server::db::users::credentials(&app.pool, username).await.unwrap().expect(username);
    ldr_server::db::users::active_user(&app.pool, id).await.unwrap().expect(username).principal
}

pub async fn footprint_id(app: &TestApp, code: &str) -> FootprintId {
    FootprintId(sqlx::query_scalar("SELECT id FROM footprints WHERE code = ?").bind(code).fetch_one(&app.pool).await.unwrap())
}

/// A generated second footprint (SYN01) whose PMO can sign in with the demo password.
pub async fn with_second_footprint(app: &TestApp) {
    app.generate(1, 4, 7).await;
    sqlx::query("UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE username = 'pmo') WHERE username = 'pmo.syn01'")
        .execute(&app.pool)
        .await
        .unwrap();
}

/// A quarter opened for returns (the periods list) with GHFT's return started (the returns list).
pub async fn with_a_return_started(app: &TestApp) {
    crate::returns::open_quarter(app, "2016-17-q2").await;
    let cio = signed_in(app, "cio.ghft").await;
    crate::returns::start(&cio, "/returns/2016-17-q2/RTE").await;
}

/// The rows of a list, every page walked with `limit`.
pub async fn walk(app: &TestApp, path: &str, limit: usize) -> Vec<Value> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let mut rows = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..10_000 {
        let url = match &cursor {
            None => format!("{path}{sep}limit={limit}"),
            Some(c) => format!("{path}{sep}limit={limit}&cursor={c}"),
        };
        let body = ok(app, &url).await;
        let page = body["data"].as_array().expect("data").clone();
        assert!(page.len() <= limit, "{url}");
        rows.extend(page);
        match body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return rows,
        }
    }
    panic!("{path} never ended");
}

#[tokio::test]
async fn every_list_answers_the_footprints_pmo_with_rows_and_a_cursor_member() {
    let app = spawn_app().await;
    with_a_return_started(&app).await;
    app.login_as("pmo").await;
    generate(&app, "2016-17-q1").await;
    for list in LISTS {
        let body = ok(&app, &format!("/api/v1/{list}")).await;
        let data = body["data"].as_array().unwrap_or_else(|| panic!("{list}: {body}"));
        assert!(!data.is_empty(), "{list} has rows for Gloucestershire");
        assert!(body.get("next_cursor").is_some(), "{list}");
    }
}

/// The policy's answer for each endpoint, asked of a footprint.
fn expected(p: &Principal, endpoint: &str, fp: FootprintId) -> StatusCode {
    let need = match endpoint {
        "periods" => Need::ReadPeriods(fp),
        "reports" | "report" => Need::ReadReports(fp),
        _ => Need::ViewFootprint(fp),
    };
    if p.may(need) {
        StatusCode::OK
    } else {
        StatusCode::FORBIDDEN
    }
}

#[tokio::test]
async fn every_role_gets_what_the_policy_says_of_every_endpoint_in_its_own_and_another_footprint() {
    let app = spawn_app().await;
    with_second_footprint(&app).await;
    let glos_pmo = signed_in(&app, "pmo").await;
    generate(&glos_pmo, "2016-17-q1").await;
    let glos_report: i64 =
        sqlx::query_scalar("SELECT r.id FROM report_versions r JOIN footprints f ON f.id = r.footprint_id WHERE f.code = 'GLOS'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let footprints = [("GLOS", footprint_id(&app, "GLOS").await), ("SYN01", footprint_id(&app, "SYN01").await)];
    let glos_orgs: HashSet<String> =
        sqlx::query_scalar("SELECT o.code FROM organisations o JOIN footprints f ON f.id = o.footprint_id WHERE f.code = 'GLOS'")
            .fetch_all(&app.pool)
            .await
            .unwrap()
            .into_iter()
            .collect();
    for username in ["pmo", "steering", "cio.ghft", "reviewer", "pmo.syn01"] {
        let person = signed_in(&app, username).await;
        let p = principal(&app, username).await;
        // Only the footprints the policy lets them read.
        let listed: Vec<String> =
            walk(&person, "/api/v1/footprints", 500).await.iter().map(|f| f["code"].as_str().unwrap().to_string()).collect();
        let may: Vec<String> = footprints.iter().filter(|(_, id)| p.may(Need::ViewFootprint(*id))).map(|(c, _)| c.to_string()).collect();
        assert_eq!(listed, may, "{username} /footprints");
        for (code, fp) in footprints {
            let status = json(&person, &format!("/api/v1/footprints/{code}")).await.0;
            assert_eq!(status, expected(&p, "footprint", fp), "{username} /footprints/{code}");
            for list in &LISTS[1..] {
                let path = format!("/api/v1/{list}?footprint={code}");
                let (status, body) = json(&person, &path).await;
                assert_eq!(status, expected(&p, list, fp), "{username} GET {path}: {body}");
                if status != StatusCode::OK {
                    assert_eq!(body["status"], 403, "{body}");
                    continue;
                }
                // Never another footprint's rows.
                for row in body["data"].as_array().unwrap() {
                    if let Some(org) = row["organisation"].as_str() {
                        assert_eq!(glos_orgs.contains(org), code == "GLOS", "{username} {path}: {row}");
                    }
                    if let Some(f) = row["footprint"].as_str() {
                        assert_eq!(f, code, "{username} {path}: {row}");
                    }
                }
                // A CIO reads only their own organisation's return.
                if *list == "returns" {
                    for row in body["data"].as_array().unwrap() {
                        let org = row["organisation"].as_str().map(|c| c.to_string());
                        let org_id: Option<i64> = match &org {
                            Some(c) => sqlx::query_scalar("SELECT id FROM organisations WHERE code = ?")
                                .bind(c)
                                .fetch_optional(&app.pool)
                                .await
                                .unwrap(),
                            None => None,
                        };
                        let of = org_id.map_or(ReturnOf::Footprint, |id| ReturnOf::Organisation(ldr_app::domain::OrgId(id)));
                        assert!(p.may(Need::ReadReturn(fp, of)), "{username} reads return {row}");
                    }
                }
            }
        }
        let status = json(&person, &format!("/api/v1/reports/{glos_report}")).await.0;
        assert_eq!(status, expected(&p, "report", footprints[0].1), "{username} /reports/{glos_report}");
    }
}

#[tokio::test]
async fn walking_every_list_two_rows_at_a_time_gives_each_row_exactly_once() {
    let app = spawn_app().await;
    with_second_footprint(&app).await;
    with_a_return_started(&app).await;
    app.login_as("reviewer").await;
    for list in LISTS {
        let path = format!("/api/v1/{list}");
        let whole = ok(&app, &format!("{path}?limit=500")).await["data"].as_array().unwrap().clone();
        let walked = walk(&app, &path, 2).await;
        assert_eq!(walked, whole, "{list}");
        let distinct: HashSet<String> = walked.iter().map(|r| r.to_string()).collect();
        assert_eq!(distinct.len(), walked.len(), "{list}: no row twice");
    }
    // The default page is 100 rows, with a cursor when more follow.
    let mut longest = 0;
    for list in LISTS {
        for footprint in ["GLOS", "SYN01"] {
            let path = format!("/api/v1/{list}?footprint={footprint}").replace("footprints?footprint=GLOS", "footprints");
            if list == "footprints" && footprint == "SYN01" {
                continue;
            }
            let all = walk(&app, &path, 500).await.len();
            let first = ok(&app, &path).await;
            assert_eq!(first["data"].as_array().unwrap().len(), all.min(100), "{path}");
            assert_eq!(first["next_cursor"].is_string(), all > 100, "{path}");
            longest = longest.max(all);
        }
    }
    assert!(longest > 100, "some list is longer than a page ({longest})");
}

#[tokio::test]
async fn a_tampered_malformed_or_borrowed_cursor_is_refused_with_400() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    let page = ok(&app, "/api/v1/dma-scores?limit=2").await;
    let cursor = page["next_cursor"].as_str().unwrap().to_string();
    assert_eq!(json(&app, &format!("/api/v1/dma-scores?limit=2&cursor={cursor}")).await.0, StatusCode::OK);
    // Another row's key with the old signature.
    let (key, sig) = cursor.split_once('.').unwrap();
    let forged = format!("{}.{sig}", base64_of("RTE\u{1f}zzz"));
    let mut flipped = key.to_string().into_bytes();
    flipped[0] = if flipped[0] == b'A' { b'B' } else { b'A' };
    let flipped = format!("{}.{sig}", String::from_utf8(flipped).unwrap());
    for bad in [forged, flipped, "not-a-cursor".to_string(), format!("{key}."), "%00".to_string()] {
        let (status, body) = json(&app, &format!("/api/v1/dma-scores?limit=2&cursor={bad}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
        assert!(body["detail"].as_str().unwrap().contains("cursor"), "{body}");
    }
    // A cursor of one list does not work on another, nor under other filters.
    assert_eq!(json(&app, &format!("/api/v1/measures?cursor={cursor}")).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(json(&app, &format!("/api/v1/dma-scores?organisation=RTE&cursor={cursor}")).await.0, StatusCode::BAD_REQUEST);
}

fn base64_of(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
}

#[tokio::test]
async fn unknown_parameters_and_values_are_refused_naming_the_parameter() {
    let app = spawn_app().await;
    app.login_as("reviewer").await;
    let cases = [
        ("/api/v1/dma-scores?quartre=2016-17-q1", "quartre"),
        ("/api/v1/aims?organisation=RTE", "organisation"),
        ("/api/v1/footprints?footprint=GLOS", "footprint"),
        ("/api/v1/dma-scores?footprint=NOPE", "footprint"),
        ("/api/v1/dma-scores?organisation=NOPE", "organisation"),
        ("/api/v1/dma-scores?quarter=2099-00-q1", "quarter"),
        ("/api/v1/dma-scores?quarter=someday", "quarter"),
        ("/api/v1/dma-scores?framework=NOPE", "framework"),
        ("/api/v1/dma-scores?limit=0", "limit"),
        ("/api/v1/dma-scores?limit=501", "limit"),
        ("/api/v1/dma-scores?limit=ten", "limit"),
        ("/api/v1/dma-scores?limit=2&limit=3", "limit"),
    ];
    for (path, parameter) in cases {
        let r = app.get(path).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
        let body: Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
        assert!(body["detail"].as_str().unwrap().contains(parameter), "{path}: {body}");
    }
    // A known framework the footprint was not scored on then: no rows, not an error.
    let body = ok(&app, "/api/v1/dma-scores?framework=WGLL2024&quarter=2016-17-q1").await;
    assert_eq!(body["data"].as_array().unwrap().len(), 0);
    assert!(!ok(&app, "/api/v1/dma-scores?framework=DMA2016&quarter=2016-17-q1").await["data"].as_array().unwrap().is_empty());
    assert_eq!(json(&app, "/api/v1/footprints/NOPE").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn reading_the_api_writes_nothing() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    let count = |table: &'static str| {
        let pool = app.pool.clone();
        async move { sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&pool).await.unwrap() }
    };
    let (audit, kept) = (count("audit_log").await, app.state.pages.len());
    for list in LISTS {
        walk(&app, &format!("/api/v1/{list}"), 3).await;
    }
    ok(&app, "/api/v1/footprints/GLOS").await;
    assert_eq!(count("audit_log").await, audit, "no audit row");
    assert_eq!(app.state.pages.len(), kept, "no page kept");
}

#[tokio::test]
async fn a_kept_answer_is_never_served_after_a_write_nor_to_another_reader() {
    let app = spawn_app().await;
    crate::returns::open_quarter(&app, "2016-17-q2").await;
    let pmo = signed_in(&app, "pmo").await;
    let started = |rows: &[Value]| rows.iter().filter(|r| r["state"] != "not_started").count();
    let before = walk(&pmo, "/api/v1/returns", 100).await;
    assert_eq!(started(&before), 0, "{before:?}");
    // Asked again, the same answer (kept); then a write, and the answer follows it.
    assert_eq!(walk(&pmo, "/api/v1/returns", 100).await, before);
    let cio = signed_in(&app, "cio.ghft").await;
    crate::returns::start(&cio, "/returns/2016-17-q2/RTE").await;
    let after = walk(&pmo, "/api/v1/returns", 100).await;
    assert_eq!(started(&after), 1, "{after:?}");
    // Another CIO asking the same URL gets their own answer, not the one kept for the first.
    assert_eq!(started(&walk(&cio, "/api/v1/returns", 100).await), 1);
    let gcs = signed_in(&app, "cio.gcs").await;
    let theirs = walk(&gcs, "/api/v1/returns", 100).await;
    assert_eq!((theirs.len(), started(&theirs)), (1, 0), "their own line, not started: {theirs:?}");
}
