//! Leptos views rendered on the server only: each page is a pure function from a read model
//! to HTML. No page needs JavaScript; `/style/ldr.js` only enhances the NHS.UK components.

mod account_menu;
pub mod account_sessions;
pub mod aim_explained;
pub mod aims_table;
pub mod api_docs;
pub mod api_tokens;
pub mod audit_changes;
mod audit_filter;
pub mod audit_log;
pub mod cached_page;
pub mod capabilities;
pub mod dashboard;
pub mod dashboard_glance;
pub mod deployments;
pub mod deployments_filter;
pub mod dma;
pub mod dma_heatmap;
pub mod dma_import;
pub mod dma_import_written;
pub mod errors;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod footprint_picker;
pub mod gap_register;
pub mod gap_tables;
pub mod gaps;
pub mod layout;
pub mod login;
pub mod national;
pub mod org_dma;
pub mod org_trajectory;
pub mod organisations;
pub mod period_selector;
pub mod periods;
pub mod report_links;
pub mod reports;
pub mod returns;
pub mod roadmap;
pub mod rules;
pub mod second_factor;
pub mod synthetic_banner;
pub mod tasks;
pub mod textarea;
pub mod trajectories;
pub mod trajectory_capability;
pub mod trajectory_parts;
pub mod widgets;

pub use layout::{render_page, Crumb, Nav, PageMeta, UserBadge};
