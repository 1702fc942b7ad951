//! The footprint picker of a reader of several footprints, and the links that keep the
//! footprint they chose.

use leptos::prelude::*;

/// "Footprint [Northshire ICS (synthetic) ▾] [Show]" on every footprint page of a reader of
/// several: a GET form to the same section of the chosen footprint.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FootprintPicker {
    /// (code, name), in the order shown.
    pub choices: Vec<(String, String)>,
    pub current: String,
}

/// A link to a footprint page that keeps the footprint chosen by a reader of several
/// (`?footprint=CODE`, before any `#fragment`); unchanged for everybody else.
pub fn in_footprint(href: &str, footprint: Option<&str>) -> String {
    let Some(code) = footprint else { return href.to_string() };
    let (path, fragment) = href.split_once('#').map_or((href, None), |(p, f)| (p, Some(f)));
    let joiner = if path.contains('?') { '&' } else { '?' };
    match fragment {
        Some(f) => format!("{path}{joiner}footprint={code}#{f}"),
        None => format!("{path}{joiner}footprint={code}"),
    }
}

/// The picker's form, sending the chosen footprint to `action` (the section being read).
pub(super) fn footprint_picker(picker: FootprintPicker, action: &'static str) -> impl IntoView {
    let options = picker
        .choices
        .into_iter()
        .map(|(code, name)| {
            let selected = code == picker.current;
            view! { <option value=code selected=selected>{name}</option> }
        })
        .collect_view();
    view! {
        <form class="ldr-footprint-picker" action=action method="get" novalidate>
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="choose-footprint">"Footprint"</label>
                <select class="nhsuk-select" id="choose-footprint" name="footprint">{options}</select>
            </div>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit" data-module="nhsuk-button">"Show footprint"</button>
        </form>
    }
}
