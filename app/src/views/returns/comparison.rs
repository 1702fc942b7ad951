//! The changes a return makes against the last approved figures (a heading and a table per
//! section, flagged figures first, for the people who decide), and the conflict panel shown
//! when somebody else saved a section first (field by field, texts in full).

use leptos::prelude::*;

use super::Conflict;
use crate::domain::values::format_number;
use crate::returns::compare::{by_section, Change, Flag};
use crate::returns::diff::{FieldChange, FieldKind};
use crate::views::widgets::data_table;

const NO_CHANGE: &str = "No figure differs from the last approved figures.";

fn change_cells(c: &Change) -> impl IntoView {
    let delta = c.delta.map(|d| format!("{}{}", if d > 0.0 { "+" } else { "" }, format_number(d))).unwrap_or_default();
    let flag = match c.flag {
        Some(Flag::Dropped) => view! { <strong class="nhsuk-tag nhsuk-tag--red">"Dropped"</strong> }.into_any(),
        Some(Flag::LargeRise) => view! { <strong class="nhsuk-tag nhsuk-tag--yellow">"Large rise"</strong> }.into_any(),
        None => ().into_any(),
    };
    view! {
        <td class="nhsuk-table__cell">{c.item.clone()}</td>
        <td class="nhsuk-table__cell">{c.before.clone()}</td>
        <td class="nhsuk-table__cell">{c.after.clone()}</td>
        <td class="nhsuk-table__cell">{delta}</td>
        <td class="nhsuk-table__cell">{flag}</td>
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The changes as a heading and a table per section, flagged figures first in each.
pub fn changes_by_section(changes: &[Change]) -> impl IntoView {
    if changes.is_empty() {
        return view! { <p class="nhsuk-body">{NO_CHANGE}</p> }.into_any();
    }
    let flagged = changes.iter().filter(|c| c.flag.is_some()).count();
    let summary = format!(
        "{} from the last approved figures; {} flagged (a drop, or a rise larger than the footprint's threshold). Flagged figures come first in each section.",
        count(changes.len(), "figure differs", "figures differ"),
        count(flagged, "is", "are")
    );
    let sections = by_section(changes)
        .into_iter()
        .map(|(kind, list)| {
            let flagged = list.iter().filter(|c| c.flag.is_some()).count();
            let caption = format!("{}: {} changed, {flagged} flagged", kind.title(), count(list.len(), "figure", "figures"));
            let rows = list.iter().map(|c| view! { <tr class="nhsuk-table__row">{change_cells(c)}</tr> }).collect_view();
            view! {
                <h3 class="nhsuk-heading-s">{kind.title()}</h3>
                {data_table(caption, &["Figure", "Before", "After", "Change", "Flag"], rows)}
            }
        })
        .collect_view();
    view! { <p class="nhsuk-body">{summary}</p>{sections} }.into_any()
}

/// Their saved value or yours, in a cell. A text (a narrative, the commentary) is shown in
/// full with its line breaks, so nobody replaces words they have not read.
fn conflict_cell(c: &FieldChange, value: &str) -> impl IntoView {
    match c.kind {
        FieldKind::Figure => view! { <td class="nhsuk-table__cell">{value.to_string()}</td> }.into_any(),
        FieldKind::Text => {
            let text = if value.trim().is_empty() { "(none)".to_string() } else { value.to_string() };
            view! { <td class="nhsuk-table__cell"><div class="ldr-prewrap">{text}</div></td> }.into_any()
        }
    }
}

/// Somebody saved the section after this person opened it: every field where their saved
/// version and what this person typed differ, texts included.
pub fn conflict_panel(c: &Conflict) -> impl IntoView {
    let said = format!("{} saved this section on {}, after you opened it. Your changes have not been saved.", c.saved_by, c.saved_at);
    let differences = if c.changes.is_empty() {
        view! { <p>"What you typed is the same as their saved version."</p> }.into_any()
    } else {
        let rows = c
            .changes
            .iter()
            .map(|f| {
                view! {
                    <tr class="nhsuk-table__row">
                        <td class="nhsuk-table__cell">{f.field.clone()}</td>
                        {conflict_cell(f, &f.before)}
                        {conflict_cell(f, &f.after)}
                    </tr>
                }
            })
            .collect_view();
        data_table("Their saved version compared with yours".to_string(), &["Field", "Their saved version", "Yours"], rows).into_any()
    };
    view! {
        <div class="nhsuk-warning-callout" id="conflict">
            <h2 class="nhsuk-warning-callout__label">
                <span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>"Somebody else saved this section"</span>
            </h2>
            <p>{said}</p>
            <p>"The form below still has what you typed. Check the differences, then save again to replace their version with yours."</p>
            {differences}
        </div>
    }
}
