//! `GET /api/v1/docs`: the API's page for people, drawn from the OpenAPI document itself so
//! it can never describe another API than the one served. Signed-in readers only, like every
//! page (the document it links to is public).

use axum::response::Html;
use serde_json::Value;

use super::openapi;
use crate::auth::SignedIn;
use ldr_app::views::api_docs::{api_docs_page, DocEndpoint, DocParameter};
use ldr_app::views::Crumb;

pub async fn show(who: SignedIn) -> Html<String> {
    let meta = who.meta(ldr_app::views::api_docs::TITLE, None, vec![Crumb::new("Home", "/")]);
    Html(api_docs_page(meta, endpoints()))
}

/// Each GET of the document, in the order of its paths.
pub fn endpoints() -> Vec<DocEndpoint> {
    let doc = serde_json::to_value(openapi::document()).unwrap_or_default();
    let Some(paths) = doc["paths"].as_object() else { return Vec::new() };
    paths
        .iter()
        .filter_map(|(path, item)| {
            let get = item.get("get")?;
            let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
            let parameters: Vec<DocParameter> = get["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| DocParameter {
                    name: text(&p["name"]),
                    location: text(&p["in"]),
                    required: p["required"].as_bool().unwrap_or(false),
                    description: text(&p["description"]),
                })
                .collect();
            let returns = get["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
                .as_str()
                .and_then(|r| r.rsplit('/').next())
                .map(str::to_string);
            let summary =
                [text(&get["summary"]), text(&get["description"])].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ");
            Some(DocEndpoint { example: example(path), path: path.clone(), summary, parameters, returns })
        })
        .collect()
}

fn example(path: &str) -> String {
    let path = path.replace("{code}", "GLOS").replace("{id}", "1");
    let query = if path.ends_with("dma-scores") { "?quarter=2016-17-q4&limit=2" } else { "" };
    format!("curl -H \"Authorization: Bearer $LDR_TOKEN\" \"https://ldr.example.nhs.uk{path}{query}\"")
}
