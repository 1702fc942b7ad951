//! `/gaps`: where the footprint is off course. The aims worst first, each organisation's DMA
//! themes biggest gap first, and the gap register with its initiatives in priority order; a
//! GET form of filters (works with JavaScript off) and a CSV download of every table.

use leptos::prelude::*;

use super::aims_table::computed_tag;
use super::gap_tables::{initiatives_table, register_table, WordedTable, AIM_TAGS};
use super::layout::{in_footprint, render_page, Crumb, Nav, PageMeta};
use super::widgets::{data_table, rag_tag};
use crate::analysis::computed_rag::ComputedRag;
use crate::analysis::initiative_priority::METHOD;
use crate::domain::{PeriodCode, Rag};
use crate::facts::{FootprintSummary, GapFilters, GapRegister, AIMS_ORDER};

/// What each filter may be set to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FilterChoices {
    /// (code, name) of the footprint's organisations.
    pub organisations: Vec<(String, String)>,
    /// (number, title) of the universal capabilities.
    pub capabilities: Vec<(i64, String)>,
    /// The framework's theme groups, in its order.
    pub theme_groups: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GapsData {
    pub footprint: FootprintSummary,
    pub period: Option<PeriodCode>,
    /// (code, label) of the quarters with figures, newest first.
    pub periods: Vec<(String, String)>,
    pub filters: GapFilters,
    pub choices: FilterChoices,
    /// The aims table, worst first, and each row's explanation page (None: no aim figures).
    pub aims: Option<(WordedTable, Vec<String>)>,
    /// The DMA gaps table, biggest first (None: no scores as at the quarter).
    pub dma: Option<WordedTable>,
    pub register: GapRegister,
    /// The PMO: the register's rows link to their forms.
    pub can_edit: bool,
    /// The filters as a query string (`?period=..&..`, encoded), kept in the CSV links.
    pub query: String,
}

pub fn gaps_page(meta: PageMeta, data: GapsData) -> String {
    let period = data.period.map(|p| p.label());
    let meta = PageMeta {
        title: "Gap analysis".into(),
        nav: Some(Nav::Gaps),
        breadcrumbs: vec![Crumb::new("Home", "/")],
        data_period: period.clone(),
        ..meta
    };
    let intro = format!(
        "Where {} is off course{}: each aim against its goal, each organisation's digital maturity against the national average, \
         the average of its own kind and its own plan, and the roadmap's gap register with its initiatives in priority order.",
        data.footprint.name,
        period.as_ref().map(|p| format!(" as at {p}")).unwrap_or_default()
    );
    let filters = filter_form(&data, meta.footprint.as_deref());
    let query = data.query.clone();
    let rules = in_footprint("/rules", meta.footprint.as_deref());
    let body = view! {
        <h1>"Gap analysis"</h1>
        <p class="nhsuk-lede-text">{intro}</p>
        {filters}
        {aims_section(data.aims, &query)}
        {dma_section(data.dma, &query, period, rules)}
        {register_section(&data.register, data.can_edit, &query)}
    };
    render_page(meta, body)
}

fn select(
    id: &'static str,
    label: &'static str,
    all: &'static str,
    options: Vec<(String, String)>,
    chosen: Option<String>,
) -> impl IntoView {
    let all = (!all.is_empty()).then(|| view! { <option value="">{all}</option> });
    let options = options
        .into_iter()
        .map(|(value, text)| {
            let selected = chosen.as_deref() == Some(value.as_str());
            view! { <option value=value selected=selected>{text}</option> }
        })
        .collect_view();
    view! {
        <div class="nhsuk-form-group">
            <label class="nhsuk-label" for=id>{label}</label>
            <select class="nhsuk-select" id=id name=id>{all}{options}</select>
        </div>
    }
}

/// A capability's title cut to fit a select on a phone; the number says which it is.
fn short(title: &str) -> String {
    const MAX: usize = 60;
    if title.chars().count() <= MAX {
        return title.to_string();
    }
    let cut: String = title.chars().take(MAX).collect();
    format!("{}…", cut.trim_end())
}

fn filter_form(data: &GapsData, footprint: Option<&str>) -> impl IntoView {
    let footprint = footprint.map(|code| view! { <input type="hidden" name="footprint" value=code.to_string()/> });
    let f = &data.filters;
    let c = &data.choices;
    let period = data.period.map(|p| p.to_string());
    let capabilities = c.capabilities.iter().map(|(n, t)| (n.to_string(), format!("{n}. {}", short(t)))).collect();
    let groups = c.theme_groups.iter().map(|g| (g.clone(), g.clone())).collect();
    view! {
        <form class="ldr-gap-filters" action="/gaps" method="get" novalidate>
            {footprint}
            <fieldset class="nhsuk-fieldset">
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"Filter the tables"</legend>
                <div class="nhsuk-hint">"The organisation and theme group narrow the digital maturity table; the capability narrows the aims. Each figure is the latest approved up to the quarter you choose."</div>
                {select("period", "Quarter", "", data.periods.clone(), period)}
                {select("organisation", "Organisation", "All organisations", c.organisations.clone(), f.organisation.clone())}
                {select("capability", "Capability", "All capabilities", capabilities, f.capability.map(|n| n.to_string()))}
                {select("theme_group", "Theme group", "All theme groups", groups, f.theme_group.clone())}
            </fieldset>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit" data-module="nhsuk-button">"Apply filters"</button>
        </form>
    }
}

fn csv_link(stem: &str, what: &str, query: &str) -> impl IntoView {
    let href = format!("/gaps/{stem}.csv{query}");
    view! { <p><a href=href download="">{format!("Download {what} (CSV)")}</a></p> }
}

/// A status word as its tag: the word and the colour.
fn status_tag(word: &str) -> AnyView {
    match Rag::ALL.into_iter().find(|r| r.label() == word) {
        Some(r) => rag_tag(Some(r)).into_any(),
        None => view! { <strong class="nhsuk-tag nhsuk-tag--grey">{word.to_string()}</strong> }.into_any(),
    }
}

/// A status word's computed status, to draw its tag.
fn computed_of(word: &str) -> ComputedRag {
    ComputedRag::ALL.into_iter().find(|c| c.rag().map_or("No data", |r| r.label()) == word).unwrap_or(ComputedRag::NoData)
}

/// A worded table, the columns in `tags` shown as tags; the first tag column links to each
/// row's explanation in `hrefs`, when given. The first column heads its row.
pub fn worded_table(caption: String, table: WordedTable, tags: &[usize], hrefs: Option<Vec<String>>) -> impl IntoView {
    let mut hrefs = hrefs.map(Vec::into_iter);
    let first_tag = tags.first().copied();
    let body = table
        .rows
        .into_iter()
        .map(|row| {
            let href = hrefs.as_mut().and_then(Iterator::next);
            let cells = row
                .into_iter()
                .enumerate()
                .map(|(i, cell)| match i {
                    0 => view! { <th class="nhsuk-table__header" scope="row">{cell}</th> }.into_any(),
                    i if Some(i) == first_tag => {
                        view! { <td class="nhsuk-table__cell">{computed_tag(computed_of(&cell), href.clone())}</td> }.into_any()
                    }
                    i if tags.contains(&i) => view! { <td class="nhsuk-table__cell">{status_tag(&cell)}</td> }.into_any(),
                    _ => view! { <td class="nhsuk-table__cell">{cell}</td> }.into_any(),
                })
                .collect_view();
            view! { <tr class="nhsuk-table__row">{cells}</tr> }
        })
        .collect_view();
    data_table(caption, &table.headings, body)
}

fn aims_section(aims: Option<(WordedTable, Vec<String>)>, query: &str) -> impl IntoView {
    let content = match aims {
        Some((table, _)) if table.rows.is_empty() => view! { <p>"No aims match the filters."</p> }.into_any(),
        Some((table, hrefs)) => view! {
            <p>{format!("Each aim's figures and statuses are its computed status's own (the rate achieved is the rule's least-squares line). {AIMS_ORDER}")}</p>
            {worded_table("Aims against their goals, worst first".into(), table, &AIM_TAGS, Some(hrefs))}
            {csv_link("aims", "the aims", query)}
        }
        .into_any(),
        None => view! { <p>"No aim figures have been recorded yet."</p> }.into_any(),
    };
    view! { <h2 id="aims">"Aims against their goals"</h2> {content} }
}

fn dma_section(dma: Option<WordedTable>, query: &str, period: Option<String>, rules: String) -> impl IntoView {
    let explain = "A gap is the comparator less the score: behind it when the score is lower, ahead of it when higher. \
                   The national average is the DMA page's reference column; its own kind is the most specific peer group \
                   containing the organisation's kind; its own plan is its planned score for the year. The computed status \
                   follows the DMA theme rule: against its own plan, else its kind's average.";
    let content = match dma {
        None => view! { <p>"No digital maturity scores have been recorded as at this quarter."</p> }.into_any(),
        Some(t) if t.rows.is_empty() => view! { <p>"No organisation or theme matches the filters."</p> }.into_any(),
        Some(t) => {
            let caption = format!("Digital maturity gaps by organisation and theme, biggest first, {}", period.unwrap_or_default());
            view! {
                <p>{explain}" "<a href=rules>"How statuses are computed"</a></p>
                {worded_table(caption, t, &[7], None)}
                {csv_link("dma", "the digital maturity gaps", query)}
            }
            .into_any()
        }
    };
    view! { <h2 id="dma">"Digital maturity gaps"</h2> {content} }
}

fn change_links(path: String, what: String) -> impl IntoView {
    let remove = format!("{path}/remove");
    let (w1, w2) = (what.clone(), what);
    view! {
        <td class="nhsuk-table__cell">
            <a href=path>"Change"<span class="nhsuk-u-visually-hidden">{format!(" {w1}")}</span></a>" "
            <a href=remove>"Remove"<span class="nhsuk-u-visually-hidden">{format!(" {w2}")}</span></a>
        </td>
    }
}

/// The register: its gaps, then its initiatives in priority order, the PMO's with links to change them.
fn register_section(register: &GapRegister, can_edit: bool, query: &str) -> impl IntoView {
    let gaps = register_table(register);
    let ids: Vec<i64> = register.areas.iter().flat_map(|a| a.gaps.iter().map(|g| g.id)).collect();
    let mut headings = gaps.headings.clone();
    if can_edit {
        headings.push("Change".into());
    }
    let gap_rows = gaps
        .rows
        .into_iter()
        .zip(ids)
        .map(|(cells, id)| {
            let links = can_edit.then(|| change_links(format!("/gaps/register/gaps/{id}"), format!("gap: {}", cells[1])));
            let [area, gap] = [cells[0].clone(), cells[1].clone()];
            view! {
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="row">{area}</th>
                    <td class="nhsuk-table__cell">{gap}</td>
                    {links}
                </tr>
            }
        })
        .collect_view();
    let initiatives = initiatives_table(register);
    let ids: Vec<i64> = register.prioritised().into_iter().map(|(_, i)| i.id).collect();
    let mut i_headings = initiatives.headings.clone();
    if can_edit {
        i_headings.push("Change".into());
    }
    let initiative_rows = initiatives
        .rows
        .into_iter()
        .zip(ids)
        .map(|(cells, id)| {
            let links = can_edit.then(|| change_links(format!("/gaps/register/initiatives/{id}"), format!("initiative: {}", cells[1])));
            let mut cells = cells.into_iter();
            let first = cells.next().unwrap_or_default();
            let rest = cells.map(|c| view! { <td class="nhsuk-table__cell">{c}</td> }).collect_view();
            view! {
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="row">{first}</th>
                    {rest}
                    {links}
                </tr>
            }
        })
        .collect_view();
    let add_gap = can_edit.then(|| view! { <p><a href="/gaps/register/gaps/new">"Add a gap"</a></p> });
    let add_initiative = can_edit.then(|| view! { <p><a href="/gaps/register/initiatives/new">"Add an initiative"</a></p> });
    view! {
        <h2 id="register">"Gap register"</h2>
        <p>"The roadmap's gaps against its strategic goals (its Table 10), area by area."</p>
        {data_table("Gaps against strategic goals", &headings, gap_rows)}
        {add_gap}
        {csv_link("register", "the gap register", query)}
        <h3 id="initiatives">"Initiatives in priority order"</h3>
        <p>{format!("Each initiative is scored against the four criteria of the roadmap's section H1.4. {METHOD}")}</p>
        {data_table("Initiatives in priority order", &i_headings, initiative_rows)}
        {add_initiative}
        {csv_link("initiatives", "the initiatives", query)}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::initiative_priority::{Criteria, Enabler};
    use crate::facts::{RegisterArea, RegisterGap, RegisterInitiative};
    use crate::views::fixtures::glos;

    fn data(can_edit: bool) -> GapsData {
        let criteria = Criteria { universal_capability: true, stp_objective: false, whole_system: false, enabler: Enabler::None };
        GapsData {
            footprint: glos(),
            period: None,
            periods: vec![],
            filters: GapFilters::default(),
            choices: FilterChoices::default(),
            aims: None,
            dma: None,
            register: GapRegister {
                areas: vec![RegisterArea {
                    id: 1,
                    name: "Infrastructure".into(),
                    gaps: vec![RegisterGap { id: 7, text: "<script>alert(1)</script>".into(), version: 1 }],
                }],
                initiatives: vec![RegisterInitiative { id: 3, title: "SSO".into(), description: String::new(), criteria, version: 1 }],
            },
            can_edit,
            query: "?organisation=RTE&theme_group=A".into(),
        }
    }

    #[test]
    fn the_pmo_gets_links_to_every_form_and_nobody_else_does() {
        let html = gaps_page(PageMeta::default(), data(true));
        for href in
            ["/gaps/register/gaps/new", "/gaps/register/gaps/7", "/gaps/register/gaps/7/remove", "/gaps/register/initiatives/3/remove"]
        {
            assert!(html.contains(&format!("href=\"{href}\"")), "{href}");
        }
        let html = gaps_page(PageMeta::default(), data(false));
        assert!(!html.contains("/gaps/register/"));
    }

    #[test]
    fn register_text_is_escaped_and_the_csv_links_keep_the_filters() {
        let html = gaps_page(PageMeta::default(), data(false));
        assert!(!html.contains("<script>alert") && html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("href=\"/gaps/register.csv?organisation=RTE&amp;theme_group=A\""), "{html}");
        assert!(html.contains("No digital maturity scores have been recorded") && html.contains("No aim figures"));
    }

    #[test]
    fn long_capability_titles_are_cut_for_the_select() {
        assert_eq!(short("Patients can access their GP record"), "Patients can access their GP record");
        let long = short(&"word ".repeat(30));
        assert!(long.ends_with('…') && long.chars().count() <= 61, "{long}");
    }
}
