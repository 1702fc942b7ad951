//! What the API's lists say: each figure equals the facts its page reads, with its provenance,
//! a frozen report is served byte for byte, and the returns list is the chase list's lines.

use reqwest::StatusCode;
use serde_json::Value;

use std::collections::HashMap;

use crate::api_endpoints::{footprint_id, json, ok, walk, with_second_footprint};
use crate::reports::{generate, signed_in};
use crate::support::{row_containing, spawn_app, TestApp};
use ldr_app::returns::ReturnState;

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

/// The chase list's lines as its CSV gives them: (organisation, state words).
async fn chase_lines(reader: &TestApp, quarter: &str) -> Vec<(String, String)> {
    let body = reader.get(&format!("/returns/chase.csv?period={quarter}")).await.text().await.unwrap();
    let mut csv = csv::ReaderBuilder::new().from_reader(body.as_bytes());
    csv.records().map(|r| r.unwrap()).map(|r| (r[0].to_string(), r[1].to_string())).collect()
}

/// The API's returns of a quarter (walked two at a time) worded as the chase list words them.
async fn api_lines(reader: &TestApp, quarter: &str) -> Vec<(String, String)> {
    let names: HashMap<String, String> = walk(reader, "/api/v1/organisations", 500)
        .await
        .iter()
        .map(|o| (o["code"].as_str().unwrap().to_string(), o["name"].as_str().unwrap().to_string()))
        .collect();
    let footprint = &walk(reader, "/api/v1/footprints", 500).await[0];
    let mut lines = Vec::new();
    for r in walk(reader, &format!("/api/v1/returns?quarter={quarter}"), 2).await {
        let name = match r["organisation"].as_str() {
            Some(code) => names[code].clone(),
            None => format!("{} footprint (Table 5)", footprint["name"].as_str().unwrap()),
        };
        let state = match r["state"].as_str().unwrap() {
            "not_started" => "Not started",
            code => code.parse::<ReturnState>().unwrap_or_else(|_| panic!("a state: {r}")).label(),
        };
        let words =
            if r["overdue"].as_bool().unwrap_or_else(|| panic!("overdue: {r}")) { format!("{state} Overdue") } else { state.to_string() };
        lines.push((name, words));
    }
    lines
}

#[tokio::test]
async fn the_returns_list_is_the_chase_lists_lines_not_started_included_and_a_cio_gets_their_own() {
    let app = spawn_app().await;
    crate::returns::open_quarter(&app, "2016-17-q2").await;
    let cio = signed_in(&app, "cio.ghft").await;
    crate::returns::start(&cio, "/returns/2016-17-q2/RTE").await;
    let gcs = signed_in(&app, "cio.gcs").await;
    crate::returns::start(&gcs, "/returns/2016-17-q2/R1J").await;
    let pmo = signed_in(&app, "pmo").await;
    let page = chase_lines(&pmo, "2016-17-q2").await;
    assert!(page.iter().any(|(_, state)| state.starts_with("Not started")), "a return not started: {page:?}");
    assert!(page.len() > 3, "the footprint's own and every organisation: {page:?}");
    assert_eq!(api_lines(&pmo, "2016-17-q2").await, page, "the API's lines are the chase list's, in its order");
    // A CIO: their own organisation's line, as their chase list.
    let rows = walk(&cio, "/api/v1/returns", 500).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["organisation"], "RTE");
    assert_eq!(rows[0]["state"], "draft");
    assert_eq!(rows[0]["quarter"], "2016-17-q2");
    assert_eq!(api_lines(&cio, "2016-17-q2").await, chase_lines(&cio, "2016-17-q2").await);
    // A CIO whose return is not started still has their line.
    let swasft = signed_in(&app, "cio.swasft").await;
    let own = walk(&swasft, "/api/v1/returns", 500).await;
    assert_eq!(own.len(), 1, "{own:?}");
    assert_eq!(own[0]["state"], "not_started");
    assert!(own[0]["id"].is_null() && own[0]["revision"].is_null(), "{own:?}");
}

/// The source of a DMA score as stored, read directly.
async fn score_source(app: &TestApp, row: &Value, quarter: &str) -> String {
    sqlx::query_scalar(
        "SELECT s.source FROM dma_scores s JOIN organisations o ON o.id = s.organisation_id
         JOIN themes t ON t.id = s.theme_id JOIN assessment_frameworks f ON f.id = t.framework_id
         JOIN reporting_periods p ON p.id = s.period_id
         WHERE o.code = ? AND t.code = ? AND f.name = ? AND p.code = ?",
    )
    .bind(row["organisation"].as_str())
    .bind(row["capability_code"].as_str())
    .bind(row["framework"].as_str())
    .bind(quarter)
    .fetch_one(&app.pool)
    .await
    .unwrap_or_else(|e| panic!("{row} {quarter}: {e}"))
}

/// The source of a year's plan as it stood at the row's quarter, read directly.
async fn plan_source(app: &TestApp, row: &Value, year: i32) -> String {
    sqlx::query_scalar(
        "SELECT x.source FROM capability_trajectories x JOIN organisations o ON o.id = x.organisation_id
         JOIN themes t ON t.id = x.theme_id JOIN assessment_frameworks f ON f.id = t.framework_id
         WHERE o.code = ? AND t.code = ? AND f.name = ? AND x.financial_year = ?
           AND x.period_key <= (SELECT p.financial_year * 10 + p.quarter FROM reporting_periods p WHERE p.code = ?)
         ORDER BY x.period_key DESC LIMIT 1",
    )
    .bind(row["organisation"].as_str())
    .bind(row["capability_code"].as_str())
    .bind(row["framework"].as_str())
    .bind(year)
    .bind(row["as_at"].as_str())
    .fetch_one(&app.pool)
    .await
    .unwrap_or_else(|e| panic!("{row} {year}: {e}"))
}

#[tokio::test]
async fn every_trajectory_score_and_plan_names_the_source_the_database_holds() {
    let app = spawn_app().await;
    with_second_footprint(&app).await;
    app.login_as("reviewer").await;
    let (mut scores, mut plans) = (0, 0);
    for footprint in ["GLOS", "SYN01"] {
        for row in walk(&app, &format!("/api/v1/trajectories?footprint={footprint}"), 500).await {
            for s in row["scores"].as_array().unwrap() {
                let stored = score_source(&app, &row, s["quarter"].as_str().unwrap()).await;
                assert_eq!(s["provenance"]["source"], stored.as_str(), "{footprint}: {row}");
                assert!(s["provenance"]["recorded_at"].as_str().is_some_and(|t| t.ends_with('Z')), "{s}");
                if footprint == "GLOS" {
                    assert!(stored.starts_with("LDR 2016 D1, Table 2"), "the seed's source: {stored}");
                }
                scores += 1;
            }
            for p in row["planned"].as_array().unwrap() {
                let year: i32 = p["year"].as_str().unwrap()[..4].parse().unwrap();
                let stored = plan_source(&app, &row, year).await;
                assert_eq!(p["provenance"]["source"], stored.as_str(), "{footprint}: {row}");
                plans += 1;
            }
        }
    }
    assert!(scores > 0 && plans > 0, "{scores} scores and {plans} plans checked");
}
