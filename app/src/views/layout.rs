//! The page shell: NHS.UK header with the service name and account, primary navigation,
//! breadcrumbs, main content and footer.

use leptos::prelude::*;

use super::account_menu::account;
pub use super::account_menu::{account_html, ACCOUNT_CLASS, ACCOUNT_END};
use super::footprint_picker::footprint_picker;
pub use super::footprint_picker::{in_footprint, FootprintPicker};

/// The NHS logo, from the NHS.UK frontend header markup (v10).
const NHS_LOGO: &str = r#"<svg class="nhsuk-header__logo" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 80" height="40" width="100" focusable="false" role="img" aria-label="NHS"><title>NHS</title><path fill="currentcolor" d="M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z"/></svg><span class="nhsuk-header__service-name">LDR Assurance</span>"#;

/// The sections of the primary navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Dashboard,
    Organisations,
    Capabilities,
    Dma,
    Trajectories,
    Gaps,
    Deployments,
    Roadmap,
    Returns,
    Reports,
    Audit,
}

const NAV_ITEMS: [(Nav, &str, &str); 11] = [
    (Nav::Dashboard, "/", "Dashboard"),
    (Nav::Organisations, "/organisations", "Organisations"),
    (Nav::Capabilities, "/capabilities", "Universal capabilities"),
    (Nav::Dma, "/dma", "Digital maturity"),
    (Nav::Trajectories, "/trajectories", "Trajectories"),
    (Nav::Gaps, "/gaps", "Gap analysis"),
    (Nav::Deployments, "/deployments", "Deployments"),
    (Nav::Roadmap, "/roadmap", "Initiatives and risks"),
    (Nav::Returns, "/returns", "Returns"),
    (Nav::Reports, "/reports", "Steering pack"),
    (Nav::Audit, "/audit", "Audit log"),
];

#[derive(Debug, Clone, PartialEq)]
pub struct UserBadge {
    pub display_name: String,
    pub role_label: String,
    pub organisation: Option<String>,
    /// Whether the audit log is in this person's menu (not for CIOs).
    pub reads_audit: bool,
    /// Whether "API tokens" is in the account menu (the PMO, who issues them).
    pub manages_api_tokens: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Crumb {
    pub label: String,
    pub href: String,
}

impl Crumb {
    pub fn new(label: impl Into<String>, href: impl Into<String>) -> Self {
        Crumb { label: label.into(), href: href.into() }
    }
}

/// Everything the shell needs besides the page's own content.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageMeta {
    /// The page's own title; " – LDR Assurance" is appended in `<title>`.
    pub title: String,
    pub user: Option<UserBadge>,
    /// The session's CSRF token, for the sign-out form in the header.
    pub csrf_token: String,
    /// Ancestors of this page, not including it.
    pub breadcrumbs: Vec<Crumb>,
    /// "Figures for 2016/17 Q1" in the footer.
    pub data_period: Option<String>,
    pub nav: Option<Nav>,
    /// The footprint a reader of several chose: the navigation keeps it (`?footprint=CODE`).
    pub footprint: Option<String>,
    /// A reader of every footprint: the breadcrumbs start at England (`/national`).
    pub national_reader: bool,
    /// The page is about a footprint `ldr generate` made: a banner says so.
    pub synthetic: bool,
    /// Every footprint, for a reader who may see more than one: a form to switch.
    pub picker: Option<FootprintPicker>,
}

/// Where a navigation section starts (the dashboard for none).
fn section_href(nav: Option<Nav>) -> &'static str {
    NAV_ITEMS.iter().find(|(n, _, _)| Some(*n) == nav).map_or("/", |(_, href, _)| href)
}

/// A hash of the CSS and JS content, set once by the server at start: their links carry it
/// (`?v=HASH`) so browsers may keep them until it changes. Unset, the links are plain.
pub static ASSET_VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();

fn asset(path: &str) -> String {
    match ASSET_VERSION.get() {
        Some(v) => format!("{path}?v={v}"),
        None => path.to_string(),
    }
}

/// Render a whole HTML document.
pub fn render_page(meta: PageMeta, body: impl IntoView + 'static) -> String {
    Owner::new().with(|| shell(meta, body).to_html())
}

fn shell(meta: PageMeta, body: impl IntoView + 'static) -> impl IntoView {
    let title = format!("{} – LDR Assurance", meta.title);
    let signed_in = meta.user.is_some();
    view! {
        <!DOCTYPE html>
        <html lang="en-GB">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <title>{title}</title>
                <meta name="theme-color" content="#005eb8"/>
                // The icon set of the NHS.UK frontend page template; style/build.mjs vendors
                // these files into style/vendor/assets/, served at /assets/.
                <link rel="icon" href="/assets/images/favicon.ico" sizes="48x48"/>
                <link rel="icon" href="/assets/images/favicon.svg" sizes="any" type="image/svg+xml"/>
                <link rel="mask-icon" href="/assets/images/nhsuk-icon-mask.svg" color="#005eb8"/>
                <link rel="apple-touch-icon" href="/assets/images/nhsuk-icon-180.png"/>
                <link rel="manifest" href="/assets/manifest.json"/>
                <link rel="stylesheet" href=asset("/style/vendor/nhsuk-frontend.min.css")/>
                <link rel="stylesheet" href=asset("/style/ldr.css")/>
            </head>
            <body>
                <a class="nhsuk-skip-link" href="#maincontent">"Skip to main content"</a>
                {header(meta.user.clone(), meta.csrf_token.clone(), meta.nav, signed_in, meta.footprint.clone())}
                <div class="nhsuk-width-container">
                    {breadcrumbs(with_england(meta.breadcrumbs, meta.national_reader, meta.footprint.as_deref()))}
                    <main class="nhsuk-main-wrapper" id="maincontent">
                        {meta.synthetic.then(super::synthetic_banner::banner)}
                        {meta.picker.map(|p| footprint_picker(p, section_href(meta.nav)))}
                        {body}
                    </main>
                </div>
                {footer(meta.data_period, signed_in)}
                <script type="module" src=asset("/style/ldr.js")></script>
            </body>
        </html>
    }
}

fn header(user: Option<UserBadge>, csrf_token: String, current: Option<Nav>, signed_in: bool, footprint: Option<String>) -> impl IntoView {
    let account = user.clone().map(|u| account(&u, csrf_token));
    let reads_audit = user.as_ref().is_some_and(|u| u.reads_audit);
    let navigation = signed_in.then(|| {
        let items = NAV_ITEMS
            .into_iter()
            .filter(|(nav, _, _)| *nav != Nav::Audit || reads_audit)
            .map(|(nav, href, label)| {
                // The footprint chosen by a reader of several stays chosen across sections.
                let href = in_footprint(href, footprint.as_deref());
                if Some(nav) == current {
                    view! {
                        <li class="nhsuk-header__navigation-item nhsuk-header__navigation-item--current">
                            <a class="nhsuk-header__navigation-link" href=href aria-current="page">
                                <strong class="nhsuk-header__navigation-item-current-fallback">{label}</strong>
                            </a>
                        </li>
                    }
                    .into_any()
                } else {
                    view! {
                        <li class="nhsuk-header__navigation-item">
                            <a class="nhsuk-header__navigation-link" href=href>{label}</a>
                        </li>
                    }
                    .into_any()
                }
            })
            .collect_view();
        view! {
            <nav class="nhsuk-header__navigation" aria-label="Menu">
                <div class="nhsuk-header__navigation-container nhsuk-width-container">
                    <ul class="nhsuk-header__navigation-list">
                        {items}
                        // NHS.UK frontend's header script moves the items that do not fit into
                        // this "More" menu on narrow screens; it refuses to start without it.
                        <li class="nhsuk-header__menu" hidden>
                            <button class="nhsuk-header__menu-toggle nhsuk-header__navigation-link" id="toggle-menu" aria-expanded="false">
                                <span class="nhsuk-u-visually-hidden">"Browse "</span>"More"
                            </button>
                        </li>
                    </ul>
                </div>
            </nav>
        }
    });
    view! {
        <header class="nhsuk-header" data-module="nhsuk-header" role="banner">
            <div class="nhsuk-header__container nhsuk-width-container">
                <div class="nhsuk-header__service">
                    <a class="nhsuk-header__service-logo" href="/" aria-label="LDR Assurance homepage" inner_html=NHS_LOGO></a>
                </div>
                {account}
            </div>
            {navigation}
        </header>
    }
}

/// A national reader's trail starts at England, and "Home" keeps the footprint they chose.
fn with_england(mut crumbs: Vec<Crumb>, national_reader: bool, footprint: Option<&str>) -> Vec<Crumb> {
    for c in crumbs.iter_mut() {
        c.href = in_footprint(&c.href, footprint);
    }
    if national_reader && !crumbs.is_empty() {
        crumbs.insert(0, Crumb::new("England", "/national"));
    }
    crumbs
}

fn breadcrumbs(crumbs: Vec<Crumb>) -> impl IntoView {
    (!crumbs.is_empty()).then(|| {
        let back = crumbs.last().cloned().expect("not empty");
        let items = crumbs
            .into_iter()
            .map(|c| {
                view! {
                    <li class="nhsuk-breadcrumb__list-item">
                        <a class="nhsuk-breadcrumb__link" href=c.href>{c.label}</a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <nav class="nhsuk-breadcrumb" aria-label="Breadcrumb">
                <ol class="nhsuk-breadcrumb__list">{items}</ol>
                <a class="nhsuk-back-link" href=back.href>
                    <span class="nhsuk-u-visually-hidden">"Back to "</span>{back.label}
                </a>
            </nav>
        }
    })
}

fn footer(data_period: Option<String>, signed_in: bool) -> impl IntoView {
    let period = data_period.map(|p| view! { <p class="nhsuk-body-s">{format!("Figures for {p}.")}</p> });
    // The same figures for one's own tools: the JSON API's page (signed-in readers only).
    let api = signed_in.then(|| {
        view! { <p class="nhsuk-body-s"><a class="nhsuk-footer__list-item-link" href="/api/v1/docs">"Use these figures in your own tools (API)"</a></p> }
    });
    view! {
        <footer class="nhsuk-footer" role="contentinfo">
            <div class="nhsuk-width-container">
                <div class="nhsuk-footer__meta">
                    <h2 class="nhsuk-u-visually-hidden">"About this service"</h2>
                    {period}
                    {api}
                    <p class="nhsuk-body-s">
                        "LDR Assurance: Local Digital Roadmap progress and assurance. Source data: Gloucestershire Local Digital Roadmap (2016)."
                    </p>
                </div>
            </div>
        </footer>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::account_menu::badge;

    fn signed_in_page() -> String {
        let meta = PageMeta {
            title: "Test".into(),
            user: Some(badge("CIO, Gloucestershire Hospitals", "CIO", Some("GHFT"))),
            csrf_token: "token".into(),
            nav: Some(Nav::Organisations),
            ..Default::default()
        };
        render_page(meta, view! { <h1>"Test"</h1> })
    }

    #[test]
    fn a_link_keeps_the_chosen_footprint_before_its_fragment_and_after_its_query() {
        assert_eq!(in_footprint("/dma", None), "/dma");
        assert_eq!(in_footprint("/dma", Some("SYN01")), "/dma?footprint=SYN01");
        assert_eq!(in_footprint("/?period=2016-17-q1", Some("SYN01")), "/?period=2016-17-q1&footprint=SYN01");
        assert_eq!(
            in_footprint("/organisations/Z01A1?period=q#theme-x", Some("SYN01")),
            "/organisations/Z01A1?period=q&footprint=SYN01#theme-x"
        );
    }

    #[test]
    fn the_icons_are_the_ones_nhsuk_frontend_ships() {
        let html = signed_in_page();
        assert!(html.contains(r#"<link rel="icon" href="/assets/images/favicon.ico" sizes="48x48">"#), "{html}");
        assert!(html.contains(r#"href="/assets/images/favicon.svg""#));
        assert!(!html.contains("/assets/favicons/"));
    }

    #[test]
    fn the_header_has_the_menu_item_the_header_script_needs() {
        let html = signed_in_page();
        assert!(html.contains(r#"<li class="nhsuk-header__menu" hidden>"#), "{html}");
        assert!(html.contains(r#"<button class="nhsuk-header__menu-toggle nhsuk-header__navigation-link""#));
        assert!(html.contains(r#"<strong class="nhsuk-header__navigation-item-current-fallback">Organisations<"#));
        assert_eq!(html.matches(r#"aria-current="page""#).count(), 1);
        assert!(html.contains(">CIO, Gloucestershire Hospitals (GHFT)<"));
        assert!(html.contains(">Sign out<"));
        assert!(html.contains(r#"<a class="nhsuk-header__account-link" href="/account/sessions">Your sessions</a>"#));
    }

    #[test]
    fn signed_out_pages_have_no_navigation_or_account() {
        let html = render_page(PageMeta { title: "Sign in".into(), ..Default::default() }, view! { <h1>"Sign in"</h1> });
        assert!(!html.contains("nhsuk-header__navigation"));
        assert!(!html.contains("nhsuk-header__account"));
        assert!(html.contains(r#"<span class="nhsuk-header__service-name">LDR Assurance</span>"#));
    }
}
