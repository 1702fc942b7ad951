//! Facts behind the pages: the trajectory read as at the chosen quarter.

use crate::support::spawn_app;

#[tokio::test]
async fn explore() {
    let app = spawn_app().await;
    app.login_as("steering").await;
    for org in ["RTE", "R1J", "E10000013"] {
        for q in ["2016-17-q1", "2016-17-q2", "2017-18-q3", "2024-25-q1"] {
            let (_, page) = app.get_page(&format!("/organisations/{org}?period={q}")).await;
            let start = page.find("<h2").unwrap_or(0);
            eprintln!("==== {org} {q}\n{}", crate::support::strip_tags(&page[start..]).split_whitespace().collect::<Vec<_>>().join(" ").chars().take(2500).collect::<String>());
        }
    }
    panic!();
}
