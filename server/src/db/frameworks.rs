//! Assessment frameworks with the quarters they are in force and the kinds that take them:
//! the facts `ldr_app::domain::framework_for` chooses from, for returns and DMA pages alike.

use sqlx::SqlitePool;

use super::dma::Framework;
use ldr_app::domain::{framework_for, framework_for_organisations, FrameworkSpan, InForce, OrgKind, PeriodCode, Scale};

fn decode<T: std::str::FromStr<Err = String>>(raw: &str) -> Result<T, sqlx::Error> {
    raw.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))
}

/// Every framework, oldest first (the rule's last tie-break is "first listed"), with its span and kinds.
pub async fn all(pool: &SqlitePool) -> Result<Vec<FrameworkSpan<Framework>>, sqlx::Error> {
    type Row = (i64, String, f64, f64, f64, Option<String>, Option<String>, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT f.id, f.name, f.scale_min, f.scale_max, f.scale_step, f.in_force_from, f.in_force_to, k.kind
         FROM assessment_frameworks f LEFT JOIN framework_kinds k ON k.framework_id = f.id
         ORDER BY f.id, k.kind",
    )
    .fetch_all(pool)
    .await?;
    let mut out: Vec<FrameworkSpan<Framework>> = Vec::new();
    for (id, name, min, max, step, from, to, kind) in rows {
        if out.last().is_none_or(|f| f.id.id != id) {
            let from = from.as_deref().map(decode::<PeriodCode>).transpose()?;
            let to = to.as_deref().map(decode::<PeriodCode>).transpose()?;
            let in_force = InForce::new(from, to).map_err(|e| sqlx::Error::Decode(e.into()))?;
            let framework = Framework { id, name, scale: Scale { min, max, step } };
            out.push(FrameworkSpan { id: framework, kinds: Vec::new(), in_force });
        }
        if let (Some(kind), Some(last)) = (kind, out.last_mut()) {
            last.kinds.push(decode::<OrgKind>(&kind)?);
        }
    }
    Ok(out)
}

/// The framework in force for this kind of organisation in this quarter, if any.
pub async fn in_force(pool: &SqlitePool, kind: OrgKind, quarter: PeriodCode) -> Result<Option<Framework>, sqlx::Error> {
    Ok(framework_for(&all(pool).await?, kind, quarter).map(|f| f.id.clone()))
}

/// The framework these organisations were scored on in the quarter (one entry per
/// organisation): the one rule, `framework_for_organisations`, for a footprint's DMA page,
/// an organisation's page and its trajectory alike.
pub async fn scored_on(pool: &SqlitePool, kinds: &[OrgKind], quarter: PeriodCode) -> Result<Option<Framework>, sqlx::Error> {
    Ok(framework_for_organisations(&all(pool).await?, kinds, quarter).map(|f| f.id.clone()))
}
