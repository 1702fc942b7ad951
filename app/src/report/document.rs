//! The frozen assurance report: every figure of one footprint's quarter as typed cells in
//! named tables, with the words and charts made from them. It is what a report version stores
//! (as JSON, hashed), and the only input of every surface that shows a report: the HTML page,
//! the PDF, the XLSX workbook and the CSV files. A figure is formatted once, here
//! (`Cell::text`), so it reads the same everywhere.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::domain::{PeriodCode, Rag};

/// Bumped when the shape changes; a stored version keeps the schema it was made with.
pub const SCHEMA: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportDocument {
    pub schema: u32,
    pub footprint_code: String,
    pub footprint_name: String,
    pub period: PeriodCode,
    pub period_label: String,
    /// When the facts were read (UTC), and by whom (display name).
    pub generated_at: NaiveDateTime,
    pub generated_by: String,
    /// The RAG rules version the computed statuses used.
    pub rules_version: u32,
    /// The report's chapters, in order.
    pub sections: Vec<Section>,
    /// The data behind the report, one table per export sheet or CSV file, complete
    /// (a section may show only the first rows of one of these).
    pub data: Vec<Table>,
    /// The charts, drawn when the version was generated (SVG), each with its text alternative.
    pub charts: Vec<Chart>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// Anchor and file-name stem, e.g. `exceptions`.
    pub id: String,
    pub title: String,
    pub paragraphs: Vec<String>,
    /// Ids of `ReportDocument::charts` shown in this section.
    pub charts: Vec<String>,
    pub tables: Vec<Table>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    pub id: String,
    pub title: String,
    /// The text alternative: what the chart shows, in words.
    pub alt: String,
    pub svg: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Sheet name and CSV file stem: lowercase letters, digits and hyphens, at most 31 chars.
    pub id: String,
    pub caption: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub heading: String,
    /// Right-aligned numbers, left-aligned words.
    pub numeric: bool,
    /// Width in characters for spreadsheets; the HTML and PDF size columns themselves.
    pub width: u8,
}

/// One figure: its typed value and the words every surface prints for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub text: String,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "lowercase")]
pub enum Value {
    Empty,
    Text(String),
    Integer(i64),
    /// A measured figure with the number of decimals it is shown with.
    Number(f64, u8),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
    Rag(Rag),
}

impl Cell {
    pub fn empty() -> Cell {
        Cell { text: String::new(), value: Value::Empty }
    }

    /// Words; no words is an empty cell (a blank in a spreadsheet, not an empty string).
    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            return Cell::empty();
        }
        Cell { text: s.clone(), value: Value::Text(s) }
    }

    pub fn integer(n: i64) -> Cell {
        Cell { text: n.to_string(), value: Value::Integer(n) }
    }

    /// A number rounded to `decimals` places: the value kept is the rounded one, so a
    /// spreadsheet sums what the page shows.
    pub fn number(x: f64, decimals: u8) -> Cell {
        let factor = 10f64.powi(i32::from(decimals));
        let rounded = (x * factor).round() / factor;
        let rounded = if rounded == 0.0 { 0.0 } else { rounded };
        Cell { text: format!("{rounded:.*}", usize::from(decimals)), value: Value::Number(rounded, decimals) }
    }

    pub fn optional_number(x: Option<f64>, decimals: u8) -> Cell {
        x.map_or_else(Cell::empty, |x| Cell::number(x, decimals))
    }

    pub fn date(d: NaiveDate) -> Cell {
        Cell { text: d.format("%Y-%m-%d").to_string(), value: Value::Date(d) }
    }

    pub fn date_time(t: NaiveDateTime) -> Cell {
        Cell { text: t.format("%Y-%m-%d %H:%M UTC").to_string(), value: Value::DateTime(t) }
    }

    pub fn rag(r: Option<Rag>) -> Cell {
        match r {
            Some(r) => Cell { text: r.label().to_string(), value: Value::Rag(r) },
            None => Cell { text: "Not assessed".to_string(), value: Value::Empty },
        }
    }

    pub fn rag_tone(&self) -> Option<Rag> {
        match self.value {
            Value::Rag(r) => Some(r),
            _ => None,
        }
    }
}

impl Column {
    pub fn words(heading: &str, width: u8) -> Column {
        Column { heading: heading.to_string(), numeric: false, width }
    }

    pub fn figures(heading: &str, width: u8) -> Column {
        Column { heading: heading.to_string(), numeric: true, width }
    }
}

impl Table {
    /// The same table cut to its first `n` rows, with its own id and caption (the gap
    /// analysis top ten is the head of the full gap table).
    pub fn head(&self, n: usize, id: &str, caption: &str) -> Table {
        Table {
            id: id.to_string(),
            caption: caption.to_string(),
            columns: self.columns.clone(),
            rows: self.rows.iter().take(n).cloned().collect(),
        }
    }
}

impl ReportDocument {
    pub fn data_table(&self, id: &str) -> Option<&Table> {
        self.data.iter().find(|t| t.id == id)
    }

    pub fn chart(&self, id: &str) -> Option<&Chart> {
        self.charts.iter().find(|c| c.id == id)
    }

    /// The running header of every printed page.
    pub fn running_header(&self, version: u32) -> String {
        format!("{} ({}) · {} · version {version}", self.footprint_name, self.footprint_code, self.period_label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_keeps_the_rounded_value_it_prints() {
        let c = Cell::number(66.666_666, 1);
        assert_eq!(c.text, "66.7");
        assert_eq!(c.value, Value::Number(66.7, 1));
        assert_eq!(Cell::number(-0.01, 1).text, "0.0");
    }

    #[test]
    fn cells_round_trip_through_json_unchanged() {
        let cells = vec![
            Cell::empty(),
            Cell::text("GHFT"),
            Cell::integer(3),
            Cell::number(12.25, 2),
            Cell::date(NaiveDate::from_ymd_opt(2017, 3, 31).unwrap()),
            Cell::rag(Some(Rag::Amber)),
            Cell::rag(None),
        ];
        let json = serde_json::to_string(&cells).unwrap();
        assert!(json.contains(r#""value":{"type":"rag","value":"amber"}"#), "{json}");
        let back: Vec<Cell> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, cells);
    }
}
