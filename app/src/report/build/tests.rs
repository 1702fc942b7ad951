use std::collections::HashSet;

use super::*;
use crate::analysis::computed_rag::RuleSet;
use crate::domain::Rag;
use crate::facts::{AimFigure, AimStatus, DeploymentTimeline};
use crate::report::document::Value;
use crate::returns::ReturnState;
use crate::views::fixtures::{capabilities, glos, pc, q1, rate, recorded_at, table_2_matrix};

fn facts() -> ReportFacts {
    let mut caps = capabilities();
    rate(&mut caps, "1a", Rag::Red);
    let rules = RuleSet::defaults(q1());
    let statuses: Vec<AimStatus> = caps
        .iter()
        .flat_map(|c| c.aims.iter().map(move |a| (c.number, a)))
        .map(|(n, a)| {
            let figures = [AimFigure { organisation: None, period: q1(), completeness: a.completeness }];
            AimStatus::assess(n, a, &figures, &rules, q1())
        })
        .collect();
    ReportFacts {
        footprint: glos(),
        period: q1(),
        generated_at: recorded_at(),
        generated_by: "Pat <PMO>".into(),
        rules_version: 1,
        capabilities: caps,
        statuses,
        previous_statuses: vec![],
        falls: vec![],
        dma: Some(table_2_matrix()),
        dma_gaps: vec![],
        trajectories: None,
        deployments: DeploymentTimeline { period: q1(), deployments: vec![] },
        measures: vec![],
        risks: vec![crate::facts::Risk { title: "Funding".into(), description: "=SUM(A1)".into() }],
        returns: vec![
            ReturnLine {
                code: "RTE".into(),
                subject: "Gloucestershire Hospitals".into(),
                state: Some(ReturnState::Approved),
                revision: Some(1),
                overdue: false,
                submitted_by: Some("CIO".into()),
                submitted_at: Some(recorded_at()),
                decided_by: Some("Steering".into()),
                decided_at: Some(recorded_at()),
            },
            ReturnLine {
                code: "GCC".into(),
                subject: "Council".into(),
                state: Some(ReturnState::Returned),
                revision: Some(2),
                overdue: true,
                submitted_by: None,
                submitted_at: None,
                decided_by: Some("Steering".into()),
                decided_at: Some(recorded_at()),
            },
        ],
    }
}

#[test]
fn the_document_has_every_data_table_in_workbook_order_and_every_chapter() {
    let doc = build(&facts());
    let ids: Vec<&str> = doc.data.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["dma-scores", "aims", "trajectories", "deployments", "measures", "gaps", "returns", "provenance"]);
    let chapters: Vec<&str> = doc.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(chapters, ["summary", "exceptions", "capabilities", "dma", "trajectories", "deployments", "gaps", "risks", "provenance"]);
    let mut seen = HashSet::new();
    for t in doc.sections.iter().flat_map(|s| &s.tables) {
        assert!(seen.insert(t.id.clone()), "table ids are unique on the page: {}", t.id);
        assert!(t.id.len() <= 31 && t.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{}", t.id);
        for row in &t.rows {
            assert_eq!(row.len(), t.columns.len(), "{}: every row has a cell per column", t.id);
        }
    }
}

#[test]
fn the_summary_counts_each_aim_once_by_its_computed_and_declared_status() {
    let f = facts();
    let doc = build(&f);
    let counts = doc.sections[0].tables.iter().find(|t| t.id == "rag-counts").unwrap();
    let total = |col: usize| counts.rows.iter().map(|r| if let Value::Integer(n) = r[col].value { n } else { 0 }).sum::<i64>();
    let aims = f.capabilities.iter().map(|c| c.aims.len()).sum::<usize>() as i64;
    assert_eq!(total(1), aims);
    assert_eq!(total(2), aims);
    assert_eq!(counts.rows[0][2].text, "1", "1a was declared red");
}

#[test]
fn the_capabilities_chapter_shows_the_aims_tables_own_cells() {
    let doc = build(&facts());
    let aims = doc.data_table("aims").unwrap();
    let shown = doc.sections[2].tables.first().unwrap();
    assert_eq!(shown.rows.len(), aims.rows.len());
    for (s, a) in shown.rows.iter().zip(&aims.rows) {
        assert_eq!(s[0], a[2], "the aim");
        assert!(s.iter().all(|cell| a.contains(cell)), "every shown cell is the data table's own");
    }
}

#[test]
fn returns_overdue_or_sent_back_are_exceptions_and_only_approvals_name_an_approver() {
    let doc = build(&facts());
    let exceptions = &doc.sections[1].tables[0];
    let council = exceptions.rows.iter().find(|r| r[1].text.contains("Council")).expect("the council's return is an exception");
    assert_eq!(council[0].text, "Return overdue");
    let reds = doc.data_table("aims").unwrap().rows.iter().filter(|r| r[9].text == "Red").count();
    assert_eq!(exceptions.rows.iter().filter(|r| r[0].text == "Computed red").count(), reds, "every computed red aim");
    let provenance = doc.data_table("provenance").unwrap();
    assert_eq!(provenance.rows[0][5].text, "Steering");
    assert_eq!(provenance.rows[1][5].text, "", "a return sent back names no approver");
}

#[test]
fn the_heatmap_splits_organisations_so_each_table_fits_a_page() {
    let doc = build(&facts());
    let dma = doc.sections.iter().find(|s| s.id == "dma").unwrap();
    assert!(!dma.tables.is_empty());
    assert!(dma.tables.iter().all(|t| t.columns.len() <= 9), "theme, national and at most seven organisations");
    let scores = doc.data_table("dma-scores").unwrap();
    let m = table_2_matrix();
    assert_eq!(scores.rows.len(), m.themes.len() * m.organisations.len(), "one row per organisation and theme");
    let _ = pc(1.0);
}

#[test]
fn a_document_reads_back_from_its_json_unchanged() {
    let doc = build(&facts());
    let json = serde_json::to_string(&doc).unwrap();
    let back: ReportDocument = serde_json::from_str(&json).unwrap();
    assert_eq!(back, doc);
    assert_eq!(serde_json::to_string(&back).unwrap(), json, "the same bytes, so the same digest");
}

#[test]
fn with_no_quarter_before_nothing_is_listed_as_changed() {
    let doc = build(&facts());
    let summary = &doc.sections[0];
    let changes = summary.tables.iter().find(|t| t.id == "changes").unwrap();
    assert!(changes.rows.is_empty(), "{:?}", changes.rows.first());
    assert!(summary.paragraphs.iter().any(|p| p.contains("no earlier quarter")));
    let mut later = facts();
    later.previous_statuses = later.statuses.clone();
    later.previous_statuses[0].computed.status = crate::analysis::computed_rag::ComputedRag::Red;
    let doc = build(&later);
    let changes = doc.sections[0].tables.iter().find(|t| t.id == "changes").unwrap();
    assert_eq!(changes.rows.len(), 1, "only the aim whose status moved");
    assert_eq!(changes.rows[0][2].text, "Red");
}
