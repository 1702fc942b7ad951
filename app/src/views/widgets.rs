//! Small pieces every page uses: RAG tags, comparison cells, numbers, the error summary.

use leptos::prelude::*;

use crate::analysis::Cell;
use crate::domain::values::format_number;
use crate::domain::{long_date_time, Rag};
use crate::facts::{Provenance, RevisionRef};
use chrono::NaiveDateTime;

/// A RAG status as an NHS.UK tag: always the word as well as the colour.
pub fn rag_tag(rag: Option<Rag>) -> impl IntoView {
    match rag {
        Some(r) => view! { <strong class=r.tag_class()>{r.label()}</strong> }.into_any(),
        None => view! { <strong class="nhsuk-tag nhsuk-tag--grey">"Not rated"</strong> }.into_any(),
    }
}

/// A completeness percentage as every page shows it: a whole number, "43 %", rounded half
/// away from zero. Decimals would claim a precision the returns do not have; the exact
/// value stays in the data (and in exports).
pub fn percent(v: f64) -> String {
    // Drop floating-point noise first, so an average of exactly 42.5 is not 42.4999... .
    let v = (v * 1e6).round() / 1e6;
    format!("{} %", v.round() as i64)
}

/// A completeness percentage ("83 %"), or the words for a missing figure.
pub fn percent_text(v: Option<f64>, missing: &str) -> String {
    v.map_or_else(|| missing.to_string(), percent)
}

/// A table cell for one organisation's DMA score: the number, then a symbol and a word for
/// how it compares with its peer group's average, with a shade that repeats the word. The
/// number links to `href`, where the figure's provenance is shown.
pub fn comparison_cell(cell: &Cell, href: Option<String>) -> impl IntoView {
    let number = move |score: f64| match href.clone() {
        Some(h) => view! { <a href=h>{format_number(score)}</a> }.into_any(),
        None => format_number(score).into_any(),
    };
    match cell {
        Cell::NotAssessed => view! {
            <td class="nhsuk-table__cell ldr-cmp--none">"Not assessed"</td>
        }
        .into_any(),
        Cell::NoComparator { score } => view! {
            <td class="nhsuk-table__cell">
                {number(*score)}
                <span class="ldr-cmp__word">"no comparator"</span>
            </td>
        }
        .into_any(),
        Cell::Compared { score, benchmark, peer_group, comparison } => {
            let class = format!("nhsuk-table__cell {}", comparison.css());
            let word = format!("{} {}", comparison.symbol(), comparison.word());
            let hidden = format!(" the {} of {}", peer_group_noun(peer_group), format_number(*benchmark));
            view! {
                <td class=class>
                    {number(*score)}
                    <span class="ldr-cmp__word">{word}<span class="nhsuk-u-visually-hidden">{hidden}</span></span>
                </td>
            }
            .into_any()
        }
    }
}

fn peer_group_noun(peer_group: &str) -> String {
    let lower = peer_group.to_lowercase();
    if lower.starts_with("national average") {
        lower
    } else {
        format!("average of {lower}")
    }
}

/// A region around a table that scrolls sideways on its own when the table is wider than the
/// screen, so the page never does. It is focusable and named (`label`, usually the table's
/// caption) so keyboard users can scroll it too (axe: scrollable-region-focusable).
pub fn table_scroll(label: impl Into<String>, table: impl IntoView + 'static) -> impl IntoView {
    view! { <div class="ldr-table-scroll" tabindex="0" role="region" aria-label=label.into()>{table}</div> }
}

/// An NHS.UK table with a caption and column headings, in a scrollable region (`table_scroll`)
/// for tables wider than a phone.
pub fn data_table<H: AsRef<str>>(caption: impl Into<String>, headings: &[H], body: impl IntoView + 'static) -> impl IntoView {
    let caption = caption.into();
    let label = caption.clone();
    let headings = headings
        .iter()
        .map(|h| h.as_ref().to_string())
        .map(|h| view! { <th class="nhsuk-table__header" scope="col">{h}</th> })
        .collect_view();
    table_scroll(
        label,
        view! {
            <table class="nhsuk-table">
                <caption class="nhsuk-table__caption">{caption}</caption>
                <thead class="nhsuk-table__head">
                    <tr class="nhsuk-table__row">{headings}</tr>
                </thead>
                <tbody class="nhsuk-table__body">{body}</tbody>
            </table>
        },
    )
}

/// The page of a return revision, e.g. `/returns/2016-17-q2/RTE/revisions/1`: the one place
/// a figure's [`RevisionRef`] becomes a link.
pub fn revision_path(r: &RevisionRef) -> String {
    format!("/returns/{}/{}/revisions/{}", r.period, r.subject.code(), r.revision)
}

/// "31 October 2016 at 09:30" for a stored UTC time, as every page shows one.
fn when(t: NaiveDateTime) -> String {
    long_date_time(&t.format("%Y-%m-%d %H:%M:%S").to_string())
}

/// Who entered and approved a figure, and when, in words.
pub fn provenance_who(p: &Provenance) -> String {
    let entered = match &p.recorded_by {
        Some(who) => format!("entered by {who} on {}", when(p.recorded_at)),
        None => format!("loaded from the roadmap on {}", when(p.recorded_at)),
    };
    let approved = match (&p.approved_by, p.approved_at) {
        (Some(who), Some(at)) => format!("approved by {who} on {}", when(at)),
        _ => "not yet approved through a quarterly return".to_string(),
    };
    format!("{entered}; {approved}")
}

/// A figure's provenance: its source, linked to the return revision it was approved from
/// when it has one, then who entered and approved it.
/// `prefix` (such as "Source: ") comes first.
pub fn provenance_line(prefix: &str, p: &Provenance) -> impl IntoView {
    match &p.revision {
        Some(r) => {
            view! { {prefix.to_string()}<a href=revision_path(r)>{p.source.clone()}</a>{format!("; {}", provenance_who(p))} }.into_any()
        }
        // One text node: pages and tests read it as one phrase.
        None => format!("{prefix}{}; {}", p.source, provenance_who(p)).into_any(),
    }
}

/// A figure's source, linked to the return revision it was approved in when there is one.
pub fn source_link(source: String, revision: Option<RevisionRef>) -> impl IntoView {
    match revision {
        Some(r) => view! { <a href=revision_path(&r)>{source}</a> }.into_any(),
        None => source.into_any(),
    }
}

/// The link under a table to the same figures as a CSV file: the steering pack's data table
/// `table` for the quarter (`/exports/csv/..`), so a download reads what the reports read.
pub fn csv_link(table: &str, period: crate::domain::PeriodCode, footprint: Option<&str>) -> impl IntoView {
    let mut href = format!("/exports/csv/{table}.csv?period={period}");
    if let Some(code) = footprint {
        href.push_str(&format!("&footprint={code}"));
    }
    figures_csv_link(href)
}

/// The link under a summary table to a CSV of the figures it is drawn from, laid out for
/// analysis (one row per figure) rather than as the summary is drawn: the words say so.
pub fn figures_csv_link(href: String) -> impl IntoView {
    view! {
        <p class="nhsuk-body-s ldr-csv-link"><a href=href>"Download the figures behind this table (CSV)"</a></p>
    }
}

/// The link under a table to its own CSV (`href`: a page's `.csv` route, which words its rows
/// with the very function the table is drawn from), with the same words as `csv_link`.
pub fn page_csv_link(href: String) -> impl IntoView {
    view! {
        <p class="nhsuk-body-s ldr-csv-link"><a href=href>"Download this table (CSV)"</a></p>
    }
}

/// `path` with `?period=..&footprint=..` (each only when given), for a page's CSV link: the
/// download shows the quarter and footprint the page shows.
pub fn csv_href(path: &str, period: Option<crate::domain::PeriodCode>, footprint: Option<&str>) -> String {
    let pairs: Vec<String> =
        [period.map(|p| format!("period={p}")), footprint.map(|f| format!("footprint={f}"))].into_iter().flatten().collect();
    if pairs.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", pairs.join("&"))
    }
}

/// The body rows of a table whose cells are plain words (`WordedTable::rows`): the first
/// cell heads its row.
pub fn worded_rows(rows: Vec<Vec<String>>) -> impl IntoView {
    rows.into_iter()
        .map(|row| {
            let cells = row
                .into_iter()
                .enumerate()
                .map(|(i, cell)| match i {
                    0 => view! { <th class="nhsuk-table__header" scope="row">{cell}</th> }.into_any(),
                    _ => view! { <td class="nhsuk-table__cell">{cell}</td> }.into_any(),
                })
                .collect_view();
            view! { <tr class="nhsuk-table__row">{cells}</tr> }
        })
        .collect_view()
}

/// `provenance_line`'s words as one text, for a CSV cell.
pub fn provenance_text(prefix: &str, p: &Provenance) -> String {
    format!("{prefix}{}; {}", p.source, provenance_who(p))
}

/// The NHS error summary: a heading and one link per problem, pointing at its field.
pub fn error_summary(errors: Vec<(String, String)>) -> impl IntoView {
    (!errors.is_empty()).then(|| {
        let items = errors
            .into_iter()
            .map(|(field, message)| {
                let href = format!("#{field}");
                view! { <li><a href=href>{message}</a></li> }
            })
            .collect_view();
        view! {
            <div class="nhsuk-error-summary" data-module="nhsuk-error-summary" tabindex="-1">
                <div role="alert">
                    <h2 class="nhsuk-error-summary__heading">"There is a problem"</h2>
                    <div class="nhsuk-error-summary__body">
                        <ul class="nhsuk-list nhsuk-error-summary__list">{items}</ul>
                    </div>
                </div>
            </div>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Comparison;

    fn html(v: impl IntoView + 'static) -> String {
        Owner::new().with(|| v.to_html())
    }

    #[test]
    fn completeness_percentages_are_whole_numbers_rounded_half_away_from_zero() {
        let cases = [
            (130.0 / 3.0, "43 %"),
            (50.25, "50 %"),
            (42.5, "43 %"),
            (85.0 / 2.0, "43 %"),
            (2.4999, "2 %"),
            (99.5, "100 %"),
            (0.0, "0 %"),
            (0.4, "0 %"),
            (-0.4, "0 %"),
            (-2.5, "-3 %"),
            (100.0, "100 %"),
        ];
        for (v, shown) in cases {
            assert_eq!(percent(v), shown, "{v}");
        }
        assert_eq!(percent_text(Some(83.0), "No data"), "83 %");
        assert_eq!(percent_text(None, "No data"), "No data");
    }

    #[test]
    fn a_rag_tag_carries_the_word() {
        assert!(html(rag_tag(Some(Rag::Green))).contains(">Green<"));
        assert!(html(rag_tag(None)).contains(">Not rated<"));
    }

    #[test]
    fn a_comparison_cell_says_the_comparison_in_words() {
        let cell = Cell::Compared {
            score: 12.0,
            benchmark: 44.0,
            peer_group: "National average of NHS trusts".into(),
            comparison: Comparison::Below,
        };
        let out = html(comparison_cell(&cell, None));
        assert!(out.contains("ldr-cmp--below"));
        assert!(out.contains("▼ below"));
        assert!(out.contains("national average of nhs trusts of 44"));
        assert!(html(comparison_cell(&Cell::NotAssessed, None)).contains("Not assessed"));
    }

    #[test]
    fn a_data_table_scrolls_in_a_region_a_keyboard_can_reach() {
        let out = html(data_table("Returns for 2016/17 Q2", &["Organisation"], view! { <tr></tr> }));
        assert!(
            out.starts_with(r#"<div tabindex="0" role="region" aria-label="Returns for 2016/17 Q2" class="ldr-table-scroll"><table"#),
            "{out}"
        );
    }
}
