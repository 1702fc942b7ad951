//! Error pages in the NHS.UK style. They never show internal error text; they show the
//! request's reference, which a person can quote and which finds the one log line.

use leptos::prelude::*;

use super::layout::{render_page, PageMeta};

pub fn not_found_page(meta: PageMeta, reference: Option<&str>) -> String {
    let meta = PageMeta { title: "Page not found".into(), ..meta };
    render_page(
        meta,
        view! {
            <h1>"Page not found"</h1>
            <p>"If you typed the web address, check it is correct."</p>
            <p>"If you pasted the web address, check you copied the entire address."</p>
            <p><a href="/">"Go to the dashboard"</a></p>
            {reference_line(reference)}
        },
    )
}

pub fn forbidden_page(meta: PageMeta, reference: Option<&str>) -> String {
    let meta = PageMeta { title: "You do not have access to this page".into(), ..meta };
    render_page(
        meta,
        view! {
            <h1>"You do not have access to this page"</h1>
            <p>"Your role does not allow this. If you think it should, contact your programme office (PMO)."</p>
            <p><a href="/">"Go to the dashboard"</a></p>
            {reference_line(reference)}
        },
    )
}

pub fn server_error_page(meta: PageMeta, reference: Option<&str>) -> String {
    let meta = PageMeta { title: "Sorry, there is a problem with the service".into(), ..meta };
    render_page(
        meta,
        view! {
            <h1>"Sorry, there is a problem with the service"</h1>
            <p>"Try again later. Nothing you entered has been lost if you were shown it as saved."</p>
            <p>"If the problem continues, contact your programme office (PMO)."</p>
            {reference_line(reference)}
        },
    )
}

/// Shown for a POST whose CSRF token is missing or does not match the session.
pub fn bad_request_page(meta: PageMeta, reference: Option<&str>, message: &str) -> String {
    let meta = PageMeta { title: "Your request could not be processed".into(), ..meta };
    let message = message.to_string();
    render_page(
        meta,
        view! {
            <h1>"Your request could not be processed"</h1>
            <p>{message}</p>
            <p><a href="/">"Go to the dashboard"</a></p>
            {reference_line(reference)}
        },
    )
}

/// "Reference: …" under the page's text; one text node so it reads and copies as one.
fn reference_line(reference: Option<&str>) -> Option<impl IntoView> {
    let text = format!("Reference: {}", reference?);
    Some(view! { <p class="nhsuk-body-s">{text}</p> })
}

/// An action refused because of the record's state, said in words, with the way back.
pub fn refused_page(meta: PageMeta, title: &str, message: &str, back: &str) -> String {
    let meta = PageMeta { title: title.to_string(), ..meta };
    let (title, message, back) = (title.to_string(), message.to_string(), back.to_string());
    render_page(
        meta,
        view! {
            <h1>{title}</h1>
            <p>{message}</p>
            <p><a href=back>"Go back"</a></p>
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_page_shows_its_reference_escaped_and_none_without_one() {
        for page in [not_found_page, forbidden_page, server_error_page] {
            assert!(page(PageMeta::default(), Some("abc234")).contains("Reference: abc234"));
            assert!(!page(PageMeta::default(), None).contains("Reference:"));
        }
        let html = bad_request_page(PageMeta::default(), Some("<b>"), "Go back.");
        assert!(html.contains("Reference: &lt;b&gt;"), "{html}");
    }
}
