//! `/periods`: opening and closing quarters for returns.
