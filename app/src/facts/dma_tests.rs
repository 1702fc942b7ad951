//! The DMA rules on hand-made facts: which organisations a matrix shows, what each cell
//! compares with, one organisation's rows, and the reference peer group.

use super::*;
use crate::analysis::Comparison;
use crate::domain::{FinancialYear, OrgKind};
use crate::views::fixtures::{benchmarks, org, provenance, theme, COUNCILS, TRUSTS};

const DMA: Scale = Scale { min: 0.0, max: 100.0, step: 1.0 };

fn q1() -> PeriodCode {
    PeriodCode { year: FinancialYear(2016), quarter: 1 }
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

fn ghft() -> OrgSummary {
    org("RTE", "Gloucestershire Hospitals NHS Foundation Trust", "GHFT", OrgKind::Acute, 1)
}

fn gcc() -> OrgSummary {
    org("E10000013", "Gloucestershire County Council", "GCC", OrgKind::LocalAuthority, 1)
}

fn gccg() -> OrgSummary {
    org("11M", "NHS Gloucestershire CCG", "GCCG", OrgKind::Commissioner, 1)
}

/// Leadership (theme 1: trusts 77, councils 78.52) and Records (theme 5: trusts only).
fn facts(scores: Vec<DmaScore>) -> DmaFacts {
    let themes = [1, 5];
    DmaFacts {
        framework: FrameworkFact { name: "Digital Maturity Assessment".into(), scale: DMA },
        period: q1(),
        themes: themes.iter().map(|i| theme(*i)).collect(),
        organisations: vec![gccg(), ghft(), gcc()],
        scores,
        benchmarks: themes
            .iter()
            .flat_map(|i| benchmarks(*i).into_iter().map(|candidate| ThemeBenchmark { theme: ThemeId(*i as i64 + 1), candidate }))
            .collect(),
        answer_scales: vec![],
    }
}

#[test]
fn the_matrix_shows_only_organisations_that_took_the_framework_in_the_footprints_order() {
    let facts = facts(vec![score(&gcc(), 1, Some(84.0)), score(&ghft(), 5, None), score(&ghft(), 1, Some(80.0))]);
    let m = DmaMatrix::assemble(&facts).expect("two organisations took it");
    let codes: Vec<&str> = m.organisations.iter().map(|o| o.code.as_str()).collect();
    assert_eq!(codes, ["RTE", "E10000013"], "the CCG has no row; a 'not assessed' row still counts as taken");
    assert_eq!(m.themes.len(), 2);
    assert_eq!(m.cells[0][0].comparison(), Some(Comparison::Above), "GHFT 80 against the trusts' 77");
    assert_eq!(
        m.cells[0][1],
        Cell::Compared { score: 84.0, benchmark: 78.52, peer_group: COUNCILS.into(), comparison: Comparison::Above },
        "the council against councils, never trusts"
    );
    assert_eq!(m.cells[1][0], Cell::NotAssessed, "GHFT said 'not assessed' for records");
    assert_eq!(m.cells[1][1], Cell::NotAssessed, "GCC has no records row at all");
    assert_eq!(m.benchmark(0, TRUSTS), Some(77.0));
    assert_eq!(m.reference_group.as_deref(), Some(TRUSTS));
}

#[test]
fn nobody_scored_means_no_matrix() {
    assert_eq!(DmaMatrix::assemble(&facts(vec![])), None);
    let strangers = facts(vec![score(&org("XXX", "Elsewhere", "X", OrgKind::Acute, 1), 1, Some(50.0))]);
    assert_eq!(DmaMatrix::assemble(&strangers), None, "scores of organisations not asked about are ignored");
}

#[test]
fn one_organisations_rows_cover_every_theme_with_their_provenance() {
    let facts = facts(vec![score(&ghft(), 1, Some(80.0))]);
    let rows = facts.organisation_rows(&ghft());
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].1.score(), Some(80.0));
    assert_eq!(rows[0].2, Some(provenance()));
    assert_eq!((rows[1].1.clone(), rows[1].2.clone()), (Cell::NotAssessed, None), "no row: not assessed, no source");
    assert!(facts.organisation_rows(&gcc()).is_empty(), "an organisation with no scores has no DMA table");
}

fn candidate(group: &str) -> BenchmarkCandidate {
    BenchmarkCandidate { peer_group: group.into(), kinds: vec![], value: 50.0 }
}

#[test]
fn the_reference_group_is_the_one_with_the_most_averages_and_the_first_met_of_equals() {
    let (a, b) = (candidate("A"), candidate("B"));
    // (benchmarks per theme, expected, why)
    type Case = (Vec<Vec<BenchmarkCandidate>>, Option<&'static str>, &'static str);
    let cases: [Case; 4] = [
        (vec![vec![b.clone()], vec![a.clone(), b.clone()]], Some("B"), "B has two averages, A one"),
        (vec![vec![b.clone(), a.clone()], vec![a.clone(), b.clone()]], Some("B"), "two each: B was met first"),
        (vec![vec![], vec![a.clone()]], Some("A"), "themes without averages are skipped"),
        (vec![vec![], vec![]], None, "nothing published"),
    ];
    for (benchmarks, expected, why) in cases {
        assert_eq!(reference_group(&benchmarks).as_deref(), expected, "{why}");
    }
}

#[test]
fn facts_serialise_with_their_codes_and_numbers() {
    let json = serde_json::to_value(facts(vec![score(&ghft(), 1, Some(80.0))])).unwrap();
    assert_eq!(json["period"], "2016-17-q1");
    assert_eq!(json["scores"][0]["score"], 80.0);
    assert_eq!(json["scores"][0]["provenance"]["recorded_at"], "2016-10-31T09:30:00");
    assert_eq!(json["organisations"][1]["kind"], "acute");
    assert_eq!(json["benchmarks"][1]["peer_group"], COUNCILS);
}
