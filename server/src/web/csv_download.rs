//! Every table's CSV download: the same rows the page shows, as a file a spreadsheet opens
//! safely. One writer, so every download quotes, names and defuses its cells the same way.

use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::error::AppError;

/// A table as a download: its file name (without `.csv`), column headings and rows of cells
/// already worded as the page words them (numbers as the page shows them, blanks for none).
pub struct CsvTable {
    pub file_stem: String,
    pub headings: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl CsvTable {
    /// The file's bytes: RFC 4180 quoting by the csv crate, with every cell defused.
    pub fn to_bytes(&self) -> Result<Vec<u8>, AppError> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let fail = |e: csv::Error| AppError::Internal(anyhow::anyhow!(e).context("writing a CSV download"));
        writer.write_record(self.headings.iter().map(|h| defused(h))).map_err(fail)?;
        for row in &self.rows {
            writer.write_record(row.iter().map(|c| defused(c))).map_err(fail)?;
        }
        writer.into_inner().map_err(|e| AppError::Internal(anyhow::anyhow!(e.to_string()).context("finishing a CSV download")))
    }
}

impl IntoResponse for CsvTable {
    fn into_response(self) -> Response {
        match self.to_bytes() {
            Ok(bytes) => {
                let name = self.file_stem.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_')).collect::<String>();
                let disposition = format!("attachment; filename=\"{name}.csv\"");
                ([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, disposition)], bytes)
                    .into_response()
            }
            Err(e) => e.into_response(),
        }
    }
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return
/// first: OWASP's CSV injection list) gets a leading apostrophe, so it shows as typed. A
/// negative number is a number, not a formula, and is left alone.
pub fn defused(cell: &str) -> String {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_but_negative_numbers_stay_numbers() {
        assert_eq!(defused("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(defused("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defused("+1+1"), "'+1+1");
        assert_eq!(defused("-12.5"), "-12.5");
        assert_eq!(defused("GHFT"), "GHFT");
    }

    #[test]
    fn cells_with_commas_quotes_and_new_lines_are_quoted() {
        let table = CsvTable {
            file_stem: "t".into(),
            headings: vec!["a".into(), "b".into()],
            rows: vec![vec!["x, \"y\"".into(), "line\nbreak".into()]],
        };
        let text = String::from_utf8(table.to_bytes().unwrap()).unwrap();
        assert_eq!(text, "a,b\n\"x, \"\"y\"\"\",\"line\nbreak\"\n");
    }
}
