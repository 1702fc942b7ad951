//! `/audit`: who may read the log, what each filter shows, paging, how values are written
//! out (escaped), that another footprint's entries stay hidden, and that the log stays
//! append-only underneath.

use reqwest::StatusCode;
use serde_json::{json, Value};

use ldr_app::domain::{FootprintId, OrgId, PeriodId, UserId};
use ldr_server::db::audit::{self, Actor, Entry};

use crate::support::{row_containing, spawn_app, TestApp};

/// What one test entry concerns; `marker` is its entity id, to find its row on the page.
struct Change<'a> {
    action: &'a str,
    marker: &'a str,
    organisation: Option<&'a str>,
    period: Option<&'a str>,
    before: Option<Value>,
    after: Option<Value>,
}

impl<'a> Change<'a> {
    fn new(action: &'a str, marker: &'a str) -> Self {
        Change { action, marker, organisation: None, period: None, before: None, after: None }
    }
}

async fn id_of(app: &TestApp, sql: &str, code: &str) -> i64 {
    sqlx::query_scalar(sql).bind(code).fetch_one(&app.pool).await.unwrap_or_else(|e| panic!("{sql} {code}: {e}"))
}

/// Append an entry as the PMO, through the same function the app writes with, in the
/// footprint `footprint` (by code).
async fn record_in(app: &TestApp, footprint: &str, change: Change<'_>) {
    let fp = id_of(app, "SELECT id FROM footprints WHERE code = ?", footprint).await;
    let pmo = id_of(app, "SELECT id FROM users WHERE username = ?", "pmo").await;
    let organisation = match change.organisation {
        Some(code) => Some(OrgId(id_of(app, "SELECT id FROM organisations WHERE code = ?", code).await)),
        None => None,
    };
    let period = match change.period {
        Some(code) => Some(PeriodId(id_of(app, "SELECT id FROM reporting_periods WHERE code = ?", code).await)),
        None => None,
    };
    let actor = Actor { user_id: Some(UserId(pmo)), name: "pmo".into(), role: Some("pmo".into()) };
    let entry = Entry {
        action: change.action,
        entity: "return",
        entity_id: Some(change.marker.to_string()),
        before: change.before,
        after: change.after,
        footprint: Some(FootprintId(fp)),
        organisation,
        period,
    };
    let mut tx = app.pool.begin().await.unwrap();
    audit::append(&mut tx, &actor, entry).await.unwrap();
    tx.commit().await.unwrap();
}

async fn record(app: &TestApp, change: Change<'_>) {
    record_in(app, "GLOS", change).await;
}

/// The number of entries in the page's table (rows less the heading row).
fn entry_count(html: &str) -> usize {
    html.matches("<tr class=\"nhsuk-table__row\">").count().saturating_sub(1)
}

/// Three entries across two organisations, two quarters and two kinds of change.
async fn record_three(app: &TestApp) {
    let mut a = Change::new("return.submit", "marker-rte-q1");
    a.organisation = Some("RTE");
    a.period = Some("2016-17-q1");
    let mut b = Change::new("return.approve", "marker-r1j-q1");
    b.organisation = Some("R1J");
    b.period = Some("2016-17-q1");
    let mut c = Change::new("return.submit", "marker-rte-q2");
    c.organisation = Some("RTE");
    c.period = Some("2016-17-q2");
    for change in [a, b, c] {
        record(app, change).await;
    }
}

#[tokio::test]
async fn the_pmo_steering_group_and_reviewers_read_the_log_and_cios_are_refused() {
    let app = spawn_app().await;
    record_three(&app).await;
    for (username, expected) in [
        ("pmo", StatusCode::OK),
        ("steering", StatusCode::OK),
        ("reviewer", StatusCode::OK),
        ("cio.ghft", StatusCode::FORBIDDEN),
        ("cio.gcc", StatusCode::FORBIDDEN),
    ] {
        let person = app.another_person();
        person.login_as(username).await;
        let (status, html) = person.get_page("/audit").await;
        assert_eq!(status, expected, "{username} GET /audit");
        if expected == StatusCode::OK {
            assert!(html.contains("<h1>Audit log</h1>"), "{username}");
            assert!(html.contains("marker-rte-q1"), "{username} sees the footprint's entries");
            assert!(html.contains("Account added"), "{username} sees the demo accounts being added");
        } else {
            assert!(!html.contains("marker-rte-q1"), "nothing of the log leaks to {username}");
        }
    }
}

#[tokio::test]
async fn each_entry_says_who_did_what_where_and_when_newest_first() {
    let app = spawn_app().await;
    record_three(&app).await;
    app.login_as("pmo").await;
    let (_, html) = app.get_page("/audit").await;
    let row = row_containing(&html, "marker-r1j-q1").expect("the approval's row");
    for part in ["Programme Office (PMO)", "PMO", "Return approved", "GCS (R1J)", "2016/17 Q1"] {
        assert!(row.contains(part), "{part} in {row}");
    }
    let sign_in = row_containing(&html, "Signed in").expect("the PMO's own sign-in");
    assert!(sign_in.contains("PMO"), "a sign-in shows the account's role: {sign_in}");
    let newest = html.find("marker-rte-q2").unwrap();
    assert!(newest < html.find("marker-rte-q1").unwrap(), "newest first");
}

#[tokio::test]
async fn each_filter_shows_only_matching_entries_and_keeps_its_choice() {
    let app = spawn_app().await;
    record_three(&app).await;
    app.login_as("pmo").await;
    app.another_person().login_as("steering").await;
    // (query, markers shown, markers hidden, the option kept selected)
    let cases = [
        ("organisation=RTE", vec!["marker-rte-q1", "marker-rte-q2"], vec!["marker-r1j-q1", "Signed in"], "value=\"RTE\" selected"),
        ("period=2016-17-q1", vec!["marker-rte-q1", "marker-r1j-q1"], vec!["marker-rte-q2"], "value=\"2016-17-q1\" selected"),
        (
            "kind=return.submit",
            vec!["marker-rte-q1", "marker-rte-q2"],
            vec!["marker-r1j-q1", "Account added"],
            "value=\"return.submit\" selected",
        ),
        (
            "organisation=RTE&period=2016-17-q2",
            vec!["marker-rte-q2"],
            vec!["marker-rte-q1", "marker-r1j-q1"],
            "value=\"2016-17-q2\" selected",
        ),
        ("user=steering", vec!["Steering Group member"], vec!["marker-rte-q1", "Programme Office (PMO)"], "value=\"steering\" selected"),
        ("user=STEERING&kind=session.sign_in", vec!["Signed in"], vec!["marker-rte-q1"], "value=\"session.sign_in\" selected"),
    ];
    for (query, shown, hidden, kept) in cases {
        let (status, html) = app.get_page(&format!("/audit?{query}")).await;
        assert_eq!(status, StatusCode::OK, "{query}");
        for s in shown {
            assert!(row_containing(&html, s).is_some(), "{query} shows {s}");
        }
        for h in hidden {
            assert!(row_containing(&html, h).is_none(), "{query} hides {h}");
        }
        assert!(html.contains(kept), "{query} keeps {kept}");
    }
    let (_, by_user) = app.get_page("/audit?user=steering").await;
    assert_eq!(entry_count(&by_user), 2, "only the steering member's own: setting up the second factor, then signing in");
}

#[tokio::test]
async fn unknown_filter_values_match_nothing_and_a_bad_page_position_is_not_found() {
    let app = spawn_app().await;
    record_three(&app).await;
    app.login_as("pmo").await;
    for query in ["organisation=NOPE", "user=nobody", "period=1999-00-q9", "kind=%3Cscript%3E", "before=0", "before=-5"] {
        let (status, html) = app.get_page(&format!("/audit?{query}")).await;
        assert_eq!(status, StatusCode::OK, "{query}");
        assert!(html.contains("No audit entries match these filters."), "{query}");
        assert!(!html.contains("<script>"), "{query} is escaped");
    }
    for query in ["before=abc", "before=1.5", "user=a&user=b"] {
        let (status, _) = app.get_page(&format!("/audit?{query}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{query}");
    }
}

#[tokio::test]
async fn more_than_fifty_entries_page_through_older_entries_with_the_filters_kept() {
    let app = spawn_app().await;
    let markers: Vec<String> = (1..=60).map(|i| format!("page-marker-{i:02}")).collect();
    for m in &markers {
        record(&app, Change::new("return.save_section", m)).await;
    }
    app.login_as("pmo").await;
    let (_, first) = app.get_page("/audit?kind=return.save_section").await;
    assert_eq!(entry_count(&first), 50);
    assert!(first.contains("page-marker-60") && !first.contains("page-marker-10<"), "the newest fifty");
    let start = first.find("href=\"/audit?kind=return.save_section&amp;before=").expect("an older-entries link with the filter");
    let href = first[start + 6..].split('"').next().unwrap().replace("&amp;", "&");
    assert!(first[start..].contains(">Older entries</a>"));

    let (status, second) = app.get_page(&href).await;
    assert_eq!(status, StatusCode::OK, "{href}");
    assert_eq!(entry_count(&second), 10, "the remaining ten");
    assert!(second.contains("page-marker-01") && !second.contains("page-marker-11<"));
    assert!(!second.contains("Older entries"), "no page after the last");
    let newest = second.find(">Newest entries</a>").expect("a link back to the newest entries");
    let tag = &second[second[..newest].rfind("<a ").unwrap()..newest];
    assert!(tag.contains("href=\"/audit?kind=return.save_section\""), "keeps the filter, drops the position: {tag}");
}

#[tokio::test]
async fn values_before_and_after_are_written_out_and_long_ones_fold_away() {
    let app = spawn_app().await;
    let mut short = Change::new("return.submit", "marker-short");
    short.before = Some(json!({ "state": "draft", "version": 3 }));
    short.after = Some(json!({ "state": "submitted", "version": 4, "late": false }));
    record(&app, short).await;
    let mut long = Change::new("return.save_section", "marker-long");
    long.after = Some(json!({ "a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": [1, 2] }));
    record(&app, long).await;
    app.login_as("pmo").await;
    let (_, html) = app.get_page("/audit").await;
    let row = row_containing(&html, "marker-short").unwrap();
    for part in ["state : draft", "version : 3", "state : submitted", "version : 4", "late : no"] {
        assert!(row.contains(part), "{part} in {row}");
    }
    let row = row_containing(&html, "marker-long").unwrap();
    assert!(row.contains("Show 6 values after"), "{row}");
    assert!(row.contains("f : [1,2]"), "{row}");
    assert!(html.contains("<details class=\"nhsuk-details"));
}

#[tokio::test]
async fn recorded_values_are_escaped() {
    let app = spawn_app().await;
    let mut change = Change::new("return.submit", "marker-xss");
    change.after = Some(json!({ "comment": "<script>alert(1)</script>" }));
    change.before = Some(json!("<img src=x onerror=alert(2)>"));
    record(&app, change).await;
    app.login_as("pmo").await;
    let (_, html) = app.get_page("/audit").await;
    assert!(!html.contains("<script>alert(1)"));
    assert!(!html.contains("<img src=x"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[tokio::test]
async fn another_footprints_entries_are_not_shown() {
    let app = spawn_app().await;
    sqlx::query("INSERT INTO footprints (code, name) VALUES ('WILTS', 'Wiltshire')").execute(&app.pool).await.unwrap();
    sqlx::query(
        "INSERT INTO organisations (footprint_id, code, code_type, name, short_name, kind)
         SELECT id, 'RNZ', 'ods', 'Salisbury NHS Foundation Trust', 'SFT', 'acute' FROM footprints WHERE code = 'WILTS'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let mut away = Change::new("return.approve", "marker-wilts");
    away.organisation = Some("RNZ");
    away.period = Some("2017-18-q3");
    record_in(&app, "WILTS", away).await;
    record(&app, Change::new("return.approve", "marker-glos")).await;
    app.login_as("pmo").await;
    let (_, html) = app.get_page("/audit").await;
    assert!(html.contains("marker-glos"));
    assert!(!html.contains("marker-wilts"), "another footprint's entry");
    assert!(!html.contains("RNZ") && !html.contains("2017/18 Q3"), "nor its organisation or period as a choice");
    let (_, html) = app.get_page("/audit?organisation=RNZ").await;
    assert!(html.contains("No audit entries match these filters."));
}

#[tokio::test]
async fn the_audit_log_still_refuses_updates_and_deletes() {
    let app = spawn_app().await;
    record(&app, Change::new("return.submit", "marker-kept")).await;
    let update = sqlx::query("UPDATE audit_log SET actor = 'someone else' WHERE entity_id = 'marker-kept'").execute(&app.pool).await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = sqlx::query("DELETE FROM audit_log WHERE entity_id = 'marker-kept'").execute(&app.pool).await;
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    let actor: String =
        sqlx::query_scalar("SELECT actor FROM audit_log WHERE entity_id = 'marker-kept'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(actor, "pmo");
}
