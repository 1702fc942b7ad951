//! Make a plotters SVG accessible: an image role, a title and a pointer to the table.

/// Insert `role="img"`, `aria-labelledby` and a `<title>` into the root `<svg>` element.
pub fn label_svg(svg: &str, id: &str, title: &str) -> String {
    let escaped = title.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    match svg.find("<svg").and_then(|start| svg[start..].find('>').map(|end| start + end)) {
        Some(end) => format!(
            "{} role=\"img\" aria-labelledby=\"{id}\" focusable=\"false\"><title id=\"{id}\">{escaped}</title>{}",
            &svg[..end],
            &svg[end + 1..]
        ),
        None => svg.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_title_goes_inside_the_root_element() {
        let out = super::label_svg("<svg width=\"1\">\n<rect/></svg>", "t1", "A & B");
        assert!(out.starts_with("<svg width=\"1\" role=\"img\" aria-labelledby=\"t1\""));
        assert!(out.contains("<title id=\"t1\">A &amp; B</title>"));
        assert!(out.ends_with("<rect/></svg>"));
    }
}
