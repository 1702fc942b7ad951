//! The report's chapters, in the order the Steering Group reads them. Every figure in a
//! section is a cell of a data table (or counted from one), so it reads the same as the
//! exports; the words around them are made here.

use super::charts::DEPLOYMENT_TIMELINE;
use super::data::{self, judged};
use super::ReportFacts;
use crate::analysis::exceptions::{red_trajectories, FallOf};
use crate::analysis::RagCounts;
use crate::domain::Rag;
use crate::report::document::{Cell, Chart, Column, Section, Table};

/// How many gaps the report lists.
pub const GAPS_SHOWN: usize = 10;
/// How many organisations one heatmap table carries across, so it fits an A4 page.
const HEATMAP_ORGANISATIONS: usize = 7;

pub fn sections(f: &ReportFacts, data: &[Table], charts: &[Chart]) -> Vec<Section> {
    let table = |id: &str| data.iter().find(|t| t.id == id).cloned().expect("every data table is built");
    let chart_ids = |pred: &dyn Fn(&str) -> bool| charts.iter().filter(|c| pred(&c.id)).map(|c| c.id.clone()).collect::<Vec<_>>();
    vec![
        summary(f),
        exceptions(f),
        section("capabilities", "Universal capabilities", vec![capabilities_paragraph(f)], vec![], vec![capabilities_table(&table(data::AIMS))]),
        dma(f),
        section(
            "trajectories",
            "Capability trajectories",
            vec![trajectories_paragraph(f)],
            chart_ids(&|id| id.starts_with("trajectory-")),
            vec![table(data::TRAJECTORIES)],
        ),
        section(
            "deployments",
            "Deployment timeline",
            vec![format!("{} deployments as at {}.", f.deployments.deployments.len(), f.period.label())],
            chart_ids(&|id| id == DEPLOYMENT_TIMELINE),
            vec![table(data::DEPLOYMENTS)],
        ),
        section(
            "gaps",
            "Gap analysis: the ten largest gaps",
            vec!["DMA themes furthest behind their averages, then aims furthest short of their goals. The full list is in the gaps table of the exports.".into()],
            vec![],
            vec![table(data::GAPS).head(GAPS_SHOWN, "gaps-top-ten", "The ten largest gaps")],
        ),
        risks(f),
        section(
            "provenance",
            "Appendix: provenance",
            vec![format!(
                "Every figure in this report was read from the approved returns as at {} when the report was generated on {} by {}. \
                 These are the returns for the quarter, and who submitted and approved each.",
                f.period.label(),
                f.generated_at.format("%Y-%m-%d %H:%M UTC"),
                f.generated_by
            )],
            vec![],
            vec![table(data::RETURNS), table(data::PROVENANCE)],
        ),
    ]
}

fn section(id: &str, title: &str, paragraphs: Vec<String>, charts: Vec<String>, tables: Vec<Table>) -> Section {
    Section { id: id.into(), title: title.into(), paragraphs, charts, tables }
}

fn summary(f: &ReportFacts) -> Section {
    let computed = RagCounts::count(f.statuses.iter().map(|s| s.computed.status.rag()));
    let declared = RagCounts::count(f.capabilities.iter().flat_map(|c| c.aims.iter().map(|a| a.rag)));
    let counts = Table {
        id: "rag-counts".into(),
        caption: format!("The {} aims by status as at {}", declared.total(), f.period.label()),
        columns: vec![Column::words("Status", 14), Column::figures("Computed", 10), Column::figures("Declared", 10)],
        rows: vec![
            vec![Cell::rag(Some(Rag::Red)), Cell::integer(computed.red as i64), Cell::integer(declared.red as i64)],
            vec![Cell::rag(Some(Rag::Amber)), Cell::integer(computed.amber as i64), Cell::integer(declared.amber as i64)],
            vec![Cell::rag(Some(Rag::Green)), Cell::integer(computed.green as i64), Cell::integer(declared.green as i64)],
            vec![Cell::rag(None), Cell::integer(computed.not_rated as i64), Cell::integer(declared.not_rated as i64)],
        ],
    };
    // With no quarter before, nothing changed: every status would read "from nothing".
    let compared = if f.previous_statuses.is_empty() { &[][..] } else { &f.statuses[..] };
    let changes: Vec<Vec<Cell>> = compared
        .iter()
        .filter_map(|now| {
            let before = f.previous_statuses.iter().find(|b| b.code == now.code).map(|b| b.computed.status);
            let moved = before != Some(now.computed.status) || now.change.is_some_and(|c| c != 0.0);
            moved.then(|| {
                vec![
                    Cell::text(now.code.clone()),
                    Cell::text(now.text.clone()),
                    before.map_or_else(|| Cell::rag(None), data::computed_cell),
                    data::computed_cell(now.computed.status),
                    Cell::optional_number(now.change, 1),
                ]
            })
        })
        .collect();
    let change_words = match changes.len() {
        _ if f.previous_statuses.is_empty() => "There is no earlier quarter to compare with.".to_string(),
        0 => "No aim's computed status or figure changed since last quarter.".to_string(),
        1 => "One aim's computed status or figure changed since last quarter.".to_string(),
        n => format!("{n} aims' computed status or figure changed since last quarter."),
    };
    let changes = Table {
        id: "changes".into(),
        caption: "Changes since last quarter".into(),
        columns: vec![
            Column::words("Aim", 8),
            Column::words("Aim text", 40),
            Column::words("Computed last quarter", 12),
            Column::words("Computed now", 12),
            Column::figures("Change (points)", 10),
        ],
        rows: changes,
    };
    let lead = format!(
        "As at {}, the rules (version {}) compute {} of the {} aims red, {} amber and {} green; the organisations declared {} red, {} amber and {} green.",
        f.period.label(),
        f.rules_version,
        computed.red,
        computed.total(),
        computed.amber,
        computed.green,
        declared.red,
        declared.amber,
        declared.green
    );
    section("summary", "Executive summary", vec![lead, change_words], vec![], vec![counts, changes])
}

fn exceptions(f: &ReportFacts) -> Section {
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut row = |kind: &str, subject: String, detail: String| rows.push(vec![Cell::text(kind), Cell::text(subject), Cell::text(detail)]);
    for s in f.statuses.iter().filter(|s| s.computed.status.rag() == Some(Rag::Red)) {
        row("Computed red", format!("{} {}", s.code, s.text), s.computed.in_words());
    }
    if let Some(t) = &f.trajectories {
        for r in red_trajectories(&judged(t).1) {
            row("Trajectory red", format!("{}: {}", r.capability, r.organisation.unwrap_or_else(|| "whole system".into())), r.reason);
        }
    }
    for s in &f.statuses {
        if let Some(d) = s.difference() {
            row("Declared differs from computed", format!("{} {}", s.code, s.text), d.in_words());
        }
    }
    for e in f.returns.iter().filter_map(|r| r.exception()) {
        let state = e.state.map_or("not started", |s| s.label());
        let kind = if e.overdue { "Return overdue" } else { "Return sent back" };
        row(kind, format!("{} ({})", e.subject, e.code), format!("Return {}", state.to_lowercase()));
    }
    for fall in &f.falls {
        let subject = match &fall.what {
            FallOf::Aim { code, text } => format!("{code} {text}"),
            FallOf::DmaScore { organisation, theme, .. } => format!("{organisation}: {theme}"),
        };
        row(
            "Fallen since last quarter",
            subject,
            format!("from {} to {}", Cell::number(fall.before, 1).text, Cell::number(fall.now, 1).text),
        );
    }
    let lead = match rows.len() {
        0 => "Nothing is red, no declared status differs from the computed one, and no return is overdue or sent back.".to_string(),
        n => format!("{n} exceptions: every computed red, every declared status the rules do not bear out, every return overdue or sent back, and the largest falls."),
    };
    let table = Table {
        id: "exceptions".into(),
        caption: "Exceptions".into(),
        columns: vec![Column::words("Exception", 16), Column::words("Where", 40), Column::words("Detail", 60)],
        rows,
    };
    section("exceptions", "Exceptions", vec![lead], vec![], vec![table])
}

fn capabilities_paragraph(f: &ReportFacts) -> String {
    format!(
        "The {} universal capabilities and their aims: each aim's figure and goal, the status its organisations declared and the status the rules compute.",
        f.capabilities.len()
    )
}

/// The aims data table without its long explanation column, to fit a page.
fn capabilities_table(aims: &Table) -> Table {
    let keep = [2usize, 3, 4, 6, 8, 9, 10];
    Table {
        id: "capabilities".into(),
        caption: aims.caption.clone(),
        columns: keep.iter().map(|&i| aims.columns[i].clone()).collect(),
        rows: aims.rows.iter().map(|r| keep.iter().map(|&i| r[i].clone()).collect()).collect(),
    }
}

/// Themes down, organisations across (a few to a table), the national average first; each
/// score with its comparison to its own peer group as a symbol as well as a word.
fn dma(f: &ReportFacts) -> Section {
    let Some(m) = &f.dma else {
        return section("dma", "Digital maturity", vec![format!("No DMA scores as at {}.", f.period.label())], vec![], vec![]);
    };
    let national = m.reference_group.clone();
    let tables = m
        .organisations
        .chunks(HEATMAP_ORGANISATIONS)
        .enumerate()
        .map(|(chunk, orgs)| {
            let first = chunk * HEATMAP_ORGANISATIONS;
            let mut columns = vec![Column::words("Theme", 26), Column::figures("National", 8)];
            columns.extend(orgs.iter().map(|o| Column::figures(&o.short_name, 8)));
            let rows = m
                .themes
                .iter()
                .enumerate()
                .map(|(t, theme)| {
                    let mut row =
                        vec![Cell::text(theme.name.clone()), Cell::optional_number(national.as_deref().and_then(|g| m.benchmark(t, g)), 1)];
                    row.extend(m.cells[t][first..first + orgs.len()].iter().map(heat_cell));
                    row
                })
                .collect();
            Table {
                id: format!("dma-heatmap-{}", chunk + 1),
                caption: format!("DMA scores ({} of the organisations)", orgs.len()),
                columns,
                rows,
            }
        })
        .collect();
    let lead = format!(
        "{} scores on the {} framework as at {}. ▲ above, = at and ▼ below the average of the organisation's own peer group (like for like); the national column is {}.",
        m.organisations.len(),
        m.framework,
        f.period.label(),
        national.as_deref().unwrap_or("not published")
    );
    section("dma", "Digital maturity against national and like-for-like averages", vec![lead], vec![], tables)
}

fn heat_cell(c: &crate::analysis::Cell) -> Cell {
    match c {
        crate::analysis::Cell::NotAssessed => Cell::text("Not assessed"),
        crate::analysis::Cell::NoComparator { score } => Cell::number(*score, 1),
        crate::analysis::Cell::Compared { score, comparison, .. } => {
            let n = Cell::number(*score, 1);
            Cell { text: format!("{} {}", n.text, comparison.symbol()), value: n.value }
        }
    }
}

fn trajectories_paragraph(f: &ReportFacts) -> String {
    match &f.trajectories {
        Some(t) => format!(
            "Each capability's approved scores and plans on the {} framework ({}), with the whole system's variance against this year's plan.",
            t.framework,
            t.scale.range_text()
        ),
        None => format!("No capability trajectories as at {}.", f.period.label()),
    }
}

fn risks(f: &ReportFacts) -> Section {
    let table = Table {
        id: "risks".into(),
        caption: "Risks".into(),
        columns: vec![Column::words("Risk", 30), Column::words("Description", 80)],
        rows: f.risks.iter().map(|r| vec![Cell::text(r.title.clone()), Cell::text(r.description.clone())]).collect(),
    };
    section("risks", "Risks", vec![format!("{} risks on the roadmap's register.", f.risks.len())], vec![], vec![table])
}
