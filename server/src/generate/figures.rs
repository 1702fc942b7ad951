//! A footprint's quarters of history: for each quarter, an approved return per body that
//! makes one (and the footprint's own), with its decision history, then the return's figures
//! through `return_apply::write_figure`, the write path of approval, with provenance naming the
//! synthetic CIO (or PMO) who entered them and the synthetic Steering Group member who approved.
//! Every time is derived from the quarter's dates, never the clock, so two runs agree.

use std::collections::{BTreeMap, HashMap};

use chrono::{Days, NaiveDate, NaiveDateTime};
use ldr_app::domain::{framework_for_organisations, FinancialYear, FrameworkSpan, OrgId, OrgKind, Percent, PeriodCode, Rag};
use ldr_app::returns::figures::DeploymentStatus;
use ldr_app::returns::sections::writes::{DeploymentWrite, FigureWrite, PlannedScore};
use ldr_app::returns::template::{FrameworkTemplate, ThemeItem};
use sqlx::SqlitePool;

use super::plan::{self, FootprintPlan, Spec, Stage};
use super::write::Stored;
use crate::db::figures::Provenance;
use crate::db::return_apply::{write_figure, Subject};
use crate::db::{self, dma, frameworks, registry};

/// What the figures are about, read once from the reference data: the frameworks with their
/// spans and themes, the aims, and the primary-care measures.
pub struct Reference {
    frameworks: Vec<FrameworkSpan<FrameworkTemplate>>,
    aims: Vec<String>,
    measures: Vec<String>,
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
    let measures = sqlx::query_scalar("SELECT code FROM measures WHERE code LIKE 'pc-%' ORDER BY id").fetch_all(pool).await?;
    Ok(Reference { frameworks: spans, aims, measures })
}

/// How many figure rows a footprint's history wrote (deployment versions and goals included).
pub async fn store_quarters(pool: &SqlitePool, spec: Spec, fp: &FootprintPlan, s: &Stored, r: &Reference) -> anyhow::Result<u64> {
    let mut tx = db::begin_write(pool).await?;
    let mut rows = 0;
    let mut deployments: HashMap<(OrgId, String), i64> = HashMap::new();
    for (n, q) in plan::quarters(spec).into_iter().enumerate() {
        let n = n as u32;
        let period = registry::ensure_period(&mut tx, q).await?;
        let (starts, ends) = q.dates();
        let deadline = ends + Days::new(30);
        registry::insert_closed_window(&mut tx, s.footprint, period, deadline, s.pmo, at(ends, 1, 9), at(ends, 60, 17)).await?;
        let source = format!("Quarterly return {}, revision 1 (synthetic)", q.label());
        // The footprint's own return first, then each body's, in the plan's order.
        let bodies = std::iter::once(None).chain(fp.organisations.iter().filter(|o| o.parent.is_none()).map(Some));
        for body in bodies {
            let (code, entered_by) = match body {
                Some(o) => (o.code.as_str(), s.cios[&o.code]),
                None => (fp.code.as_str(), s.pmo),
            };
            let story = plan::return_story(spec.seed, code, n);
            let submitted = at(ends, if story.late { 41 } else { 20 }, 11);
            let approved_at = at(ends, if story.late { 50 } else { 35 }, 15);
            let organisation = body.map(|o| s.organisations[&o.code]);
            let ret = registry::ApprovedReturn {
                footprint: s.footprint,
                organisation,
                period,
                entered_by,
                approver: s.steering,
                created_at: at(ends, 2, 9),
                submitted_at: if story.returned_once { at(ends, 30, 11) } else { submitted },
                approved_at,
                version: if story.returned_once { 5 } else { 3 },
            };
            let id = registry::insert_approved_return(&mut tx, &ret).await?;
            if story.returned_once {
                registry::insert_decision(&mut tx, id, "submitted", "", entered_by, submitted).await?;
                let why = "Please explain the change since last quarter.";
                registry::insert_decision(&mut tx, id, "returned", why, s.steering, at(ends, 25, 10)).await?;
            }
            registry::insert_decision(&mut tx, id, "submitted", "", entered_by, ret.submitted_at).await?;
            registry::insert_decision(&mut tx, id, "approved", "", s.steering, approved_at).await?;
            let p = Provenance {
                source: &source,
                recorded_at: ret.submitted_at,
                recorded_by: Some(entered_by),
                approved_at: Some(approved_at),
                approved_by: Some(s.steering),
                return_id: Some(id),
            };
            match body {
                None => {
                    let subject = Subject { footprint: s.footprint, organisation: None, period, framework: None };
                    for (i, aim) in r.aims.iter().enumerate() {
                        let Some(write) = aim_write(spec.seed, &fp.code, aim, i, n) else { continue };
                        rows += 1 + write_goals(&write);
                        write_figure(&mut tx, &subject, &write, &p).await?;
                    }
                }
                Some(o) if o.kind == OrgKind::PrimaryCare => {
                    // The practices' figures, on their group's return.
                    for practice in fp.organisations.iter().filter(|p| p.parent.as_deref() == Some(o.code.as_str())) {
                        let org = s.organisations[&practice.code];
                        let subject = Subject { footprint: s.footprint, organisation: Some(org), period, framework: None };
                        for m in &r.measures {
                            let value = plan::measure_percent(spec.seed, &practice.code, m, n);
                            let write = FigureWrite::MeasureValue { measure: m.clone(), qualifier: String::new(), value };
                            write_figure(&mut tx, &subject, &write, &p).await?;
                            rows += 1;
                        }
                    }
                }
                Some(o) => {
                    let org = s.organisations[&o.code];
                    let Some(fw) = framework_for_organisations(&r.frameworks, &[o.kind], q).map(|f| &f.id) else { continue };
                    let subject = Subject { footprint: s.footprint, organisation: Some(org), period, framework: Some(fw) };
                    let (min, max) = (fw.scale.min, fw.scale.max);
                    if q.quarter == 2 {
                        for t in &fw.themes {
                            let score = plan::dma_score(spec.seed, &o.code, &t.code, q.year, min, max);
                            write_figure(&mut tx, &subject, &FigureWrite::DmaScore { theme: t.code.clone(), score }, &p).await?;
                            rows += 1;
                        }
                    }
                    let pf_poc: Vec<&ThemeItem> = fw.themes.iter().filter(|t| t.pf_poc).collect();
                    if q.quarter == 1 && !pf_poc.is_empty() {
                        let plans: Vec<PlannedScore> = pf_poc
                            .iter()
                            .flat_map(|t| {
                                (0..3).map(|k| {
                                    let year = FinancialYear(q.year.0 + k);
                                    let score = plan::planned_score(spec.seed, &o.code, &t.code, q.year, year, min, max);
                                    PlannedScore { theme: t.code.clone(), year, score }
                                })
                            })
                            .collect();
                        rows += plans.len() as u64;
                        write_figure(&mut tx, &subject, &FigureWrite::TrajectoryPlans { plans }, &p).await?;
                    }
                    for t in pf_poc {
                        let stage = plan::deployment_stage(spec.seed, &o.code, &t.code, n);
                        let before = n.checked_sub(1).and_then(|m| plan::deployment_stage(spec.seed, &o.code, &t.code, m));
                        let Some(stage) = stage.filter(|st| Some(*st) != before) else { continue };
                        let key = (org, t.code.clone());
                        let official_id = deployments.get(&key).copied();
                        let write = FigureWrite::Deployment(deployment(t, stage, official_id, q, starts));
                        write_figure(&mut tx, &subject, &write, &p).await?;
                        rows += 1;
                        if official_id.is_none() {
                            let id = sqlx::query_scalar("SELECT MAX(id) FROM deployments WHERE organisation_id = ?")
                                .bind(org.0)
                                .fetch_one(&mut *tx)
                                .await?;
                            deployments.insert(key, id);
                        }
                    }
                }
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

/// A footprint's progress on an aim, with a RAG from the percent, and goals for one aim in four.
fn aim_write(seed: u64, footprint: &str, aim: &str, i: usize, n: u32) -> Option<FigureWrite> {
    let percent = plan::aim_percent(seed, footprint, aim, n)?;
    let rag = match percent {
        p if p >= 70.0 => Rag::Green,
        p if p >= 40.0 => Rag::Amber,
        _ => Rag::Red,
    };
    let goals = i.is_multiple_of(4).then(|| {
        let goal = |g: f64| Percent::new(g).expect("a goal is a percent");
        BTreeMap::from([(FinancialYear(2018), goal(60.0)), (FinancialYear(2020), goal(90.0))])
    });
    Some(FigureWrite::AimProgress {
        aim: aim.to_string(),
        completeness: Some(Percent::new(percent).expect("aim_percent is within 0-100")),
        rag: Some(rag),
        narrative: String::new(),
        goals,
    })
}

fn write_goals(write: &FigureWrite) -> u64 {
    match write {
        FigureWrite::AimProgress { goals: Some(g), .. } => g.len() as u64,
        _ => 0,
    }
}

/// A deployment of a PF@PoC capability at its stage in the quarter.
fn deployment(theme: &ThemeItem, stage: Stage, official_id: Option<i64>, q: PeriodCode, starts: NaiveDate) -> DeploymentWrite {
    let status = match stage {
        Stage::Aspirational => DeploymentStatus::Aspirational,
        Stage::Committed => DeploymentStatus::Committed,
        Stage::Active => DeploymentStatus::Active,
    };
    DeploymentWrite {
        official_id,
        capability: Some(theme.code.clone()),
        title: format!("{} system", theme.name),
        description: String::new(),
        start_year: Some(q.year),
        target_year: FinancialYear(q.year.0 + 1),
        status,
        delivered_on: (stage == Stage::Active).then_some(starts),
        withdrawn: false,
    }
}
