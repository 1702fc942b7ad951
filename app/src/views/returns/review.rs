//! The parts of a return's page that help people decide: the CIO's commentary and the aims'
//! narratives, what changed since the version that was returned for changes, the comments
//! of the latest return, and the whole decision history.

use leptos::prelude::*;

use crate::domain::long_date_time;

use super::read_only::section_summary;
use crate::returns::diff::{FieldChange, FieldKind};
use crate::returns::figures::SectionFigures;
use crate::returns::template::ReturnTemplate;
use crate::returns::{ReturnState, SectionKind};
use crate::views::widgets::data_table;

/// One step of a revision's history. `Draft` stands for the revision being started.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    pub state: ReturnState,
    pub by: String,
    pub at: String,
    pub comment: String,
}

impl HistoryEntry {
    fn what(&self) -> &'static str {
        match self.state {
            ReturnState::Draft => "Started",
            other => other.label(),
        }
    }
}

/// What changed between the figures as they stood when the revision was last returned for
/// changes and its figures now, by section.
#[derive(Debug, Clone, PartialEq)]
pub struct SinceReturned {
    pub returned: String,
    pub changes: Vec<(SectionKind, Vec<FieldChange>)>,
}

/// The figures a decider reads first.
#[derive(Debug, Clone, PartialEq)]
pub struct Narrative {
    pub template: ReturnTemplate,
    /// The commentary section's text (None: the return has no commentary section).
    pub commentary: Option<String>,
    /// The aims section (the organisation's or the footprint's), with each aim's narrative.
    pub aims: Option<SectionFigures>,
}

/// The commentary and the aims' narratives, before any comparison.
pub fn narrative(n: &Narrative) -> impl IntoView {
    let commentary = n.commentary.clone().map(|text| {
        let text = if text.trim().is_empty() { "No commentary.".to_string() } else { text };
        view! {
            <h2 class="nhsuk-heading-m">{SectionKind::Commentary.title()}</h2>
            <p class="nhsuk-body ldr-prewrap" id="commentary-text">{text}</p>
        }
    });
    let aims = n.aims.as_ref().map(|aims| {
        view! {
            <h2 class="nhsuk-heading-m">"Progress on the aims, with their narratives"</h2>
            {section_summary(&n.template, aims)}
        }
    });
    view! { {commentary}{aims} }
}

/// The comments of the latest return for changes, while the revision is being changed.
pub fn returned_comments(history: &[HistoryEntry], state: ReturnState) -> Option<impl IntoView> {
    let last = history.iter().rev().find(|h| h.state != ReturnState::Draft)?;
    (state.is_editable() && last.state == ReturnState::Returned).then(|| {
        let who = format!("Returned for changes by {}, {}.", last.by, long_date_time(&last.at));
        view! {
            <div class="nhsuk-warning-callout">
                <h2 class="nhsuk-warning-callout__label"><span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>"Reviewer's comments"</span></h2>
                <p>{who}</p>
                <p class="ldr-prewrap">{last.comment.clone()}</p>
            </div>
        }
    })
}

fn value_cell(c: &FieldChange, text: String) -> impl IntoView {
    let class = if c.kind == FieldKind::Text { "nhsuk-table__cell ldr-prewrap" } else { "nhsuk-table__cell" };
    let text = if text.is_empty() && c.kind == FieldKind::Text { "(none)".to_string() } else { text };
    view! { <td class=class>{text}</td> }
}

/// "Changes since it was returned for changes": each field that differs, with the section.
pub fn since_returned(s: &SinceReturned) -> impl IntoView {
    let intro = format!("Compared with the figures as they stood when it was returned for changes ({}).", s.returned);
    let body = if s.changes.iter().all(|(_, c)| c.is_empty()) {
        view! { <p class="nhsuk-body">"Nothing has changed since it was returned."</p> }.into_any()
    } else {
        let rows = s
            .changes
            .iter()
            .flat_map(|(kind, list)| list.iter().map(move |c| (*kind, c)))
            .map(|(kind, c)| {
                view! {
                    <tr class="nhsuk-table__row">
                        <td class="nhsuk-table__cell">{kind.title()}</td>
                        <td class="nhsuk-table__cell">{c.field.clone()}</td>
                        {value_cell(c, c.before.clone())}
                        {value_cell(c, c.after.clone())}
                    </tr>
                }
            })
            .collect_view();
        data_table("What changed since it was returned", &["Section", "Figure", "When returned", "Now"], rows).into_any()
    };
    view! {
        <h2 class="nhsuk-heading-m">"Changes since it was returned for changes"</h2>
        <p class="nhsuk-body">{intro}</p>
        {body}
    }
}

/// Every step of the revision, oldest first, with each comment as it was written.
pub fn decision_history(revision: i64, history: &[HistoryEntry]) -> impl IntoView {
    let rows = history
        .iter()
        .map(|h| {
            let comment = if h.comment.is_empty() { "–".to_string() } else { h.comment.clone() };
            view! {
                <tr class="nhsuk-table__row">
                    <td class="nhsuk-table__cell">{long_date_time(&h.at)}</td>
                    <td class="nhsuk-table__cell">{h.by.clone()}</td>
                    <td class="nhsuk-table__cell">{h.what()}</td>
                    <td class="nhsuk-table__cell ldr-prewrap">{comment}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2 class="nhsuk-heading-m">"Decision history"</h2>
        {data_table(format!("Revision {revision}: every step, oldest first"), &["When", "Who", "What", "Comments"], rows)}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(state: ReturnState, comment: &str) -> HistoryEntry {
        HistoryEntry { state, by: "Someone".into(), at: "2016-10-01 09:00:00".into(), comment: comment.into() }
    }

    fn html(v: impl IntoView) -> String {
        Owner::new().with(|| v.into_view().to_html())
    }

    #[test]
    fn the_return_comments_show_only_while_the_return_is_being_changed() {
        let history = vec![step(ReturnState::Draft, ""), step(ReturnState::Submitted, ""), step(ReturnState::Returned, "Fix <b>it</b>")];
        assert!(returned_comments(&history, ReturnState::Returned).is_some());
        assert!(returned_comments(&history, ReturnState::Draft).is_some(), "still shown while the CIO changes it");
        assert!(returned_comments(&history, ReturnState::Submitted).is_none(), "not once it is submitted again");
        let approved = [history.clone(), vec![step(ReturnState::Approved, "")]].concat();
        assert!(returned_comments(&approved, ReturnState::Approved).is_none());
    }

    #[test]
    fn the_history_keeps_every_comment_in_order_and_escapes_them() {
        let history =
            vec![step(ReturnState::Draft, ""), step(ReturnState::Returned, "Fix <b>it</b>"), step(ReturnState::Approved, "Thanks")];
        let out = html(decision_history(1, &history));
        let (returned, approved) = (out.find("Fix &lt;b&gt;it&lt;/b&gt;").unwrap(), out.find("Thanks").unwrap());
        assert!(returned < approved);
        assert!(out.contains(">Started<") && out.contains(">Returned for changes<") && out.contains(">Approved<"));
    }
}
