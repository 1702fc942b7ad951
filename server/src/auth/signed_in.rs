//! The `SignedIn` extractor: every page that needs a person takes one, so a route cannot
//! forget to check; a signed-out request is redirected to the sign-in page.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use tower_sessions::Session;

use super::{csrf, USER_ID};
use crate::db::audit::Actor;
use crate::db::users::{self, SessionUser};
use crate::web::error::AppError;
use crate::web::AppState;
use ldr_app::access::Need;
use ldr_app::domain::UserId;
use ldr_app::views::{Crumb, Nav, PageMeta};

pub struct SignedIn {
    pub user: SessionUser,
    pub csrf_token: String,
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let session = Session::from_request_parts(parts, state).await.map_err(|_| AppError::internal("no session layer"))?;
        SignedIn::from_session(state, &session).await?.ok_or(AppError::SignedOut)
    }
}

impl SignedIn {
    /// The person signed in to this session, if any and if their account is still active.
    pub async fn from_session(state: &AppState, session: &Session) -> Result<Option<Self>, AppError> {
        let Some(id) = session.get::<i64>(USER_ID).await? else { return Ok(None) };
        let Some(user) = users::active_user(&state.pool, UserId(id)).await? else {
            // The account was disabled since sign-in: end the session now.
            session.flush().await?;
            return Ok(None);
        };
        let csrf_token = csrf::token(session).await?;
        Ok(Some(SignedIn { user, csrf_token }))
    }

    /// Refuse with 403 unless the policy allows this person the need.
    pub fn require(&self, need: Need) -> Result<(), AppError> {
        if self.user.principal.may(need) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// This person as the author of writes, for the audit log.
    pub fn actor(&self) -> Actor {
        let p = &self.user.principal;
        Actor { user_id: Some(p.user_id), name: p.username.clone(), role: Some(p.role.code().to_string()) }
    }

    /// The page shell's data for this person.
    pub fn meta(&self, title: &str, nav: Option<Nav>, breadcrumbs: Vec<Crumb>) -> PageMeta {
        PageMeta {
            title: title.to_string(),
            user: Some(self.user.badge.clone()),
            csrf_token: self.csrf_token.clone(),
            breadcrumbs,
            data_period: None,
            nav,
        }
    }
}
