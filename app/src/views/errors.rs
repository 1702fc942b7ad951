//! Error pages in the NHS.UK style. They never show internal error text.

use leptos::prelude::*;

use super::layout::{render_page, PageMeta};

pub fn not_found_page(meta: PageMeta) -> String {
    let meta = PageMeta { title: "Page not found".into(), ..meta };
    render_page(
        meta,
        view! {
            <h1>"Page not found"</h1>
            <p>"If you typed the web address, check it is correct."</p>
            <p>"If you pasted the web address, check you copied the entire address."</p>
            <p><a href="/">"Go to the dashboard"</a></p>
        },
    )
}

pub fn forbidden_page(meta: PageMeta) -> String {
    let meta = PageMeta { title: "You do not have access to this page".into(), ..meta };
    render_page(
        meta,
        view! {
            <h1>"You do not have access to this page"</h1>
            <p>"Your role does not allow this. If you think it should, contact your programme office (PMO)."</p>
            <p><a href="/">"Go to the dashboard"</a></p>
        },
    )
}

pub fn server_error_page(meta: PageMeta) -> String {
    let meta = PageMeta { title: "Sorry, there is a problem with the service".into(), ..meta };
    render_page(
        meta,
        view! {
            <h1>"Sorry, there is a problem with the service"</h1>
            <p>"Try again later. Nothing you entered has been lost if you were shown it as saved."</p>
            <p>"If the problem continues, contact your programme office (PMO)."</p>
        },
    )
}

/// Shown for a POST whose CSRF token is missing or does not match the session.
pub fn bad_request_page(meta: PageMeta, message: &str) -> String {
    let meta = PageMeta { title: "Your request could not be processed".into(), ..meta };
    let message = message.to_string();
    render_page(
        meta,
        view! {
            <h1>"Your request could not be processed"</h1>
            <p>{message}</p>
            <p><a href="/">"Go to the dashboard"</a></p>
        },
    )
}
