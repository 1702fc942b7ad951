//! Unit tests of `periods`, kept beside it.
use super::*;
use crate::views::fixtures::glos;

fn window(closed: bool) -> WindowView {
    WindowView {
        period: "2016/17 Q2".into(),
        deadline: NaiveDate::from_ymd_opt(2016, 10, 31).unwrap(),
        opened_at: "2016-07-01 09:30:00".into(),
        opened_by: Some("Programme Office".into()),
        closed_at: closed.then(|| "2016-11-01 08:00:00".into()),
        closed_by: closed.then(|| "Programme Office".into()),
    }
}

fn data(manage: bool) -> PeriodsData {
    PeriodsData {
        footprint: glos(),
        manage,
        open: Some(window(false)),
        history: vec![window(false), window(true)],
        periods: vec![("2016-17-q1".into(), "2016/17 Q1".into()), ("2016-17-q2".into(), "2016/17 Q2".into())],
        form: OpenForm::default(),
        errors: OpenErrors::default(),
        past_deadline: None,
    }
}

fn meta() -> PageMeta {
    PageMeta { csrf_token: "tok".into(), ..Default::default() }
}

#[test]
fn the_pmo_sees_the_open_quarter_both_forms_and_the_history() {
    let html = periods_page(meta(), data(true));
    assert_eq!(html.matches("<h1").count(), 1);
    assert!(html.contains("31 October 2016 (returns are due by the end of the day)"));
    assert!(html.contains("1 July 2016 at 09:30 by Programme Office"));
    assert!(html.contains("action=\"/periods/close\"") && html.contains("action=\"/periods/open\""));
    assert_eq!(html.matches("name=\"csrf_token\" value=\"tok\"").count(), 2, "the close and open forms");
    assert!(html.contains("<legend class=\"nhsuk-fieldset__legend nhsuk-fieldset__legend--s\">Deadline for returns</legend>"));
    assert!(html.contains("Quarters opened for returns, newest first</caption>"));
    assert!(html.contains("href=\"/returns\""));
    assert!(!html.contains("nhsuk-error-summary"));
}

#[test]
fn readers_see_no_forms() {
    let html = periods_page(meta(), data(false));
    assert!(html.contains("2016/17 Q2"));
    assert!(!html.contains("/periods/close") && !html.contains("/periods/open"));
}

#[test]
fn a_refused_form_keeps_what_was_typed_and_marks_each_field() {
    let mut d = data(true);
    d.form = OpenForm { period: "2016-17-q2".into(), day: "31".into(), month: "13".into(), year: "2016".into() };
    d.errors = OpenErrors {
        period: Some("Close 2016/17 Q2 before opening another quarter".into()),
        deadline: Some(DeadlineError { message: "Deadline must be a real date".into(), parts: vec!["day", "month", "year"] }),
    };
    let html = periods_page(meta(), d);
    assert!(html.contains("<title>Error: Reporting periods"));
    assert!(html.contains("<a href=\"#period\">Close 2016/17 Q2 before opening another quarter</a>"));
    assert!(html.contains("<a href=\"#deadline-day\">Deadline must be a real date</a>"));
    assert_eq!(html.matches("nhsuk-form-group--error").count(), 2);
    assert!(html.contains("<option value=\"2016-17-q2\" selected>2016/17 Q2</option>"), "{html}");
    assert!(html.contains("id=\"deadline-month\" name=\"deadline-month\" type=\"text\" inputmode=\"numeric\" value=\"13\""));
    assert_eq!(html.matches("nhsuk-input--error").count(), 3);
    assert!(html.contains("aria-describedby=\"deadline-hint deadline-error\""));
}

#[test]
fn a_past_deadline_is_questioned_with_a_warning_and_a_button_to_confirm_it() {
    let mut d = data(true);
    d.form = OpenForm { period: "2016-17-q2".into(), day: "31".into(), month: "10".into(), year: "2016".into() };
    d.past_deadline = Some(NaiveDate::from_ymd_opt(2016, 10, 31).unwrap());
    let html = periods_page(meta(), d);
    assert!(html.contains("<title>Reporting periods"), "a warning, not an error");
    assert!(!html.contains("nhsuk-error-summary"));
    assert!(html.contains("class=\"nhsuk-warning-callout\""));
    assert!(
        html.contains("The deadline 31 October 2016 has already passed, so every return would be overdue as soon as the quarter opens.")
    );
    assert!(html.contains("name=\"confirm\" value=\"past-deadline\""));
    let open = html.find(">Open quarter</button>").unwrap();
    assert!(open < html.find(">Open with a past deadline</button>").unwrap(), "Enter still asks again");
    assert!(html.contains("id=\"deadline-year\" name=\"deadline-year\" type=\"text\" inputmode=\"numeric\" value=\"2016\""));
}

#[test]
fn without_a_past_deadline_there_is_no_warning_or_confirm_button() {
    let html = periods_page(meta(), data(true));
    assert!(!html.contains("nhsuk-warning-callout") && !html.contains("Open with a past deadline"));
}

#[test]
fn with_nothing_open_the_page_says_so() {
    let d = PeriodsData { open: None, history: vec![], ..data(true) };
    let html = periods_page(meta(), d);
    assert!(html.contains("No quarter is open for returns."));
    assert!(html.contains("No quarter has been opened for returns yet."));
    assert!(html.contains("<option value=\"\" selected>Choose a quarter</option>"));
}
