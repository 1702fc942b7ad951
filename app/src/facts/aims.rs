//! Aims facts: each universal capability's aims with the footprint's own figure as at a
//! quarter, the organisations' figures it summarises, and the rule for an aim's goal.

use chrono::NaiveDate;
use serde::Serialize;

use super::Provenance;
use crate::domain::{FinancialYear, OrgId, Percent, Rag};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AimRow {
    pub code: String,
    pub text: String,
    pub completeness: Option<Percent>,
    pub rag: Option<Rag>,
    /// The goal for a financial year, from the footprint's plan or the aim's own target
    /// ([`goal_for`]).
    pub goal: Option<(FinancialYear, Percent)>,
    pub narrative: String,
    pub provenance: Option<Provenance>,
}

/// One organisation's own approved figure for an aim, which the footprint's figure summarises.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrgAimFigure {
    pub aim: String,
    pub organisation_id: OrgId,
    pub organisation: String,
    pub completeness: Option<Percent>,
    pub rag: Option<Rag>,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CapabilityAims {
    pub number: i64,
    pub title: String,
    pub aims: Vec<AimRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RagDefinition {
    pub rag: Rag,
    pub definition: String,
}

/// The goal that matters for an aim as at a financial year: of the footprint's plan (goals
/// by year, any order), this year's, else the next one set, else the last one set; with no
/// year (no figures yet), the first. With no plan, the aim's own target ("by end 16/17,
/// 80 %": the year its date falls in), when it names both a value and a date.
pub fn goal_for(
    plan: &[(FinancialYear, Percent)],
    own_target: Option<(NaiveDate, Percent)>,
    current: Option<FinancialYear>,
) -> Option<(FinancialYear, Percent)> {
    let mut plan = plan.to_vec();
    plan.sort_by_key(|(y, _)| *y);
    let planned = match current {
        Some(now) => plan.iter().copied().find(|(y, _)| *y >= now).or_else(|| plan.last().copied()),
        None => plan.first().copied(),
    };
    planned.or_else(|| own_target.map(|(date, value)| (FinancialYear::containing(date), value)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(v: f64) -> Percent {
        Percent::new(v).unwrap()
    }

    fn fy(y: i32) -> FinancialYear {
        FinancialYear(y)
    }

    #[test]
    fn the_goal_is_this_years_else_the_next_set_else_the_last() {
        let plan = [(fy(2017), p(80.0)), (fy(2016), p(50.0))];
        // (plan, as at, expected, why)
        let cases = [
            (&plan[..], Some(fy(2016)), Some((fy(2016), p(50.0))), "this year's"),
            (&plan[..1], Some(fy(2016)), Some((fy(2017), p(80.0))), "none this year: the next one set"),
            (&plan[..], Some(fy(2019)), Some((fy(2017), p(80.0))), "all in the past: the last one set"),
            (&plan[..], None, Some((fy(2016), p(50.0))), "no quarter yet: the first, whatever the order given"),
            (&[], Some(fy(2016)), None, "no plan and no target"),
        ];
        for (plan, current, expected, why) in cases {
            assert_eq!(goal_for(plan, None, current), expected, "{why}");
        }
    }

    #[test]
    fn an_aim_with_no_plan_has_its_own_target_in_the_year_its_date_falls_in() {
        let date = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let target = Some((date("2017-03-31"), p(80.0)));
        assert_eq!(goal_for(&[], target, Some(fy(2016))), Some((fy(2016), p(80.0))), "31 March is still 2016/17");
        let april = Some((date("2017-04-01"), p(80.0)));
        assert_eq!(goal_for(&[], april, None), Some((fy(2017), p(80.0))), "1 April starts 2017/18");
        let plan = [(fy(2016), p(50.0))];
        assert_eq!(goal_for(&plan, target, Some(fy(2016))), Some((fy(2016), p(50.0))), "a plan outranks the target");
    }
}
