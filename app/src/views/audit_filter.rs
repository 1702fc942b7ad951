//! The audit log's filter form: one select per filter (organisation, person, quarter, kind of
//! change), sent as a plain GET so it works without JavaScript, each keeping its choice.

use leptos::prelude::*;

use super::audit_log::{action_words, period_label};
use crate::audit::{AuditFilter, FilterChoices};

/// One choice of a filter's select.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

impl Choice {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Self {
        Choice { value: value.into(), label: label.into() }
    }
}

pub(super) fn filter_form(filter: &AuditFilter, options: FilterChoices) -> impl IntoView {
    let organisations =
        options.organisations.into_iter().map(|o| Choice::new(o.code.clone(), format!("{} ({})", o.short_name, o.code))).collect();
    let users = options.people.into_iter().map(|p| Choice::new(p.username.clone(), user_label(&p.display_name, &p.username))).collect();
    let periods = options.periods.into_iter().map(|p| Choice::new(p.clone(), period_label(&p))).collect();
    let kinds = options.kinds.into_iter().map(|k| Choice::new(k.clone(), action_words(&k))).collect();
    view! {
        <form class="ldr-audit-filter" action="/audit" method="get" novalidate>
            <div class="nhsuk-grid-row">
                {select("organisation", "Organisation", organisations, filter.organisation.as_deref())}
                {select("user", "User", users, filter.user.as_deref())}
                {select("period", "Period", periods, filter.period.as_deref())}
                {select("kind", "Kind of change", kinds, filter.kind.as_deref())}
            </div>
            <button class="nhsuk-button nhsuk-button--secondary" data-module="nhsuk-button" type="submit">"Filter"</button>
        </form>
    }
}

/// A person by name and username, without saying the same thing twice.
fn user_label(name: &str, username: &str) -> String {
    if name == username {
        username.to_string()
    } else {
        format!("{name} ({username})")
    }
}

fn select(name: &'static str, label: &'static str, mut choices: Vec<Choice>, current: Option<&str>) -> impl IntoView {
    // A value from a hand-edited or stale link is still shown as chosen, so the form says
    // truthfully why the table is empty rather than pretending "All" was asked for.
    if let Some(current) = current.filter(|c| !choices.iter().any(|ch| ch.value == *c)) {
        choices.push(Choice::new(current, current));
    }
    let id = format!("filter-{name}");
    let options = choices
        .into_iter()
        .map(|c| {
            let selected = current == Some(c.value.as_str());
            view! { <option value=c.value selected=selected>{c.label}</option> }
        })
        .collect_view();
    view! {
        <div class="nhsuk-grid-column-one-quarter">
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for=id.clone()>{label}</label>
                <select class="nhsuk-select" id=id name=name>
                    <option value="" selected=current.is_none()>"All"</option>
                    {options}
                </select>
            </div>
        </div>
    }
}
