//! One report table as a CSV download: its headings and each cell's words, exactly as the page
//! prints them. Quoting and defusing are `CsvTable`'s, shared by every CSV of the service.

use ldr_app::report::Table;

use crate::web::csv_download::CsvTable;

/// The table as a `CsvTable`, ready to answer a request with (`file_stem` without `.csv`).
/// Cells are their `text`, never a re-formatted value: one figure, one value.
pub fn csv_table(table: &Table, file_stem: String) -> CsvTable {
    CsvTable {
        file_stem,
        headings: table.columns.iter().map(|c| c.heading.clone()).collect(),
        rows: table.rows.iter().map(|row| row.iter().map(|c| c.text.clone()).collect()).collect(),
    }
}
