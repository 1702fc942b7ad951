//! The web application: shared state, the router assembled from each feature's routes, and
//! the layers every response passes through (request id and refusal log, panic catching,
//! sessions, CSRF, security headers).

pub mod assets;
pub mod csv_download;
pub mod error;
pub mod headers;
pub mod limits;
pub mod listen;
pub mod multipart;
pub mod origin;
pub mod page_cache;
pub mod refusal_log;
pub mod request_id;
pub mod strict_form;

use std::path::PathBuf;
use std::sync::Arc;

use axum::{middleware, Router};
use sqlx::SqlitePool;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_sessions::cookie::time::Duration;
use tower_sessions::cookie::SameSite;
use tower_sessions::{ExpiredDeletion, Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::SqliteStore;

use crate::auth::{self, AuthState};
use crate::db::FileIdentity;
use crate::routes;

/// How long a session lives without a request before it must sign in again (ASVS 3.3.2;
/// the 12-hour absolute lifetime is checked in `auth::signed_in`).
const IDLE_TIMEOUT_MINUTES: i64 = 30;
pub const SESSION_COOKIE: &str = "ldr_session";

#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark the session cookie Secure and send HSTS (behind HTTPS).
    pub secure_cookies: bool,
    /// The `style/` folder: our CSS and JS, and `vendor/` built from npm.
    pub static_dir: PathBuf,
    /// The origin browsers see (`https://ldr.example.nhs.uk`) when a proxy in front changes
    /// the Host header; a POST from any other origin is refused. None: the Host header.
    pub public_origin: Option<String>,
    /// Serve `GET /_panic`, a handler that panics, so tests can see a panic answered with the
    /// NHS error page while the server keeps serving. Off in the `ldr` binary: no flag sets it.
    pub panic_route: bool,
    /// Keep rendered pages until the data changes (`page_cache`); off only to measure.
    pub keep_pages: bool,
}

#[derive(Clone)]
pub struct AppState {
    pub pool: SqlitePool,
    pub config: Arc<WebConfig>,
    pub auth: Arc<AuthState>,
    /// The database file as opened at start, for `/healthz` to notice it deleted or replaced.
    pub db_file: Option<Arc<FileIdentity>>,
    /// Rendered pages kept per reader until the data changes.
    pub pages: Arc<page_cache::PageCache>,
}

impl AppState {
    pub fn new(pool: SqlitePool, config: WebConfig) -> Self {
        let db_file = FileIdentity::of_pool(&pool).ok().map(Arc::new);
        AppState { pool, config: Arc::new(config), auth: Arc::new(AuthState::default()), db_file, pages: Arc::default() }
    }
}

/// The whole application. Sessions live in the same SQLite file as the data.
pub async fn app(state: AppState) -> anyhow::Result<Router> {
    let store = SqliteStore::new(state.pool.clone());
    store.migrate().await?;
    state.auth.load_key(&state.pool).await?;
    tokio::spawn(store.clone().continuously_delete_expired(tokio::time::Duration::from_secs(300)));
    let sessions = SessionManagerLayer::new(store)
        .with_name(SESSION_COOKIE)
        .with_secure(state.config.secure_cookies)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(Duration::minutes(IDLE_TIMEOUT_MINUTES)));

    // Once per process: every app in it serves the same files.
    let _ = ldr_app::views::layout::ASSET_VERSION.set(assets::version(&state.config.static_dir));

    let secure = state.config.secure_cookies;
    let mut router = Router::new();
    if state.config.panic_route {
        router = router.route("/_panic", axum::routing::get(panic_for_the_test));
    }
    Ok(router
        .merge(auth::login::routes())
        .merge(auth::second_factor::routes())
        .merge(routes::router(&state))
        .merge(crate::api::routes())
        .merge(assets::routes(&state.config.static_dir))
        .fallback(error::not_found)
        .layer(middleware::from_fn_with_state(state.clone(), auth::csrf::verify))
        .layer(middleware::from_fn_with_state(state.clone(), error::with_account))
        .layer(sessions)
        // Before the session is loaded: a refused request costs no database read.
        .layer(middleware::from_fn_with_state(state.clone(), origin::same_origin_only))
        .layer(middleware::from_fn_with_state(limits::UploadSlots::default(), limits::methods_and_size))
        .layer(middleware::from_fn(assets::cache_and_charset))
        // Inside the request id: a panic is logged and answered with the id on the page.
        .layer(CatchPanicLayer::custom(error::panic_response))
        // Under /api/, every refusal above (and a panic) leaves as a problem document.
        .layer(middleware::from_fn(crate::api::problem::json_errors))
        .layer(middleware::from_fn(request_id::assign))
        .layer(middleware::from_fn(move |req, next| headers::security_headers(secure, req, next)))
        .with_state(state))
}

async fn panic_for_the_test() -> &'static str {
    panic!("deliberate panic for the test")
}

/// Serve until the process is asked to stop (Ctrl-C or SIGTERM), finishing requests in
/// flight, with the default connection limits (see `listen`).
pub async fn serve(listener: TcpListener, router: Router) -> std::io::Result<()> {
    listen::serve_with(listener, router, listen::Limits::default(), shutdown_signal()).await
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
