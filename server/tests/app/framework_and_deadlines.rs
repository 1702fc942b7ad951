//! A return asks for the framework in force for its organisation's kind in its quarter (the
//! CCG had no DMA in 2016/17; WGLL arrived in 2024/25), and the PMO opening a quarter with a
//! deadline already past is warned and must confirm before anything is written.

use chrono::{Days, Local, NaiveDate};
use reqwest::{Response, StatusCode};

use crate::returns::{complete_section, open_quarter, start, submit, Q2};
use crate::support::{location, repo_root, spawn_app, TestApp};
use ldr_server::seed::{self, SeedSet, FILES};

/// The task list's section titles a return page links to.
fn has_section(html: &str, title: &str) -> bool {
    html.contains(&format!(">{title}</a>"))
}

#[tokio::test]
async fn the_ccgs_2016_17_return_asks_no_wgll_pillars_and_can_still_be_submitted() {
    let app = spawn_app().await;
    open_quarter(&app, Q2).await;
    let cio = app.another_person();
    cio.login_as("cio.gccg").await;
    let path = format!("/returns/{Q2}/11M");
    start(&cio, &path).await;
    let (_, html) = cio.get_page(&path).await;
    // No framework was in force for a commissioner in 2016/17: no scores, so no trajectory.
    assert!(!has_section(&html, "Digital maturity scores"), "the CCG's 2016/17 return has no DMA section");
    assert!(!has_section(&html, "Capability trajectory"));
    assert!(has_section(&html, "Universal capability aims") && has_section(&html, "Commentary for the Steering Group"));
    let (status, _) = cio.get_page(&format!("{path}/sections/dma")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "no DMA section to open");

    for slug in ["aims", "deployments"] {
        complete_section(&cio, &path, slug, &[]).await;
    }
    complete_section(&cio, &path, "commentary", &[("commentary", "No DMA applied to CCGs in 2016/17.")]).await;
    let r = submit(&cio, &path).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the return without a DMA section is submitted");
}

#[tokio::test]
async fn a_trusts_2016_17_return_asks_the_dma_2016_scored_0_to_100() {
    let app = spawn_app().await;
    open_quarter(&app, Q2).await;
    let cio = app.another_person();
    cio.login_as("cio.ghft").await;
    let path = format!("/returns/{Q2}/RTE");
    start(&cio, &path).await;
    let (status, html) = cio.get_page(&format!("{path}/sections/dma")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("A whole number from 0 to 100 on the Digital Maturity Assessment scale."), "{html}");
    assert!(html.contains("Records, Assessments") && !html.contains("Well led"));
}

/// A copy of the seed folder with one file's text changed, as an operator would edit it.
fn seed_with(file: &str, change: impl FnOnce(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::TempDir::new().unwrap();
    for name in FILES {
        std::fs::copy(repo_root().join("seed").join(name), dir.path().join(name)).unwrap();
    }
    let path = dir.path().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, change(text)).unwrap();
    dir
}

/// The seed with quarters of 2024/25 added to periods.csv, loaded as `ldr seed --dir` would.
async fn add_2024_25_quarters(app: &TestApp) {
    let dir = seed_with("periods.csv", |t| t + "2024-25-q1,2024,1,2024-04-01,2024-06-30\n2024-25-q2,2024,2,2024-07-01,2024-09-30\n");
    seed::load(&app.pool, &SeedSet::from_dir(dir.path()).unwrap()).await.expect("the seed with 2024/25 loads");
}

#[tokio::test]
async fn the_seed_refuses_two_frameworks_in_force_for_one_kind_at_once_or_a_framework_without_a_start() {
    // (change to frameworks.csv, message)
    let cases: [(&str, &str, &str); 3] = [
        (",2015-16-q1,2023-24-q4", ",2015-16-q1,", "DMA2016 and WGLL2024 are both in force for acute in a quarter"),
        (",2015-16-q1,2023-24-q4", ",,2023-24-q4", "field `in_force_from`: the first quarter the framework is in force"),
        (",2015-16-q1,2023-24-q4", ",2015-16-q1,2014-15-q4", "ends (2014/15 Q4) before it starts (2015/16 Q1)"),
    ];
    for (from, to, message) in cases {
        let dir = seed_with("frameworks.csv", |t| {
            assert!(t.contains(from));
            t.replacen(from, to, 1)
        });
        let db = tempfile::TempDir::new().unwrap();
        let pool = ldr_server::db::open(&db.path().join("ldr.sqlite")).await.unwrap();
        let err = seed::load(&pool, &SeedSet::from_dir(dir.path()).unwrap()).await.expect_err(message).to_string();
        assert!(err.contains("frameworks.csv") && err.contains(message), "{message}: {err}");
        let loaded: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM assessment_frameworks").fetch_one(&pool).await.unwrap();
        assert_eq!(loaded, 0, "{message}: nothing loaded");
    }
}

/// Post the "open a quarter" form as the PMO; `confirm` is the "Open with a past deadline" button.
async fn open_with(pmo: &TestApp, period: &str, deadline: NaiveDate, confirm: bool) -> Response {
    let token = pmo.csrf_token("/periods").await;
    let (day, month, year) = (deadline.format("%-d").to_string(), deadline.format("%-m").to_string(), deadline.format("%Y").to_string());
    let mut fields = vec![
        ("csrf_token", token.as_str()),
        ("period", period),
        ("deadline-day", day.as_str()),
        ("deadline-month", month.as_str()),
        ("deadline-year", year.as_str()),
    ];
    if confirm {
        fields.push(("confirm", "past-deadline"));
    }
    pmo.post_form("/periods/open", &fields).await
}

#[tokio::test]
async fn a_return_in_a_2024_25_quarter_asks_the_wgll_pillars_scored_1_to_5() {
    let app = spawn_app().await;
    add_2024_25_quarters(&app).await;
    let pmo = app.another_person();
    pmo.login_as("pmo").await;
    let r = open_with(&pmo, "2024-25-q1", NaiveDate::from_ymd_opt(2024, 7, 31).unwrap(), true).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the PMO opens 2024/25 Q1");
    // Both the CCG and the acute trust take WGLL in 2024/25; the 2016 DMA is no longer asked.
    for (user, code) in [("cio.gccg", "11M"), ("cio.ghft", "RTE")] {
        let cio = app.another_person();
        cio.login_as(user).await;
        let path = format!("/returns/2024-25-q1/{code}");
        start(&cio, &path).await;
        let (status, html) = cio.get_page(&format!("{path}/sections/dma")).await;
        assert_eq!(status, StatusCode::OK, "{code}");
        assert!(html.contains("from 1 to 5") && html.contains("Well led"), "{code} asks the WGLL pillars");
        assert!(!html.contains("Records, Assessments"), "{code} is not asked the 2016 themes");
    }
    // The DMA page follows the same rule: 2016 scores are not shown as 2024/25's figures.
    let (_, html) = pmo.get_page("/dma?period=2024-25-q1").await;
    assert!(html.contains("No digital maturity scores have been recorded"), "{html}");
    let (_, html) = pmo.get_page("/dma?period=2016-17-q2").await;
    assert!(crate::support::row_containing(&html, "Records, Assessments").is_some_and(|r| r.contains("44")));
}

fn today() -> NaiveDate {
    Local::now().date_naive()
}

async fn windows(app: &TestApp) -> (i64, i64) {
    let windows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM period_windows").fetch_one(&app.pool).await.unwrap();
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'period.open'").fetch_one(&app.pool).await.unwrap();
    (windows, audited)
}

#[tokio::test]
async fn opening_a_quarter_with_yesterdays_deadline_writes_nothing_and_warns_keeping_the_date() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    let yesterday = today().checked_sub_days(Days::new(1)).unwrap();
    let r = open_with(&app, Q2, yesterday, false).await;
    assert_eq!(r.status(), StatusCode::OK, "a warning, not a refusal");
    let html = r.text().await.unwrap();
    assert_eq!(windows(&app).await, (0, 0), "nothing written");
    assert!(html.contains("nhsuk-warning-callout"), "{html}");
    let date = yesterday.format("%-d %B %Y").to_string();
    assert!(html.contains(&format!("The deadline {date} has already passed")), "{html}");
    assert!(html.contains("every return would be overdue as soon as the quarter opens"), "{html}");
    assert!(html.contains(">Open with a past deadline</button>"), "{html}");
    assert!(!html.contains("nhsuk-error-summary"), "a warning, not an error");
    assert!(html.contains("<option value=\"2016-17-q2\" selected>2016/17 Q2</option>"), "the quarter is kept");
    for (part, value) in [("day", yesterday.format("%-d")), ("month", yesterday.format("%-m")), ("year", yesterday.format("%Y"))] {
        let typed = format!("id=\"deadline-{part}\" name=\"deadline-{part}\" type=\"text\" inputmode=\"numeric\" value=\"{value}\"");
        assert!(html.contains(&typed), "the {part} is kept");
    }
}

#[tokio::test]
async fn confirming_a_past_deadline_opens_the_quarter() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    let r = open_with(&app, Q2, NaiveDate::from_ymd_opt(2016, 10, 31).unwrap(), true).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/periods");
    assert_eq!(windows(&app).await, (1, 1));
    let (_, html) = app.get_page("/periods").await;
    assert!(html.contains("31 October 2016 (returns are due by the end of the day)"));
}

#[tokio::test]
async fn a_deadline_of_today_or_later_opens_without_a_warning() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    let r = open_with(&app, Q2, today(), false).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "due by the end of today is not past");
    assert_eq!(windows(&app).await, (1, 1));
    let (_, html) = app.get_page("/periods").await;
    assert!(!html.contains("nhsuk-warning-callout"));
}

#[tokio::test]
async fn a_future_deadline_opens_without_a_warning() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    let next_month = today().checked_add_days(Days::new(30)).unwrap();
    let r = open_with(&app, Q2, next_month, false).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(windows(&app).await, (1, 1));
}
