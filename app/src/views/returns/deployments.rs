//! The deployments section as people edit it: one row per deployment with "Change" and
//! "Remove" (or "Restore"), a link to add one, and one deployment's form on its own page.
//! Plain links and forms, so it works with JavaScript off.

use leptos::prelude::*;

use super::inputs::{date_input, select, text_area, text_box, FormState};
use super::return_path;
use crate::domain::{long_date, FinancialYear, PeriodCode};
use crate::returns::deployments::{DeploymentErrors, CAPABILITY, DELIVERED, DESCRIPTION, START, STATUS, TARGET, TITLE};
use crate::returns::figures::{DeploymentFigures, DeploymentStatus};
use crate::returns::form::RawForm;
use crate::returns::template::ReturnTemplate;
use crate::returns::{SectionKind, Subject};
use crate::views::widgets::{data_table, error_summary};
use crate::views::{render_page, PageMeta};

/// `/returns/2016-17-q2/RTE/sections/deployments`: the list, and the prefix of each row's URLs.
pub fn deployments_path(period: PeriodCode, subject: &Subject) -> String {
    format!("{}/sections/{}", return_path(period, subject), SectionKind::Deployments.slug())
}

fn hidden(csrf: &str, version: i64) -> impl IntoView {
    view! {
        <input type="hidden" name="csrf_token" value=csrf.to_string()/>
        <input type="hidden" name="version" value=version.to_string()/>
    }
}

/// The deployments with their actions, and the link to add one; each action is its own form.
pub fn deployment_list(figures: &DeploymentFigures, t: &ReturnTemplate, list: &str, csrf: &str, version: i64) -> impl IntoView {
    let rows = figures
        .items
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let n = i + 1;
            let capability = d.capability.as_deref().and_then(|c| t.theme(c)).map_or_else(|| "—".to_string(), |th| th.name.clone());
            let status = if d.removed {
                view! { <strong class="nhsuk-tag nhsuk-tag--grey">"Removed"</strong> }.into_any()
            } else {
                view! { <strong class="nhsuk-tag nhsuk-tag--white">{d.status.label()}</strong> }.into_any()
            };
            let (verb, action) = if d.removed { ("Restore", "restore") } else { ("Remove", "remove") };
            let change = (!d.removed).then(|| {
                view! {
                    <a class="ldr-row-action" href=format!("{list}/{n}")>"Change"<span class="nhsuk-u-visually-hidden">{format!(" {}", d.title)}</span></a>
                }
            });
            view! {
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="row">{d.title.clone()}</th>
                    <td class="nhsuk-table__cell">{capability}</td>
                    <td class="nhsuk-table__cell">{d.start_year.map_or_else(|| "—".to_string(), |y| FinancialYear(y).label())}</td>
                    <td class="nhsuk-table__cell">{FinancialYear(d.target_year).label()}</td>
                    <td class="nhsuk-table__cell">{status}</td>
                    <td class="nhsuk-table__cell">{d.delivered_on.map_or_else(|| "Not yet".to_string(), long_date)}</td>
                    <td class="nhsuk-table__cell">
                        {change}
                        <form class="ldr-row-action" method="post" action=format!("{list}/{n}/{action}") novalidate>
                            {hidden(csrf, version)}
                            <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0" type="submit">
                                {verb}<span class="nhsuk-u-visually-hidden">{format!(" {}", d.title)}</span>
                            </button>
                        </form>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let table = (!figures.items.is_empty()).then(|| {
        data_table("Your organisation's deployments", &["Title", "Capability", "Starts", "Due", "Status", "Delivered", "Actions"], rows)
    });
    view! {
        <p class="nhsuk-body">
            "Change a deployment's year, status or delivery date, or remove one that will not go ahead. A removed deployment is withdrawn from this quarter when the return is approved; until then you can restore it."
        </p>
        {figures.items.is_empty().then(|| view! { <p class="nhsuk-body">"No deployments recorded yet."</p> })}
        {table}
        <p><a class="nhsuk-button nhsuk-button--secondary" href=format!("{list}/new")>"Add a deployment"</a></p>
    }
}

/// One deployment's form: changing row `row`, or adding one (`row` None).
pub struct DeploymentPage {
    pub subject: Subject,
    pub period: PeriodCode,
    pub template: ReturnTemplate,
    pub row: Option<usize>,
    /// What the form shows: the saved deployment, or what was just typed.
    pub raw: RawForm,
    pub errors: DeploymentErrors,
    /// Said above the form, such as "somebody saved this section after you opened it".
    pub notice: Option<String>,
    /// Somebody saved the deployments after this page was shown: what this change would
    /// replace of their version, descriptions in full.
    pub conflict: Option<super::Conflict>,
    pub version: i64,
}

pub fn deployment_page(meta: PageMeta, page: DeploymentPage) -> String {
    let list = deployments_path(page.period, &page.subject);
    let (heading, action, button) = match page.row {
        Some(n) => ("Change a deployment", format!("{list}/{n}"), "Save deployment"),
        None => ("Add a deployment", format!("{list}/new"), "Add deployment"),
    };
    let caption = format!("{}, {} return", page.subject.name(), page.period.label());
    let f = FormState { raw: &page.raw, errors: &page.errors.fields };
    let problems: Vec<(String, String)> = page
        .notice
        .iter()
        .map(|m| ("deployment-form".to_string(), m.clone()))
        .chain(page.errors.fields.0.iter().map(|e| (e.field.clone(), e.message.clone())))
        .collect();
    let t = &page.template;
    let years: Vec<(String, String)> = t.deployment_years().iter().map(|y| (y.0.to_string(), y.label())).collect();
    let statuses: Vec<(String, String)> = DeploymentStatus::ALL.iter().map(|s| (s.code().to_string(), s.label().to_string())).collect();
    let capabilities: Vec<(String, String)> = t.trajectory_themes().iter().map(|th| (th.code.clone(), th.name.clone())).collect();
    let csrf = meta.csrf_token.clone();
    let content = view! {
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                {error_summary(problems)}
                {page.conflict.as_ref().map(super::comparison::conflict_panel)}
                <span class="nhsuk-caption-l">{caption}</span>
                <h1 class="nhsuk-heading-l">{heading}</h1>
                <form id="deployment-form" method="post" action=action novalidate>
                    {hidden(&csrf, page.version)}
                    {text_box(f, TITLE.into(), "Title".into(), None, "nhsuk-input--width-30", None)}
                    {select(f, CAPABILITY.into(), "Capability it delivers".into(), "None of these", capabilities)}
                    {text_area(f, DESCRIPTION.into(), "Description (optional)".into(), 3)}
                    {select(f, START.into(), "Year it starts (optional)".into(), "Not set", years.clone())}
                    {select(f, TARGET.into(), "Year it is due".into(), "Select a year", years)}
                    {select(f, STATUS.into(), "Status".into(), "Select a status", statuses)}
                    {date_input(f, DELIVERED, "Date delivered (optional)", "Leave blank until it is delivered. For example, 30 9 2016", &page.errors.delivered_parts)}
                    <button class="nhsuk-button" type="submit">{button}</button>
                </form>
                <p><a href=list>"Back to the deployments"</a></p>
            </div>
        </div>
    };
    render_page(meta, content)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::returns::deployments::{parse_deployment, to_raw};
    use crate::returns::figures::DeploymentEntry;
    use crate::returns::sections::test_support::template;

    fn page(raw: RawForm, errors: DeploymentErrors) -> String {
        let subject = Subject::Organisation { code: "RTE".into(), name: "GHFT".into() };
        let p = DeploymentPage {
            subject,
            period: template().period,
            template: template(),
            row: Some(1),
            raw,
            errors,
            notice: None,
            conflict: None,
            version: 3,
        };
        deployment_page(PageMeta::default(), p)
    }

    #[test]
    fn an_impossible_date_is_marked_in_every_part_and_kept_as_typed() {
        let mut raw = RawForm::default();
        for (k, v) in [
            ("title", "EPR"),
            ("target", "2017"),
            ("status", "active"),
            ("delivered-day", "31"),
            ("delivered-month", "02"),
            ("delivered-year", "2017"),
        ] {
            raw.set(k, v);
        }
        let errors = parse_deployment(&template(), &DeploymentFigures::default(), None, &raw).unwrap_err();
        let html = page(raw, errors);
        assert!(html.contains("<a href=\"#delivered-day\">Date delivered must be a real date</a>"));
        assert_eq!(html.matches("nhsuk-input--error").count(), 3, "day, month and year are marked");
        assert!(html.contains("value=\"02\"") && html.contains("nhsuk-form-group nhsuk-form-group--error"));
    }

    #[test]
    fn the_list_has_one_row_per_deployment_with_its_actions() {
        let d = DeploymentEntry {
            official_id: Some(1),
            capability: Some("records".into()),
            title: "EPR".into(),
            description: String::new(),
            start_year: None,
            target_year: 2017,
            status: DeploymentStatus::Active,
            delivered_on: chrono::NaiveDate::from_ymd_opt(2016, 9, 30),
            removed: false,
        };
        let figures = DeploymentFigures { items: vec![d.clone(), DeploymentEntry { title: "Old".into(), removed: true, ..d.clone() }] };
        let html = Owner::new().with(|| deployment_list(&figures, &template(), "/l", "tok", 4).to_html());
        assert!(html.contains("30 September 2016") && html.contains("href=\"/l/1\"") && html.contains("action=\"/l/1/remove\""));
        assert!(html.contains("action=\"/l/2/restore\"") && !html.contains("href=\"/l/2\"") && html.contains(">Removed<"));
        assert!(html.contains("href=\"/l/new\""));
        assert_eq!(to_raw(&d).get("delivered-month"), "9");
    }
}
