//! NHS.UK form controls for the return forms, each showing its error message and keeping
//! the text the user typed.

use leptos::prelude::*;

use crate::views::textarea::textarea_text;

use crate::returns::form::{FieldErrors, RawForm};

/// Form values and errors, shared by every control of one form.
#[derive(Clone, Copy)]
pub struct FormState<'a> {
    pub raw: &'a RawForm,
    pub errors: &'a FieldErrors,
}

impl FormState<'_> {
    fn error(&self, id: &str) -> Option<String> {
        self.errors.for_field(id).map(str::to_string)
    }
}

fn group_class(error: bool) -> &'static str {
    if error {
        "nhsuk-form-group nhsuk-form-group--error"
    } else {
        "nhsuk-form-group"
    }
}

fn error_message(id: &str, error: Option<String>) -> impl IntoView {
    error.map(|m| {
        let eid = format!("{id}-error");
        view! { <span class="nhsuk-error-message" id=eid><span class="nhsuk-u-visually-hidden">"Error: "</span>{m}</span> }
    })
}

/// A short text or number box, optionally with a hint and a suffix such as "%".
pub fn text_box(
    f: FormState<'_>,
    id: String,
    label: String,
    hint: Option<String>,
    width: &'static str,
    suffix: Option<&'static str>,
) -> impl IntoView {
    let error = f.error(&id);
    let has_error = error.is_some();
    let value = f.raw.get(&id).to_string();
    let hint_id = format!("{id}-hint");
    let described = [hint.as_ref().map(|_| hint_id.clone()), has_error.then(|| format!("{id}-error"))]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let described = (!described.is_empty()).then_some(described);
    let class = format!("nhsuk-input {width}{}", if has_error { " nhsuk-input--error" } else { "" });
    let input =
        view! { <input class=class id=id.clone() name=id.clone() type="text" value=value aria-describedby=described spellcheck="false"/> };
    let control = match suffix {
        Some(s) => view! {
            <div class="nhsuk-input-wrapper">{input}<span class="nhsuk-input-wrapper__suffix" aria-hidden="true">{s}</span></div>
        }
        .into_any(),
        None => input.into_any(),
    };
    view! {
        <div class=group_class(has_error)>
            <label class="nhsuk-label" for=id.clone()>{label}</label>
            {hint.map(|h| view! { <div class="nhsuk-hint" id=hint_id>{h}</div> })}
            {error_message(&id, error)}
            {control}
        </div>
    }
}

pub fn text_area(f: FormState<'_>, id: String, label: String, rows: u32) -> impl IntoView {
    let error = f.error(&id);
    let has_error = error.is_some();
    // Escaped here because the view library writes textarea text raw (see views::textarea).
    let value = textarea_text(f.raw.get(&id));
    let class = if has_error { "nhsuk-textarea nhsuk-textarea--error" } else { "nhsuk-textarea" };
    let described = has_error.then(|| format!("{id}-error"));
    view! {
        <div class=group_class(has_error)>
            <label class="nhsuk-label" for=id.clone()>{label}</label>
            {error_message(&id, error)}
            <textarea class=class id=id.clone() name=id.clone() rows=rows aria-describedby=described>{value}</textarea>
        </div>
    }
}

/// A select with a blank first option; `options` are (value, label).
pub fn select(f: FormState<'_>, id: String, label: String, blank: &'static str, options: Vec<(String, String)>) -> impl IntoView {
    let error = f.error(&id);
    let has_error = error.is_some();
    let current = f.raw.get(&id).to_string();
    let class = if has_error { "nhsuk-select nhsuk-select--error" } else { "nhsuk-select" };
    let described = has_error.then(|| format!("{id}-error"));
    let options = options
        .into_iter()
        .map(|(value, text)| {
            let selected = value == current;
            view! { <option value=value selected=selected>{text}</option> }
        })
        .collect_view();
    view! {
        <div class=group_class(has_error)>
            <label class="nhsuk-label" for=id.clone()>{label}</label>
            {error_message(&id, error)}
            <select class=class id=id.clone() name=id.clone() aria-describedby=described>
                <option value="">{blank}</option>
                {options}
            </select>
        </div>
    }
}

pub fn checkbox(f: FormState<'_>, id: String, label: String) -> impl IntoView {
    let checked = f.raw.is_checked(&id);
    view! {
        <div class="nhsuk-checkboxes nhsuk-checkboxes--small">
            <div class="nhsuk-checkboxes__item">
                <input class="nhsuk-checkboxes__input" id=id.clone() name=id.clone() type="checkbox" value="yes" checked=checked/>
                <label class="nhsuk-label nhsuk-checkboxes__label" for=id>{label}</label>
            </div>
        </div>
    }
}

/// "Have you completed this section?": the task-list pattern's question before saving.
pub fn completed_question(f: FormState<'_>) -> impl IntoView {
    let id = crate::returns::fields::COMPLETED.to_string();
    let error = f.error(&id);
    let has_error = error.is_some();
    let current = f.raw.get(&id).to_string();
    view! {
        <div class=group_class(has_error)>
            <fieldset class="nhsuk-fieldset">
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">"Have you completed this section?"</legend>
                {error_message(&id, error)}
                <div class="nhsuk-radios">
                    <div class="nhsuk-radios__item">
                        <input class="nhsuk-radios__input" id="completed" name="completed" type="radio" value="yes" checked=current == "yes"/>
                        <label class="nhsuk-label nhsuk-radios__label" for="completed">"Yes, I've completed this section"</label>
                    </div>
                    <div class="nhsuk-radios__item">
                        <input class="nhsuk-radios__input" id="completed-no" name="completed" type="radio" value="no" checked=current == "no"/>
                        <label class="nhsuk-label nhsuk-radios__label" for="completed-no">"No, I'll come back to it later"</label>
                    </div>
                </div>
            </fieldset>
        </div>
    }
}

/// The NHS.UK date input: day, month and year under one legend; `id` prefixes the fields
/// (`{id}-day` ...), and `marked` are the parts to mark when the date is wrong.
pub fn date_input(f: FormState<'_>, id: &str, legend: &'static str, hint: &'static str, marked: &[&'static str]) -> impl IntoView {
    let parts = crate::domain::dates::DATE_PARTS;
    let error = parts.iter().find_map(|p| f.error(&format!("{id}-{p}")));
    let has_error = error.is_some();
    let hint_id = format!("{id}-hint");
    let described = if has_error { format!("{hint_id} {id}-error") } else { hint_id.clone() };
    let items = [("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4)]
        .into_iter()
        .map(|(part, label, width)| {
            let field = format!("{id}-{part}");
            let mut class = format!("nhsuk-input nhsuk-date-input__input nhsuk-input--width-{width}");
            if has_error && marked.contains(&part) {
                class.push_str(" nhsuk-input--error");
            }
            let value = f.raw.get(&field).to_string();
            view! {
                <div class="nhsuk-date-input__item">
                    <div class="nhsuk-form-group">
                        <label class="nhsuk-label nhsuk-date-input__label" for=field.clone()>{label}</label>
                        <input class=class id=field.clone() name=field type="text" inputmode="numeric" value=value/>
                    </div>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class=group_class(has_error)>
            <fieldset class="nhsuk-fieldset" role="group" aria-describedby=described>
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
                <div class="nhsuk-hint" id=hint_id>{hint}</div>
                {error_message(id, error)}
                <div class="nhsuk-date-input" id=id.to_string()>{items}</div>
            </fieldset>
        </div>
    }
}
