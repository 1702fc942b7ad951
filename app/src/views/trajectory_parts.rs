//! Pieces the trajectory pages and the organisation page share: a computed status as a tag
//! with its word and reason, the whole-system method (the form that chooses it and the
//! sentence that states it), and how system figures are written.

use leptos::prelude::*;

use super::layout::in_footprint;
use crate::analysis::computed_rag::{Computed, ComputedRag};
use crate::analysis::system_trajectory::{Against, Method, MethodChoice, PullsDown, SystemFigure, PULLS_DOWN_RULE};
use crate::analysis::{plan_standing_words, CapabilityJudged};
use crate::domain::values::format_number;
use crate::domain::PeriodCode;

/// A computed status as an NHS.UK tag, always with its word ("Green", "No data").
pub fn computed_tag(status: ComputedRag) -> impl IntoView {
    match status.rag() {
        Some(r) => view! { <strong class=r.tag_class()>{r.label()}</strong> }.into_any(),
        None => view! { <strong class="nhsuk-tag nhsuk-tag--grey">"No data"</strong> }.into_any(),
    }
}

/// The tag and, under it, the reason in words.
pub fn computed_cell(c: &Computed) -> impl IntoView {
    let words = c.in_words();
    view! {
        <td class="nhsuk-table__cell">
            {computed_tag(c.status)}
            <p class="nhsuk-body-s nhsuk-u-margin-top-1 nhsuk-u-margin-bottom-0">{words}</p>
        </td>
    }
}

/// "Ahead of plan" (from the variance and the rule's tolerance), as a cell.
pub fn standing_cell(c: &Computed) -> impl IntoView {
    view! { <td class="nhsuk-table__cell">{plan_standing_words(c)}</td> }
}

/// A system figure's number, or why there is none.
pub fn figure_text(f: &SystemFigure) -> String {
    f.value.map_or_else(|| "No figure".to_string(), format_number)
}

/// "+5", "−3" (a true minus sign), "0", or "—" without both figures.
pub fn signed(v: Option<f64>) -> String {
    match v {
        None => "—".to_string(),
        Some(d) if d.abs() < 0.005 => "0".to_string(),
        Some(d) if d > 0.0 => format!("+{}", format_number(d)),
        Some(d) => format!("−{}", format_number(-d)),
    }
}

/// "Lowest: GHFT (12); highest: GCS (58)."
pub fn spread_words(f: &SystemFigure) -> String {
    match (&f.lowest, &f.highest) {
        (Some((low, lv)), Some((high, hv))) => {
            let missing = if f.missing.is_empty() { String::new() } else { format!(" Not assessed: {}.", f.missing.join(", ")) };
            format!("Lowest: {low} ({}); highest: {high} ({}).{missing}", format_number(*lv), format_number(*hv))
        }
        _ => "No organisation has an approved score.".to_string(),
    }
}

/// "GHFT: 30, 20 points behind its own plan of 50."
pub fn pulls_down_words(p: Option<&PullsDown>) -> String {
    match p {
        None => "None: no organisation is behind its plan or below the whole-system figure.".to_string(),
        Some(p) => {
            let against = match p.against {
                Against::Plan(plan) => format!("its own plan of {}", format_number(plan)),
                Against::System(system) => format!("the whole-system figure of {}", format_number(system)),
            };
            format!("{}: {}, {} points below {against}.", p.name, format_number(p.actual), format_number(p.by))
        }
    }
}

/// The address of a trajectory page with the quarter and method kept.
pub fn page_href(path: &str, period: PeriodCode, method: Method, footprint: Option<&str>) -> String {
    let method = if method == Method::Mean { String::new() } else { format!("&method={}", method.code()) };
    in_footprint(&format!("{path}?period={period}{method}"), footprint)
}

/// "Whole-system figure [Mean ▾] [Show]": a GET form keeping the quarter and footprint.
pub fn method_form(action: String, choice: &MethodChoice, period: PeriodCode, footprint: Option<&str>) -> impl IntoView {
    let footprint = footprint.map(|code| view! { <input type="hidden" name="footprint" value=code.to_string()/> });
    let options = Method::ALL
        .into_iter()
        .map(|m| {
            let selected = m == choice.asked;
            view! { <option value=m.code() selected=selected>{m.label()}</option> }
        })
        .collect_view();
    view! {
        <form class="ldr-period-selector" action=action method="get" novalidate>
            {footprint}
            <input type="hidden" name="period" value=period.to_string()/>
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="system-method">"Whole-system figure"</label>
                <select class="nhsuk-select" id="system-method" name="method">{options}</select>
            </div>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit" data-module="nhsuk-button">"Show"</button>
        </form>
    }
}

/// The method in words, and, when weighted was asked for but cannot be used, why not.
pub fn method_statement(choice: &MethodChoice) -> impl IntoView {
    let stated = format!(
        "The whole-system figure is {}. An organisation with no figure is left out, never counted as zero.",
        choice.used.in_words()
    );
    let fallback = (choice.asked != choice.used).then(|| {
        let why = format!(
            "Weighted by staff headcount is not available: no staff headcount is recorded for {}. The figures below use the mean instead.",
            choice.without_size.join(", ")
        );
        view! {
            <div class="nhsuk-inset-text">
                <span class="nhsuk-u-visually-hidden">"Information: "</span>
                <p>{why}</p>
            </div>
        }
    });
    view! { <p>{stated}</p> {fallback} }
}

/// The rule for "pulls the system down most", as the pages state it.
pub fn pulls_down_rule() -> impl IntoView {
    view! { <p class="nhsuk-body-s">{PULLS_DOWN_RULE}</p> }
}

/// The capability's whole-system figures as a summary list.
pub fn system_summary(j: &CapabilityJudged, period: PeriodCode) -> impl IntoView {
    let year = period.year.label();
    let rows: Vec<(String, AnyView)> = vec![
        ("Baseline".into(), figure_text(&j.baseline).into_any()),
        (format!("Plan for {year}"), figure_text(&j.plan).into_any()),
        (format!("Actual as at {}", period.label()), figure_text(&j.actual).into_any()),
        ("Actual minus plan".into(), signed(j.variance).into_any()),
        ("Against plan".into(), plan_standing_words(&j.computed).into_any()),
        ("Computed status".into(), view! { {computed_tag(j.computed.status)} " " {j.computed.in_words()} }.into_any()),
        ("Spread".into(), spread_words(&j.actual).into_any()),
        ("Pulls the system down most".into(), pulls_down_words(j.pulls_down.as_ref()).into_any()),
    ];
    let rows = rows
        .into_iter()
        .map(|(key, value)| {
            view! {
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">{key}</dt>
                    <dd class="nhsuk-summary-list__value">{value}</dd>
                </div>
            }
        })
        .collect_view();
    view! { <dl class="nhsuk-summary-list">{rows}</dl> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::system_trajectory::choose_method;

    fn html(v: impl IntoView + 'static) -> String {
        Owner::new().with(|| v.to_html())
    }

    #[test]
    fn weighted_without_sizes_says_plainly_it_is_not_available_and_that_the_mean_is_shown() {
        let choice = choose_method(Method::Weighted, &[("GHFT".into(), Some(7000)), ("GCS <&>".into(), None)]);
        let out = html(method_statement(&choice));
        assert!(out.contains("The whole-system figure is the mean (plain average)"), "{out}");
        assert!(out.contains("no staff headcount is recorded for GCS &lt;&amp;&gt;. The figures below use the mean instead."), "{out}");
        let asked = html(method_statement(&choice_of(Method::Minimum)));
        assert!(asked.contains("the lowest organisation's figure") && !asked.contains("not available"), "{asked}");
    }

    fn choice_of(m: Method) -> MethodChoice {
        choose_method(m, &[])
    }

    #[test]
    fn computed_statuses_are_tags_with_their_word_and_differences_carry_a_true_minus() {
        assert!(html(computed_tag(ComputedRag::NoData)).contains(">No data<"));
        assert!(html(computed_tag(ComputedRag::Amber)).contains("nhsuk-tag--orange\">Amber<"));
        assert_eq!(
            (signed(Some(-3.0)), signed(Some(2.5)), signed(Some(0.001)), signed(None)),
            ("−3".into(), "+2.5".into(), "0".into(), "—".into())
        );
        let p = PullsDown { name: "GHFT".into(), actual: 30.0, against: Against::Plan(50.0), by: 20.0 };
        assert_eq!(pulls_down_words(Some(&p)), "GHFT: 30, 20 points below its own plan of 50.");
        let path = page_href("/trajectories/records", "2016-17-q2".parse().unwrap(), Method::Minimum, Some("SYN01"));
        assert_eq!(path, "/trajectories/records?period=2016-17-q2&method=minimum&footprint=SYN01");
    }
}
