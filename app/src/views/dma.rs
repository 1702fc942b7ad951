//! The digital maturity page: one table per theme group, each organisation's score against
//! its own peer group's average, and how many are above it.

use leptos::prelude::*;

use super::dma_heatmap::{header_row, key, theme_groups, theme_row};
use super::gap_tables::WordedTable;
use super::layout::{render_page, Crumb, Nav, PageMeta};
use super::period_selector::period_selector;
use super::widgets::{csv_href, data_table, figures_csv_link, page_csv_link};
use crate::domain::values::format_number;
use crate::domain::PeriodCode;
use crate::facts::{AnswerScale, DmaMatrix, FootprintSummary, Theme};

/// The page for a footprint whose organisations have no scores yet (in the period chosen,
/// if one was: `periods` lets the person choose another).
pub fn dma_empty_page(meta: PageMeta, footprint: FootprintSummary, periods: Vec<(String, String)>, period: Option<PeriodCode>) -> String {
    let meta =
        PageMeta { title: "Digital maturity assessment".into(), nav: Some(Nav::Dma), breadcrumbs: vec![Crumb::new("Home", "/")], ..meta };
    let message = format!("No digital maturity scores have been recorded for {} yet.", footprint.name);
    let selector = period_selector("/dma", periods, period.map(|p| p.to_string()), meta.footprint.as_deref());
    render_page(meta, view! { <h1>"Digital maturity assessment"</h1> {selector} <p>{message}</p> })
}

/// `periods`: (code, label) of the periods with figures, for the period selector.
pub fn dma_page(meta: PageMeta, footprint: FootprintSummary, matrix: DmaMatrix, periods: Vec<(String, String)>) -> String {
    let period = matrix.period.label();
    let footprint_code = meta.footprint.clone();
    let selector = period_selector("/dma", periods, Some(matrix.period.to_string()), meta.footprint.as_deref());
    let meta = PageMeta {
        title: "Digital maturity assessment".into(),
        nav: Some(Nav::Dma),
        breadcrumbs: vec![Crumb::new("Home", "/")],
        data_period: Some(period.clone()),
        ..meta
    };
    let intro = format!(
        "Self-assessed scores of the organisations in {} from the {}, {period}, on a scale of {}. \
         Each score is compared with the average of its own peer group and marked with a symbol, a word and a shade: \
         ▲ above, = at or ▼ below.",
        footprint.name,
        matrix.framework,
        matrix.scale.range_text()
    );
    let tables = theme_groups(&matrix.themes)
        .into_iter()
        .map(|(group, themes)| {
            let caption = format!("{group}: digital maturity by theme, {period}");
            let label = format!("{group} themes");
            let rows = themes.into_iter().map(|i| theme_row(&matrix, i, true, None)).collect_view();
            view! {
                <h2>{group}</h2>
                <div class="ldr-table-scroll" tabindex="0" role="region" aria-label=label>
                    <table class="nhsuk-table ldr-heatmap">
                        <caption class="nhsuk-table__caption">{caption}</caption>
                        <thead class="nhsuk-table__head">{header_row(&matrix, true, false)}</thead>
                        <tbody class="nhsuk-table__body">{rows}</tbody>
                    </table>
                </div>
                // Every theme's scores with their averages, one row per score.
                {super::widgets::csv_link("dma-scores", matrix.period, footprint_code.as_deref())}
            }
        })
        .collect_view();
    let csv = |table: &str| csv_href(&format!("/dma/{table}.csv"), Some(matrix.period), footprint_code.as_deref());
    let body = view! {
        <h1>"Digital maturity assessment"</h1>
        {selector}
        <p class="nhsuk-lede-text">{intro}</p>
        {key(&matrix)}
        {tables}
        {dependencies(&matrix.themes, csv("dependencies"))}
        {answer_scales(matrix.answer_scales, csv("answer-scales"))}
    };
    render_page(meta, body)
}

/// What each paper-free-at-the-point-of-care capability depends on (the roadmap's Table 6).
/// The dependencies table in words: what the page draws and `/dma/dependencies.csv` writes.
pub fn dependencies_table(themes: &[Theme]) -> WordedTable {
    let rows = themes
        .iter()
        .filter(|t| t.pf_poc && !t.org_dependency.is_empty())
        .map(|t| vec![t.name.clone(), t.org_dependency.clone(), t.system_dependency.clone()])
        .collect();
    WordedTable { headings: ["Capability", "Within the organisation", "Across the whole system"].map(String::from).to_vec(), rows }
}

/// Every answer scale in words, one row per answer: `/dma/answer-scales.csv`, the figures
/// behind the page's one table per scale.
pub fn answer_scales_table(scales: &[AnswerScale]) -> WordedTable {
    let rows = scales
        .iter()
        .flat_map(|scale| scale.answers.iter().map(|(answer, score)| vec![scale.name.clone(), answer.clone(), format_number(*score)]))
        .collect();
    WordedTable { headings: ["Scale", "Answer", "Score"].map(String::from).to_vec(), rows }
}

fn dependencies(themes: &[Theme], csv: String) -> impl IntoView {
    let words = dependencies_table(themes);
    (!words.rows.is_empty()).then(|| {
        let body = words
            .rows
            .into_iter()
            .map(|row| {
                let [name, within, across]: [String; 3] = row.try_into().unwrap_or_default();
                view! {
                    <tr class="nhsuk-table__row">
                        <th class="nhsuk-table__header" scope="row">{name}</th>
                        <td class="nhsuk-table__cell">{within}</td>
                        <td class="nhsuk-table__cell">{across}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <h2>"What each capability depends on"</h2>
            <p>"A capability's score can rise through the organisation's own systems, and through what it can share with others across the system."</p>
            {data_table("Dependencies of the paper-free at the point of care capabilities", &["Capability", "Within the organisation", "Across the whole system"], body)}
            {page_csv_link(csv)}
        }
    })
}

/// How the assessment turned answers into scores, folded away for those who want it.
fn answer_scales(scales: Vec<AnswerScale>, csv: String) -> impl IntoView {
    (!scales.is_empty()).then(|| {
        let tables = scales
            .into_iter()
            .map(|scale| {
                let body = scale
                    .answers
                    .into_iter()
                    .map(|(answer, score)| {
                        view! {
                            <tr class="nhsuk-table__row">
                                <td class="nhsuk-table__cell">{answer}</td>
                                <td class="nhsuk-table__cell">{format_number(score)}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    {data_table(format!("{} answers", scale.name), &["Answer", "Score"], body)}
                    {figures_csv_link(csv.clone())}
                }
            })
            .collect_view();
        view! {
            <details class="nhsuk-details">
                <summary class="nhsuk-details__summary">
                    <span class="nhsuk-details__summary-text">"How the assessment scored answers"</span>
                </summary>
                <div class="nhsuk-details__text">{tables}</div>
            </details>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::fixtures::{glos, periods, row_containing, table_2_matrix};

    fn page() -> String {
        dma_page(PageMeta::default(), glos(), table_2_matrix(), periods())
    }

    #[test]
    fn one_table_per_theme_group_under_one_h1() {
        let html = page();
        assert_eq!(html.matches("<h1").count(), 1);
        for group in ["Readiness", "Capabilities (PF@PoC)", "Enabling infrastructure"] {
            assert!(html.contains(&format!("<h2>{group}</h2>")), "no heading for {group}");
            assert!(html.contains(&format!(">{group}: digital maturity by theme, 2016/17 Q1</caption>")));
        }
        assert_eq!(html.matches("nhsuk-table ldr-heatmap").count(), 3);
        assert_eq!(html.matches("scope=\"row\"").count(), 14);
        assert!(html.contains("Digital Maturity Assessment 2016, 2016/17 Q1, on a scale of 0 to 100"));
        assert!(html.contains("Figures for 2016/17 Q1."));
    }

    #[test]
    fn the_answer_scales_are_shown_in_words_and_numbers() {
        let html = page();
        assert!(html.contains("How the assessment scored answers"));
        assert!(html.contains(">Agreement answers</caption>"));
        assert!(html.contains("<td class=\"nhsuk-table__cell\">Mostly agree</td><td class=\"nhsuk-table__cell\">75</td>"));
    }

    #[test]
    fn transfers_of_care_has_two_of_four_above_not_all_four() {
        let html = page();
        let row = row_containing(&html, ">Transfers Of Care<");
        // National 48; GHFT 51 ▲, GCS 38 ▼, 2gether 44 ▼, SWAS 49 ▲; GCC 55 has no council average.
        assert!(row.contains("<td class=\"nhsuk-table__cell\">48</td>"));
        assert_eq!(row.matches("▲ above").count(), 2);
        assert_eq!(row.matches("▼ below").count(), 2);
        assert!(row.contains(">55</a><span class=\"ldr-cmp__word\">no comparator</span>"), "{row}");
        assert!(row.trim_end_matches("<!>").ends_with("<td class=\"nhsuk-table__cell\">2 of 4</td>"), "{row}");
    }

    #[test]
    fn unassessed_themes_and_the_councils_average_are_shown_in_words() {
        let html = page();
        let row = row_containing(&html, ">Medicines Management &amp; Optimisation<");
        assert!(row.contains("Not assessed") && row.contains("1 of 4"));
        let row = row_containing(&html, ">Governance<");
        // GCC 79 against the councils' 76.33, not the trusts' 74; four trusts and the council compared.
        assert!(row.contains("councils (social-care dma) of 76.33") && row.contains(">4 of 5<"));
        assert!(html.contains("Organisations above their peer group's average"));
        assert!(html.contains("Gloucestershire County Council took the social-care DMA"));
    }
}
