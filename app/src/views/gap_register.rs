//! The PMO's forms for the gap register: add or change a gap or an initiative, and confirm a
//! removal. A refused form comes back with every problem in the error summary and what was
//! typed; a stale one (changed by someone else since) with what is saved now.

use leptos::prelude::*;

use super::layout::{render_page, Crumb, Nav, PageMeta};
use super::returns::inputs::{select, text_area, text_box, FormState};
use super::widgets::error_summary;
use crate::analysis::initiative_priority::Enabler;
use crate::facts::{FieldErrors, GapForm, InitiativeForm, YES_NO};
use crate::returns::form::{FieldErrors as ShownErrors, RawForm};
use crate::views::gap_tables::enabler_words;

/// A form page: where it posts, what was typed, its problems, and, when the row changed since
/// the page was shown, what is saved now (in words).
#[derive(Debug, Clone, PartialEq)]
pub struct FormPage<F> {
    /// "/gaps/register/gaps/new", "/gaps/register/initiatives/7".
    pub action: String,
    /// Adding (true) or changing.
    pub adding: bool,
    pub form: F,
    pub errors: FieldErrors,
    pub stale: Option<String>,
}

fn meta_for(meta: PageMeta, title: &str, errors: bool) -> PageMeta {
    let title = if errors { format!("Error: {title}") } else { title.to_string() };
    PageMeta {
        title,
        nav: Some(Nav::Gaps),
        breadcrumbs: vec![Crumb::new("Home", "/"), Crumb::new("Gap analysis", "/gaps#register")],
        ..meta
    }
}

fn shown(errors: &FieldErrors) -> ShownErrors {
    let mut out = ShownErrors::default();
    for (field, message) in errors {
        out.add(field.clone(), message.clone());
    }
    out
}

/// What the person is told when the row changed after they opened the page.
fn stale_callout(stale: Option<String>) -> impl IntoView {
    stale.map(|now| {
        view! {
            <div class="nhsuk-warning-callout">
                <h2 class="nhsuk-warning-callout__label">
                    <span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>"Someone else changed this after you opened the page"</span>
                </h2>
                <p>"Nothing was saved. It now reads:"</p>
                <p class="ldr-saved-now">{now}</p>
                <p>"Check it against yours below, then try again, or go back to the gap analysis."</p>
            </div>
        }
    })
}

fn buttons(label: &'static str) -> impl IntoView {
    view! {
        <div class="nhsuk-button-group">
            <button class="nhsuk-button" type="submit" data-module="nhsuk-button">{label}</button>
            <a class="nhsuk-link" href="/gaps#register">"Cancel"</a>
        </div>
    }
}

/// The gap form; `areas` are the footprint's (id, name).
pub fn gap_form_page(meta: PageMeta, page: FormPage<GapForm>, areas: Vec<(i64, String)>) -> String {
    let heading = if page.adding { "Add a gap" } else { "Change a gap" };
    let meta = meta_for(meta, heading, !page.errors.is_empty());
    let csrf = meta.csrf_token.clone();
    let raw = RawForm::from_pairs(vec![("area".into(), page.form.area.clone()), ("text".into(), page.form.text.clone())]);
    let errors = shown(&page.errors);
    let f = FormState { raw: &raw, errors: &errors };
    let areas = areas.into_iter().map(|(id, name)| (id.to_string(), name)).collect();
    let body = view! {
        <div class="nhsuk-grid-row"><div class="nhsuk-grid-column-two-thirds">
            {error_summary(page.errors.clone())}
            <h1>{heading}</h1>
            {stale_callout(page.stale.clone())}
            <form method="post" action=page.action.clone() novalidate>
                <input type="hidden" name="csrf_token" value=csrf/>
                <input type="hidden" name="version" value=page.form.version.clone()/>
                {select(f, "area".into(), "Area".into(), "Select an area", areas)}
                {text_area(f, "text".into(), "Gap".into(), 3)}
                {buttons("Save gap")}
            </form>
        </div></div>
    };
    render_page(meta, body)
}

fn radios(id: &'static str, legend: String, options: Vec<(&'static str, String)>, chosen: &str, error: Option<String>) -> impl IntoView {
    let group = if error.is_some() { "nhsuk-form-group nhsuk-form-group--error" } else { "nhsuk-form-group" };
    let error_id = format!("{id}-error");
    let described = error.is_some().then(|| error_id.clone());
    let error = error.map(|m| {
        view! { <span class="nhsuk-error-message" id=error_id><span class="nhsuk-u-visually-hidden">"Error: "</span>{m}</span> }
    });
    let items = options
        .into_iter()
        .enumerate()
        .map(|(n, (value, label))| {
            // The first radio carries the field's id: the error summary links to it.
            let input_id = if n == 0 { id.to_string() } else { format!("{id}-{value}") };
            let checked = chosen == value;
            view! {
                <div class="nhsuk-radios__item">
                    <input class="nhsuk-radios__input" id=input_id.clone() name=id type="radio" value=value checked=checked/>
                    <label class="nhsuk-label nhsuk-radios__label" for=input_id>{label}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class=group>
            <fieldset class="nhsuk-fieldset" aria-describedby=described>
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
                {error}
                <div class="nhsuk-radios nhsuk-radios--inline">{items}</div>
            </fieldset>
        </div>
    }
}

fn error_for(errors: &FieldErrors, field: &str) -> Option<String> {
    errors.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone())
}

pub fn initiative_form_page(meta: PageMeta, page: FormPage<InitiativeForm>) -> String {
    let heading = if page.adding { "Add an initiative" } else { "Change an initiative" };
    let meta = meta_for(meta, heading, !page.errors.is_empty());
    let csrf = meta.csrf_token.clone();
    let form = &page.form;
    let raw = RawForm::from_pairs(vec![("title".into(), form.title.clone()), ("description".into(), form.description.clone())]);
    let errors = shown(&page.errors);
    let f = FormState { raw: &raw, errors: &errors };
    let yes_no = YES_NO
        .iter()
        .map(|(field, subject)| {
            let legend = format!("Is it true that {subject}?");
            let options = vec![("yes", "Yes".to_string()), ("no", "No".to_string())];
            radios(field, legend, options, form.yes_no(field), error_for(&page.errors, field))
        })
        .collect_view();
    let enablers = Enabler::ALL.into_iter().map(|e| (e.code(), enabler_words(e).to_string())).collect();
    let enabler = radios(
        "pfpoc_enabler",
        "Is it an essential enabler of paper-free at the point of care (PF@PoC)?".into(),
        enablers,
        &form.pfpoc_enabler,
        error_for(&page.errors, "pfpoc_enabler"),
    );
    let body = view! {
        <div class="nhsuk-grid-row"><div class="nhsuk-grid-column-two-thirds">
            {error_summary(page.errors.clone())}
            <h1>{heading}</h1>
            {stale_callout(page.stale.clone())}
            <form method="post" action=page.action.clone() novalidate>
                <input type="hidden" name="csrf_token" value=csrf/>
                <input type="hidden" name="version" value=form.version.clone()/>
                {text_box(f, "title".into(), "Title".into(), None, "", None)}
                {text_area(f, "description".into(), "Description (optional)".into(), 4)}
                {yes_no}
                {enabler}
                {buttons("Save initiative")}
            </form>
        </div></div>
    };
    render_page(meta, body)
}

/// "Remove this gap?": what will go, and the button, carrying the version it was shown at.
pub fn remove_page(meta: PageMeta, what: &'static str, words: String, action: String, version: i64, stale: Option<String>) -> String {
    let heading = format!("Remove this {what}?");
    let meta = meta_for(meta, &heading, false);
    let csrf = meta.csrf_token.clone();
    let button = format!("Remove {what}");
    let body = view! {
        <div class="nhsuk-grid-row"><div class="nhsuk-grid-column-two-thirds">
            <h1>{heading}</h1>
            {stale_callout(stale)}
            <p class="ldr-saved-now">{words}</p>
            <p>"The change is kept in the audit log."</p>
            <form method="post" action=action novalidate>
                <input type="hidden" name="csrf_token" value=csrf/>
                <input type="hidden" name="version" value=version.to_string()/>
                <div class="nhsuk-button-group">
                    <button class="nhsuk-button nhsuk-button--warning" type="submit" data-module="nhsuk-button">{button}</button>
                    <a class="nhsuk-link" href="/gaps#register">"Cancel"</a>
                </div>
            </form>
        </div></div>
    };
    render_page(meta, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_initiative_form_shows_every_problem_and_what_was_typed_escaped() {
        let form =
            InitiativeForm { title: "<script>alert(1)</script>".into(), description: "</textarea><b>x".into(), ..Default::default() };
        let errors = form.parse(&[]).unwrap_err();
        let page = FormPage { action: "/gaps/register/initiatives/new".into(), adding: true, form, errors, stale: None };
        let html = initiative_form_page(PageMeta::default(), page);
        assert!(html.contains("There is a problem"));
        for field in ["#universal_capability", "#stp_objective", "#whole_system", "#pfpoc_enabler"] {
            assert!(html.contains(&format!("href=\"{field}\"")), "{field}");
        }
        assert!(!html.contains("<script>alert") && html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
        assert!(!html.contains("</textarea><b>"));
        assert!(html.contains("<title>Error: Add an initiative"));
    }

    #[test]
    fn a_stale_gap_form_says_what_is_saved_now_and_keeps_the_typed_text() {
        let form = GapForm { area: "1".into(), text: "Mine".into(), version: "2".into() };
        let page = FormPage { action: "/gaps/register/gaps/4".into(), adding: false, form, errors: vec![], stale: Some("Theirs".into()) };
        let html = gap_form_page(PageMeta::default(), page, vec![(1, "Infrastructure".into())]);
        assert!(html.contains("Someone else changed this") && html.contains("Theirs") && html.contains(">Mine</textarea>"));
        assert!(html.contains("name=\"version\" value=\"2\""));
        assert!(html.contains("<option value=\"1\" selected>Infrastructure</option>"), "{html}");
    }
}
