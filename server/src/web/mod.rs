//! The web application: shared state, the router assembled from each feature's routes, and
//! the layers every response passes through (sessions, CSRF, security headers).

pub mod error;
pub mod headers;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::routing::get_service;
use axum::{middleware, Router};
use sqlx::SqlitePool;
use tokio::net::TcpListener;
use tower_http::services::{ServeDir, ServeFile};
use tower_sessions::cookie::time::Duration;
use tower_sessions::cookie::SameSite;
use tower_sessions::{ExpiredDeletion, Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::SqliteStore;

use crate::auth::{self, AuthState};
use crate::routes;

/// How long a session lives without a request before it must sign in again (ASVS 3.3.2;
/// the 12-hour absolute lifetime is checked in `auth::signed_in`).
const IDLE_TIMEOUT_MINUTES: i64 = 30;

#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark the session cookie Secure and send HSTS (behind HTTPS).
    pub secure_cookies: bool,
    /// The `style/` folder: our CSS and JS, and `vendor/` built from npm.
    pub static_dir: PathBuf,
}

#[derive(Clone)]
pub struct AppState {
    pub pool: SqlitePool,
    pub config: Arc<WebConfig>,
    pub auth: Arc<AuthState>,
}

impl AppState {
    pub fn new(pool: SqlitePool, config: WebConfig) -> Self {
        AppState { pool, config: Arc::new(config), auth: Arc::new(AuthState::default()) }
    }
}

/// The whole application. Sessions live in the same SQLite file as the data.
pub async fn app(state: AppState) -> anyhow::Result<Router> {
    let store = SqliteStore::new(state.pool.clone());
    store.migrate().await?;
    state.auth.load_key(&state.pool).await?;
    tokio::spawn(store.clone().continuously_delete_expired(tokio::time::Duration::from_secs(300)));
    let sessions = SessionManagerLayer::new(store)
        .with_name("ldr_session")
        .with_secure(state.config.secure_cookies)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(Duration::minutes(IDLE_TIMEOUT_MINUTES)));

    let dir = &state.config.static_dir;
    let assets = Router::new()
        .nest_service("/style/vendor", ServeDir::new(dir.join("vendor")))
        .nest_service("/assets", ServeDir::new(dir.join("vendor/assets")))
        .route_service("/style/ldr.css", get_service(ServeFile::new(dir.join("ldr.css"))))
        .route_service("/style/ldr.js", get_service(ServeFile::new(dir.join("ldr.js"))));

    let secure = state.config.secure_cookies;
    Ok(Router::new()
        .merge(auth::login::routes())
        .merge(auth::second_factor::routes())
        .merge(routes::router())
        .merge(assets)
        .fallback(error::not_found)
        .layer(middleware::from_fn_with_state(state.clone(), auth::csrf::verify))
        .layer(middleware::from_fn_with_state(state.clone(), error::with_account))
        .layer(sessions)
        .layer(middleware::from_fn(move |req, next| headers::security_headers(secure, req, next)))
        .with_state(state))
}

/// Serve until the process is asked to stop (Ctrl-C or SIGTERM), finishing requests in flight.
pub async fn serve(listener: TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).with_graceful_shutdown(shutdown_signal()).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
