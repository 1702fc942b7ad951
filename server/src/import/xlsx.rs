//! An XLSX upload's first sheet as a grid of text cells. Before calamine opens it, the zip's
//! entries are checked: their names (none may lead outside the workbook, none may be a VBA
//! project), that none is encrypted, their declared sizes, then their real sizes by inflating
//! each through a cap, so a zip bomb (a small file that unpacks to gigabytes) is refused having
//! cost at most the cap. Counts the XML declares are checked against what the part can hold
//! (calamine reserves memory by them). Cells with formulas are refused: a file of scores holds
//! values.

use std::io::{Cursor, Read};

use calamine::{Data, DataRef, Reader, Xlsx, XlsxFormulaMetadata};
use ldr_app::import::{Position, Refusal, Sheet};

/// The most a workbook's entries may unpack to, each and all together: a 250 x 50 sheet of
/// scores is well under 2 MB of XML.
const MAX_ENTRY_BYTES: u64 = 32 * 1024 * 1024;
const MAX_TOTAL_BYTES: u64 = 64 * 1024 * 1024;
const MAX_ENTRIES: usize = 1000;
const ENTRY_LIMIT_TEXT: &str = "32 MB";
const LIMIT_TEXT: &str = "64 MB";
/// The fewest bytes one entry of the shared text list takes (`<si></si>`).
const MIN_SHARED_STRING_BYTES: u64 = 9;

pub fn read_xlsx(bytes: &[u8]) -> Result<Sheet, Refusal> {
    check_unpacked_sizes(bytes)?;
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| broken(&e))?;
    let name = book.sheet_names().first().cloned().ok_or(Refusal::NoSheet)?;
    let mut reader = book.worksheet_cells_reader(&name).map_err(|e| broken(&e))?;
    let mut sheet = Sheet::default();
    // The metadata reader, not `next_cell_with_formula`: that one expands shared formulas
    // into a table sized by the file's own `si` index, which a hostile file sets to a trillion.
    while let Some(cell) = reader.next_cell_with_formula_metadata().map_err(|e| broken(&e))? {
        let at = Position::new(cell.pos.0 + 1, cell.pos.1 + 1);
        let formula = match &cell.formula {
            None => false,
            Some(XlsxFormulaMetadata::Normal { formula }) => !formula.is_empty(),
            Some(_) => true,
        };
        if formula {
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

/// Refuse a workbook whose entries are unsafe or unpack past the caps: first by their names,
/// encryption and declared sizes, then by inflating each through the cap (a declared size can
/// lie), keeping the parts whose content is checked too.
fn check_unpacked_sizes(bytes: &[u8]) -> Result<(), Refusal> {
    let too_large = Refusal::TooLargeUnpacked(LIMIT_TEXT);
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| broken(&e))?;
    if zip.len() > MAX_ENTRIES {
        return Err(too_large);
    }
    let mut declared = 0u64;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| broken(&e))?;
        check_entry(&entry)?;
        declared = declared.saturating_add(entry.size());
        if entry.size() > MAX_ENTRY_BYTES {
            return Err(Refusal::PartTooLargeUnpacked(ENTRY_LIMIT_TEXT));
        }
        if declared > MAX_TOTAL_BYTES {
            return Err(too_large);
        }
    }
    let mut total = 0u64;
    let mut sink = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(|e| broken(&e))?;
        let kept = Kept::of(&entry.name().unwrap_or_default());
        let mut capped = entry.take(MAX_ENTRY_BYTES + 1);
        let mut content = Vec::new();
        loop {
            let n = capped.read(&mut sink).map_err(|e| broken(&e))?;
            if n == 0 {
                break;
            }
            total += n as u64;
            if total > MAX_TOTAL_BYTES {
                return Err(too_large);
            }
            if kept.is_some() {
                content.extend_from_slice(&sink[..n]);
            }
        }
        if capped.limit() == 0 {
            return Err(Refusal::PartTooLargeUnpacked(ENTRY_LIMIT_TEXT));
        }
        match kept {
            Some(Kept::ContentTypes) => check_content_types(&content)?,
            Some(Kept::SharedStrings) => check_shared_strings(&content)?,
            None => {}
        }
    }
    Ok(())
}

/// The parts read whole to check what they say.
enum Kept {
    ContentTypes,
    SharedStrings,
}

impl Kept {
    fn of(name: &str) -> Option<Kept> {
        let lower = name.to_ascii_lowercase();
        if lower == "[content_types].xml" {
            Some(Kept::ContentTypes)
        } else if lower.ends_with("sharedstrings.xml") {
            Some(Kept::SharedStrings)
        } else {
            None
        }
    }
}

/// An entry Excel never writes: a name leading outside the archive (`../../etc/passwd`, an
/// absolute path) that an unzip tool would write there, an encrypted part, a VBA project.
fn check_entry<R: Read>(entry: &zip::read::ZipFile<'_, R>) -> Result<(), Refusal> {
    if entry.enclosed_name().is_none() {
        return Err(Refusal::BrokenWorkbook(
            "it holds a file named to lead outside the workbook, which Excel never writes; save it again from Excel as .xlsx".to_string(),
        ));
    }
    if entry.encrypted() {
        return Err(Refusal::BrokenWorkbook(
            "it is protected with a password; remove the password in Excel (File, Info, Protect Workbook) and save it again".to_string(),
        ));
    }
    if entry.name().unwrap_or_default().to_ascii_lowercase().ends_with("vbaproject.bin") {
        return Err(Refusal::MacroEnabled);
    }
    Ok(())
}

/// A macro-enabled workbook says so in its content types, even renamed `.xlsx`.
fn check_content_types(xml: &[u8]) -> Result<(), Refusal> {
    let text = String::from_utf8_lossy(xml).to_ascii_lowercase();
    if text.contains("macroenabled") || text.contains("vbaproject") {
        return Err(Refusal::MacroEnabled);
    }
    Ok(())
}

/// calamine reserves room for the shared text list's `uniqueCount` before reading it: a count
/// of a trillion in a 2 KB file asks for terabytes and the allocation failure aborts the whole
/// server. A count more than the part could hold is a lie, so the workbook is refused.
fn check_shared_strings(xml: &[u8]) -> Result<(), Refusal> {
    let most = xml.len() as u64 / MIN_SHARED_STRING_BYTES;
    let needle = b"uniqueCount";
    let mut from = 0;
    while let Some(at) = xml[from..].windows(needle.len()).position(|w| w == needle) {
        let rest = &xml[from + at + needle.len()..];
        // The attribute's value: after `=` and a quote, up to the closing quote.
        let value = rest.iter().skip_while(|b| b.is_ascii_whitespace() || **b == b'=' || **b == b'"' || **b == b'\'');
        let claimed = value
            .take_while(|b| **b != b'"' && **b != b'\'')
            .filter(|b| b.is_ascii_digit())
            .fold(0u64, |n, b| n.saturating_mul(10).saturating_add(u64::from(b - b'0')));
        if claimed > most {
            return Err(Refusal::BrokenWorkbook(
                "its list of text claims more entries than it holds, so it is damaged; save it again from Excel as .xlsx".to_string(),
            ));
        }
        from += at + needle.len();
    }
    Ok(())
}
