//! Where a figure came from: SQL pieces every figure query shares, so the link from a figure
//! to the return revision that made it official is built the same way everywhere.

/// The path of the return revision behind a figure row aliased `x` (NULL for seeded figures),
/// e.g. `/returns/2016-17-q2/RTE/revisions/1`. Needs [`REVISION_JOINS`].
pub const REVISION_HREF: &str = "CASE WHEN x_ret.id IS NULL THEN NULL ELSE
    '/returns/' || x_per.code || '/' || COALESCE(x_org.code, x_fp.code) || '/revisions/' || x_ret.revision END";

pub const REVISION_JOINS: &str = "LEFT JOIN returns x_ret ON x_ret.id = x.return_id
    LEFT JOIN reporting_periods x_per ON x_per.id = x_ret.period_id
    LEFT JOIN organisations x_org ON x_org.id = x_ret.organisation_id
    LEFT JOIN footprints x_fp ON x_fp.id = x_ret.footprint_id";
