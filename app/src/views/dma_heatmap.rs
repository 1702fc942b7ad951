//! Pieces of the DMA heatmap shared by the dashboard and the digital maturity page: themes
//! down, organisations across, each score shaded and worded against its own peer group.

use leptos::prelude::*;

use super::aims_table::change_words;
use super::widgets::comparison_cell;
use crate::analysis::{summarise_theme, ThemeSummary};
use crate::charts::{sparkline_svg, sparkline_words};
use crate::domain::values::format_number;
use crate::domain::OrgKind;
use crate::facts::{DmaMatrix, Theme, ThemeTrend};

/// Theme indices grouped by `Theme::group`, groups in the order they first appear.
pub fn theme_groups(themes: &[Theme]) -> Vec<(String, Vec<usize>)> {
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, theme) in themes.iter().enumerate() {
        match groups.iter_mut().find(|(name, _)| *name == theme.group) {
            Some((_, members)) => members.push(i),
            None => groups.push((theme.group.clone(), vec![i])),
        }
    }
    groups
}

/// "2 of 4", with "(+ 1 at)" when some sit exactly at their average.
pub fn above_text(s: ThemeSummary) -> String {
    match (s.compared, s.at) {
        (0, _) => "None compared".to_string(),
        (n, 0) => format!("{} of {n}", s.above),
        (n, at) => format!("{} of {n} (+ {at} at)", s.above),
    }
}

/// The column headings: the corner, the national average, each organisation, and
/// optionally the count of organisations above their peer group.
pub fn header_row(matrix: &DmaMatrix, with_summary: bool, with_trend: bool) -> impl IntoView {
    let orgs = matrix
        .organisations
        .iter()
        .map(|o| view! { <th class="nhsuk-table__header" scope="col">{o.short_name.clone()}</th> })
        .collect_view();
    let summary = with_summary.then(|| {
        view! { <th class="nhsuk-table__header" scope="col">"Organisations above their peer group's average"</th> }
    });
    let reference = matrix.reference_group.clone().unwrap_or_else(|| "Reference average".to_string());
    let trend = with_trend
        .then(|| view! { <th class="nhsuk-table__header" scope="col">"Footprint mean: trend and change since last quarter"</th> });
    view! {
        <tr class="nhsuk-table__row">
            <th class="nhsuk-table__header" scope="col">"Theme"</th>
            <th class="nhsuk-table__header" scope="col">{reference}</th>
            {orgs}
            {summary}
            {trend}
        </tr>
    }
}

/// One theme's row: its name as the row header, the national average, each organisation's cell.
pub fn theme_row(matrix: &DmaMatrix, theme: usize, with_summary: bool, trend: Option<Option<&ThemeTrend>>) -> impl IntoView {
    let national =
        matrix.reference_group.as_deref().and_then(|group| matrix.benchmark(theme, group)).map_or_else(|| "—".to_string(), format_number);
    // Each score links to its organisation's page, where the figure's source, who entered and
    // approved it, and the return revision it came from are shown.
    let cells = matrix.cells[theme]
        .iter()
        .zip(&matrix.organisations)
        .map(|(cell, org)| {
            let href = format!("/organisations/{}?period={}#theme-{}", org.code, matrix.period, matrix.themes[theme].code);
            comparison_cell(cell, Some(href))
        })
        .collect_view();
    let summary = with_summary.then(|| {
        view! { <td class="nhsuk-table__cell">{above_text(summarise_theme(&matrix.cells[theme]))}</td> }
    });
    let trend = trend.map(|t| {
        let scale = matrix.scale;
        let cell = t.map(|t| {
            let svg = sparkline_svg(&t.history, scale.min, scale.max, "");
            let words = sparkline_words(&t.history, "");
            view! {
                {svg.map(|svg| view! { <span class="ldr-sparkline-wrap" inner_html=svg></span> })}
                <span class="nhsuk-body-s ldr-change">{change_words(t.change)}<span class="nhsuk-u-visually-hidden">{format!(" since last quarter. {words}")}</span></span>
            }
        });
        view! { <td class="nhsuk-table__cell">{cell}</td> }
    });
    view! {
        <tr class="nhsuk-table__row">
            <th class="nhsuk-table__header" scope="row">{matrix.themes[theme].name.clone()}</th>
            <td class="nhsuk-table__cell">{national}</td>
            {cells}
            {summary}
            {trend}
        </tr>
    }
}

/// What the symbols and words in the cells mean; councils are named because they are
/// compared with a different average from the trusts beside them.
pub fn key(matrix: &DmaMatrix) -> impl IntoView {
    let councils = matrix
        .organisations
        .iter()
        .filter(|o| o.kind == OrgKind::LocalAuthority)
        .map(|o| format!(" {} took the social-care DMA and is compared with the councils' average.", o.name))
        .collect::<String>();
    view! {
        <p class="nhsuk-body-s">
            {format!(
                "Key: ▲ above, = at, ▼ below its peer group's average; 'no comparator' where the peer group has no published average; 'Not assessed' where the organisation gave no score.{councils}"
            )}
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::fixtures::table_2_matrix;

    fn html(v: impl IntoView + 'static) -> String {
        Owner::new().with(|| v.to_html())
    }

    #[test]
    fn themes_group_in_the_order_they_come() {
        let m = table_2_matrix();
        let groups = theme_groups(&m.themes);
        let names: Vec<&str> = groups.iter().map(|(g, _)| g.as_str()).collect();
        assert_eq!(names, ["Readiness", "Capabilities (PF@PoC)", "Enabling infrastructure"]);
        assert_eq!(groups[1].1, (5..12).collect::<Vec<_>>());
    }

    #[test]
    fn counts_above_say_of_how_many_and_how_many_at() {
        let s = |above, at, compared| ThemeSummary { above, at, compared, ..Default::default() };
        assert_eq!(above_text(s(2, 0, 4)), "2 of 4");
        assert_eq!(above_text(s(1, 1, 4)), "1 of 4 (+ 1 at)");
        assert_eq!(above_text(s(0, 0, 0)), "None compared");
    }

    #[test]
    fn the_key_names_the_council_and_its_comparator() {
        let out = html(key(&table_2_matrix()));
        assert!(out.contains("Gloucestershire County Council took the social-care DMA"));
    }
}
