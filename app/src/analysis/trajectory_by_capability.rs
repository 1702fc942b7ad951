//! One capability across a footprint as at a quarter: each organisation's trajectory judged
//! by the rules in force (`judge_trajectory`), and the whole system's baseline, plans, actual
//! per quarter and status, each combined by the chosen method (`system_trajectory`).

use super::computed_rag::{judge_trajectory, Computed, RuleSet};
use super::plan_standing::{plan_standing, PlanStanding};
use super::system_trajectory::{aggregate, pulls_down, Member, Method, PullsDown, Standing, SystemFigure};
use super::trajectory::{trajectory_line, TrajectoryLine};
use crate::domain::{FinancialYear, PeriodCode, Scale};
use crate::facts::{CapabilityTrajectories, OrgSummary, OrgTrajectory, QuarterScore, TrajectoryCapability, TrajectoryRow};

/// One organisation's line, judged.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgJudged {
    pub org: OrgSummary,
    pub line: TrajectoryLine,
    pub computed: Computed,
    pub standing: Option<PlanStanding>,
}

/// The whole system in one financial year: its plan and actual, and actual minus plan.
#[derive(Debug, Clone, PartialEq)]
pub struct SystemYear {
    pub year: FinancialYear,
    pub plan: SystemFigure,
    /// From each organisation's latest score approved in the year, up to the quarter.
    pub actual: SystemFigure,
    pub variance: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CapabilityJudged {
    pub capability: TrajectoryCapability,
    pub organisations: Vec<OrgJudged>,
    pub baseline: SystemFigure,
    /// The plan for the quarter's financial year.
    pub plan: SystemFigure,
    /// From each organisation's actual to date.
    pub actual: SystemFigure,
    /// System actual minus system plan for the year.
    pub variance: Option<f64>,
    /// The system figure as at each quarter any organisation was scored, oldest first.
    pub system_scores: Vec<(PeriodCode, f64)>,
    /// The system plan for each financial year planned.
    pub system_plans: Vec<(FinancialYear, f64)>,
    pub years: Vec<SystemYear>,
    pub computed: Computed,
    pub standing: Option<PlanStanding>,
    pub pulls_down: Option<PullsDown>,
}

/// Each organisation with its line as at the quarter.
type Lined<'a> = [(&'a OrgTrajectory, TrajectoryLine)];

fn members(orgs: &Lined, value: impl Fn(&OrgTrajectory, &TrajectoryLine) -> Option<f64>) -> Vec<Member> {
    orgs.iter().map(|(o, l)| Member { name: o.org.name.clone(), value: value(o, l), size: o.staff_headcount }).collect()
}

/// An organisation's latest score approved in `year`, up to `as_at` (None: none that year).
pub fn year_actual(row: &TrajectoryRow, year: FinancialYear, as_at: PeriodCode) -> Option<QuarterScore> {
    row.scores.iter().filter(|s| s.period.year == year && s.period <= as_at).max_by_key(|s| s.period).copied()
}

/// The financial years a capability's table shows: every year planned, and every year with a
/// score up to the quarter, in order.
pub fn years_shown(c: &CapabilityTrajectories, as_at: PeriodCode) -> Vec<FinancialYear> {
    let mut years: Vec<FinancialYear> = c
        .organisations
        .iter()
        .flat_map(|o| o.row.planned.iter().map(|(y, _)| *y).chain(o.row.scores.iter().filter(|s| s.period <= as_at).map(|s| s.period.year)))
        .collect();
    years.sort();
    years.dedup();
    years
}

/// The capability as at `as_at`, the system combined by `method` (already chosen for the
/// page: see `system_trajectory::choose_method`).
pub fn judge_capability(c: &CapabilityTrajectories, method: Method, rules: &RuleSet, scale: Scale, as_at: PeriodCode) -> CapabilityJudged {
    let orgs: Vec<(&OrgTrajectory, TrajectoryLine)> = c.organisations.iter().map(|o| (o, trajectory_line(&o.row, as_at))).collect();
    let baseline = aggregate(method, &members(&orgs, |_, l| l.baseline.map(|(_, v)| v)));
    let actual = aggregate(method, &members(&orgs, |_, l| l.actual.and_then(|a| a.score)));
    let years = years_shown(c, as_at);
    let plan_for = |year: FinancialYear| aggregate(method, &members(&orgs, |_, l| l.plan_for(year)));
    let plan = plan_for(as_at.year);
    let system_plans: Vec<(FinancialYear, f64)> = years.iter().filter_map(|y| plan_for(*y).value.map(|v| (*y, v))).collect();
    let mut quarters: Vec<PeriodCode> =
        c.organisations.iter().flat_map(|o| o.row.scores.iter().map(|s| s.period)).filter(|p| *p <= as_at).collect();
    quarters.sort();
    quarters.dedup();
    // The system as at each quarter: each organisation's latest score up to it, as the page's "as at".
    let as_at_quarter = |q: PeriodCode| aggregate(method, &members(&orgs, |o, _| trajectory_line(&o.row, q).actual.and_then(|a| a.score)));
    let system_scores: Vec<(PeriodCode, f64)> = quarters.iter().filter_map(|q| as_at_quarter(*q).value.map(|v| (*q, v))).collect();
    let system_row = TrajectoryRow {
        capability: format!("The whole system's {}", c.capability.name),
        scores: system_scores.iter().map(|(p, v)| QuarterScore { period: *p, score: Some(*v) }).collect(),
        planned: system_plans.clone(),
        sources: Default::default(),
    };
    let computed = judge_trajectory(rules, &system_row, scale, as_at);
    let year_rows = years
        .iter()
        .map(|y| {
            let actual = aggregate(method, &members(&orgs, |o, _| year_actual(&o.row, *y, as_at).and_then(|a| a.score)));
            let plan = plan_for(*y);
            let variance = actual.value.zip(plan.value).map(|(a, p)| a - p);
            SystemYear { year: *y, plan, actual, variance }
        })
        .collect();
    let standings: Vec<Standing> = orgs
        .iter()
        .map(|(o, l)| Standing { name: o.org.name.clone(), actual: l.actual.and_then(|a| a.score), plan: l.plan_for(as_at.year) })
        .collect();
    let organisations = orgs
        .into_iter()
        .map(|(o, line)| {
            let computed = judge_trajectory(rules, &o.row, scale, as_at);
            OrgJudged { org: o.org.clone(), line, standing: plan_standing(&computed), computed }
        })
        .collect();
    CapabilityJudged {
        capability: c.capability.clone(),
        organisations,
        variance: actual.value.zip(plan.value).map(|(a, p)| a - p),
        pulls_down: pulls_down(&standings, actual.value),
        baseline,
        plan,
        actual,
        system_scores,
        system_plans,
        years: year_rows,
        standing: plan_standing(&computed),
        computed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::computed_rag::ComputedRag;
    use crate::domain::{OrgId, OrgKind, ThemeId};

    fn q(year: i32, quarter: u8) -> PeriodCode {
        PeriodCode { year: FinancialYear(year), quarter }
    }

    fn org(id: i64, name: &str, scores: Vec<(PeriodCode, Option<f64>)>, planned: Vec<(i32, f64)>) -> OrgTrajectory {
        OrgTrajectory {
            org: OrgSummary {
                id: OrgId(id),
                code: name.into(),
                name: name.into(),
                short_name: name.into(),
                kind: OrgKind::Acute,
                member_count: 1,
            },
            staff_headcount: None,
            row: TrajectoryRow {
                capability: "Records".into(),
                scores: scores.into_iter().map(|(period, score)| QuarterScore { period, score }).collect(),
                planned: planned.into_iter().map(|(y, v)| (FinancialYear(y), v)).collect(),
                sources: Default::default(),
            },
        }
    }

    fn records() -> CapabilityTrajectories {
        CapabilityTrajectories {
            capability: TrajectoryCapability { id: ThemeId(6), code: "records".into(), name: "Records".into() },
            organisations: vec![
                org(
                    1,
                    "GHFT",
                    vec![(q(2016, 1), Some(12.0)), (q(2016, 2), Some(20.0)), (q(2017, 2), Some(30.0))],
                    vec![(2016, 20.0), (2017, 50.0)],
                ),
                org(2, "GCS", vec![(q(2016, 1), Some(58.0)), (q(2017, 2), None)], vec![(2016, 60.0), (2017, 70.0)]),
                org(3, "SWASFT", vec![], vec![]),
            ],
        }
    }

    const DMA: Scale = Scale { min: 0.0, max: 100.0, step: 1.0 };

    #[test]
    fn the_system_combines_each_organisations_figures_as_at_each_quarter() {
        let rules = RuleSet::defaults(q(2016, 1));
        let j = judge_capability(&records(), Method::Mean, &rules, DMA, q(2017, 2));
        assert_eq!(j.baseline.value, Some(35.0), "(12 + 58) / 2; SWASFT never assessed");
        assert_eq!(j.actual.value, Some(30.0), "GHFT 30; GCS's latest return said not assessed");
        assert_eq!(j.plan.value, Some(60.0), "(50 + 70) / 2");
        assert_eq!(j.variance, Some(-30.0));
        assert_eq!(j.system_scores, [(q(2016, 1), 35.0), (q(2016, 2), 39.0), (q(2017, 2), 30.0)]);
        assert_eq!(j.system_plans, [(FinancialYear(2016), 40.0), (FinancialYear(2017), 60.0)]);
        assert_eq!(j.computed.status, ComputedRag::Red, "30 is 30 points behind 60");
        assert_eq!(j.standing, Some(PlanStanding::Behind));
        let first = &j.years[0];
        assert_eq!(
            (first.year, first.actual.value, first.plan.value, first.variance),
            (FinancialYear(2016), Some(39.0), Some(40.0), Some(-1.0))
        );
        assert_eq!(j.pulls_down.as_ref().map(|p| p.name.as_str()), Some("GHFT"), "20 behind its plan of 50");
        assert_eq!(j.organisations[0].standing, Some(PlanStanding::Behind));
        assert_eq!(j.organisations[2].computed.status, ComputedRag::NoData);
    }

    #[test]
    fn the_minimum_method_follows_the_lowest_organisation_and_later_quarters_never_count() {
        let rules = RuleSet::defaults(q(2016, 1));
        let j = judge_capability(&records(), Method::Minimum, &rules, DMA, q(2016, 2));
        assert_eq!(j.system_scores, [(q(2016, 1), 12.0), (q(2016, 2), 20.0)]);
        assert_eq!(j.actual.value, Some(20.0));
        assert_eq!(years_shown(&records(), q(2016, 2)), [FinancialYear(2016), FinancialYear(2017)], "plans for next year show");
        assert_eq!(year_actual(&records().organisations[0].row, FinancialYear(2017), q(2016, 2)), None);
    }
}
