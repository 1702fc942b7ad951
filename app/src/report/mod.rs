//! The steering pack: the frozen report document, and the pure rules that build it from facts.

pub mod build;
pub mod document;
pub mod sample;

pub use build::{build, ReportFacts, ReturnLine};
pub use document::{Cell, Chart, Column, ReportDocument, Section, Table, Value};
