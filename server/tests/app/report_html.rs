//! The report page's stylesheet: served like the app's own, without sign-in (a reviewer link
//! has no account), linked with the version that lets browsers keep it.

use reqwest::StatusCode;

use crate::support::spawn_app;

#[tokio::test]
async fn the_report_stylesheet_is_served_as_versioned_css_that_browsers_keep() {
    let app = spawn_app().await;
    let (nhsuk, report) = ldr_server::report_html::stylesheet_hrefs();
    assert!(report.starts_with("/style/report.css?v="), "{report}");
    for href in [&nhsuk, &report] {
        let r = app.get(href).await;
        assert_eq!(r.status(), StatusCode::OK, "{href} needs no sign-in");
        assert_eq!(r.headers()["content-type"], "text/css; charset=utf-8", "{href}");
        assert_eq!(r.headers()["cache-control"], "public, max-age=31536000, immutable", "{href}");
    }
    let css = app.get("/style/report.css").await.text().await.unwrap();
    assert!(css.contains("@top-center"), "the print rules with the running header");
}
