//! `/api/v1/docs`: the JSON API described for people, drawn from the OpenAPI document (the
//! server hands in each endpoint's path, words and parameters): what each returns, which
//! filters it takes, and an example request. Plain HTML; no script and nothing from outside.

use leptos::prelude::*;

use super::layout::{render_page, Crumb, PageMeta};
use super::widgets::data_table;

pub const TITLE: &str = "The LDR Assurance API";

/// One query or path parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct DocParameter {
    pub name: String,
    /// `query` or `path`.
    pub location: String,
    pub required: bool,
    pub description: String,
}

/// One endpoint as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct DocEndpoint {
    pub path: String,
    pub summary: String,
    pub parameters: Vec<DocParameter>,
    /// The name of the schema a 200 answers with, in the OpenAPI document.
    pub returns: Option<String>,
    /// A request to copy (`curl ...`).
    pub example: String,
}

pub fn api_docs_page(meta: PageMeta, endpoints: Vec<DocEndpoint>) -> String {
    let meta = PageMeta { title: TITLE.into(), breadcrumbs: vec![Crumb::new("Home", "/")], nav: None, ..meta };
    let contents: Vec<_> = endpoints
        .iter()
        .map(|e| {
            let href = format!("#{}", anchor(&e.path));
            view! { <li><a class="nhsuk-link" href=href>{format!("GET {}", e.path)}</a></li> }
        })
        .collect();
    let body = view! {
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-full">
                <h1>{TITLE}</h1>
                <p class="nhsuk-lede-text">"Read-only JSON of what you may read on these pages: the same figures, each with where it came from."</p>
                <h2>"Signing in"</h2>
                <p>"From this browser, your session is enough. From your own tools, send a personal API token, which your PMO issues: "
                    <code>"Authorization: Bearer YOUR-TOKEN"</code>". The API shows exactly what you may see on the pages."</p>
                <h2>"Lists, filters and pages"</h2>
                <p>"Each list answers " <code>"{\"data\": [...], \"next_cursor\": ...}"</code> ". Ask for the next page with "
                    <code>"cursor"</code> " set to " <code>"next_cursor"</code> "; it is null on the last page. "
                    <code>"limit"</code> " sets the rows per page (1 to 500, default 100)."</p>
                <p>"Filters: " <code>"footprint"</code> " (its code), " <code>"organisation"</code> " (ODS code), "
                    <code>"quarter"</code> " (such as 2016-17-q1; by default the latest with figures) and "
                    <code>"framework"</code> " (its code). A parameter an endpoint does not take, or a value that matches nothing, is refused."</p>
                <h2>"Errors"</h2>
                <p>"Every refusal is a problem document (" <code>"application/problem+json"</code> ", RFC 9457) with "
                    <code>"status"</code> ", " <code>"title"</code> " and, for a bad parameter, a " <code>"detail"</code>
                    " naming it: 400 bad parameter, 401 not signed in, 403 not yours to read, 404 not found, 429 too many requests."</p>
                <p>"The machine-readable description: " <a class="nhsuk-link" href="/api/v1/openapi.json">"OpenAPI 3.1 document"</a> "."</p>
                <h2>"Endpoints"</h2>
                <ul class="nhsuk-list nhsuk-list--bullet">{contents}</ul>
                {endpoints.into_iter().map(endpoint).collect::<Vec<_>>()}
            </div>
        </div>
    };
    render_page(meta, body)
}

/// An id for a path: `/api/v1/footprints/{code}` is `api-v1-footprints-code`.
fn anchor(path: &str) -> String {
    path.split(|c: char| !c.is_ascii_alphanumeric()).filter(|s| !s.is_empty()).collect::<Vec<_>>().join("-")
}

fn endpoint(e: DocEndpoint) -> impl IntoView {
    let id = anchor(&e.path);
    let parameters = (!e.parameters.is_empty()).then(|| {
        let rows: Vec<_> = e
            .parameters
            .into_iter()
            .map(|p| {
                let required = if p.required { "Yes" } else { "No" };
                view! {
                    <tr class="nhsuk-table__row">
                        <td class="nhsuk-table__cell"><code>{p.name}</code></td>
                        <td class="nhsuk-table__cell">{p.location}</td>
                        <td class="nhsuk-table__cell">{required}</td>
                        <td class="nhsuk-table__cell">{p.description}</td>
                    </tr>
                }
            })
            .collect();
        data_table(format!("Parameters of {}", e.path), &["Name", "In", "Required", "Description"], rows)
    });
    view! {
        <section class="nhsuk-u-margin-bottom-7">
            <h3 id=id>{format!("GET {}", e.path)}</h3>
            <p>{e.summary}</p>
            {parameters}
            {e.returns.map(|r| view! { <p>"Answers with " <code>{r}</code> " (see the OpenAPI document)."</p> })}
            <p class="nhsuk-u-margin-bottom-1">"Example:"</p>
            <pre class="ldr-code"><code>{e.example}</code></pre>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_anchor_keeps_the_words_of_a_path() {
        assert_eq!(anchor("/api/v1/footprints/{code}"), "api-v1-footprints-code");
    }

    #[test]
    fn every_text_of_an_endpoint_is_escaped() {
        let e = DocEndpoint {
            path: "/api/v1/x".into(),
            summary: "<script>alert(1)</script>".into(),
            parameters: vec![DocParameter { name: "a".into(), location: "query".into(), required: false, description: "<b>".into() }],
            returns: Some("XPage".into()),
            example: "curl -H 'Authorization: Bearer <token>'".into(),
        };
        let html = api_docs_page(PageMeta::default(), vec![e]);
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("Bearer &lt;token&gt;"));
    }
}
