//! `/login` and `/logout`.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use tower_sessions::Session;

use super::{csrf, password, second_factor, USER_ID};
use crate::db::users;
use crate::web::error::AppError;
use crate::web::AppState;
use ldr_app::views::login::{login_page, LoginForm};

/// One message for a wrong username and a wrong password alike.
pub const WRONG_CREDENTIALS: &str = "Enter a correct username and password";
pub const TOO_MANY_ATTEMPTS: &str = "Too many failed attempts to sign in. Wait 15 minutes, then try again";

pub fn routes() -> Router<AppState> {
    Router::new().route("/login", get(show).post(sign_in)).route("/logout", post(sign_out))
}

async fn show(session: Session) -> Result<Response, AppError> {
    if session.get::<i64>(USER_ID).await?.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    let csrf_token = csrf::token(&session).await?;
    Ok(Html(login_page(LoginForm { csrf_token, ..Default::default() })).into_response())
}

#[derive(serde::Deserialize)]
pub struct Credentials {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    session: Session,
    Form(form): Form<Credentials>,
) -> Result<Response, AppError> {
    let username = form.username.trim().to_string();
    let refuse = |status: StatusCode, message: &str, csrf_token: String| {
        let page = LoginForm { username: username.clone(), error: Some(message.to_string()), csrf_token };
        (status, Html(login_page(page))).into_response()
    };
    if state.throttle.is_blocked(&username, peer.ip()) {
        return Ok(refuse(StatusCode::TOO_MANY_REQUESTS, TOO_MANY_ATTEMPTS, csrf::token(&session).await?));
    }
    let found = users::credentials(&state.pool, &username).await?;
    let stored = found.as_ref().map(|(_, hash)| hash.clone());
    let ok = password::verify(form.password, stored).await?;
    let Some((user_id, _)) = found.filter(|_| ok) else {
        state.throttle.record_failure(&username, peer.ip());
        tracing::info!(username = %username, peer = %peer.ip(), "failed sign-in");
        return Ok(refuse(StatusCode::UNAUTHORIZED, WRONG_CREDENTIALS, csrf::token(&session).await?));
    };
    state.throttle.clear_user(&username);
    let user = users::active_user(&state.pool, user_id).await?.ok_or(AppError::SignedOut)?;
    if second_factor::required(user.principal.role) {
        return second_factor::begin(&state, &session, user_id, &username).await;
    }
    second_factor::finish_sign_in(&state, &session, user_id, &username, peer, "not required for this role").await?;
    Ok(Redirect::to("/").into_response())
}

async fn sign_out(session: Session) -> Result<Response, AppError> {
    session.flush().await?;
    Ok(Redirect::to("/login").into_response())
}
