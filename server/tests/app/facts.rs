//! The facts behind the pages: read from the seeded database by the same `db` functions the
//! handlers call, serialised to JSON, and every figure in that JSON found on the page that
//! shows it, where it shows it. Plus the trajectory read as at the chosen quarter.

use reqwest::StatusCode;
use serde_json::Value;

use crate::returns::{decide, ghft_submits_q2};
use crate::support::{spawn_app, strip_tags, TestApp};
use ldr_app::domain::values::format_number;
use ldr_app::domain::PeriodCode;
use ldr_app::facts::OrgSummary;
use ldr_app::views::widgets::percent;
use ldr_server::db::periods::{self, Period};
use ldr_server::db::{aims, dma, footprints, organisations};

const Q1: &str = "2016-17-q1";

async fn period(app: &TestApp, code: &str) -> Period {
    let code: PeriodCode = code.parse().unwrap();
    periods::by_code(&app.pool, &code).await.unwrap().expect("a seeded quarter")
}

/// The cell texts (tags stripped) of the row that opens with `opening` (e.g. `id="theme-records"`).
fn row_cells(html: &str, opening: &str) -> Vec<String> {
    let at = html.find(opening).unwrap_or_else(|| panic!("a row with {opening}"));
    let row = &html[at..at + html[at..].find("</tr>").expect("the row ends")];
    row.split("</t").filter_map(|c| c.split_once('>').map(|(_, text)| strip_tags(text))).filter(|c| !c.is_empty()).collect()
}

/// The cells of the first table row whose row header (`<th scope="row">`, attributes in any
/// order) starts with `text` as the page writes it.
fn row_headed(html: &str, text: &str) -> Vec<String> {
    let needle = format!(">{}", html_text(text));
    let mut from = 0;
    while let Some(found) = html[from..].find(&needle) {
        let at = from + found;
        let tag = &html[html[..at].rfind('<').expect("a tag")..at];
        if tag.starts_with("<th") && tag.contains("scope=\"row\"") {
            return row_cells(&html[html[..at].rfind("<tr").expect("in a row")..], "<tr");
        }
        from = at + 1;
    }
    panic!("a row headed {text}")
}

/// Text as the page writes it.
fn html_text(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The number a JSON figure holds (a `Score` or `Percent` serialises as a plain number).
fn number(v: &Value) -> Option<f64> {
    v.as_f64()
}

/// Every DMA score of some DMA facts as JSON: (organisation code, theme code, theme name, score).
fn scores(facts: &Value) -> Vec<(String, String, String, Option<f64>)> {
    let org_code = |id: &Value| facts["organisations"].as_array().unwrap().iter().find(|o| o["id"] == *id).unwrap()["code"].clone();
    let theme = |id: &Value| facts["themes"].as_array().unwrap().iter().find(|t| t["id"] == *id).unwrap().clone();
    facts["scores"]
        .as_array()
        .expect("scores")
        .iter()
        .map(|s| {
            let t = theme(&s["theme"]);
            let text = |v: &Value| v.as_str().unwrap().to_string();
            (text(&org_code(&s["organisation"])), text(&t["code"]), text(&t["name"]), number(&s["score"]))
        })
        .collect()
}

/// Each scored cell of the heatmap links its number to the organisation's row for the theme,
/// so a score is found at its own organisation and theme, never just anywhere on the page.
fn assert_heatmap_shows(page: &str, facts: &Value, period: &str) -> usize {
    let mut checked = 0;
    for (org, theme, _, score) in scores(facts) {
        let link = format!("href=\"/organisations/{org}?period={period}#theme-{theme}\">");
        match score {
            Some(v) => {
                let shown = format!("{link}{}</a>", format_number(v));
                assert!(page.contains(&shown), "{org} {theme}: {shown} on the page");
                checked += 1;
            }
            None => assert!(!page.contains(&link), "{org} {theme} is not assessed: no number links there"),
        }
    }
    checked
}

/// The footprint's organisations as the pages list them.
async fn footprint_organisations(app: &TestApp) -> (ldr_app::domain::FootprintId, Vec<OrgSummary>) {
    let footprint = footprints::by_code(&app.pool, "GLOS").await.unwrap().expect("GLOS");
    let orgs = organisations::in_footprint(&app.pool, footprint.id).await.unwrap().into_iter().map(|o| o.summary).collect();
    (footprint.id, orgs)
}

#[tokio::test]
async fn every_figure_behind_the_dashboard_and_the_dma_page_is_the_figure_they_show() {
    let app = spawn_app().await;
    app.login_as("steering").await;
    let q1 = period(&app, Q1).await;
    let (footprint, orgs) = footprint_organisations(&app).await;
    let facts = dma::facts(&app.pool, footprint, q1, &orgs).await.unwrap().expect("a framework in force");
    let dma_json = serde_json::to_value(&facts).expect("DMA facts serialise");
    let capabilities = aims::capabilities_with_progress(&app.pool, footprint, Some(q1)).await.unwrap();
    let aims_json = serde_json::to_value(&capabilities).expect("aims serialise");

    let (status, dashboard) = app.get_page(&format!("/?period={Q1}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(assert_heatmap_shows(&dashboard, &dma_json, Q1), 67, "Table 2's 67 scores (70 less GCC's three not assessed)");
    let mut aims_checked = 0;
    for aim in aims_json.as_array().unwrap().iter().flat_map(|c| c["aims"].as_array().unwrap()) {
        let code = aim["code"].as_str().unwrap();
        let cells = row_headed(&dashboard, code);
        let shown = number(&aim["completeness"]).map_or_else(|| "No data".to_string(), percent);
        // Code, text, completeness, goal, against goal, status.
        assert_eq!(cells[2], shown, "aim {code}: {cells:?}");
        aims_checked += 1;
    }
    assert_eq!(aims_checked, 25, "every aim of Table 5");

    let (_, dma_page) = app.get_page(&format!("/dma?period={Q1}")).await;
    assert_eq!(assert_heatmap_shows(&dma_page, &dma_json, Q1), 67);
    // The reference column: each theme's national average of the reference group.
    let reference = "National average of NHS trusts";
    for theme in dma_json["themes"].as_array().unwrap() {
        let published =
            dma_json["benchmarks"].as_array().unwrap().iter().find(|b| b["theme"] == theme["id"] && b["peer_group"] == reference);
        let name = theme["name"].as_str().unwrap();
        let cells = row_headed(&dma_page, name);
        assert_eq!(cells[1], format_number(number(&published.unwrap()["value"]).unwrap()), "{name}: {cells:?}");
    }
}

#[tokio::test]
async fn every_figure_behind_an_organisation_page_is_the_figure_it_shows() {
    let app = spawn_app().await;
    app.login_as("steering").await;
    let q1 = period(&app, Q1).await;
    let org = organisations::by_code(&app.pool, "RTE").await.unwrap().expect("GHFT");
    let facts = dma::facts(&app.pool, org.footprint_id, q1, std::slice::from_ref(&org.summary)).await.unwrap().expect("a framework");
    let json = serde_json::json!({
        "dma": facts,
        "measures": organisations::measures(&app.pool, &org, q1).await.unwrap(),
        "deployments": organisations::deployments(&app.pool, org.id, q1.code).await.unwrap(),
    });

    let (status, page) = app.get_page(&format!("/organisations/RTE?period={Q1}")).await;
    assert_eq!(status, StatusCode::OK);
    let scores = scores(&json["dma"]);
    assert_eq!(scores.len(), 14, "GHFT's 14 themes");
    for (_, theme, name, score) in scores {
        let cells = row_cells(&page, &format!("id=\"theme-{theme}\""));
        assert_eq!(cells[0], name);
        assert_eq!(cells[1], score.map_or_else(|| "Not assessed".to_string(), format_number), "{name}");
    }
    let measures = json["measures"].as_array().unwrap();
    assert!(!measures.is_empty());
    for m in measures {
        let name = m["name"].as_str().unwrap();
        let cells = row_headed(&page, name);
        let value = format_number(number(&m["value"]).unwrap());
        assert!(cells[1] == value || cells[1] == format!("{value} %"), "{name}: {cells:?}");
    }
    let deployments = json["deployments"].as_array().unwrap();
    assert!(!deployments.is_empty());
    for d in deployments {
        let (status, title) = (d["status"].as_str().unwrap(), d["title"].as_str().unwrap());
        let target = d["target_year"].as_i64().unwrap();
        let cells = row_headed(&page, title);
        // Title (and description), capability, start, target, status, source.
        assert_eq!(cells[cells.len() - 3], format!("{target}/{:02}", (target + 1) % 100), "{title}: {cells:?}");
        assert!(cells[cells.len() - 2].to_lowercase().starts_with(status), "{title} is {status}: {cells:?}");
    }
}

/// The trajectory section of the organisation page at a quarter: (capability, baseline, actual).
/// The actual comes before the variance, "against plan" and the computed status.
async fn trajectory(app: &TestApp, org: &str, period: &str) -> Vec<(String, String, String)> {
    let (_, page) = app.get_page(&format!("/organisations/{org}?period={period}")).await;
    let start = page.find("Capability trajectory").expect("trajectory section");
    let section = &page[start..start + page[start..].find("</table>").expect("its table")];
    section
        .split("<tr")
        .skip(2)
        .map(|row| {
            let cells: Vec<String> =
                row.split("</t").filter_map(|c| c.split_once('>').map(|(_, t)| strip_tags(t))).filter(|c| !c.is_empty()).collect();
            (cells[0].clone(), cells[1].clone(), cells[cells.len() - 4].clone())
        })
        .collect()
}

/// The score the DMA table of the same page shows for a capability (its first table with
/// the capability as a row header).
async fn dma_table_score(app: &TestApp, org: &str, period: &str, capability: &str) -> String {
    let (_, page) = app.get_page(&format!("/organisations/{org}?period={period}")).await;
    row_headed(&page, capability)[1].clone()
}

#[tokio::test]
async fn a_later_quarters_trajectory_reads_the_scores_as_at_it_like_the_dma_table_above_it() {
    let app = spawn_app().await;
    let path = ghft_submits_q2(&app, &[("score-records", "25")]).await;
    let steering = app.another_person();
    steering.login_as("steering").await;
    assert_eq!(decide(&steering, &path, "approve", "").await.status(), StatusCode::SEE_OTHER);
    app.login_as("steering").await;

    // Quarters after the last return: nothing was returned for them, so each stands as at it.
    for later in ["2016-17-q3", "2017-18-q2"] {
        let lines = trajectory(&app, "RTE", later).await;
        assert_eq!(lines.len(), 7, "the seven PF@PoC capabilities at {later}");
        for (capability, baseline, actual) in lines {
            assert_ne!(baseline, "Not assessed", "{capability} at {later}: the 2016 DMA is its baseline");
            let shown = dma_table_score(&app, "RTE", later, &capability).await;
            assert_eq!(actual.split(" (").next(), Some(shown.as_str()), "{capability} at {later}: actual {actual}, DMA table {shown}");
        }
        let records = trajectory(&app, "RTE", later).await.into_iter().find(|l| l.0.starts_with("Records")).unwrap();
        assert_eq!((records.1.as_str(), records.2.as_str()), ("12 (2016/17 Q1)", "25 (2016/17 Q2)"), "at {later}");
    }
}
