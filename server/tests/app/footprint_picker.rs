//! A reader of several footprints (a reviewer) switches with the picker on every footprint
//! page, and the footprint they chose stays chosen: in the navigation, the breadcrumbs, the
//! period selector, the page's own links, and on pages reached from it (an organisation, a
//! return). Readers of one footprint see no picker and links as they were.

use reqwest::StatusCode;

use crate::support::{spawn_app, TestApp};

async fn with_a_synthetic_footprint() -> TestApp {
    let app = spawn_app().await;
    app.generate(1, 8, 3).await;
    app
}

/// The picker's `<form ..>..</form>` on a page, if any (attributes in any order).
fn picker(html: &str) -> Option<&str> {
    let start = html[..html.find("class=\"ldr-footprint-picker\"")?].rfind("<form")?;
    let end = start + html[start..].find("</form>")?;
    Some(&html[start..end])
}

#[tokio::test]
async fn every_footprint_page_of_a_reviewer_has_a_picker_to_the_same_section() {
    let app = with_a_synthetic_footprint().await;
    app.login_as("reviewer").await;
    for (path, action) in [
        ("/?footprint=SYN01", "/"),
        ("/organisations?footprint=SYN01", "/organisations"),
        ("/organisations/Z01A1", "/organisations"),
        ("/capabilities/9?footprint=SYN01", "/capabilities"),
        ("/dma?footprint=SYN01", "/dma"),
        ("/roadmap?footprint=SYN01", "/roadmap"),
        ("/returns?footprint=SYN01", "/returns"),
        ("/audit?footprint=SYN01", "/audit"),
    ] {
        let (status, html) = app.get_page(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let form = picker(&html).unwrap_or_else(|| panic!("{path}: no picker"));
        assert!(form.contains(&format!("action=\"{action}\"")) && form.contains("method=\"get\""), "{path}: {form}");
        assert!(form.contains("<label class=\"nhsuk-label\" for=\"choose-footprint\">Footprint</label>"), "{path}");
        assert!(form.contains("value=\"SYN01\" selected"), "{path}: the footprint shown is chosen: {form}");
        assert!(form.contains("value=\"GLOS\""), "{path}: every footprint offered");
        assert!(html.contains("not real NHS data"), "{path}: the synthetic banner");
    }
    // Choosing with the form is a plain GET: Gloucestershire's pages, no banner.
    let (status, html) = app.get_page("/dma?footprint=GLOS").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Gloucestershire") && !html.contains("not real NHS data"));
}

#[tokio::test]
async fn the_chosen_footprint_stays_chosen_in_every_link_of_its_pages() {
    let app = with_a_synthetic_footprint().await;
    app.login_as("reviewer").await;
    let (_, dashboard) = app.get_page("/?footprint=SYN01").await;
    assert!(dashboard.contains("href=\"/capabilities/9?footprint=SYN01\""), "capability links");
    assert!(dashboard.contains("href=\"/dma?footprint=SYN01\""), "quick links and navigation");
    assert!(dashboard.contains("<input type=\"hidden\" name=\"footprint\" value=\"SYN01\""), "the period selector keeps it");
    // An organisation's page is about its own footprint: its navigation leads back there.
    let (_, org) = app.get_page("/organisations/Z01A1").await;
    assert!(org.contains("href=\"/organisations?footprint=SYN01\""), "breadcrumb and navigation");
    assert!(org.contains("not real NHS data"));
    // A period chosen on a synthetic footprint's page stays on that footprint.
    let (status, html) = app.get_page("/capabilities?period=2016-17-q2&footprint=SYN01").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Northshire") || html.contains("(synthetic)"), "still the synthetic footprint");
}

#[tokio::test]
async fn readers_of_one_footprint_have_no_picker_and_plain_links() {
    let app = with_a_synthetic_footprint().await;
    for username in ["pmo", "steering", "cio.ghft"] {
        let person = app.another_person();
        person.login_as(username).await;
        let (status, html) = person.get_page("/").await;
        assert_eq!(status, StatusCode::OK, "{username}");
        assert!(picker(&html).is_none(), "{username}: no picker");
        assert!(!html.contains("footprint=GLOS"), "{username}: links as they were");
    }
}
