//! `INSERT .. ON CONFLICT (natural key) DO UPDATE`, written once. A [`Table`] names its
//! columns and natural key; a writer passes one row of [`Value`]s in column order
//! ([`row!`]). The figure writes (`figures.rs`) and the seed's reference data use it, so the
//! statement's shape is not copied per table (the review found it copied a dozen times).
//!
//! The SQL is standard (PostgreSQL accepts it as it is): a conflict target may be a column or
//! an indexed expression in parentheses, and `IS DISTINCT FROM` compares NULLs as values.

use chrono::{NaiveDate, NaiveDateTime};
use ldr_app::domain::{AimId, DeploymentId, FootprintId, MeasureId, OrgId, PeriodId, ReturnId, ThemeId, UserId};
use sqlx::query::Query;
use sqlx::sqlite::SqliteArguments;
use sqlx::{Row, Sqlite, SqliteConnection};

/// A table as a writer sees it. Every name here is static text, never user input.
pub struct Table {
    pub name: &'static str,
    /// The natural key: the conflict target (columns, or an indexed expression in parentheses).
    pub key: &'static [&'static str],
    /// Every column written, in the order a row's values are given.
    pub columns: &'static [&'static str],
    /// A figure table: its row ends with the [`PROVENANCE`] columns. A figure whose values and
    /// provenance are the same as stored is left alone (its times are not a change), so
    /// writing the same figure twice (reloading the seed) keeps its first recorded time.
    pub figure: bool,
}

/// Where a figure came from, after its own columns in every figure table, in this order
/// (`db::figures::Provenance` gives the values).
pub const PROVENANCE: [&str; 6] = ["source", "recorded_at", "recorded_by", "approved_at", "approved_by", "return_id"];

/// Provenance columns that say when, not what: writing them alone is not a change.
const STAMPS: [&str; 2] = ["recorded_at", "approved_at"];

impl Table {
    /// A table of reference data (or one without provenance), written as given.
    pub const fn plain(name: &'static str, key: &'static [&'static str], columns: &'static [&'static str]) -> Self {
        Table { name, key, columns, figure: false }
    }

    /// A figure table, whose rows end with their provenance.
    pub const fn figure(name: &'static str, key: &'static [&'static str], columns: &'static [&'static str]) -> Self {
        Table { name, key, columns, figure: true }
    }

    /// Every column a row gives a value for, in order.
    fn all_columns(&self) -> Vec<&'static str> {
        let provenance: &[&str] = if self.figure { &PROVENANCE } else { &[] };
        self.columns.iter().chain(provenance).copied().collect()
    }

    /// The statement, with one `?` a column, bound in order.
    pub fn sql(&self, returning_id: bool) -> String {
        self.sql_for_rows(1, returning_id)
    }

    /// The statement for `rows` rows at once (`VALUES (..), (..)`), bound row after row.
    fn sql_for_rows(&self, rows: usize, returning_id: bool) -> String {
        let columns = self.all_columns();
        let one = format!("({})", vec!["?"; columns.len()].join(", "));
        let marks = vec![one; rows].join(", ");
        let updated: Vec<&str> = columns.iter().copied().filter(|c| !self.key.contains(c)).collect();
        // An all-key row still "updates" one key column to itself, so RETURNING has its row.
        let set = match updated.is_empty() {
            true => vec![self.key[0]],
            false => updated.clone(),
        };
        let mut sql = format!(
            "INSERT INTO {} ({}) VALUES {marks} ON CONFLICT ({}) DO UPDATE SET {}",
            self.name,
            columns.join(", "),
            self.key.join(", "),
            set.iter().map(|c| format!("{c} = excluded.{c}")).collect::<Vec<_>>().join(", ")
        );
        if self.figure {
            let compared = updated.iter().filter(|c| !STAMPS.contains(c));
            let changed: Vec<String> = compared.map(|c| format!("{}.{c} IS DISTINCT FROM excluded.{c}", self.name)).collect();
            sql.push_str(&format!(" WHERE {}", changed.join(" OR ")));
        }
        if returning_id {
            sql.push_str(" RETURNING id");
        }
        sql
    }

    /// Insert the row, or update the row with its natural key.
    pub async fn upsert(&self, conn: &mut SqliteConnection, row: Vec<Value<'_>>) -> Result<(), sqlx::Error> {
        let sql = self.sql(false);
        bind_all(sqlx::query(&sql), row, self.all_columns().len()).execute(conn).await?;
        Ok(())
    }

    /// [`Table::upsert`] for many rows, a few hundred to a statement: the same statement
    /// shape, so the same rule for a row left alone. No two rows may share a natural key.
    pub async fn upsert_many(&self, conn: &mut SqliteConnection, rows: Vec<Vec<Value<'_>>>) -> Result<(), sqlx::Error> {
        let width = self.all_columns().len();
        // SQLite binds at most 32,766 values a statement.
        let per_statement = (30_000 / width).clamp(1, 500);
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            let chunk: Vec<Vec<Value>> = rows.by_ref().take(per_statement).collect();
            let sql = self.sql_for_rows(chunk.len(), false);
            let mut q = sqlx::query(&sql);
            for row in chunk {
                q = bind_all(q, row, width);
            }
            q.execute(&mut *conn).await?;
        }
        Ok(())
    }

    /// [`Table::upsert`], returning the row's id (not for figure tables: a figure left alone
    /// returns no row).
    pub async fn upsert_returning_id(&self, conn: &mut SqliteConnection, row: Vec<Value<'_>>) -> Result<i64, sqlx::Error> {
        debug_assert!(!self.figure, "a row left alone returns no id");
        let sql = self.sql(true);
        bind_all(sqlx::query(&sql), row, self.all_columns().len()).fetch_one(conn).await?.try_get(0)
    }
}

fn bind_all<'q>(
    mut q: Query<'q, Sqlite, SqliteArguments<'q>>,
    row: Vec<Value<'q>>,
    columns: usize,
) -> Query<'q, Sqlite, SqliteArguments<'q>> {
    assert_eq!(row.len(), columns, "one value a column");
    for v in row {
        q = match v {
            Value::Int(x) => q.bind(x),
            Value::Real(x) => q.bind(x),
            Value::Text(x) => q.bind(x),
            Value::Time(x) => q.bind(x),
            Value::Date(x) => q.bind(x),
            Value::Bool(x) => q.bind(x),
        };
    }
    q
}

/// One column's value, as the database stores it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Int(Option<i64>),
    Real(Option<f64>),
    Text(Option<&'a str>),
    /// Bound as sqlx writes a `NaiveDateTime` (`2016-09-30 14:05:00`), like the column defaults.
    Time(Option<NaiveDateTime>),
    /// Bound as `2016-09-30`.
    Date(Option<NaiveDate>),
    Bool(bool),
}

/// The values of one row, in its table's column order: `row![org, theme, &v.source]`.
macro_rules! row {
    ($($v:expr),* $(,)?) => { vec![$($crate::db::upsert::Value::from($v)),*] };
}
pub(crate) use row;

macro_rules! from {
    ($variant:ident: $($t:ty => $f:expr),*) => {$(
        impl<'a> From<$t> for Value<'a> {
            fn from(v: $t) -> Self { Value::$variant(($f)(v)) }
        }
    )*};
}

from!(Int: i64 => Some, Option<i64> => |v| v, i32 => |v: i32| Some(v.into()), Option<i32> => |v: Option<i32>| v.map(i64::from));
from!(Real: f64 => Some, Option<f64> => |v| v);
from!(Text: &'a str => Some, &'a String => |v: &'a String| Some(v.as_str()), Option<&'a str> => |v| v);
from!(Time: NaiveDateTime => Some, Option<NaiveDateTime> => |v| v);
from!(Date: Option<NaiveDate> => |v| v);
from!(Bool: bool => |v| v);

macro_rules! typed_ids {
    ($($t:ident),*) => {$(
        from!(Int: $t => |v: $t| Some(v.0), Option<$t> => |v: Option<$t>| v.map(|v| v.0));
    )*};
}

typed_ids!(AimId, DeploymentId, FootprintId, MeasureId, OrgId, PeriodId, ReturnId, ThemeId, UserId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_table_updates_its_row_only_when_something_but_the_times_changed() {
        let t = Table { name: "t", key: &["a", "b"], columns: &["a", "b", "v"], figure: true };
        assert_eq!(
            t.sql(false),
            "INSERT INTO t (a, b, v, source, recorded_at, recorded_by, approved_at, approved_by, return_id) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (a, b) DO UPDATE SET v = excluded.v, source = excluded.source, \
             recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by, approved_at = excluded.approved_at, \
             approved_by = excluded.approved_by, return_id = excluded.return_id \
             WHERE t.v IS DISTINCT FROM excluded.v OR t.source IS DISTINCT FROM excluded.source \
             OR t.recorded_by IS DISTINCT FROM excluded.recorded_by OR t.approved_by IS DISTINCT FROM excluded.approved_by \
             OR t.return_id IS DISTINCT FROM excluded.return_id"
        );
    }

    #[test]
    fn many_rows_are_one_statement_with_a_values_list_a_row_and_the_same_conflict_rule() {
        let t = Table { name: "t", key: &["a"], columns: &["a", "v"], figure: false };
        assert_eq!(
            t.sql_for_rows(3, false),
            "INSERT INTO t (a, v) VALUES (?, ?), (?, ?), (?, ?) ON CONFLICT (a) DO UPDATE SET v = excluded.v"
        );
        assert_eq!(t.sql_for_rows(1, false), t.sql(false));
    }

    #[test]
    fn an_all_key_row_still_returns_its_id() {
        let t = Table { name: "d", key: &["o", "k"], columns: &["o", "k"], figure: false };
        assert_eq!(t.sql(true), "INSERT INTO d (o, k) VALUES (?, ?) ON CONFLICT (o, k) DO UPDATE SET o = excluded.o RETURNING id");
    }
}
