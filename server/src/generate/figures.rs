//! A footprint's quarters of history: for each quarter, an approved return per body that
//! makes one (and the footprint's own), each a real return (`generate::returns`): its sections
//! built from the plan (`generate::sections`), its decision history and audit rows, and its
//! figures written from its sections by approval's own function, with provenance naming the
//! synthetic CIO (or PMO) who entered them and the synthetic Steering Group member who approved.
//! Every time is derived from the quarter's dates, never the clock, so two runs agree.

use std::collections::HashMap;

use chrono::{Days, NaiveDate, NaiveDateTime};
use ldr_app::domain::{framework_for_organisations, FrameworkSpan, MeasureId, OrgId, OrgKind};
use ldr_app::returns::template::{AimItem, FrameworkTemplate, ReturnTemplate, ThemeItem};
use sqlx::SqlitePool;

use super::plan::{self, FootprintPlan, Spec};
use super::returns::{self as generated, Generated, Story};
use super::sections;
use super::write::Stored;
use crate::db::figures::Provenance;
use crate::db::return_apply::Subject;
use crate::db::{self, dma, frameworks, registry};

/// What the figures are about, read once a run from the reference data: the frameworks with
/// their spans and themes, the aims, and the primary-care measures.
pub struct Reference {
    frameworks: Vec<FrameworkSpan<FrameworkTemplate>>,
    /// Aim codes in id order (the plan's order: one aim in four has goals).
    aims: Vec<String>,
    /// Every aim in national order, as the footprint's return asks them.
    aim_items: Vec<AimItem>,
    /// The primary-care measures, with their ids (looked up once a run, not once a figure).
    measures: Vec<(String, MeasureId)>,
}

pub async fn reference(pool: &SqlitePool) -> anyhow::Result<Reference> {
    let mut spans = Vec::new();
    for span in frameworks::all(pool).await? {
        let themes = dma::themes(pool, span.id.id)
            .await?
            .into_iter()
            .map(|t| ThemeItem { code: t.code, name: t.name, group: t.group, pf_poc: t.pf_poc })
            .collect();
        let f = span.id;
        let template = FrameworkTemplate { id: f.id, name: f.name, scale: f.scale, themes };
        spans.push(FrameworkSpan { id: template, kinds: span.kinds, in_force: span.in_force });
    }
    let aims = sqlx::query_scalar("SELECT code FROM aims ORDER BY id").fetch_all(pool).await?;
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT a.code, a.text, c.title FROM aims a JOIN universal_capabilities c ON c.id = a.capability_id ORDER BY c.number, a.position",
    )
    .fetch_all(pool)
    .await?;
    let aim_items = rows.into_iter().map(|(code, text, capability)| AimItem { code, text, capability }).collect();
    let measures: Vec<(String, i64)> =
        sqlx::query_as("SELECT code, id FROM measures WHERE code LIKE 'pc-%' ORDER BY id").fetch_all(pool).await?;
    let measures = measures.into_iter().map(|(code, id)| (code, MeasureId(id))).collect();
    Ok(Reference { frameworks: spans, aims, aim_items, measures })
}

const RETURNED_WHY: &str = "Please explain the change since last quarter.";

/// How many figure rows a footprint's history wrote (deployment versions and goals included).
pub async fn store_quarters(pool: &SqlitePool, spec: Spec, fp: &FootprintPlan, s: &Stored, r: &Reference) -> anyhow::Result<u64> {
    let mut tx = db::begin_write(pool).await?;
    let mut rows = 0;
    // Each deployment's identity, once the return that added it was approved.
    let mut deployments: HashMap<(OrgId, String), i64> = HashMap::new();
    for (n, q) in plan::quarters(spec).into_iter().enumerate() {
        let n = n as u32;
        let period = registry::ensure_period(&mut tx, q).await?;
        let keyed = (period, db::figures::period_key(&mut tx, period).await?);
        let (starts, ends) = q.dates();
        let deadline = ends + Days::new(30);
        registry::insert_closed_window(&mut tx, s.footprint, period, deadline, s.pmo.id, at(ends, 1, 9), at(ends, 60, 17)).await?;
        let source = format!("Quarterly return {}, revision 1 (synthetic)", q.label());
        // The footprint's own return first, then each body's, in the plan's order.
        let bodies = std::iter::once(None).chain(fp.organisations.iter().filter(|o| o.parent.is_none()).map(Some));
        for body in bodies {
            let (code, entered_by) = match body {
                Some(o) => (o.code.as_str(), &s.cios[&o.code]),
                None => (fp.code.as_str(), &s.pmo),
            };
            let organisation = body.map(|o| s.organisations[&o.code]);
            let framework = body.and_then(|o| framework_for_organisations(&r.frameworks, &[o.kind], q)).map(|f| &f.id);
            // The footprint's return asks every aim; an organisation's, what the plan enters.
            let template = ReturnTemplate {
                period: q,
                framework: framework.cloned(),
                aims: if body.is_none() { r.aim_items.clone() } else { vec![] },
                measures: vec![],
                deployment_ids: vec![],
            };
            let mut new_deployments = Vec::new();
            let mut figures = Vec::new();
            match (body, framework) {
                (None, _) => figures.push(sections::footprint_aims(spec.seed, &fp.code, &r.aims, n)),
                (Some(o), Some(fw)) => {
                    if q.quarter == 2 {
                        figures.push(sections::dma(spec.seed, &o.code, fw, q.year));
                    }
                    if q.quarter == 1 && sections::pf_poc(fw).next().is_some() {
                        figures.push(sections::trajectory(spec.seed, &o.code, fw, q));
                    }
                    let org = s.organisations[&o.code];
                    let mut items = Vec::new();
                    for t in sections::pf_poc(fw) {
                        let stage = plan::deployment_stage(spec.seed, &o.code, &t.code, n);
                        let before = n.checked_sub(1).and_then(|m| plan::deployment_stage(spec.seed, &o.code, &t.code, m));
                        let Some(stage) = stage.filter(|st| Some(*st) != before) else { continue };
                        let key = (org, t.code.clone());
                        let official_id = deployments.get(&key).copied();
                        items.push(sections::deployment(t, stage, official_id, q, starts));
                        new_deployments.push((key, official_id.is_none()));
                    }
                    if !items.is_empty() {
                        figures.push(sections::deployments(items));
                    }
                }
                (Some(_), None) => {}
            }
            figures.push(sections::commentary());
            let story = plan::return_story(spec.seed, code, n);
            let submitted_at = at(ends, if story.late { 41 } else { 20 }, 11);
            let story = Story {
                created_at: at(ends, 2, 9),
                returned: story.returned_once.then(|| (submitted_at, at(ends, 25, 10), RETURNED_WHY)),
                entered_at: at(
                    ends,
                    if story.returned_once {
                        29
                    } else if story.late {
                        40
                    } else {
                        19
                    },
                    16,
                ),
                submitted_at: if story.returned_once { at(ends, 30, 11) } else { submitted_at },
                approved_at: at(ends, if story.late { 50 } else { 35 }, 15),
            };
            let subject = Subject { footprint: s.footprint, organisation, period, framework };
            let g = Generated { subject, template: &template, entered_by, approver: &s.steering, source: &source };
            let stored = generated::store(&mut tx, &g, &story, figures).await?;
            rows += stored.figure_rows;
            for ((key, is_new), id) in new_deployments.into_iter().zip(stored.deployments) {
                if is_new {
                    deployments.insert(key, id.0);
                }
            }
            // The practices' figures, on their group's return: no section holds the figures of
            // several organisations, so each is written by the figure write a measure section's
            // approval ends in (`return_apply::write_figure` less its lookups of the measure's id
            // and the quarter's key, made once a run and once a quarter here: these are nine in
            // ten of England's figure rows).
            if let Some(o) = body.filter(|o| o.kind == OrgKind::PrimaryCare) {
                let p = Provenance {
                    source: &source,
                    recorded_at: story.entered_at,
                    recorded_by: Some(entered_by.id),
                    approved_at: Some(story.approved_at),
                    approved_by: Some(s.steering.id),
                    return_id: Some(stored.id),
                };
                let mut figures = Vec::new();
                for practice in fp.organisations.iter().filter(|p| p.parent.as_deref() == Some(o.code.as_str())) {
                    let org = s.organisations[&practice.code];
                    for (code, measure) in &r.measures {
                        figures.push((*measure, org, plan::measure_percent(spec.seed, &practice.code, code, n)));
                    }
                }
                rows += figures.len() as u64;
                db::figures::write_measure_values_keyed(&mut tx, keyed, &figures, &p).await?;
            }
        }
    }
    tx.commit().await?;
    Ok(rows)
}

/// A time `days` after a date, at an hour: every stored time is one of these.
fn at(date: NaiveDate, days: u64, hour: u32) -> NaiveDateTime {
    (date + Days::new(days)).and_hms_opt(hour, 0, 0).expect("a valid hour")
}
