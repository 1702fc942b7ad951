//! `/national`: every footprint at a glance, for NHS England's reviewers (and a footprint's
//! PMO and Steering Group, their own highlighted). Sorting and the region filter are links
//! and a GET form, so the page works without JavaScript.

use leptos::prelude::*;

use super::gap_tables::WordedTable;
use super::layout::{render_page, Crumb, PageMeta};
use super::widgets::{page_csv_link, table_scroll};
use crate::analysis::LIKE_FOR_LIKE_METHOD;
use crate::domain::values::format_number;
use crate::facts::{NationalFootprint, NationalView, SortKey};

/// What the person asked for, to keep in links.
#[derive(Debug, Clone, PartialEq)]
pub struct NationalQuery {
    pub sort: SortKey,
    pub descending: bool,
    pub region: Option<String>,
    pub period: Option<String>,
}

impl NationalQuery {
    /// The page's address with these choices and one change.
    fn href(&self, sort: SortKey, descending: bool) -> String {
        let mut parts = vec![format!("sort={}", sort.code()), format!("dir={}", if descending { "desc" } else { "asc" })];
        if let Some(r) = &self.region {
            parts.push(format!("region={}", encode(r)));
        }
        if let Some(p) = &self.period {
            parts.push(format!("period={}", encode(p)));
        }
        format!("/national?{}", parts.join("&"))
    }
}

/// Percent-encoding for a query value (regions have spaces).
fn encode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn one_decimal(v: f64) -> String {
    format_number((v * 10.0).round() / 10.0)
}

fn signed(v: f64) -> String {
    let v = (v * 10.0).round() / 10.0;
    if v > 0.0 {
        format!("+{}", format_number(v))
    } else {
        format_number(v)
    }
}

/// `regions`: every region, for the filter, whatever the current filter shows.
pub fn national_page(meta: PageMeta, view: NationalView, regions: Vec<String>, query: NationalQuery, home: Option<String>) -> String {
    // The trail's start is this page: no "England" crumb before "Home".
    let meta = PageMeta { title: "England".into(), breadcrumbs: vec![Crumb::new("Home", "/")], nav: None, national_reader: false, ..meta };
    let period = view.period.map(|p| p.label());
    let intro = match (&period, &view.framework) {
        (Some(p), Some(f)) => format!(
            "Every footprint's figures as at {p}: aims by the status the footprint declared, and the {f} scores of its organisations."
        ),
        (Some(p), None) => format!("Every footprint's figures as at {p}."),
        _ => "No footprint has official figures yet.".to_string(),
    };
    let heading = |key: SortKey, label: String| {
        let active = query.sort == key;
        let next_desc = if active { !query.descending } else { !matches!(key, SortKey::Name | SortKey::Region) };
        let sort = match (active, query.descending) {
            (false, _) => "none",
            (true, true) => "descending",
            (true, false) => "ascending",
        };
        let href = query.href(key, next_desc);
        view! { <th class="nhsuk-table__header" scope="col" aria-sort=sort><a href=href>{label}</a></th> }
    };
    let plain = |label: String| view! { <th class="nhsuk-table__header" scope="col">{label}</th> };
    let csv_href = query.href(query.sort, query.descending).replacen("/national?", "/national.csv?", 1);
    let group_headings = view.groups.iter().map(|g| plain(format!("DMA mean: {g}"))).collect_view();
    let rows = view.footprints.iter().map(|f| row(f, home.as_deref())).collect_view();
    let caption = match &period {
        Some(p) => format!("Footprints in England as at {p}"),
        None => "Footprints in England".to_string(),
    };
    let table = view! {
        <table class="nhsuk-table ldr-national">
            <caption class="nhsuk-table__caption">{caption.clone()}</caption>
            <thead class="nhsuk-table__head">
                <tr class="nhsuk-table__row">
                    {heading(SortKey::Name, "Footprint".into())}
                    {heading(SortKey::Region, "Region".into())}
                    {heading(SortKey::Bodies, "Organisations making returns".into())}
                    {heading(SortKey::Practices, "GP practices".into())}
                    {plain("Aims green, amber".into())}
                    {heading(SortKey::Red, "Aims red".into())}
                    {heading(SortKey::NotRated, "Aims not rated".into())}
                    {heading(SortKey::Dma, "DMA mean".into())}
                    {plain("Mean its mix would give".into())}
                    {heading(SortKey::Difference, "Difference".into())}
                    {group_headings}
                    {heading(SortKey::Overdue, "Open quarter's returns".into())}
                </tr>
            </thead>
            <tbody class="nhsuk-table__body">{rows}</tbody>
        </table>
    };
    let region_options = regions
        .into_iter()
        .map(|r| {
            let selected = query.region.as_deref() == Some(r.as_str());
            view! { <option value=r.clone() selected=selected>{r.clone()}</option> }
        })
        .collect_view();
    let sort_code = query.sort.code();
    let dir = if query.descending { "desc" } else { "asc" };
    let period_value = query.period.clone();
    let count = format!("{} footprints shown.", view.footprints.len());
    render_page(
        meta,
        view! {
            <h1>"England"</h1>
            <p class="nhsuk-body-l">{intro}</p>
            <form method="get" action="/national" class="ldr-inline-form">
                <div class="nhsuk-form-group">
                    <label class="nhsuk-label" for="region">"Region"</label>
                    <select class="nhsuk-select" id="region" name="region">
                        <option value="">"All regions"</option>
                        {region_options}
                    </select>
                </div>
                <input type="hidden" name="sort" value=sort_code />
                <input type="hidden" name="dir" value=dir />
                {period_value.map(|p| view! { <input type="hidden" name="period" value=p /> })}
                <button class="nhsuk-button nhsuk-button--secondary" data-module="nhsuk-button" type="submit">"Show"</button>
            </form>
            <p>{count}</p>
            {table_scroll(caption, table)}
            {page_csv_link(csv_href)}
            <h2>"How the means are worked out"</h2>
            <p>{LIKE_FOR_LIKE_METHOD}</p>
            <p>"Aims are the footprint's own figures (its Table 5 return), by the status it declared; an aim with no status is not rated. \
               The open quarter's returns count the newest revision of each organisation's return and the footprint's own; \
               a return is overdue once its deadline has passed and it is neither submitted nor approved."</p>
        },
    )
}

/// The table's headings, the theme groups' means among them.
pub fn national_headings(view: &NationalView) -> Vec<String> {
    let mut h: Vec<String> = [
        "Footprint",
        "Region",
        "Organisations making returns",
        "GP practices",
        "Aims green, amber",
        "Aims red",
        "Aims not rated",
        "DMA mean",
        "Mean its mix would give",
        "Difference",
    ]
    .map(String::from)
    .to_vec();
    h.extend(view.groups.iter().map(|g| format!("DMA mean: {g}")));
    h.push("Open quarter's returns".to_string());
    h
}

/// One footprint's cells in words, after the first (its name and tags).
fn figure_cells(f: &NationalFootprint) -> Vec<String> {
    let bodies = f.bodies.iter().map(|(k, n)| format!("{n} {}", k.label().to_lowercase())).collect::<Vec<_>>().join(", ");
    let lfl = f.like_for_like;
    let mut cells = vec![
        f.region.clone().unwrap_or_else(|| "Not recorded".into()),
        format!("{}\n{bodies}", f.body_count()),
        f.practices.to_string(),
        format!("{} green, {} amber", f.aims.green, f.aims.amber),
        f.aims.red.to_string(),
        f.aims.not_rated.to_string(),
        lfl.map_or("No scores".to_string(), |l| one_decimal(l.plain)),
        lfl.map_or("No scores".to_string(), |l| one_decimal(l.expected)),
        lfl.map_or("No scores".to_string(), |l| signed(l.difference)),
    ];
    cells.extend(f.dma_by_group.iter().map(|m| m.map_or("No scores".to_string(), one_decimal)));
    cells.push(match f.open_quarter {
        Some(q) => {
            format!("{}: {} of {} submitted, {} approved, {} overdue", q.period.label(), q.submitted, q.expected, q.approved, q.overdue)
        }
        None => "No quarter open".to_string(),
    });
    cells
}

/// The table in words, in the order and region shown (`home`: the reader's own footprint,
/// tagged as on the page): the CSV download.
pub fn national_table(view: &NationalView, home: Option<&str>) -> WordedTable {
    let rows = view
        .footprints
        .iter()
        .map(|f| {
            let own = (home == Some(f.code.as_str())).then(|| "Your footprint".to_string());
            let synthetic = f.synthetic.then(|| "Synthetic".to_string());
            let name = [Some(f.name.clone()), own, synthetic].into_iter().flatten().collect::<Vec<_>>().join("\n");
            std::iter::once(name).chain(figure_cells(f)).collect()
        })
        .collect();
    WordedTable { headings: national_headings(view), rows }
}

fn row(f: &NationalFootprint, home: Option<&str>) -> impl IntoView {
    let href = format!("/?footprint={}", encode(&f.code));
    let own = home == Some(f.code.as_str());
    let mut cells = figure_cells(f);
    // The organisations making returns: their count, with the kinds under it.
    let bodies = cells.remove(1);
    let (body_count, kinds) = bodies.split_once('\n').map(|(n, k)| (n.to_string(), k.to_string())).unwrap_or_default();
    let region = cells.remove(0);
    let rest = cells.into_iter().map(|c| view! { <td class="nhsuk-table__cell">{c}</td> }).collect_view();
    let class = if own { "nhsuk-table__row ldr-own-footprint" } else { "nhsuk-table__row" };
    view! {
        <tr class=class>
            <th class="nhsuk-table__header" scope="row">
                <a href=href>{f.name.clone()}</a>
                {own.then(|| view! { " " <strong class="nhsuk-tag nhsuk-tag--blue">"Your footprint"</strong> })}
                {f.synthetic.then(|| view! { " " <strong class="nhsuk-tag nhsuk-tag--orange">"Synthetic"</strong> })}
            </th>
            <td class="nhsuk-table__cell">{region}</td>
            <td class="nhsuk-table__cell">{body_count}<span class="nhsuk-body-s ldr-block">{kinds}</span></td>
            {rest}
        </tr>
    }
}
