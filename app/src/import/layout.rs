//! A grid of cells read as DMA scores: the layout told from row 1 (long: an ODS code, a theme
//! and a score column; wide: an ODS code column and one column per theme), and every cell a
//! spreadsheet could run as a formula refused by row and column before anything else.

use super::sheet::{Position, Refusal, Sheet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum LayoutKind {
    /// One row per organisation and theme.
    Long,
    /// One row per organisation, one column per theme.
    Wide,
}

impl LayoutKind {
    pub fn describe(self) -> &'static str {
        match self {
            LayoutKind::Long => "one row per organisation and theme",
            LayoutKind::Wide => "one row per organisation, one column per theme",
        }
    }
}

/// One score as the file gives it, with where each part of it is.
#[derive(Debug, Clone, PartialEq)]
pub struct DmaRow {
    pub org: String,
    pub org_at: Position,
    pub theme: String,
    /// The theme's cell: the row's own (long) or its column's header (wide).
    pub theme_at: Position,
    pub score: String,
    pub score_at: Position,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DmaFile {
    pub layout: LayoutKind,
    pub rows: Vec<DmaRow>,
}

impl DmaFile {
    /// Every theme name the file uses, in first-seen order, once each (as typed).
    pub fn theme_names(&self) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        self.rows.iter().filter(|r| seen.insert(normalise(&r.theme))).map(|r| r.theme.trim().to_string()).collect()
    }
}

/// Header text compared loosely: case, spaces, dashes and underscores do not matter.
pub fn normalise(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '_' || c == '-').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ").to_lowercase()
}

const CODE_HEADERS: [&str; 7] = ["ods code", "organisation code", "organization code", "org code", "ods", "code", "organisation ods code"];
const THEME_HEADERS: [&str; 3] = ["theme", "theme name", "capability"];
const SCORE_HEADERS: [&str; 2] = ["score", "value"];
/// Columns that describe the organisation, which a file may carry and the import ignores.
const IGNORED_HEADERS: [&str; 7] =
    ["organisation name", "organization name", "name", "organisation", "organization", "footprint", "footprint code"];

/// The first character of a cell that a spreadsheet would run (CSV/formula injection). A
/// number written with a sign ("-1") is a number, not a formula, and is judged by the scale.
/// Spaces before the sign do not make it safe: the import trims cells, and some spreadsheets
/// trim on opening too, so " =cmd" is judged as "=cmd".
fn formula_start(text: &str) -> Option<char> {
    let first = text.chars().next()?;
    let after_spaces = text.trim_start_matches(' ').chars().next()?;
    let risky = matches!(first, '\t' | '\r') || matches!(after_spaces, '=' | '+' | '-' | '@');
    let number = crate::domain::decimal::Decimal::parse(text).is_some();
    (risky && !number).then_some(if matches!(first, '\t' | '\r') { first } else { after_spaces })
}

fn shown(c: char) -> String {
    match c {
        '\t' => "a tab".to_string(),
        '\r' => "a carriage return".to_string(),
        c => c.to_string(),
    }
}

/// The grid as DMA rows, or every reason the file as a whole is refused.
pub fn read_layout(sheet: &Sheet) -> Result<DmaFile, Vec<Refusal>> {
    let formulas: Vec<Refusal> =
        cells(sheet).filter_map(|(at, text)| formula_start(text).map(|c| Refusal::Formula { at, start: shown(c) })).take(50).collect();
    if !formulas.is_empty() {
        return Err(formulas);
    }
    let header = sheet.rows.first().filter(|r| r.iter().any(|c| !c.trim().is_empty())).ok_or_else(|| vec![Refusal::Empty])?;
    let columns = header_columns(header)?;
    let rows = match columns.layout {
        Found::Long { theme, score } => long_rows(sheet, columns.code, theme, score),
        Found::Wide(ref themes) => wide_rows(sheet, columns.code, themes),
    };
    if rows.is_empty() {
        return Err(vec![Refusal::Empty]);
    }
    let layout = if matches!(columns.layout, Found::Long { .. }) { LayoutKind::Long } else { LayoutKind::Wide };
    Ok(DmaFile { layout, rows })
}

fn cells(sheet: &Sheet) -> impl Iterator<Item = (Position, &str)> {
    sheet.rows.iter().enumerate().flat_map(|(r, row)| {
        row.iter().enumerate().filter(|(_, t)| !t.is_empty()).map(move |(c, t)| (Position::new(r as u32 + 1, c as u32 + 1), t.as_str()))
    })
}

enum Found {
    Long {
        theme: u32,
        score: u32,
    },
    /// (column, header text) of each theme column.
    Wide(Vec<(u32, String)>),
}

struct Columns {
    code: u32,
    layout: Found,
}

fn header_columns(header: &[String]) -> Result<Columns, Vec<Refusal>> {
    let named: Vec<(u32, &str, String)> =
        header.iter().enumerate().filter(|(_, t)| !t.trim().is_empty()).map(|(i, t)| (i as u32 + 1, t.trim(), normalise(t))).collect();
    let mut refusals = Vec::new();
    for (i, (col, text, key)) in named.iter().enumerate() {
        if let Some((first, _, _)) = named[..i].iter().find(|(_, _, k)| k == key) {
            refusals.push(Refusal::RepeatedColumn { at: Position::new(1, *col), first: Position::new(1, *first), name: text.to_string() });
        }
    }
    let find = |names: &[&str]| named.iter().filter(|(_, _, k)| names.contains(&k.as_str())).map(|(c, _, _)| *c).collect::<Vec<_>>();
    let codes = find(&CODE_HEADERS);
    let code = match codes.as_slice() {
        [] => return Err(vec![Refusal::NoLayout]),
        [one] => *one,
        [a, b, ..] => return Err(vec![Refusal::TwoCodeColumns(Position::new(1, *a), Position::new(1, *b))]),
    };
    if !refusals.is_empty() {
        return Err(refusals);
    }
    let (theme, score) = (find(&THEME_HEADERS), find(&SCORE_HEADERS));
    let layout = match (theme.first(), score.first()) {
        (Some(t), Some(s)) => Found::Long { theme: *t, score: *s },
        (None, None) => {
            let themes: Vec<(u32, String)> = named
                .iter()
                .filter(|(c, _, k)| *c != code && !IGNORED_HEADERS.contains(&k.as_str()))
                .map(|(c, t, _)| (*c, t.to_string()))
                .collect();
            if themes.is_empty() {
                return Err(vec![Refusal::NoLayout]);
            }
            Found::Wide(themes)
        }
        _ => return Err(vec![Refusal::NoLayout]),
    };
    Ok(Columns { code, layout })
}

fn data_rows(sheet: &Sheet) -> impl Iterator<Item = (u32, &Vec<String>)> {
    sheet.rows.iter().enumerate().skip(1).filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty())).map(|(i, r)| (i as u32 + 1, r))
}

fn at(row: &[String], column: u32) -> String {
    row.get(column as usize - 1).map_or("", |t| t.trim()).to_string()
}

fn long_rows(sheet: &Sheet, code: u32, theme: u32, score: u32) -> Vec<DmaRow> {
    data_rows(sheet)
        .map(|(r, row)| DmaRow {
            org: at(row, code),
            org_at: Position::new(r, code),
            theme: at(row, theme),
            theme_at: Position::new(r, theme),
            score: at(row, score),
            score_at: Position::new(r, score),
        })
        .collect()
}

/// An empty cell in the wide layout is a theme the file gives no score for: no row.
fn wide_rows(sheet: &Sheet, code: u32, themes: &[(u32, String)]) -> Vec<DmaRow> {
    let mut out = Vec::new();
    for (r, row) in data_rows(sheet) {
        for (column, name) in themes {
            let score = at(row, *column);
            if score.is_empty() {
                continue;
            }
            out.push(DmaRow {
                org: at(row, code),
                org_at: Position::new(r, code),
                theme: name.clone(),
                theme_at: Position::new(1, *column),
                score,
                score_at: Position::new(r, *column),
            });
        }
    }
    out
}
