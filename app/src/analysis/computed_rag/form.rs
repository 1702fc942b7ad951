//! The PMO's form for a new rule version: its fields, the values a fresh form starts from
//! (the rules in force), and parsing with every problem at once, each on its field.

use super::rules::{AimRule, Bands, DmaThemeRule, RuleSet};
use crate::domain::PeriodCode;
use crate::returns::form::{number_text, parse_number, FieldErrors, RawForm};

/// The version the form was started from: a newer one since means someone else changed the
/// rules, and this form would silently undo their change.
pub const BASED_ON: &str = "based-on";
pub const EFFECTIVE_FROM: &str = "effective-from";

/// (field id, label, hint) for each number, in the form's order.
pub const NUMBER_FIELDS: [(&str, &str, &str); 9] = [
    ("aim-window", "Quarters the rate of progress is fitted over", "At least 2; the default is 4."),
    ("aim-margin", "Quarters late an aim may be projected and still be amber", "0 or more; the default is 2."),
    ("aim-min-progress", "Least rise a quarter that counts as progress (percentage points)", "0 or more; the default is 0."),
    ("trajectory-tolerance", "Trajectories: green within this share of the scale below plan (%)", "The default is 5."),
    ("trajectory-amber", "Trajectories: amber up to this share of the scale below plan (%)", "The default is 15."),
    ("plan-tolerance", "DMA themes against plan: green within (% of the scale)", "The default is 5."),
    ("plan-amber", "DMA themes against plan: amber up to (% of the scale)", "The default is 15."),
    ("peers-tolerance", "DMA themes against peers: green within (% of the scale)", "The default is 5."),
    ("peers-amber", "DMA themes against peers: amber up to (% of the scale)", "The default is 15."),
];

/// A form filled in with these rules' values, ready to change.
pub fn form_from(rules: &RuleSet) -> RawForm {
    let values = [
        f64::from(rules.aim.window),
        f64::from(rules.aim.margin_quarters),
        rules.aim.min_progress,
        rules.trajectory.tolerance,
        rules.trajectory.amber_behind,
        rules.dma_theme.against_plan.tolerance,
        rules.dma_theme.against_plan.amber_behind,
        rules.dma_theme.against_peers.tolerance,
        rules.dma_theme.against_peers.amber_behind,
    ];
    let mut form = RawForm::default();
    for ((id, _, _), v) in NUMBER_FIELDS.iter().zip(values) {
        form.set(*id, number_text(Some(v)));
    }
    form.set(BASED_ON, rules.version.to_string());
    form
}

/// The form as a rule set (its version set by the caller when stored), or every problem.
/// `earliest` is the quarter of the newest version: a new one may not take effect before it,
/// so quarters already judged keep the rules of their time.
pub fn parse_rules(form: &RawForm, earliest: PeriodCode, quarters: &[PeriodCode]) -> Result<RuleSet, FieldErrors> {
    let mut errors = FieldErrors::default();
    let effective_from = match form.get(EFFECTIVE_FROM).parse::<PeriodCode>() {
        Ok(q) if !quarters.contains(&q) => {
            errors.add(EFFECTIVE_FROM, "Select a quarter from the list");
            None
        }
        Ok(q) if q < earliest => {
            errors.add(
                EFFECTIVE_FROM,
                format!("Select {} or a later quarter: earlier quarters keep the rules of their time", earliest.label()),
            );
            None
        }
        Ok(q) => Some(q),
        Err(_) => {
            errors.add(EFFECTIVE_FROM, "Select the quarter the new rules take effect from");
            None
        }
    };
    let mut values = [0.0; 9];
    for (i, (id, label, _)) in NUMBER_FIELDS.iter().enumerate() {
        match parse_number(form.get(id)) {
            Ok(Some(v)) => values[i] = v,
            Ok(None) => errors.add(*id, format!("Enter a number for “{label}”")),
            Err(_) => errors.add(*id, format!("“{label}” must be a number, like 5")),
        }
    }
    let whole = |i: usize, errors: &mut FieldErrors| {
        let v = values[i];
        if v.fract() != 0.0 || !(0.0..=40.0).contains(&v) {
            errors.add(NUMBER_FIELDS[i].0, format!("“{}” must be a whole number of quarters from 0 to 40", NUMBER_FIELDS[i].1));
            0
        } else {
            v as u8
        }
    };
    let (window, margin) = if errors.for_field(NUMBER_FIELDS[0].0).is_none() && errors.for_field(NUMBER_FIELDS[1].0).is_none() {
        (whole(0, &mut errors), whole(1, &mut errors))
    } else {
        (0, 0)
    };
    let bands = |a: usize| Bands { tolerance: values[a], amber_behind: values[a + 1] };
    let rules = RuleSet {
        version: 0,
        effective_from: effective_from.unwrap_or(earliest),
        aim: AimRule { window, margin_quarters: margin, min_progress: values[2] },
        trajectory: bands(3),
        dma_theme: DmaThemeRule { against_plan: bands(5), against_peers: bands(7) },
    };
    if errors.is_empty() {
        // The rule set's own checks, each put on the field it is about.
        for problem in rules.problems() {
            let field = match problem.as_str() {
                p if p.starts_with("Aims: the rate") => "aim-window",
                p if p.starts_with("Aims:") => "aim-min-progress",
                p if p.starts_with("Trajectories") => "trajectory-tolerance",
                p if p.starts_with("DMA themes against plan") => "plan-tolerance",
                _ => "peers-tolerance",
            };
            errors.add(field, problem);
        }
    }
    if errors.is_empty() {
        Ok(rules)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(code: &str) -> PeriodCode {
        code.parse().unwrap()
    }

    fn quarters() -> Vec<PeriodCode> {
        ["2016-17-q1", "2016-17-q2", "2016-17-q3"].iter().map(|c| q(c)).collect()
    }

    #[test]
    fn a_form_started_from_the_rules_in_force_reads_back_as_those_rules() {
        let rules = RuleSet::defaults(q("2016-17-q1"));
        let mut form = form_from(&rules);
        form.set(EFFECTIVE_FROM, "2016-17-q2");
        let parsed = parse_rules(&form, q("2016-17-q1"), &quarters()).unwrap();
        assert_eq!(parsed, RuleSet { version: 0, effective_from: q("2016-17-q2"), ..rules });
        assert_eq!(form.get(BASED_ON), "1");
    }

    #[test]
    fn every_problem_is_given_at_once_on_its_field() {
        let mut form = form_from(&RuleSet::defaults(q("2016-17-q1")));
        form.set(EFFECTIVE_FROM, "2015-16-q4");
        form.set("aim-window", "1.5");
        form.set("aim-min-progress", "lots");
        form.set("plan-amber", "");
        let errors = parse_rules(&form, q("2016-17-q2"), &quarters()).unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["effective-from", "aim-min-progress", "plan-amber", "aim-window"], "{errors:?}");
    }

    #[test]
    fn a_quarter_before_the_newest_version_or_bands_the_wrong_way_round_are_refused() {
        let mut form = form_from(&RuleSet::defaults(q("2016-17-q1")));
        form.set(EFFECTIVE_FROM, "2016-17-q1");
        let errors = parse_rules(&form, q("2016-17-q2"), &quarters()).unwrap_err();
        assert_eq!(
            errors.for_field("effective-from"),
            Some("Select 2016/17 Q2 or a later quarter: earlier quarters keep the rules of their time")
        );
        form.set(EFFECTIVE_FROM, "2016-17-q3");
        form.set("trajectory-tolerance", "20");
        let errors = parse_rules(&form, q("2016-17-q2"), &quarters()).unwrap_err();
        assert_eq!(
            errors.for_field("trajectory-tolerance"),
            Some("Trajectories: the amber band must be at least as wide as the tolerance")
        );
        form.set("trajectory-tolerance", "5");
        form.set("aim-window", "1");
        let errors = parse_rules(&form, q("2016-17-q2"), &quarters()).unwrap_err();
        assert_eq!(errors.for_field("aim-window"), Some("Aims: the rate of progress needs at least 2 quarters"));
    }
}
