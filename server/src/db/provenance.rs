//! SQL pieces every figure query shares, so that the same number is the same everywhere:
//! which figures stand as at a quarter (`as_at`), and the link from a figure to the return
//! revision that made it official (`REVISION_HREF`).

use ldr_app::domain::PeriodCode;

/// The path of the return revision behind a figure row aliased `x` (NULL for seeded figures),
/// e.g. `/returns/2016-17-q2/RTE/revisions/1`. Needs [`REVISION_JOINS`].
pub const REVISION_HREF: &str = "CASE WHEN x_ret.id IS NULL THEN NULL ELSE
    '/returns/' || x_per.code || '/' || COALESCE(x_org.code, x_fp.code) || '/revisions/' || x_ret.revision END";

pub const REVISION_JOINS: &str = "LEFT JOIN returns x_ret ON x_ret.id = x.return_id
    LEFT JOIN reporting_periods x_per ON x_per.id = x_ret.period_id
    LEFT JOIN organisations x_org ON x_org.id = x_ret.organisation_id
    LEFT JOIN footprints x_fp ON x_fp.id = x_ret.footprint_id";

/// A quarter as a number that orders like the quarters (2016/17 Q2 is 20162), to compare
/// with `p.financial_year * 10 + p.quarter` of a `reporting_periods p`.
pub fn period_key(period: PeriodCode) -> i32 {
    period.year.0 * 10 + i32::from(period.quarter)
}

/// A figure table as at a quarter: for each `partition` (say, organisation and theme), the
/// row of the latest quarter up to and including `period`, among the rows `scope` (an SQL
/// condition on `f`, such as `f.organisation_id = ?`) admits. Returns are approved
/// organisation by organisation, so a quarter's picture is everybody's latest approved
/// figure, each still saying which quarter and return it came from. Use as
/// `FROM {as_at(..)} x`; `scope`'s parameters come first in the statement, so bind them
/// first. The quarter is an integer computed here, never user text.
pub fn as_at(table: &str, partition: &str, period: PeriodCode, scope: &str) -> String {
    let key = period_key(period);
    format!(
        "(SELECT * FROM (SELECT f.*, p.financial_year * 10 + p.quarter AS as_at_key,
                                ROW_NUMBER() OVER (PARTITION BY {partition} ORDER BY p.financial_year DESC, p.quarter DESC) AS as_at_rank
                         FROM {table} f JOIN reporting_periods p ON p.id = f.period_id
                         WHERE ({scope}) AND p.financial_year * 10 + p.quarter <= {key}) ranked
          WHERE ranked.as_at_rank = 1)"
    )
}
