//! The pages show the roadmap's own figures.

use reqwest::StatusCode;

use crate::support::{row_containing, spawn_app};

#[tokio::test]
async fn the_dashboard_shows_table_5_with_goals_and_unrated_statuses() {
    let app = spawn_app().await;
    app.login_as("steering").await;
    let (status, html) = app.get_page("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Gloucestershire Local Digital Roadmap"));
    assert!(html.contains("2016/17 Q1"));

    let aim_9d = row_containing(&html, "80% of repeat prescriptions").expect("row for aim 9d");
    assert!(aim_9d.contains("9d") && aim_9d.contains("83 %"), "{aim_9d}");
    assert!(aim_9d.contains("80 % by 2016/17") && aim_9d.contains("Goal met"), "{aim_9d}");

    let aim_4d = row_containing(&html, "80% of elective referrals").expect("row for aim 4d");
    assert!(aim_4d.contains("70 %") && aim_4d.contains("80 % by 2017/18") && aim_4d.contains("Not yet met"), "{aim_4d}");

    let aim_8a = row_containing(&html, "able to express (and change) their preferences").expect("row for aim 8a");
    assert!(aim_8a.contains("No data") && aim_8a.contains("Goal not set"), "{aim_8a}");

    // The document's RAG colours were lost: all 25 aims are "not rated", said in words.
    assert_eq!(html.matches(">Not rated<").count(), 25, "a declared tag on each of the 25 aims");
    assert!(html.contains(">No data or not rated<"), "and the summary counts them");
}

#[tokio::test]
async fn the_heatmap_compares_each_organisation_with_its_own_peer_group() {
    let app = spawn_app().await;
    app.login_as("reviewer").await;
    let (_, html) = app.get_page("/").await;
    let records = row_containing(&html, "Records, Assessments & Plans").expect("records row");
    // National 44; GHFT 12 below; GCS 58 above; GCC 63 with no council average to compare.
    assert!(records.contains("44"), "{records}");
    assert!(records.contains("12 ▼ below"), "{records}");
    assert!(records.contains("58 ▲ above"), "{records}");
    assert!(records.contains("63 no comparator"), "{records}");
    // GCC's Leadership 84 is compared with the councils' 78.52, not the trusts' 77.
    let leadership = row_containing(&html, "Leadership").expect("leadership row");
    assert!(leadership.contains("84 ▲ above the national average of councils (social-care dma) of 78.52"), "{leadership}");
    let orders = row_containing(&html, "Orders & Results Management").expect("orders row");
    assert!(orders.contains("Not assessed"), "GCC's blank is not assessed: {orders}");
}

#[tokio::test]
async fn an_organisation_page_shows_its_profile_as_a_chart_and_a_table() {
    let app = spawn_app().await;
    app.login_as("cio.ghft").await;
    let (status, html) = app.get_page("/organisations/RTE").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<h1>Gloucestershire Hospitals NHS Foundation Trust</h1>"));
    assert!(html.contains("<svg") && html.contains("role=\"img\""), "the chart is there and labelled");
    let records = row_containing(&html, "Records, Assessments & Plans 12").expect("records row in the table");
    assert!(records.contains("44") && records.contains("−32") && records.contains("below"), "{records}");
    assert!(html.contains("TrakCare"), "deployments are listed");
    assert!(html.contains("Staff equipped with mobile devices at point of care"));
}

#[tokio::test]
async fn the_ambulance_trust_shows_both_nhs_number_figures() {
    let app = spawn_app().await;
    app.login_as("cio.swasft").await;
    let (_, html) = app.get_page("/organisations/RYF").await;
    let ecs = row_containing(&html, "ECS (patient side)").expect("ECS row");
    assert!(ecs.contains("85 %"), "{ecs}");
    let cad = row_containing(&html, "CAD (hear and treat)").expect("CAD row");
    assert!(cad.contains("15 %"), "{cad}");
    let mobile = row_containing(&html, "Staff equipped with mobile devices").expect("mobile devices row");
    assert!(mobile.contains("5 %") && mobile.contains("63 %"), "{mobile}");
}

#[tokio::test]
async fn the_dma_page_counts_organisations_above_national_from_the_data() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    let (status, html) = app.get_page("/dma").await;
    assert_eq!(status, StatusCode::OK);
    // The roadmap's prose says all four trusts are at or above national for Transfers of
    // Care; its own table says two of four (GCS 38 and 2gether 44 are below 48).
    let transfers = row_containing(&html, "Transfers Of Care").expect("transfers row");
    assert!(transfers.contains("2 of 4"), "{transfers}");
    for group in ["Readiness", "Capabilities (PF@PoC)", "Enabling infrastructure"] {
        assert!(html.contains(group), "missing group {group}");
    }
    // Table 6: what each capability depends on, within the organisation and across the system.
    let transfers_deps = row_containing(&html, "Systems generate and integrate referrals and discharges").expect("Table 6 row");
    assert!(transfers_deps.contains("no more faxes"), "{transfers_deps}");
    // The published answer scales: NHS number uptake of 91-95 % scored 87.
    let uptake = row_containing(&html, "91-95 %").expect("answer scale row");
    assert_eq!(uptake, "91-95 % 87");
}

#[tokio::test]
async fn an_internal_failure_shows_the_nhs_error_page_without_its_cause() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    sqlx::query("DROP TABLE aim_goals").execute(&app.pool).await.unwrap();
    // A page not drawn before: the dashboard, seen on signing in, is kept (web::page_cache).
    let (status, html) = app.get_page("/capabilities").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(html.contains("<h1>Sorry, there is a problem with the service</h1>"));
    assert!(!html.contains("aim_goals") && !html.contains("no such table"), "no internal error text is shown");
}

#[tokio::test]
async fn capability_pages_list_aims_and_the_rag_definitions() {
    let app = spawn_app().await;
    app.login_as("cio.primarycare").await;
    let (_, list) = app.get_page("/capabilities").await;
    assert_eq!(list.matches("href=\"/capabilities/").count(), 10, "ten capabilities link to their pages");
    let (status, html) = app.get_page("/capabilities/9").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("GPs and community pharmacists can utilise electronic prescriptions"));
    for aim in ["9a", "9b", "9c", "9d"] {
        assert!(row_containing(&html, aim).is_some(), "missing aim {aim}");
    }
    assert!(html.contains("Plans in place, existing initiatives underway, aim achieved"));
    assert!(html.contains("Further planning required, significant new initiatives required"));
}

#[tokio::test]
async fn the_roadmap_page_shows_workstreams_and_risks_and_its_gaps_and_initiatives_are_on_the_gap_register() {
    let app = spawn_app().await;
    app.login_as("steering").await;
    let (status, gaps) = app.get_page("/gaps").await;
    assert_eq!(status, StatusCode::OK);
    for area in ["Whole System Intelligence", "Citizen / Patient / Client-facing Digital", "Infrastructure", "Readiness"] {
        assert!(gaps.contains(area), "gap area {area}");
    }
    let initiative = row_containing(&gaps, "Working towards delivery of Universal Capabilities").expect("initiative row");
    assert!(initiative.contains("Yes Yes Yes Across organisations"), "{initiative}");
    let (status, html) = app.get_page("/roadmap").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("href=\"/gaps#register\""), "the roadmap links to the register instead of repeating it");
    assert!(row_containing(&html, "Collaboration tools").expect("workstream").contains("Not recorded"));
    for risk in ["Clinical engagement", "Funding", "Vendor engagement"] {
        assert!(html.contains(risk), "risk {risk}");
    }
}

#[tokio::test]
async fn a_footprint_without_scores_gets_an_empty_dma_page_not_a_404() {
    let app = spawn_app().await;
    sqlx::query("INSERT INTO footprints (code, name) VALUES ('WILTS', 'Wiltshire')").execute(&app.pool).await.unwrap();
    sqlx::query("UPDATE users SET footprint_id = (SELECT id FROM footprints WHERE code = 'WILTS') WHERE username = 'pmo'")
        .execute(&app.pool)
        .await
        .unwrap();
    app.login_as("pmo").await;
    let (status, html) = app.get_page("/dma").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("No digital maturity scores have been recorded for Wiltshire yet."));
    let (_, dashboard) = app.get_page("/").await;
    assert!(dashboard.contains("No figures have been entered yet."));
}

#[tokio::test]
async fn the_organisations_page_lists_the_footprint() {
    let app = spawn_app().await;
    app.login_as("cio.gcc").await;
    let (_, html) = app.get_page("/organisations").await;
    for code in ["11M", "RTE", "R1J", "RTQ", "RYF", "GLOS-PC", "E10000013"] {
        assert!(html.contains(&format!("href=\"/organisations/{code}\"")), "missing {code}");
    }
    assert!(html.contains("81 practices"));
}

#[tokio::test]
async fn unknown_pages_and_codes_give_the_not_found_page() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    for path in ["/organisations/NOPE", "/capabilities/99", "/capabilities/nine", "/no-such-page"] {
        let (status, html) = app.get_page(path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(html.contains("<h1>Page not found</h1>"), "{path} shows the NHS-styled 404");
        assert!(html.contains("Sign out"), "{path}: a signed-in person keeps their header on a 404");
    }
    let (status, html) = app.another_person().get_page("/login-nowhere").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!html.contains("Sign out"), "signed out, the 404 has no account menu");
}

#[tokio::test]
async fn health_answers_when_the_database_does() {
    let app = spawn_app().await;
    let r = app.get("/healthz").await;
    assert_eq!(r.status(), StatusCode::OK);
    app.pool.close().await;
    let r = app.get("/healthz").await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
}
