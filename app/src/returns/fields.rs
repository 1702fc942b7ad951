//! The form fields of each section, named after the natural codes they hold
//! (`score-records`, `completeness-4d`, `plan-records-2017`), and how stored figures are put
//! back into them. Field names double as element ids, so the error summary can link to them.

use super::figures::{DmaEntry, SectionFigures};
use super::form::{number_text, RawForm};
use super::template::ReturnTemplate;
use super::SectionKind;

pub const COMPLETED: &str = "completed";
pub const VERSION: &str = "version";
pub const COMMENTARY: &str = "commentary";
/// Fields every form carries that are not figures.
pub const HOUSEKEEPING: [&str; 3] = ["csrf_token", VERSION, COMPLETED];

pub fn score(theme: &str) -> String {
    format!("score-{theme}")
}
pub fn not_assessed(theme: &str) -> String {
    format!("not-assessed-{theme}")
}
pub fn plan(theme: &str, year: i32) -> String {
    format!("plan-{theme}-{year}")
}
pub fn completeness(aim: &str) -> String {
    format!("completeness-{aim}")
}
/// The "No data" box beside an aim's completeness.
pub fn no_data(aim: &str) -> String {
    format!("no-data-{aim}")
}
pub fn rag(aim: &str) -> String {
    format!("rag-{aim}")
}
pub fn narrative(aim: &str) -> String {
    format!("narrative-{aim}")
}
pub fn goal(aim: &str, year: i32) -> String {
    format!("goal-{aim}-{year}")
}
pub fn measure(index: usize) -> String {
    format!("measure-{index}")
}

/// The stored figures as form text, ready to show.
pub fn to_raw(template: &ReturnTemplate, figures: &SectionFigures) -> RawForm {
    let mut raw = RawForm::default();
    match figures {
        SectionFigures::Dma(f) => {
            for (code, entry) in &f.scores {
                match entry {
                    DmaEntry::Score(v) => raw.set(score(code), number_text(Some(*v))),
                    DmaEntry::NotAssessed => raw.set(not_assessed(code), "yes"),
                }
            }
        }
        SectionFigures::Trajectory(f) => {
            for (code, years) in &f.planned {
                for (year, v) in years {
                    raw.set(plan(code, *year), number_text(Some(*v)));
                }
            }
        }
        SectionFigures::Aims(f) | SectionFigures::FootprintAims(f) => {
            for (code, a) in &f.aims {
                raw.set(completeness(code), number_text(a.completeness));
                if a.no_data {
                    raw.set(no_data(code), "yes");
                }
                raw.set(rag(code), a.rag.clone().unwrap_or_default());
                raw.set(narrative(code), a.narrative.clone());
                for (year, g) in &a.goals {
                    raw.set(goal(code, *year), number_text(Some(*g)));
                }
            }
        }
        // Each deployment has its own form (`deployments::to_raw`).
        SectionFigures::Deployments(_) => {}
        SectionFigures::Measures(f) => {
            for (i, item) in template.measures.iter().enumerate() {
                raw.set(measure(i), number_text(f.value(&item.code, &item.qualifier)));
            }
        }
        SectionFigures::Commentary(c) => raw.set(COMMENTARY, c.text.clone()),
    }
    raw
}

/// Every figure field name a section's form may carry (deployment rows aside).
pub fn expected(template: &ReturnTemplate, kind: SectionKind) -> Vec<String> {
    let years = template.plan_years();
    match kind {
        SectionKind::Dma => {
            template.framework.iter().flat_map(|f| f.themes.iter()).flat_map(|t| [score(&t.code), not_assessed(&t.code)]).collect()
        }
        SectionKind::Trajectory => {
            template.trajectory_themes().into_iter().flat_map(|t| years.iter().map(move |y| plan(&t.code, y.0))).collect()
        }
        SectionKind::Aims => {
            template.aims.iter().flat_map(|a| [completeness(&a.code), no_data(&a.code), rag(&a.code), narrative(&a.code)]).collect()
        }
        SectionKind::FootprintAims => template
            .aims
            .iter()
            .flat_map(|a| {
                let goals = years.iter().map(|y| goal(&a.code, y.0)).collect::<Vec<_>>();
                [completeness(&a.code), no_data(&a.code), rag(&a.code)].into_iter().chain(goals).chain([narrative(&a.code)])
            })
            .collect(),
        SectionKind::Measures => (0..template.measures.len()).map(measure).collect(),
        SectionKind::Deployments => vec![],
        SectionKind::Commentary => vec![COMMENTARY.to_string()],
    }
}
