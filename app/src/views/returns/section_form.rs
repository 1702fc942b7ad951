//! One section of a return as a form (for its editor) or as a read-only table (for everyone
//! else, and once submitted). A refused save shows the error summary and everything typed.

use leptos::prelude::*;

use super::inputs::{checkbox, completed_question, select, text_area, text_box, FormState};
use super::read_only::section_summary;
use super::{return_path, Conflict};
use crate::domain::{PeriodCode, Rag};
use crate::returns::fields::{self, COMMENTARY};
use crate::returns::figures::SectionFigures;
use crate::returns::form::{FieldErrors, RawForm};
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
    let fields = match page.kind {
        SectionKind::Dma => dma_fields(f, &page.template).into_any(),
        SectionKind::Trajectory => trajectory_fields(f, &page.template).into_any(),
        SectionKind::Aims => aim_fields(f, &page.template, false).into_any(),
        SectionKind::FootprintAims => aim_fields(f, &page.template, true).into_any(),
        // Each deployment has its own forms, above this one (`deployments.rs`).
        SectionKind::Deployments => ().into_any(),
        SectionKind::Measures => measure_fields(f, &page.template).into_any(),
        SectionKind::Commentary => {
            text_area(f, COMMENTARY.into(), "What should the Steering Group know about this quarter?".into(), 8).into_any()
        }
    };
    let deployments = match (&page.figures, page.kind) {
        (SectionFigures::Deployments(d), SectionKind::Deployments) => {
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

fn dma_fields(f: FormState<'_>, t: &ReturnTemplate) -> impl IntoView {
    let Some(framework) = &t.framework else { return ().into_any() };
    let hint = format!("A whole number from {} on the {} scale.", framework.scale.range_text(), framework.name);
    let mut groups: Vec<(String, Vec<_>)> = Vec::new();
    for theme in &framework.themes {
        if groups.last().map(|(g, _)| g != &theme.group).unwrap_or(true) {
            groups.push((theme.group.clone(), Vec::new()));
        }
        groups.last_mut().expect("just pushed").1.push(theme);
    }
    let suffix = (framework.scale.max == 100.0).then_some("%");
    groups
        .into_iter()
        .map(|(group, themes)| {
            let items = themes
                .into_iter()
                .map(|th| {
                    view! {
                        <div class="ldr-score-field">
                            {text_box(f, fields::score(&th.code), th.name.clone(), Some(hint.clone()), "nhsuk-input--width-3", suffix)}
                            {checkbox(f, fields::not_assessed(&th.code), format!("{} not assessed", th.name))}
                        </div>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="nhsuk-fieldset">
                    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">{group}</legend>
                    {items}
                </fieldset>
            }
        })
        .collect_view()
        .into_any()
}

fn trajectory_fields(f: FormState<'_>, t: &ReturnTemplate) -> impl IntoView {
    let years = t.plan_years();
    let hint = t.framework.as_ref().map(|fw| format!("Planned score, {}", fw.scale.range_text()));
    t.trajectory_themes()
        .into_iter()
        .map(|th| {
            let boxes = years
                .iter()
                .map(|y| text_box(f, fields::plan(&th.code, y.0), y.label(), hint.clone(), "nhsuk-input--width-3", None))
                .collect_view();
            view! {
                <fieldset class="nhsuk-fieldset">
                    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">{th.name.clone()}</legend>
                    <div class="ldr-inline-fields">{boxes}</div>
                </fieldset>
            }
        })
        .collect_view()
}

fn aim_fields(f: FormState<'_>, t: &ReturnTemplate, goals: bool) -> impl IntoView {
    let rags: Vec<(String, String)> = Rag::ALL.iter().map(|r| (r.code().to_string(), r.label().to_string())).collect();
    let years = t.plan_years();
    t.aims
        .iter()
        .map(|a| {
            let legend = format!("Aim {}: {}", a.code, a.text);
            let goal_boxes = goals.then(|| {
                years
                    .iter()
                    .map(|y| {
                        text_box(f, fields::goal(&a.code, y.0), format!("Goal for {}", y.label()), None, "nhsuk-input--width-3", Some("%"))
                    })
                    .collect_view()
            });
            view! {
                <fieldset class="nhsuk-fieldset ldr-aim">
                    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
                    <div class="ldr-inline-fields">
                        <div class="ldr-score-field">
                            {text_box(f, fields::completeness(&a.code), "Completeness".into(), None, "nhsuk-input--width-3", Some("%"))}
                            {checkbox(f, fields::no_data(&a.code), "No data".into())}
                        </div>
                        {select(f, fields::rag(&a.code), "RAG status".into(), "Not rated", rags.clone())}
                        {goal_boxes}
                    </div>
                    {text_area(f, fields::narrative(&a.code), "Narrative".into(), 2)}
                </fieldset>
            }
        })
        .collect_view()
}

fn measure_fields(f: FormState<'_>, t: &ReturnTemplate) -> impl IntoView {
    t.measures
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let suffix = (m.unit == "percent").then_some("%");
            text_box(f, fields::measure(i), m.label(), None, "nhsuk-input--width-4", suffix)
        })
        .collect_view()
}
