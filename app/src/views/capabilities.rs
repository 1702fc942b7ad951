//! The ten universal capabilities: an overview of all of them, and one capability's aims
//! with their figures, goals, narrative and sources.

use leptos::prelude::*;

use super::aims_table::{aims_table, organisation_computed, organisation_computed_words, AimsDetail};
use super::gap_tables::WordedTable;
use super::layout::{in_footprint, render_page, Crumb, Nav, PageMeta};
use super::period_selector::period_selector;
use super::widgets::{csv_href, data_table, page_csv_link, percent, percent_text, provenance_line, provenance_text, rag_tag};
use crate::analysis::computed_rag::ComputedRag;
use crate::analysis::RagCounts;
use crate::domain::{Percent, PeriodCode, Rag};
use crate::facts::{AimRow, AimStatus, CapabilityAims, FootprintSummary, OrgAimFigure, RagDefinition};

/// The mean completeness of the aims that have a figure, as "43 %", or "No data".
pub fn average_completeness(aims: &[AimRow]) -> String {
    let known: Vec<f64> = aims.iter().filter_map(|a| a.completeness).map(Percent::value).collect();
    if known.is_empty() {
        "No data".to_string()
    } else {
        percent(known.iter().sum::<f64>() / known.len() as f64)
    }
}

/// "2 green, 1 amber, 1 not rated", or "Not rated" when none has a status.
pub fn rag_words(counts: RagCounts) -> String {
    if counts.not_rated == counts.total() {
        return "Not rated".to_string();
    }
    [(counts.green, "green"), (counts.amber, "amber"), (counts.red, "red"), (counts.not_rated, "not rated")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, word)| format!("{n} {word}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A capability's computed statuses in words: "1 green, 2 no data".
pub fn computed_words(statuses: &[&AimStatus]) -> String {
    if statuses.is_empty() {
        return "No data".to_string();
    }
    ComputedRag::ALL
        .into_iter()
        .map(|c| (statuses.iter().filter(|s| s.computed.status == c).count(), c.word()))
        .filter(|(n, _)| *n > 0)
        .map(|(n, word)| format!("{n} {word}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn period_line(footprint: &FootprintSummary, period: Option<PeriodCode>) -> String {
    match period {
        Some(p) => format!("Completeness across {} in {}.", footprint.name, p.label()),
        None => "No figures have been entered yet.".to_string(),
    }
}

pub fn capabilities_page(
    meta: PageMeta,
    footprint: FootprintSummary,
    period: Option<PeriodCode>,
    capabilities: Vec<CapabilityAims>,
    periods: Vec<(String, String)>,
    statuses: &[AimStatus],
) -> String {
    let footprint_code = meta.footprint.clone();
    let selector = period_selector("/capabilities", periods, period.map(|p| p.to_string()), footprint_code.as_deref());
    let meta = PageMeta {
        title: "Universal capabilities".into(),
        nav: Some(Nav::Capabilities),
        breadcrumbs: vec![Crumb::new("Home", "/")],
        data_period: period.map(PeriodCode::label).or(meta.data_period),
        ..meta
    };
    let aim_count: usize = capabilities.iter().map(|c| c.aims.len()).sum();
    let intro = format!(
        "{} national capabilities with {aim_count} aims. NHS England expected clear momentum in 2016/17 and substantive delivery in 2017/18.",
        capabilities.len()
    );
    let when = period_line(&footprint, period);
    let rows = capabilities
        .into_iter()
        .map(|c| {
            let href = in_footprint(&format!("/capabilities/{}", c.number), footprint_code.as_deref());
            let status = rag_words(RagCounts::count(c.aims.iter().map(|a| a.rag)));
            let mine: Vec<&AimStatus> = statuses.iter().filter(|s| s.capability == c.number).collect();
            let computed = computed_words(&mine);
            view! {
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="row">{format!("{}. ", c.number)}<a href=href>{c.title}</a></th>
                    <td class="nhsuk-table__cell">{c.aims.len()}</td>
                    <td class="nhsuk-table__cell">{average_completeness(&c.aims)}</td>
                    <td class="nhsuk-table__cell">{status}</td>
                    <td class="nhsuk-table__cell">{computed}</td>
                </tr>
            }
        })
        .collect_view();
    let body = view! {
        <h1>"Universal capabilities"</h1>
        {selector}
        <p class="nhsuk-lede-text">{intro}</p>
        <p>{when}</p>
        {data_table("Progress on each universal capability", &["Capability", "Aims", "Average completeness", "Declared status", "Computed status"], rows)}
        {period.map(|p| super::widgets::csv_link("aims", p, footprint_code.as_deref()))}
    };
    render_page(meta, body)
}

/// What the organisations' returns and the rules say about a capability's aims.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CapabilityEvidence {
    /// Each organisation's own approved figures for the aims.
    pub org_figures: Vec<OrgAimFigure>,
    /// Each aim's computed status.
    pub statuses: Vec<AimStatus>,
}

pub fn capability_page(
    meta: PageMeta,
    footprint: FootprintSummary,
    period: Option<PeriodCode>,
    capability: CapabilityAims,
    rag_definitions: Vec<RagDefinition>,
    periods: Vec<(String, String)>,
    evidence: CapabilityEvidence,
) -> String {
    let CapabilityEvidence { org_figures, statuses } = evidence;
    let action = format!("/capabilities/{}", capability.number);
    let selector = period_selector(action, periods, period.map(|p| p.to_string()), meta.footprint.as_deref());
    let title = format!("Capability {}: {}", capability.number, capability.title);
    let footprint_code = meta.footprint.clone();
    let meta = PageMeta {
        title: title.clone(),
        nav: Some(Nav::Capabilities),
        breadcrumbs: vec![Crumb::new("Home", "/"), Crumb::new("Universal capabilities", "/capabilities")],
        data_period: period.map(PeriodCode::label).or(meta.data_period),
        ..meta
    };
    let caption = match period {
        Some(p) => format!("Aims of capability {}, {}", capability.number, p.label()),
        None => format!("Aims of capability {}", capability.number),
    };
    let definitions = rag_definitions
        .into_iter()
        .map(|d| {
            view! {
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">{rag_tag(Some(d.rag))}</dt>
                    <dd class="nhsuk-summary-list__value">{d.definition}</dd>
                </div>
            }
        })
        .collect_view();
    let csv = |table: &str| csv_href(&format!("/capabilities/{}/{table}.csv", capability.number), period, footprint_code.as_deref());
    let (aims_csv, organisations_csv) = (csv("aims"), csv("organisations"));
    let body = view! {
        <h1>{title}</h1>
        {selector}
        <p>{period_line(&footprint, period)}</p>
        <div class="ldr-table-scroll" tabindex="0" role="region" aria-label="Aims of this capability">
            {aims_table(caption, capability.aims, &statuses, AimsDetail::Full, footprint_code.as_deref())}
        </div>
        {page_csv_link(aims_csv)}
        <h2>"What each organisation reported"</h2>
        {organisation_figures(org_figures, &statuses, organisations_csv)}
        <h2>"What the RAG statuses mean"</h2>
        <dl class="nhsuk-summary-list">
            {definitions}
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">{rag_tag(None)}</dt>
                <dd class="nhsuk-summary-list__value">"No status was declared. The 2016 roadmap's RAG colours were lost."</dd>
            </div>
        </dl>
        <p>
            "The declared status is the one typed in a return. The computed status is worked out from the approved figures by the "
            <a href=in_footprint("/rules", footprint_code.as_deref())>"computed RAG rules"</a>
            "; each links to its reasons. “No data”: the rules had too little to go on."
        </p>
    };
    render_page(meta, body)
}

pub const ORGANISATION_FIGURE_HEADINGS: [&str; 6] = ["Aim", "Organisation", "Completeness", "Declared", "Computed", "Source"];

/// The organisations' figures table in the words it shows: its CSV download.
pub fn organisation_figures_table(figures: &[OrgAimFigure], statuses: &[AimStatus]) -> WordedTable {
    let rows = figures
        .iter()
        .map(|f| {
            let computed = statuses.iter().find(|s| s.code == f.aim).and_then(|s| s.for_organisation(f.organisation_id.0));
            vec![
                f.aim.clone(),
                f.organisation.clone(),
                percent_text(f.completeness.map(Percent::value), "No data"),
                f.rag.map_or("Not rated", Rag::label).to_string(),
                organisation_computed_words(f.rag, computed),
                provenance_text("", &f.provenance),
            ]
        })
        .collect();
    WordedTable { headings: ORGANISATION_FIGURE_HEADINGS.map(String::from).to_vec(), rows }
}

/// The organisations' own approved figures behind the footprint's, aim by aim.
fn organisation_figures(figures: Vec<OrgAimFigure>, statuses: &[AimStatus], csv_href: String) -> impl IntoView {
    if figures.is_empty() {
        return view! { <p>"No organisation has an approved return with figures for these aims in this quarter."</p> }.into_any();
    }
    let rows = figures
        .into_iter()
        .map(|f| {
            let computed = statuses.iter().find(|s| s.code == f.aim).and_then(|s| s.for_organisation(f.organisation_id.0));
            view! {
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="row">{f.aim.clone()}</th>
                    <td class="nhsuk-table__cell">{f.organisation}</td>
                    <td class="nhsuk-table__cell">{percent_text(f.completeness.map(Percent::value), "No data")}</td>
                    <td class="nhsuk-table__cell">{rag_tag(f.rag)}</td>
                    <td class="nhsuk-table__cell">{organisation_computed(f.rag, computed)}</td>
                    <td class="nhsuk-table__cell"><span class="nhsuk-body-s">{provenance_line("", &f.provenance)}</span></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {data_table("Organisations' own figures for each aim", &ORGANISATION_FIGURE_HEADINGS, rows)}
        {page_csv_link(csv_href)}
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Rag;
    use crate::views::fixtures::{capabilities, glos, periods, q1, rate, row_containing};

    fn definitions() -> Vec<RagDefinition> {
        [
            (Rag::Green, "Plans in place, existing initiatives underway, aim achieved"),
            (Rag::Amber, "Plans developed, new initiatives required"),
            (Rag::Red, "Further planning required, significant new initiatives required"),
        ]
        .into_iter()
        .map(|(rag, d)| RagDefinition { rag, definition: d.into() })
        .collect()
    }

    #[test]
    fn statuses_are_counted_in_words() {
        let c = |g, a, r, n| RagCounts { green: g, amber: a, red: r, not_rated: n };
        assert_eq!(rag_words(c(2, 1, 0, 0)), "2 green, 1 amber");
        assert_eq!(rag_words(c(0, 0, 1, 2)), "1 red, 2 not rated");
        assert_eq!(rag_words(c(0, 0, 0, 4)), "Not rated");
        assert_eq!(rag_words(c(0, 0, 0, 0)), "Not rated");
    }

    #[test]
    fn the_overview_lists_each_capability_with_its_average() {
        let mut caps = capabilities();
        rate(&mut caps, "4a", Rag::Green);
        rate(&mut caps, "4b", Rag::Green);
        rate(&mut caps, "4d", Rag::Amber);
        let html = capabilities_page(PageMeta::default(), glos(), Some(q1()), caps, periods(), &[]);
        assert_eq!(html.matches("<h1").count(), 1);
        assert!(html.contains("10 national capabilities with 25 aims"));
        let row = row_containing(&html, "href=\"/capabilities/9\"");
        // 9a-9d: (57 + 48 + 13 + 83) / 4 = 50.25, shown as a whole percentage.
        assert!(row.contains(">4<") && row.contains(">50 %<") && row.contains(">Not rated<"));
        assert!(row_containing(&html, "href=\"/capabilities/8\"").contains(">No data<"));
        assert!(row_containing(&html, "href=\"/capabilities/4\"").contains(">2 green, 1 amber, 1 not rated<"));
        assert!(html.contains("Figures for 2016/17 Q1."));
    }

    #[test]
    fn a_capability_page_shows_its_aims_in_full_and_what_rag_means() {
        let nine = capabilities().into_iter().find(|c| c.number == 9).unwrap();
        let html = capability_page(PageMeta::default(), glos(), Some(q1()), nine, definitions(), periods(), CapabilityEvidence::default());
        assert_eq!(html.matches("<h1").count(), 1);
        assert!(html.contains("<h1>Capability 9: GPs and community pharmacists can utilise electronic prescriptions</h1>"));
        assert!(html.contains(">Aims of capability 9, 2016/17 Q1<"));
        let row = row_containing(&html, ">9d<");
        assert!(row.contains("83 %") && row.contains("Goal met") && row.contains("Source: LDR 2016 E1.3, Table 5"));
        assert!(row_containing(&html, ">9a<").contains("Goal not set"));
        assert!(html.contains(">Narrative<"));
        assert!(html.contains("What the RAG statuses mean"));
        assert!(html.contains("nhsuk-tag--orange\">Amber</strong></dt><dd class=\"nhsuk-summary-list__value\">Plans developed"));
        assert!(html.contains("href=\"/capabilities\" class=\"nhsuk-breadcrumb__link\">Universal capabilities<"));
    }

    #[test]
    fn end_of_life_aims_have_no_data() {
        let eight = capabilities().into_iter().find(|c| c.number == 8).unwrap();
        let html = capability_page(PageMeta::default(), glos(), None, eight, definitions(), vec![], CapabilityEvidence::default());
        let row = row_containing(&html, ">8a<");
        assert!(row.contains("No data") && row.contains("Goal not set") && row.contains(">—<"));
        assert!(html.contains("No figures have been entered yet."));
    }
}
