//! The table of a capability's aims, shared by the dashboard and the capability page:
//! current completeness, the goal, whether it is met, and the RAG status, each in words.

use leptos::prelude::*;

use super::layout::in_footprint;
use super::widgets::{percent, percent_text, rag_tag, table_scroll};
use crate::analysis::computed_rag::{difference, Computed, ComputedRag};
use crate::charts::{sparkline_svg, sparkline_words};
use crate::domain::values::format_number;
use crate::domain::{FinancialYear, Percent, PeriodCode, Rag};
use crate::facts::{AimRow, AimStatus, Evidence};

/// How much of each aim a table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AimsDetail {
    /// The dashboard: a heading names the capability, so the caption is for screen readers.
    Summary,
    /// The capability page: a visible caption and the narrative column.
    Full,
}

/// "80 % by 2016/17", or "Goal not set".
pub fn goal_text(goal: Option<(FinancialYear, Percent)>) -> String {
    match goal {
        Some((fy, v)) => format!("{} by {}", percent(v.value()), fy.label()),
        None => "Goal not set".to_string(),
    }
}

/// Whether the current figure has reached the goal; "—" when either is missing.
pub fn against_goal(current: Option<Percent>, goal: Option<(FinancialYear, Percent)>) -> &'static str {
    match (current, goal) {
        (Some(c), Some((_, g))) if c >= g => "Goal met",
        (Some(_), Some(_)) => "Not yet met",
        _ => "—",
    }
}

/// A computed status as a tag with its word ("No data" in grey), linked to its explanation.
pub fn computed_tag(status: ComputedRag, href: Option<String>) -> impl IntoView {
    let class = status.rag().map_or("nhsuk-tag nhsuk-tag--grey", Rag::tag_class);
    let word = status.rag().map_or("No data", Rag::label);
    let tag = view! { <strong class=class>{word}</strong> };
    match href {
        Some(href) => view! {
            <a href=href class="ldr-computed-link">{tag}<span class="nhsuk-u-visually-hidden">" computed status: why"</span></a>
        }
        .into_any(),
        None => tag.into_any(),
    }
}

/// The figures of one aim's status a table cell shows: where its explanation is.
pub fn explanation_href(code: &str, period: PeriodCode, footprint: Option<&str>) -> String {
    in_footprint(&format!("/aims/{code}?period={period}"), footprint)
}

/// A change since last quarter in words: "up 10 points", "down 2.5 points", "no change".
pub fn change_words(change: Option<f64>) -> String {
    match change {
        None => "—".to_string(),
        Some(c) if c.abs() < 1e-9 => "No change".to_string(),
        Some(c) if c > 0.0 => format!("Up {}", points(c)),
        Some(c) => format!("Down {}", points(-c)),
    }
}

fn points(v: f64) -> String {
    let n = format_number((v * 10.0).round() / 10.0);
    if n == "1" {
        "1 point".to_string()
    } else {
        format!("{n} points")
    }
}

pub fn aims_table(
    caption: String,
    aims: Vec<AimRow>,
    statuses: &[AimStatus],
    detail: AimsDetail,
    footprint: Option<&str>,
) -> impl IntoView {
    let full = detail == AimsDetail::Full;
    let caption_class = if full { "nhsuk-table__caption" } else { "nhsuk-table__caption nhsuk-u-visually-hidden" };
    let narrative_header = full.then(|| view! { <th class="nhsuk-table__header" scope="col">"Narrative"</th> });
    let rows = aims
        .into_iter()
        .map(|aim| {
            let status = statuses.iter().find(|s| s.code == aim.code).cloned();
            aim_row(aim, status, full, footprint)
        })
        .collect_view();
    // Eight or nine columns are wider than a phone: the table scrolls in its own region.
    let table = view! {
        <table class="nhsuk-table">
            <caption class=caption_class>{caption.clone()}</caption>
            <thead class="nhsuk-table__head">
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="col">"Aim"</th>
                    <th class="nhsuk-table__header" scope="col">"Description"</th>
                    <th class="nhsuk-table__header" scope="col">"Current"</th>
                    <th class="nhsuk-table__header" scope="col">"Goal"</th>
                    <th class="nhsuk-table__header" scope="col">"Against goal"</th>
                    <th class="nhsuk-table__header" scope="col">"Trend"</th>
                    <th class="nhsuk-table__header" scope="col">"Declared"</th>
                    <th class="nhsuk-table__header" scope="col">"Computed"</th>
                    {narrative_header}
                </tr>
            </thead>
            <tbody class="nhsuk-table__body">{rows}</tbody>
        </table>
    };
    table_scroll(caption.clone(), table)
}

/// The organisations' own figure under the footprint's, and how far it differs, in words.
fn organisations_words(status: Option<&AimStatus>) -> Option<(String, Option<String>)> {
    let s = status?;
    let g = s.organisations_figure?;
    let n = if g.organisations == 1 { "1 organisation".to_string() } else { format!("{} organisations", g.organisations) };
    let flag = s.disagreement.map(|d| format!("Differs from the footprint's figure by {}", points(d.abs())));
    Some((format!("Organisations give {} ({n})", percent(g.value.value())), flag))
}

/// Under the computed tag: how it differs from the declared status, and what it was judged on.
fn computed_notes(s: &AimStatus) -> (Option<String>, Option<&'static str>) {
    let difference = s.difference().map(|d| capitalise(&d.in_words()));
    let judged = (s.judged_on == Evidence::Organisations).then_some("On the organisations' figures");
    (difference, judged)
}

fn narrative_text(aim: &AimRow) -> String {
    if aim.narrative.trim().is_empty() {
        "—".to_string()
    } else {
        aim.narrative.clone()
    }
}

fn lines(parts: impl IntoIterator<Item = Option<String>>) -> String {
    parts.into_iter().flatten().collect::<Vec<_>>().join("\n")
}

/// The headings of the aims table (`full`: with the narrative).
pub fn aims_headings(full: bool) -> Vec<String> {
    let mut h: Vec<String> =
        ["Aim", "Description", "Current", "Goal", "Against goal", "Trend", "Declared", "Computed"].map(String::from).to_vec();
    if full {
        h.push("Narrative".to_string());
    }
    h
}

/// The aims table in the words it shows (the sparkline is a picture, so the trend is its
/// change in words): the capability page's CSV download.
pub fn aims_words(aims: &[AimRow], statuses: &[AimStatus], detail: AimsDetail) -> super::gap_tables::WordedTable {
    let full = detail == AimsDetail::Full;
    let rows = aims
        .iter()
        .map(|aim| {
            let status = statuses.iter().find(|s| s.code == aim.code);
            let source = aim.provenance.as_ref().map(|p| super::widgets::provenance_text("Source: ", p));
            let (organisations, flag) = organisations_words(status).map_or((None, None), |(o, f)| (Some(o), f));
            let computed = status.map(|s| {
                let (difference, judged) = computed_notes(s);
                lines([Some(s.computed.status.rag().map_or("No data", Rag::label).to_string()), difference, judged.map(String::from)])
            });
            let mut row = vec![
                aim.code.clone(),
                lines([Some(aim.text.clone()), source]),
                lines([Some(percent_text(aim.completeness.map(Percent::value), "No data")), organisations, flag]),
                goal_text(aim.goal),
                against_goal(aim.completeness, aim.goal).to_string(),
                status.map(|s| change_words(s.change)).unwrap_or_default(),
                aim.rag.map_or("Not rated", Rag::label).to_string(),
                computed.unwrap_or_default(),
            ];
            if full {
                row.push(narrative_text(aim));
            }
            row
        })
        .collect();
    super::gap_tables::WordedTable { headings: aims_headings(full), rows }
}

fn aim_row(aim: AimRow, status: Option<AimStatus>, full: bool, footprint: Option<&str>) -> impl IntoView {
    let source = aim.provenance.as_ref().map(|p| {
        view! { <p class="nhsuk-body-s nhsuk-u-margin-bottom-0">{super::widgets::provenance_line("Source: ", p)}</p> }
    });
    let narrative = full.then(|| view! { <td class="nhsuk-table__cell">{narrative_text(&aim)}</td> });
    let organisations = organisations_words(status.as_ref()).map(|(words, flag)| {
        let flag = flag.map(|words| view! { <strong class="ldr-flag">{words}</strong> });
        view! {
            <p class="nhsuk-body-s nhsuk-u-margin-bottom-0">{words}</p>
            {flag}
        }
    });
    let trend = status.as_ref().map(|s| {
        let points: Vec<_> = s.history.iter().map(|(p, v)| (*p, v.map(Percent::value))).collect();
        let svg = sparkline_svg(&points, 0.0, 100.0, " %");
        let words = sparkline_words(&points, " %");
        let change = change_words(s.change);
        view! {
            {svg.map(|svg| view! { <span class="ldr-sparkline-wrap" inner_html=svg></span> })}
            <span class="nhsuk-body-s ldr-change">{change}<span class="nhsuk-u-visually-hidden">{format!(" since last quarter. {words}")}</span></span>
        }
    });
    let computed = status.as_ref().map(|s| {
        let href = explanation_href(&s.code, s.as_at, footprint);
        let (difference, judged) = computed_notes(s);
        let difference = difference.map(|d| view! { <strong class="ldr-flag">{d}</strong> });
        let judged = judged.map(|j| view! { <p class="nhsuk-body-s nhsuk-u-margin-bottom-0">{j}</p> });
        view! { {computed_tag(s.computed.status, Some(href))}{difference}{judged} }
    });
    view! {
        <tr class="nhsuk-table__row">
            <th class="nhsuk-table__header" scope="row">{aim.code}</th>
            <td class="nhsuk-table__cell">{aim.text}{source}</td>
            <td class="nhsuk-table__cell">{percent_text(aim.completeness.map(Percent::value), "No data")}{organisations}</td>
            <td class="nhsuk-table__cell">{goal_text(aim.goal)}</td>
            <td class="nhsuk-table__cell">{against_goal(aim.completeness, aim.goal)}</td>
            <td class="nhsuk-table__cell">{trend}</td>
            <td class="nhsuk-table__cell">{rag_tag(aim.rag)}</td>
            <td class="nhsuk-table__cell">{computed}</td>
            {narrative}
        </tr>
    }
}

/// An organisation's computed status and reason in words (the text of `organisation_computed`).
pub fn organisation_computed_words(declared: Option<Rag>, computed: Option<&Computed>) -> String {
    match computed {
        Some(c) => lines([
            Some(c.status.rag().map_or("No data", Rag::label).to_string()),
            difference(declared, c.status).map(|d| capitalise(&d.in_words())),
            Some(c.in_words()),
        ]),
        None => "—".to_string(),
    }
}

/// An organisation's computed status for an aim, its reason, and any difference from the
/// status it declared, in words.
pub fn organisation_computed(declared: Option<Rag>, computed: Option<&Computed>) -> impl IntoView {
    match computed {
        Some(c) => {
            let flag = difference(declared, c.status).map(|d| view! { <strong class="ldr-flag">{capitalise(&d.in_words())}</strong> });
            view! {
                {computed_tag(c.status, None)}
                {flag}
                <p class="nhsuk-body-s nhsuk-u-margin-bottom-0">{c.in_words()}</p>
            }
            .into_any()
        }
        None => "—".into_any(),
    }
}

/// "Declared green, computed amber".
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::fixtures::{aim, pc, row_containing};

    fn html(v: impl IntoView + 'static) -> String {
        Owner::new().with(|| v.to_html())
    }

    #[test]
    fn a_goal_is_met_not_met_or_not_comparable() {
        let goal = Some((FinancialYear(2016), pc(80.0)));
        assert_eq!(against_goal(Some(pc(83.0)), goal), "Goal met");
        assert_eq!(against_goal(Some(pc(80.0)), goal), "Goal met");
        assert_eq!(against_goal(Some(pc(70.0)), Some((FinancialYear(2017), pc(80.0)))), "Not yet met");
        assert_eq!(against_goal(None, goal), "—");
        assert_eq!(against_goal(Some(pc(30.0)), None), "—");
        assert_eq!(goal_text(goal), "80 % by 2016/17");
        assert_eq!(goal_text(None), "Goal not set");
    }

    #[test]
    fn each_aim_row_gives_its_figures_in_words() {
        let aims = vec![aim("9d", Some(83.0), Some((2016, 80.0))), aim("8a", None, None)];
        let out = html(aims_table("Aims of capability 9".into(), aims, &[], AimsDetail::Summary, None));
        let row = row_containing(&out, ">9d<");
        for text in ["83 %", "80 % by 2016/17", "Goal met", "Not rated", "Source: LDR 2016 E1.3, Table 5"] {
            assert!(row.contains(text), "9d row lacks {text}: {row}");
        }
        let row = row_containing(&out, ">8a<");
        for text in ["No data", "Goal not set", "—"] {
            assert!(row.contains(text), "8a row lacks {text}: {row}");
        }
        assert!(out.contains("nhsuk-u-visually-hidden\">Aims of capability 9"));
        assert!(!out.contains("Narrative"));
        assert!(out.contains(r#"<div tabindex="0" role="region" aria-label="Aims of capability 9" class="ldr-table-scroll"><table"#));
    }

    #[test]
    fn the_full_table_adds_the_narrative() {
        let mut with_story = aim("4d", Some(70.0), Some((2017, 80.0)));
        with_story.narrative = "e-RS rollout continues".into();
        let out = html(aims_table("Aims".into(), vec![with_story, aim("4a", Some(70.0), None)], &[], AimsDetail::Full, None));
        assert!(out.contains(">Narrative<"));
        assert!(row_containing(&out, ">4d<").contains("e-RS rollout continues"));
        assert!(row_containing(&out, ">4d<").contains("Not yet met"));
        assert!(row_containing(&out, ">4a<").contains(">—<"));
    }
}
