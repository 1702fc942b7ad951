//! `/account/sessions`: the browsers signed in to one's account, this one marked, and a
//! button that signs out of all the others (ASVS 3.3.3, 3.3.4).

use leptos::prelude::*;

use super::layout::{render_page, Crumb, PageMeta};
use super::widgets::data_table;
use crate::domain::long_date_time;

/// One session as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionLine {
    /// As stored: UTC `YYYY-MM-DD HH:MM:SS`.
    pub signed_in_at: String,
    pub address: String,
    /// The browser's User-Agent, as it sent it (shown as text).
    pub device: String,
    pub second_factor: bool,
    /// The session of the browser looking at the page.
    pub current: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SessionsPage {
    /// Newest first.
    pub sessions: Vec<SessionLine>,
    /// How many other sessions were just ended, after "Sign out of all other sessions".
    pub ended: Option<u64>,
}

pub const TITLE: &str = "Your sessions";

pub fn account_sessions_page(meta: PageMeta, page: SessionsPage) -> String {
    let meta = PageMeta { title: TITLE.into(), breadcrumbs: vec![Crumb::new("Home", "/")], nav: None, ..meta };
    let csrf = meta.csrf_token.clone();
    let others = page.sessions.iter().filter(|s| !s.current).count();
    let body = view! {
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-full">
                {page.ended.map(success_banner)}
                <h1>{TITLE}</h1>
                <p class="nhsuk-lede-text">"The browsers signed in to your account. If you do not recognise one, sign out of all other sessions and tell your system administrator."</p>
                {table(page.sessions)}
                <p class="nhsuk-body-s">"A session ends when you sign out, after 30 minutes without use, or 12 hours after signing in. One left unused may be listed here until then."</p>
                {end_others_form(csrf, others)}
            </div>
        </div>
    };
    render_page(meta, body)
}

/// "Signed out of 2 other sessions" after the POST (the page it redirects to).
pub fn ended_message(count: u64) -> String {
    match count {
        0 => "You were not signed in anywhere else".to_string(),
        1 => "Signed out of 1 other session".to_string(),
        n => format!("Signed out of {n} other sessions"),
    }
}

fn success_banner(count: u64) -> impl IntoView {
    view! {
        <div class="nhsuk-notification-banner nhsuk-notification-banner--success" role="alert" aria-labelledby="notification-title" data-module="nhsuk-notification-banner">
            <div class="nhsuk-notification-banner__header">
                <h2 class="nhsuk-notification-banner__title" id="notification-title">"Success"</h2>
            </div>
            <div class="nhsuk-notification-banner__content">
                <p class="nhsuk-notification-banner__heading">{ended_message(count)}</p>
            </div>
        </div>
    }
}

fn table(sessions: Vec<SessionLine>) -> impl IntoView {
    let rows = sessions
        .into_iter()
        .map(|s| {
            let tag = s.current.then(|| view! { " " <strong class="nhsuk-tag nhsuk-tag--blue">"This browser"</strong> });
            let device = if s.device.trim().is_empty() { "Not known".to_string() } else { s.device };
            view! {
                <tr class="nhsuk-table__row">
                    <td class="nhsuk-table__cell">{long_date_time(&s.signed_in_at)}{tag}</td>
                    <td class="nhsuk-table__cell">{s.address}</td>
                    <td class="nhsuk-table__cell">{device}</td>
                    <td class="nhsuk-table__cell">{if s.second_factor { "Yes" } else { "No" }}</td>
                </tr>
            }
        })
        .collect_view();
    data_table("Sessions signed in to your account, newest first", &["Signed in", "Address", "Device", "Security code"], rows)
}

fn end_others_form(csrf: String, others: usize) -> impl IntoView {
    if others == 0 {
        return view! { <p>"You are not signed in anywhere else."</p> }.into_any();
    }
    view! {
        <form action="/account/sessions/end-others" method="post" novalidate>
            <input type="hidden" name="csrf_token" value=csrf/>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit" data-module="nhsuk-button">"Sign out of all other sessions"</button>
        </form>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(device: &str, current: bool) -> SessionLine {
        SessionLine {
            signed_in_at: "2026-11-26 10:15:00".into(),
            address: "192.0.2.7".into(),
            device: device.into(),
            second_factor: current,
            current,
        }
    }

    #[test]
    fn sessions_are_listed_in_nhs_date_style_with_this_browser_tagged_and_text_escaped() {
        let page = SessionsPage { sessions: vec![line("Firefox", true), line("<b>x</b>", false)], ended: None };
        let html = account_sessions_page(PageMeta { csrf_token: "tok".into(), ..Default::default() }, page);
        assert!(html.contains("26 November 2026 at 10:15"), "{html}");
        assert_eq!(html.matches(">This browser<").count(), 1);
        assert!(html.contains("&lt;b&gt;x&lt;/b&gt;") && !html.contains("<b>x"));
        assert!(html.contains(r#"action="/account/sessions/end-others""#) && html.contains(r#"value="tok""#));
        assert!(!html.contains("nhsuk-notification-banner"));
    }

    #[test]
    fn alone_there_is_no_button_and_after_ending_others_a_banner_says_how_many() {
        let page = SessionsPage { sessions: vec![line("", true)], ended: Some(2) };
        let html = account_sessions_page(PageMeta::default(), page);
        assert!(html.contains("Signed out of 2 other sessions") && html.contains("nhsuk-notification-banner--success"));
        assert!(html.contains("Not known") && !html.contains("end-others"));
        assert_eq!(ended_message(1), "Signed out of 1 other session");
    }
}
