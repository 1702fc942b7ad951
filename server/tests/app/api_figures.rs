//! What the API's lists say: each figure equals the facts its page reads, with its provenance,
//! a frozen report is served byte for byte, and the returns list is the chase list's lines.

use reqwest::StatusCode;
use serde_json::Value;

use crate::api_endpoints::{footprint_id, json, ok, walk};
use crate::reports::{generate, signed_in};
use crate::support::{row_containing, spawn_app};

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
