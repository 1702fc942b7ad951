//! `/periods`: the PMO opens and closes quarters for returns, audited; everybody else who may
//! read it cannot change it. And the dashboards' `?period=` selector.

use reqwest::{Response, StatusCode};

use crate::support::{location, spawn_app, TestApp};

/// Post the "open a quarter" form as the signed-in person, with the page's own CSRF token.
/// These deadlines (2016) are long past, so the "Open with a past deadline" button is pressed.
async fn open_quarter(app: &TestApp, period: &str, day: &str, month: &str, year: &str) -> Response {
    let token = app.csrf_token("/periods").await;
    let fields = [
        ("csrf_token", token.as_str()),
        ("period", period),
        ("deadline-day", day),
        ("deadline-month", month),
        ("deadline-year", year),
        ("confirm", "past-deadline"),
    ];
    app.post_form("/periods/open", &fields).await
}

async fn close_quarter(app: &TestApp) -> Response {
    let token = app.csrf_token("/periods").await;
    app.post_form("/periods/close", &[("csrf_token", token.as_str())]).await
}

/// (period_windows rows, audit rows about them): what a refused request must leave alone.
async fn written(app: &TestApp) -> (i64, i64) {
    let windows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM period_windows").fetch_one(&app.pool).await.unwrap();
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE entity = 'period_window'").fetch_one(&app.pool).await.unwrap();
    (windows, audited)
}

/// The audit row of an action: (footprint code, period code, after_json).
async fn audit_row(app: &TestApp, action: &str) -> (String, String, String) {
    sqlx::query_as(
        "SELECT f.code, p.code, a.after_json FROM audit_log a
         JOIN footprints f ON f.id = a.footprint_id JOIN reporting_periods p ON p.id = a.period_id
         WHERE a.action = ? ORDER BY a.id DESC LIMIT 1",
    )
    .bind(action)
    .fetch_one(&app.pool)
    .await
    .unwrap_or_else(|e| panic!("an audit row for {action}: {e}"))
}

#[tokio::test]
async fn the_pmo_opens_a_quarter_and_it_is_shown_and_audited() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    let (status, html) = app.get_page("/periods").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("No quarter is open for returns."));
    assert!(html.contains("<option value=\"2016-17-q2\">2016/17 Q2</option>"), "every reporting period is offered");

    let r = open_quarter(&app, "2016-17-q2", "31", "10", "2016").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/periods");

    let (_, html) = app.get_page("/periods").await;
    assert!(html.contains("31 October 2016 (returns are due by the end of the day)"), "{html}");
    assert!(html.contains("by Programme Office (PMO)"));
    assert!(html.contains(">Close quarter</button>"));
    assert!(html.contains("href=\"/returns\""));
    let (footprint, period, after) = audit_row(&app, "period.open").await;
    assert_eq!((footprint.as_str(), period.as_str()), ("GLOS", "2016-17-q2"));
    assert!(after.contains("\"deadline\":\"2016-10-31\""), "{after}");
}

#[tokio::test]
async fn a_second_quarter_cannot_be_opened_while_one_is_open() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    assert_eq!(open_quarter(&app, "2016-17-q2", "31", "10", "2016").await.status(), StatusCode::SEE_OTHER);
    let before = written(&app).await;

    let r = open_quarter(&app, "2016-17-q3", "31", "1", "2017").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("<a href=\"#period\">Close 2016/17 Q2 before opening another quarter</a>"), "{html}");
    assert!(html.contains("<option value=\"2016-17-q3\" selected>"), "the choice is kept");
    assert_eq!(written(&app).await, before, "nothing written");
}

#[tokio::test]
async fn invalid_quarters_and_deadlines_are_refused_keeping_what_was_typed() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    // (period, day, month, year, message, field linked from the error summary)
    let cases = [
        ("", "31", "10", "2016", "Select the quarter to open", "period"),
        ("2099-00-q1", "31", "10", "2016", "Select a quarter from the list", "period"),
        ("2016-17-q2", "", "", "", "Enter the deadline for returns", "deadline-day"),
        ("2016-17-q2", "31", "", "2016", "Deadline must include a month", "deadline-month"),
        ("2016-17-q2", "31", "9", "2016", "Deadline must be a real date", "deadline-day"),
        ("2016-17-q2", "30", "6", "2016", "Deadline must be on or after the start of 2016/17 Q2 (1 July 2016)", "deadline-day"),
    ];
    for (period, day, month, year, message, field) in cases {
        let r = open_quarter(&app, period, day, month, year).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        let html = r.text().await.unwrap();
        assert!(html.contains(&format!("<a href=\"#{field}\">{message}</a>")), "{message}: {html}");
        assert!(html.contains("nhsuk-form-group--error") && html.contains("nhsuk-error-message"), "{message}");
        for (part, value) in [("day", day), ("month", month), ("year", year)] {
            let typed = format!("id=\"deadline-{part}\" name=\"deadline-{part}\" type=\"text\" inputmode=\"numeric\" value=\"{value}\"");
            assert!(html.contains(&typed), "{message}: the {part} is kept");
        }
    }
    assert_eq!(written(&app).await, (0, 0), "nothing written");
}

#[tokio::test]
async fn the_pmo_closes_the_open_quarter_and_it_is_audited() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    assert_eq!(open_quarter(&app, "2016-17-q2", "31", "10", "2016").await.status(), StatusCode::SEE_OTHER);
    let r = close_quarter(&app).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/periods");

    let (_, html) = app.get_page("/periods").await;
    assert!(html.contains("No quarter is open for returns."));
    let row = crate::support::row_containing(&html, "2016/17 Q2").expect("the window in the history");
    assert!(row.contains("31 October 2016") && row.matches("by Programme Office (PMO)").count() == 2, "{row}");
    let (footprint, period, after) = audit_row(&app, "period.close").await;
    assert_eq!((footprint.as_str(), period.as_str()), ("GLOS", "2016-17-q2"));
    assert!(after.contains("closed_at"), "{after}");

    // Another quarter may be opened now.
    assert_eq!(open_quarter(&app, "2016-17-q3", "31", "1", "2017").await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn steering_and_reviewers_read_the_periods_but_cannot_change_them() {
    let app = spawn_app().await;
    let pmo = app.another_person();
    pmo.login_as("pmo").await;
    assert_eq!(open_quarter(&pmo, "2016-17-q2", "31", "10", "2016").await.status(), StatusCode::SEE_OTHER);
    let before = written(&app).await;
    for username in ["steering", "reviewer"] {
        let person = app.another_person();
        person.login_as(username).await;
        let (status, html) = person.get_page("/periods").await;
        assert_eq!(status, StatusCode::OK, "{username}");
        assert!(html.contains("31 October 2016"), "{username} sees the open quarter");
        assert!(!html.contains("/periods/open") && !html.contains("/periods/close"), "{username} sees no forms");
        assert_eq!(open_quarter(&person, "2016-17-q3", "31", "1", "2017").await.status(), StatusCode::FORBIDDEN, "{username}");
        assert_eq!(close_quarter(&person).await.status(), StatusCode::FORBIDDEN, "{username}");
    }
    assert_eq!(written(&app).await, before, "nothing written");
}

#[tokio::test]
async fn a_cio_may_not_see_or_change_the_periods() {
    let app = spawn_app().await;
    app.login_as("cio.ghft").await;
    let (status, html) = app.get_page("/periods").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(html.contains("You do not have access to this page"));
    let token = app.csrf_token("/").await;
    let r = app.post_form("/periods/close", &[("csrf_token", token.as_str())]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn opening_a_quarter_without_the_csrf_token_is_refused() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    let fields = [("period", "2016-17-q2"), ("deadline-day", "31"), ("deadline-month", "10"), ("deadline-year", "2016")];
    let r = app.post_form("/periods/open", &fields).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("Your request could not be processed"));
    assert_eq!(written(&app).await, (0, 0));
}

#[tokio::test]
async fn the_dashboard_shows_the_period_asked_for() {
    let app = spawn_app().await;
    app.login_as("steering").await;
    let (status, html) = app.get_page("/?period=2016-17-q1").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Figures for 2016/17 Q1"));
    assert!(html.contains("<label class=\"nhsuk-label\" for=\"show-period\">Show figures for</label>"));
    assert!(html.contains("<option value=\"2016-17-q1\" selected>2016/17 Q1</option>"), "{html}");
    // An empty choice is the default: the latest period with figures.
    assert_eq!(app.get_page("/?period=").await.0, StatusCode::OK);
}

#[tokio::test]
async fn an_unknown_period_is_not_found_on_every_dashboard_page() {
    let app = spawn_app().await;
    app.login_as("reviewer").await;
    for page in ["/", "/organisations/RTE", "/capabilities", "/capabilities/9", "/dma"] {
        for period in ["2099-00-q9", "2030-31-q1", "last"] {
            let path = format!("{page}?period={period}");
            assert_eq!(app.get_page(&path).await.0, StatusCode::NOT_FOUND, "{path}");
        }
    }
}

#[tokio::test]
async fn every_dashboard_page_keeps_the_chosen_period_selected() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    for page in ["/", "/organisations/RTE", "/capabilities", "/capabilities/9", "/dma"] {
        let (status, html) = app.get_page(&format!("{page}?period=2016-17-q1")).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(html.contains(&format!("action=\"{page}\" method=\"get\"")), "{page}: the selector reloads this page");
        assert!(html.contains("<option value=\"2016-17-q1\" selected>2016/17 Q1</option>"), "{page}");
    }
    // A later quarter with no returns yet shows the figures as at then (the Q1 baseline still
    // stands), and the selector keeps it selected.
    let (status, html) = app.get_page("/dma?period=2016-17-q3").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("No digital maturity scores have been recorded"));
    assert!(crate::support::row_containing(&html, "Records, Assessments").is_some_and(|r| r.contains("44")));
    assert!(html.contains("<option value=\"2016-17-q3\" selected>2016/17 Q3</option>"), "{html}");
}
