//! What a section shows, as data: its form's controls and its figures as a table for people
//! who read the return. Each section says what it shows; `views/returns` draws it in the
//! NHS.UK markup, the same way for every section (and a report or export may draw the table
//! its own way).

use crate::domain::Rag;

/// A section's figures for reading.
#[derive(Debug, Clone, PartialEq)]
pub enum SectionTable {
    Table {
        caption: &'static str,
        headings: &'static [&'static str],
        rows: Vec<Vec<Cell>>,
    },
    /// A text kept as written, line breaks included.
    Text(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A RAG status, drawn as its tag ("Not rated" when none).
    Rag(Option<Rag>),
}

/// A legend's size: `--m` for a group of questions, `--s` for one item's questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legend {
    M,
    S,
}

/// One part of a section's form. Field ids are the names `fields.rs` gives.
#[derive(Debug, Clone, PartialEq)]
pub enum FormPart {
    /// Questions under one legend; `class` is added to `nhsuk-fieldset`.
    Fieldset {
        legend: String,
        size: Legend,
        class: Option<&'static str>,
        parts: Vec<FormPart>,
    },
    /// Controls side by side.
    Inline(Vec<FormPart>),
    /// A figure and the box that answers it otherwise ("not assessed", "no data").
    Paired(Vec<FormPart>),
    TextBox {
        id: String,
        label: String,
        hint: Option<String>,
        width: &'static str,
        suffix: Option<&'static str>,
    },
    Checkbox {
        id: String,
        label: String,
    },
    /// A select with a blank first option; `options` are (value, label).
    Select {
        id: String,
        label: String,
        blank: &'static str,
        options: Vec<(String, String)>,
    },
    TextArea {
        id: String,
        label: String,
        rows: u32,
    },
}
