//! `/audit`: a footprint's audit log, newest first, filtered by organisation, person,
//! quarter and kind of change with a plain GET form (works without JavaScript), with each
//! change's before and after values written out so a reviewer can read them. A section save
//! names its section and lists only the fields that changed, in words ("Records, Assessments
//! & Plans: 12 → 25"), never the stored JSON.

use leptos::prelude::*;
use serde_json::Value;

use super::audit_changes::section_save;
pub use super::audit_changes::SectionSave;
use super::audit_filter::filter_form;
pub use super::audit_filter::Choice;
use super::layout::{render_page, Crumb, Nav, PageMeta};
use super::widgets::{data_table, page_csv_link};
pub use crate::audit::AuditFilter;
use crate::audit::{AuditEntry, FilterChoices};
use crate::domain::{PeriodCode, Role};

/// A value recorded before or after a change, ready to show.
#[derive(Debug, Clone, PartialEq)]
enum Payload {
    /// A JSON object: its keys, each with its value in words or compact JSON.
    Fields(Vec<(String, String)>),
    /// Anything else: a scalar, a list, or text that was not JSON.
    Text(String),
}

impl Payload {
    /// A stored JSON value as the page shows it: an object's fields one by one, anything
    /// else as text.
    fn of(value: Value) -> Payload {
        match value {
            Value::Object(map) => Payload::Fields(map.into_iter().map(|(k, v)| (k, value_text(&v))).collect()),
            other => Payload::Text(value_text(&other)),
        }
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "none".into(),
        Value::Bool(true) => "yes".into(),
        Value::Bool(false) => "no".into(),
        // Numbers print as written; nested lists and objects as compact JSON.
        other => other.to_string(),
    }
}

/// One row of the audit log: the entry, and a section save read as what changed (shown
/// instead of the entry's before and after).
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRow {
    pub entry: AuditEntry,
    pub section: Option<SectionSave>,
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditPage {
    pub footprint_name: String,
    pub filter: AuditFilter,
    pub options: FilterChoices,
    pub rows: Vec<AuditRow>,
    /// The next page's address, when there are older entries.
    pub older_href: Option<String>,
    /// The first page's address with the same filters, when this is not the first page.
    pub newest_href: Option<String>,
    /// This page's entries as a CSV (`/audit.csv` with the same filters and position).
    pub csv_href: String,
}

/// Payloads longer than this (in characters of keys and values) or with more fields than
/// `LONG_FIELDS` are folded into a details component so the table stays scannable.
const LONG_CHARS: usize = 120;
const LONG_FIELDS: usize = 4;

pub fn audit_log_page(meta: PageMeta, page: AuditPage) -> String {
    let meta = PageMeta { title: "Audit log".into(), nav: Some(Nav::Audit), breadcrumbs: vec![Crumb::new("Home", "/")], ..meta };
    let intro =
        format!("Every change recorded for {}, newest first: who made it, when, and the values before and after.", page.footprint_name);
    let caption = format!("Audit entries for {}, newest first", page.footprint_name);
    let table = if page.rows.is_empty() {
        view! { <p class="nhsuk-body">"No audit entries match these filters."</p> }.into_any()
    } else {
        let body = page.rows.into_iter().map(row).collect_view();
        view! {
            {data_table(caption, &HEADINGS, body)}
            {page_csv_link(page.csv_href)}
        }
        .into_any()
    };
    let body = view! {
        <h1>"Audit log"</h1>
        <p class="nhsuk-lede-text">{intro}</p>
        {filter_form(&page.filter, page.options)}
        {table}
        {paging(page.older_href, page.newest_href)}
    };
    render_page(meta, body)
}

/// The action in words where we know it; otherwise the code itself.
pub fn action_words(action: &str) -> String {
    let words = match action {
        "return.save_section" => "Section saved",
        "return.start" => "Return started",
        "return.submit" => "Return submitted",
        "return.approve" => "Return approved",
        "return.return" => "Return sent back for changes",
        "return.amend" => "Amendment started",
        "period.open" => "Quarter opened for returns",
        "period.close" => "Quarter closed for returns",
        "session.sign_in" => "Signed in",
        "user.add" => "Account added",
        "user.passwd" => "Password changed",
        "user.disable" => "Account disabled",
        "seed.load" => "Reference data loaded",
        other => other,
    };
    words.to_string()
}

pub(super) fn period_label(code: &str) -> String {
    code.parse::<PeriodCode>().map_or_else(|_| code.to_string(), |p| p.label())
}

fn role_label(code: &str) -> String {
    code.parse::<Role>().map_or_else(|_| code.to_string(), |r| r.label().to_string())
}

pub const HEADINGS: [&str; 7] = ["When", "Who", "What", "Organisation", "Period", "Before", "After"];

/// One entry's words before its values.
struct EntryWords {
    when: String,
    who: String,
    role: Option<String>,
    what: String,
    entity: String,
    organisation: String,
    period: String,
}

fn entry_words(r: &AuditEntry, section: Option<&SectionSave>) -> EntryWords {
    let who = match &r.actor_name {
        Some(name) if *name != r.actor => format!("{name} ({})", r.actor),
        _ => r.actor.clone(),
    };
    let entity = match &r.entity_id {
        Some(id) => format!("{} {id}", r.entity),
        None => r.entity.clone(),
    };
    let what = match section {
        Some(s) => format!("{}: {}", action_words(&r.action), s.kind.title()),
        None => action_words(&r.action),
    };
    EntryWords {
        when: crate::domain::long_date_time(&r.at.to_string()),
        who,
        role: r.role.as_deref().map(role_label),
        what,
        entity,
        organisation: r.organisation.as_ref().map_or_else(|| "–".to_string(), |o| format!("{} ({})", o.short_name, o.code)),
        period: r.period.as_deref().map_or_else(|| "–".to_string(), period_label),
    }
}

/// A value before or after in words, one field a line (folded or not on the page).
fn payload_words(value: Option<Payload>) -> String {
    match value {
        None => "–".to_string(),
        Some(Payload::Fields(fields)) if fields.is_empty() => "–".to_string(),
        Some(Payload::Fields(fields)) => fields.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join("\n"),
        Some(Payload::Text(text)) => text,
    }
}

/// The page's entries in words: its CSV download. A section save spans the before and after
/// columns on the page; here it is written as a spreadsheet writes a merged cell, its words
/// in the first (before) and the second (after) blank.
pub fn audit_table(rows: &[AuditRow]) -> super::gap_tables::WordedTable {
    let rows = rows
        .iter()
        .map(|AuditRow { entry: r, section }| {
            let w = entry_words(r, section.as_ref());
            let (before, after) = match section {
                Some(s) => (super::audit_changes::section_save_words(s), String::new()),
                None => (payload_words(r.before.clone().map(Payload::of)), payload_words(r.after.clone().map(Payload::of))),
            };
            let who = [Some(w.who), w.role].into_iter().flatten().collect::<Vec<_>>().join("\n");
            vec![w.when, who, format!("{}\n{}", w.what, w.entity), w.organisation, w.period, before, after]
        })
        .collect();
    super::gap_tables::WordedTable { headings: HEADINGS.map(String::from).to_vec(), rows }
}

fn row(AuditRow { entry: r, section }: AuditRow) -> impl IntoView {
    let EntryWords { when, who, role, what, entity, organisation, period } = entry_words(&r, section.as_ref());
    let datetime = r.at.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let values = match section {
        Some(s) => view! { <td class="nhsuk-table__cell" colspan="2">{section_save(s)}</td> }.into_any(),
        None => view! {
            <td class="nhsuk-table__cell">{payload(r.before.map(Payload::of), "before")}</td>
            <td class="nhsuk-table__cell">{payload(r.after.map(Payload::of), "after")}</td>
        }
        .into_any(),
    };
    view! {
        <tr class="nhsuk-table__row">
            <td class="nhsuk-table__cell"><time datetime=datetime>{when}</time></td>
            <td class="nhsuk-table__cell">
                {who}
                {role.map(|role| view! { <span class="nhsuk-body-s nhsuk-u-display-block nhsuk-u-margin-bottom-0">{role}</span> })}
            </td>
            <td class="nhsuk-table__cell">
                {what}
                <span class="nhsuk-body-s nhsuk-u-display-block nhsuk-u-margin-bottom-0">{entity}</span>
            </td>
            <td class="nhsuk-table__cell">{organisation}</td>
            <td class="nhsuk-table__cell">{period}</td>
            {values}
        </tr>
    }
}

/// A payload as a compact "key: value" list, folded into a details component when long.
fn payload(value: Option<Payload>, which: &'static str) -> AnyView {
    let Some(value) = value else { return "–".into_any() };
    let (content, long, count) = match value {
        Payload::Fields(fields) if fields.is_empty() => return "–".into_any(),
        Payload::Fields(fields) => {
            let chars: usize = fields.iter().map(|(k, v)| k.len() + v.len()).sum();
            let long = fields.len() > LONG_FIELDS || chars > LONG_CHARS;
            let count = fields.len();
            let items = fields
                .into_iter()
                .map(|(k, v)| view! { <li><span class="nhsuk-u-font-weight-bold">{k}</span>{format!(": {v}")}</li> })
                .collect_view();
            let list = view! { <ul class="nhsuk-list nhsuk-body-s nhsuk-u-margin-bottom-0">{items}</ul> }.into_any();
            (list, long, count)
        }
        Payload::Text(text) => {
            let long = text.len() > LONG_CHARS;
            (view! { <span class="nhsuk-body-s ldr-audit-text">{text}</span> }.into_any(), long, 1)
        }
    };
    if !long {
        return content;
    }
    let summary = match count {
        1 => format!("Show the value {which}"),
        n => format!("Show {n} values {which}"),
    };
    view! {
        <details class="nhsuk-details nhsuk-u-margin-bottom-0">
            <summary class="nhsuk-details__summary">
                <span class="nhsuk-details__summary-text">{summary}</span>
            </summary>
            <div class="nhsuk-details__text">{content}</div>
        </details>
    }
    .into_any()
}

fn paging(older: Option<String>, newest: Option<String>) -> Option<impl IntoView> {
    if older.is_none() && newest.is_none() {
        return None;
    }
    let older = older.map(|href| view! { <a class="nhsuk-link nhsuk-u-margin-right-4" href=href>"Older entries"</a> });
    let newest = newest.map(|href| view! { <a class="nhsuk-link" href=href>"Newest entries"</a> });
    Some(view! { <p class="nhsuk-body">{older}{newest}</p> })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{OrgName, Person};

    fn entry(id: i64, action: &str, after: Option<Value>) -> AuditRow {
        let entry = AuditEntry {
            id,
            at: "2017-07-03T09:15:00".parse().unwrap(),
            actor: "pmo".into(),
            actor_name: Some("Programme Office (PMO)".into()),
            role: Some("pmo".into()),
            action: action.into(),
            entity: "return".into(),
            entity_id: Some("7".into()),
            organisation: Some(OrgName { code: "RTE".into(), short_name: "GHFT".into() }),
            period: Some("2017-18-q1".into()),
            before: None,
            after,
        };
        AuditRow { entry, section: None }
    }

    fn page(rows: Vec<AuditRow>, filter: AuditFilter) -> String {
        let org = |code: &str, short_name: &str| OrgName { code: code.into(), short_name: short_name.into() };
        let person = |username: &str, display_name: &str| Person { username: username.into(), display_name: display_name.into() };
        let options = FilterChoices {
            organisations: vec![org("RTE", "GHFT"), org("R1J", "GCS")],
            people: vec![person("pmo", "Programme Office"), person("seed", "seed")],
            periods: vec!["2017-18-q1".into()],
            kinds: vec!["return.submit".into(), "custom.thing".into()],
        };
        let page = AuditPage {
            footprint_name: "Gloucestershire".into(),
            filter,
            options,
            rows,
            older_href: None,
            newest_href: None,
            csv_href: "/audit.csv".into(),
        };
        audit_log_page(PageMeta::default(), page)
    }

    #[test]
    fn rows_show_actions_in_words_with_organisation_period_and_values() {
        let after = serde_json::json!({ "state": "submitted", "flagged": true, "note": null });
        let html = page(vec![entry(1, "return.submit", Some(after))], AuditFilter::default());
        assert!(html.contains("<caption class=\"nhsuk-table__caption\">Audit entries for Gloucestershire, newest first</caption>"));
        assert!(html.contains("Return submitted"));
        assert!(html.contains("GHFT (RTE)"));
        assert!(html.contains("2017/18 Q1"));
        assert!(html.contains("Programme Office (PMO) (pmo)"));
        assert!(html.contains(">state</span>: submitted</li>"));
        assert!(html.contains(">flagged</span>: yes</li>"), "booleans in words");
        assert!(html.contains(">note</span>: none</li>"), "null in words");
        assert!(html.contains("<time datetime=\"2017-07-03T09:15:00Z\">"));
        assert!(!html.contains("nhsuk-details"), "a short payload is not folded");
    }

    #[test]
    fn unknown_actions_fall_back_to_their_code_and_long_payloads_fold() {
        let fields: serde_json::Map<String, Value> = (0..6).map(|i| (format!("k{i}"), Value::from(format!("v{i}")))).collect();
        let html = page(vec![entry(1, "custom.thing", Some(Value::Object(fields)))], AuditFilter::default());
        assert!(html.contains("custom.thing"));
        assert!(html.contains("<details class=\"nhsuk-details"));
        assert!(html.contains("Show 6 values after"));
    }

    #[test]
    fn every_select_has_a_label_and_keeps_the_current_choice() {
        let filter = AuditFilter { organisation: Some("R1J".into()), kind: Some("nope".into()), ..Default::default() };
        let html = page(vec![], filter);
        for name in ["organisation", "user", "period", "kind"] {
            assert!(html.contains(&format!("<label for=\"filter-{name}\"")), "{name}");
            assert!(html.contains(&format!("id=\"filter-{name}\" name=\"{name}\"")), "{name}");
        }
        assert!(html.contains("<option value=\"R1J\" selected"));
        assert!(!html.contains("<option value=\"RTE\" selected"));
        assert!(html.contains("<option value=\"nope\" selected"), "an unknown value is shown as chosen");
        assert!(html.contains("No audit entries match these filters."));
        assert!(html.contains(">GHFT (RTE)</option>"), "organisations are labelled by short name and code");
        assert!(html.contains(">Programme Office (pmo)</option>"), "people by name and username");
        assert!(html.contains("<option value=\"seed\">seed</option>"), "a system actor's name once");
    }

    #[test]
    fn filters_become_query_pairs_without_the_page_position() {
        let filter = AuditFilter { user: Some("pmo".into()), before_id: Some(9), ..Default::default() };
        assert_eq!(filter.pairs(), vec![("user", "pmo".to_string())]);
    }
}
