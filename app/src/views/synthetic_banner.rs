//! The banner on every page about a footprint `ldr generate` made, so nobody takes its
//! figures for real NHS data (an NHS.UK warning callout, above the page's own heading).

use leptos::prelude::*;

pub fn banner() -> impl IntoView {
    view! {
        <div class="nhsuk-warning-callout" id="synthetic-data">
            <h2 class="nhsuk-warning-callout__label">
                <span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>"Synthetic data"</span>
            </h2>
            <p>
                "This footprint, its organisations and its figures were made up by a generator to "
                "demonstrate and test the service. They are not real NHS data."
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use crate::views::layout::{render_page, PageMeta};
    use leptos::prelude::*;

    #[test]
    fn a_page_about_a_synthetic_footprint_says_it_is_not_real_nhs_data_and_others_do_not() {
        let page = |synthetic| render_page(PageMeta { title: "Home".into(), synthetic, ..Default::default() }, view! { <h1>"Home"</h1> });
        let html = page(true);
        assert!(html.contains("nhsuk-warning-callout") && html.contains("Synthetic data"), "{html}");
        assert!(html.contains("They are not real NHS data."));
        assert!(!page(false).contains("synthetic-data"));
    }
}
