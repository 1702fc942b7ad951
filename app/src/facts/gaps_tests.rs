//! Gap analysis on hand-made facts: each gap worked by hand, biggest first, the status from
//! the DMA theme rule, the filters, and the register's priority order.

use super::*;
use crate::analysis::computed_rag::ComputedRag;
use crate::domain::{OrgKind, Scale};
use crate::facts::{DmaScore, FrameworkFact, ThemeBenchmark};
use crate::views::fixtures::{benchmarks, org, provenance, q1, theme, COUNCILS, TRUSTS};

const DMA: Scale = Scale { min: 0.0, max: 100.0, step: 1.0 };

fn ghft() -> OrgSummary {
    org("RTE", "Gloucestershire Hospitals NHS Foundation Trust", "GHFT", OrgKind::Acute, 1)
}

fn gcc() -> OrgSummary {
    org("E10000013", "Gloucestershire County Council", "GCC", OrgKind::LocalAuthority, 1)
}

fn score(o: &OrgSummary, theme: usize, value: Option<f64>) -> DmaScore {
    DmaScore {
        organisation: o.id,
        theme: ThemeId(theme as i64 + 1),
        period: q1(),
        score: value.map(|v| DMA.score_of(v).unwrap()),
        provenance: provenance(),
    }
}

/// Leadership (theme 1: trusts 77, councils 78.52) and Records (theme 5: trusts only).
fn facts() -> DmaFacts {
    let themes = [1, 5];
    DmaFacts {
        framework: FrameworkFact { name: "Digital Maturity Assessment".into(), scale: DMA },
        period: q1(),
        themes: themes.iter().map(|i| theme(*i)).collect(),
        organisations: vec![ghft(), gcc()],
        scores: vec![score(&ghft(), 1, Some(80.0)), score(&ghft(), 5, None), score(&gcc(), 1, Some(60.0))],
        benchmarks: themes
            .iter()
            .flat_map(|i| benchmarks(*i).into_iter().map(|candidate| ThemeBenchmark { theme: ThemeId(*i as i64 + 1), candidate }))
            .collect(),
        answer_scales: vec![],
    }
}

fn plans() -> Vec<ThemePlan> {
    vec![ThemePlan { organisation: ghft().id, theme: ThemeId(2), year: q1().year, planned: 90.0 }]
}

fn rows() -> Vec<DmaGapRow> {
    dma_gaps(&facts(), &plans(), &[], &RuleSet::defaults(q1()))
}

fn find<'a>(rows: &'a [DmaGapRow], org: &str, theme: &str) -> &'a DmaGapRow {
    rows.iter().find(|r| r.organisation.code == org && r.theme.name == theme).expect("row")
}

#[test]
fn each_gap_is_the_comparator_minus_the_score() {
    let rows = rows();
    let ghft = find(&rows, "RTE", "Leadership");
    assert_eq!(ghft.national.as_ref().map(|a| a.peer_group.as_str()), Some(TRUSTS));
    assert_eq!((ghft.to_national(), ghft.to_peers(), ghft.to_plan()), (Some(-3.0), Some(-3.0), Some(10.0)));
    let gcc = find(&rows, "E10000013", "Leadership");
    assert_eq!(gcc.peers.as_ref().map(|a| a.peer_group.as_str()), Some(COUNCILS), "a council is set against councils");
    assert_eq!(gcc.to_national(), Some(17.0), "the national column is the trusts' average, as on the DMA page");
    assert!((gcc.to_peers().unwrap() - 18.52).abs() < 1e-9);
    assert_eq!(gcc.to_plan(), None, "no plan");
}

#[test]
fn the_status_comes_from_the_dma_theme_rule_against_the_plan_else_the_peers() {
    let rows = rows();
    assert_eq!(find(&rows, "RTE", "Leadership").computed.status, ComputedRag::Amber, "10 behind its plan of 90: amber up to 15");
    assert_eq!(find(&rows, "E10000013", "Leadership").computed.status, ComputedRag::Red, "18.52 behind councils: red");
    assert_eq!(find(&rows, "RTE", "Records, Assessments & Plans").computed.status, ComputedRag::NoData, "not assessed");
}

#[test]
fn the_biggest_gap_comes_first_and_rows_without_a_gap_last() {
    let rows = rows();
    let order: Vec<(&str, &str)> = rows.iter().map(|r| (r.organisation.short_name.as_str(), r.theme.name.as_str())).collect();
    assert_eq!(
        order,
        [("GCC", "Leadership"), ("GHFT", "Leadership"), ("GHFT", "Records, Assessments & Plans"), ("GCC", "Records, Assessments & Plans")]
    );
    assert_eq!(rows[3].score, None, "the council took no Records score: no gap, last");
}

#[test]
fn the_filters_narrow_the_dma_table_by_organisation_and_theme_group() {
    let rows = rows();
    let by_org = GapFilters { organisation: Some("RTE".into()), ..GapFilters::default() };
    assert_eq!(rows.iter().filter(|r| by_org.keeps_dma(r)).count(), 2);
    let group = theme(5).group;
    let by_group = GapFilters { theme_group: Some(group.clone()), ..GapFilters::default() };
    assert!(rows.iter().filter(|r| by_group.keeps_dma(r)).all(|r| r.theme.group == group));
    assert_eq!(rows.iter().filter(|r| by_group.keeps_dma(r)).count(), 2);
    assert_eq!(rows.iter().filter(|r| GapFilters::default().keeps_dma(r)).count(), 4, "no filter keeps everything");
    let by_capability = GapFilters { capability: Some(7), ..GapFilters::default() };
    assert!(by_capability.keeps_capability(7) && !by_capability.keeps_capability(1));
}

#[test]
fn the_register_lists_initiatives_by_priority_with_their_scores() {
    use crate::analysis::initiative_priority::Enabler;
    let initiative = |id: i64, uc: bool, enabler: Enabler| RegisterInitiative {
        id,
        title: format!("I{id}"),
        description: String::new(),
        criteria: Criteria { universal_capability: uc, stp_objective: false, whole_system: false, enabler },
        version: 1,
    };
    let register = GapRegister {
        areas: vec![],
        initiatives: vec![initiative(1, false, Enabler::None), initiative(2, true, Enabler::Multiple), initiative(3, true, Enabler::None)],
    };
    let order: Vec<(u8, i64)> = register.prioritised().into_iter().map(|(s, i)| (s, i.id)).collect();
    assert_eq!(order, [(3, 2), (1, 3), (0, 1)]);
}

mod aims {
    use super::super::aims_worst_first;
    use crate::analysis::computed_rag::{ComputedRag, RuleSet};
    use crate::domain::{FinancialYear, Percent, PeriodCode};
    use crate::facts::{AimFigure, AimRow, AimStatus};

    fn q(code: &str) -> PeriodCode {
        code.parse().unwrap()
    }

    /// An aim with a goal of `goal` % for 2016/17 and the footprint's own figures by quarter.
    fn aim(code: &str, goal: Option<f64>, figures: &[(&str, f64)]) -> AimStatus {
        let pc = |v: f64| Percent::new(v).unwrap();
        let row = AimRow {
            code: code.into(),
            text: format!("aim {code}"),
            completeness: figures.last().map(|(_, v)| pc(*v)),
            rag: None,
            goal: goal.map(|g| (FinancialYear(2016), pc(g))),
            narrative: String::new(),
            provenance: None,
        };
        let figures: Vec<AimFigure> =
            figures.iter().map(|(p, v)| AimFigure { organisation: None, period: q(p), completeness: Some(pc(*v)) }).collect();
        AimStatus::assess(1, &row, &figures, &RuleSet::defaults(q("2016-17-q1")), q("2016-17-q3"))
    }

    #[test]
    fn the_aims_come_worst_first_then_by_the_biggest_gap() {
        let flat = [("2016-17-q1", 10.0), ("2016-17-q2", 10.0), ("2016-17-q3", 10.0)];
        let rising = [("2016-17-q1", 40.0), ("2016-17-q2", 50.0), ("2016-17-q3", 60.0)];
        let aims = vec![
            aim("green", Some(50.0), &rising),
            aim("nodata", Some(80.0), &[("2016-17-q3", 20.0)]),
            aim("amber", Some(80.0), &rising),
            aim("red-small", Some(30.0), &flat),
            aim("red-big", Some(90.0), &flat),
        ];
        let statuses: Vec<ComputedRag> = aims.iter().map(|a| a.computed.status).collect();
        assert_eq!(statuses, [ComputedRag::Green, ComputedRag::NoData, ComputedRag::Amber, ComputedRag::Red, ComputedRag::Red]);
        let order: Vec<String> = aims_worst_first(aims).into_iter().map(|a| a.code).collect();
        assert_eq!(order, ["red-big", "red-small", "amber", "nodata", "green"]);
    }
}
