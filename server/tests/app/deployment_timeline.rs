//! `/deployments`, the deployment timeline (issue 11): the seed's deployments and their count
//! by status per year worked out by hand from `seed/deployments.csv`, the filters, the CSV,
//! the quarter's versions (added, withdrawn), hostile titles, access and the query plan.

use reqwest::StatusCode;

use crate::deployments::{added, list, post_deployment, remove, row_of, started, EPMA, NEW};
use crate::returns::{complete_all, decide, submit, ORG_SECTIONS, RTE};
use crate::support::{spawn_app, TestApp};
use ldr_app::domain::{FootprintId, PeriodCode};
use ldr_server::db::deployment_timeline::timeline_sql;

const Q1: &str = "/deployments?period=2016-17-q1";
const TABLE: &str = "Each deployment with its years, status and where it came from";
const COUNTS: &str = "Number of deployments shown, by status, in each financial year";
const HOSTILE: &str = "=cmd|' /C calc'!A0 <script>alert(1)</script>";

/// Text of an HTML fragment: tags dropped (inline, no space added), entities read, spaces folded.
fn text(fragment: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in fragment.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The body rows of the table with this caption, each as its cells' text.
fn table(html: &str, caption: &str) -> Vec<Vec<String>> {
    let at = html.find(&format!(">{caption}</caption>")).unwrap_or_else(|| panic!("a table '{caption}'"));
    let body = html[at..].split("<tbody").nth(1).and_then(|b| b.split("</tbody>").next()).expect("a body");
    body.split("<tr")
        .skip(1)
        .map(|row| row.split("</tr>").next().unwrap_or_default())
        .map(|row| row.split("<t").skip(1).filter(|c| c.starts_with('d') || c.starts_with('h')).map(|c| text(&format!("<t{c}"))).collect())
        .collect()
}

fn titles(html: &str) -> Vec<String> {
    table(html, TABLE).into_iter().map(|r| r[2].clone()).collect()
}

async fn steering(app: &TestApp) -> TestApp {
    let s = app.another_person();
    s.login_as("steering").await;
    s
}

async fn page(app: &TestApp, path: &str) -> String {
    let (status, html) = app.get_page(path).await;
    assert_eq!(status, StatusCode::OK, "GET {path}: {}", text(&html).chars().take(400).collect::<String>());
    html
}

#[tokio::test]
async fn the_seeds_deployments_are_listed_with_their_statuses_and_counted_by_year_as_worked_out_by_hand() {
    let app = spawn_app().await;
    let s = steering(&app).await;
    let html = page(&s, Q1).await;
    let rows = table(&html, TABLE);
    assert_eq!(rows.len(), 20, "every deployment of seed/deployments.csv");
    let find = |title: &str| rows.iter().find(|r| r[2] == title).unwrap_or_else(|| panic!("{title}")).clone();
    assert_eq!(
        find("Electronic Care System (ECS)")[..6],
        ["SWASFT", "Records, Assessments & Plans", "Electronic Care System (ECS)", "2015/16", "2016/17", "Active"]
    );
    assert_eq!(find("Pathology test ordering")[3..6], ["—", "2018/19", "Aspirational"]);
    assert_eq!(find("e-PMA in paediatrics and oncology")[5], "Committed");
    assert!(find("Digital clinical notes in all specialties")[7].starts_with("LDR 2016 E2.8; loaded from the roadmap"));
    assert_eq!(rows[0][0], "GCCG", "organisations in the footprint's order");
    assert!(html.contains("A deployment counts in each financial year from its start year to its target year"));
    // By hand from the CSV: ECS x3 run 2015/16-2016/17; eight active, two committed (JUYI
    // Phase 1) and one aspirational (2gether's e-prescribing module) end in 2016/17; six
    // committed and two aspirational target 2017/18; pathology ordering targets 2018/19.
    let counts = table(&html, COUNTS);
    let expected = [
        ["2015/16", "3", "0", "0", "3"],
        ["2016/17", "8", "2", "1", "11"],
        ["2017/18", "0", "6", "2", "8"],
        ["2018/19", "0", "0", "1", "1"],
    ];
    assert_eq!(counts, expected.map(|r| r.map(String::from).to_vec()).to_vec());
    let svg = html.split("<div class=\"ldr-chart\">").nth(1).expect("the chart");
    assert_eq!(svg.matches("class=\"ldr-deployment-timeline__bar ").count(), 20, "a bar per deployment");
}

#[tokio::test]
async fn each_filter_alone_and_combined_narrows_the_table_and_is_kept_in_the_form_and_the_csv_link() {
    let app = spawn_app().await;
    let s = steering(&app).await;
    let cases: [(&str, usize); 5] = [
        ("&organisation=R1J", 4),
        ("&capability=medicines", 5),
        ("&status=aspirational", 4),
        ("&organisation=RTQ&capability=medicines", 2),
        ("&organisation=RTE&capability=records&status=committed", 1),
    ];
    for (query, n) in cases {
        let html = page(&s, &format!("{Q1}{query}")).await;
        assert_eq!(table(&html, TABLE).len(), n, "{query}");
        for pair in query.split('&').skip(1) {
            let (name, value) = pair.split_once('=').unwrap();
            assert!(html.contains(&format!("<option value=\"{value}\" selected")), "{name} kept in the form: {query}");
        }
        let csv_link = format!("href=\"/deployments.csv?period=2016-17-q1{query}\"").replace('&', "&amp;");
        assert!(html.contains(&csv_link), "{query}: {csv_link}");
        assert!(html.contains("<input type=\"hidden\" name=\"period\" value=\"2016-17-q1\""), "the quarter kept by the filters");
    }
    let html = page(&s, &format!("{Q1}&organisation=11M&status=active")).await;
    assert!(html.contains("No deployments match these filters."));
    let html = page(&s, &format!("{Q1}&organisation=&capability=&status=")).await;
    assert_eq!(table(&html, TABLE).len(), 20, "empty choices are all");
}

#[tokio::test]
async fn unknown_filter_values_are_refused_with_the_error_summary_not_a_server_error() {
    let app = spawn_app().await;
    let s = steering(&app).await;
    for path in [format!("{Q1}&organisation=XYZ&status=done"), "/deployments.csv?period=2016-17-q1&capability=%3Cb%3E".to_string()] {
        let (status, html) = s.get_page(&path).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert!(html.contains("nhsuk-error-summary") && html.contains("There is a problem"), "{path}");
        assert!(!html.contains(TABLE), "{path}: nothing shown that was not asked for");
        assert!(!html.contains("<b>"), "the typed value is escaped");
    }
    let (_, html) = s.get_page(&format!("{Q1}&organisation=XYZ&status=done")).await;
    assert!(html.contains("href=\"#filter-organisation\"") && html.contains("Choose an organisation from the list"));
    assert!(
        html.contains("href=\"#filter-status\"") && html.contains("<option value=\"XYZ\" selected"),
        "every problem, what was typed kept"
    );
    let (status, _) = s.get_page(&format!("{Q1}&status=active&status=committed")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a repeated field names no page");
}

#[tokio::test]
async fn the_csv_has_the_tables_headings_rows_and_words() {
    let app = spawn_app().await;
    let s = steering(&app).await;
    for query in ["", "&organisation=RYF", "&status=committed&capability=records"] {
        let html = page(&s, &format!("{Q1}{query}")).await;
        let r = s.get(&format!("/deployments.csv?period=2016-17-q1{query}")).await;
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
        assert!(r.headers()["content-disposition"].to_str().unwrap().contains("deployments-2016-17-q1.csv"));
        let body = r.text().await.unwrap();
        let mut reader = csv::Reader::from_reader(body.as_bytes());
        let headings: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(headings, ["Organisation", "Capability", "Title", "Start", "Target", "Status", "Delivered on", "Provenance"]);
        let csv_rows: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect();
        let page_rows: Vec<Vec<String>> =
            table(&html, TABLE).into_iter().map(|r| r.into_iter().map(|c| if c == "—" { String::new() } else { c }).collect()).collect();
        assert_eq!(csv_rows, page_rows, "{query}");
    }
}

/// GHFT's Q2 return adds NEW and a deployment with a hostile title and withdraws EPMA, and
/// the Steering Group approves it.
async fn approved_q2_changes(app: &TestApp) {
    let cio = started(app).await;
    assert_eq!(post_deployment(&cio, "new", &added()).await.status(), StatusCode::SEE_OTHER);
    let mut hostile = added();
    hostile[0] = ("title", HOSTILE);
    hostile[1] = ("capability", "records");
    assert_eq!(post_deployment(&cio, "new", &hostile).await.status(), StatusCode::SEE_OTHER);
    let n = row_of(&cio, EPMA).await;
    assert_eq!(remove(&cio, n).await.status(), StatusCode::SEE_OTHER, "{}", list());
    complete_all(&cio, RTE, &ORG_SECTIONS).await;
    assert_eq!(submit(&cio, RTE).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(decide(&steering(app).await, RTE, "approve", "").await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_deployment_shows_from_the_quarter_it_was_approved_in_and_a_withdrawn_one_stops_there() {
    let app = spawn_app().await;
    approved_q2_changes(&app).await;
    let s = steering(&app).await;
    let q2 = page(&s, "/deployments?period=2016-17-q2").await;
    let at_q2 = titles(&q2);
    assert!(at_q2.contains(&NEW.to_string()), "added at Q2");
    assert!(!at_q2.contains(&EPMA.to_string()), "withdrawn at Q2");
    let new = table(&q2, TABLE).into_iter().find(|r| r[2] == NEW).unwrap();
    assert!(new[7].starts_with("Quarterly return 2016/17 Q2"), "{new:?}");
    assert!(q2.contains("href=\"/returns/2016-17-q2/RTE/revisions/1\""), "the quarter's revision linked");
    let q1 = page(&s, Q1).await;
    let at_q1 = titles(&q1);
    assert!(!at_q1.contains(&NEW.to_string()), "not shown before the quarter it was recorded in");
    assert!(at_q1.contains(&EPMA.to_string()), "still shown before its withdrawal");
    assert_eq!(at_q1.len(), 20);
    assert_eq!(at_q2.len(), 21, "20 + 2 added - 1 withdrawn");
}

#[tokio::test]
async fn a_hostile_title_is_escaped_in_the_chart_and_table_and_defused_in_the_csv() {
    let app = spawn_app().await;
    approved_q2_changes(&app).await;
    let s = steering(&app).await;
    let html = page(&s, "/deployments?period=2016-17-q2").await;
    assert!(!html.contains("<script>alert(1)"), "no live script");
    let svg = html.split("<div class=\"ldr-chart\">").nth(1).and_then(|c| c.split("</svg>").next()).unwrap();
    assert!(
        svg.contains("<title>=cmd|&#39; /C calc&#39;!A0 &lt;script&gt;alert(1)&lt;/script&gt; (GHFT): Committed, 2017/18</title>"),
        "the whole title in the bar's tooltip, escaped: {svg}"
    );
    assert!(titles(&html).contains(&HOSTILE.to_string()), "the table shows it as typed");
    let body = s.get("/deployments.csv?period=2016-17-q2&capability=records").await.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let cells: Vec<String> = reader.records().map(|r| r.unwrap()[2].to_string()).collect();
    assert!(cells.contains(&format!("'{HOSTILE}")), "a formula is defused: {cells:?}");
}

#[tokio::test]
async fn the_cio_the_pmo_and_a_reviewer_read_the_timeline_and_a_stranger_is_sent_to_sign_in() {
    let app = spawn_app().await;
    for who in ["cio.ghft", "pmo", "reviewer", "steering"] {
        let person = app.another_person();
        person.login_as(who).await;
        let html = page(&person, Q1).await;
        assert!(html.contains("Deployment timeline") && titles(&html).len() == 20, "{who}");
        assert_eq!(person.get("/deployments.csv").await.status(), StatusCode::OK, "{who}: CSV");
    }
    let stranger = app.another_person();
    assert_eq!(stranger.get("/deployments").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(stranger.get("/deployments.csv").await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_timeline_is_one_statement_that_seeks_each_deployments_latest_version() {
    let app = spawn_app().await;
    let period: PeriodCode = "2016-17-q2".parse().unwrap();
    let explain = format!("EXPLAIN QUERY PLAN {}", timeline_sql(FootprintId(1), period));
    let lines: Vec<String> =
        sqlx::query_as::<_, (i64, i64, i64, String)>(&explain).fetch_all(&app.pool).await.unwrap().into_iter().map(|r| r.3).collect();
    let scans = |alias: &str| lines.iter().any(|l| l == &format!("SCAN {alias}") || l.starts_with(&format!("SCAN {alias} ")));
    assert!(!scans("f") && !scans("g"), "no scan of deployment_versions: {lines:#?}");
    assert!(!scans("d") && !scans("o"), "deployments and organisations by index: {lines:#?}");
    assert!(lines.iter().any(|l| l.starts_with("SEARCH g") && l.contains("deployment_versions_as_at")), "{lines:#?}");
}

#[tokio::test]
async fn the_schema_refuses_a_deployment_that_starts_after_its_target() {
    let app = spawn_app().await;
    let r = sqlx::query(
        "INSERT INTO deployment_versions (deployment_id, period_id, title, start_year, target_year, status, source, period_key)
         SELECT id, (SELECT id FROM reporting_periods WHERE code = '2016-17-q2'), 'Backwards', 2018, 2017, 'active', 'test', 20162
         FROM deployments LIMIT 1",
    )
    .execute(&app.pool)
    .await;
    assert!(r.is_err(), "a start after the target never reaches the timeline");
}

#[tokio::test]
async fn changing_the_quarter_keeps_the_filters_chosen() {
    let app = spawn_app().await;
    app.login_as("reviewer").await;
    let (status, html) = app.get_page("/deployments?status=committed").await;
    assert_eq!(status, StatusCode::OK);
    let selector = &html[html.find("class=\"ldr-period-selector\"").expect("the period selector")..];
    let selector = &selector[..selector.find("</form>").unwrap()];
    assert!(selector.contains(r#"name="status" value="committed""#), "{selector}");
    assert!(!selector.contains(r#"name="organisation""#), "only the filters chosen");
}
