//! A generated footprint's returns are real returns: a reviewer opens one and reads its
//! sections, with the same figures the footprint's pages show for that quarter; its decision
//! history says who submitted, returned and approved it; the audit log lists the approvals.

use reqwest::StatusCode;

use crate::support::{row_containing, spawn_app, strip_tags, TestApp};

/// 2016/17 Q2: the quarter the DMA is scored in.
const Q2: &str = "2016-17-q2";

/// Gloucestershire and one synthetic footprint of eight quarters, read by a reviewer.
async fn reviewer_with_a_generated_footprint() -> TestApp {
    let app = spawn_app().await;
    app.generate(1, 8, 3).await;
    let reviewer = app.another_person();
    reviewer.login_as("reviewer").await;
    reviewer
}

/// The code of SYN01's first acute trust.
async fn first_acute_trust(app: &TestApp) -> String {
    sqlx::query_scalar(
        "SELECT o.code FROM organisations o JOIN footprints f ON f.id = o.footprint_id
         WHERE f.code = 'SYN01' AND o.kind = 'acute' ORDER BY o.position LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

/// The first theme scored (not "not assessed") on a return's DMA section page: (name, score).
fn a_scored_theme(section: &str) -> (String, String) {
    for row in section.split("<tr").skip(1) {
        let cells: Vec<String> =
            row.split("</t").filter_map(|c| c.split_once('>').map(|(_, t)| strip_tags(t))).filter(|c| !c.is_empty()).collect();
        if let [name, score, ..] = cells.as_slice() {
            if score.parse::<f64>().is_ok() {
                return (name.clone(), score.clone());
            }
        }
    }
    panic!("no scored theme in the return's DMA section");
}

#[tokio::test]
async fn a_reviewer_opens_a_generated_approved_return_and_sees_the_figures_the_organisation_page_shows() {
    let reviewer = reviewer_with_a_generated_footprint().await;
    let code = first_acute_trust(&reviewer).await;
    let (status, page) = reviewer.get_page(&format!("/returns/{Q2}/{code}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Approved"), "the return stands approved");
    assert!(page.contains("Digital maturity scores"), "the return lists its DMA section");
    let (status, section) = reviewer.get_page(&format!("/returns/{Q2}/{code}/sections/dma")).await;
    assert_eq!(status, StatusCode::OK);
    let (theme, score) = a_scored_theme(&section);

    let (status, org_page) = reviewer.get_page(&format!("/organisations/{code}?period={Q2}")).await;
    assert_eq!(status, StatusCode::OK);
    let row = row_containing(&org_page, &theme).unwrap_or_else(|| panic!("{theme} on the organisation page"));
    assert!(strip_tags(&row).contains(&score), "{theme} scored {score} on the return, the page shows: {}", strip_tags(&row));
}

#[tokio::test]
async fn every_generated_return_has_its_sections_and_each_decision_a_snapshot_of_them() {
    let reviewer = reviewer_with_a_generated_footprint().await;
    let no_sections: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM returns r JOIN footprints f ON f.id = r.footprint_id
         WHERE f.synthetic = TRUE AND NOT EXISTS (SELECT 1 FROM return_sections s WHERE s.return_id = r.id)",
    )
    .fetch_one(&reviewer.pool)
    .await
    .unwrap();
    assert_eq!(no_sections, 0, "every generated return has sections");
    let no_snapshot: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM return_decisions d JOIN returns r ON r.id = d.return_id JOIN footprints f ON f.id = r.footprint_id
         WHERE f.synthetic = TRUE AND (d.snapshot IS NULL OR d.snapshot = '{}')",
    )
    .fetch_one(&reviewer.pool)
    .await
    .unwrap();
    assert_eq!(no_snapshot, 0, "every step keeps the figures as they stood");
}

#[tokio::test]
async fn a_returned_generated_return_shows_submitted_returned_and_approved_in_its_history() {
    let reviewer = reviewer_with_a_generated_footprint().await;
    // A return the plan sent back for changes once: it was submitted twice.
    let (period, code): (String, String) = sqlx::query_as(
        "SELECT p.code, COALESCE(o.code, f.code) FROM returns r JOIN footprints f ON f.id = r.footprint_id
         JOIN reporting_periods p ON p.id = r.period_id LEFT JOIN organisations o ON o.id = r.organisation_id
         WHERE f.synthetic = TRUE AND (SELECT COUNT(*) FROM return_decisions d WHERE d.return_id = r.id AND d.decision = 'returned') > 0
         ORDER BY r.id LIMIT 1",
    )
    .fetch_one(&reviewer.pool)
    .await
    .expect("some generated return was returned for changes");
    let (status, page) = reviewer.get_page(&format!("/returns/{period}/{code}")).await;
    assert_eq!(status, StatusCode::OK);
    let history = &page[page.find("Decision history").expect("the decision history")..];
    let steps: Vec<&str> = ["Submitted", "Returned", "Approved"].into_iter().filter(|s| history.contains(s)).collect();
    assert_eq!(steps, ["Submitted", "Returned", "Approved"], "{}", strip_tags(history));
    assert!(history.contains("Please explain the change since last quarter."), "the return's comment");
    assert!(history.contains("Steering Group, "), "the synthetic Steering Group decided");
}

#[tokio::test]
async fn the_footprints_audit_log_lists_its_generated_approvals_at_their_own_dates() {
    let reviewer = reviewer_with_a_generated_footprint().await;
    let (status, page) = reviewer.get_page("/audit?footprint=SYN01&action=return.approve").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Return approved"), "the approvals are in the footprint's log");
    let (approvals, submits, returns, returns_made): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT SUM(a.action = 'return.approve'), SUM(a.action = 'return.submit'), SUM(a.action = 'return.return'),
                (SELECT COUNT(*) FROM returns r JOIN footprints f ON f.id = r.footprint_id WHERE f.code = 'SYN01')
         FROM audit_log a JOIN footprints f ON f.id = a.footprint_id WHERE f.code = 'SYN01'",
    )
    .fetch_one(&reviewer.pool)
    .await
    .unwrap();
    assert_eq!(approvals, returns_made, "one approval a return");
    assert_eq!(submits, returns_made + returns, "a returned return is submitted again");
    let (before, after, at): (String, String, String) = sqlx::query_as(
        "SELECT a.before_json, a.after_json, a.at FROM audit_log a JOIN footprints f ON f.id = a.footprint_id
         JOIN reporting_periods p ON p.id = a.period_id
         WHERE f.code = 'SYN01' AND a.action = 'return.approve' AND p.code = ? ORDER BY a.id LIMIT 1",
    )
    .bind(Q2)
    .fetch_one(&reviewer.pool)
    .await
    .unwrap();
    assert_eq!(before, r#"{"revision":1,"state":"submitted"}"#);
    assert_eq!(after, r#"{"revision":1,"state":"approved"}"#);
    assert!(at.starts_with("2016-1"), "approved after the quarter ended (30 September 2016), not today: {at}");
}
