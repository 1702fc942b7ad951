//! `/reports/{id}/links`: the PMO's read-only links to one frozen report version for
//! reviewers without an account: each with its address, expiry and state, a button to revoke
//! it, and the form to make another.

use leptos::prelude::*;

use super::layout::{in_footprint, render_page, Crumb, PageMeta};
use super::returns::inputs::{date_input, text_box, FormState};
use super::widgets::{data_table, error_summary};
use crate::returns::form::{FieldErrors, RawForm};

pub const EXPIRES_FIELD: &str = "expires";
pub const NOTE_FIELD: &str = "note";
pub const NOTE_MAX: usize = 200;

#[derive(Debug, Clone, PartialEq)]
pub struct LinkLine {
    pub id: i64,
    /// The whole address to send.
    pub url: String,
    pub expires_on: String,
    pub note: String,
    pub created: String,
    /// "Open", "Expired" or "Revoked on …".
    pub state: String,
    pub open: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LinksData {
    pub report_id: i64,
    pub report_name: String,
    pub links: Vec<LinkLine>,
    pub form: RawForm,
    pub errors: FieldErrors,
    /// The parts of the expiry date to mark.
    pub marked: Vec<&'static str>,
}

pub fn report_links_page(meta: PageMeta, data: LinksData) -> String {
    let fp = meta.footprint.clone();
    let fp = fp.as_deref();
    let title = format!("Reviewer links: {}", data.report_name);
    let meta = PageMeta {
        title: title.clone(),
        breadcrumbs: vec![Crumb::new("Home", in_footprint("/", fp)), Crumb::new("Steering pack", in_footprint("/reports", fp))],
        ..meta
    };
    let csrf = meta.csrf_token.clone();
    let errors = data.errors.0.iter().map(|e| (e.field.clone(), e.message.clone())).collect();
    let base = format!("/reports/{}/links", data.report_id);
    let rows = data
        .links
        .iter()
        .map(|l| {
            let revoke = l.open.then(|| {
                view! {
                    <form method="post" action=in_footprint(&format!("{base}/{}/revoke", l.id), fp) class="ldr-inline-form">
                        <input type="hidden" name="csrf_token" value=csrf.clone()/>
                        <button class="nhsuk-button nhsuk-button--warning nhsuk-u-margin-bottom-0" type="submit">"Revoke"<span class="nhsuk-u-visually-hidden">{format!(" the link expiring on {}", l.expires_on)}</span></button>
                    </form>
                }
            });
            view! {
                <tr class="nhsuk-table__row">
                    <td class="nhsuk-table__cell"><code class="ldr-link-url">{l.url.clone()}</code></td>
                    <td class="nhsuk-table__cell">{l.expires_on.clone()}</td>
                    <td class="nhsuk-table__cell">{l.note.clone()}</td>
                    <td class="nhsuk-table__cell">{l.created.clone()}</td>
                    <td class="nhsuk-table__cell">{l.state.clone()}" "{revoke}</td>
                </tr>
            }
        })
        .collect_view();
    let list = if data.links.is_empty() {
        view! { <p>"No link has been made for this report."</p> }.into_any()
    } else {
        data_table("Links to this report, newest first", &["Address", "Open until (end of)", "For", "Made", "State"], rows).into_any()
    };
    let f = FormState { raw: &data.form, errors: &data.errors };
    let body = view! {
        {error_summary(errors)}
        <h1>{title}</h1>
        <p>"A link opens this frozen report (the page and its PDF) without an account, and nothing else. It stops working after its last day, or as soon as it is revoked. Every refused attempt is recorded in the audit log."</p>
        {list}
        <h2>"Make a link"</h2>
        <form method="post" action=in_footprint(&base, fp) novalidate>
            <input type="hidden" name="csrf_token" value=csrf.clone()/>
            {date_input(f, EXPIRES_FIELD, "Open until", "The last day the link works, at most a year from today. For example, 30 6 2017", &data.marked)}
            {text_box(f, NOTE_FIELD.into(), "Who it is for (optional)".into(), Some(format!("At most {NOTE_MAX} characters, for example \"NHS England regional reviewer\"")), "nhsuk-input--width-30", None)}
            <button class="nhsuk-button" type="submit">"Make link"</button>
        </form>
    };
    render_page(meta, body)
}
