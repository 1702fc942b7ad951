//! `/national`: every footprint at a glance. Its figures are checked against the footprint's
//! own pages and against the database computed independently; it changes as soon as a return
//! is approved; the policy's national need decides who reads it.

use reqwest::StatusCode;

use crate::returns::{decide, ghft_submits_q2};
use crate::support::{spawn_app, strip_tags, TestApp};

/// The cell texts of GLOS's row on `/national`.
async fn glos_row(app: &TestApp, query: &str) -> Vec<String> {
    footprint_row(app, "GLOS", query).await
}

/// The cell texts of a footprint's row on `/national`.
async fn footprint_row(app: &TestApp, code: &str, query: &str) -> Vec<String> {
    let (status, html) = app.get_page(&format!("/national{query}")).await;
    assert_eq!(status, StatusCode::OK);
    let row = raw_row(&html, &format!("?footprint={code}\"")).unwrap_or_else(|| panic!("{code}'s row"));
    row.split("</t").filter_map(|c| c.split_once('>').map(|(_, t)| strip_tags(t))).filter(|c| !c.is_empty()).collect()
}

/// "3 aims" after a RAG tag in the dashboard's summary of the aims.
/// The dashboard's count of aims with a declared status (its summary's "Declared" column).
fn dashboard_count(dashboard: &str, tag: &str) -> u32 {
    let label = if tag == "Not rated" { "No data or not rated" } else { tag };
    let row = raw_row(dashboard, &format!(">{label}</strong></th>")).unwrap_or_else(|| panic!("no {tag} in the dashboard's summary"));
    let declared = row.split("<td").nth(2).expect("computed, then declared");
    strip_tags(declared.split_once('>').expect("a cell").1).split(' ').next().and_then(|n| n.parse().ok()).expect("a count")
}

/// The markup of the table row holding `needle`.
fn raw_row<'a>(html: &'a str, needle: &str) -> Option<&'a str> {
    html.split("<tr").skip(1).map(|r| r.split("</tr>").next().unwrap_or_default()).find(|r| r.contains(needle))
}

/// The mean of Gloucestershire's DMA 2016 scores as at a quarter, worked out here in SQL
/// independent of the app's as-at rule: each organisation and theme's latest score.
async fn glos_dma_mean(app: &TestApp, quarter_key: i64) -> f64 {
    sqlx::query_scalar(
        "SELECT AVG(s.score) FROM dma_scores s
         JOIN reporting_periods p ON p.id = s.period_id
         JOIN organisations o ON o.id = s.organisation_id JOIN footprints f ON f.id = o.footprint_id AND f.code = 'GLOS'
         JOIN themes t ON t.id = s.theme_id JOIN assessment_frameworks a ON a.id = t.framework_id AND a.code = 'DMA2016'
         WHERE s.score IS NOT NULL AND p.financial_year * 10 + p.quarter = (
             SELECT MAX(p2.financial_year * 10 + p2.quarter) FROM dma_scores s2 JOIN reporting_periods p2 ON p2.id = s2.period_id
             WHERE s2.organisation_id = s.organisation_id AND s2.theme_id = s.theme_id AND p2.financial_year * 10 + p2.quarter <= ?)",
    )
    .bind(quarter_key)
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

fn one_decimal(v: f64) -> String {
    ldr_app::domain::values::format_number((v * 10.0).round() / 10.0)
}

#[tokio::test]
async fn a_reviewer_sees_each_footprint_with_the_figures_of_its_own_pages() {
    let app = spawn_app().await;
    app.login_as("reviewer").await;
    let cells = glos_row(&app, "").await;
    assert!(cells[0].starts_with("Gloucestershire"), "{cells:?}");
    // Bodies making returns: the organisations page lists the same seven.
    assert!(cells[2].starts_with('7'), "{cells:?}");
    let (_, orgs) = app.get_page("/organisations").await;
    assert_eq!(orgs.matches("href=\"/organisations/").count(), 7, "the organisations page lists seven");
    // Aims: the dashboard says none is rated.
    assert_eq!((cells[4].as_str(), cells[5].as_str(), cells[6].as_str()), ("0 green, 0 amber", "0", "25"), "{cells:?}");
    let (_, dashboard) = app.get_page("/").await;
    assert_eq!(dashboard_count(&dashboard, "Not rated"), 25, "the dashboard agrees");
    // The DMA mean: worked out independently.
    assert_eq!(cells[7], one_decimal(glos_dma_mean(&app, 20161).await), "{cells:?}");
    // One footprint of its own: its mix is the national mix, so the difference is nil.
    assert_eq!(cells[7], cells[8]);
    assert_eq!(cells[9], "0");
    let (_, html) = app.get_page("/national").await;
    assert!(html.contains("How the means are worked out"), "the method in words");
}

#[tokio::test]
async fn on_a_generated_england_each_footprints_row_equals_its_own_dashboard_and_organisations_page() {
    let app = spawn_app().await;
    app.generate(3, 8, 8).await;
    app.login_as("reviewer").await;
    for code in ["SYN01", "SYN02", "SYN03"] {
        let cells = footprint_row(&app, code, "").await;
        // Aims by declared status: "G green, A amber", red, not rated.
        let (green, amber) = cells[4].split_once(" green, ").expect("green and amber");
        let (green, amber): (u32, u32) = (green.parse().unwrap(), amber.trim_end_matches(" amber").parse().unwrap());
        let (red, unrated): (u32, u32) = (cells[5].parse().unwrap(), cells[6].parse().unwrap());
        let (_, dashboard) = app.get_page(&format!("/?footprint={code}")).await;
        let counted = [green, amber, red, unrated];
        let shown = ["Green", "Amber", "Red", "Not rated"].map(|tag| dashboard_count(&dashboard, tag));
        assert_eq!(counted, shown, "{code}: {cells:?}");
        assert!(green + amber + red > 0, "{code}: the generated aims are rated");
        // Bodies making returns: the footprint's organisations page links each of them.
        let bodies: usize = cells[2].split(' ').next().and_then(|n| n.parse().ok()).expect("a count of bodies");
        let (_, orgs) = app.get_page(&format!("/organisations?footprint={code}")).await;
        let listed = orgs.matches("href=\"/organisations/Z").count();
        assert_eq!(listed, bodies, "{code}: {cells:?}");
        // GP practices: as many as the organisations under the footprint's primary care.
        let practices: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM organisations o JOIN footprints f ON f.id = o.footprint_id WHERE f.code = ? AND o.parent_id IS NOT NULL",
        )
        .bind(code)
        .fetch_one(&app.pool)
        .await
        .unwrap();
        assert_eq!(cells[3], practices.to_string(), "{code}");
    }
}

#[tokio::test]
async fn approving_a_return_changes_the_national_figures_at_once() {
    let app = spawn_app().await;
    let path = ghft_submits_q2(&app, &[("score-records", "100")]).await;

    let reviewer = app.another_person();
    reviewer.login_as("reviewer").await;
    let before = glos_row(&reviewer, "?period=2016-17-q2").await;
    assert!(before.last().unwrap().contains("1 of 8 submitted, 0 approved"), "{before:?}");
    let steering = app.another_person();
    steering.login_as("steering").await;
    assert_eq!(decide(&steering, &path, "approve", "").await.status(), StatusCode::SEE_OTHER);

    let after = glos_row(&reviewer, "?period=2016-17-q2").await;
    assert_ne!(before[7], after[7], "the DMA mean moved with the approval");
    assert_eq!(after[7], one_decimal(glos_dma_mean(&app, 20162).await));
    assert!(after.last().unwrap().contains("0 of 8 submitted, 1 approved"), "{after:?}");
    // The quarter before keeps its figures.
    assert_eq!(glos_row(&reviewer, "?period=2016-17-q1").await[7], one_decimal(glos_dma_mean(&app, 20161).await));
}

#[tokio::test]
async fn the_national_need_admits_reviewers_pmo_and_steering_and_refuses_cios() {
    for (username, allowed) in [("reviewer", true), ("pmo", true), ("steering", true), ("cio.ghft", false)] {
        let app = spawn_app().await;
        app.login_as(username).await;
        let (status, html) = app.get_page("/national").await;
        if allowed {
            assert_eq!(status, StatusCode::OK, "{username}");
            assert_eq!(html.contains("Your footprint"), username != "reviewer", "{username}: their own highlighted");
        } else {
            assert_eq!(status, StatusCode::FORBIDDEN, "{username}");
        }
    }
}

#[tokio::test]
async fn sorting_and_filtering_are_links_and_nonsense_is_ignored() {
    let app = spawn_app().await;
    app.login_as("reviewer").await;
    let (_, html) = app.get_page("/national").await;
    assert!(html.contains("aria-sort=\"ascending\""), "sorted by name by default");
    assert!(html.contains("href=\"/national?sort=dma&amp;dir=desc\""), "{}", &html[..0]);
    let (status, html) = app.get_page("/national?sort=%3Cscript%3E&dir=up&region=%3Cb%3Ex&period=9999").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("<script>") && !html.contains("<b>x"), "hostile query text is not echoed raw");
    assert!(raw_row(&html, "?footprint=GLOS").is_some(), "an unknown region filters nothing out");
}

#[tokio::test]
async fn a_reader_of_every_footprint_picks_one_by_link_and_the_policy_still_decides() {
    let app = spawn_app().await;
    // A second footprint in the same file: one synthetic footprint's registry.
    app.generate(1, 8, 3).await;
    let reviewer = app.another_person();
    reviewer.login_as("reviewer").await;
    let (status, html) = reviewer.get_page("/national").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("href=\"/?footprint=SYN01\""), "each footprint links to its own pages");
    let (status, html) = reviewer.get_page("/organisations?footprint=SYN01").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("(synthetic)"), "the synthetic footprint's organisations");
    assert!(html.contains("not real NHS data"), "the banner follows the footprint being read");
    let (_, glos) = reviewer.get_page("/organisations?footprint=GLOS").await;
    assert!(!glos.contains("not real NHS data"), "and not on a real footprint");
    assert!(html.contains("href=\"/dma?footprint=SYN01\""), "the navigation keeps the choice");
    assert!(html.contains("href=\"/national\""), "breadcrumbs lead back to England");
    assert_eq!(reviewer.get_page("/dma?footprint=NOPE").await.0, StatusCode::NOT_FOUND);

    let pmo = app.another_person();
    pmo.login_as("pmo").await;
    assert_eq!(pmo.get_page("/organisations?footprint=SYN01").await.0, StatusCode::FORBIDDEN, "another footprint's PMO");
    assert_eq!(pmo.get_page("/organisations?footprint=GLOS").await.0, StatusCode::OK);
}
