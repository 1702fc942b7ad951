//! `/periods`: opening and closing quarters for returns. The quarter open now with its
//! deadline, the PMO's forms to close it and to open another, and the history of windows.

use chrono::NaiveDate;
use leptos::prelude::*;

use super::gap_tables::WordedTable;
use super::layout::{in_footprint, render_page, Crumb, Nav, PageMeta};
use super::widgets::{data_table, error_summary, page_csv_link, worded_rows};
use crate::domain::deadline::{DatePart, DeadlineProblem};
use crate::domain::{long_date, long_date_time as when};
use crate::facts::FootprintSummary;

/// One quarter's window for returns, as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowView {
    /// "2016/17 Q2".
    pub period: String,
    pub deadline: NaiveDate,
    pub opened_at: String,
    pub opened_by: Option<String>,
    pub closed_at: Option<String>,
    pub closed_by: Option<String>,
}

/// What the PMO typed in the "open a quarter" form, kept as typed so a refused form shows it again.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OpenForm {
    pub period: String,
    pub day: String,
    pub month: String,
    pub year: String,
}

/// A problem with the deadline: its message and the parts of the date to mark, the first of
/// which the error summary links to (a missing month marks only the month).
#[derive(Debug, Clone, PartialEq)]
pub struct DeadlineError {
    pub message: String,
    pub parts: Vec<&'static str>,
}

impl From<DeadlineProblem> for DeadlineError {
    fn from(p: DeadlineProblem) -> Self {
        DeadlineError { message: p.message(), parts: p.parts().into_iter().map(DatePart::name).collect() }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct OpenErrors {
    pub period: Option<String>,
    pub deadline: Option<DeadlineError>,
}

impl OpenErrors {
    pub fn is_empty(&self) -> bool {
        self.period.is_none() && self.deadline.is_none()
    }

    /// (field id, message) for the error summary, in the order the fields appear.
    pub fn summary(&self) -> Vec<(String, String)> {
        let period = self.period.iter().map(|m| ("period".to_string(), m.clone()));
        let deadline = self.deadline.iter().map(|d| (format!("deadline-{}", d.parts.first().unwrap_or(&"day")), d.message.clone()));
        period.chain(deadline).collect()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PeriodsData {
    pub footprint: FootprintSummary,
    /// Whether this person runs the programme: only then are the forms shown.
    pub manage: bool,
    pub open: Option<WindowView>,
    /// Every window, newest first.
    pub history: Vec<WindowView>,
    /// Every reporting period as (code, label), for the "open a quarter" form.
    pub periods: Vec<(String, String)>,
    pub form: OpenForm,
    pub errors: OpenErrors,
    /// The deadline typed, when it has already passed and the PMO has not confirmed it.
    pub past_deadline: Option<NaiveDate>,
}

/// The value the "Open with a past deadline" button sends as `confirm`.
pub const CONFIRM_PAST_DEADLINE: &str = "past-deadline";

fn by_whom(stamp: &str, who: &Option<String>) -> String {
    match who {
        Some(name) => format!("{} by {name}", when(stamp)),
        None => when(stamp),
    }
}

pub fn periods_page(meta: PageMeta, data: PeriodsData) -> String {
    let title = if data.errors.is_empty() { "Reporting periods".to_string() } else { "Error: Reporting periods".to_string() };
    let meta =
        PageMeta { title, nav: Some(Nav::Returns), breadcrumbs: vec![Crumb::new("Home", "/"), Crumb::new("Returns", "/returns")], ..meta };
    let csrf = meta.csrf_token.clone();
    let intro = format!("Quarters open for returns in {}: one quarter at a time, with a deadline.", data.footprint.name);
    let open_form = data.manage.then(|| open_form(&csrf, data.periods, data.form, &data.errors, data.past_deadline));
    let history_csv = in_footprint("/periods.csv", meta.footprint.as_deref());
    let body = view! {
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-full">
                {error_summary(data.errors.summary())}
                <h1>"Reporting periods"</h1>
                <p class="nhsuk-lede-text">{intro}</p>
                <p><a href="/returns">"Returns and their progress"</a></p>
                // Scores published as files come in here, for the PMO only (as the forms).
                {data.manage.then(|| view! {
                    <p><a href=crate::views::dma_import::UPLOAD_PATH>"Import DMA scores from a file"</a></p>
                })}
                {open_section(&csrf, data.open, data.manage)}
                {open_form}
                {history(data.history, history_csv)}
            </div>
        </div>
    };
    render_page(meta, body)
}

fn open_section(csrf: &str, open: Option<WindowView>, manage: bool) -> impl IntoView {
    let Some(w) = open else {
        return view! {
            <h2>"Open quarter"</h2>
            <p>"No quarter is open for returns."</p>
        }
        .into_any();
    };
    let rows = [
        ("Quarter", w.period.clone()),
        ("Deadline", format!("{} (returns are due by the end of the day)", long_date(w.deadline))),
        ("Opened", by_whom(&w.opened_at, &w.opened_by)),
    ]
    .into_iter()
    .map(|(key, value)| {
        view! {
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">{key}</dt>
                <dd class="nhsuk-summary-list__value">{value}</dd>
            </div>
        }
    })
    .collect_view();
    let close = manage.then(|| {
        let csrf = csrf.to_string();
        view! {
            <form action="/periods/close" method="post" novalidate>
                <input type="hidden" name="csrf_token" value=csrf/>
                <button class="nhsuk-button nhsuk-button--secondary" type="submit" data-module="nhsuk-button">"Close quarter"</button>
            </form>
        }
    });
    view! {
        <h2>"Open quarter"</h2>
        <dl class="nhsuk-summary-list">{rows}</dl>
        {close}
    }
    .into_any()
}

/// The NHS.UK warning callout shown when the deadline typed has already passed.
fn past_deadline_warning(deadline: NaiveDate) -> impl IntoView {
    let explained =
        format!("The deadline {} has already passed, so every return would be overdue as soon as the quarter opens.", long_date(deadline));
    view! {
        <div class="nhsuk-warning-callout" id="past-deadline">
            <h3 class="nhsuk-warning-callout__label">
                <span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>"The deadline has already passed"</span>
            </h3>
            <p>{explained}</p>
            <p>"Change the deadline and open the quarter, or open it with this deadline if that is what you mean."</p>
        </div>
    }
}

fn open_form(
    csrf: &str,
    periods: Vec<(String, String)>,
    form: OpenForm,
    errors: &OpenErrors,
    past_deadline: Option<NaiveDate>,
) -> impl IntoView {
    let csrf = csrf.to_string();
    let period_error = errors.period.clone();
    let period_group = if period_error.is_some() { "nhsuk-form-group nhsuk-form-group--error" } else { "nhsuk-form-group" };
    let select_class = if period_error.is_some() { "nhsuk-select nhsuk-select--error" } else { "nhsuk-select" };
    let period_described = period_error.is_some().then_some("period-error");
    let period_message = period_error.map(|m| {
        view! {
            <span class="nhsuk-error-message" id="period-error">
                <span class="nhsuk-u-visually-hidden">"Error: "</span>{m}
            </span>
        }
    });
    let chosen = form.period.clone();
    let options = periods
        .into_iter()
        .map(|(code, label)| {
            let selected = code == chosen;
            view! { <option value=code selected=selected>{label}</option> }
        })
        .collect_view();
    // "Open quarter" stays first, so pressing Enter without changing the date asks again.
    let confirm = past_deadline.is_some().then(|| {
        view! {
            <button class="nhsuk-button nhsuk-button--secondary" type="submit" name="confirm" value=CONFIRM_PAST_DEADLINE data-module="nhsuk-button">
                "Open with a past deadline"
            </button>
        }
    });
    view! {
        <h2>"Open a quarter for returns"</h2>
        {past_deadline.map(past_deadline_warning)}
        <form action="/periods/open" method="post" novalidate>
            <input type="hidden" name="csrf_token" value=csrf/>
            <div class=period_group>
                <label class="nhsuk-label" for="period">"Quarter"</label>
                {period_message}
                <select class=select_class id="period" name="period" aria-describedby=period_described>
                    <option value="" selected=form.period.is_empty()>"Choose a quarter"</option>
                    {options}
                </select>
            </div>
            {deadline_input(&form, errors.deadline.clone())}
            <div class="nhsuk-button-group">
                <button class="nhsuk-button" type="submit" data-module="nhsuk-button">"Open quarter"</button>
                {confirm}
            </div>
        </form>
    }
}

/// The NHS.UK date input: a fieldset with a legend, a hint, and day, month and year fields.
fn deadline_input(form: &OpenForm, error: Option<DeadlineError>) -> impl IntoView {
    let group = if error.is_some() { "nhsuk-form-group nhsuk-form-group--error" } else { "nhsuk-form-group" };
    let described = if error.is_some() { "deadline-hint deadline-error" } else { "deadline-hint" };
    let marked: Vec<&'static str> = error.as_ref().map(|e| e.parts.clone()).unwrap_or_default();
    let message = error.map(|e| {
        view! {
            <span class="nhsuk-error-message" id="deadline-error">
                <span class="nhsuk-u-visually-hidden">"Error: "</span>{e.message}
            </span>
        }
    });
    let items = [("day", "Day", form.day.clone(), 2), ("month", "Month", form.month.clone(), 2), ("year", "Year", form.year.clone(), 4)]
        .into_iter()
        .map(|(part, label, value, width)| {
            let id = format!("deadline-{part}");
            let mut class = format!("nhsuk-input nhsuk-date-input__input nhsuk-input--width-{width}");
            if marked.contains(&part) {
                class.push_str(" nhsuk-input--error");
            }
            view! {
                <div class="nhsuk-date-input__item">
                    <div class="nhsuk-form-group">
                        <label class="nhsuk-label nhsuk-date-input__label" for=id.clone()>{label}</label>
                        <input class=class id=id.clone() name=id type="text" inputmode="numeric" value=value/>
                    </div>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class=group>
            <fieldset class="nhsuk-fieldset" role="group" aria-describedby=described>
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"Deadline for returns"</legend>
                <div class="nhsuk-hint" id="deadline-hint">"Returns are due by the end of this day. For example, 31 10 2016"</div>
                {message}
                <div class="nhsuk-date-input" id="deadline">{items}</div>
            </fieldset>
        </div>
    }
}

pub const HISTORY_HEADINGS: [&str; 4] = ["Quarter", "Deadline", "Opened", "Closed"];

/// The quarters opened for returns in words: the page's table and its CSV download.
pub fn history_table(windows: &[WindowView]) -> WordedTable {
    let rows = windows
        .iter()
        .map(|w| {
            let closed = match &w.closed_at {
                Some(at) => by_whom(at, &w.closed_by),
                None => "Open".to_string(),
            };
            vec![w.period.clone(), long_date(w.deadline), by_whom(&w.opened_at, &w.opened_by), closed]
        })
        .collect();
    WordedTable { headings: HISTORY_HEADINGS.map(String::from).to_vec(), rows }
}

fn history(windows: Vec<WindowView>, csv_href: String) -> impl IntoView {
    if windows.is_empty() {
        return view! {
            <h2>"History"</h2>
            <p>"No quarter has been opened for returns yet."</p>
        }
        .into_any();
    }
    let table = history_table(&windows);
    view! {
        <h2>"History"</h2>
        {data_table("Quarters opened for returns, newest first", &table.headings, worded_rows(table.rows))}
        {page_csv_link(csv_href)}
    }
    .into_any()
}

#[cfg(test)]
#[path = "periods_tests.rs"]
mod tests;
