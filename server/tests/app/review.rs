//! The review page as the people who decide read it (commentary and narratives first, the
//! comparison by section with flagged figures first, what changed since it was returned, the
//! whole decision history), and the audit log's section saves written out in words.

use reqwest::StatusCode;

use crate::returns::{complete_all, complete_section, decide, open_quarter, start, submit, ORG_SECTIONS, Q2, RTE};
use crate::support::{row_containing, spawn_app, strip_tags, TestApp};

const COMMENTARY: &str = "EPR go-live slipped to March; <b>bold</b> plans for records.";
const NARRATIVE: &str = "A&E sees the GP record through the shared care portal.";

/// A CIO fills GHFT's return with a small rise (Leadership 80 to 85, Records 12 to 15), a drop
/// (Asset & Resource Optimisation 35 to 20), a narrative for aim 1a and a commentary, and
/// submits it.
async fn submitted_return(app: &TestApp) -> TestApp {
    open_quarter(app, Q2).await;
    let cio = app.another_person();
    cio.login_as("cio.ghft").await;
    start(&cio, RTE).await;
    complete_section(&cio, RTE, "dma", &[("score-leadership", "85"), ("score-records", "15"), ("score-assets", "20")]).await;
    complete_all(&cio, RTE, &["trajectory", "deployments", "measures"]).await;
    complete_section(&cio, RTE, "aims", &[("narrative-1a", NARRATIVE)]).await;
    complete_section(&cio, RTE, "commentary", &[("commentary", COMMENTARY)]).await;
    assert_eq!(submit(&cio, RTE).await.status(), StatusCode::SEE_OTHER);
    cio
}

/// The part of a page from `from` up to the next `to` after it (or the end).
fn part<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let start = html.find(from).unwrap_or_else(|| panic!("no {from:?} on the page"));
    let rest = &html[start..];
    let end = rest[from.len()..].find(to).map_or(rest.len(), |i| i + from.len());
    &rest[..end]
}

#[tokio::test]
async fn a_decider_reads_the_commentary_and_narratives_first_and_no_words_meant_for_the_cio() {
    let app = spawn_app().await;
    submitted_return(&app).await;
    let steering = app.another_person();
    steering.login_as("steering").await;
    let (status, html) = steering.get_page(RTE).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("You have completed"), "the CIO's progress line is for editors only");
    let commentary = html.find("EPR go-live slipped to March; &lt;b&gt;bold&lt;/b&gt;").expect("the commentary, escaped");
    let narrative = html.find("A&amp;E sees the GP record through the shared care portal.").expect("aim 1a's narrative");
    let comparison = html.find(">Changes from the last approved figures</h2>").expect("the comparison");
    assert!(commentary < comparison && narrative < comparison, "commentary and narratives come before the comparison");

    // The CIO still sees their own progress line.
    let cio = app.another_person();
    cio.login_as("cio.ghft").await;
    let (_, own) = cio.get_page(RTE).await;
    assert!(own.contains("You have completed 6 of 6 sections"));
}

#[tokio::test]
async fn the_comparison_has_a_table_per_section_with_flagged_figures_first() {
    let app = spawn_app().await;
    submitted_return(&app).await;
    let steering = app.another_person();
    steering.login_as("steering").await;
    let (_, html) = steering.get_page(RTE).await;
    let comparison = part(&html, ">Changes from the last approved figures</h2>", "<h2");
    // One heading and one table per section that changed; no column repeating the section.
    let dma = part(comparison, ">Digital maturity scores</h3>", "</table>");
    assert_eq!(dma.matches("<table").count(), 1);
    let aims = part(comparison, ">Universal capability aims</h3>", "</table>");
    assert_eq!(aims.matches("<table").count(), 1);
    assert!(row_containing(aims, "Universal capability aims").is_none(), "no column repeats the section on every row");
    // The drop (Asset & Resource Optimisation, theme 12) comes before the unflagged rises
    // (Leadership, theme 2; Records, theme 6), which keep the framework's order.
    let assets = dma.find("Asset &amp; Resource Optimisation").expect("the dropped theme");
    let leadership = dma.find("Leadership").expect("the small rise");
    let records = dma.find("Records, Assessments").expect("the other small rise");
    assert!(assets < leadership && leadership < records, "flagged first, then in order");
    let row = strip_tags(&row_containing(dma, "Asset & Resource").unwrap());
    assert!(row.contains("35") && row.contains("20") && row.contains("-15") && row.contains("Dropped"), "{row}");
}

#[tokio::test]
async fn after_a_return_and_a_resubmission_the_page_shows_what_changed_since_and_the_whole_history() {
    let app = spawn_app().await;
    let cio = submitted_return(&app).await;
    let pmo = app.another_person();
    pmo.login_as("pmo").await;
    let send_back = "Records jumped: please confirm the figure.";
    assert_eq!(decide(&pmo, RTE, "return", send_back).await.status(), StatusCode::SEE_OTHER);

    complete_section(&cio, RTE, "dma", &[("score-records", "14")]).await;
    assert_eq!(submit(&cio, RTE).await.status(), StatusCode::SEE_OTHER);

    let steering = app.another_person();
    steering.login_as("steering").await;
    let (_, html) = steering.get_page(RTE).await;
    let since = part(&html, ">Changes since it was returned for changes</h2>", "<h2");
    let row = strip_tags(&row_containing(since, "Records, Assessments").expect("the records change since it was returned"));
    assert!(row.contains("15") && row.contains("14"), "{row}");
    assert!(row_containing(since, "Leadership").is_none(), "only what changed since the return");
    assert!(!html.contains("decided by"), "no stale decision stamp while it is submitted again");

    let history = part(&html, ">Decision history</h2>", "</table>");
    let returned = row_containing(history, send_back).expect("the return's comment in the history");
    assert!(returned.contains("Returned for changes") && returned.contains("Programme Office"), "{returned}");
    assert_eq!(history.matches("Submitted").count(), 2, "both submissions: {}", strip_tags(history));

    let approval = "Approved: thank you for confirming.";
    assert_eq!(decide(&steering, RTE, "approve", approval).await.status(), StatusCode::SEE_OTHER);
    let (_, html) = steering.get_page(RTE).await;
    let history = part(&html, ">Decision history</h2>", "</table>");
    let (first, then) = (history.find(send_back).expect("the return comment is kept"), history.find(approval).expect("the approval"));
    assert!(first < then, "oldest first");
    assert!(row_containing(history, approval).unwrap().contains("Steering Group"));
}

#[tokio::test]
async fn the_audit_log_names_the_section_and_shows_only_the_changed_figures_in_words() {
    let app = spawn_app().await;
    open_quarter(&app, Q2).await;
    let cio = app.another_person();
    cio.login_as("cio.ghft").await;
    start(&cio, RTE).await;
    complete_section(&cio, RTE, "dma", &[("score-records", "25")]).await;
    complete_section(&cio, RTE, "commentary", &[("commentary", "Quarter <i>on</i> track.")]).await;
    complete_all(&cio, RTE, &ORG_SECTIONS[1..2]).await;

    let pmo = app.another_person();
    pmo.login_as("pmo").await;
    let (_, html) = pmo.get_page("/audit?kind=return.save_section").await;
    // (Tags become spaces in the row text: "Theme : before → to after", the "to" read out only.)
    let dma = row_containing(&html, "Digital maturity scores").expect("the section saved is named");
    assert!(dma.contains("Records, Assessments & Plans : 12 → to 25"), "{dma}");
    assert!(dma.contains("Status : Not started → to Completed"), "{dma}");
    assert!(!dma.contains("Leadership"), "unchanged themes are not listed: {dma}");
    assert!(!dma.contains('{') && !dma.contains("\"score\""), "no JSON: {dma}");
    let commentary = row_containing(&html, "Commentary for the Steering Group").expect("the commentary save");
    assert!(commentary.contains("Commentary : changed") && commentary.contains("Quarter &lt;i&gt;on&lt;/i&gt; track."), "{commentary}");
    assert!(!html.contains("Quarter <i>"), "escaped");
    assert!(row_containing(&html, "Capability trajectory").is_some());
}
