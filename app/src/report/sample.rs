//! A small, hand-made report document for the renderers' own tests (HTML, PDF, XLSX, CSV):
//! every kind of cell, a chart, hostile text, and enough rows to span pages. The real
//! documents are built from facts by `report::build`, and tested end to end by the server.

use chrono::NaiveDate;

use super::document::{Cell, Chart, Column, ReportDocument, Section, Table, SCHEMA};
use crate::charts::{dma_profile_chart, ProfileBar};
use crate::domain::{FinancialYear, PeriodCode, Rag};

pub fn sample_document() -> ReportDocument {
    let period = PeriodCode { year: FinancialYear(2016), quarter: 4 };
    let generated_at = NaiveDate::from_ymd_opt(2017, 4, 12).and_then(|d| d.and_hms_opt(9, 30, 0)).expect("valid time");
    let bars: Vec<ProfileBar> = ["Records", "Transfers of care", "Orders and results"]
        .iter()
        .zip([62.0, 48.5, 71.0])
        .map(|(l, s)| ProfileBar { label: l.to_string(), score: Some(s), benchmark: Some(55.0) })
        .collect();
    let svg = dma_profile_chart("GHFT against the national average", "GHFT", "National", 100.0, &bars);
    let dma = Table {
        id: "dma-scores".into(),
        caption: "DMA scores by organisation and theme, with national and peer averages".into(),
        columns: vec![
            Column::words("Organisation", 12),
            Column::words("Theme", 24),
            Column::figures("Score", 8),
            Column::figures("National average", 10),
            Column::figures("Peer average", 10),
        ],
        rows: (0..60)
            .map(|i| {
                vec![
                    Cell::text(if i % 2 == 0 { "RTE" } else { "Trust <script>alert(1)</script> & \"Co\"" }),
                    Cell::text(format!("Theme {i}")),
                    Cell::number(40.0 + f64::from(i) / 3.0, 1),
                    Cell::number(55.25, 1),
                    Cell::optional_number(if i % 5 == 0 { None } else { Some(50.0) }, 1),
                ]
            })
            .collect(),
    };
    let aims = Table {
        id: "aims".into(),
        caption: "Aims with computed and declared RAG".into(),
        columns: vec![Column::words("Aim", 8), Column::words("Computed", 10), Column::words("Declared", 10), Column::figures("Organisations", 8)],
        rows: vec![
            vec![Cell::text("UC1.1"), Cell::rag(Some(Rag::Red)), Cell::rag(Some(Rag::Amber)), Cell::integer(6)],
            vec![Cell::text("UC1.2"), Cell::rag(Some(Rag::Green)), Cell::rag(None), Cell::integer(3)],
            vec![Cell::text("=HYPERLINK(\"http://x\")"), Cell::rag(Some(Rag::Amber)), Cell::rag(Some(Rag::Amber)), Cell::integer(0)],
        ],
    };
    let returns = Table {
        id: "returns".into(),
        caption: "Returns and who approved them".into(),
        columns: vec![Column::words("Organisation", 12), Column::words("State", 10), Column::figures("Submitted", 12), Column::figures("Approved", 18)],
        rows: vec![vec![
            Cell::text("RTE"),
            Cell::text("approved"),
            Cell::date(NaiveDate::from_ymd_opt(2017, 3, 31).expect("valid date")),
            Cell::date_time(generated_at),
        ]],
    };
    ReportDocument {
        schema: SCHEMA,
        footprint_code: "GLOS".into(),
        footprint_name: "Gloucestershire".into(),
        period,
        period_label: period.label(),
        generated_at,
        generated_by: "Pat Morgan (PMO)".into(),
        rules_version: 1,
        sections: vec![
            Section {
                id: "summary".into(),
                title: "Executive summary".into(),
                paragraphs: vec!["Of 25 aims, 3 are red, 10 amber and 12 green by the computed rules.".into()],
                charts: vec![],
                tables: vec![aims.clone()],
            },
            Section {
                id: "dma".into(),
                title: "Digital maturity".into(),
                paragraphs: vec!["Scores against the national and like-for-like averages.".into()],
                charts: vec!["dma-ghft".into()],
                tables: vec![dma.head(40, "dma-heatmap", "DMA scores (first 40 rows)")],
            },
        ],
        data: vec![dma, aims, returns],
        charts: vec![Chart {
            id: "dma-ghft".into(),
            title: "GHFT against the national average".into(),
            alt: "Records 62.0 against 55.0; Transfers of care 48.5 against 55.0; Orders and results 71.0 against 55.0.".into(),
            svg,
        }],
    }
}
