//! One section of a return as a form (for its editor) or as a read-only table (for everyone
//! else, and once submitted). A refused save shows the error summary and everything typed.

use leptos::prelude::*;

use super::inputs::{checkbox, completed_question, select, text_area, text_box, FormState};
use super::read_only::section_summary;
use super::{return_path, Conflict};
use crate::domain::PeriodCode;
use crate::returns::figures::SectionFigures;
use crate::returns::form::{FieldErrors, RawForm};
use crate::returns::sections::{FormPart, Legend};
use crate::returns::template::ReturnTemplate;
use crate::returns::{SectionKind, Subject};
use crate::views::widgets::error_summary;
use crate::views::{render_page, PageMeta};

pub struct SectionPage {
    pub subject: Subject,
    pub period: PeriodCode,
    pub revision: i64,
    pub kind: SectionKind,
    pub template: ReturnTemplate,
    /// What the form shows: the saved figures, or what was just typed.
    pub raw: RawForm,
    pub errors: FieldErrors,
    pub version: i64,
    pub conflict: Option<Conflict>,
    /// None: the person may edit; Some(reason): shown read-only with the reason.
    pub read_only: Option<String>,
    pub figures: SectionFigures,
}

pub fn section_page(meta: PageMeta, page: SectionPage) -> String {
    let base = return_path(page.period, &page.subject);
    let heading = page.kind.title();
    let caption = format!("{}, {} return", page.subject.name(), page.period.label());
    let body = match page.read_only.clone() {
        Some(reason) => view! {
            <div class="nhsuk-inset-text"><span class="nhsuk-u-visually-hidden">"Information: "</span><p>{reason}</p></div>
            {section_summary(&page.template, &page.figures)}
            <p><a href=base.clone()>"Back to the return"</a></p>
        }
        .into_any(),
        None => form(&page, &base).into_any(),
    };
    let content = view! {
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-full">
                <span class="nhsuk-caption-l">{caption}</span>
                <h1 class="nhsuk-heading-l">{heading}</h1>
                {body}
            </div>
        </div>
    };
    render_page(meta, content)
}

fn form(page: &SectionPage, base: &str) -> impl IntoView {
    let f = FormState { raw: &page.raw, errors: &page.errors };
    let summary = error_summary(
        page.errors
            .0
            .iter()
            .map(|e| (if e.field.is_empty() { "section-form".to_string() } else { e.field.clone() }, e.message.clone()))
            .collect(),
    );
    let conflict = page.conflict.as_ref().map(super::comparison::conflict_panel);
    let action = format!("{base}/sections/{}", page.kind.slug());
    let fields = parts(f, page.kind.section().form(&page.template));
    // A list changed row by row has its rows' forms above the section's own.
    let deployments = match &page.figures {
        SectionFigures::Deployments(d) => {
            let list = super::deployments::deployments_path(page.period, &page.subject);
            Some(super::deployments::deployment_list(d, &page.template, &list, &page_csrf(page), page.version))
        }
        _ => None,
    };
    view! {
        {summary}
        {conflict}
        {deployments}
        <form id="section-form" method="post" action=action novalidate>
            <input type="hidden" name="csrf_token" value=page_csrf(page)/>
            <input type="hidden" name="version" value=page.version.to_string()/>
            {fields}
            {completed_question(f)}
            <button class="nhsuk-button" type="submit">"Save and continue"</button>
        </form>
        <p><a href=base.to_string()>"Back to the return"</a></p>
    }
}

// The CSRF token lives in PageMeta; the route copies it into the raw form under this name.
fn page_csrf(page: &SectionPage) -> String {
    page.raw.get("csrf_token").to_string()
}

/// A section's form parts in the NHS.UK markup, each control with its error and the text typed.
fn parts(f: FormState<'_>, parts: Vec<FormPart>) -> impl IntoView {
    parts.into_iter().map(|p| part(f, p)).collect_view()
}

fn part(f: FormState<'_>, p: FormPart) -> AnyView {
    match p {
        FormPart::Fieldset { legend, size, class, parts: inner } => {
            let class = class.map_or_else(|| "nhsuk-fieldset".to_string(), |c| format!("nhsuk-fieldset {c}"));
            let legend_class = match size {
                Legend::M => "nhsuk-fieldset__legend nhsuk-fieldset__legend--m",
                Legend::S => "nhsuk-fieldset__legend nhsuk-fieldset__legend--s",
            };
            view! {
                <fieldset class=class>
                    <legend class=legend_class>{legend}</legend>
                    {parts(f, inner)}
                </fieldset>
            }
            .into_any()
        }
        FormPart::Inline(inner) => view! { <div class="ldr-inline-fields">{parts(f, inner)}</div> }.into_any(),
        FormPart::Paired(inner) => view! { <div class="ldr-score-field">{parts(f, inner)}</div> }.into_any(),
        FormPart::TextBox { id, label, hint, width, suffix } => text_box(f, id, label, hint, width, suffix).into_any(),
        FormPart::Checkbox { id, label } => checkbox(f, id, label).into_any(),
        FormPart::Select { id, label, blank, options } => select(f, id, label, blank, options).into_any(),
        FormPart::TextArea { id, label, rows } => text_area(f, id, label, rows).into_any(),
    }
}
