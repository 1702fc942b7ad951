//! `/aims/{code}`: why an aim's computed status is what it is: the rule and its version, the
//! figures used with where they came from, the projection (a chart and its table), and when
//! the status last changed.

use leptos::prelude::*;

use super::aims_table::{capitalise, computed_tag, goal_text, organisation_computed, organisation_computed_words};
use super::gap_tables::WordedTable;
use super::layout::{in_footprint, render_page, Crumb, Nav, PageMeta};
use super::period_selector::period_selector;
use super::widgets::{csv_href, data_table, page_csv_link, percent, percent_text, provenance_line, provenance_text, rag_tag, worded_rows};
use crate::analysis::computed_rag::{least_squares, ComputedRag, Reason};
use crate::charts::{aim_projection_chart, projection_quarters};
use crate::domain::values::format_number;
use crate::domain::{Percent, PeriodCode, Rag};
use crate::facts::{AimStatus, Evidence, OrgAimFigure, Provenance, EVIDENCE_RULE, ORGANISATIONS_METHOD};

#[derive(Debug, Clone, PartialEq)]
pub struct AimExplained {
    pub status: AimStatus,
    /// Where the footprint's own figure came from.
    pub footprint_provenance: Option<Provenance>,
    /// Each organisation's figure as at the quarter, with its provenance.
    pub organisations: Vec<OrgAimFigure>,
    /// The computed status in each quarter with figures (up to three years), oldest first,
    /// with the rules version that judged it.
    pub history: Vec<(PeriodCode, ComputedRag, u32)>,
    pub periods: Vec<(String, String)>,
}

/// "Computed amber since 2016/17 Q3", or since the start of the history shown.
pub fn since_words(history: &[(PeriodCode, ComputedRag, u32)]) -> Option<String> {
    let (_, now, _) = *history.last()?;
    let start = history.iter().rev().take_while(|(_, s, _)| *s == now).last().map(|(p, _, _)| *p)?;
    let changed = history.len() > history.iter().rev().take_while(|(_, s, _)| *s == now).count();
    Some(if changed {
        format!("Computed {} since {} (it changed that quarter).", now.word(), start.label())
    } else {
        format!("Computed {} in every quarter shown, since {}.", now.word(), start.label())
    })
}

pub fn aim_explained_page(meta: PageMeta, data: AimExplained) -> String {
    let s = data.status;
    let footprint = meta.footprint.clone();
    let title = format!("Aim {}: its computed status", s.code);
    let action = format!("/aims/{}", s.code);
    let selector = period_selector(action, data.periods, Some(s.as_at.to_string()), footprint.as_deref());
    let meta = PageMeta {
        title: title.clone(),
        nav: Some(Nav::Capabilities),
        breadcrumbs: vec![
            Crumb::new("Home", "/"),
            Crumb::new(format!("Capability {}", s.capability), format!("/capabilities/{}", s.capability)),
        ],
        data_period: Some(s.as_at.label()),
        ..meta
    };
    let Reason::Aim(reason) = &s.computed.reason else { return render_page(meta, view! { <h1>{title}</h1> }) };
    let used: Vec<(PeriodCode, f64)> = reason.used.iter().map(|(p, v)| (*p, v.value())).collect();
    let line = least_squares(&used).filter(|_| used.len() >= 2);
    let goal = s.goal.map(|g| (g.by, g.value.value()));
    let chart = aim_projection_chart(&format!("Aim {}: approved figures, rate of progress and goal", s.code), &used, line, goal);
    let projection = projection_table(&s).unwrap_or_default();
    let csv = |table: &str| csv_href(&format!("/aims/{}/{table}.csv", s.code), Some(s.as_at), footprint.as_deref());
    let (projection_csv, organisations_csv, history_csv) = (csv("projection"), csv("organisations"), csv("history"));
    let skipped = (!reason.not_assessed.is_empty()).then(|| {
        let list = reason.not_assessed.iter().map(|p| p.label()).collect::<Vec<_>>().join(", ");
        view! { <p>{format!("Returned as not assessed, and skipped: {list}.")}</p> }
    });
    let judged_on = match s.judged_on {
        Evidence::Footprint => "The footprint's own figures (its Table 5 return)",
        Evidence::Organisations => "The organisations' figures",
    };
    let organisations = organisations_section(data.organisations, &s, organisations_csv);
    let history = history_table(&data.history)
        .rows
        .into_iter()
        .zip(&data.history)
        .map(|(words, (_, status, _))| {
            let [quarter, _, rules]: [String; 3] = words.try_into().unwrap_or_default();
            view! {
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="row">{quarter}</th>
                    <td class="nhsuk-table__cell">{computed_tag(*status, None)}</td>
                    <td class="nhsuk-table__cell">{rules}</td>
                </tr>
            }
        })
        .collect_view();
    let since = since_words(&data.history);
    let difference = s.difference().map(|d| capitalise(&d.in_words())).unwrap_or_else(|| "None".into());
    let rules_href = in_footprint("/rules", footprint.as_deref());
    let org_figure = s.organisations_figure.map_or_else(
        || "No organisation has an approved figure".to_string(),
        |g| match g.organisations {
            1 => format!("{} (the figure of 1 organisation)", percent(g.value.value())),
            n => format!("{} (the mean of {n} organisations)", percent(g.value.value())),
        },
    );
    let row = |key: &'static str, value: AnyView| {
        view! {
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">{key}</dt>
                <dd class="nhsuk-summary-list__value">{value}</dd>
            </div>
        }
    };
    let body = view! {
        <h1>{title}</h1>
        <p class="nhsuk-lede-text">{s.text.clone()}</p>
        {selector}
        <dl class="nhsuk-summary-list">
            {row("Computed", view! { {computed_tag(s.computed.status, None)} }.into_any())}
            {row("Declared", view! { {rag_tag(s.declared)} }.into_any())}
            {row("Difference", view! { {difference} }.into_any())}
            {row("Why", view! { {s.computed.in_words()} }.into_any())}
            {row("Judged on", view! { {judged_on}". "{EVIDENCE_RULE} }.into_any())}
            {row("Footprint's figure", view! { {percent_text(s.footprint_figure.map(Percent::value), "No data")} }.into_any())}
            {row("Organisations give", view! { {org_figure}<br/><span class="nhsuk-body-s">{format!("Method: {ORGANISATIONS_METHOD}.")}</span> }.into_any())}
            {row("Goal", view! { {goal_text(s.goal.map(|g| (g.by.year, g.value)))} }.into_any())}
            {row("Rules", view! {
                {format!("Version {}, in force from {}. ", s.computed.rules.version, s.computed.rules.effective_from.label())}
                <a href=rules_href>"The rules in words"</a>
            }.into_any())}
            {row("Status last changed", view! { {since.unwrap_or_else(|| "No history yet.".into())} }.into_any())}
        </dl>
        <h2>"The projection"</h2>
        <div class="ldr-chart" inner_html=chart></div>
        {skipped}
        {data_table("Approved figures used and the rate-of-progress line, by quarter", &projection.headings, worded_rows(projection.rows))}
        {page_csv_link(projection_csv)}
        <h2>"Where the figures come from"</h2>
        {data.footprint_provenance.map(|p| view! { <p>{provenance_line("The footprint's figure: ", &p)}</p> })}
        {organisations}
        <h2>"The computed status over time"</h2>
        {data_table("The computed status in each quarter with figures", &HISTORY_HEADINGS, history)}
        {page_csv_link(history_csv)}
    };
    render_page(meta, body)
}

/// The projection's table in words (None when the status is not an aim rule's): each quarter
/// from the first figure used to the goal's year, its approved figure and the line's value.
pub fn projection_table(s: &AimStatus) -> Option<WordedTable> {
    let Reason::Aim(reason) = &s.computed.reason else { return None };
    let used: Vec<(PeriodCode, f64)> = reason.used.iter().map(|(p, v)| (*p, v.value())).collect();
    let line = least_squares(&used).filter(|_| used.len() >= 2);
    let until = s.goal.map(|g| g.by).unwrap_or(s.as_at);
    let rows = projection_quarters(&used, until)
        .into_iter()
        .map(|q| {
            let figure = used.iter().find(|(p, _)| *p == q).map(|(_, v)| percent(*v)).unwrap_or_else(|| "—".into());
            let on_line = line.map(|l| format!("{} %", format_number((l.at(q) * 10.0).round() / 10.0))).unwrap_or_else(|| "—".into());
            vec![q.label(), figure, on_line]
        })
        .collect();
    Some(WordedTable { headings: ["Quarter", "Approved figure used", "On the line"].map(String::from).to_vec(), rows })
}

pub const HISTORY_HEADINGS: [&str; 3] = ["Quarter", "Computed", "Rules"];

/// The computed status in each quarter, in words.
pub fn history_table(history: &[(PeriodCode, ComputedRag, u32)]) -> WordedTable {
    let rows = history
        .iter()
        .map(|(p, status, version)| vec![p.label(), status.rag().map_or("No data", Rag::label).to_string(), format!("Version {version}")])
        .collect();
    WordedTable { headings: HISTORY_HEADINGS.map(String::from).to_vec(), rows }
}

pub const ORGANISATION_HEADINGS: [&str; 5] = ["Organisation", "Figure", "Declared", "Computed", "Source"];

/// Each organisation's figure for the aim, in words.
pub fn organisations_table(figures: &[OrgAimFigure], status: &AimStatus) -> WordedTable {
    let rows = figures
        .iter()
        .map(|f| {
            vec![
                f.organisation.clone(),
                percent_text(f.completeness.map(Percent::value), "Not assessed"),
                f.rag.map_or("Not rated", Rag::label).to_string(),
                organisation_computed_words(f.rag, status.for_organisation(f.organisation_id.0)),
                provenance_text("", &f.provenance),
            ]
        })
        .collect();
    WordedTable { headings: ORGANISATION_HEADINGS.map(String::from).to_vec(), rows }
}

fn organisations_section(figures: Vec<OrgAimFigure>, status: &AimStatus, csv_href: String) -> impl IntoView {
    if figures.is_empty() {
        return view! { <p>"No organisation has an approved figure for this aim up to this quarter."</p> }.into_any();
    }
    let rows = figures
        .into_iter()
        .map(|f| {
            view! {
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="row">{f.organisation}</th>
                    <td class="nhsuk-table__cell">{percent_text(f.completeness.map(Percent::value), "Not assessed")}</td>
                    <td class="nhsuk-table__cell">{rag_tag(f.rag)}</td>
                    <td class="nhsuk-table__cell">{organisation_computed(f.rag, status.for_organisation(f.organisation_id.0))}</td>
                    <td class="nhsuk-table__cell">{provenance_line("", &f.provenance)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {data_table("Each organisation's latest approved figure", &ORGANISATION_HEADINGS, rows)}
        {page_csv_link(csv_href)}
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(code: &str) -> PeriodCode {
        code.parse().unwrap()
    }

    #[test]
    fn the_status_is_said_to_have_changed_in_the_first_quarter_of_its_latest_run() {
        let h =
            [(q("2016-17-q1"), ComputedRag::NoData, 1), (q("2016-17-q2"), ComputedRag::Amber, 1), (q("2016-17-q3"), ComputedRag::Amber, 2)];
        assert_eq!(since_words(&h).as_deref(), Some("Computed amber since 2016/17 Q2 (it changed that quarter)."));
        assert_eq!(since_words(&h[1..]).as_deref(), Some("Computed amber in every quarter shown, since 2016/17 Q2."));
        assert_eq!(since_words(&[]), None);
    }
}
