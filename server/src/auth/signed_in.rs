//! The `SignedIn` extractor: every page that needs a person takes one, so a route cannot
//! forget to check; a signed-out request is redirected to the sign-in page.
//!
//! A session ends after 30 minutes without a request (the session layer's expiry, pushed on
//! by activity at most every five minutes: `refresh_idle_expiry`), 12 hours
//! after sign-in whatever happens (checked here), and as soon as the account's password
//! changes or it is disabled (its `session_epoch` moves on), or when its `user_sessions` row
//! is deleted (signed out of from another browser on `/account/sessions`).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use tower_sessions::Session;

use super::login::{SESSION_EPOCH, SESSION_HANDLE, SIGNED_IN_AT};
use super::{csrf, USER_ID};
use crate::db::audit::{Actor, Generation};
use crate::db::footprints::Footprint;
use crate::db::users::{self, SessionUser};
use crate::web::error::AppError;
use crate::web::AppState;
use ldr_app::access::Need;
use ldr_app::domain::UserId;
use ldr_app::facts::FootprintSummary;
use ldr_app::views::layout::FootprintPicker;
use ldr_app::views::{Crumb, Nav, PageMeta, UserBadge};
use std::sync::OnceLock;

/// However active, a session ends this long after sign-in (ASVS 3.3.2).
pub const ABSOLUTE_LIFETIME_SECONDS: i64 = 12 * 60 * 60;
/// Activity pushes the idle expiry on at most this often. The session layer saves only a
/// changed session, so without this an active person was signed out 30 minutes after
/// signing in; with it, a session ends 25 to 30 minutes after its last request, and the
/// page views in between write nothing.
pub const REFRESH_EVERY_SECONDS: i64 = 5 * 60;
const REFRESHED_AT: &str = "refreshed_at";

/// `footprint=CODE` from a query string: a footprint code is short letters, digits and
/// hyphens; anything else is ignored (the page shows the reader's default footprint).
fn chosen_footprint(query: &str) -> Option<String> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == "footprint")
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty() && v.len() <= 32 && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

/// Mark the session changed (so the layer saves it with a new expiry) when it was last
/// refreshed, or signed in, at least [`REFRESH_EVERY_SECONDS`] ago.
async fn refresh_idle_expiry(state: &AppState, session: &Session, signed_in_at: i64) -> Result<(), AppError> {
    let now = state.auth.now_unix();
    let last = session.get::<i64>(REFRESHED_AT).await?.unwrap_or(signed_in_at);
    if now.saturating_sub(last) >= REFRESH_EVERY_SECONDS {
        session.insert(REFRESHED_AT, now).await?;
    }
    Ok(())
}

#[derive(Clone)]
pub struct SignedIn {
    pub user: SessionUser,
    pub csrf_token: String,
    /// This sign-in's `user_sessions` handle ("This browser" on the sessions page).
    pub session_handle: String,
    /// The footprint a reader who may see several chose (`?footprint=CODE` on any footprint
    /// page); the policy still decides whether they may see it.
    pub chosen_footprint: Option<String>,
    /// Every footprint, for the picker of a reader of several: loaded by the footprint pages
    /// (`routes::home_footprint`), and only on those.
    pub footprints: OnceLock<Vec<FootprintSummary>>,
    /// The data's generation when this request began: a kept page is current while it stands.
    pub generation: Generation,
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        // Already checked for this request by the page cache (`web::page_cache`).
        if let Some(who) = parts.extensions.remove::<SignedIn>() {
            return Ok(who);
        }
        let session = Session::from_request_parts(parts, state).await.map_err(|_| AppError::internal("no session layer"))?;
        let mut who = SignedIn::from_session(state, &session).await?.ok_or(AppError::SignedOut)?;
        who.chosen_footprint = parts.uri.query().and_then(chosen_footprint);
        Ok(who)
    }
}

impl SignedIn {
    /// The person signed in to this session, if any and if their account is still active.
    pub async fn from_session(state: &AppState, session: &Session) -> Result<Option<Self>, AppError> {
        let Some(id) = session.get::<i64>(USER_ID).await? else { return Ok(None) };
        let epoch = session.get::<i64>(SESSION_EPOCH).await?;
        let signed_in_at = session.get::<i64>(SIGNED_IN_AT).await?.unwrap_or(i64::MIN);
        // A session from before sign-ins had rows has no handle: it matches no row, and ends.
        let handle = session.get::<String>(SESSION_HANDLE).await?.unwrap_or_default();
        // Reads only: a page view writes nothing (no "last seen" per request).
        let user = users::signed_in_user(&state.pool, UserId(id), &handle).await?;
        let too_old = state.auth.now_unix().saturating_sub(signed_in_at) >= ABSOLUTE_LIFETIME_SECONDS;
        let Some((user, generation)) = user.filter(|(u, _)| Some(u.session_epoch) == epoch && !too_old) else {
            // Disabled, password changed, ended from another browser, or past the absolute
            // lifetime: end the session now.
            session.flush().await?;
            return Ok(None);
        };
        refresh_idle_expiry(state, session, signed_in_at).await?;
        let csrf_token = csrf::token(session).await?;
        Ok(Some(SignedIn { user, csrf_token, session_handle: handle, chosen_footprint: None, footprints: OnceLock::new(), generation }))
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

    /// How the page header shows this person, and whether it links to the audit log.
    pub fn badge(&self) -> UserBadge {
        let p = &self.user.principal;
        UserBadge {
            display_name: p.display_name.clone(),
            role_label: p.role.label().into(),
            organisation: self.user.organisation_short_name.clone(),
            reads_audit: p.may_at_home(Need::ReadAudit),
            manages_api_tokens: p.may_at_home(Need::RunProgramme),
        }
    }

    /// The page shell's data for this person.
    pub fn meta(&self, title: &str, nav: Option<Nav>, breadcrumbs: Vec<Crumb>) -> PageMeta {
        PageMeta {
            title: title.to_string(),
            user: Some(self.badge()),
            csrf_token: self.csrf_token.clone(),
            breadcrumbs,
            data_period: None,
            nav,
            footprint: self.chosen_footprint.clone(),
            // A reader of every footprint (no footprint of their own) comes from England.
            national_reader: self.reads_every_footprint(),
            synthetic: self.user.home_synthetic,
            picker: None,
        }
    }

    /// A reader of every footprint: a reviewer, who belongs to none.
    pub fn reads_every_footprint(&self) -> bool {
        let p = &self.user.principal;
        p.footprint.is_none() && p.may(Need::ViewNational)
    }

    /// The page shell's data for a page about one footprint: its banner if synthetic, and for
    /// a reader of several, the footprint kept in every link and the picker to switch.
    pub fn meta_in(&self, footprint: &Footprint, title: &str, nav: Option<Nav>, breadcrumbs: Vec<Crumb>) -> PageMeta {
        let several = self.reads_every_footprint();
        let picker = self.footprints.get().filter(|all| several && all.len() > 1).map(|all| FootprintPicker {
            choices: all.iter().map(|f| (f.code.clone(), f.name.clone())).collect(),
            current: footprint.summary.code.clone(),
        });
        PageMeta {
            footprint: several.then(|| footprint.summary.code.clone()),
            synthetic: footprint.synthetic,
            picker,
            ..self.meta(title, nav, breadcrumbs)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::chosen_footprint;

    #[test]
    fn a_chosen_footprint_is_a_short_code_and_anything_else_is_ignored() {
        assert_eq!(chosen_footprint("period=2016-17-q1&footprint=SYN01"), Some("SYN01".into()));
        assert_eq!(chosen_footprint("footprint="), None);
        assert_eq!(chosen_footprint("footprint=%3Cscript%3E"), None);
        assert_eq!(chosen_footprint(&format!("footprint={}", "A".repeat(33))), None);
        assert_eq!(chosen_footprint("period=2016-17-q1"), None);
    }
}
