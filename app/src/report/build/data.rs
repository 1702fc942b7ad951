//! The report's data tables, one per export sheet: every figure typed, worded once.
//! Decimals: scores and averages one place, as the pages show them.

use super::{ReportFacts, ReturnLine};
use crate::analysis::computed_rag::ComputedRag;
use crate::analysis::system_trajectory::Method;
use crate::analysis::{judge_capability, CapabilityJudged, Cell as DmaCell};
use crate::domain::{FinancialYear, Rag};
use crate::facts::{aims_worst_first, DmaGapRow, TrajectoryFacts};
use crate::report::document::{Cell, Column, Table};
use crate::returns::ReturnState;
use crate::views::trajectories::method_for;

/// Table ids, in workbook order.
pub const DMA_SCORES: &str = "dma-scores";
pub const AIMS: &str = "aims";
pub const TRAJECTORIES: &str = "trajectories";
pub const DEPLOYMENTS: &str = "deployments";
pub const MEASURES: &str = "measures";
pub const GAPS: &str = "gaps";
pub const RETURNS: &str = "returns";
pub const PROVENANCE: &str = "provenance";

pub fn tables(f: &ReportFacts) -> Vec<Table> {
    vec![dma_scores(f), aims(f), trajectories(f), deployments(f), measures(f), gaps(f), returns(f), provenance(f)]
}

pub fn computed_cell(c: ComputedRag) -> Cell {
    Cell::rag(c.rag())
}

fn year(y: Option<FinancialYear>) -> Cell {
    y.map_or_else(Cell::empty, |y| Cell::text(y.label()))
}

fn yes_no(b: bool) -> Cell {
    Cell::text(if b { "Yes" } else { "No" })
}

fn dma_scores(f: &ReportFacts) -> Table {
    let mut rows = Vec::new();
    if let Some(m) = &f.dma {
        let national_group = m.reference_group.clone();
        for (t, theme) in m.themes.iter().enumerate() {
            let national = national_group.as_deref().and_then(|g| m.benchmark(t, g));
            for (org, cell) in m.organisations.iter().zip(&m.cells[t]) {
                let (peer_group, peer, compared) = match cell {
                    DmaCell::Compared { benchmark, peer_group, comparison, .. } => {
                        (Cell::text(peer_group.clone()), Cell::number(*benchmark, 1), Cell::text(comparison.word()))
                    }
                    _ => (Cell::empty(), Cell::empty(), Cell::empty()),
                };
                rows.push(vec![
                    Cell::text(org.code.clone()),
                    Cell::text(org.name.clone()),
                    Cell::text(theme.group.clone()),
                    Cell::text(theme.name.clone()),
                    Cell::optional_number(cell.score(), 1),
                    Cell::optional_number(national, 1),
                    peer_group,
                    peer,
                    compared,
                ]);
            }
        }
    }
    let national = match f.dma.as_ref().and_then(|m| m.reference_group.clone()) {
        Some(g) => format!("National average ({g})"),
        None => "National average".to_string(),
    };
    Table {
        id: DMA_SCORES.into(),
        caption: format!("Digital maturity scores as at {}, with the national and like-for-like (peer) averages", f.period.label()),
        columns: vec![
            Column::words("Organisation code", 10),
            Column::words("Organisation", 34),
            Column::words("Theme group", 20),
            Column::words("Theme", 30),
            Column::figures("Score", 8),
            Column::figures(&national, 14),
            Column::words("Peer group", 24),
            Column::figures("Peer average", 10),
            Column::words("Against peers", 10),
        ],
        rows,
    }
}

fn aims(f: &ReportFacts) -> Table {
    let rows = f
        .capabilities
        .iter()
        .flat_map(|c| c.aims.iter().map(move |a| (c, a)))
        .map(|(c, a)| {
            let status = f.statuses.iter().find(|s| s.code == a.code);
            vec![
                Cell::integer(c.number),
                Cell::text(c.title.clone()),
                Cell::text(a.code.clone()),
                Cell::text(a.text.clone()),
                Cell::optional_number(status.and_then(|s| s.footprint_figure).map(|p| p.value()), 1),
                Cell::optional_number(status.and_then(|s| s.organisations_figure).map(|o| o.value.value()), 1),
                Cell::optional_number(status.and_then(|s| s.goal).map(|g| g.value.value()), 1),
                status.and_then(|s| s.goal).map_or_else(Cell::empty, |g| Cell::text(g.by.label())),
                Cell::rag(a.rag),
                status.map_or_else(|| Cell::rag(None), |s| computed_cell(s.computed.status)),
                Cell::optional_number(status.and_then(|s| s.change), 1),
                status.map_or_else(Cell::empty, |s| Cell::text(s.computed.in_words())),
            ]
        })
        .collect();
    Table {
        id: AIMS.into(),
        caption: format!("The universal capabilities' aims as at {}: declared and computed RAG", f.period.label()),
        columns: vec![
            Column::figures("Capability", 6),
            Column::words("Capability title", 30),
            Column::words("Aim", 8),
            Column::words("Aim text", 50),
            Column::figures("Footprint figure (%)", 10),
            Column::figures("Organisations' mean (%)", 10),
            Column::figures("Goal (%)", 8),
            Column::words("Goal by", 12),
            Column::words("Declared RAG", 12),
            Column::words("Computed RAG", 12),
            Column::figures("Change since last quarter (points)", 12),
            Column::words("Why computed", 60),
        ],
        rows,
    }
}

/// Each capability judged as the trajectories page judges it by default (the mean, or the
/// method the organisations allow).
pub fn judged(t: &TrajectoryFacts) -> (Method, Vec<CapabilityJudged>) {
    let method = method_for(t, Method::Mean).used;
    (method, t.capabilities.iter().map(|c| judge_capability(c, method, &t.rules, t.scale, t.period)).collect())
}

fn trajectories(f: &ReportFacts) -> Table {
    let mut rows = Vec::new();
    if let Some(t) = &f.trajectories {
        let (method, judged) = judged(t);
        for j in &judged {
            rows.push(vec![
                Cell::text(j.capability.name.clone()),
                Cell::text(format!("Whole system ({})", method.label().to_lowercase())),
                Cell::optional_number(j.baseline.value, 1),
                Cell::optional_number(j.plan.value, 1),
                Cell::optional_number(j.actual.value, 1),
                Cell::optional_number(j.variance, 1),
                computed_cell(j.computed.status),
            ]);
            for o in &j.organisations {
                rows.push(vec![
                    Cell::text(j.capability.name.clone()),
                    Cell::text(o.org.name.clone()),
                    Cell::optional_number(o.line.baseline.map(|(_, v)| v), 1),
                    Cell::optional_number(o.line.planned.iter().find(|(y, _)| *y == o.line.current_year).map(|(_, v)| *v), 1),
                    Cell::optional_number(o.line.actual.and_then(|a| a.score), 1),
                    Cell::optional_number(o.line.variance, 1),
                    computed_cell(o.computed.status),
                ]);
            }
        }
    }
    Table {
        id: TRAJECTORIES.into(),
        caption: format!("Capability trajectories as at {}: baseline, this year's plan, actual and variance", f.period.label()),
        columns: vec![
            Column::words("Capability", 30),
            Column::words("Organisation", 34),
            Column::figures("Baseline", 9),
            Column::figures(&format!("Plan {}", f.period.year.label()), 9),
            Column::figures("Actual", 9),
            Column::figures("Variance", 9),
            Column::words("Computed RAG", 12),
        ],
        rows,
    }
}

fn deployments(f: &ReportFacts) -> Table {
    let rows = f
        .deployments
        .deployments
        .iter()
        .map(|d| {
            vec![
                Cell::text(d.organisation_code.clone()),
                Cell::text(d.organisation.clone()),
                d.capability.clone().map_or_else(Cell::empty, Cell::text),
                Cell::text(d.title.clone()),
                year(d.start_year),
                Cell::text(d.target_year.label()),
                Cell::text(d.status.label()),
                d.delivered_on.map_or_else(Cell::empty, Cell::date),
            ]
        })
        .collect();
    Table {
        id: DEPLOYMENTS.into(),
        caption: format!("Deployments as at {}", f.period.label()),
        columns: vec![
            Column::words("Organisation code", 10),
            Column::words("Organisation", 20),
            Column::words("Capability", 26),
            Column::words("Deployment", 40),
            Column::words("Start", 9),
            Column::words("Target", 9),
            Column::words("Status", 12),
            Column::figures("Delivered on", 12),
        ],
        rows,
    }
}

fn measures(f: &ReportFacts) -> Table {
    let rows = f
        .measures
        .iter()
        .flat_map(|(org, ms)| ms.iter().map(move |m| (org, m)))
        .map(|(org, m)| {
            vec![
                Cell::text(org.code.clone()),
                Cell::text(org.name.clone()),
                Cell::text(m.name.clone()),
                Cell::text(m.qualifier.clone()),
                Cell::number(m.value, 1),
                Cell::text(m.unit.clone()),
                m.benchmark.as_ref().map_or_else(Cell::empty, |(n, _)| Cell::text(n.clone())),
                Cell::optional_number(m.benchmark.as_ref().map(|(_, v)| *v), 1),
                Cell::text(m.source.clone()),
            ]
        })
        .collect();
    Table {
        id: MEASURES.into(),
        caption: format!("Measures as at {}", f.period.label()),
        columns: vec![
            Column::words("Organisation code", 10),
            Column::words("Organisation", 34),
            Column::words("Measure", 30),
            Column::words("Qualifier", 16),
            Column::figures("Value", 9),
            Column::words("Unit", 10),
            Column::words("Benchmark", 20),
            Column::figures("Benchmark value", 10),
            Column::words("Source", 30),
        ],
        rows,
    }
}

/// The DMA gaps biggest first, then the aims worst first: the gap analysis page's two lists
/// in one table, ranked, so the report's top ten is its head.
fn gaps(f: &ReportFacts) -> Table {
    let dma = f.dma_gaps.iter().map(|g: &DmaGapRow| {
        vec![
            Cell::text("DMA theme"),
            Cell::text(g.organisation.name.clone()),
            Cell::text(g.theme.name.clone()),
            Cell::optional_number(g.score.map(|(_, s)| s.value()), 1),
            Cell::optional_number(g.national.as_ref().map(|a| a.value), 1),
            Cell::optional_number(g.to_national(), 1),
            Cell::optional_number(g.peers.as_ref().map(|a| a.value), 1),
            Cell::optional_number(g.to_peers(), 1),
            computed_cell(g.computed.status),
        ]
    });
    let aims = aims_worst_first(f.statuses.clone()).into_iter().filter(|a| a.computed.status.rag() != Some(Rag::Green)).map(|a| {
        vec![
            Cell::text("Aim"),
            Cell::text(f.footprint.name.clone()),
            Cell::text(format!("{} {}", a.code, a.text)),
            Cell::optional_number(a.current().map(|p| p.value()), 1),
            Cell::empty(),
            Cell::optional_number(a.gap(), 1),
            Cell::empty(),
            Cell::empty(),
            computed_cell(a.computed.status),
        ]
    });
    let rows = dma
        .chain(aims)
        .enumerate()
        .map(|(i, row)| {
            let mut ranked = vec![Cell::integer(i as i64 + 1)];
            ranked.extend(row);
            ranked
        })
        .collect();
    Table {
        id: GAPS.into(),
        caption: format!(
            "Gaps as at {}, biggest first: DMA themes against their averages, then aims short of their goals",
            f.period.label()
        ),
        columns: vec![
            Column::figures("Rank", 5),
            Column::words("Kind", 10),
            Column::words("Organisation", 30),
            Column::words("Theme or aim", 40),
            Column::figures("Score", 8),
            Column::figures("National average", 10),
            Column::figures("Gap to national or goal", 12),
            Column::figures("Peer average", 10),
            Column::figures("Gap to peers", 10),
            Column::words("Computed RAG", 12),
        ],
        rows,
    }
}

fn state_words(r: &ReturnLine) -> &'static str {
    r.state.map_or("Not started", ReturnState::label)
}

fn returns(f: &ReportFacts) -> Table {
    let rows = f
        .returns
        .iter()
        .map(|r| {
            vec![
                Cell::text(r.code.clone()),
                Cell::text(r.subject.clone()),
                Cell::text(state_words(r)),
                r.revision.map_or_else(Cell::empty, Cell::integer),
                yes_no(r.overdue),
            ]
        })
        .collect();
    Table {
        id: RETURNS.into(),
        caption: format!("Returns for {}: where each stands", f.period.label()),
        columns: vec![
            Column::words("Code", 10),
            Column::words("Return of", 34),
            Column::words("State", 12),
            Column::figures("Revision", 8),
            Column::words("Overdue", 8),
        ],
        rows,
    }
}

fn provenance(f: &ReportFacts) -> Table {
    let when = |t: Option<chrono::NaiveDateTime>| t.map_or_else(Cell::empty, Cell::date_time);
    let rows = f
        .returns
        .iter()
        .map(|r| {
            let approved = r.state == Some(ReturnState::Approved);
            vec![
                Cell::text(r.code.clone()),
                Cell::text(r.subject.clone()),
                r.revision.map_or_else(Cell::empty, Cell::integer),
                r.submitted_by.clone().map_or_else(Cell::empty, Cell::text),
                when(r.submitted_at),
                if approved { r.decided_by.clone().map_or_else(Cell::empty, Cell::text) } else { Cell::empty() },
                if approved { when(r.decided_at) } else { Cell::empty() },
            ]
        })
        .collect();
    Table {
        id: PROVENANCE.into(),
        caption: format!("Provenance: who submitted and approved each return for {}, and when", f.period.label()),
        columns: vec![
            Column::words("Code", 10),
            Column::words("Return of", 34),
            Column::figures("Revision", 8),
            Column::words("Submitted by", 24),
            Column::figures("Submitted at", 18),
            Column::words("Approved by", 24),
            Column::figures("Approved at", 18),
        ],
        rows,
    }
}
