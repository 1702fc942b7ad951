//! LDR Assurance's pure core: domain types, analysis, charts and views.
//!
//! Nothing here does I/O or knows about HTTP or SQL: the server loads data, hands it to
//! these functions and sends back what they return. That keeps every rule unit-testable.

pub mod access;
pub mod analysis;
pub mod audit;
pub mod charts;
pub mod domain;
pub mod facts;
pub mod import;
pub mod report;
pub mod returns;
pub mod views;

/// The facts' former name, kept so code written against it still builds.
pub use facts as model;
