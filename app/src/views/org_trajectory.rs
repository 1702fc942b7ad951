//! The capability trajectory section of an organisation's page: for each paper-free at the
//! point of care capability, its baseline, the plan for each financial year (a column each),
//! the actual score to date, its variance against this year's plan, whether that is ahead, on
//! or behind plan, and its computed status (by the rules in force for the quarter).

use leptos::prelude::*;

use super::org_dma::signed_difference;
use super::trajectory_parts::{computed_cell, standing_cell};
use super::widgets::data_table;
use crate::analysis::computed_rag::{judge_trajectory, Computed, RuleSet};
use crate::analysis::{plan_standing_words, plan_years, trajectory_line, TrajectoryLine};
use crate::domain::values::format_number;
use crate::domain::{FinancialYear, PeriodCode, Scale};
use crate::facts::{QuarterScore, TrajectoryRow};
use crate::views::gap_tables::{status_word, WordedTable};

/// "12 (2016/17 Q1)": a score with the quarter it was approved for.
fn dated(score: Option<f64>, period: PeriodCode) -> String {
    let score = score.map_or_else(|| "Not assessed".to_string(), format_number);
    format!("{score} ({})", period.label())
}

fn cell(text: String) -> impl IntoView {
    view! { <td class="nhsuk-table__cell">{text}</td> }
}

/// One capability's cells before its judgement, in words: capability, baseline, each year's
/// plan, actual to date and variance.
fn line_cells(line: &TrajectoryLine, years: &[FinancialYear]) -> Vec<String> {
    let baseline = line.baseline.map_or_else(|| "Not assessed".to_string(), |(p, v)| dated(Some(v), p));
    // No plan columns at all: one "Planned" column saying so.
    let plans = if years.is_empty() {
        vec!["Not recorded".to_string()]
    } else {
        years.iter().map(|y| line.plan_for(*y).map_or_else(|| "Not recorded".to_string(), format_number)).collect()
    };
    let actual = line.actual.map_or_else(|| "Not assessed".to_string(), |QuarterScore { period, score }| dated(score, period));
    let variance = line.variance.map_or_else(|| "—".to_string(), |v| signed_difference(v, 0.0));
    let mut cells = vec![line.capability.clone(), baseline];
    cells.extend(plans);
    cells.push(actual);
    cells.push(variance);
    cells
}

fn row(line: TrajectoryLine, years: &[FinancialYear], computed: Option<Computed>) -> impl IntoView {
    let mut cells = line_cells(&line, years).into_iter();
    let capability = cells.next().unwrap_or_default();
    view! {
        <tr class="nhsuk-table__row">
            <th class="nhsuk-table__header" scope="row">{capability}</th>
            {cells.map(cell).collect_view()}
            {computed.map(|c| view! { {standing_cell(&c)} {computed_cell(&c)} })}
        </tr>
    }
}

/// What the section's table is drawn from: the lines, each one's judgement and the plan years.
struct Drawn {
    period: PeriodCode,
    lines: Vec<TrajectoryLine>,
    computed: Vec<Option<Computed>>,
    years: Vec<FinancialYear>,
    headings: Vec<String>,
}

fn drawn(period: Option<PeriodCode>, rows: &[TrajectoryRow], judge: Option<(&RuleSet, Scale)>) -> Option<Drawn> {
    let period = period.filter(|_| !rows.is_empty())?;
    let lines: Vec<TrajectoryLine> = rows.iter().map(|r| trajectory_line(r, period)).collect();
    let computed = rows.iter().map(|r| judge.map(|(rules, scale)| judge_trajectory(rules, r, scale, period))).collect();
    let years = plan_years(&lines);
    let mut headings = vec!["Capability".to_string(), "Baseline".to_string()];
    if years.is_empty() {
        headings.push("Planned".to_string());
    }
    headings.extend(years.iter().map(|y| format!("Planned {}", y.label())));
    headings.push("Actual to date".to_string());
    headings.push(format!("Actual against {} plan", period.year.label()));
    if judge.is_some() {
        headings.push("Against plan".to_string());
        headings.push("Computed status".to_string());
    }
    Some(Drawn { period, lines, computed, years, headings })
}

/// The section's table in words (None when the section has no table): the CSV download.
/// The computed status is its tag's word, then its reason, as the cell shows them.
pub fn trajectory_table(period: Option<PeriodCode>, rows: &[TrajectoryRow], judge: Option<(&RuleSet, Scale)>) -> Option<WordedTable> {
    let d = drawn(period, rows, judge)?;
    let rows = d
        .lines
        .iter()
        .zip(&d.computed)
        .map(|(line, computed)| {
            let mut cells = line_cells(line, &d.years);
            if let Some(c) = computed {
                cells.push(plan_standing_words(c).to_string());
                cells.push(format!("{}\n{}", status_word(c.status), c.in_words()));
            }
            cells
        })
        .collect();
    Some(WordedTable { headings: d.headings, rows })
}

/// `judge`: the computed-RAG rules in force for the quarter and the framework's scale; with
/// them, each capability also says whether it is ahead, on or behind plan, and its status.
pub fn trajectory_section(
    period: Option<PeriodCode>,
    rows: Vec<TrajectoryRow>,
    judge: Option<(&RuleSet, Scale)>,
    csv_href: String,
) -> impl IntoView {
    let heading = view! { <h2>"Capability trajectory (paper-free at the point of care)"</h2> };
    let Some(Drawn { period, lines, computed, years, headings }) = drawn(period, &rows, judge) else {
        return view! { {heading} <p>"No trajectory recorded."</p> }.into_any();
    };
    let lost = years.is_empty().then(|| {
        view! {
            <div class="nhsuk-inset-text">
                <span class="nhsuk-u-visually-hidden">"Information: "</span>
                <p>"Planned scores for 2016/17 to 2018/19 were shown in the roadmap's Figures 8 and 9, which were images and did not survive; they will be entered through quarterly returns."</p>
            </div>
        }
    });
    let body = lines.into_iter().zip(computed).map(|(l, c)| row(l, &years, c)).collect_view();
    let caption = format!("DMA baseline, planned score for each financial year and actual score to date, as at {}", period.label());
    let note = format!(
        "The baseline is the organisation's first assessed score for the capability (for most, the 2016 DMA); the actual is the \
         latest score approved up to {}; plans are as they stood then.{}",
        period.label(),
        judge.map_or_else(String::new, |(rules, _)| format!(
            " Against plan: on plan within the trajectory rule's tolerance ({} % of the scale) either side, ahead or behind beyond it; \
             the computed status is by the rules in force for the quarter (version {}).",
            format_number(rules.trajectory.tolerance),
            rules.version
        ))
    );
    view! {
        {heading}
        {data_table(caption, &headings, body)}
        {super::widgets::page_csv_link(csv_href)}
        <p class="nhsuk-body-s">{note}</p>
        {lost}
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::QuarterScore;

    fn html(v: impl IntoView + 'static) -> String {
        Owner::new().with(|| v.to_html())
    }

    fn q(quarter: u8) -> PeriodCode {
        PeriodCode { year: FinancialYear(2016), quarter }
    }

    fn records(planned: Vec<(FinancialYear, f64)>) -> TrajectoryRow {
        TrajectoryRow {
            capability: "Records, Assessments & Plans".into(),
            scores: vec![QuarterScore { period: q(1), score: Some(12.0) }, QuarterScore { period: q(2), score: Some(25.0) }],
            planned,
            sources: Default::default(),
        }
    }

    #[test]
    fn each_years_plan_has_its_own_column_beside_baseline_actual_and_variance() {
        let planned = vec![(FinancialYear(2016), 20.0), (FinancialYear(2017), 40.0)];
        let out = html(trajectory_section(Some(q(2)), vec![records(planned)], None, String::new()));
        for heading in ["Baseline", "Planned 2016/17", "Planned 2017/18", "Actual to date", "Actual against 2016/17 plan"] {
            assert!(out.contains(&format!(">{heading}</th>")), "{heading}: {out}");
        }
        let cells = [">12 (2016/17 Q1)<", ">20<", ">40<", ">25 (2016/17 Q2)<", ">+5<"];
        let mut rest = out.as_str();
        for c in cells {
            let at = rest.find(c).unwrap_or_else(|| panic!("{c} in order in {out}"));
            rest = &rest[at..];
        }
        assert!(!out.contains("Figures 8 and 9"));
    }

    #[test]
    fn at_an_earlier_quarter_later_scores_are_not_shown() {
        let out = html(trajectory_section(Some(q(1)), vec![records(vec![])], None, String::new()));
        assert!(out.contains(">12 (2016/17 Q1)<") && !out.contains("25") && !out.contains("Q2"));
        assert!(out.contains(">Planned</th>") && out.contains(">Not recorded<"));
        assert!(out.contains("Figures 8 and 9, which were images"), "lost plans explained");
    }

    #[test]
    fn with_the_rules_each_capability_says_whether_it_is_ahead_on_or_behind_plan_with_its_status_in_words() {
        let rules = RuleSet::defaults(q(1));
        let scale = Scale { min: 0.0, max: 100.0, step: 1.0 };
        // 25 against 20 is within the 5-point tolerance: on plan and green. 25 against 50: behind, red.
        let rows = vec![
            records(vec![(FinancialYear(2016), 20.0)]),
            TrajectoryRow { capability: "Transfers".into(), ..records(vec![(FinancialYear(2016), 50.0)]) },
        ];
        let out = html(trajectory_section(Some(q(2)), rows, Some((&rules, scale)), String::new()));
        assert!(out.contains(">Against plan</th>") && out.contains(">Computed status</th>"), "{out}");
        let records_row = &out[out.find(">Records, Assessments &amp; Plans<").unwrap()..out.find(">Transfers<").unwrap()];
        assert!(records_row.contains(">On plan<") && records_row.contains(">Green<"), "{records_row}");
        assert!(records_row.contains("Computed green: 25 in 2016/17 Q2 is 5 points ahead of the plan of 20"), "{records_row}");
        let transfers_row = &out[out.find(">Transfers<").unwrap()..];
        assert!(transfers_row.contains(">Behind plan<") && transfers_row.contains(">Red<"), "{transfers_row}");
        let without = html(trajectory_section(Some(q(2)), vec![records(vec![])], None, String::new()));
        assert!(!without.contains("Computed status"), "no rules, no column");
    }

    #[test]
    fn without_capabilities_or_a_quarter_the_section_says_so() {
        assert!(html(trajectory_section(Some(q(1)), vec![], None, String::new())).contains("No trajectory recorded."));
        assert!(html(trajectory_section(None, vec![records(vec![])], None, String::new())).contains("No trajectory recorded."));
    }
}
