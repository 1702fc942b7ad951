//! The deployments section: rows the form numbers `d1-…`, `d2-…`, the last blank for a new
//! deployment. A row edits one of the organisation's official deployments (by id) or adds one.

use std::collections::BTreeMap;

use super::fields::{self, DEPLOYMENT_COUNT};
use super::figures::{DeploymentEntry, DeploymentFigures, DeploymentStatus};
use super::form::{parse_date, FieldErrors, RawForm};
use super::template::ReturnTemplate;

const TITLE_MAX: usize = 200;
const DESCRIPTION_MAX: usize = 2000;
/// More rows than any organisation plans; a forged count cannot make the server loop long.
const DEPLOYMENT_ROWS_MAX: usize = 200;

pub(super) fn parse_deployments(template: &ReturnTemplate, raw: &RawForm, errors: &mut FieldErrors) -> DeploymentFigures {
    let mut out = DeploymentFigures::default();
    let rows = raw.get(DEPLOYMENT_COUNT).parse::<usize>().unwrap_or(0).min(DEPLOYMENT_ROWS_MAX);
    let years: Vec<i32> = template.deployment_years().iter().map(|y| y.0).collect();
    let mut titles: BTreeMap<String, usize> = BTreeMap::new();
    for row in 1..=rows {
        let get = |f: &str| raw.get(&fields::deployment(row, f)).trim().to_string();
        let official_id = match get("id").as_str() {
            "" => None,
            id => match id.parse::<i64>().ok().filter(|id| template.deployment_ids.contains(id)) {
                Some(id) => Some(id),
                None => {
                    errors.add(
                        fields::deployment(row, "title"),
                        "This deployment is not one of your organisation's. Reload the page and try again.",
                    );
                    continue;
                }
            },
        };
        let (title, description) = (get("title"), get("description"));
        let blank = ["title", "description", "start", "target", "delivered", "capability"].iter().all(|f| get(f).is_empty());
        if official_id.is_none() && blank {
            continue; // the empty row for a new deployment
        }
        let label = if title.is_empty() { format!("deployment {row}") } else { title.clone() };
        if title.is_empty() {
            errors.add(fields::deployment(row, "title"), format!("Enter a title for deployment {row}"));
        } else if title.chars().count() > TITLE_MAX {
            errors.add(fields::deployment(row, "title"), format!("Title of {label} must be {TITLE_MAX} characters or fewer"));
        } else if let Some(first) = titles.insert(title.to_lowercase(), row) {
            errors.add(fields::deployment(row, "title"), format!("Deployment {first} already has the title {title}"));
        }
        if description.chars().count() > DESCRIPTION_MAX {
            errors.add(
                fields::deployment(row, "description"),
                format!("Description of {label} must be {DESCRIPTION_MAX} characters or fewer"),
            );
        }
        let capability = match get("capability").as_str() {
            "" => None,
            code if template.trajectory_themes().iter().any(|t| t.code == code) => Some(code.to_string()),
            _ => {
                errors.add(fields::deployment(row, "capability"), format!("Select a capability for {label} from the list"));
                None
            }
        };
        let year = |f: &str| get(f).parse::<i32>().ok().filter(|y| years.contains(y));
        let target_year = year("target");
        if target_year.is_none() {
            errors.add(fields::deployment(row, "target"), format!("Select the year {label} is due"));
        }
        let start_year = year("start");
        if start_year.is_none() && !get("start").is_empty() {
            errors.add(fields::deployment(row, "start"), format!("Select the year {label} starts from the list"));
        }
        if let (Some(s), Some(t)) = (start_year, target_year) {
            if s > t {
                errors.add(fields::deployment(row, "start"), format!("{label} must start no later than it is due"));
            }
        }
        let status = DeploymentStatus::parse(&get("status"));
        if status.is_none() {
            errors.add(fields::deployment(row, "status"), format!("Select active, committed or aspirational for {label}"));
        }
        let delivered_on = parse_date(&get("delivered")).unwrap_or_else(|_| {
            errors.add(fields::deployment(row, "delivered"), format!("Date {label} was delivered must be a real date, like 31/3/2017"));
            None
        });
        if let (Some(target_year), Some(status)) = (target_year, status) {
            out.items.push(DeploymentEntry { official_id, capability, title, description, start_year, target_year, status, delivered_on });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::returns::figures::SectionFigures;
    use crate::returns::parse::parse;
    use crate::returns::parse::tests::{raw, template};
    use crate::returns::SectionKind;

    #[test]
    fn deployments_are_added_edited_and_checked() {
        let t = template();
        let form = raw(&[
            ("deployment-count", "3"),
            ("d1-id", "7"),
            ("d1-title", "EPR"),
            ("d1-target", "2018"),
            ("d1-status", "committed"),
            ("d1-delivered", "31/3/2019"),
            ("d2-title", "Robotic pharmacy"),
            ("d2-capability", "records"),
            ("d2-start", "2017"),
            ("d2-target", "2019"),
            ("d2-status", "aspirational"),
            ("d3-title", ""),
            ("completed", "yes"),
        ]);
        let SectionFigures::Deployments(f) = parse(&t, SectionKind::Deployments, &form).unwrap().figures else { panic!() };
        assert_eq!(f.items.len(), 2, "the blank third row is skipped");
        assert_eq!(f.items[0].official_id, Some(7));
        assert_eq!(f.items[0].delivered_on, chrono::NaiveDate::from_ymd_opt(2019, 3, 31));
        assert_eq!(f.items[1].capability.as_deref(), Some("records"));

        let clash = raw(&[
            ("deployment-count", "2"),
            ("d1-title", "A"),
            ("d1-target", "2017"),
            ("d1-status", "active"),
            ("d2-title", "a"),
            ("d2-start", "2019"),
            ("d2-target", "2017"),
            ("d2-status", "active"),
            ("completed", "no"),
        ]);
        let errors = parse(&t, SectionKind::Deployments, &clash).err().unwrap();
        assert!(errors.for_field("d2-title").unwrap().contains("already has the title"));
        assert!(errors.for_field("d2-start").unwrap().contains("no later than"));
    }
}
