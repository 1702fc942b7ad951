//! The return forms as a person fills them: every problem of a section in one round, a
//! commentary that must say something, aims whose figure is "no data", and completeness
//! percentages shown as whole numbers.

use reqwest::StatusCode;

use crate::forms::{set, value};
use crate::returns::{complete_all, complete_section, decide, form, open_quarter, post, start, submit, ORG_SECTIONS, Q2};
use crate::support::{row_containing, spawn_app, strip_tags, TestApp};

const RTQ: &str = "/returns/2016-17-q2/RTQ";
const GLOS: &str = "/returns/2016-17-q2/GLOS";

/// Post a section's form with `changes`, marked complete; the response's status and page.
async fn save_completed(app: &TestApp, path: &str, slug: &str, changes: &[(&str, &str)]) -> (StatusCode, String) {
    let action = format!("{path}/sections/{slug}");
    let mut fields = form(app, &action, &action).await;
    for (name, v) in changes {
        set(&mut fields, name, v);
    }
    set(&mut fields, "completed", "yes");
    let r = post(app, &action, &fields).await;
    (r.status(), r.text().await.unwrap())
}

/// The messages in the page's error summary, in order.
fn summary_messages(html: &str) -> Vec<String> {
    let Some(start) = html.find("nhsuk-error-summary__list") else { return vec![] };
    let list = &html[start..start + html[start..].find("</ul>").unwrap()];
    list.split("<li>").skip(1).map(strip_tags).collect()
}

#[tokio::test]
async fn a_format_error_and_a_blank_score_are_reported_in_the_same_round() {
    let app = spawn_app().await;
    open_quarter(&app, Q2).await;
    app.login_as("cio.2gether").await;
    start(&app, RTQ).await;
    let payload_before: String =
        sqlx::query_scalar("SELECT payload FROM return_sections WHERE section = 'dma'").fetch_one(&app.pool).await.unwrap();

    let (status, html) = save_completed(&app, RTQ, "dma", &[("score-records", "abc"), ("score-transfers", "")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let messages = summary_messages(&html);
    assert!(messages.iter().any(|m| m.contains("Score for Records, Assessments & Plans must be a whole step")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("Enter a score for Transfers Of Care, or select not assessed")), "{messages:?}");
    // One message per field: the field with a format error is not also "missing".
    assert!(!messages.iter().any(|m| m.contains("Enter a score for Records")), "{messages:?}");
    assert!(html.contains("value=\"abc\""), "keeps what was typed");
    let payload_after: String =
        sqlx::query_scalar("SELECT payload FROM return_sections WHERE section = 'dma'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(payload_before, payload_after, "nothing saved");
}

#[tokio::test]
async fn a_bad_completeness_and_an_aim_left_not_rated_are_reported_in_the_same_round() {
    let app = spawn_app().await;
    open_quarter(&app, Q2).await;
    app.login_as("cio.2gether").await;
    start(&app, RTQ).await;
    let action = format!("{RTQ}/sections/aims");
    let fields = form(&app, &action, &action).await;
    let aims: Vec<String> = fields.iter().filter_map(|(n, _)| n.strip_prefix("completeness-")).map(str::to_string).collect::<Vec<_>>();
    let (first, second) = (&aims[0], &aims[1]);
    // Every other aim answered, so the only gaps are the two made here.
    let mut changes: Vec<(String, String)> = Vec::new();
    for a in &aims {
        changes.push((format!("completeness-{a}"), "40".into()));
        changes.push((format!("rag-{a}"), "amber".into()));
    }
    changes.push((format!("completeness-{first}"), "lots".into()));
    changes.push((format!("rag-{second}"), String::new()));
    let changes: Vec<(&str, &str)> = changes.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let (status, html) = save_completed(&app, RTQ, "aims", &changes).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let messages = summary_messages(&html);
    assert_eq!(
        messages,
        vec![format!("Completeness of aim {first} must be a number, like 75"), format!("Select a RAG status for aim {second}")],
        "both problems at once, one each"
    );
}

#[tokio::test]
async fn an_empty_commentary_cannot_be_marked_complete() {
    let app = spawn_app().await;
    open_quarter(&app, Q2).await;
    app.login_as("cio.2gether").await;
    start(&app, RTQ).await;
    let (status, html) = save_completed(&app, RTQ, "commentary", &[("commentary", "   ")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(summary_messages(&html), vec!["Enter a commentary for the Steering Group".to_string()]);
    let (status, _) = save_completed(&app, RTQ, "commentary", &[("commentary", "On track, but Transfers of Care is late.")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_return_stored_with_an_empty_commentary_marked_complete_cannot_be_submitted() {
    let app = spawn_app().await;
    open_quarter(&app, Q2).await;
    app.login_as("cio.2gether").await;
    start(&app, RTQ).await;
    complete_all(&app, RTQ, &ORG_SECTIONS).await;
    // As saved before completed commentaries had to say something.
    sqlx::query("UPDATE return_sections SET payload = '{\"text\":\"\"}', status = 'completed' WHERE section = 'commentary'")
        .execute(&app.pool)
        .await
        .unwrap();

    let (_, page) = app.get_page(RTQ).await;
    assert!(page.contains("You have completed 5 of 6 sections"), "{}", strip_tags(&page));
    let r = submit(&app, RTQ).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Enter a commentary for the Steering Group"), "{}", strip_tags(&html));
    let state: String = sqlx::query_scalar("SELECT state FROM returns").fetch_one(&app.pool).await.unwrap();
    assert_eq!(state, "draft");
}

/// Footprint completeness of an aim as approved for Q2 (outer None: no row).
async fn official_completeness(app: &TestApp, aim: &str) -> Option<Option<f64>> {
    sqlx::query_scalar(
        "SELECT ap.completeness FROM aim_progress ap JOIN aims a ON a.id = ap.aim_id JOIN reporting_periods p ON p.id = ap.period_id
         WHERE ap.organisation_id IS NULL AND a.code = ? AND p.code = ?",
    )
    .bind(aim)
    .bind(Q2)
    .fetch_optional(&app.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn an_aim_with_no_data_is_saved_approved_and_shown_as_no_data_never_as_zero() {
    let app = spawn_app().await;
    open_quarter(&app, Q2).await;
    app.login_as("pmo").await;
    start(&app, GLOS).await;
    let action = format!("{GLOS}/sections/footprint-aims");

    // The roadmap's "no data" for 8a and 8b carries into the new return, ticked.
    let fields = form(&app, &action, &action).await;
    assert_eq!(value(&fields, "no-data-8a"), Some("yes"), "8a starts as no data");
    assert_eq!(value(&fields, "no-data-8b"), Some("yes"), "8b starts as no data");
    assert_eq!(value(&fields, "no-data-9a"), None, "9a has a figure");

    // A figure and "no data" together is refused, per field, with the rest in the same round.
    let (status, html) = save_completed(&app, GLOS, "footprint-aims", &[("completeness-8a", "0"), ("rag-9a", "")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let messages = summary_messages(&html);
    assert!(messages.contains(&"Enter the completeness of aim 8a or select no data, not both".to_string()), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("Select a RAG status for aim 9a")), "{messages:?}");

    // 9a's figure becomes "no data" too: a change the reviewers see.
    complete_section(&app, GLOS, "footprint-aims", &[("no-data-9a", "yes"), ("completeness-9a", "")]).await;
    complete_section(&app, GLOS, "commentary", &[]).await;
    assert_eq!(submit(&app, GLOS).await.status(), StatusCode::SEE_OTHER);
    // Submitted, the section reads as a table.
    let (_, read_only) = app.get_page(&action).await;
    let row = row_containing(&read_only, "8a:").expect("8a row in the read-only table");
    assert!(row.contains("No data") && !row.contains(" 0 %"), "{row}");

    let steering = app.another_person();
    steering.login_as("steering").await;
    let (_, review) = steering.get_page(GLOS).await;
    let change = row_containing(&review, "Aim 9a completeness").expect("9a's change listed");
    assert!(change.contains("57 %") && change.contains("No data"), "{change}");
    assert!(row_containing(&review, "Aim 8a completeness").is_none(), "no data before and after: no change");
    assert_eq!(decide(&steering, GLOS, "approve", "").await.status(), StatusCode::SEE_OTHER);

    assert_eq!(official_completeness(&app, "8a").await, Some(None), "no data is NULL");
    assert_eq!(official_completeness(&app, "9a").await, Some(None));
    let pages: [(&str, &[&str]); 3] = [
        ("/?period=2016-17-q2", &["8a", "8b", "9a"]),
        ("/capabilities/8?period=2016-17-q2", &["8a", "8b"]),
        ("/capabilities/9?period=2016-17-q2", &["9a"]),
    ];
    for (page, aims) in pages {
        let (status, html) = steering.get_page(page).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        for aim in aims {
            let row = row_containing(&html, &format!("{aim} ")).unwrap_or_else(|| panic!("{page}: a row for {aim}"));
            assert!(row.contains("No data") && !row.contains(" 0 %"), "{page} {aim}: {row}");
        }
    }
}

#[tokio::test]
async fn completeness_averages_are_whole_percentages() {
    let app = spawn_app().await;
    app.login_as("steering").await;
    let (_, html) = app.get_page("/capabilities").await;
    // Capability 5: (80 + 25 + 25) / 3 = 43.33; capability 9: (57 + 48 + 13 + 83) / 4 = 50.25.
    let five = row_containing(&html, "GPs receive timely electronic discharge summaries").expect("capability 5's row");
    assert!(five.contains("43 %") && !five.contains("43.33"), "{five}");
    let nine = row_containing(&html, "GPs and community pharmacists").expect("capability 9's row");
    assert!(nine.contains("50 %") && !nine.contains("50.25"), "{nine}");
    let text = strip_tags(&html);
    let two_decimals = text.split_whitespace().any(|w| {
        w.split_once('.').is_some_and(|(a, b)| {
            !a.is_empty() && a.chars().all(|c| c.is_ascii_digit()) && b.len() == 2 && b.chars().all(|c| c.is_ascii_digit())
        })
    });
    assert!(!two_decimals, "no two-decimal percentage on the page: {text}");
}
