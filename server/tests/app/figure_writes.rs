//! One write path per figure table: the seed and approval write DMA scores, trajectories,
//! aim progress, deployments and measures through `db::figures`, each with its provenance.

use chrono::NaiveDateTime;
use ldr_app::domain::{OrgId, PeriodId, Scale, ThemeId};
use ldr_server::db::{self, figures, figures::Provenance};
use ldr_server::seed::{self, SeedSet, FILES};
use reqwest::StatusCode;
use tempfile::TempDir;

use crate::returns::{complete_all, complete_section, decide, form, open_quarter, post, start, submit, Q2, RTE};
use crate::support::{repo_root, spawn_app, TestApp};

/// GHFT's Q2 return (records 25, plans, an aim, a measure, a deployment added and one
/// removed) and the footprint's, both approved.
async fn q2_approved() -> TestApp {
    let app = spawn_app().await;
    open_quarter(&app, Q2).await;
    let cio = app.another_person();
    cio.login_as("cio.ghft").await;
    start(&cio, RTE).await;
    let new = format!("{RTE}/sections/deployments/new");
    let mut fields = form(&cio, &new, &new).await;
    for (name, v) in [("title", "Robotic pharmacy dispensing"), ("capability", "medicines"), ("target", "2017"), ("status", "committed")] {
        crate::forms::set(&mut fields, name, v);
    }
    assert_eq!(post(&cio, &new, &fields).await.status(), StatusCode::SEE_OTHER);
    let remove = format!("{RTE}/sections/deployments/2/remove");
    let fields = form(&cio, &format!("{RTE}/sections/deployments"), &remove).await;
    assert_eq!(post(&cio, &remove, &fields).await.status(), StatusCode::SEE_OTHER);
    complete_section(&cio, RTE, "dma", &[("score-records", "25"), ("not-assessed-leadership", "yes"), ("score-leadership", "")]).await;
    complete_section(&cio, RTE, "trajectory", &[("plan-records-2017", "40")]).await;
    complete_section(&cio, RTE, "aims", &[("completeness-1a", "66"), ("rag-1a", "green")]).await;
    complete_all(&cio, RTE, &["deployments", "measures", "commentary"]).await;
    assert_eq!(submit(&cio, RTE).await.status(), StatusCode::SEE_OTHER);
    let steering = app.another_person();
    steering.login_as("steering").await;
    assert_eq!(decide(&steering, RTE, "approve", "").await.status(), StatusCode::SEE_OTHER);

    let glos = format!("/returns/{Q2}/GLOS");
    let pmo = app.another_person();
    pmo.login_as("pmo").await;
    start(&pmo, &glos).await;
    complete_section(&pmo, &glos, "footprint-aims", &[("completeness-1a", "77"), ("goal-1a-2017", "80")]).await;
    complete_section(&pmo, &glos, "commentary", &[]).await;
    assert_eq!(submit(&pmo, &glos).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(decide(&steering, &glos, "approve", "").await.status(), StatusCode::SEE_OTHER);
    app
}

/// Who the demo user `name` is.
async fn user(app: &TestApp, name: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE username = ?").bind(name).fetch_one(&app.pool).await.unwrap()
}

/// For each figure table, the provenance of the rows a return wrote, as distinct tuples
/// (source, recorded_by, approved_by, whether recorded_at is the section's last save,
/// whether it has an approval time).
async fn provenance_of(app: &TestApp, table: &str, section: &str, return_id: i64) -> Vec<(String, i64, i64, bool, bool)> {
    sqlx::query_as(&format!(
        "SELECT DISTINCT f.source, f.recorded_by, f.approved_by, f.recorded_at = s.updated_at, f.approved_at IS NOT NULL
         FROM {table} f JOIN returns r ON r.id = f.return_id
         JOIN return_sections s ON s.return_id = r.id AND s.section = ?
         WHERE f.return_id = ?"
    ))
    .bind(section)
    .bind(return_id)
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn approval_writes_every_figure_table_with_the_returns_provenance() {
    let app = q2_approved().await;
    let (cio, pmo, steering) = (user(&app, "cio.ghft").await, user(&app, "pmo").await, user(&app, "steering").await);
    let ids: Vec<(i64, Option<i64>)> =
        sqlx::query_as("SELECT id, organisation_id FROM returns ORDER BY id").fetch_all(&app.pool).await.unwrap();
    let (ghft, glos) = (ids[0].0, ids[1].0);
    assert!(ids[1].1.is_none(), "the second return is the footprint's");
    let source = "Quarterly return 2016/17 Q2, revision 1".to_string();
    for (table, section, id, by) in [
        ("dma_scores", "dma", ghft, cio),
        ("capability_trajectories", "trajectory", ghft, cio),
        ("aim_progress", "aims", ghft, cio),
        ("deployment_versions", "deployments", ghft, cio),
        ("measure_values", "measures", ghft, cio),
        ("aim_progress", "footprint_aims", glos, pmo),
    ] {
        let rows = provenance_of(&app, table, section, id).await;
        assert_eq!(rows, vec![(source.clone(), by, steering, true, true)], "{table} from {section}");
    }
    let score = |theme: &'static str| {
        sqlx::query_scalar::<_, Option<f64>>(
            "SELECT s.score FROM dma_scores s JOIN themes t ON t.id = s.theme_id WHERE s.return_id = ? AND t.code = ?",
        )
        .bind(ghft)
        .bind(theme)
        .fetch_one(&app.pool)
    };
    assert_eq!(score("records").await.unwrap(), Some(25.0));
    assert_eq!(score("leadership").await.unwrap(), None, "not assessed is NULL, not 0");
    let withdrawn: Vec<(String, bool)> =
        sqlx::query_as("SELECT title, withdrawn FROM deployment_versions WHERE return_id = ? AND (withdrawn OR title LIKE 'Robotic%')")
            .bind(ghft)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(withdrawn.len(), 2, "the added deployment and the removed one: {withdrawn:?}");
    let goal: f64 = sqlx::query_scalar(
        "SELECT g.goal FROM aim_goals g JOIN aim_progress p ON p.id = g.aim_progress_id JOIN aims a ON a.id = p.aim_id
         WHERE p.return_id = ? AND a.code = '1a' AND g.financial_year = 2017",
    )
    .bind(glos)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(goal, 80.0);
}

const FIGURE_TABLES: [&str; 5] = ["dma_scores", "capability_trajectories", "aim_progress", "deployment_versions", "measure_values"];

#[tokio::test]
async fn reloading_the_seed_keeps_each_figures_first_recorded_time() {
    let app = spawn_app().await;
    for table in FIGURE_TABLES {
        sqlx::query(&format!("UPDATE {table} SET recorded_at = '2000-01-01 00:00:00'")).execute(&app.pool).await.unwrap();
    }
    seed::load(&app.pool, &SeedSet::embedded()).await.unwrap();
    for table in FIGURE_TABLES {
        let times: Vec<String> = sqlx::query_scalar(&format!("SELECT DISTINCT recorded_at FROM {table} WHERE return_id IS NULL"))
            .fetch_all(&app.pool)
            .await
            .unwrap();
        assert!(times.is_empty() || times == ["2000-01-01 00:00:00"], "{table}: {times:?}");
    }
}

#[tokio::test]
async fn writing_a_figure_again_changes_nothing_and_a_new_source_replaces_its_provenance() {
    let app = spawn_app().await;
    let (org, theme, period): (i64, i64, i64) =
        sqlx::query_as("SELECT organisation_id, theme_id, period_id FROM dma_scores WHERE score = 12").fetch_one(&app.pool).await.unwrap();
    let (org, theme, period) = (OrgId(org), ThemeId(theme), PeriodId(period));
    let scale = Scale { min: 0.0, max: 100.0, step: 1.0 };
    let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap();
    let read = || {
        sqlx::query_as::<_, (Option<f64>, String, String)>(
            "SELECT score, source, recorded_at FROM dma_scores WHERE organisation_id = ? AND theme_id = ? AND period_id = ?",
        )
        .bind(org.0)
        .bind(theme.0)
        .bind(period.0)
        .fetch_one(&app.pool)
    };
    let first = Provenance { recorded_at: at("2016-09-30 14:05:00"), ..Provenance::published("Import A") };
    let mut conn = app.pool.acquire().await.unwrap();
    figures::write_dma_score(&mut conn, org, theme, period, Some(scale.score("13").unwrap()), &first).await.unwrap();
    assert_eq!(read().await.unwrap(), (Some(13.0), "Import A".into(), "2016-09-30 14:05:00".into()));
    let again = Provenance { recorded_at: at("2016-10-01 09:00:00"), ..first.clone() };
    figures::write_dma_score(&mut conn, org, theme, period, Some(scale.score("13").unwrap()), &again).await.unwrap();
    assert_eq!(read().await.unwrap().2, "2016-09-30 14:05:00", "the same figure from the same source keeps its first time");
    let other = Provenance { source: "Import B", ..again };
    figures::write_dma_score(&mut conn, org, theme, period, None, &other).await.unwrap();
    assert_eq!(read().await.unwrap(), (None, "Import B".into(), "2016-10-01 09:00:00".into()), "not assessed, from B");
}

/// A copy of the seed folder with one text replaced in one file.
fn seed_copy_with(file: &str, from: &str, to: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    for name in FILES {
        std::fs::copy(repo_root().join("seed").join(name), dir.path().join(name)).unwrap();
    }
    let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
    assert!(text.contains(from), "{file} should contain {from:?}");
    std::fs::write(dir.path().join(file), text.replacen(from, to, 1)).unwrap();
    dir
}

#[tokio::test]
async fn a_figure_off_its_scale_in_any_seed_file_is_refused_by_name_and_nothing_is_loaded() {
    let cases = [
        (
            "dma_benchmarks.csv",
            "leadership,nhs-trusts,77,",
            "leadership,nhs-trusts,177,",
            "line 3, field `value`: 177 is above the scale maximum 100",
        ),
        ("answer_scores.csv", "Mostly disagree,25", "Mostly disagree,-25", "line 3, field `score`: -25 is below the scale minimum 0"),
        (
            "aim_goals.csv",
            "GLOS,2016-17-q1,4d,2017,80",
            "GLOS,2016-17-q1,4d,2017,180",
            "line 2, field `goal`: 180 is above the scale maximum 100",
        ),
        (
            "measure_benchmarks.csv",
            "mobile-devices,2016-17-q1,nhs-trusts,63,",
            "mobile-devices,2016-17-q1,nhs-trusts,101,",
            "line 2, field `value`: 101 is above",
        ),
    ];
    for (file, from, to, message) in cases {
        let seed_dir = seed_copy_with(file, from, to);
        let db_dir = TempDir::new().unwrap();
        let pool = db::open(&db_dir.path().join("ldr.sqlite")).await.unwrap();
        let err = seed::load(&pool, &SeedSet::from_dir(seed_dir.path()).unwrap()).await.expect_err(message).to_string();
        assert!(err.contains(&format!("{file}, {message}")), "expected «{file}, {message}», got «{err}»");
        let footprints: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM footprints").fetch_one(&pool).await.unwrap();
        assert_eq!(footprints, 0, "{file}: all or nothing");
    }
}
