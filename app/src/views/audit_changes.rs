//! A return section's save in the audit log, in words: the section's status when it moved,
//! then only the fields that changed ("Records, Assessments & Plans: 12 → 25"), texts shown
//! whole. Everything is text in the view, so it is escaped.

use leptos::prelude::*;

use crate::returns::diff::{FieldChange, FieldKind};
use crate::returns::{SectionKind, SectionStatus};

/// More changed fields than this fold into a details component, as long payloads do.
const LONG_FIELDS: usize = 4;

/// One save of a return's section: which section, its status, and the fields that changed.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionSave {
    pub kind: SectionKind,
    /// The status before (None: not recorded) and after.
    pub status: (Option<SectionStatus>, SectionStatus),
    pub changes: Vec<FieldChange>,
}

/// "before → after" for one value; the arrow is read out as "to".
fn arrow(before: String, after: String) -> impl IntoView {
    view! { {before}<span aria-hidden="true">" → "</span><span class="nhsuk-u-visually-hidden">" to "</span>{after} }
}

/// A section save as a list: the status when it moved, then each changed field. Texts
/// (narratives, the commentary) say "changed" and fold both versions into a details
/// component; a long list folds away like a long payload.
pub fn section_save(s: SectionSave) -> AnyView {
    let status = match s.status {
        (Some(b), a) if b != a => {
            Some(view! { <li><span class="nhsuk-u-font-weight-bold">"Status"</span>": "{arrow(b.label().into(), a.label().into())}</li> })
        }
        (None, a) => Some(
            view! { <li><span class="nhsuk-u-font-weight-bold">"Status"</span>": "{arrow("not recorded".into(), a.label().into())}</li> },
        ),
        _ => None,
    };
    let count = s.changes.len();
    let items = s.changes.into_iter().map(field_change).collect_view();
    let empty = (count == 0).then(|| view! { <li>"No figure changed."</li> });
    let list = view! { <ul class="nhsuk-list nhsuk-body-s nhsuk-u-margin-bottom-0">{status}{items}{empty}</ul> };
    if count <= LONG_FIELDS {
        return list.into_any();
    }
    view! {
        <details class="nhsuk-details nhsuk-u-margin-bottom-0">
            <summary class="nhsuk-details__summary">
                <span class="nhsuk-details__summary-text">{format!("Show {count} changed values")}</span>
            </summary>
            <div class="nhsuk-details__text">{list}</div>
        </details>
    }
    .into_any()
}

/// A section save's words, one line each, as the list shows them (the arrow as shown): the
/// audit log's CSV cell.
pub fn section_save_words(s: &SectionSave) -> String {
    let status = match s.status {
        (Some(b), a) if b != a => Some(format!("Status: {} → {}", b.label(), a.label())),
        (None, a) => Some(format!("Status: not recorded → {}", a.label())),
        _ => None,
    };
    let text = |t: &str| if t.trim().is_empty() { "(none)".to_string() } else { t.to_string() };
    let changes = s.changes.iter().map(|c| match c.kind {
        FieldKind::Figure => format!("{}: {} → {}", c.field, c.before, c.after),
        FieldKind::Text => format!("{}: changed\nBefore: {}\nAfter: {}", c.field, text(&c.before), text(&c.after)),
    });
    let empty = s.changes.is_empty().then(|| "No figure changed.".to_string());
    status.into_iter().chain(changes).chain(empty).collect::<Vec<_>>().join("\n")
}

fn field_change(c: FieldChange) -> impl IntoView {
    let name = view! { <span class="nhsuk-u-font-weight-bold">{c.field}</span> };
    match c.kind {
        FieldKind::Figure => view! { <li>{name}": "{arrow(c.before, c.after)}</li> }.into_any(),
        FieldKind::Text => {
            let text = |t: String| if t.trim().is_empty() { "(none)".to_string() } else { t };
            view! {
                <li>
                    {name}": changed"
                    <span class="nhsuk-u-display-block ldr-prewrap">"Before: "{text(c.before)}</span>
                    <span class="nhsuk-u-display-block ldr-prewrap">"After: "{text(c.after)}</span>
                </li>
            }
            .into_any()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(s: SectionSave) -> String {
        // Without the hydration markers between adjacent texts.
        Owner::new().with(|| section_save(s).to_html()).replace("<!>", "")
    }

    #[test]
    fn a_save_lists_its_status_and_each_changed_field_before_and_after_escaped() {
        let changes = vec![
            FieldChange { field: "Records".into(), before: "12".into(), after: "25".into(), kind: FieldKind::Figure },
            FieldChange { field: "Commentary".into(), before: String::new(), after: "<b>On</b> track".into(), kind: FieldKind::Text },
        ];
        let out =
            html(SectionSave { kind: SectionKind::Dma, status: (Some(SectionStatus::InProgress), SectionStatus::Completed), changes });
        assert!(out.contains(">Status</span>: In progress<span aria-hidden=\"true\"> → </span>"), "{out}");
        assert!(
            out.contains(">Records</span>: 12<span aria-hidden=\"true\"> → </span><span class=\"nhsuk-u-visually-hidden\"> to </span>25")
        );
        assert!(out.contains(">Commentary</span>: changed") && out.contains("Before: (none)"));
        assert!(out.contains("After: &lt;b&gt;On&lt;/b&gt; track") && !out.contains("<b>On"));
        assert!(!out.contains("nhsuk-details"), "two changes are not folded");
    }

    #[test]
    fn an_unchanged_status_is_not_listed_and_many_changes_fold() {
        let change = |i: usize| FieldChange { field: format!("f{i}"), before: "1".into(), after: "2".into(), kind: FieldKind::Figure };
        let status = (Some(SectionStatus::Completed), SectionStatus::Completed);
        let out = html(SectionSave { kind: SectionKind::Dma, status, changes: (0..6).map(change).collect() });
        assert!(!out.contains("Status"));
        assert!(out.contains("Show 6 changed values"));
        let out = html(SectionSave { kind: SectionKind::Dma, status, changes: vec![] });
        assert!(out.contains("No figure changed."));
    }
}
