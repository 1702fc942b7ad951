//! What a DMA import changed, from what to what (issue 13): every score a confirmed import
//! added or changed is kept with its value before and after (`dma_import_changes`, migration
//! 0033), by the web confirm and by `ldr import dma`, and listed on the import's page.

use reqwest::StatusCode;

use crate::cli::ldr;
use crate::dma_import::{add_organisations, another_pmo_imports_rte_governance_70, confirm, pmo_app, preview_of, LONG, QUARTER};
use crate::support::{row_containing, spawn_app, strip_tags, TestApp};

/// (ODS code, theme, before, after), in that order.
type Recorded = (String, String, Option<f64>, f64);

/// What one import recorded, read straight from the table.
async fn recorded(app: &TestApp, import: i64) -> Vec<Recorded> {
    sqlx::query_as(
        "SELECT o.code, t.name, c.score_before, c.score_after FROM dma_import_changes c
         JOIN organisations o ON o.id = c.organisation_id JOIN themes t ON t.id = c.theme_id
         WHERE c.import_id = ? ORDER BY o.code, t.name",
    )
    .bind(import)
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

async fn all_recorded(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM dma_import_changes").fetch_one(&app.pool).await.unwrap()
}

/// The DMA score standing for an organisation and theme as at the import's quarter.
async fn standing(app: &TestApp, org: &str, theme: &str) -> Option<f64> {
    sqlx::query_scalar(
        "SELECT s.score FROM dma_scores s JOIN organisations o ON o.id = s.organisation_id JOIN themes t ON t.id = s.theme_id
         JOIN assessment_frameworks f ON f.id = t.framework_id JOIN reporting_periods p ON p.id = s.period_id
         WHERE o.code = ? AND t.name = ? AND f.code = 'DMA2016' AND p.code <= ? ORDER BY p.code DESC LIMIT 1",
    )
    .bind(org)
    .bind(theme)
    .bind(QUARTER)
    .fetch_optional(&app.pool)
    .await
    .unwrap()
    .flatten()
}

fn id_of(path: &str) -> i64 {
    path.rsplit('/').next().unwrap().parse().unwrap()
}

fn row(org: &str, theme: &str, before: Option<f64>, after: f64) -> Recorded {
    (org.to_string(), theme.to_string(), before, after)
}

#[tokio::test]
async fn a_web_import_records_the_score_it_changed_and_the_one_it_added_with_before_and_after_and_not_the_unchanged_one() {
    let app = pmo_app().await;
    let governance = standing(&app, "RTE", "Governance").await;
    let leadership = standing(&app, "RTE", "Leadership").await;
    assert!(governance.is_some() && governance != Some(95.0) && leadership == Some(80.0), "the seed as LONG expects");
    assert_eq!(standing(&app, "RXA", "Leadership").await, None);
    let (path, html) = preview_of(&app, "dma.csv", LONG.as_bytes()).await;
    assert_eq!(confirm(&app, &path, &html).await.status(), StatusCode::SEE_OTHER);
    let id = id_of(&path);
    assert_eq!(recorded(&app, id).await, vec![row("RTE", "Governance", governance, 95.0), row("RXA", "Leadership", None, 40.0)]);
    assert_eq!(all_recorded(&app).await, 2, "the unchanged score is not recorded");
    let audit: String =
        sqlx::query_scalar("SELECT after_json FROM audit_log WHERE action = 'dma.import'").fetch_one(&app.pool).await.unwrap();
    assert!(audit.contains(&format!("\"changes\":\"/imports/dma/{id}\"")), "the audit entry says where the changes are: {audit}");
}

#[tokio::test]
async fn the_confirmed_import_page_lists_the_scores_it_wrote_with_the_value_before_as_text() {
    let app = pmo_app().await;
    sqlx::query("UPDATE organisations SET name = 'New <b>Acute</b> Trust' WHERE code = 'RXA'").execute(&app.pool).await.unwrap();
    let governance = standing(&app, "RTE", "Governance").await.expect("a seeded score");
    let (path, html) = preview_of(&app, "dma.csv", LONG.as_bytes()).await;
    assert_eq!(confirm(&app, &path, &html).await.status(), StatusCode::SEE_OTHER);
    let (status, page) = app.get_page(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("<b>Acute"), "an organisation's name is text");
    assert!(page.contains("New &lt;b&gt;Acute&lt;/b&gt; Trust (RXA)"), "{page}");
    assert!(page.contains("class=\"ldr-table-scroll\""), "a wide table scrolls at 390 px");
    assert!(strip_tags(&page).contains("Scores this import wrote"), "{}", strip_tags(&page));
    let before = ldr_app::domain::values::format_number(governance);
    let changed = row_containing(&page, "Governance").expect("the changed score");
    assert_eq!(changed, format!("Gloucestershire Hospitals NHS Foundation Trust (RTE) Governance {before} 95"));
    let added = row_containing(&page, "(RXA)").expect("the added score");
    assert_eq!(added, "New &lt;b&gt;Acute&lt;/b&gt; Trust (RXA) Leadership none: added 40");
    assert!(row_containing(&page, "(RTE) Leadership").is_none(), "the unchanged score is not listed");
}

#[tokio::test]
async fn importing_the_same_file_again_records_nothing_new() {
    let app = pmo_app().await;
    let (path, html) = preview_of(&app, "dma.csv", LONG.as_bytes()).await;
    assert_eq!(confirm(&app, &path, &html).await.status(), StatusCode::SEE_OTHER);
    let first = recorded(&app, id_of(&path)).await;
    let (again, again_html) = preview_of(&app, "dma.csv", LONG.as_bytes()).await;
    assert!(strip_tags(&again_html).contains("Nothing to change"));
    assert!(recorded(&app, id_of(&again)).await.is_empty());
    assert_eq!(recorded(&app, id_of(&path)).await, first);
    assert_eq!(all_recorded(&app).await, 2);
}

#[tokio::test]
async fn a_command_line_import_records_its_changes_and_a_dry_run_or_a_second_run_records_nothing() {
    let app = spawn_app().await;
    add_organisations(&app).await;
    let governance = standing(&app, "RTE", "Governance").await;
    let dir = tempfile::TempDir::new().unwrap();
    let file = dir.path().join("national.csv");
    std::fs::write(&file, "ODS code,Theme,Score\nRTE,Leadership,80\nRTE,Governance,95\nRNZ,Governance,50\n").unwrap();
    let args = |extra: &'static [&'static str]| {
        let mut a = vec!["import", "dma", file.to_str().unwrap(), "--framework", "DMA2016", "--quarter", QUARTER];
        a.extend_from_slice(extra);
        a
    };
    assert!(ldr(&args(&["--dry-run"]), &app.db_path, "").status.success());
    assert_eq!(all_recorded(&app).await, 0, "a dry run records nothing");
    let real = ldr(&args(&["--as", "pmo"]), &app.db_path, "");
    assert!(real.status.success(), "{}", String::from_utf8_lossy(&real.stderr));
    let id: i64 = sqlx::query_scalar("SELECT id FROM dma_imports WHERE confirmed_at IS NOT NULL").fetch_one(&app.pool).await.unwrap();
    assert_eq!(recorded(&app, id).await, vec![row("RNZ", "Governance", None, 50.0), row("RTE", "Governance", governance, 95.0)]);
    assert!(ldr(&args(&[]), &app.db_path, "").status.success());
    assert_eq!(all_recorded(&app).await, 2, "the second run changes nothing, so records nothing");
}

#[tokio::test]
async fn a_confirm_refused_because_the_scores_changed_records_nothing() {
    let app = pmo_app().await;
    let (path, html) = preview_of(&app, "dma.csv", LONG.as_bytes()).await;
    another_pmo_imports_rte_governance_70(&app).await;
    assert_eq!(all_recorded(&app).await, 1);
    assert_eq!(confirm(&app, &path, &html).await.status(), StatusCode::CONFLICT);
    assert!(recorded(&app, id_of(&path)).await.is_empty());
    assert_eq!(all_recorded(&app).await, 1);
}
