//! The report's data as files: the XLSX workbook (one typed sheet per table) and one CSV per
//! table. Both are made from the `ReportDocument` alone (a frozen version's facts), so a
//! figure reads the same in them as on the page and in the PDF.

mod csv;
mod xlsx;

#[cfg(test)]
mod tests;

pub use self::csv::csv_table;
pub use self::xlsx::{workbook, Frozen};

use crate::web::error::AppError;

/// Writing a workbook failed: a value Excel cannot hold (a string over 32,767 characters, a
/// table over 1,048,576 rows) or the file itself. The sheet says where.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("writing the sheet {sheet:?} of the XLSX workbook")]
    Sheet {
        sheet: String,
        #[source]
        source: rust_xlsxwriter::XlsxError,
    },
    #[error("finishing the XLSX workbook")]
    Workbook(#[source] rust_xlsxwriter::XlsxError),
}

/// An export that fails is a defect (the document was valid when frozen): the 500 page, with
/// the chain in the refusal log.
impl From<ExportError> for AppError {
    fn from(e: ExportError) -> Self {
        AppError::Internal(e.into())
    }
}
