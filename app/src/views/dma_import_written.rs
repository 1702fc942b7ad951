//! The scores a confirmed DMA import wrote, each with its value before and after, as its page
//! lists them (read back from what the confirm recorded, never recomputed from the scores).

use leptos::prelude::*;

use super::widgets::data_table;
use crate::domain::values::format_number;

/// Rows listed before "and N more": a footprint's import is a few hundred scores.
pub const LISTED: usize = 500;

/// What a score was before the import wrote it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Before {
    /// No score stood: the import added it.
    Added,
    /// Recorded as not assessed.
    NotAssessed,
    Score(f64),
}

/// One score the import wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub org_name: String,
    pub org_code: String,
    pub theme: String,
    pub before: Before,
    pub after: f64,
}

fn before_text(b: Before) -> String {
    match b {
        Before::Added => "none: added".to_string(),
        Before::NotAssessed => "Not assessed".to_string(),
        Before::Score(v) => format_number(v),
    }
}

/// The table of what was written (`total`: how many scores it wrote, of which at most
/// [`LISTED`] are given).
pub fn written_table(rows: &[Written], total: usize) -> impl IntoView {
    (!rows.is_empty()).then(|| {
        let body = rows
            .iter()
            .take(LISTED)
            .map(|w| {
                view! {
                    <tr class="nhsuk-table__row">
                        <td class="nhsuk-table__cell">{format!("{} ({})", w.org_name, w.org_code)}</td>
                        <td class="nhsuk-table__cell">{w.theme.clone()}</td>
                        <td class="nhsuk-table__cell">{before_text(w.before)}</td>
                        <td class="nhsuk-table__cell">{format_number(w.after)}</td>
                    </tr>
                }
            })
            .collect_view();
        let more = (total > LISTED).then(|| view! { <p>{format!("And {} more.", total - LISTED)}</p> });
        view! {
            <h2>"Scores this import wrote"</h2>
            {data_table("Scores this import wrote, before and after", &["Organisation", "Theme", "Before", "After"], body)}
            {more}
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_added_score_says_so_and_a_name_is_text() {
        let rows = vec![
            Written { org_name: "<i>A</i>".into(), org_code: "RXA".into(), theme: "Leadership".into(), before: Before::Added, after: 40.0 },
            Written { org_name: "B".into(), org_code: "RTE".into(), theme: "Governance".into(), before: Before::Score(90.0), after: 95.0 },
        ];
        let html = Owner::new().with(|| written_table(&rows, 2).to_html());
        assert!(html.contains("none: added") && html.contains(">90<") && html.contains(">95<"), "{html}");
        assert!(html.contains("&lt;i&gt;A&lt;/i&gt; (RXA)") && !html.contains("<i>A"), "{html}");
        assert!(html.contains("ldr-table-scroll"), "scrolls at 390 px");
    }
}
