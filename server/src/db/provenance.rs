//! What every figure query shares, so that the same number is the same everywhere: which
//! figures stand as at a quarter (`as_at`, over a typed [`FigureTable`] and [`Scope`]), and
//! a figure's provenance read as plain columns (`PROVENANCE_COLUMNS`), the return revision
//! behind it included as a [`RevisionRef`] that each surface turns into its own link.

use chrono::NaiveDateTime;
use sqlx::FromRow;

use ldr_app::domain::{FootprintId, OrgId, PeriodCode};
use ldr_app::facts::{FootprintCode, OrgCode, Provenance, ReturnSubject, RevisionRef};

/// A figure table kept per quarter: its name and the columns that, with the quarter, make a
/// row's natural key (the figure it is a version of). Each has an index on (these columns,
/// `period_key`) (migration 0024), which [`as_at`] walks.
#[derive(Debug, Clone, Copy)]
pub struct FigureTable {
    table: &'static str,
    partition: &'static [&'static str],
}

pub const DMA_SCORES: FigureTable = FigureTable { table: "dma_scores", partition: &["organisation_id", "theme_id"] };
pub const DMA_BENCHMARKS: FigureTable = FigureTable { table: "dma_benchmarks", partition: &["theme_id", "peer_group_id"] };
pub const AIM_PROGRESS: FigureTable = FigureTable { table: "aim_progress", partition: &["footprint_id", "organisation_id", "aim_id"] };
pub const TRAJECTORIES: FigureTable =
    FigureTable { table: "capability_trajectories", partition: &["organisation_id", "theme_id", "financial_year"] };
pub const MEASURE_VALUES: FigureTable = FigureTable { table: "measure_values", partition: &["organisation_id", "measure_id", "qualifier"] };
pub const MEASURE_BENCHMARKS: FigureTable = FigureTable { table: "measure_benchmarks", partition: &["measure_id", "peer_group_id"] };
pub const DEPLOYMENT_VERSIONS: FigureTable = FigureTable { table: "deployment_versions", partition: &["deployment_id"] };

/// Every figure table, for checks that hold of them all (the query plans of [`as_at`]).
pub const FIGURE_TABLES: [FigureTable; 7] =
    [DMA_SCORES, DMA_BENCHMARKS, AIM_PROGRESS, TRAJECTORIES, MEASURE_VALUES, MEASURE_BENCHMARKS, DEPLOYMENT_VERSIONS];

impl FigureTable {
    pub fn name(self) -> &'static str {
        self.table
    }
}

/// Whose rows of a figure table to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One organisation's own rows (DMA scores, aims, plans, measures).
    Organisation(OrgId),
    /// The rows of every organisation in a footprint (DMA scores).
    FootprintOrganisations(FootprintId),
    /// The footprint's own rows, kept for no one organisation (aims: Table 5).
    FootprintOwn(FootprintId),
    /// The organisations' rows a footprint's own figures summarise (aims).
    FootprintsOrganisationFigures(FootprintId),
    /// One organisation's deployments (versions of its `deployments` rows).
    OrganisationDeployments(OrgId),
    /// The deployments of every organisation in a footprint (the deployment timeline).
    FootprintDeployments(FootprintId),
    /// A framework's published benchmarks (by its id).
    Framework(i64),
    /// Every row: national figures, a handful.
    National,
}

impl Scope {
    /// The condition on `f`. Ids are typed integers written into the statement, never text,
    /// so a scope needs no bind and the statement's own binds stay the caller's.
    /// The scope as a condition on the figure table aliased `a`.
    fn condition(self, a: &str) -> String {
        match self {
            Scope::Organisation(o) => format!("{a}.organisation_id = {}", o.0),
            Scope::FootprintOrganisations(fp) => {
                format!("{a}.organisation_id IN (SELECT id FROM organisations WHERE footprint_id = {})", fp.0)
            }
            Scope::FootprintOwn(fp) => format!("{a}.footprint_id = {} AND {a}.organisation_id IS NULL", fp.0),
            Scope::FootprintsOrganisationFigures(fp) => format!("{a}.footprint_id = {} AND {a}.organisation_id IS NOT NULL", fp.0),
            Scope::OrganisationDeployments(o) => {
                format!("{a}.deployment_id IN (SELECT d.id FROM deployments d WHERE d.organisation_id = {})", o.0)
            }
            Scope::FootprintDeployments(fp) => format!(
                "{a}.deployment_id IN (SELECT d.id FROM deployments d WHERE d.organisation_id IN \
                 (SELECT id FROM organisations WHERE footprint_id = {}))",
                fp.0
            ),
            Scope::Framework(id) => format!("{a}.theme_id IN (SELECT id FROM themes WHERE framework_id = {id})"),
            Scope::National => "TRUE".to_string(),
        }
    }
}

/// A quarter as a number that orders like the quarters (2016/17 Q2 is 20162), to compare
/// with `p.financial_year * 10 + p.quarter` of a `reporting_periods p`.
pub fn period_key(period: PeriodCode) -> i32 {
    period.year.0 * 10 + i32::from(period.quarter)
}

/// A figure table as at a quarter: for each figure (the table's natural key), the row of the
/// latest quarter up to and including `period`, among the rows of `scope`. Returns are
/// approved organisation by organisation, so a quarter's picture is everybody's latest
/// approved figure, each still saying which quarter and return it came from. Use as
/// `FROM {as_at(..)} x`; it binds nothing (the quarter and the scope's id are integers
/// computed here, never user text).
///
/// A latest-row lookup, not a ranking: each row of the scope up to the quarter is kept when
/// its `period_key` is its figure's greatest up to the quarter, which is one seek at the end
/// of the figure's range of the table's `_as_at` index. (Ranking every quarter of history
/// with a window function cost 20 times as much on forty quarters.) `IS NOT DISTINCT FROM`
/// matches a NULL key column (a footprint's own aim figures) as one figure, as the unique
/// indexes do.
pub fn as_at(table: FigureTable, scope: Scope, period: PeriodCode) -> String {
    let FigureTable { table, partition } = table;
    let (key, scope) = (period_key(period), scope.condition("f"));
    let same_figure: Vec<String> = partition.iter().map(|c| format!("g.{c} IS NOT DISTINCT FROM f.{c}")).collect();
    format!(
        "(SELECT f.*, f.period_key AS as_at_key FROM {table} f
          WHERE ({scope}) AND f.period_key <= {key}
            AND f.period_key = (SELECT MAX(g.period_key) FROM {table} g WHERE {same} AND g.period_key <= {key}))",
        same = same_figure.join(" AND ")
    )
}

/// [`as_at`] for a read across the whole country (`/national`): the same rows, found the
/// other way round. Each figure's latest key up to the quarter comes from one pass over the
/// table's `_as_at` index grouped by the figure, then its row by one seek. A seek per row of
/// history (`as_at`) is right for one footprint; over every footprint it seeks tens of
/// thousands of times (aims: 53 ms at England's size, against 16 ms).
pub fn as_at_everywhere(table: FigureTable, scope: Scope, period: PeriodCode) -> String {
    let FigureTable { table, partition } = table;
    let (key, scope) = (period_key(period), scope.condition("g"));
    let columns: Vec<String> = partition.iter().map(|c| format!("g.{c}")).collect();
    let same_figure: Vec<String> = partition.iter().map(|c| format!("m.{c} IS NOT DISTINCT FROM f.{c}")).collect();
    format!(
        "(SELECT f.*, f.period_key AS as_at_key
          FROM (SELECT {columns}, MAX(g.period_key) AS as_at_max FROM {table} g
                WHERE ({scope}) AND g.period_key <= {key} GROUP BY {columns}) m
          JOIN {table} f ON {same} AND f.period_key = m.as_at_max)",
        columns = columns.join(", "),
        same = same_figure.join(" AND ")
    )
}

/// The columns of a figure row aliased `x` that say where it came from; needs
/// [`PROVENANCE_JOINS`]. Read into a [`ProvenanceRow`] (`#[sqlx(flatten)]`).
pub const PROVENANCE_COLUMNS: &str = "x.source, x.recorded_at, ru.display_name AS recorded_by, x.approved_at,
    au.display_name AS approved_by, x_per.code AS revision_period, x_org.code AS revision_organisation,
    x_fp.code AS revision_footprint, x_ret.revision AS revision_number";

pub const PROVENANCE_JOINS: &str = "LEFT JOIN users ru ON ru.id = x.recorded_by
    LEFT JOIN users au ON au.id = x.approved_by
    LEFT JOIN returns x_ret ON x_ret.id = x.return_id
    LEFT JOIN reporting_periods x_per ON x_per.id = x_ret.period_id
    LEFT JOIN organisations x_org ON x_org.id = x_ret.organisation_id
    LEFT JOIN footprints x_fp ON x_fp.id = x_ret.footprint_id";

/// [`PROVENANCE_COLUMNS`] as read. All optional, so a LEFT JOINed figure that is absent
/// reads as no provenance.
#[derive(Debug, FromRow)]
pub struct ProvenanceRow {
    source: Option<String>,
    recorded_at: Option<NaiveDateTime>,
    recorded_by: Option<String>,
    approved_at: Option<NaiveDateTime>,
    approved_by: Option<String>,
    revision_period: Option<String>,
    revision_organisation: Option<String>,
    revision_footprint: Option<String>,
    revision_number: Option<i64>,
}

impl ProvenanceRow {
    /// The figure's provenance, None when there is no figure (no source).
    pub fn fact(self) -> Result<Option<Provenance>, sqlx::Error> {
        let revision = self.revision()?;
        let (Some(source), Some(recorded_at)) = (self.source, self.recorded_at) else { return Ok(None) };
        Ok(Some(Provenance {
            source,
            recorded_at,
            recorded_by: self.recorded_by,
            approved_at: self.approved_at,
            approved_by: self.approved_by,
            revision,
        }))
    }

    /// The return revision: an organisation's return when it has one, else the footprint's.
    fn revision(&self) -> Result<Option<RevisionRef>, sqlx::Error> {
        let (Some(period), Some(revision)) = (&self.revision_period, self.revision_number) else { return Ok(None) };
        let period: PeriodCode = period.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))?;
        let subject = match (&self.revision_organisation, &self.revision_footprint) {
            (Some(org), _) => ReturnSubject::Organisation(OrgCode(org.clone())),
            (None, Some(fp)) => ReturnSubject::Footprint(FootprintCode(fp.clone())),
            (None, None) => return Ok(None),
        };
        Ok(Some(RevisionRef { period, subject, revision }))
    }
}

/// A figure's provenance that must be there (the figure row exists).
pub fn required(row: ProvenanceRow) -> Result<Provenance, sqlx::Error> {
    row.fact()?.ok_or_else(|| sqlx::Error::Decode("a figure row without its source".into()))
}
