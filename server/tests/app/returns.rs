//! Quarterly returns end to end over HTTP: a CIO starts, fills and submits a return, the PMO
//! sends it back, the CIO resubmits, the Steering Group approves, the dashboard changes, and
//! an amendment goes round again. Plus validation, conflicts and the audit trail.

use reqwest::StatusCode;

use crate::forms::{form_values, set, value};
use crate::support::{spawn_app, strip_tags, TestApp};

pub const Q2: &str = "2016-17-q2";
pub const RTE: &str = "/returns/2016-17-q2/RTE";

/// The PMO opens a quarter for returns (through the real /periods form), with a deadline of
/// 31 October 2016: long past, so confirmed with the "Open with a past deadline" button.
pub async fn open_quarter(app: &TestApp, period: &str) {
    let pmo = app.another_person();
    pmo.login_as("pmo").await;
    let token = pmo.csrf_token("/periods").await;
    let fields = [
        ("csrf_token", token.as_str()),
        ("period", period),
        ("deadline-day", "31"),
        ("deadline-month", "10"),
        ("deadline-year", "2016"),
        ("confirm", "past-deadline"),
    ];
    let r = pmo.post_form("/periods/open", &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "PMO opens {period}");
}

pub async fn post(app: &TestApp, path: &str, fields: &[(String, String)]) -> reqwest::Response {
    app.client.post(app.url(path)).form(fields).send().await.expect("POST")
}

/// A form on a page, as the browser would submit it untouched.
pub async fn form(app: &TestApp, page: &str, action: &str) -> Vec<(String, String)> {
    let (status, html) = app.get_page(page).await;
    assert_eq!(status, StatusCode::OK, "GET {page}");
    form_values(&html, action)
}

pub async fn start(app: &TestApp, path: &str) {
    let fields = form(app, path, &format!("{path}/start")).await;
    let r = post(app, &format!("{path}/start"), &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "start {path}");
}

/// Fill what the last approved figures left blank, mark the section complete, save.
pub async fn complete_section(app: &TestApp, path: &str, slug: &str, changes: &[(&str, &str)]) {
    let action = format!("{path}/sections/{slug}");
    let mut fields = form(app, &action, &action).await;
    // An aim already marked "no data" is answered: its completeness stays blank.
    let no_data: Vec<String> = fields.iter().filter_map(|(n, _)| n.strip_prefix("no-data-")).map(|a| format!("completeness-{a}")).collect();
    for (name, v) in fields.iter_mut() {
        let blank = v.is_empty();
        if blank && ["plan-", "completeness-", "measure-", "goal-"].iter().any(|p| name.starts_with(p)) && !no_data.contains(name) {
            *v = "50".into();
        }
        if blank && name.starts_with("rag-") {
            *v = "amber".into();
        }
        if blank && name == "commentary" {
            *v = "On track this quarter.".into();
        }
    }
    for (name, v) in changes {
        set(&mut fields, name, v);
    }
    set(&mut fields, "completed", "yes");
    let r = post(app, &action, &fields).await;
    let status = r.status();
    let body = r.text().await.unwrap();
    assert_eq!(status, StatusCode::SEE_OTHER, "save {slug}: {}", strip_tags(&body).chars().take(600).collect::<String>());
}

pub async fn complete_all(app: &TestApp, path: &str, slugs: &[&str]) {
    for slug in slugs {
        complete_section(app, path, slug, &[]).await;
    }
}

/// GHFT's CIO starts, completes (with these DMA fields) and submits the 2016/17 Q2 return in
/// a quarter the PMO opens; returns the return's path, ready for a decision.
pub async fn ghft_submits_q2(app: &TestApp, dma: &[(&str, &str)]) -> String {
    open_quarter(app, Q2).await;
    let cio = app.another_person();
    cio.login_as("cio.ghft").await;
    let path = format!("/returns/{Q2}/RTE");
    start(&cio, &path).await;
    complete_section(&cio, &path, "dma", dma).await;
    complete_all(&cio, &path, &["trajectory", "aims", "deployments", "measures"]).await;
    complete_section(&cio, &path, "commentary", &[("commentary", "Records moved on.")]).await;
    assert_eq!(submit(&cio, &path).await.status(), StatusCode::SEE_OTHER);
    path
}

pub const ORG_SECTIONS: [&str; 6] = ["dma", "trajectory", "aims", "deployments", "measures", "commentary"];

pub async fn submit(app: &TestApp, path: &str) -> reqwest::Response {
    let fields = form(app, path, &format!("{path}/submit")).await;
    post(app, &format!("{path}/submit"), &fields).await
}

pub async fn decide(app: &TestApp, path: &str, decision: &str, comment: &str) -> reqwest::Response {
    let mut fields = form(app, path, &format!("{path}/decision")).await;
    set(&mut fields, "decision", decision);
    set(&mut fields, "comment", comment);
    post(app, &format!("{path}/decision"), &fields).await
}

async fn state_of(app: &TestApp, org: &str, revision: i64) -> String {
    sqlx::query_scalar(
        "SELECT r.state FROM returns r JOIN organisations o ON o.id = r.organisation_id
         JOIN reporting_periods p ON p.id = r.period_id WHERE o.code = ? AND p.code = ? AND r.revision = ?",
    )
    .bind(org)
    .bind(Q2)
    .bind(revision)
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

async fn audit_actions(app: &TestApp) -> Vec<(String, String, String)> {
    sqlx::query_as(
        "SELECT a.action, a.actor, COALESCE(a.role, '') FROM audit_log a JOIN organisations o ON o.id = a.organisation_id
         WHERE a.entity = 'return' AND o.code = 'RTE' ORDER BY a.id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

async fn official_records_score(app: &TestApp) -> Option<(Option<f64>, Option<i64>, String)> {
    sqlx::query_as(
        "SELECT s.score, s.approved_by, s.source FROM dma_scores s JOIN organisations o ON o.id = s.organisation_id
         JOIN themes t ON t.id = s.theme_id JOIN reporting_periods p ON p.id = s.period_id
         WHERE o.code = 'RTE' AND t.code = 'records' AND p.code = ?",
    )
    .bind(Q2)
    .fetch_optional(&app.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_return_goes_from_draft_to_approved_and_then_through_an_amendment() {
    let app = spawn_app().await;
    open_quarter(&app, Q2).await;
    let cio = app.another_person();
    cio.login_as("cio.ghft").await;

    // Not started; starting copies the last approved figures (GHFT Records 12 in 2016/17 Q1).
    let (_, html) = cio.get_page(RTE).await;
    assert!(html.contains("Not started"));
    start(&cio, RTE).await;
    let dma = form(&cio, &format!("{RTE}/sections/dma"), &format!("{RTE}/sections/dma")).await;
    assert_eq!(value(&dma, "score-records"), Some("12"), "prefilled from the approved baseline");

    // Submitting with sections left to do is refused, naming them; nothing changes.
    let r = submit(&cio, RTE).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("nhsuk-error-summary") && body.contains("Digital maturity scores is not marked as completed"), "{body}");
    assert_eq!(state_of(&app, "RTE", 1).await, "draft");

    complete_section(&cio, RTE, "dma", &[("score-records", "30")]).await;
    complete_all(&cio, RTE, &ORG_SECTIONS[1..]).await;
    let r = submit(&cio, RTE).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(state_of(&app, "RTE", 1).await, "submitted");

    // A replayed submit is refused and changes nothing.
    let fields = vec![("csrf_token".to_string(), cio.csrf_token(RTE).await), ("version".to_string(), "1".to_string())];
    let r = post(&cio, &format!("{RTE}/submit"), &fields).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);

    // The queue shows it; the review compares with the last approved and flags the rise.
    let steering = app.another_person();
    steering.login_as("steering").await;
    let (_, queue) = steering.get_page("/returns").await;
    assert!(queue.contains("Waiting for a decision") && queue.contains(&format!("href=\"{RTE}\"")));
    // The chase list: the deadline (31 October 2016) has passed; RTE has submitted, GCS has not.
    let chase = |name: &str| crate::support::row_containing(&queue, name).unwrap_or_else(|| panic!("{name} on the chase list"));
    assert!(chase("Gloucestershire Care Services").contains("Not started") && chase("Gloucestershire Care Services").contains("Overdue"));
    let rte = chase("Gloucestershire Hospitals");
    assert!(rte.contains("Submitted") && !rte.contains("Overdue") && rte.contains("CIO, Gloucestershire Hospitals"), "{rte}");
    let (_, review) = steering.get_page(RTE).await;
    let row = crate::support::row_containing(&review, "Records, Assessments").expect("records change listed");
    let text = strip_tags(&row);
    assert!(text.contains("12") && text.contains("30") && text.contains("+18") && text.contains("Large rise"), "{text}");

    // The PMO may return it but not approve it; returning needs a comment.
    let pmo = app.another_person();
    pmo.login_as("pmo").await;
    assert_eq!(decide(&pmo, RTE, "approve", "").await.status(), StatusCode::FORBIDDEN);
    let r = decide(&pmo, RTE, "return", "").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Enter comments saying what needs to change"));
    assert_eq!(decide(&pmo, RTE, "return", "Records jumped 18 points: please confirm.").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(state_of(&app, "RTE", 1).await, "returned");

    // The CIO sees the comment, changes a section (back to draft) and resubmits.
    let (_, html) = cio.get_page(RTE).await;
    assert!(html.contains("Records jumped 18 points: please confirm."));
    complete_section(&cio, RTE, "dma", &[("score-records", "28")]).await;
    assert_eq!(state_of(&app, "RTE", 1).await, "draft");
    assert_eq!(submit(&cio, RTE).await.status(), StatusCode::SEE_OTHER);

    // Until approved, dashboards keep the approved figures (Q1) and nothing is official for Q2.
    assert!(official_records_score(&app).await.is_none());
    assert_eq!(decide(&steering, RTE, "approve", "").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(state_of(&app, "RTE", 1).await, "approved");
    let (score, approved_by, source) = official_records_score(&app).await.expect("official Q2 score");
    assert_eq!(score, Some(28.0));
    assert!(approved_by.is_some());
    assert_eq!(source, "Quarterly return 2016/17 Q2, revision 1");

    // The organisation page now defaults to Q2 and shows the figure with its provenance.
    let (_, page) = steering.get_page("/organisations/RTE").await;
    let row = strip_tags(&crate::support::row_containing(&page, "Records, Assessments").unwrap());
    assert!(row.contains("28"), "{row}");
    assert!(page.contains(&format!("href=\"{RTE}/revisions/1\"")), "figures link to the return revision");
    let (_, dashboard) = steering.get_page("/").await;
    assert!(
        dashboard.contains("href=\"/organisations/RTE?period=2016-17-q2#theme-records\">28</a>"),
        "heatmap figure links to its provenance"
    );
    assert!(page.contains("id=\"theme-records\""));
    // As at Q2, the other organisations' latest approved figures (Q1) still stand: GCS's
    // Records is 58, not "not assessed", and the national average of 44 is still the reference.
    let records = crate::support::row_containing(&dashboard, "Records, Assessments").expect("records row");
    assert!(records.contains("44") && records.contains("28") && records.contains("58") && !records.contains("Not assessed"), "{records}");

    // Amending: a new revision through the same chain; revision 1 stays readable.
    let amend = form(&cio, RTE, &format!("{RTE}/amend")).await;
    assert_eq!(post(&cio, &format!("{RTE}/amend"), &amend).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(state_of(&app, "RTE", 2).await, "draft");
    complete_section(&cio, RTE, "dma", &[("score-records", "29")]).await;
    assert_eq!(submit(&cio, RTE).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(decide(&steering, RTE, "approve", "Thanks").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(official_records_score(&app).await.unwrap().0, Some(29.0));
    let (status, old) = steering.get_page(&format!("{RTE}/revisions/1")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(old.contains("earlier revision") && old.contains("Approved"));

    // Every write is in the audit log with who and in what role.
    let actions = audit_actions(&app).await;
    let names: Vec<&str> = actions.iter().map(|(a, _, _)| a.as_str()).collect();
    for expected in ["return.start", "return.save_section", "return.submit", "return.return", "return.approve", "return.amend"] {
        assert!(names.contains(&expected), "{expected} audited: {names:?}");
    }
    assert!(actions.contains(&("return.return".into(), "pmo".into(), "pmo".into())));
    assert!(actions.contains(&("return.approve".into(), "steering".into(), "steering".into())));
    assert!(actions.iter().filter(|(a, _, _)| a == "return.save_section").all(|(_, who, role)| who == "cio.ghft" && role == "cio"));
}

#[tokio::test]
async fn a_refused_save_writes_nothing_and_keeps_what_was_typed() {
    let app = spawn_app().await;
    open_quarter(&app, Q2).await;
    app.login_as("cio.ghft").await;
    start(&app, RTE).await;
    let action = format!("{RTE}/sections/dma");
    let audit_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log").fetch_one(&app.pool).await.unwrap();
    let payload_before: String =
        sqlx::query_scalar("SELECT payload FROM return_sections WHERE section = 'dma'").fetch_one(&app.pool).await.unwrap();

    let cases: [(&str, &str, &str); 4] = [
        ("score-records", "150", "Score for Records, Assessments &amp; Plans must be a whole step from 0 to 100"),
        ("score-orders", "forty", "Score for Orders &amp; Results Management must be a whole step"),
        ("score-medicines", "33.5", "Score for Medicines Management &amp; Optimisation must be a whole step"),
        ("score-bogus-theme", "50", "does not ask ('score-bogus-theme')"),
    ];
    for (field, typed, message) in cases {
        let mut fields = form(&app, &action, &action).await;
        set(&mut fields, "score-transfers", "77"); // a valid change alongside: must not be saved either
        set(&mut fields, field, typed);
        set(&mut fields, "completed", "no");
        let r = post(&app, &action, &fields).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}={typed}");
        let html = r.text().await.unwrap();
        assert!(html.contains("nhsuk-error-summary") && html.contains(message), "{field}: {message}");
        if !field.contains("bogus") {
            assert!(html.contains(&format!("value=\"{typed}\"")), "keeps {typed}");
            assert!(html.contains("value=\"77\""), "keeps the other change too");
        }
    }
    // Marking complete with a blank score is refused per field.
    let mut fields = form(&app, &action, &action).await;
    set(&mut fields, "score-records", "");
    set(&mut fields, "completed", "yes");
    let r = post(&app, &action, &fields).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Enter a score for Records, Assessments &amp; Plans, or select not assessed"));

    let audit_after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log").fetch_one(&app.pool).await.unwrap();
    let payload_after: String =
        sqlx::query_scalar("SELECT payload FROM return_sections WHERE section = 'dma'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(audit_before, audit_after, "nothing audited");
    assert_eq!(payload_before, payload_after, "nothing saved");
}

#[tokio::test]
async fn a_second_save_from_a_stale_form_is_refused_and_shows_what_changed() {
    let app = spawn_app().await;
    open_quarter(&app, Q2).await;
    app.login_as("cio.ghft").await;
    start(&app, RTE).await;
    let colleague = app.another_person();
    colleague.login_as("cio.ghft").await;
    let action = format!("{RTE}/sections/dma");
    let mut mine = form(&app, &action, &action).await;
    let mut theirs = form(&colleague, &action, &action).await;

    set(&mut theirs, "score-records", "40");
    set(&mut theirs, "completed", "no");
    assert_eq!(post(&colleague, &action, &theirs).await.status(), StatusCode::SEE_OTHER);

    set(&mut mine, "score-records", "35");
    set(&mut mine, "completed", "no");
    let r = post(&app, &action, &mine).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let html = r.text().await.unwrap();
    assert!(html.contains("Somebody else saved this section"));
    let row = strip_tags(&crate::support::row_containing(&html, "Records, Assessments").unwrap());
    assert!(row.contains("40") && row.contains("35"), "shows theirs and mine: {row}");
    assert!(html.contains("value=\"35\""), "keeps what I typed");
    let saved: String = sqlx::query_scalar("SELECT payload FROM return_sections WHERE section = 'dma'").fetch_one(&app.pool).await.unwrap();
    assert!(saved.contains("\"records\":{\"score\":40.0}"), "their save stands: {saved}");

    // Saving again from the conflict page is a deliberate overwrite, and is allowed.
    let again = form_values(&html, &action);
    assert_eq!(post(&app, &action, &again).await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_return_cannot_start_unless_its_quarter_is_open() {
    let app = spawn_app().await;
    app.login_as("cio.ghft").await;
    let (status, html) = app.get_page(RTE).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("not open for returns") && !html.contains(&format!("action=\"{RTE}/start\"")));
    let token = app.csrf_token(RTE).await;
    let r = app.post_form(&format!("{RTE}/start"), &[("csrf_token", &token)]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM returns").fetch_one(&app.pool).await.unwrap();
    assert_eq!(n, 0);
}

#[tokio::test]
async fn each_organisation_gets_the_sections_its_kind_reports() {
    let app = spawn_app().await;
    open_quarter(&app, Q2).await;
    // (CIO, organisation code, sections on the task list, sections it must not have)
    let cases: [(&str, &str, &[&str], &[&str]); 4] = [
        ("cio.ghft", "RTE", &["Digital maturity scores", "Capability trajectory", "Universal capability aims", "Other measures"], &[]),
        // The 81 practices take no DMA: no scores or trajectory, but aims and measures.
        (
            "cio.primarycare",
            "GLOS-PC",
            &["Universal capability aims", "Other measures", "Capability deployments"],
            &["Digital maturity scores", "Capability trajectory"],
        ),
        // No DMA was in force for a commissioner in 2016/17 (WGLL came in 2024/25), and it
        // reports no measures.
        (
            "cio.gccg",
            "11M",
            &["Universal capability aims", "Capability deployments"],
            &["Digital maturity scores", "Capability trajectory", "Other measures"],
        ),
        ("cio.gcc", "E10000013", &["Digital maturity scores", "Other measures"], &[]),
    ];
    for (user, code, has, lacks) in cases {
        let cio = app.another_person();
        cio.login_as(user).await;
        let path = format!("/returns/{Q2}/{code}");
        start(&cio, &path).await;
        let (_, html) = cio.get_page(&path).await;
        for title in has {
            assert!(html.contains(&format!(">{title}</a>")), "{code} has {title}");
        }
        for title in lacks {
            assert!(!html.contains(&format!(">{title}</a>")), "{code} has no {title}");
        }
    }
}
