//! Who is asking the API: the person signed in to this browser's session (same origin), or the
//! holder of a personal API token (`Authorization: Bearer …`). Either way the answer is a
//! `Principal`, and every endpoint asks `Principal::may`, the one policy the pages use.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use tower_sessions::Session;

use super::problem::ApiError;
use crate::auth::SignedIn;
use crate::db::audit::Generation;
use crate::web::AppState;
use ldr_app::access::{Need, Principal};

/// How the caller proved who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Session,
    /// A personal API token, by its row id.
    Token(i64),
}

#[derive(Debug, Clone)]
pub struct ApiCaller {
    pub principal: Principal,
    pub via: Via,
    /// The data's generation, read in the same query as the caller: a kept answer
    /// (`api/kept.rs`) is current while it stands, with no further read.
    pub generation: Generation,
}

impl ApiCaller {
    /// Refuse with 403 unless the policy allows this caller the need.
    pub fn require(&self, need: Need) -> Result<(), ApiError> {
        if self.principal.may(need) {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    }
}

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        // A request carrying a token is judged by the token alone, never by a cookie beside it.
        if let Some(authorization) = parts.headers.get(header::AUTHORIZATION) {
            let bearer = authorization.to_str().ok().and_then(bearer_token).ok_or(ApiError::Unauthorised)?;
            return super::tokens::authenticate(state, bearer).await;
        }
        let session =
            Session::from_request_parts(parts, state).await.map_err(|_| ApiError::Internal(anyhow::anyhow!("no session layer")))?;
        let who = SignedIn::from_session(state, &session).await?.ok_or(ApiError::Unauthorised)?;
        Ok(ApiCaller { principal: who.user.principal, via: Via::Session, generation: who.generation })
    }
}

/// The token of an `Authorization: Bearer <token>` header. The scheme's case does not matter
/// (RFC 9110, 11.1: `bearer` from some clients is the same scheme), nor spaces around the token.
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}
