//! An XLSX upload's first sheet as a grid of text cells. Before calamine opens it, the zip's
//! entries are checked: their declared sizes, then their real sizes by inflating each through
//! a cap, so a zip bomb (a small file that unpacks to gigabytes) is refused having cost at
//! most the cap. Cells with formulas are refused: a file of scores holds values.

use std::io::{Cursor, Read};

use calamine::{Data, DataRef, Reader, Xlsx};
use ldr_app::import::{Position, Refusal, Sheet};

/// The most a workbook's entries may unpack to, one and all together: a 250 x 50 sheet of
/// scores is well under 2 MB of XML.
const MAX_ENTRY_BYTES: u64 = 32 * 1024 * 1024;
const MAX_TOTAL_BYTES: u64 = 64 * 1024 * 1024;
const MAX_ENTRIES: usize = 1000;
const LIMIT_TEXT: &str = "64 MB";

pub fn read_xlsx(bytes: &[u8]) -> Result<Sheet, Refusal> {
    check_unpacked_sizes(bytes)?;
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| broken(&e))?;
    let name = book.sheet_names().first().cloned().ok_or(Refusal::NoSheet)?;
    let mut reader = book.worksheet_cells_reader(&name).map_err(|e| broken(&e))?;
    let mut sheet = Sheet::default();
    while let Some(cell) = reader.next_cell_with_formula().map_err(|e| broken(&e))? {
        let at = Position::new(cell.pos.0 + 1, cell.pos.1 + 1);
        if cell.formula.as_deref().is_some_and(|f| !f.is_empty()) {
            return Err(Refusal::FormulaCell { at });
        }
        let text = match cell.value {
            DataRef::Empty => continue,
            DataRef::SharedString(s) => s.to_string(),
            DataRef::String(s) => s,
            // A number's shortest text: 80.0 is "80", 0.1 is "0.1".
            DataRef::Float(f) => format!("{f}"),
            DataRef::Int(i) => i.to_string(),
            other => Data::from(other).to_string(),
        };
        if !text.trim().is_empty() {
            sheet.put(at, text)?;
        }
    }
    Ok(sheet)
}

fn broken(e: &dyn std::fmt::Display) -> Refusal {
    // calamine's own words name XML parts; say only what a person can act on.
    tracing::debug!(error = %e, "an uploaded workbook cannot be read");
    Refusal::BrokenWorkbook("it is damaged or not an Excel workbook; save it again from Excel as .xlsx".to_string())
}

/// Refuse a workbook whose entries unpack to more than the caps: first by what the archive
/// declares, then by inflating each entry through the cap (a declared size can lie).
fn check_unpacked_sizes(bytes: &[u8]) -> Result<(), Refusal> {
    let too_large = Refusal::TooLargeUnpacked(LIMIT_TEXT);
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| broken(&e))?;
    if zip.len() > MAX_ENTRIES {
        return Err(too_large);
    }
    let mut declared = 0u64;
    for i in 0..zip.len() {
        let size = zip.by_index_raw(i).map_err(|e| broken(&e))?.size();
        declared = declared.saturating_add(size);
        if size > MAX_ENTRY_BYTES || declared > MAX_TOTAL_BYTES {
            return Err(too_large);
        }
    }
    let mut total = 0u64;
    let mut sink = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(|e| broken(&e))?;
        let mut capped = entry.take(MAX_ENTRY_BYTES + 1);
        loop {
            let n = capped.read(&mut sink).map_err(|e| broken(&e))?;
            if n == 0 {
                break;
            }
            total += n as u64;
            if total > MAX_TOTAL_BYTES {
                return Err(too_large);
            }
        }
        if capped.limit() == 0 {
            return Err(too_large);
        }
    }
    Ok(())
}
