//! The period selector at the top of the dashboard pages: a small GET form, so choosing a
//! quarter is a plain link-like request that works with JavaScript off and can be bookmarked.

use leptos::prelude::*;

/// "Show figures for [2016/17 Q1 ▾] [Show]", submitting `?period=<code>` to `action`.
/// `options` are (code, label) pairs, newest first; nothing is rendered when there are none,
/// because there is nothing to choose between. `footprint`: the footprint a reader of several
/// chose, kept by a hidden field (a GET form replaces the action's query).
pub fn period_selector(
    action: impl Into<String>,
    options: Vec<(String, String)>,
    selected: Option<String>,
    footprint: Option<&str>,
) -> impl IntoView {
    period_selector_keeping(action, options, selected, footprint, Vec::new())
}

/// [`period_selector`] for a page with choices of its own in its query (a method, filters):
/// `keep` are (name, value) pairs carried over as hidden fields, so changing the quarter
/// keeps them.
pub fn period_selector_keeping(
    action: impl Into<String>,
    options: Vec<(String, String)>,
    selected: Option<String>,
    footprint: Option<&str>,
    keep: Vec<(&'static str, String)>,
) -> impl IntoView {
    let action = action.into();
    let footprint = footprint.map(|code| view! { <input type="hidden" name="footprint" value=code.to_string()/> });
    let kept = keep.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value/> }).collect_view();
    (!options.is_empty()).then(move || {
        let options = options
            .into_iter()
            .map(|(code, label)| {
                let is_selected = selected.as_deref() == Some(code.as_str());
                view! { <option value=code selected=is_selected>{label}</option> }
            })
            .collect_view();
        view! {
            <form class="ldr-period-selector" action=action method="get" novalidate>
                {footprint}
                {kept}
                <div class="nhsuk-form-group">
                    // Its own id: a page may have a field named `period` of its own.
                    <label class="nhsuk-label" for="show-period">"Show figures for"</label>
                    <div class="nhsuk-hint" id="show-period-hint">
                        "Each figure is the latest approved up to the quarter you choose; its source says which quarter and return it came from."
                    </div>
                    <select class="nhsuk-select" id="show-period" name="period" aria-describedby="show-period-hint">{options}</select>
                </div>
                <button class="nhsuk-button nhsuk-button--secondary" type="submit" data-module="nhsuk-button">"Show"</button>
            </form>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(v: impl IntoView + 'static) -> String {
        Owner::new().with(|| v.to_html())
    }

    fn options() -> Vec<(String, String)> {
        vec![("2016-17-q2".into(), "2016/17 Q2".into()), ("2016-17-q1".into(), "2016/17 Q1".into())]
    }

    #[test]
    fn a_page_with_choices_of_its_own_keeps_them_when_the_quarter_changes() {
        let out = html(period_selector_keeping("/deployments", options(), None, Some("SYN01"), vec![("status", "committed".into())]));
        assert!(out.contains(r#"<input type="hidden" name="status" value="committed">"#), "{out}");
        assert!(out.contains(r#"<input type="hidden" name="footprint" value="SYN01">"#));
    }

    #[test]
    fn the_selector_is_a_labelled_get_form_with_the_current_period_selected() {
        let out = html(period_selector("/dma", options(), Some("2016-17-q1".into()), None));
        assert!(out.contains("action=\"/dma\"") && out.contains("method=\"get\""), "{out}");
        assert!(out.contains("<label class=\"nhsuk-label\" for=\"show-period\">Show figures for</label>"));
        assert!(out.contains("id=\"show-period\" name=\"period\""));
        assert!(out.contains("latest approved up to the quarter you choose"));
        assert!(out.contains("<option value=\"2016-17-q2\">2016/17 Q2</option>"), "{out}");
        assert!(out.contains("<option value=\"2016-17-q1\" selected>2016/17 Q1</option>"), "{out}");
        assert_eq!(out.matches(" selected").count(), 1);
        assert!(out.contains("nhsuk-button--secondary") && out.contains(">Show</button>"));
        assert!(!out.contains("method=\"post\""), "a GET form carries no CSRF token");
    }

    #[test]
    fn no_selector_when_there_is_nothing_to_choose() {
        assert!(!html(period_selector("/", vec![], None, None)).contains("<form"));
    }
}
