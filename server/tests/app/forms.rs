//! Reading a form out of a page the way a browser would submit it: text inputs and hidden
//! fields with their values, checked boxes and radios, selected options, textareas. Tests
//! then change only what a person would change, and post the rest as it was.

/// The named fields of the form whose `action` is `action`, in document order.
pub fn form_values(html: &str, action: &str) -> Vec<(String, String)> {
    let marker = format!("action=\"{action}\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no form with action {action}"));
    let end = start + html[start..].find("</form>").expect("form closes");
    let form = &html[start..end];
    let mut out = Vec::new();
    let mut rest = form;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        let tag_end = rest.find('>').expect("tag closes");
        let tag = &rest[..=tag_end];
        if tag.starts_with("<input") {
            let kind = attr(tag, "type").unwrap_or_default();
            let name = attr(tag, "name");
            let checked = tag.contains(" checked");
            if let Some(name) = name {
                if !matches!(kind.as_str(), "checkbox" | "radio") || checked {
                    out.push((name, attr(tag, "value").unwrap_or_default()));
                }
            }
        } else if tag.starts_with("<textarea") {
            let close = rest.find("</textarea>").expect("textarea closes");
            if let Some(name) = attr(tag, "name") {
                out.push((name, unescape(&rest[tag_end + 1..close])));
            }
        } else if tag.starts_with("<select") {
            let close = rest.find("</select>").expect("select closes");
            let options = &rest[tag_end + 1..close];
            let chosen = options
                .split("<option")
                .skip(1)
                .find(|o| o.split('>').next().is_some_and(|t| t.contains(" selected")))
                .or_else(|| options.split("<option").nth(1))
                .and_then(|o| attr(&format!("<option{o}"), "value"))
                .unwrap_or_default();
            if let Some(name) = attr(tag, "name") {
                out.push((name, chosen));
            }
        }
        rest = &rest[1..];
    }
    out
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = start + tag[start..].find('"')?;
    Some(unescape(&tag[start..end]))
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"").replace("&#x27;", "'").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// Set a field's value (adding it if absent), as typing or choosing would.
pub fn set(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    fields.retain(|(n, _)| n != name);
    fields.push((name.to_string(), value.to_string()));
}

pub fn value<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}
