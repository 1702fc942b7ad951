//! The deployment timeline's filters: reading what the GET form sent against the choices the
//! page offers, and the form itself (NHS selects, "Apply filters", works with JavaScript off).
//! A value that is not one of the choices (a stale or edited link) is refused with the NHS
//! error summary, not ignored: a table quietly showing everything would claim the filter
//! had been applied.

use leptos::prelude::*;

use crate::facts::{DeploymentFilter, DeploymentStatus};

/// The choices each select offers: (code, label) in the order shown.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FilterChoices {
    pub organisations: Vec<(String, String)>,
    pub capabilities: Vec<(String, String)>,
}

impl FilterChoices {
    /// The capabilities the deployments deliver, by name, each once.
    pub fn capabilities_of(deployments: &[crate::facts::TimelineDeployment]) -> Vec<(String, String)> {
        let mut capabilities: Vec<(String, String)> =
            deployments.iter().filter_map(|d| Some((d.capability_code.clone()?, d.capability.clone()?))).collect();
        capabilities.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
        capabilities.dedup_by(|a, b| a.0 == b.0);
        capabilities
    }
}

/// What the form sent, as typed (an empty value is "All").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypedFilter {
    pub organisation: Option<String>,
    pub capability: Option<String>,
    pub status: Option<String>,
}

impl TypedFilter {
    pub fn new(organisation: Option<String>, capability: Option<String>, status: Option<String>) -> Self {
        let given = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        TypedFilter { organisation: given(organisation), capability: given(capability), status: given(status) }
    }
}

/// Each filter's field id, for the error summary's links.
pub const ORGANISATION_FIELD: &str = "filter-organisation";
pub const CAPABILITY_FIELD: &str = "filter-capability";
pub const STATUS_FIELD: &str = "filter-status";

/// The filter the form asks for, or every problem with it in one round (field id, message).
pub fn read_filter(typed: &TypedFilter, choices: &FilterChoices) -> Result<DeploymentFilter, Vec<(String, String)>> {
    let mut errors = Vec::new();
    let known = |value: &Option<String>, list: &[(String, String)]| value.as_ref().is_none_or(|v| list.iter().any(|(c, _)| c == v));
    if !known(&typed.organisation, &choices.organisations) {
        errors.push((ORGANISATION_FIELD.to_string(), "Choose an organisation from the list".to_string()));
    }
    if !known(&typed.capability, &choices.capabilities) {
        errors.push((CAPABILITY_FIELD.to_string(), "Choose a capability from the list".to_string()));
    }
    let status = typed.status.as_deref().map(DeploymentStatus::parse);
    if let Some(None) = status {
        errors.push((STATUS_FIELD.to_string(), "Choose active, committed or aspirational".to_string()));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(DeploymentFilter { organisation: typed.organisation.clone(), capability: typed.capability.clone(), status: status.flatten() })
}

/// The GET form: three selects and "Apply filters". `hidden`: the quarter and footprint
/// shown, kept as the form replaces the query.
pub fn filter_form(
    typed: &TypedFilter,
    choices: FilterChoices,
    errors: &[(String, String)],
    hidden: Vec<(&'static str, String)>,
) -> impl IntoView {
    let statuses = DeploymentStatus::ALL.iter().map(|s| (s.code().to_string(), s.label().to_string())).collect();
    let error_for = |field: &str| errors.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone());
    let hidden = hidden.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value/> }).collect_view();
    view! {
        <form class="ldr-deployment-filter" action="/deployments" method="get" novalidate>
            {hidden}
            <div class="nhsuk-grid-row">
                {select(ORGANISATION_FIELD, "organisation", "Organisation", choices.organisations, typed.organisation.clone(), error_for(ORGANISATION_FIELD))}
                {select(CAPABILITY_FIELD, "capability", "Capability", choices.capabilities, typed.capability.clone(), error_for(CAPABILITY_FIELD))}
                {select(STATUS_FIELD, "status", "Status", statuses, typed.status.clone(), error_for(STATUS_FIELD))}
            </div>
            <button class="nhsuk-button nhsuk-button--secondary" data-module="nhsuk-button" type="submit">"Apply filters"</button>
        </form>
    }
}

fn select(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    mut choices: Vec<(String, String)>,
    current: Option<String>,
    error: Option<String>,
) -> impl IntoView {
    // A value not among the choices is still shown as chosen, so the form says what was asked.
    if let Some(current) = current.as_ref().filter(|c| !choices.iter().any(|(code, _)| code == *c)) {
        choices.push((current.clone(), current.clone()));
    }
    let options = choices
        .into_iter()
        .map(|(code, text)| {
            let selected = current.as_deref() == Some(code.as_str());
            view! { <option value=code selected=selected>{text}</option> }
        })
        .collect_view();
    let (group, class) = match error {
        Some(_) => ("nhsuk-form-group nhsuk-form-group--error", "nhsuk-select nhsuk-select--error"),
        None => ("nhsuk-form-group", "nhsuk-select"),
    };
    let error_id = format!("{id}-error");
    let described = error.is_some().then(|| error_id.clone());
    let message = error.map(|m| {
        view! {
            <span class="nhsuk-error-message" id=error_id>
                <span class="nhsuk-u-visually-hidden">"Error: "</span>{m}
            </span>
        }
    });
    view! {
        <div class="nhsuk-grid-column-one-third">
            <div class=group>
                <label class="nhsuk-label" for=id>{label}</label>
                {message}
                <select class=class id=id name=name aria-describedby=described>
                    <option value="" selected=current.is_none()>"All"</option>
                    {options}
                </select>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choices() -> FilterChoices {
        FilterChoices {
            organisations: vec![("RTE".into(), "GHFT".into()), ("R1J".into(), "GCS".into())],
            capabilities: vec![("records".into(), "Records, Assessments & Plans".into())],
        }
    }

    fn typed(o: &str, c: &str, s: &str) -> TypedFilter {
        TypedFilter::new(Some(o.into()), Some(c.into()), Some(s.into()))
    }

    #[test]
    fn empty_choices_mean_all_and_known_values_are_kept() {
        assert_eq!(read_filter(&typed("", " ", ""), &choices()), Ok(DeploymentFilter::default()));
        let f = read_filter(&typed("R1J", "records", "committed"), &choices()).unwrap();
        assert_eq!(f.organisation.as_deref(), Some("R1J"));
        assert_eq!(f.capability.as_deref(), Some("records"));
        assert_eq!(f.status, Some(DeploymentStatus::Committed));
    }

    #[test]
    fn every_unknown_value_is_refused_in_one_round_with_its_field() {
        let errors = read_filter(&typed("XYZ", "nope", "Active"), &choices()).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, vec![ORGANISATION_FIELD, CAPABILITY_FIELD, STATUS_FIELD]);
        assert_eq!(errors[0].1, "Choose an organisation from the list");
    }

    #[test]
    fn the_form_keeps_what_was_chosen_and_marks_the_field_in_error() {
        let errors = vec![(CAPABILITY_FIELD.to_string(), "Choose a capability from the list".to_string())];
        let html = Owner::new()
            .with(|| filter_form(&typed("R1J", "<nope>", "active"), choices(), &errors, vec![("period", "2016-17-q1".into())]).to_html());
        assert!(html.contains("action=\"/deployments\" method=\"get\""), "{html}");
        assert!(html.contains("<input type=\"hidden\" name=\"period\" value=\"2016-17-q1\""), "{html}");
        assert!(html.contains("<option value=\"R1J\" selected>GCS</option>"), "{html}");
        assert!(html.contains("<option value=\"active\" selected>Active</option>"), "{html}");
        assert!(html.contains("<option value=\"&lt;nope&gt;\" selected>&lt;nope&gt;</option>"), "{html}");
        assert!(html.contains("nhsuk-form-group--error") && html.contains("aria-describedby=\"filter-capability-error\""));
        assert_eq!(html.matches("nhsuk-error-message").count(), 1);
        assert!(html.contains(">Apply filters</button>"));
    }
}
