//! `/rules`: the computed-RAG rules in plain words, every version with when it took effect
//! and who set it, and for the PMO a form to add a new version.

use leptos::prelude::*;

use super::gap_tables::WordedTable;
use super::layout::{in_footprint, render_page, Crumb, PageMeta};
use super::returns::inputs::{select, text_box, FormState};
use super::widgets::{data_table, error_summary, page_csv_link};
use crate::analysis::computed_rag::form::{BASED_ON, EFFECTIVE_FROM, NUMBER_FIELDS};
use crate::analysis::computed_rag::RuleSet;
use crate::domain::PeriodCode;
use crate::returns::form::{FieldErrors, RawForm};

/// One version as the page lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionLine {
    pub rules: RuleSet,
    /// "National default" or the footprint PMO's name.
    pub set_by: String,
    pub set_on: String,
}

/// The PMO's form: what was typed, its problems and the quarters it may choose.
#[derive(Debug, Clone, PartialEq)]
pub struct NewVersionForm {
    pub form: RawForm,
    pub errors: FieldErrors,
    pub quarters: Vec<PeriodCode>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RulesData {
    pub footprint_name: String,
    /// The version judging the latest quarter with figures, and that quarter.
    pub in_force: (RuleSet, Option<PeriodCode>),
    /// Newest first.
    pub versions: Vec<VersionLine>,
    /// Present for the PMO only.
    pub new_version: Option<NewVersionForm>,
}

pub fn rules_page(meta: PageMeta, data: RulesData) -> String {
    let title = "Computed RAG rules".to_string();
    let csrf = meta.csrf_token.clone();
    let footprint = meta.footprint.clone();
    let errors =
        data.new_version.as_ref().map(|f| f.errors.0.iter().map(|e| (e.field.clone(), e.message.clone())).collect()).unwrap_or_default();
    let meta = PageMeta { title: title.clone(), breadcrumbs: vec![Crumb::new("Home", "/")], ..meta };
    let (rules, quarter) = data.in_force;
    let in_force_heading = match quarter {
        Some(q) => format!("The rules judging {} (version {})", q.label(), rules.version),
        None => format!("The rules in force (version {})", rules.version),
    };
    let sentences = rules.describe().into_iter().map(|s| view! { <li>{s}</li> }).collect_view();
    let versions = data.versions.into_iter().map(version_row).collect_view();
    let form = data.new_version.map(|f| new_version_form(&csrf, f));
    let body = view! {
        {error_summary(errors)}
        <h1>{title}</h1>
        <p class="nhsuk-lede-text">
            {format!(
                "A computed status is worked out from the approved figures of {} by these rules, never typed. It sits beside the declared status wherever one is shown, and a difference is flagged in words.",
                data.footprint_name
            )}
        </p>
        <h2>{in_force_heading}</h2>
        <ul class="nhsuk-list nhsuk-list--bullet">{sentences}</ul>
        <h2>"Every version"</h2>
        <p>"A quarter is judged by the version in force then: the newest to take effect on or before it. Versions are never changed or deleted; a change is a new version."</p>
        {data_table("Every version of the rules, newest first", &VERSION_HEADINGS, versions)}
        {page_csv_link(in_footprint("/rules/versions.csv", footprint.as_deref()))}
        {form}
    };
    render_page(meta, body)
}

pub const VERSION_HEADINGS: [&str; 4] = ["Version", "In force from", "Set by", "The rules"];

/// Every version in words, newest first: who set it and when on two lines, and the rules as
/// the sentences the row's details disclose, one a line. The page's CSV download.
pub fn versions_table(versions: &[VersionLine]) -> WordedTable {
    let rows = versions
        .iter()
        .map(|v| {
            vec![
                v.rules.version.to_string(),
                v.rules.effective_from.label(),
                format!("{}\n{}", v.set_by, v.set_on),
                v.rules.describe().into_iter().skip(1).collect::<Vec<_>>().join("\n"),
            ]
        })
        .collect();
    WordedTable { headings: VERSION_HEADINGS.map(String::from).to_vec(), rows }
}

fn version_row(v: VersionLine) -> impl IntoView {
    let sentences = v.rules.describe().into_iter().skip(1).map(|s| view! { <li>{s}</li> }).collect_view();
    view! {
        <tr class="nhsuk-table__row">
            <th class="nhsuk-table__header" scope="row">{v.rules.version.to_string()}</th>
            <td class="nhsuk-table__cell">{v.rules.effective_from.label()}</td>
            <td class="nhsuk-table__cell">{v.set_by}<br/>{v.set_on}</td>
            <td class="nhsuk-table__cell">
                <details class="nhsuk-details">
                    <summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">{format!("Version {} in full", v.rules.version)}</span></summary>
                    <div class="nhsuk-details__text"><ul class="nhsuk-list nhsuk-list--bullet">{sentences}</ul></div>
                </details>
            </td>
        </tr>
    }
}

fn new_version_form(csrf: &str, f: NewVersionForm) -> impl IntoView {
    let state = FormState { raw: &f.form, errors: &f.errors };
    let quarters = f.quarters.iter().map(|q| (q.to_string(), q.label())).collect();
    let numbers = NUMBER_FIELDS
        .iter()
        .map(|(id, label, hint)| text_box(state, id.to_string(), label.to_string(), Some(hint.to_string()), "nhsuk-input--width-4", None))
        .collect_view();
    let based_on = f.form.get(BASED_ON).to_string();
    view! {
        <h2>"Add a new version"</h2>
        <p>"The new version judges the quarter you choose and every quarter after it, until a later version takes effect. Earlier quarters keep the rules of their time. The change is recorded in the audit log."</p>
        <form method="post" action="/rules" novalidate>
            <input type="hidden" name="csrf_token" value=csrf.to_string()/>
            <input type="hidden" name=BASED_ON value=based_on/>
            {select(state, EFFECTIVE_FROM.to_string(), "In force from".to_string(), "Choose a quarter", quarters)}
            {numbers}
            <button class="nhsuk-button" type="submit">"Add this version"</button>
        </form>
    }
}
