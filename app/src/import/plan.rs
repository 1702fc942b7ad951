//! What importing a file would do, worked out before anything is written: each valid score is
//! an addition, a change (with the score before) or unchanged against the scores standing as
//! at the quarter; rows of organisations outside the importer's footprint are skipped; every
//! other row is a problem named by row and column. The same [`Preview`] is shown on the web,
//! printed by `ldr import dma`, and written by the confirm.

use std::collections::HashMap;

use super::layout::{normalise, DmaFile};
use super::sheet::Position;
use crate::domain::{FootprintId, OrgId, OrgKind, Scale, Score, ThemeId};

/// An organisation as the import matches it: by its ODS code.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgRef {
    pub id: OrgId,
    pub code: String,
    pub name: String,
    pub footprint: FootprintId,
    pub kind: OrgKind,
}

/// A theme of the chosen framework.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeRef {
    pub id: ThemeId,
    pub code: String,
    pub name: String,
}

/// What the database holds that the file is judged against.
pub struct Context<'a> {
    /// Every organisation by its code in upper case.
    pub orgs: &'a HashMap<String, OrgRef>,
    pub themes: &'a [ThemeRef],
    pub scale: Scale,
    pub framework_name: &'a str,
    /// The kinds of organisation the framework assesses.
    pub kinds: &'a [OrgKind],
    /// The importer's own footprint (the web upload); None imports every footprint (the CLI).
    pub scope: Option<FootprintId>,
    /// The score standing as at the quarter of each (organisation, theme) that has one;
    /// `None` inside is "not assessed".
    pub current: &'a HashMap<(OrgId, ThemeId), Option<f64>>,
    /// A name in the file (normalised) the importer said stands for a theme.
    pub mapping: &'a HashMap<String, ThemeId>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Change {
    Add,
    /// The score standing before (None: recorded as not assessed).
    Change {
        before: Option<f64>,
    },
    Unchanged,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub at: Position,
    pub org: OrgId,
    pub org_code: String,
    pub org_name: String,
    pub theme: ThemeId,
    pub theme_name: String,
    pub score: Score,
    pub change: Change,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    pub row: u32,
    pub org_code: String,
    pub org_name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub at: Position,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Preview {
    pub rows: Vec<Planned>,
    pub skipped: Vec<Skipped>,
    pub problems: Vec<Problem>,
    /// Theme names in the file that match no theme of the framework and have no mapping yet.
    pub unmatched: Vec<String>,
}

impl Preview {
    pub fn count(&self, kind: fn(&Change) -> bool) -> usize {
        self.rows.iter().filter(|r| kind(&r.change)).count()
    }
    pub fn added(&self) -> usize {
        self.count(|c| matches!(c, Change::Add))
    }
    pub fn changed(&self) -> usize {
        self.count(|c| matches!(c, Change::Change { .. }))
    }
    pub fn unchanged(&self) -> usize {
        self.count(|c| matches!(c, Change::Unchanged))
    }
    /// The rows a confirm writes.
    pub fn writes(&self) -> impl Iterator<Item = &Planned> {
        self.rows.iter().filter(|r| !matches!(r.change, Change::Unchanged))
    }
    /// May be confirmed: no problem, and something to change.
    pub fn ready(&self) -> bool {
        self.problems.is_empty() && self.writes().next().is_some()
    }
    /// What the confirm would write, and over what, as canonical text: the server hashes it
    /// into the preview's form, and a confirm whose hash differs was previewed on other data.
    pub fn fingerprint(&self) -> String {
        let mut out = String::new();
        for r in &self.rows {
            let before = match r.change {
                Change::Add => "add".to_string(),
                Change::Change { before } => format!("{before:?}"),
                Change::Unchanged => "same".to_string(),
            };
            out.push_str(&format!("{}:{}:{}:{}\n", r.org.0, r.theme.0, r.score.value(), before));
        }
        for s in &self.skipped {
            out.push_str(&format!("skip:{}\n", s.row));
        }
        out
    }
}

/// The file against the context: the preview of importing it.
pub fn plan(file: &DmaFile, cx: &Context<'_>) -> Preview {
    let by_name: HashMap<String, &ThemeRef> = cx.themes.iter().flat_map(|t| [(normalise(&t.name), t), (normalise(&t.code), t)]).collect();
    let theme_of = |name: &str| -> Option<&ThemeRef> {
        let key = normalise(name);
        by_name.get(&key).copied().or_else(|| cx.mapping.get(&key).and_then(|id| cx.themes.iter().find(|t| t.id == *id)))
    };
    let mut preview = Preview::default();
    let mut seen: HashMap<(OrgId, ThemeId), u32> = HashMap::new();
    let mut unmatched_reported: HashMap<String, ()> = HashMap::new();
    for row in &file.rows {
        let problem = |at: Position, message: String| Problem { at, message };
        let Some(org) = (!row.org.is_empty()).then(|| cx.orgs.get(&row.org.to_uppercase())).flatten() else {
            let message = match row.org.is_empty() {
                true => "no ODS code is given".to_string(),
                false => format!("no organisation has the ODS code \"{}\"", row.org),
            };
            preview.problems.push(problem(row.org_at, message));
            continue;
        };
        if cx.scope.is_some_and(|fp| fp != org.footprint) {
            if preview.skipped.last().is_none_or(|s| s.row != row.org_at.row) {
                preview.skipped.push(Skipped { row: row.org_at.row, org_code: org.code.clone(), org_name: org.name.clone() });
            }
            continue;
        }
        let Some(theme) = theme_of(&row.theme) else {
            let key = normalise(&row.theme);
            if row.theme.is_empty() {
                preview.problems.push(problem(row.theme_at, "no theme is given".to_string()));
            } else if unmatched_reported.insert(key, ()).is_none() {
                preview.unmatched.push(row.theme.clone());
                let message = format!("\"{}\" is not a theme of {}: choose which theme it is below", row.theme, cx.framework_name);
                preview.problems.push(problem(row.theme_at, message));
            }
            continue;
        };
        if !cx.kinds.contains(&org.kind) {
            let message =
                format!("{} is a {} organisation, which {} does not assess", org.code, org.kind.label().to_lowercase(), cx.framework_name);
            preview.problems.push(problem(row.org_at, message));
            continue;
        }
        let score = match row.score.is_empty() {
            true => Err("no score is given".to_string()),
            false => cx.scale.score(&row.score).map_err(|e| format!("\"{}\": {e}", row.score)),
        };
        let score = match score {
            Ok(s) => s,
            Err(message) => {
                preview.problems.push(problem(row.score_at, message));
                continue;
            }
        };
        if let Some(first) = seen.insert((org.id, theme.id), row.score_at.row) {
            let message = format!("{} and {} are given twice (also on row {first})", org.code, theme.name);
            preview.problems.push(problem(row.score_at, message));
            continue;
        }
        let change = match cx.current.get(&(org.id, theme.id)) {
            None => Change::Add,
            Some(Some(v)) if *v == score.value() => Change::Unchanged,
            Some(before) => Change::Change { before: *before },
        };
        preview.rows.push(Planned {
            at: row.score_at,
            org: org.id,
            org_code: org.code.clone(),
            org_name: org.name.clone(),
            theme: theme.id,
            theme_name: theme.name.clone(),
            score,
            change,
        });
    }
    preview.problems.sort_by_key(|p| p.at);
    preview
}
