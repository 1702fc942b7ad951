//! The little SQL that is not the same on SQLite and PostgreSQL, in one named place.
//!
//! Everything else in `db/` and `seed/` is standard SQL that both accept: `IS NOT DISTINCT
//! FROM` for a null-safe comparison, `lower(a) = lower(b)` for a case-insensitive one,
//! `TRUE`/`FALSE` for booleans, `INSERT .. ON CONFLICT .. DO UPDATE`, `RETURNING`, window
//! functions. Times are bound from Rust ([`now`]), never computed by the database, so a row's
//! time is the same whichever engine stores it. What a PostgreSQL backend would still need
//! is listed in `docs/ARCHITECTURE.md`.

use chrono::{NaiveDateTime, SubsecRound, Utc};

/// The current time in UTC to the second, as every timestamp column stores it
/// (`2016-09-30 14:05:00`: sqlx writes a `NaiveDateTime` with no fraction as `%F %T`, the
/// same text as the columns' defaults, so old and new rows compare and sort alike).
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn now_has_no_fraction_of_a_second_so_it_stores_like_the_column_defaults() {
        let text = now().to_string();
        assert_eq!(text.len(), "2016-09-30 14:05:00".len(), "{text}");
    }
}
