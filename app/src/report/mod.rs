//! The steering pack: the frozen report document, and the pure rules that build it from facts.

pub mod document;

pub use document::{Cell, Chart, Column, ReportDocument, Section, Table, Value};
pub mod sample;
