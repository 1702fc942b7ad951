//! Importing a file of DMA scores, purely: the file's bytes become a grid of text cells
//! ([`sheet`]), the grid a typed [`layout::DmaFile`] (long or wide layout, formula cells
//! refused), and the file with what the database holds a [`plan::Preview`] (add, change,
//! unchanged, skipped, problems by row and column). The server reads XLSX cells with calamine
//! into the same [`sheet::Sheet`], loads the context and writes what the preview says.

pub mod layout;
pub mod plan;
pub mod sheet;

#[cfg(test)]
mod tests;

pub use layout::{read_layout, DmaFile, DmaRow, LayoutKind};
pub use plan::{plan, Change, Context, OrgRef, Planned, Preview, Problem, Skipped, ThemeRef};
pub use sheet::{detect, parse_csv, FileKind, Position, Refusal, Sheet};

/// The most data rows a file may hold: England's 250 organisations by 50 themes in the long
/// layout is 12,500, so 20,000 leaves room while a 100,000-row file is refused as soon as its
/// 20,002nd row is read.
pub const MAX_DATA_ROWS: usize = 20_000;
/// The most columns: an organisation code, a name and one column per theme of the largest
/// framework, with room to spare.
pub const MAX_COLUMNS: usize = 256;
/// The longest text a cell may hold; a theme name or score is far shorter.
pub const MAX_CELL_CHARS: usize = 500;
