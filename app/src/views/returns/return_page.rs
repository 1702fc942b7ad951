//! One return: its state, the task list of sections, what it changes against the last
//! approved figures, and the actions open to the person looking (start, submit, approve,
//! return with comments, amend). Its editor (the CIO) sees their task list first; the people
//! who decide see the commentary and narratives first, then the comparison by section, what
//! changed since it was returned, and the decision history.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::views::textarea::textarea_text;

use super::comparison::changes_by_section;
use super::return_path;
use super::review::{decision_history, narrative, returned_comments, since_returned, HistoryEntry, Narrative, SinceReturned};
use crate::domain::PeriodCode;
use crate::returns::compare::Change;
use crate::returns::state::{Action, Refusal};
use crate::returns::{ReturnState, SectionKind, SectionStatus, Subject};
use crate::views::widgets::error_summary;
use crate::views::{render_page, PageMeta};

#[derive(Debug, Clone, PartialEq)]
pub struct SectionLine {
    pub kind: SectionKind,
    pub status: SectionStatus,
    pub updated: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub revision: i64,
    pub state: ReturnState,
    pub version: i64,
    pub created: String,
    pub updated: String,
    pub submitted: Option<String>,
    pub sections: Vec<SectionLine>,
    /// Started, then every submit, return and approval, oldest first.
    pub history: Vec<HistoryEntry>,
    /// Once returned for changes and changed since (None: never returned, or returned now).
    pub since_returned: Option<SinceReturned>,
    pub narrative: Narrative,
}

/// What the person looking may do, as the server's policy decided.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Actions {
    pub start: bool,
    pub edit: bool,
    pub approve: bool,
    pub send_back: bool,
    pub amend: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReturnView {
    pub subject: Subject,
    pub period: PeriodCode,
    pub deadline: Option<NaiveDate>,
    pub period_open: bool,
    /// The revision shown (the latest, unless an earlier one was asked for).
    pub shown: Option<Revision>,
    /// Every revision: (number, state), newest first.
    pub revisions: Vec<(i64, ReturnState)>,
    pub latest: bool,
    pub actions: Actions,
    pub changes: Vec<Change>,
    /// Problems from a refused submit or decision: (field id, message).
    pub errors: Vec<(String, String)>,
    pub comment: String,
    pub notice: Option<String>,
}

pub fn return_page(meta: PageMeta, v: ReturnView) -> String {
    let csrf = meta.csrf_token.clone();
    let base = return_path(v.period, &v.subject);
    let caption = format!("{} return", v.period.label());
    let heading = v.subject.name().to_string();
    let deadline = v.deadline.map(|d| format!("Due by {}.", crate::domain::long_date(d)));
    let notice = v.notice.clone().map(|n| {
        view! {
            <div class="nhsuk-inset-text" role="status"><span class="nhsuk-u-visually-hidden">"Information: "</span><p>{n}</p></div>
        }
    });
    let body = match &v.shown {
        None => not_started(&v, &base, &csrf).into_any(),
        Some(r) => revision(&v, r, &base, &csrf).into_any(),
    };
    let content = view! {
        {error_summary(v.errors.clone())}
        <span class="nhsuk-caption-l">{caption}</span>
        <h1 class="nhsuk-heading-l">{heading}</h1>
        <p class="nhsuk-body">{deadline}</p>
        {notice}
        {body}
        {history(&v, &base)}
    };
    render_page(meta, content)
}

fn not_started(v: &ReturnView, base: &str, csrf: &str) -> impl IntoView {
    let action = format!("{base}/start");
    let text = if v.period_open {
        "This return has not been started. Starting it copies in the last approved figures, so you only change what has moved."
    } else {
        "This return was not started, and the quarter is not open for returns."
    };
    view! {
        <p class="nhsuk-body"><strong class="nhsuk-tag nhsuk-tag--grey">"Not started"</strong></p>
        <p class="nhsuk-body">{text}</p>
        {v.actions.start.then(|| view! {
            <form method="post" action=action novalidate>
                <input type="hidden" name="csrf_token" value=csrf.to_string()/>
                <button class="nhsuk-button" type="submit">"Start this return"</button>
            </form>
        })}
    }
}

fn revision(v: &ReturnView, r: &Revision, base: &str, csrf: &str) -> impl IntoView {
    // The person who enters the figures works from the task list; everyone else decides or
    // reads, and starts from what the CIO says and what moved.
    let editor = v.actions.edit;
    let done = r.sections.iter().filter(|s| s.status == SectionStatus::Completed).count();
    let progress = if editor {
        format!("Revision {}. You have completed {done} of {} sections.", r.revision, r.sections.len())
    } else {
        format!("Revision {}.", r.revision)
    };
    let who = [
        Some(format!("Started by {}", r.created)),
        Some(format!("last changed by {}", r.updated)),
        r.submitted.as_ref().filter(|_| r.state != ReturnState::Draft).map(|s| format!("submitted by {s}")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("; ");
    let old = (!v.latest).then(|| {
        view! {
            <div class="nhsuk-inset-text"><span class="nhsuk-u-visually-hidden">"Information: "</span>
                <p>"This is an earlier revision, kept as it was. "<a href=base.to_string()>"See the latest revision"</a></p>
            </div>
        }
    });
    let comparison = (r.state != ReturnState::Approved).then(|| {
        view! {
            <h2 class="nhsuk-heading-m">"Changes from the last approved figures"</h2>
            {changes_by_section(&v.changes)}
        }
    });
    let since = r.since_returned.as_ref().map(since_returned);
    let body = if editor {
        view! { {task_list(r, base)}{since}{comparison} }.into_any()
    } else {
        view! {
            {narrative(&r.narrative)}
            {since}
            {comparison}
            <h2 class="nhsuk-heading-m">"Sections"</h2>
            {task_list(r, base)}
        }
        .into_any()
    };
    view! {
        {old}
        <p class="nhsuk-body"><strong class=r.state.tag_class() id="return-state">{r.state.label()}</strong></p>
        <p class="nhsuk-body">{progress}" "{who}"."</p>
        {returned_comments(&r.history, r.state)}
        {body}
        {actions(v, r, base, csrf)}
        {decision_history(r.revision, &r.history)}
    }
}

fn task_list(r: &Revision, base: &str) -> impl IntoView {
    let items = r
        .sections
        .iter()
        .map(|s| {
            let href = format!("{base}/sections/{}", s.kind.slug());
            let status_id = format!("status-{}", s.kind.slug());
            let tag = match s.status {
                SectionStatus::Completed => view! { <strong class="nhsuk-tag" id=status_id.clone()>"Completed"</strong> }.into_any(),
                SectionStatus::InProgress => {
                    view! { <strong class="nhsuk-tag nhsuk-tag--blue" id=status_id.clone()>"In progress"</strong> }.into_any()
                }
                SectionStatus::NotStarted => {
                    view! { <strong class="nhsuk-tag nhsuk-tag--grey" id=status_id.clone()>"Not started"</strong> }.into_any()
                }
            };
            let hint = s.updated.clone().map(|u| view! { <div class="nhsuk-task-list__hint">{format!("Saved by {u}")}</div> });
            view! {
                <li class="nhsuk-task-list__item nhsuk-task-list__item--with-link">
                    <div class="nhsuk-task-list__name-and-hint">
                        <a class="nhsuk-link nhsuk-task-list__link" href=href aria-describedby=status_id>{s.kind.title()}</a>
                        {hint}
                    </div>
                    <div class="nhsuk-task-list__status">{tag}</div>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="nhsuk-task-list">{items}</ul> }
}

fn actions(v: &ReturnView, r: &Revision, base: &str, csrf: &str) -> impl IntoView {
    let version = r.version.to_string();
    let submit = (v.latest && v.actions.edit && r.state.is_editable()).then(|| {
        view! {
            <h2 class="nhsuk-heading-m">"Submit the return"</h2>
            <p class="nhsuk-body">"When every section is complete, submit the return to the Steering Group. You cannot change it while they review it."</p>
            <form method="post" action=format!("{base}/submit") novalidate>
                <input type="hidden" name="csrf_token" value=csrf.to_string()/>
                <input type="hidden" name="version" value=version.clone()/>
                <button class="nhsuk-button" type="submit">"Submit return"</button>
            </form>
        }
    });
    let decide = (v.latest && r.state == ReturnState::Submitted && (v.actions.approve || v.actions.send_back)).then(|| {
        let error = v.errors.iter().find(|(f, _)| f == "comment").map(|(_, m)| m.clone());
        let group = if error.is_some() { "nhsuk-form-group nhsuk-form-group--error" } else { "nhsuk-form-group" };
        let class = if error.is_some() { "nhsuk-textarea nhsuk-textarea--error" } else { "nhsuk-textarea" };
        view! {
            <h2 class="nhsuk-heading-m">"Decision"</h2>
            <form method="post" action=format!("{base}/decision") novalidate>
                <input type="hidden" name="csrf_token" value=csrf.to_string()/>
                <input type="hidden" name="version" value=version.clone()/>
                <div class=group>
                    <label class="nhsuk-label" for="comment">"Comments for the organisation"</label>
                    <div class="nhsuk-hint" id="comment-hint">"Required when you return it for changes: say what needs to change."</div>
                    {error.map(|m| view! { <span class="nhsuk-error-message" id="comment-error"><span class="nhsuk-u-visually-hidden">"Error: "</span>{m}</span> })}
                    <textarea class=class id="comment" name="comment" rows="4" aria-describedby="comment-hint">{textarea_text(&v.comment)}</textarea>
                </div>
                <div class="nhsuk-button-group">
                    {v.actions.approve.then(|| view! { <button class="nhsuk-button" type="submit" name="decision" value="approve">"Approve return"</button> })}
                    {v.actions.send_back.then(|| view! { <button class="nhsuk-button nhsuk-button--secondary" type="submit" name="decision" value="return">"Return for changes"</button> })}
                </div>
            </form>
        }
    });
    let amend = (v.latest && r.state == ReturnState::Approved && v.actions.amend).then(|| {
        view! {
            <h2 class="nhsuk-heading-m">"Amend the approved return"</h2>
            <p class="nhsuk-body">"An amendment is a new revision that goes through the same checks and approval. This revision stays as it is."</p>
            <form method="post" action=format!("{base}/amend") novalidate>
                <input type="hidden" name="csrf_token" value=csrf.to_string()/>
                <input type="hidden" name="version" value=version/>
                <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Start an amendment"</button>
            </form>
        }
    });
    view! { {submit}{decide}{amend} }
}

fn history(v: &ReturnView, base: &str) -> impl IntoView {
    (v.revisions.len() > 1).then(|| {
        let items = v
            .revisions
            .iter()
            .map(|(n, state)| {
                let href = format!("{base}/revisions/{n}");
                view! { <li><a href=href>{format!("Revision {n}")}</a>{format!(": {}", state.label())}</li> }
            })
            .collect_view();
        view! {
            <h2 class="nhsuk-heading-m">"Revisions"</h2>
            <ul class="nhsuk-list nhsuk-list--bullet">{items}</ul>
        }
    })
}

/// What the return page says when the workflow refuses an action (shown with a 409).
pub fn refusal_message(action: Action, refusal: Refusal) -> String {
    let changed = "This return changed since you opened the page.";
    match (action, refusal) {
        (Action::SaveSection, _) => "This return was submitted while you were editing it; your changes were not saved.".into(),
        (Action::Amend, _) => "Only the latest approved revision can be amended, and this one is not.".into(),
        (Action::Submit, Refusal::WrongState { state, .. }) => {
            format!("This return is already {}, so it cannot be submitted again.", state.label().to_lowercase())
        }
        (Action::Submit, _) => format!("{changed} Check it and submit again."),
        (Action::Approve | Action::ReturnForChanges, Refusal::WrongState { state, .. }) => {
            format!("This return is {}, not waiting for a decision.", state.label().to_lowercase())
        }
        (Action::Approve | Action::ReturnForChanges, _) => format!("{changed} Check it before deciding."),
    }
}

#[cfg(test)]
mod refusal_tests {
    use super::*;

    #[test]
    fn each_refusal_says_what_happened_in_the_words_of_the_workflow() {
        let stale = Refusal::Stale { seen: 1, current: 2 };
        let submitted = |action| Refusal::WrongState { action, state: ReturnState::Submitted };
        // (action, refusal, message)
        let cases = [
            (Action::Submit, submitted(Action::Submit), "This return is already submitted, so it cannot be submitted again."),
            (Action::Submit, stale, "This return changed since you opened the page. Check it and submit again."),
            (
                Action::Approve,
                Refusal::WrongState { action: Action::Approve, state: ReturnState::Returned },
                "This return is returned for changes, not waiting for a decision.",
            ),
            (Action::ReturnForChanges, stale, "This return changed since you opened the page. Check it before deciding."),
            (Action::Amend, stale, "Only the latest approved revision can be amended, and this one is not."),
            (
                Action::SaveSection,
                submitted(Action::SaveSection),
                "This return was submitted while you were editing it; your changes were not saved.",
            ),
        ];
        for (action, refusal, message) in cases {
            assert_eq!(refusal_message(action, refusal), message, "{action:?} {refusal:?}");
        }
    }
}
