//! The OpenAPI 3.1 document of `/api/v1`, generated from the handlers' annotations and the
//! response types (`schema`), served at `/api/v1/openapi.json` and read by the docs page.

use axum::Json;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::problem::Problem;
use super::{figures, programme, schema};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "LDR Assurance API",
        version = "1",
        description = "Read-only JSON for footprints, organisations, quarters, DMA scores, aims, trajectories, \
            deployments, measures, returns and frozen steering packs: exactly what the caller may read on the \
            pages, with each figure's provenance. Lists are paged with `limit` and the `next_cursor` of the \
            page before; every refusal is an `application/problem+json` document (RFC 9457)."
    ),
    paths(
        super::me, programme::list_footprints, programme::one_footprint, programme::list_organisations, programme::list_periods,
        figures::dma_scores, figures::aims, figures::trajectories, figures::deployments, figures::measures,
        programme::list_returns, programme::list_reports, programme::one_report,
    ),
    components(schemas(Problem, schema::Source, schema::Revision)),
    modifiers(&Security),
    tags((name = "programme", description = "Who and when: footprints, organisations, quarters, returns, reports"),
         (name = "figures", description = "The official figures as at a quarter, each with its provenance")),
)]
pub struct ApiDoc;

/// Both ways in: a personal API token, or the session cookie of a signed-in browser (same origin).
struct Security;

impl Modify for Security {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).description(Some("A personal API token")).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::web::SESSION_COOKIE,
                "The session of a signed-in browser (same origin only)",
            ))),
        );
        doc.security =
            Some(vec![SecurityRequirement::new("bearer", Vec::<String>::new()), SecurityRequirement::new("session", Vec::<String>::new())]);
    }
}

/// The document, built once per process (it depends on nothing but the code).
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOC: std::sync::OnceLock<utoipa::openapi::OpenApi> = std::sync::OnceLock::new();
    DOC.get_or_init(ApiDoc::openapi)
}

/// `GET /api/v1/openapi.json`: public, like any API's description (it holds no data).
pub async fn serve() -> Json<&'static utoipa::openapi::OpenApi> {
    Json(document())
}
