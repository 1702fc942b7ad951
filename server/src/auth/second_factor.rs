//! `/login/code`: the second step of signing in for the roles that open quarters and approve
//! returns. A correct password for such an account only marks the session "password
//! checked" ([`begin`]); the person is signed in once a code from their authenticator app
//! (or a recovery code) is accepted here. The first time, this page sets the app up.
//!
//! Bounds: the password step is valid for five minutes and five wrong codes; after that the
//! person signs in again from the start (and the password throttle counts those attempts).

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::Rng;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use tower_sessions::Session;

use super::login::{SESSION_EPOCH, SESSION_HANDLE, SIGNED_IN_AT};
use super::signed_in::ABSOLUTE_LIFETIME_SECONDS;
use super::{csrf, device, totp, USER_ID};
use crate::db::{self, audit, second_factor, sessions, users};
use crate::web::error::AppError;
use crate::web::AppState;
use ldr_app::domain::UserId;
use ldr_app::views::second_factor::{code_page, enrol_page, recovery_codes_page, CodeForm, Enrolment};

/// Session key of a password checked and a code still to come.
const PENDING: &str = "second_factor_pending";
const PENDING_SECONDS: i64 = 5 * 60;
const MAX_WRONG_CODES: u32 = 5;
const RECOVERY_CODES: usize = 10;
/// No 0/o, 1/l/i: codes are copied from paper.
const RECOVERY_ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";
const ISSUER: &str = "LDR Assurance";

pub const WRONG_CODE: &str = "Enter the security code your authenticator app shows now, or an unused recovery code";

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Pending {
    user_id: i64,
    username: String,
    /// The account's session epoch at the password step: a password change in between voids it.
    session_epoch: i64,
    since: i64,
    wrong_codes: u32,
    /// A new secret while the account is not yet enrolled, made at the password step so the
    /// set-up page reads the same on every reload and a page view writes nothing.
    enrol_secret: Option<String>,
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/login/code", get(show).post(check))
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The password was right for an account that needs a code: remember that, and send the
/// person to the code page. The session id changes here, as at any change of privilege.
pub async fn begin(state: &AppState, session: &Session, account: &users::SessionUser) -> Result<Response, AppError> {
    let (user, username) = (account.principal.user_id, account.principal.username.as_str());
    // This step writes only the session, which the session layer saves after the response:
    // a storage fault there would surface as a bare 500. Probe first, so a full disk or a
    // read-only file answers the honest 503 and the session is left as it was.
    db::write_probe(&state.pool).await?;
    let enrolled = second_factor::enrolment(&state.pool, user).await?.is_some();
    let enrol_secret = (!enrolled).then(|| totp::base32_encode(&totp::new_secret()));
    session.cycle_id().await?;
    session.remove_value(USER_ID).await?;
    let pending = Pending {
        user_id: user.0,
        username: username.to_string(),
        session_epoch: account.session_epoch,
        since: now(),
        wrong_codes: 0,
        enrol_secret,
    };
    session.insert(PENDING, pending).await?;
    csrf::rotate(session).await?;
    Ok(Redirect::to("/login/code").into_response())
}

/// The pending sign-in, if there is one and it is recent enough.
async fn pending(session: &Session) -> Result<Option<Pending>, AppError> {
    let Some(p) = session.get::<Pending>(PENDING).await? else { return Ok(None) };
    if now() - p.since > PENDING_SECONDS {
        session.remove_value(PENDING).await?;
        return Ok(None);
    }
    Ok(Some(p))
}

fn enrolment_view(p: &Pending, secret: &str) -> Result<Enrolment, AppError> {
    let bytes = totp::base32_decode(secret).ok_or_else(|| AppError::internal("a pending secret that is not base32"))?;
    let uri = totp::provisioning_uri(ISSUER, &p.username, &bytes);
    let qr = qrcode::QrCode::new(uri.as_bytes()).map_err(|_| AppError::internal("the sign-in address is too long for a QR code"))?;
    let qr_svg = qr.render::<qrcode::render::svg::Color>().min_dimensions(200, 200).quiet_zone(true).build();
    let key_text = secret.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ");
    Ok(Enrolment { username: p.username.clone(), qr_svg, key_text })
}

fn page(p: &Pending, form: CodeForm) -> Result<String, AppError> {
    Ok(match &p.enrol_secret {
        Some(secret) => enrol_page(enrolment_view(p, secret)?, form),
        None => code_page(form),
    })
}

async fn show(session: Session) -> Result<Response, AppError> {
    let Some(p) = pending(&session).await? else { return Ok(Redirect::to("/login").into_response()) };
    let csrf_token = csrf::token(&session).await?;
    Ok(Html(page(&p, CodeForm { csrf_token, error: None })?).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeInput {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    code: String,
}

async fn check(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    session: Session,
    Form(input): Form<CodeInput>,
) -> Result<Response, AppError> {
    let _ = input.csrf_token; // checked by the CSRF layer before this handler runs
    let Some(mut p) = pending(&session).await? else { return Ok(Redirect::to("/login").into_response()) };
    let user = UserId(p.user_id);
    let typed: String = input.code.chars().take(64).collect();
    // Counted before the check, atomically, by the sign-in throttle (under its own key): the
    // session's count of wrong codes alone could be outrun by parallel requests.
    let throttle_key = format!("{}#security-code", p.username);
    let ticket = match state.auth.throttle.admit(&throttle_key, peer.ip(), false, state.auth.now()) {
        Ok(ticket) => ticket,
        Err(wait) => {
            let seconds = wait.as_secs_f64().ceil() as u64;
            let form = CodeForm { csrf_token: csrf::token(&session).await?, error: Some(super::login::too_many_attempts(seconds)) };
            let mut response = (StatusCode::TOO_MANY_REQUESTS, Html(page(&p, form)?)).into_response();
            response.headers_mut().insert(header::RETRY_AFTER, seconds.into());
            return Ok(response);
        }
    };
    let accepted = match &p.enrol_secret {
        Some(secret) => enrol(&state, user, &p, secret, &typed).await?,
        None => verify(&state, user, &typed).await?,
    };
    let Some(outcome) = accepted else {
        p.wrong_codes += 1;
        tracing::info!(user = p.user_id, peer = %peer.ip(), wrong_codes = p.wrong_codes, "wrong security code");
        if p.wrong_codes >= MAX_WRONG_CODES {
            session.remove_value(PENDING).await?;
            return Ok(Redirect::to("/login").into_response());
        }
        session.insert(PENDING, &p).await?;
        let form = CodeForm { csrf_token: csrf::token(&session).await?, error: Some(WRONG_CODE.into()) };
        return Ok((StatusCode::UNAUTHORIZED, Html(page(&p, form)?)).into_response());
    };
    state.auth.throttle.succeeded(ticket);
    session.remove_value(PENDING).await?;
    // Disabled, or its password changed, since the password step: start again.
    let Some(account) = users::active_user(&state.pool, user).await?.filter(|a| a.session_epoch == p.session_epoch) else {
        return Ok(Redirect::to("/login").into_response());
    };
    finish_sign_in(&state, &session, &account, peer, &headers, Some(outcome.method)).await?;
    let mut response = match outcome.recovery_codes {
        Some(codes) => Html(recovery_codes_page(codes, &csrf::token(&session).await?)).into_response(),
        None => Redirect::to("/").into_response(),
    };
    let key = state.auth.key()?;
    response.headers_mut().append(header::SET_COOKIE, device::cookie(key, &p.username, state.config.secure_cookies));
    Ok(response)
}

struct Accepted {
    method: &'static str,
    /// Set at enrolment: shown once, then only their hashes exist.
    recovery_codes: Option<Vec<String>>,
}

async fn verify(state: &AppState, user: UserId, typed: &str) -> Result<Option<Accepted>, AppError> {
    let Some(enrolment) = second_factor::enrolment(&state.pool, user).await? else { return Ok(None) };
    let secret = totp::base32_decode(&enrolment.secret_base32).ok_or_else(|| AppError::internal("a stored secret that is not base32"))?;
    let mut tx = db::begin_write(&state.pool).await?;
    let method = match totp::verify(&secret, typed, now(), enrolment.last_used_step) {
        Some(step) if second_factor::use_step(&mut tx, user, step).await? => "authenticator app",
        Some(_) => return Ok(None), // the same code raced in twice: the other request won
        None if second_factor::use_recovery_code(&mut tx, user, &recovery_hash(user, typed)).await? => "recovery code",
        None => return Ok(None),
    };
    tx.commit().await?;
    Ok(Some(Accepted { method, recovery_codes: None }))
}

async fn enrol(state: &AppState, user: UserId, p: &Pending, secret: &str, typed: &str) -> Result<Option<Accepted>, AppError> {
    let bytes = totp::base32_decode(secret).ok_or_else(|| AppError::internal("a pending secret that is not base32"))?;
    let Some(step) = totp::verify(&bytes, typed, now(), 0) else { return Ok(None) };
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| new_recovery_code()).collect();
    let hashes: Vec<String> = codes.iter().map(|c| recovery_hash(user, c)).collect();
    let actor = audit::Actor { user_id: Some(user), name: p.username.clone(), role: None };
    let mut tx = db::begin_write(&state.pool).await?;
    second_factor::enrol(&mut tx, &actor, user, secret, step, &hashes).await?;
    tx.commit().await?;
    Ok(Some(Accepted { method: "authenticator app (set up)", recovery_codes: Some(codes) }))
}

fn new_recovery_code() -> String {
    let mut rng = rand::rng();
    let mut pick = || char::from(RECOVERY_ALPHABET[rng.random_range(0..RECOVERY_ALPHABET.len())]);
    let (a, b): (String, String) = ((0..5).map(|_| pick()).collect(), (0..5).map(|_| pick()).collect());
    format!("{a}-{b}")
}

/// What is stored of a recovery code: typed with or without the hyphen, in any case.
fn recovery_hash(user: UserId, typed: &str) -> String {
    let normalised: String = typed.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect();
    let digest = Sha256::digest(format!("{}:{normalised}", user.0).as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The person is who they say: a new session id and CSRF token, the account's session epoch
/// and the time of sign-in (for the 12-hour lifetime), and an audit row. Both sign-in paths
/// (password alone, password and code) end here. `second_factor` names the code used, if any.
///
/// The sign-in also gets its own row (`user_sessions`, written with the audit row), whose
/// random handle the session keeps: `/account/sessions` lists these rows, and a session whose
/// row is deleted is over (see `SignedIn`).
pub async fn finish_sign_in(
    state: &AppState,
    session: &Session,
    user: &users::SessionUser,
    peer: SocketAddr,
    headers: &HeaderMap,
    second_factor: Option<&str>,
) -> Result<(), AppError> {
    let p = &user.principal;
    let now = state.auth.now_unix();
    let handle = new_session_handle();
    let user_agent = headers.get(header::USER_AGENT).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()).unwrap_or_default();
    let (signed_in_at, expired_before) = (utc_stamp(now)?, utc_stamp(now - ABSOLUTE_LIFETIME_SECONDS)?);
    let peer_text = peer.ip().to_string();
    let actor = audit::Actor { user_id: Some(p.user_id), name: p.username.clone(), role: Some(p.role.code().to_string()) };
    let entry = audit::Entry {
        action: "session.sign_in",
        entity: "user",
        entity_id: Some(p.user_id.to_string()),
        after: Some(json!({ "peer": peer_text, "second_factor": second_factor.unwrap_or("not required for this role") })),
        ..Default::default()
    };
    let row = sessions::NewSession {
        handle: &handle,
        user: p.user_id,
        signed_in_at,
        peer: &peer_text,
        user_agent: &user_agent,
        second_factor: second_factor.is_some(),
    };
    let mut tx = db::begin_write(&state.pool).await?;
    sessions::record(&mut tx, row, expired_before).await?;
    audit::append(&mut tx, &actor, entry).await?;
    tx.commit().await?;
    session.cycle_id().await?;
    session.insert(USER_ID, p.user_id.0).await?;
    session.insert(SESSION_EPOCH, user.session_epoch).await?;
    session.insert(SIGNED_IN_AT, now).await?;
    session.insert(SESSION_HANDLE, &handle).await?;
    csrf::rotate(session).await?;
    Ok(())
}

/// 128 random bits, base64url: names a session on the sessions page without being its cookie.
fn new_session_handle() -> String {
    let bytes: [u8; 16] = rand::rng().random();
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Unix seconds as the `YYYY-MM-DD HH:MM:SS` (UTC) the database keeps, which sorts as time.
fn utc_stamp(unix: i64) -> Result<chrono::NaiveDateTime, AppError> {
    let at = chrono::DateTime::from_timestamp(unix, 0).ok_or_else(|| AppError::internal("a time out of range"))?;
    Ok(at.naive_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_are_ten_unambiguous_characters_and_hash_however_typed() {
        let code = new_recovery_code();
        assert_eq!(code.len(), 11);
        assert!(code.chars().filter(|c| *c != '-').all(|c| RECOVERY_ALPHABET.contains(&(c as u8))));
        let user = UserId(7);
        assert_eq!(recovery_hash(user, &code), recovery_hash(user, &code.replace('-', "").to_uppercase()));
        assert_ne!(recovery_hash(user, &code), recovery_hash(UserId(8), &code), "bound to the account");
    }
}
