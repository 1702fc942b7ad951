//! `/audit`: the audit log, filterable.
