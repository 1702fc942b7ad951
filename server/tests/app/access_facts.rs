//! The audit log and the periods read as facts: typed values that serialise to JSON and say
//! what the pages say; times written by Rust in the columns' own format; and the header's
//! audit link following the access policy.

use chrono::NaiveDateTime;
use serde_json::Value;

use ldr_server::db::audit_log::{self, AuditFilter};
use ldr_server::db::{footprints, periods};

use crate::returns::open_quarter;
use crate::support::{row_containing, spawn_app, strip_tags, TestApp};

async fn glos(app: &TestApp) -> ldr_app::domain::FootprintId {
    footprints::by_code(&app.pool, "GLOS").await.unwrap().expect("the seed's footprint").id
}

#[tokio::test]
async fn an_audit_entry_serialises_with_its_values_typed_and_the_page_shows_the_same() {
    let app = spawn_app().await;
    open_quarter(&app, "2016-17-q2").await;
    let entries = audit_log::page(&app.pool, glos(&app).await, &AuditFilter { kind: Some("period.open".into()), ..Default::default() }, 10)
        .await
        .unwrap();
    let entry = entries.first().expect("the opening is in the log");
    let json = serde_json::to_value(entry).unwrap();

    // Values stay JSON, not text made for a page.
    assert_eq!(json["after"]["deadline"], Value::from("2016-10-31"), "{json}");
    assert_eq!(json["after"]["period"], Value::from("2016-17-q2"));
    assert_eq!(json["before"], Value::Null);
    assert_eq!(json["role"], Value::from("pmo"));
    let at: NaiveDateTime = serde_json::from_value(json["at"].clone()).expect("a timestamp");

    app.login_as("pmo").await;
    let (_, html) = app.get_page("/audit?kind=period.open").await;
    let row = strip_tags(&row_containing(&html, "Quarter opened for returns").expect("the row"));
    assert!(row.contains("deadline") && row.contains("2016-10-31"), "{row}");
    assert!(row.contains(&at.format("%H:%M").to_string()), "the same time: {row}");
}

#[tokio::test]
async fn the_filters_choices_are_facts_the_page_labels() {
    let app = spawn_app().await;
    let choices = audit_log::filter_options(&app.pool, glos(&app).await).await.unwrap();
    let json = serde_json::to_value(&choices).unwrap();
    let ghft = json["organisations"].as_array().unwrap().iter().find(|o| o["code"] == "RTE").expect("GHFT is a choice");
    assert_eq!(ghft["short_name"], Value::from("GHFT"), "a name, not a label: {ghft}");
    assert!(json["people"].as_array().unwrap().iter().any(|p| p["username"] == "pmo"), "{json}");

    app.login_as("steering").await;
    let (_, html) = app.get_page("/audit").await;
    assert!(html.contains(">GHFT (RTE)</option>"), "the page labels the organisation");
}

#[tokio::test]
async fn the_default_period_is_the_newest_of_the_selectors_choices_with_headline_figures() {
    let app = spawn_app().await;
    let fp = glos(&app).await;
    let latest = periods::latest_with_figures(&app.pool, fp).await.unwrap().expect("the seed has figures");
    let choices = periods::periods_with_figures(&app.pool, fp).await.unwrap();
    assert!(choices.contains(&latest), "the default is one of the choices");
    assert!(choices.windows(2).all(|w| w[0].code > w[1].code), "newest first");
    let json = serde_json::to_value(latest).unwrap();
    assert_eq!(json["code"], Value::from(latest.code.to_string()));
}

#[tokio::test]
async fn times_written_from_rust_have_the_column_defaults_format() {
    let app = spawn_app().await;
    open_quarter(&app, "2016-17-q2").await;
    let pmo = app.another_person();
    pmo.login_as("pmo").await;
    let token = pmo.csrf_token("/periods").await;
    pmo.post_form("/periods/close", &[("csrf_token", token.as_str())]).await;
    let (opened, closed): (String, String) =
        sqlx::query_as("SELECT opened_at, closed_at FROM period_windows ORDER BY id DESC LIMIT 1").fetch_one(&app.pool).await.unwrap();
    let logged: String = sqlx::query_scalar("SELECT at FROM audit_log ORDER BY id DESC LIMIT 1").fetch_one(&app.pool).await.unwrap();
    let seeded: String = sqlx::query_scalar("SELECT at FROM audit_log ORDER BY id LIMIT 1").fetch_one(&app.pool).await.unwrap();
    for stamp in [&opened, &closed, &logged, &seeded] {
        assert!(NaiveDateTime::parse_from_str(stamp, "%Y-%m-%d %H:%M:%S").is_ok(), "{stamp:?} is `YYYY-MM-DD HH:MM:SS`");
    }
    let windows = periods::windows(&app.pool, glos(&app).await).await.unwrap();
    let json = serde_json::to_value(&windows[0]).unwrap();
    assert_eq!(json["closed_at"].as_str().map(|s| s.replace('T', " ")), Some(closed), "{json}");
}

#[tokio::test]
async fn the_header_links_to_the_audit_log_only_for_those_the_policy_lets_read_it() {
    let app = spawn_app().await;
    for (username, links) in [("pmo", true), ("steering", true), ("reviewer", true), ("cio.ghft", false)] {
        let person = app.another_person();
        person.login_as(username).await;
        let (_, html) = person.get_page("/").await;
        // A reviewer's links carry the footprint they read (`/audit?footprint=GLOS`).
        assert_eq!(html.contains("href=\"/audit"), links, "{username}");
    }
}
