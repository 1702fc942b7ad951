//! The deployments section of a return: one row per deployment with its own change and remove
//! forms, an NHS date input for the delivery date, and approval that versions deployments by
//! quarter (a change or a withdrawal shows from the approval's quarter on, never before).

use reqwest::StatusCode;

use crate::forms::{set, value};
use crate::returns::{complete_all, complete_section, decide, form, open_quarter, post, start, submit, ORG_SECTIONS, Q2, RTE};
use crate::support::{location, row_containing, spawn_app, strip_tags, TestApp};

const FIRST: &str = "TrakCare EPR (Smartcare) first stage: PAS";
pub const EPMA: &str = "e-PMA in paediatrics and oncology";
pub const NEW: &str = "Robotic pharmacy dispensing";

pub fn list() -> String {
    format!("{RTE}/sections/deployments")
}

/// A CIO of GHFT with the Q2 return started.
pub async fn started(app: &TestApp) -> TestApp {
    open_quarter(app, Q2).await;
    let cio = app.another_person();
    cio.login_as("cio.ghft").await;
    start(&cio, RTE).await;
    cio
}

/// The row number (in the change link) of the deployment titled `title` on the section page.
pub async fn row_of(app: &TestApp, title: &str) -> usize {
    let (_, html) = app.get_page(&list()).await;
    let at = html.find(&format!(">{}<", title.replace('&', "&amp;"))).unwrap_or_else(|| panic!("{title} listed"));
    let marker = format!("href=\"{}/", list());
    let link = at + html[at..].find(&marker).expect("a change link after the title") + marker.len();
    html[link..].split('"').next().unwrap().parse().expect("row number")
}

/// Fill and post one deployment's form (`n` a row number, or "new").
pub async fn post_deployment(app: &TestApp, n: &str, changes: &[(&str, &str)]) -> reqwest::Response {
    let action = format!("{}/{n}", list());
    let mut fields = form(app, &action, &action).await;
    for (name, v) in changes {
        set(&mut fields, name, v);
    }
    post(app, &action, &fields).await
}

pub async fn remove(app: &TestApp, n: usize) -> reqwest::Response {
    let action = format!("{}/{n}/remove", list());
    let fields = form(app, &list(), &action).await;
    post(app, &action, &fields).await
}

pub fn added() -> Vec<(&'static str, &'static str)> {
    vec![
        ("title", NEW),
        ("capability", "medicines"),
        ("target", "2017"),
        ("status", "committed"),
        ("delivered-day", ""),
        ("delivered-month", ""),
        ("delivered-year", ""),
    ]
}

fn delivered_on_30_9_2016() -> Vec<(&'static str, &'static str)> {
    vec![("status", "active"), ("delivered-day", "30"), ("delivered-month", "9"), ("delivered-year", "2016")]
}

#[tokio::test]
async fn a_cio_adds_changes_and_removes_deployments_each_with_its_own_form() {
    let app = spawn_app().await;
    let cio = started(&app).await;
    let (status, html) = cio.get_page(&list()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Add a deployment") && html.contains(FIRST));
    // One row per deployment, not one form per deployment.
    assert!(!html.contains("name=\"d1-title\""), "no stacked forms");

    let r = post_deployment(&cio, "new", &added()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", strip_tags(&r.text().await.unwrap()));
    assert_eq!(location(&r), list());
    let (_, html) = cio.get_page(&list()).await;
    let row = row_containing(&html, NEW).expect("the new deployment is listed");
    assert!(row.contains("2017/18") && row.contains("Committed"), "{row}");

    let n = row_of(&cio, FIRST).await;
    let (_, one) = cio.get_page(&format!("{}/{n}", list())).await;
    assert_eq!(one.matches("<form").count() - 1, 1, "editing one deployment shows one form (besides sign out)");
    let r = post_deployment(&cio, &n.to_string(), &delivered_on_30_9_2016()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = cio.get_page(&list()).await;
    let row = row_containing(&html, FIRST).unwrap();
    assert!(row.contains("30 September 2016") && row.contains("Active"), "{row}");

    // Removing is reversible until the return is approved.
    let n = row_of(&cio, EPMA).await;
    assert_eq!(remove(&cio, n).await.status(), StatusCode::SEE_OTHER);
    let (_, html) = cio.get_page(&list()).await;
    assert!(row_containing(&html, EPMA).unwrap().contains("Removed"));
    let action = format!("{}/{n}/restore", list());
    let fields = form(&cio, &list(), &action).await;
    assert_eq!(post(&cio, &action, &fields).await.status(), StatusCode::SEE_OTHER);
    let (_, html) = cio.get_page(&list()).await;
    assert!(!row_containing(&html, EPMA).unwrap().contains("Removed"));

    // A form from before those saves is refused (the section's version), saving nothing.
    let action = format!("{}/{n}", list());
    let mut stale = form(&cio, &action, &action).await;
    set(&mut stale, "version", "1");
    set(&mut stale, "title", "Stale title");
    assert_eq!(post(&cio, &action, &stale).await.status(), StatusCode::CONFLICT);
    let (_, html) = cio.get_page(&list()).await;
    assert!(!html.contains("Stale title"));
}

#[tokio::test]
async fn an_impossible_delivery_date_is_refused_with_every_problem_and_what_was_typed() {
    let app = spawn_app().await;
    let cio = started(&app).await;
    let n = row_of(&cio, FIRST).await;
    let changes = [("title", ""), ("delivered-day", "31"), ("delivered-month", "02"), ("delivered-year", "2017")];
    let r = post_deployment(&cio, &n.to_string(), &changes).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    let summary = html.split("nhsuk-error-summary__list").nth(1).expect("error summary");
    assert!(summary.contains("href=\"#delivered-day\"") && summary.contains("Date delivered must be a real date"), "{summary}");
    assert!(summary.contains("Enter a title"), "every problem in one round: {summary}");
    let typed = crate::forms::form_values(&html, &format!("{}/{n}", list()));
    assert_eq!(value(&typed, "delivered-day"), Some("31"));
    assert_eq!(value(&typed, "delivered-month"), Some("02"));
    assert_eq!(value(&typed, "delivered-year"), Some("2017"));
    assert!(html.contains("nhsuk-date-input__input nhsuk-input--width-2 nhsuk-input--error"), "the date's fields are marked");

    // Incomplete: the NHS message names what is missing.
    let r = post_deployment(&cio, &n.to_string(), &[("delivered-day", "3"), ("delivered-month", ""), ("delivered-year", "2017")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Date delivered must include a month"));
    let (_, html) = cio.get_page(&list()).await;
    assert!(!row_containing(&html, FIRST).unwrap().contains("2017"), "nothing was saved");
}

#[tokio::test]
async fn approval_versions_deployments_by_quarter() {
    let app = spawn_app().await;
    let cio = started(&app).await;
    assert_eq!(post_deployment(&cio, "new", &added()).await.status(), StatusCode::SEE_OTHER);
    let n = row_of(&cio, FIRST).await;
    assert_eq!(post_deployment(&cio, &n.to_string(), &delivered_on_30_9_2016()).await.status(), StatusCode::SEE_OTHER);
    let n = row_of(&cio, EPMA).await;
    assert_eq!(remove(&cio, n).await.status(), StatusCode::SEE_OTHER);
    complete_all(&cio, RTE, &ORG_SECTIONS).await;
    assert_eq!(submit(&cio, RTE).await.status(), StatusCode::SEE_OTHER);
    let steering = app.another_person();
    steering.login_as("steering").await;
    assert_eq!(decide(&steering, RTE, "approve", "").await.status(), StatusCode::SEE_OTHER);

    let (_, q2) = steering.get_page("/organisations/RTE?period=2016-17-q2").await;
    let first = row_containing(&q2, FIRST).expect("changed deployment at Q2");
    assert!(first.contains("Delivered 30 September 2016") && first.contains("Quarterly return 2016/17 Q2"), "{first}");
    assert!(row_containing(&q2, NEW).is_some(), "the added deployment shows from Q2");
    assert!(row_containing(&q2, EPMA).is_none(), "the removed deployment is withdrawn at Q2");

    let (_, q1) = steering.get_page("/organisations/RTE?period=2016-17-q1").await;
    let first = row_containing(&q1, FIRST).expect("original deployment at Q1");
    assert!(!first.contains("Delivered") && !first.contains("Quarterly return"), "Q1 shows the roadmap's figures: {first}");
    assert!(row_containing(&q1, NEW).is_none(), "Q2's deployment does not leak into Q1");
    assert!(row_containing(&q1, EPMA).is_some(), "the withdrawn deployment still shows at Q1");

    // An amendment starts from the deployments as at Q2: the withdrawn one is gone.
    let amend = form(&cio, RTE, &format!("{RTE}/amend")).await;
    assert_eq!(post(&cio, &format!("{RTE}/amend"), &amend).await.status(), StatusCode::SEE_OTHER);
    let (_, html) = cio.get_page(&list()).await;
    assert!(html.contains(NEW) && !html.contains(EPMA));
    assert!(row_containing(&html, FIRST).unwrap().contains("30 September 2016"));
    complete_section(&cio, RTE, "deployments", &[]).await;
}

/// Dates written 2016-09-30 or 30/09/2016 in a page's visible text.
fn numeric_dates(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')').collect();
    let digits = |s: &str, n: std::ops::RangeInclusive<usize>| n.contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit());
    words
        .into_iter()
        .filter(|w| {
            let dashes: Vec<&str> = w.split('-').collect();
            let slashes: Vec<&str> = w.split('/').collect();
            (dashes.len() == 3 && digits(dashes[0], 4..=4) && digits(dashes[1], 1..=2) && digits(dashes[2], 1..=2))
                || (slashes.len() == 3 && digits(slashes[0], 1..=2) && digits(slashes[1], 1..=2) && digits(slashes[2], 4..=4))
        })
        .map(str::to_string)
        .collect()
}

/// The page's visible text; on /audit, its timestamps only (the values before and after a
/// change are the record as written, which the audit page presents on its own terms).
fn shown_dates(path: &str, html: &str) -> String {
    if path != "/audit" {
        return strip_tags(html);
    }
    html.split("<time")
        .skip(1)
        .map(|t| strip_tags(&format!("<time{}", t.split("</time>").next().unwrap_or_default())))
        .collect::<Vec<_>>()
        .join(" ")
}

#[tokio::test]
async fn every_page_shows_dates_as_30_september_2016() {
    let app = spawn_app().await;
    let cio = started(&app).await;
    let n = row_of(&cio, FIRST).await;
    assert_eq!(post_deployment(&cio, &n.to_string(), &delivered_on_30_9_2016()).await.status(), StatusCode::SEE_OTHER);
    complete_all(&cio, RTE, &ORG_SECTIONS).await;
    assert_eq!(submit(&cio, RTE).await.status(), StatusCode::SEE_OTHER);
    let steering = app.another_person();
    steering.login_as("steering").await;
    // Submitted: the section reads as a table; the review compares with the approved figures.
    let pages = [list(), RTE.to_string(), "/returns".into(), "/periods".into(), "/audit".into()];
    for path in &pages {
        let (status, html) = steering.get_page(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let text = shown_dates(path, &html);
        assert_eq!(numeric_dates(&text), Vec::<String>::new(), "{path} shows dates in another format");
        if path == &list() || path == RTE {
            assert!(text.contains("30 September 2016"), "{path} shows the delivery date");
        }
    }
    assert_eq!(decide(&steering, RTE, "approve", "").await.status(), StatusCode::SEE_OTHER);
    for path in ["/organisations/RTE", "/audit"] {
        let text = shown_dates(path, &steering.get_page(path).await.1);
        assert_eq!(numeric_dates(&text), Vec::<String>::new(), "{path} shows dates in another format");
    }
    assert!(strip_tags(&steering.get_page("/organisations/RTE").await.1).contains("Delivered 30 September 2016"));
}
