//! A section's figures as tables, for people who read a return rather than edit it.

use leptos::prelude::*;

use crate::returns::figures::SectionFigures;
use crate::returns::sections::{Cell, SectionTable};
use crate::returns::template::ReturnTemplate;
use crate::views::widgets::{data_table, rag_tag};

/// A section's figures as the section lays them out (`returns::sections`): a table, or a
/// text kept as written.
pub fn section_summary(t: &ReturnTemplate, figures: &SectionFigures) -> AnyView {
    match figures.section().table(t, figures) {
        SectionTable::Table { caption, headings, rows } => {
            let rows = rows
                .into_iter()
                .map(|row| {
                    let cells = row
                        .into_iter()
                        .map(|c| match c {
                            Cell::Text(text) => view! { <td class="nhsuk-table__cell">{text}</td> }.into_any(),
                            Cell::Rag(rag) => view! { <td class="nhsuk-table__cell">{rag_tag(rag)}</td> }.into_any(),
                        })
                        .collect_view();
                    view! { <tr class="nhsuk-table__row">{cells}</tr> }
                })
                .collect_view();
            data_table(caption, headings, rows).into_any()
        }
        SectionTable::Text(text) => view! { <p class="nhsuk-body ldr-prewrap">{text}</p> }.into_any(),
    }
}
