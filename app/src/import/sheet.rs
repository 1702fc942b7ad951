//! A file as a grid of text cells, whatever it came as: the file's type told from its name
//! and checked against its first bytes (a PNG renamed `.xlsx` is refused), and CSV read
//! strictly as UTF-8 into the grid. XLSX cells are read by the server into the same [`Sheet`].

use std::fmt;

use super::{MAX_CELL_CHARS, MAX_COLUMNS, MAX_DATA_ROWS};

/// A cell's place as a spreadsheet names it: row 1 is the header, column 1 is A.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Position {
    pub row: u32,
    pub column: u32,
}

impl Position {
    pub fn new(row: u32, column: u32) -> Self {
        Position { row, column }
    }

    /// The column's letters: 1 is A, 27 is AA.
    pub fn column_letters(self) -> String {
        let (mut n, mut letters) = (self.column, Vec::new());
        while n > 0 {
            let rem = (n - 1) % 26;
            letters.push(char::from(b'A' + rem as u8));
            n = (n - 1) / 26;
        }
        letters.iter().rev().collect()
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}, column {}", self.row, self.column_letters())
    }
}

/// Why a whole file is refused before any of its rows are looked at. Each message says what
/// to do, and where in the file when there is a where.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Refusal {
    #[error("The file must be a CSV (.csv) or an Excel workbook (.xlsx).")]
    WrongType,
    #[error("The file is named {0} but is not one: it may be another kind of file renamed. Save it again as {0} and choose it again.")]
    NotWhatItSays(&'static str),
    #[error("The file is empty: it has no rows of scores.")]
    Empty,
    #[error("The file is not UTF-8 text at row {row}: save it as \"CSV UTF-8\" and choose it again.")]
    NotUtf8 { row: u32 },
    #[error("The CSV cannot be read at row {row}: {reason}.")]
    BrokenCsv { row: u32, reason: String },
    #[error("The file has more than {limit} rows of scores: split it into smaller files.", limit = MAX_DATA_ROWS)]
    TooManyRows,
    #[error("The file has more than {limit} columns.", limit = MAX_COLUMNS)]
    TooManyColumns,
    #[error("{at}: the cell is longer than {limit} characters.", limit = MAX_CELL_CHARS)]
    CellTooLong { at: Position },
    #[error("{at}: the cell starts with \"{start}\", which a spreadsheet could run as a formula. Remove it and save the values only.")]
    Formula { at: Position, start: String },
    #[error("{at}: the cell holds a formula. Save the sheet with values only (copy, then paste values).")]
    FormulaCell { at: Position },
    #[error("The workbook is larger than {0} once unpacked, so it was not opened.")]
    TooLargeUnpacked(&'static str),
    /// One entry (a sheet, or the list of text its cells share) past the cap on each.
    #[error("The workbook holds a part (a sheet or its list of text) larger than {0} once unpacked, so it was not opened. Copy the scores into a new workbook and choose that.")]
    PartTooLargeUnpacked(&'static str),
    /// By name (.xlsm) or by content (a VBA project), whatever the file is called: macros have
    /// no place in a file of scores, and a kept upload must be safe for anyone to open.
    #[error("Macro-enabled workbooks are not accepted: save the scores as an Excel Workbook (.xlsx), without macros, and choose that.")]
    MacroEnabled,
    /// An OLE compound file named `.xlsx`: what Excel saves when a workbook has a password to
    /// open, or an old `.xls` renamed. Saying "another kind of file" would mislead.
    #[error("The workbook is protected with a password, or saved in the old Excel 97-2003 format: remove the password, save it as an Excel Workbook (.xlsx) and choose it again.")]
    ProtectedOrOld,
    #[error("The workbook cannot be read: {0}.")]
    BrokenWorkbook(String),
    #[error("The workbook has no sheets.")]
    NoSheet,
    #[error("The first row must name the columns: an \"ODS code\" column, then either \"Theme\" and \"Score\" columns (one row per organisation and theme) or one column per theme (one row per organisation).")]
    NoLayout,
    #[error("Row 1 names more than one ODS code column ({0} and {1}).")]
    TwoCodeColumns(Position, Position),
    #[error("{at}: the column \"{name}\" appears twice in row 1 (also {first}).")]
    RepeatedColumn { at: Position, first: Position, name: String },
}

impl Refusal {
    /// The cell a refusal names, for tests and for the error summary's order.
    pub fn position(&self) -> Option<Position> {
        match self {
            Refusal::CellTooLong { at } | Refusal::Formula { at, .. } | Refusal::FormulaCell { at } => Some(*at),
            Refusal::RepeatedColumn { at, .. } => Some(*at),
            _ => None,
        }
    }
}

/// A file's rows of text cells; `rows[0]` is spreadsheet row 1. Blank rows are kept (as
/// empty rows), so positions match what a spreadsheet shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    pub rows: Vec<Vec<String>>,
}

impl Sheet {
    /// Put a cell's text at a position (1-based), growing the grid; refuses past the limits,
    /// so a hostile workbook cannot make the grid large.
    pub fn put(&mut self, at: Position, text: String) -> Result<(), Refusal> {
        if at.row as usize > MAX_DATA_ROWS + 1 {
            return Err(Refusal::TooManyRows);
        }
        if at.column as usize > MAX_COLUMNS {
            return Err(Refusal::TooManyColumns);
        }
        if text.chars().count() > MAX_CELL_CHARS {
            return Err(Refusal::CellTooLong { at });
        }
        let (r, c) = (at.row as usize - 1, at.column as usize - 1);
        if self.rows.len() <= r {
            self.rows.resize_with(r + 1, Vec::new);
        }
        let row = &mut self.rows[r];
        if row.len() <= c {
            row.resize(c + 1, String::new());
        }
        row[c] = text;
        Ok(())
    }

    pub fn cell(&self, at: Position) -> &str {
        self.rows.get(at.row as usize - 1).and_then(|r| r.get(at.column as usize - 1)).map_or("", String::as_str)
    }
}

/// What a file is, told from its name and checked against its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Csv,
    Xlsx,
}

/// Excel's macro-enabled workbook, template and add-in.
const MACRO_ENABLED: [&str; 3] = [".xlsm", ".xltm", ".xlam"];

/// An OLE compound file's first bytes: a password-protected workbook, or a `.xls`.
const OLE_MAGIC: &[u8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1";

/// An XLSX is a zip archive: its first bytes are `PK\x03\x04`.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

pub fn detect(file_name: &str, bytes: &[u8]) -> Result<FileKind, Refusal> {
    let lower = file_name.to_ascii_lowercase();
    let kind = if lower.ends_with(".csv") {
        FileKind::Csv
    } else if lower.ends_with(".xlsx") {
        FileKind::Xlsx
    } else if MACRO_ENABLED.iter().any(|ext| lower.ends_with(ext)) {
        return Err(Refusal::MacroEnabled);
    } else {
        return Err(Refusal::WrongType);
    };
    if bytes.is_empty() {
        return Err(Refusal::Empty);
    }
    match kind {
        FileKind::Xlsx if bytes.starts_with(OLE_MAGIC) => Err(Refusal::ProtectedOrOld),
        FileKind::Xlsx if !bytes.starts_with(ZIP_MAGIC) => Err(Refusal::NotWhatItSays(".xlsx")),
        // Text never holds a NUL byte; an image, a workbook or an executable does.
        FileKind::Csv if bytes.starts_with(ZIP_MAGIC) || bytes.iter().take(8192).any(|b| *b == 0) => Err(Refusal::NotWhatItSays(".csv")),
        kind => Ok(kind),
    }
}

/// A CSV file's cells: UTF-8 strictly (a byte-order mark is fine), rows numbered by line as a
/// spreadsheet would, refused as soon as it passes the row limit.
pub fn parse_csv(bytes: &[u8]) -> Result<Sheet, Refusal> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| Refusal::NotUtf8 { row: line_of(bytes, e.valid_up_to()) })?;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut sheet = Sheet::default();
    let mut record = csv::StringRecord::new();
    let mut lines = Lines { bytes: text.as_bytes(), at: 0, line: 1 };
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let row = e.position().map_or(0, |p| p.line() as u32);
                return Err(Refusal::BrokenCsv { row, reason: csv_reason(&e) });
            }
        }
        let row = lines.line_at(record.position().map_or(0, |p| p.byte() as usize));
        for (i, field) in record.iter().enumerate() {
            if !field.trim().is_empty() {
                sheet.put(Position::new(row, i as u32 + 1), field.to_string())?;
            }
        }
    }
    Ok(sheet)
}

/// Row numbers as a spreadsheet shows them, from where each record starts. The csv crate's own
/// line count is one short after each CRLF (it starts the next record at the `\n`), which put
/// every row of a Windows file one row up, over the header.
struct Lines<'a> {
    bytes: &'a [u8],
    at: usize,
    line: u32,
}

impl Lines<'_> {
    /// The line of the record starting at `offset` (offsets only move forward): line ends
    /// (`\n`, `\r\n` or a lone `\r`) before its first character are counted.
    fn line_at(&mut self, offset: usize) -> u32 {
        let mut start = offset.max(self.at);
        while self.bytes.get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            start += 1;
        }
        let between = &self.bytes[self.at..start];
        let ends = between.iter().enumerate().filter(|&(i, b)| *b == b'\n' || (*b == b'\r' && between.get(i + 1) != Some(&b'\n'))).count();
        self.line += ends as u32;
        self.at = start;
        self.line
    }
}

/// The line (1-based) holding byte `offset`.
fn line_of(bytes: &[u8], offset: usize) -> u32 {
    bytes[..offset].iter().filter(|b| **b == b'\n').count() as u32 + 1
}

fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "it is not UTF-8 text".to_string(),
        _ => "a quoted cell is not closed".to_string(),
    }
}
