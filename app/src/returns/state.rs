//! The return's workflow as a pure state machine: an action applied to where a return stands
//! (its revision, state and version) gives where it stands next, or why the action is refused.
//! The server re-reads the return inside its write transaction and asks [`Standing::apply`];
//! what to write follows from the answer, so the rule is tested here without a database.
//!
//! The version counts the return's transitions (submit, return, approve): a page names the
//! version it was shown at, so a decision made on an old page is refused, not applied to
//! figures nobody read. Sections carry their own versions, checked by their own writes.

use super::ReturnState;

/// Where the newest revision of a return stands, as read where nobody can change it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub revision: i64,
    pub state: ReturnState,
    pub version: i64,
}

/// What the page an action came from showed: the revision and its version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    pub revision: i64,
    pub version: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Save one section (or change one deployment) of an editable return.
    SaveSection,
    Submit,
    ReturnForChanges,
    Approve,
    /// Start a new revision from the approved one.
    Amend,
}

impl Action {
    /// The states the action may be taken in.
    fn allowed_in(self, state: ReturnState) -> bool {
        match self {
            Action::SaveSection | Action::Submit => state.is_editable(),
            Action::ReturnForChanges | Action::Approve => state == ReturnState::Submitted,
            Action::Amend => state == ReturnState::Approved,
        }
    }

    /// Whether the action acts on the version the page showed (a save is checked against its
    /// section's version instead, so two people may fill in different sections at once).
    fn checks_version(self) -> bool {
        !matches!(self, Action::SaveSection)
    }
}

/// Why an action was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The return has not been started.
    NotStarted,
    /// The return has been started already (a second click, or a colleague).
    AlreadyStarted,
    /// A newer revision exists than the one the page showed.
    Superseded { seen: i64, newest: i64 },
    /// The return is in a state where the action does not apply.
    WrongState { action: Action, state: ReturnState },
    /// The return moved on since the page was shown.
    Stale { seen: i64, current: i64 },
}

impl Standing {
    /// A new return (or amendment) is a draft at version 1, as the table's default.
    pub fn started(revision: i64) -> Self {
        Standing { revision, state: ReturnState::Draft, version: 1 }
    }

    /// Start a return: only if there is none yet for the subject and quarter.
    pub fn start(newest: Option<Standing>) -> Result<Standing, Refusal> {
        match newest {
            None => Ok(Standing::started(1)),
            Some(_) => Err(Refusal::AlreadyStarted),
        }
    }

    /// Apply `action`, taken on a page that showed `seen`, to the return standing as `self`.
    /// The checks run in one order for every action: revision, state, version. An amendment
    /// answers with the new revision it starts.
    pub fn apply(self, action: Action, seen: Seen) -> Result<Standing, Refusal> {
        if seen.revision != self.revision {
            return Err(Refusal::Superseded { seen: seen.revision, newest: self.revision });
        }
        if !action.allowed_in(self.state) {
            return Err(Refusal::WrongState { action, state: self.state });
        }
        if action.checks_version() && seen.version != self.version {
            return Err(Refusal::Stale { seen: seen.version, current: self.version });
        }
        let next = |state| Standing { state, version: self.version + 1, ..self };
        Ok(match action {
            // A save makes a returned return a draft again; it is not a transition.
            Action::SaveSection => Standing { state: ReturnState::Draft, ..self },
            Action::Submit => next(ReturnState::Submitted),
            Action::ReturnForChanges => next(ReturnState::Returned),
            Action::Approve => next(ReturnState::Approved),
            Action::Amend => Standing::started(self.revision + 1),
        })
    }
}

/// [`Standing::apply`] where there may be no return yet.
pub fn apply(newest: Option<Standing>, action: Action, seen: Seen) -> Result<Standing, Refusal> {
    newest.ok_or(Refusal::NotStarted)?.apply(action, seen)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReturnState::*;

    fn at(revision: i64, state: ReturnState, version: i64) -> Standing {
        Standing { revision, state, version }
    }

    fn seen(revision: i64, version: i64) -> Seen {
        Seen { revision, version }
    }

    #[test]
    fn a_return_is_started_once_as_a_draft_at_version_one() {
        assert_eq!(Standing::start(None), Ok(at(1, Draft, 1)));
        assert_eq!(Standing::start(Some(at(1, Draft, 1))), Err(Refusal::AlreadyStarted));
    }

    #[test]
    fn the_whole_life_of_a_return_moves_state_and_version_as_the_workflow_says() {
        let draft = at(1, Draft, 1);
        let submitted = draft.apply(Action::Submit, seen(1, 1)).unwrap();
        assert_eq!(submitted, at(1, Submitted, 2));
        let returned = submitted.apply(Action::ReturnForChanges, seen(1, 2)).unwrap();
        assert_eq!(returned, at(1, Returned, 3));
        let saved = returned.apply(Action::SaveSection, seen(1, 3)).unwrap();
        assert_eq!(saved, at(1, Draft, 3), "a save makes it a draft again without a new version");
        let again = saved.apply(Action::Submit, seen(1, 3)).unwrap();
        let approved = again.apply(Action::Approve, seen(1, 4)).unwrap();
        assert_eq!(approved, at(1, Approved, 5));
        assert_eq!(approved.apply(Action::Amend, seen(1, 5)), Ok(at(2, Draft, 1)));
    }

    #[test]
    fn each_action_is_refused_in_the_states_it_does_not_apply_to() {
        // (action, the states it is refused in)
        let cases = [
            (Action::SaveSection, vec![Submitted, Approved]),
            (Action::Submit, vec![Submitted, Approved]),
            (Action::ReturnForChanges, vec![Draft, Returned, Approved]),
            (Action::Approve, vec![Draft, Returned, Approved]),
            (Action::Amend, vec![Draft, Submitted, Returned]),
        ];
        for (action, states) in cases {
            for state in [Draft, Submitted, Returned, Approved] {
                let result = at(1, state, 7).apply(action, seen(1, 7));
                if states.contains(&state) {
                    assert_eq!(result, Err(Refusal::WrongState { action, state }), "{action:?} in {state:?}");
                } else {
                    assert!(result.is_ok(), "{action:?} in {state:?}: {result:?}");
                }
            }
        }
    }

    #[test]
    fn a_decision_from_a_page_older_than_the_return_is_refused_as_stale() {
        let submitted = at(1, Submitted, 4);
        for action in [Action::Approve, Action::ReturnForChanges] {
            assert_eq!(submitted.apply(action, seen(1, 3)), Err(Refusal::Stale { seen: 3, current: 4 }), "{action:?}");
        }
        assert_eq!(at(1, Draft, 2).apply(Action::Submit, seen(1, 1)), Err(Refusal::Stale { seen: 1, current: 2 }));
        assert_eq!(at(1, Approved, 3).apply(Action::Amend, seen(1, 0)), Err(Refusal::Stale { seen: 0, current: 3 }));
    }

    #[test]
    fn a_save_is_not_refused_for_the_returns_version_only_for_its_state_and_revision() {
        assert!(at(1, Draft, 9).apply(Action::SaveSection, seen(1, 0)).is_ok());
        assert_eq!(at(2, Draft, 1).apply(Action::SaveSection, seen(1, 1)), Err(Refusal::Superseded { seen: 1, newest: 2 }));
    }

    #[test]
    fn a_wrong_state_is_reported_before_a_stale_version_and_a_newer_revision_before_both() {
        assert_eq!(
            at(1, Submitted, 5).apply(Action::Submit, seen(1, 4)),
            Err(Refusal::WrongState { action: Action::Submit, state: Submitted })
        );
        assert_eq!(at(3, Draft, 1).apply(Action::Amend, seen(2, 5)), Err(Refusal::Superseded { seen: 2, newest: 3 }));
    }

    #[test]
    fn nothing_can_be_done_to_a_return_that_was_never_started() {
        assert_eq!(apply(None, Action::Submit, seen(1, 1)), Err(Refusal::NotStarted));
        assert_eq!(apply(Some(at(1, Draft, 1)), Action::Submit, seen(1, 1)), Ok(at(1, Submitted, 2)));
    }
}
