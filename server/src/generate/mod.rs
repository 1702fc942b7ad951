//! `ldr generate`: a synthetic England to try the national view and measure speed on.
//! `plan` decides every footprint, organisation and figure; the writers store them
//! through the same figure writes as approval, with provenance.

pub mod command;
pub mod figures;
pub mod plan;
pub mod returns;
pub mod sections;
pub mod write;
