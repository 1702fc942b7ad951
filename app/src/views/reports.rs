//! `/reports`: the footprint's frozen steering packs, newest first, with what each reader may
//! do to them (open, download, endorse, share, delete); the PMO's form to generate one; and
//! the quarter's data as a workbook or CSV files for everyone who reads the footprint.

use leptos::prelude::*;

use super::layout::{in_footprint, render_page, Crumb, PageMeta};
use super::returns::inputs::{select, FormState};
use super::widgets::{data_table, error_summary};
use crate::domain::PeriodCode;
use crate::returns::form::{FieldErrors, RawForm};

pub const PERIOD_FIELD: &str = "period";

/// One frozen version as the page lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionLine {
    pub id: i64,
    pub period: PeriodCode,
    pub version: u32,
    pub generated_by: String,
    pub generated_at: String,
    pub sha256: String,
    /// (by, on) once endorsed.
    pub endorsed: Option<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReportsData {
    pub footprint_name: String,
    /// Quarters with figures, newest first (the generate form and the data downloads).
    pub quarters: Vec<PeriodCode>,
    /// The quarter the downloads are for.
    pub quarter: Option<PeriodCode>,
    /// None: this reader does not read steering packs (a CIO).
    pub versions: Option<Vec<VersionLine>>,
    /// The PMO's generate form: what was typed and its problems.
    pub generate: Option<(RawForm, FieldErrors)>,
    pub may_endorse: bool,
    pub may_manage: bool,
    /// The data tables this reader may download (id, caption).
    pub tables: Vec<(String, String)>,
}

pub fn reports_page(meta: PageMeta, data: ReportsData) -> String {
    let footprint = meta.footprint.clone();
    let fp = footprint.as_deref();
    let meta = PageMeta { title: "Steering pack".into(), breadcrumbs: vec![Crumb::new("Home", in_footprint("/", fp))], ..meta };
    let errors =
        data.generate.as_ref().map(|(_, e)| e.0.iter().map(|e| (e.field.clone(), e.message.clone())).collect()).unwrap_or_default();
    let csrf = meta.csrf_token.clone();
    let generate = data.generate.clone().map(|(raw, errs)| generate_form(&raw, &errs, &data.quarters, &csrf, fp));
    let versions = data.versions.clone().map(|v| versions_table(v, data.may_endorse, data.may_manage, &csrf, fp));
    let downloads = downloads(&data, fp);
    let body = view! {
        {error_summary(errors)}
        <h1>"Steering pack"</h1>
        <p class="nhsuk-lede-text">{format!("Assurance reports of {}'s Local Digital Roadmap, frozen when generated, and the data behind them.", data.footprint_name)}</p>
        {generate}
        {versions}
        {downloads}
    };
    render_page(meta, body)
}

fn generate_form(raw: &RawForm, errors: &FieldErrors, quarters: &[PeriodCode], csrf: &str, fp: Option<&str>) -> impl IntoView {
    let f = FormState { raw, errors };
    let options = quarters.iter().map(|q| (q.to_string(), q.label())).collect();
    view! {
        <h2>"Generate a report"</h2>
        <p>"Generating reads the approved figures as they stand now and freezes them as a new numbered version. Later returns never change it."</p>
        <form method="post" action=in_footprint("/reports", fp) novalidate data-ldr-progress="ldr-generating">
            <input type="hidden" name="csrf_token" value=csrf.to_string()/>
            {select(f, PERIOD_FIELD.into(), "Quarter".into(), "Choose a quarter", options)}
            <button class="nhsuk-button" type="submit" data-module="nhsuk-button" data-prevent-double-click="true">"Generate report"</button>
            <div id="ldr-generating" class="nhsuk-inset-text ldr-progress" role="status" aria-live="polite" hidden>
                <span class="ldr-progress__spinner" aria-hidden="true"></span>
                " Generating the report: reading the figures, drawing the charts and typesetting the PDF. This can take a few seconds."
            </div>
        </form>
    }
}

fn versions_table(versions: Vec<VersionLine>, may_endorse: bool, may_manage: bool, csrf: &str, fp: Option<&str>) -> impl IntoView {
    if versions.is_empty() {
        return view! { <h2>"Reports"</h2><p>"No report has been generated yet."</p> }.into_any();
    }
    let rows = versions
        .into_iter()
        .map(|v| {
            let base = format!("/reports/{}", v.id);
            let open = in_footprint(&base, fp);
            let pdf = in_footprint(&format!("{base}/report.pdf"), fp);
            let xlsx = in_footprint(&format!("{base}/data.xlsx"), fp);
            let name = format!("{} version {}", v.period.label(), v.version);
            let status = match &v.endorsed {
                Some((by, on)) => view! { <strong class="nhsuk-tag nhsuk-tag--green">"Endorsed"</strong><span class="nhsuk-body-s">{format!(" by {by} on {on}")}</span> }.into_any(),
                None => view! { <strong class="nhsuk-tag nhsuk-tag--grey">"Not endorsed"</strong> }.into_any(),
            };
            let unendorsed = v.endorsed.is_none();
            let endorse = (may_endorse && unendorsed).then(|| {
                view! {
                    <form method="post" action=in_footprint(&format!("{base}/endorse"), fp) class="ldr-inline-form">
                        <input type="hidden" name="csrf_token" value=csrf.to_string()/>
                        <button class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">"Endorse"<span class="nhsuk-u-visually-hidden">{format!(" {name}")}</span></button>
                    </form>
                }
            });
            let manage = may_manage.then(|| {
                let links = in_footprint(&format!("{base}/links"), fp);
                let delete = unendorsed.then(|| view! {
                    <form method="post" action=in_footprint(&format!("{base}/delete"), fp) class="ldr-inline-form">
                        <input type="hidden" name="csrf_token" value=csrf.to_string()/>
                        <button class="nhsuk-button nhsuk-button--warning nhsuk-u-margin-bottom-0" type="submit">"Delete"<span class="nhsuk-u-visually-hidden">{format!(" {name}")}</span></button>
                    </form>
                });
                view! { <a href=links>"Reviewer links"<span class="nhsuk-u-visually-hidden">{format!(" for {name}")}</span></a>" "{delete} }
            });
            view! {
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="row"><a href=open>{name.clone()}</a></th>
                    <td class="nhsuk-table__cell">{format!("{} by {}", v.generated_at, v.generated_by)}</td>
                    <td class="nhsuk-table__cell">{status}</td>
                    <td class="nhsuk-table__cell"><code class="ldr-digest">{v.sha256[..12.min(v.sha256.len())].to_string()}</code></td>
                    <td class="nhsuk-table__cell">
                        <a href=pdf>"PDF"<span class="nhsuk-u-visually-hidden">{format!(" of {name}")}</span></a>" · "
                        <a href=xlsx>"XLSX"<span class="nhsuk-u-visually-hidden">{format!(" of {name}")}</span></a>
                        " "{endorse}{manage}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>"Reports"</h2>
        {data_table("Frozen report versions, newest first", &["Report", "Generated", "Status", "SHA-256 (start)", "Actions"], rows)}
    }
    .into_any()
}

fn downloads(data: &ReportsData, fp: Option<&str>) -> impl IntoView {
    let quarter = data.quarter?;
    let query = |path: &str| {
        let mut href = format!("{path}?period={quarter}");
        if let Some(code) = fp {
            href.push_str(&format!("&footprint={code}"));
        }
        href
    };
    let items = data
        .tables
        .iter()
        .map(|(id, caption)| view! { <li><a href=query(&format!("/exports/csv/{id}.csv"))>{caption.clone()}" (CSV)"</a></li> })
        .collect_view();
    Some(view! {
        <h2>{format!("Data for {}", quarter.label())}</h2>
        <p>"The figures as they stand now (not frozen), in the same tables as the reports. Choose the quarter on any page to change it."</p>
        <p><a class="nhsuk-button nhsuk-button--secondary" href=query("/exports/data.xlsx")>"Download the workbook (XLSX)"</a></p>
        <ul class="nhsuk-list nhsuk-list--bullet">{items}</ul>
    })
}
