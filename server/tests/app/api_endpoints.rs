//! The API's endpoints: each answers a reader who may read it with the page's own figures,
//! the access matrix (every role x every endpoint x own and another footprint) follows
//! `Principal::may`, pagination walks every row once, bad parameters are refused by name,
//! and reading writes nothing.

use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::Value;

use crate::reports::{generate, signed_in};
use crate::support::{row_containing, spawn_app, TestApp};
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

async fn footprint_id(app: &TestApp, code: &str) -> FootprintId {
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

#[tokio::test]
async fn dma_scores_are_the_figures_the_organisation_page_shows_with_their_provenance() {
    let app = spawn_app().await;
    app.login_as("reviewer").await;
    let body = ok(&app, "/api/v1/dma-scores?organisation=RTE&quarter=2016-17-q1&limit=500").await;
    let rows = body["data"].as_array().unwrap();
    assert!(!rows.is_empty());
    let (_, html) = app.get_page("/organisations/RTE?period=2016-17-q1").await;
    let mut checked = 0;
    for row in rows.iter().filter(|r| r["score"].is_number()).take(5) {
        assert_eq!(row["organisation"], "RTE");
        let theme = row["theme"].as_str().unwrap();
        let line = row_containing(&html, theme).unwrap_or_else(|| panic!("{theme} on the page"));
        let score = row["score"].as_f64().unwrap();
        assert!(line.contains(&format!("{score}")), "{theme}: API {score}, page «{line}»");
        assert!(row["provenance"]["source"].as_str().is_some_and(|s| !s.is_empty()), "{row}");
        assert!(row["provenance"]["recorded_at"].as_str().is_some_and(|t| t.ends_with('Z')), "{row}");
        checked += 1;
    }
    assert!(checked > 0);
    // The averages the matrix compares with: the reference group's is there for the trusts.
    assert!(rows.iter().any(|r| r["national_average"]["value"].is_number()), "{body}");
}

#[tokio::test]
async fn every_figure_equals_the_facts_the_pages_read() {
    let app = spawn_app().await;
    app.login_as("steering").await;
    let fp = footprint_id(&app, "GLOS").await;
    let period = ldr_server::db::periods::latest_with_figures(&app.pool, fp).await.unwrap().unwrap();
    // Aims: the dashboard's statuses, computed and declared.
    let rules = ldr_server::db::rag_rules::for_footprint(&app.pool, fp).await.unwrap();
    let statuses = ldr_server::db::aim_status::for_footprint(&app.pool, fp, period, &rules).await.unwrap();
    let aims = walk(&app, "/api/v1/aims", 500).await;
    assert_eq!(aims.len(), statuses.len());
    for (api, s) in aims.iter().zip(&statuses) {
        assert_eq!(api["code"], s.code.as_str());
        assert_eq!(api["as_at"], period.code.to_string());
        assert_eq!(api["computed_rag"], s.computed.status.code());
        assert_eq!(api["declared_rag"].as_str(), s.declared.map(|r| r.code()));
        assert_eq!(api["footprint_figure"].as_f64(), s.footprint_figure.map(|p| p.value()));
    }
    // Deployments: the timeline's, in its order.
    let timeline = ldr_server::db::deployment_timeline::as_at_quarter(&app.pool, fp, period.code).await.unwrap();
    let deployments = walk(&app, "/api/v1/deployments", 500).await;
    assert_eq!(deployments.len(), timeline.deployments.len());
    for (api, d) in deployments.iter().zip(&timeline.deployments) {
        assert_eq!(api["title"], d.title.as_str());
        assert_eq!(api["status"], d.status.code());
        assert_eq!(api["provenance"]["source"], d.provenance.source.as_str());
    }
    // The organisations' list is the page's.
    let (_, html) = app.get_page("/organisations").await;
    for o in walk(&app, "/api/v1/organisations", 500).await {
        assert!(html.contains(o["name"].as_str().unwrap()), "{o}");
    }
}

#[tokio::test]
async fn a_frozen_report_is_served_byte_for_byte_with_its_sha256() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    generate(&app, "2016-17-q1").await;
    let list = ok(&app, "/api/v1/reports").await;
    let id = list["data"][0]["id"].as_i64().expect("a version");
    let r = app.get(&format!("/api/v1/reports/{id}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body = r.text().await.unwrap();
    let stored: String =
        sqlx::query_scalar("SELECT document FROM report_versions WHERE id = ?").bind(id).fetch_one(&app.pool).await.unwrap();
    assert!(body.contains(&stored), "the stored document, verbatim");
    let v: Value = serde_json::from_str(&body).unwrap();
    use sha2::Digest;
    let hex: String = sha2::Sha256::digest(stored.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(v["report"]["sha256"], hex.as_str());
    assert_eq!(v["report"]["quarter"], "2016-17-q1");
    assert_eq!(json(&app, "/api/v1/reports/999999").await.0, StatusCode::NOT_FOUND);
    assert_eq!(json(&app, "/api/v1/reports/x").await.0, StatusCode::NOT_FOUND);
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
async fn a_cio_reads_only_their_own_organisations_return() {
    let app = spawn_app().await;
    crate::returns::open_quarter(&app, "2016-17-q2").await;
    let cio = signed_in(&app, "cio.ghft").await;
    crate::returns::start(&cio, "/returns/2016-17-q2/RTE").await;
    let gcs = signed_in(&app, "cio.gcs").await;
    crate::returns::start(&gcs, "/returns/2016-17-q2/R1J").await;
    let rows = walk(&cio, "/api/v1/returns", 500).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["organisation"], "RTE");
    assert_eq!(rows[0]["state"], "draft");
    assert_eq!(rows[0]["quarter"], "2016-17-q2");
    let pmo = signed_in(&app, "pmo").await;
    let all: Vec<String> =
        walk(&pmo, "/api/v1/returns", 500).await.iter().map(|r| r["organisation"].as_str().unwrap_or("").to_string()).collect();
    assert_eq!(all, ["R1J", "RTE"]);
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
    let before = walk(&pmo, "/api/v1/returns", 100).await;
    assert!(before.is_empty(), "{before:?}");
    // Asked again, the same answer (kept); then a write, and the answer follows it.
    assert_eq!(walk(&pmo, "/api/v1/returns", 100).await, before);
    let cio = signed_in(&app, "cio.ghft").await;
    crate::returns::start(&cio, "/returns/2016-17-q2/RTE").await;
    let after = walk(&pmo, "/api/v1/returns", 100).await;
    assert_eq!(after.len(), 1, "{after:?}");
    // Another CIO asking the same URL gets their own answer, not the one kept for the first.
    assert_eq!(walk(&cio, "/api/v1/returns", 100).await.len(), 1);
    let gcs = signed_in(&app, "cio.gcs").await;
    assert!(walk(&gcs, "/api/v1/returns", 100).await.is_empty());
}
