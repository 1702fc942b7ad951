//! The PMO's edits of the gap register: a gap's and an initiative's form as typed, and the
//! one parse of each that finds every problem at once (so a refused form shows them all,
//! with what was typed kept). Pure; the server checks the version and writes.

use serde::{Deserialize, Serialize};

use crate::analysis::initiative_priority::{Criteria, Enabler};

/// Longest gap text, initiative title and description, in characters.
pub const GAP_TEXT_MAX: usize = 500;
pub const TITLE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 2000;

/// (field id, message), in the order of the form: what the error summary lists.
pub type FieldErrors = Vec<(String, String)>;

/// The gap form as typed (a field left out is blank; any other field refuses the form).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GapForm {
    pub area: String,
    pub text: String,
    /// The row's version when the page was shown (blank when adding).
    pub version: String,
}

/// A valid gap: the area it belongs to and its text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapEdit {
    pub area: i64,
    pub text: String,
}

fn too_long(text: &str, max: usize) -> bool {
    text.chars().count() > max
}

impl GapForm {
    /// Every problem at once; `areas` are the footprint's (id, name).
    pub fn parse(&self, areas: &[(i64, String)]) -> Result<GapEdit, FieldErrors> {
        let mut errors = FieldErrors::new();
        let area = self.area.trim().parse::<i64>().ok().filter(|id| areas.iter().any(|(a, _)| a == id));
        if area.is_none() {
            errors.push(("area".into(), "Select the area the gap belongs to".into()));
        }
        let text = self.text.trim();
        if text.is_empty() {
            errors.push(("text".into(), "Enter the gap".into()));
        } else if too_long(text, GAP_TEXT_MAX) {
            errors.push(("text".into(), format!("The gap must be {GAP_TEXT_MAX} characters or fewer")));
        }
        match area {
            Some(area) if errors.is_empty() => Ok(GapEdit { area, text: text.to_string() }),
            _ => Err(errors),
        }
    }
}

/// The initiative form as typed: the three criteria as `yes` or `no`, the enabler as
/// `none`, `single` or `multiple`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InitiativeForm {
    pub title: String,
    pub description: String,
    pub universal_capability: String,
    pub stp_objective: String,
    pub whole_system: String,
    pub pfpoc_enabler: String,
    pub version: String,
}

/// A valid initiative.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InitiativeEdit {
    pub title: String,
    pub description: String,
    pub criteria: Criteria,
}

/// The three yes/no criteria: (field, the question's subject for its message).
pub const YES_NO: [(&str, &str); 3] = [
    ("universal_capability", "it is needed for a Universal Capability"),
    ("stp_objective", "an STP objective relies on it"),
    ("whole_system", "it helps whole-system working"),
];

impl InitiativeForm {
    pub fn yes_no(&self, field: &str) -> &str {
        match field {
            "universal_capability" => &self.universal_capability,
            "stp_objective" => &self.stp_objective,
            _ => &self.whole_system,
        }
    }

    /// Every problem at once; `other_titles` are the footprint's other initiatives' titles
    /// (a title names one initiative).
    pub fn parse(&self, other_titles: &[String]) -> Result<InitiativeEdit, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = self.title.trim();
        if title.is_empty() {
            errors.push(("title".into(), "Enter the initiative's title".into()));
        } else if too_long(title, TITLE_MAX) {
            errors.push(("title".into(), format!("The title must be {TITLE_MAX} characters or fewer")));
        } else if other_titles.iter().any(|t| t.trim().eq_ignore_ascii_case(title)) {
            errors.push(("title".into(), "Another initiative already has this title".into()));
        }
        let description = self.description.trim();
        if too_long(description, DESCRIPTION_MAX) {
            errors.push(("description".into(), format!("The description must be {DESCRIPTION_MAX} characters or fewer")));
        }
        let mut answers = [false; 3];
        for ((field, subject), answer) in YES_NO.iter().zip(answers.iter_mut()) {
            match self.yes_no(field) {
                "yes" => *answer = true,
                "no" => {}
                _ => errors.push((field.to_string(), format!("Select whether {subject}"))),
            }
        }
        let enabler = Enabler::parse(&self.pfpoc_enabler);
        if enabler.is_none() {
            errors.push(("pfpoc_enabler".into(), "Select whether it enables paper-free at the point of care, and how widely".into()));
        }
        match enabler {
            Some(enabler) if errors.is_empty() => {
                let [universal_capability, stp_objective, whole_system] = answers;
                let criteria = Criteria { universal_capability, stp_objective, whole_system, enabler };
                Ok(InitiativeEdit { title: title.to_string(), description: description.to_string(), criteria })
            }
            _ => Err(errors),
        }
    }

    /// The form filled in from a saved initiative, to change it.
    pub fn of(title: &str, description: &str, c: Criteria, version: i64) -> InitiativeForm {
        let yn = |b: bool| if b { "yes" } else { "no" }.to_string();
        InitiativeForm {
            title: title.to_string(),
            description: description.to_string(),
            universal_capability: yn(c.universal_capability),
            stp_objective: yn(c.stp_objective),
            whole_system: yn(c.whole_system),
            pfpoc_enabler: c.enabler.code().to_string(),
            version: version.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn areas() -> Vec<(i64, String)> {
        vec![(1, "Infrastructure".into()), (2, "Whole System Intelligence".into())]
    }

    #[test]
    fn a_valid_gap_is_trimmed_and_kept_in_its_area() {
        let form = GapForm { area: "2".into(), text: "  No single sign-on  ".into(), version: String::new() };
        assert_eq!(form.parse(&areas()), Ok(GapEdit { area: 2, text: "No single sign-on".into() }));
    }

    #[test]
    fn every_problem_of_a_gap_form_is_found_at_once() {
        let cases = [
            (GapForm { area: "9".into(), text: " ".into(), ..Default::default() }, vec!["area", "text"], "unknown area, blank text"),
            (GapForm { area: "x".into(), text: "a".repeat(GAP_TEXT_MAX + 1), ..Default::default() }, vec!["area", "text"], "too long"),
            (GapForm { area: "1".into(), text: "é".repeat(GAP_TEXT_MAX), ..Default::default() }, vec![], "the limit counts characters"),
        ];
        for (form, fields, why) in cases {
            let got: Vec<String> = form.parse(&areas()).err().unwrap_or_default().into_iter().map(|(f, _)| f).collect();
            assert_eq!(got, fields, "{why}");
        }
    }

    fn initiative() -> InitiativeForm {
        InitiativeForm {
            title: "Shared care record".into(),
            description: "JUYI".into(),
            universal_capability: "no".into(),
            stp_objective: "yes".into(),
            whole_system: "yes".into(),
            pfpoc_enabler: "multiple".into(),
            version: "1".into(),
        }
    }

    #[test]
    fn a_valid_initiative_reads_its_criteria() {
        let edit = initiative().parse(&[]).expect("valid");
        assert_eq!(
            edit.criteria,
            Criteria { universal_capability: false, stp_objective: true, whole_system: true, enabler: Enabler::Multiple }
        );
        assert_eq!(InitiativeForm::of(&edit.title, &edit.description, edit.criteria, 1), initiative());
    }

    #[test]
    fn every_problem_of_an_initiative_form_is_found_at_once_in_the_forms_order() {
        let form = InitiativeForm { title: String::new(), description: "d".repeat(DESCRIPTION_MAX + 1), ..Default::default() };
        let fields: Vec<String> = form.parse(&[]).unwrap_err().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["title", "description", "universal_capability", "stp_objective", "whole_system", "pfpoc_enabler"]);
        let long = InitiativeForm { title: "t".repeat(TITLE_MAX + 1), ..initiative() };
        assert_eq!(long.parse(&[]).unwrap_err()[0].0, "title");
        let taken = initiative().parse(&["shared care record".into()]).unwrap_err();
        assert_eq!(taken, vec![("title".to_string(), "Another initiative already has this title".to_string())]);
        let odd = InitiativeForm { stp_objective: "maybe".into(), pfpoc_enabler: "several".into(), ..initiative() };
        assert_eq!(odd.parse(&[]).unwrap_err().len(), 2);
    }
}
