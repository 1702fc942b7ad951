//! `multipart/form-data` bodies, for the one form that uploads a file. The body is already in
//! memory, capped by `limits` before anything reads it, so it is split here without a
//! streaming parser: the CSRF check reads its token from the first part, the handler every
//! part. Strict: a part without a name, an unclosed part or too many parts refuse the body.

/// One part of the form: a field, or a file with its name.
#[derive(Debug, Clone, PartialEq)]
pub struct Part<'a> {
    pub name: String,
    pub file_name: Option<String>,
    pub data: &'a [u8],
}

impl Part<'_> {
    /// A field's text (lossy: a field that is not UTF-8 is not what any of our forms sends).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(self.data).into_owned()
    }
}

/// A form has a handful of fields; more is not our form.
const MAX_PARTS: usize = 16;
const MAX_HEADER_BYTES: usize = 2048;

/// The boundary of a `multipart/form-data` content type, if it is one.
pub fn boundary(content_type: &str) -> Option<String> {
    let (kind, params) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params
        .split(';')
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v.trim().trim_matches('"').to_string())
        .filter(|b| !b.is_empty() && b.len() <= 70)
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|i| i + from)
}

/// Every part of the body, in order; `None` if the body is not well formed.
pub fn parts<'a>(body: &'a [u8], boundary: &str) -> Option<Vec<Part<'a>>> {
    let delimiter = format!("--{boundary}").into_bytes();
    let next_delimiter = format!("\r\n--{boundary}").into_bytes();
    let mut at = find(body, &delimiter, 0)? + delimiter.len();
    let mut out = Vec::new();
    loop {
        match body.get(at..at + 2)? {
            b"--" => return Some(out),
            b"\r\n" => at += 2,
            _ => return None,
        }
        if out.len() == MAX_PARTS {
            return None;
        }
        let header_end = find(body, b"\r\n\r\n", at)?;
        if header_end - at > MAX_HEADER_BYTES {
            return None;
        }
        let headers = std::str::from_utf8(&body[at..header_end]).ok()?;
        let data_start = header_end + 4;
        let data_end = find(body, &next_delimiter, data_start)?;
        let (name, file_name) = disposition(headers)?;
        out.push(Part { name, file_name, data: &body[data_start..data_end] });
        at = data_end + next_delimiter.len();
    }
}

/// The `name` and `filename` of a part's `Content-Disposition: form-data` header.
fn disposition(headers: &str) -> Option<(String, Option<String>)> {
    let value = headers.split("\r\n").find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim().eq_ignore_ascii_case("content-disposition").then_some(value.trim())
    })?;
    let params = split_params(value);
    let (first, rest) = params.split_first()?;
    if !first.eq_ignore_ascii_case("form-data") {
        return None;
    }
    let get = |want: &str| {
        rest.iter().filter_map(|p| p.split_once('=')).find(|(k, _)| k.trim().eq_ignore_ascii_case(want)).map(|(_, v)| unquote(v.trim()))
    };
    let name = get("name").filter(|n| !n.is_empty())?;
    // Browsers send only the file's own name; older ones sent a whole Windows path.
    let file_name = get("filename").map(|f| f.rsplit(['/', '\\']).next().unwrap_or_default().to_string());
    Some((name, file_name))
}

/// `form-data; name="a;b"; filename="x.csv"` split at the semicolons outside quotes.
fn split_params(value: &str) -> Vec<String> {
    let (mut out, mut current, mut quoted, mut escaped) = (Vec::new(), String::new(), false, false);
    for c in value.chars() {
        match c {
            _ if escaped => {
                current.push(c);
                escaped = false;
            }
            '\\' if quoted => {
                current.push(c);
                escaped = true;
            }
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            ';' if !quoted => out.push(std::mem::take(&mut current).trim().to_string()),
            c => current.push(c),
        }
    }
    out.push(current.trim().to_string());
    out
}

fn unquote(v: &str) -> String {
    match v.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        Some(inner) => inner.replace("\\\"", "\"").replace("\\\\", "\\"),
        None => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_browsers_form_splits_into_its_fields_and_file() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"dma;2026.csv\"\r\nContent-Type: text/csv\r\n\r\nODS code,Theme\r\n\r\nRTE\r\n--XyZ--\r\n";
        let ct = "multipart/form-data; boundary=XyZ";
        let parts = parts(body, &boundary(ct).unwrap()).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!((parts[0].name.as_str(), parts[0].text().as_str()), ("csrf_token", "abc"));
        assert_eq!(parts[1].file_name.as_deref(), Some("dma;2026.csv"));
        assert_eq!(parts[1].data, b"ODS code,Theme\r\n\r\nRTE");
    }

    #[test]
    fn a_body_that_is_not_well_formed_is_refused() {
        assert_eq!(boundary("application/x-www-form-urlencoded"), None);
        assert!(parts(b"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunclosed", "b").is_none());
        assert!(parts(b"--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--b--", "b").is_none());
        assert!(parts(b"no delimiter", "b").is_none());
    }
}
