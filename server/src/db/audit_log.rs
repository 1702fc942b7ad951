//! Queries behind the audit page.
