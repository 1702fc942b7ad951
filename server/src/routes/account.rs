//! `/account/sessions`: a person's own sessions, and "Sign out of all other sessions"
//! (POST, then redirect back with how many ended).

use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use crate::auth::SignedIn;
use crate::db::{self, sessions};
use crate::web::error::AppError;
use crate::web::AppState;
use ldr_app::access::Need;
use ldr_app::views::account_sessions::{account_sessions_page, SessionLine, SessionsPage, TITLE};

const PATH: &str = "/account/sessions";

pub fn routes() -> Router<AppState> {
    Router::new().route(PATH, get(show)).route("/account/sessions/end-others", post(end_others))
}

#[derive(Deserialize, Default)]
struct Ended {
    ended: Option<u64>,
}

async fn show(State(state): State<AppState>, who: SignedIn, Query(q): Query<Ended>) -> Result<Html<String>, AppError> {
    who.require(Need::OwnSessions)?;
    let rows = sessions::of_user(&state.pool, who.user.principal.user_id).await?;
    let sessions = rows
        .into_iter()
        .map(|s| SessionLine {
            current: s.handle == who.session_handle,
            signed_in_at: s.signed_in_at.to_string(),
            address: s.peer,
            device: s.user_agent,
            second_factor: s.second_factor,
        })
        .collect();
    let meta = who.meta(TITLE, None, vec![]);
    Ok(Html(account_sessions_page(meta, SessionsPage { sessions, ended: q.ended })))
}

/// The form's one field; any other is refused (ASVS 5.1.2).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EndOthers {
    #[serde(rename = "csrf_token")]
    _csrf_token: Option<serde::de::IgnoredAny>,
}

async fn end_others(State(state): State<AppState>, who: SignedIn, Form(_): Form<EndOthers>) -> Result<Response, AppError> {
    who.require(Need::OwnSessions)?;
    let mut tx = db::begin_write(&state.pool).await?;
    let count = sessions::end_others(&mut tx, &who.actor(), who.user.principal.user_id, &who.session_handle).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("{PATH}?ended={count}")).into_response())
}
