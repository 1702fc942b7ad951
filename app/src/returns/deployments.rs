//! The deployments section, changed one deployment at a time: each has its own form (title,
//! capability, description, years, status and the NHS date input for the delivery date), a
//! separate form adds one, and a row is removed (reversibly) rather than deleted. The
//! section's own form only says whether it is complete.

use std::collections::HashSet;

use super::figures::{DeploymentEntry, DeploymentFigures, DeploymentStatus};
use super::form::{FieldErrors, RawForm};
use super::template::ReturnTemplate;
use crate::domain::dates::{parse_date_input, DATE_PARTS};

pub const TITLE: &str = "title";
pub const CAPABILITY: &str = "capability";
pub const DESCRIPTION: &str = "description";
pub const START: &str = "start";
pub const TARGET: &str = "target";
pub const STATUS: &str = "status";
/// The date input's id; its fields are `delivered-day`, `delivered-month`, `delivered-year`.
pub const DELIVERED: &str = "delivered";
/// How messages name the delivery date.
pub const DELIVERED_LABEL: &str = "Date delivered";

const TITLE_MAX: usize = 200;
const DESCRIPTION_MAX: usize = 2000;

/// `delivered-day` and so on.
pub fn delivered_part(part: &str) -> String {
    format!("{DELIVERED}-{part}")
}

/// A refused deployment form: a message per field, and which parts of the date to mark.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeploymentErrors {
    pub fields: FieldErrors,
    pub delivered_parts: Vec<&'static str>,
}

/// A deployment as its form's text.
pub fn to_raw(d: &DeploymentEntry) -> RawForm {
    let mut raw = RawForm::default();
    raw.set(TITLE, d.title.clone());
    raw.set(CAPABILITY, d.capability.clone().unwrap_or_default());
    raw.set(DESCRIPTION, d.description.clone());
    raw.set(START, d.start_year.map(|y| y.to_string()).unwrap_or_default());
    raw.set(TARGET, d.target_year.to_string());
    raw.set(STATUS, d.status.code());
    if let Some(on) = d.delivered_on {
        raw.set(delivered_part("day"), on.format("%-d").to_string());
        raw.set(delivered_part("month"), on.format("%-m").to_string());
        raw.set(delivered_part("year"), on.format("%Y").to_string());
    }
    raw
}

/// Parse one deployment's form: the new deployment (`row` None) or row `row` of `figures`.
/// Every problem is reported at once. The deployment keeps its official identity and its
/// removal mark from the stored row; the form never carries ids.
pub fn parse_deployment(
    template: &ReturnTemplate,
    figures: &DeploymentFigures,
    row: Option<usize>,
    raw: &RawForm,
) -> Result<DeploymentEntry, DeploymentErrors> {
    let mut errors = DeploymentErrors::default();
    let e = &mut errors.fields;
    let get = |f: &str| raw.get(f).trim().to_string();
    let (title, description) = (get(TITLE), get(DESCRIPTION));
    let taken: HashSet<String> =
        figures.items.iter().enumerate().filter(|(i, d)| Some(i + 1) != row && !d.removed).map(|(_, d)| d.title.to_lowercase()).collect();
    if title.is_empty() {
        e.add(TITLE, "Enter a title for the deployment");
    } else if title.chars().count() > TITLE_MAX {
        e.add(TITLE, format!("Title must be {TITLE_MAX} characters or fewer"));
    } else if taken.contains(&title.to_lowercase()) {
        e.add(TITLE, format!("Another deployment already has the title {title}"));
    }
    let capability = match get(CAPABILITY).as_str() {
        "" => None,
        code if template.trajectory_themes().iter().any(|t| t.code == code) => Some(code.to_string()),
        _ => {
            e.add(CAPABILITY, "Select a capability from the list");
            None
        }
    };
    if description.chars().count() > DESCRIPTION_MAX {
        e.add(DESCRIPTION, format!("Description must be {DESCRIPTION_MAX} characters or fewer"));
    }
    let years: Vec<i32> = template.deployment_years().iter().map(|y| y.0).collect();
    let year = |f: &str| get(f).parse::<i32>().ok().filter(|y| years.contains(y));
    let start_year = year(START);
    if start_year.is_none() && !get(START).is_empty() {
        e.add(START, "Select the year it starts from the list");
    }
    let target_year = year(TARGET);
    if target_year.is_none() {
        e.add(TARGET, "Select the year it is due");
    }
    if let (Some(s), Some(t)) = (start_year, target_year) {
        if s > t {
            e.add(START, "The year it starts must be no later than the year it is due");
        }
    }
    let status = DeploymentStatus::parse(&get(STATUS));
    if status.is_none() {
        e.add(STATUS, "Select active, committed or aspirational");
    }
    let [day, month, year] = DATE_PARTS.map(|p| get(&delivered_part(p)));
    let delivered_on = parse_date_input(DELIVERED_LABEL, &day, &month, &year).unwrap_or_else(|problem| {
        e.add(delivered_part(problem.parts.first().copied().unwrap_or("day")), problem.message);
        errors.delivered_parts = problem.parts;
        None
    });
    match (target_year, status) {
        (Some(target_year), Some(status)) if errors.fields.is_empty() => {
            let existing = row.and_then(|n| figures.row(n));
            Ok(DeploymentEntry {
                official_id: existing.and_then(|d| d.official_id),
                capability,
                title,
                description,
                start_year,
                target_year,
                status,
                delivered_on,
                removed: existing.is_some_and(|d| d.removed),
            })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::returns::sections::test_support::{raw, template};

    fn epr() -> DeploymentFigures {
        let mut figures = DeploymentFigures::default();
        figures.items.push(DeploymentEntry {
            official_id: Some(7),
            capability: None,
            title: "EPR".into(),
            description: String::new(),
            start_year: None,
            target_year: 2017,
            status: DeploymentStatus::Active,
            delivered_on: None,
            removed: false,
        });
        figures
    }

    #[test]
    fn a_deployment_is_changed_keeping_its_identity_and_its_form_round_trips() {
        let t = template();
        let form = raw(&[
            ("title", "EPR phase 2"),
            ("target", "2018"),
            ("status", "committed"),
            ("delivered-day", "30"),
            ("delivered-month", "9"),
            ("delivered-year", "2016"),
        ]);
        let d = parse_deployment(&t, &epr(), Some(1), &form).unwrap();
        assert_eq!(d.official_id, Some(7));
        assert_eq!(d.delivered_on, chrono::NaiveDate::from_ymd_opt(2016, 9, 30));
        assert_eq!(parse_deployment(&t, &epr(), Some(1), &to_raw(&d)).unwrap(), d);
        let added = parse_deployment(&t, &epr(), None, &raw(&[("title", "Robotic pharmacy"), ("target", "2019"), ("status", "active")]));
        assert_eq!(added.unwrap().official_id, None, "a new deployment has no official identity yet");
    }

    #[test]
    fn every_problem_of_a_deployment_form_is_reported_at_once() {
        let t = template();
        let form = raw(&[
            ("title", "epr"),
            ("capability", "nonsense"),
            ("start", "2019"),
            ("target", "2017"),
            ("status", ""),
            ("delivered-day", "31"),
            ("delivered-month", "2"),
            ("delivered-year", "2017"),
        ]);
        let errors = parse_deployment(&t, &epr(), None, &form).unwrap_err();
        let f = &errors.fields;
        assert!(f.for_field("title").unwrap().contains("already has the title"));
        assert!(f.for_field("capability").is_some() && f.for_field("status").is_some());
        assert!(f.for_field("start").unwrap().contains("no later than"));
        assert_eq!(f.for_field("delivered-day"), Some("Date delivered must be a real date"));
        assert_eq!(errors.delivered_parts, vec!["day", "month", "year"]);
        let blank = parse_deployment(&t, &epr(), Some(1), &raw(&[])).unwrap_err();
        assert!(blank.fields.for_field("title").is_some() && blank.fields.for_field("target").is_some());
    }
}
