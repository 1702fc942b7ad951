//! Text inside a `<textarea>`. The view library (tachys 0.2) writes a textarea's children
//! without escaping them, as it does for `<script>` and `<style>`; but the browser still
//! decodes entities there and ends the element at the first `</textarea>`. So every
//! textarea's text goes through [`textarea_text`]: typed `</textarea><h1>` stays text, and
//! `&lt;5%` or `R&amp;D` come back exactly as typed after any number of edits.

/// `&` and `<` (and `>` for symmetry) as entities: the browser turns them back into the same
/// characters in the box, and nothing typed can end the element.
pub fn textarea_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use leptos::prelude::*;

    fn render(text: &str) -> String {
        let inner = textarea_text(text);
        Owner::new().with(|| view! { <textarea name="t">{inner}</textarea> }.to_html())
    }

    #[test]
    fn typed_markup_and_entities_stay_text_inside_a_textarea() {
        let html = render("</textarea><h1>x</h1> &lt;5% R&amp;D \"q\" 'a'");
        assert_eq!(html.matches("</textarea>").count(), 1, "only the element's own end tag: {html}");
        assert!(!html.contains("<h1>"), "{html}");
        assert!(html.contains("&lt;/textarea&gt;&lt;h1&gt;x&lt;/h1&gt; &amp;lt;5% R&amp;amp;D"), "{html}");
    }

    #[test]
    fn without_it_the_view_library_writes_a_textarea_raw() {
        // Guards the reason this module exists: if a Leptos upgrade starts escaping textarea
        // children, this fails and textarea_text must go (or text would be escaped twice).
        let raw = "<b>&amp;";
        let html = Owner::new().with(|| view! { <textarea>{raw}</textarea> }.to_html());
        assert!(html.contains("<b>&amp;"), "{html}");
    }
}
