//! The digital maturity section of an organisation's page: a chart of each theme's score
//! against its peer group's average, and the same figures as a table beside it.

use leptos::prelude::*;

use crate::analysis::Cell;
use crate::charts::{dma_profile_chart, ProfileBar};
use crate::domain::values::format_number;
use crate::domain::{PeriodCode, Scale};
use crate::facts::{Provenance, Theme};
use crate::views::gap_tables::WordedTable;

/// "+4", "−32" (a true minus sign) or "0".
pub fn signed_difference(score: f64, benchmark: f64) -> String {
    let d = score - benchmark;
    if d.abs() < 0.005 {
        "0".to_string()
    } else if d > 0.0 {
        format!("+{}", format_number(d))
    } else {
        format!("−{}", format_number(-d))
    }
}

pub fn dma_section(
    short_name: &str,
    period: Option<PeriodCode>,
    framework: Option<String>,
    scale: Option<Scale>,
    dma: Vec<(Theme, Cell, Option<Provenance>)>,
    csv_href: String,
) -> impl IntoView {
    let Some(scale) = scale.filter(|_| !dma.is_empty()) else {
        return view! {
            <h2>"Digital maturity"</h2>
            <p>"No digital maturity framework applies to this kind of organisation."</p>
        }
        .into_any();
    };
    let when = period.map(|p| format!(", {}", p.label())).unwrap_or_default();
    let title = format!("{short_name} digital maturity against its peer group{when}");
    let bars: Vec<ProfileBar> = dma
        .iter()
        .map(|(theme, cell, _)| ProfileBar {
            label: theme.name.clone(),
            score: cell.score(),
            benchmark: match cell {
                Cell::Compared { benchmark, .. } => Some(*benchmark),
                _ => None,
            },
        })
        .collect();
    let svg = dma_profile_chart(&title, short_name, "Peer group average", scale.max, &bars);
    let intro = format!(
        "Self-assessed scores from the {}, on a scale of {}. {}",
        framework.unwrap_or_else(|| "digital maturity assessment".to_string()),
        scale.range_text(),
        comparators(&dma)
    );
    let rows = dma.into_iter().map(|(theme, cell, provenance)| theme_row(theme, cell, provenance)).collect_view();
    view! {
        <h2>"Digital maturity"</h2>
        <p>{intro}</p>
        <div class="ldr-chart" inner_html=svg></div>
        <p class="nhsuk-body-s">"The table below gives the same figures as the chart."</p>
        <div class="ldr-table-scroll" tabindex="0" role="region" aria-label="Digital maturity by theme">
            <table class="nhsuk-table">
                <caption class="nhsuk-table__caption">{title}</caption>
                <thead class="nhsuk-table__head">
                    <tr class="nhsuk-table__row">
                        <th class="nhsuk-table__header" scope="col">"Theme"</th>
                        <th class="nhsuk-table__header" scope="col">"Score"</th>
                        <th class="nhsuk-table__header" scope="col">"Peer group average"</th>
                        <th class="nhsuk-table__header" scope="col">"Difference"</th>
                        <th class="nhsuk-table__header" scope="col">"Comparison"</th>
                        <th class="nhsuk-table__header" scope="col">"Source"</th>
                    </tr>
                </thead>
                <tbody class="nhsuk-table__body">{rows}</tbody>
            </table>
        </div>
        {super::widgets::page_csv_link(csv_href)}
    }
    .into_any()
}

/// Which peer groups' averages the scores are compared with, named from the data.
fn comparators(dma: &[(Theme, Cell, Option<Provenance>)]) -> String {
    let mut groups: Vec<&str> = Vec::new();
    for (_, cell, _) in dma {
        if let Cell::Compared { peer_group, .. } = cell {
            if !groups.contains(&peer_group.as_str()) {
                groups.push(peer_group);
            }
        }
    }
    if groups.is_empty() {
        "No peer group average has been published for these themes.".to_string()
    } else {
        format!("Where its peer group has a published average, each score is compared with the {}.", groups.join(" or the "))
    }
}

pub const DMA_HEADINGS: [&str; 6] = ["Theme", "Score", "Peer group average", "Difference", "Comparison", "Source"];

/// One theme's cells in words, as the table shows them (the source is `provenance_line`'s text).
fn theme_cells(theme: &Theme, cell: &Cell, provenance: Option<&Provenance>) -> [String; 6] {
    let score = cell.score().map_or_else(|| "Not assessed".to_string(), format_number);
    let (average, difference, comparison) = match cell {
        Cell::Compared { score, benchmark, comparison, .. } => {
            (format_number(*benchmark), signed_difference(*score, *benchmark), format!("{} {}", comparison.symbol(), comparison.word()))
        }
        _ => ("No comparator".to_string(), "—".to_string(), "—".to_string()),
    };
    let source = provenance.map_or_else(|| "—".to_string(), |p| super::widgets::provenance_text("", p));
    [theme.name.clone(), score, average, difference, comparison, source]
}

/// The table of the organisation's scores in words: its CSV download says what it shows.
pub fn dma_table(dma: &[(Theme, Cell, Option<Provenance>)]) -> WordedTable {
    WordedTable {
        headings: DMA_HEADINGS.map(String::from).to_vec(),
        rows: dma.iter().map(|(t, c, p)| theme_cells(t, c, p.as_ref()).to_vec()).collect(),
    }
}

fn theme_row(theme: Theme, cell: Cell, provenance: Option<Provenance>) -> impl IntoView {
    let [_, score, average, difference, comparison, _] = theme_cells(&theme, &cell, provenance.as_ref());
    let class = match &cell {
        Cell::Compared { comparison, .. } => format!("nhsuk-table__cell {}", comparison.css()),
        _ => "nhsuk-table__cell".to_string(),
    };
    let source = match provenance {
        Some(p) => super::widgets::provenance_line("", &p).into_any(),
        None => "—".into_any(),
    };
    let anchor = format!("theme-{}", theme.code);
    view! {
        <tr class="nhsuk-table__row" id=anchor>
            <th class="nhsuk-table__header" scope="row">{theme.name}</th>
            <td class="nhsuk-table__cell">{score}</td>
            <td class="nhsuk-table__cell">{average}</td>
            <td class="nhsuk-table__cell">{difference}</td>
            <td class=class>{comparison}</td>
            <td class="nhsuk-table__cell"><span class="nhsuk-body-s">{source}</span></td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_carry_their_sign() {
        assert_eq!(signed_difference(12.0, 44.0), "−32");
        assert_eq!(signed_difference(80.0, 76.0), "+4");
        assert_eq!(signed_difference(44.0, 44.0), "0");
        assert_eq!(signed_difference(84.0, 78.52), "+5.48");
    }
}
