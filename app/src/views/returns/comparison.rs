//! The changes a return makes against the last approved figures, and the conflict panel
//! shown when somebody else saved a section first.

use leptos::prelude::*;

use super::Conflict;
use crate::domain::values::format_number;
use crate::returns::compare::{Change, Flag};
use crate::views::widgets::data_table;

pub fn changes_table(caption: &str, changes: &[Change]) -> impl IntoView {
    if changes.is_empty() {
        return view! { <p class="nhsuk-body">"No figure differs from the last approved figures."</p> }.into_any();
    }
    let rows = changes
        .iter()
        .map(|c| {
            let delta = c.delta.map(|d| format!("{}{}", if d > 0.0 { "+" } else { "" }, format_number(d))).unwrap_or_default();
            let flag = match c.flag {
                Some(Flag::Dropped) => view! { <strong class="nhsuk-tag nhsuk-tag--red">"Dropped"</strong> }.into_any(),
                Some(Flag::LargeRise) => view! { <strong class="nhsuk-tag nhsuk-tag--yellow">"Large rise"</strong> }.into_any(),
                None => ().into_any(),
            };
            view! {
                <tr class="nhsuk-table__row">
                    <td class="nhsuk-table__cell">{c.section.title()}</td>
                    <td class="nhsuk-table__cell">{c.item.clone()}</td>
                    <td class="nhsuk-table__cell">{c.before.clone()}</td>
                    <td class="nhsuk-table__cell">{c.after.clone()}</td>
                    <td class="nhsuk-table__cell">{delta}</td>
                    <td class="nhsuk-table__cell">{flag}</td>
                </tr>
            }
        })
        .collect_view();
    data_table(caption.to_string(), &["Section", "Figure", "Before", "After", "Change", "Flag"], rows).into_any()
}

pub fn conflict_panel(c: &Conflict) -> impl IntoView {
    let said = format!("{} saved this section on {}, after you opened it. Your changes have not been saved.", c.saved_by, c.saved_at);
    view! {
        <div class="nhsuk-warning-callout" id="conflict">
            <h2 class="nhsuk-warning-callout__label">
                <span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>"Somebody else saved this section"</span>
            </h2>
            <p>{said}</p>
            <p>"The form below still has what you typed. Check the differences, then save again to replace their version with yours."</p>
            {changes_table("Their saved figures compared with yours", &c.changes)}
        </div>
    }
}
