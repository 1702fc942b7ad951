//! The test harness: `spawn_app()` and helpers named for what a person does.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ldr_server::auth::totp;
use ldr_server::db;
use ldr_server::seed::{self, SeedSet};
use ldr_server::web::{self, AppState, WebConfig};
use reqwest::{redirect, Client, Response, StatusCode};
use sqlx::SqlitePool;
use tempfile::TempDir;

pub const DEMO_PASSWORD: &str = "ldr-demo-2016";

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("server/ has a parent").to_path_buf()
}

/// A seeded database with the demo accounts, built once per test run and copied for each
/// test: the argon2 hashes of ten accounts are the slow part.
fn template() -> &'static Path {
    static TEMPLATE: OnceLock<(TempDir, PathBuf)> = OnceLock::new();
    &TEMPLATE
        .get_or_init(|| {
            std::thread::spawn(|| {
                let dir = TempDir::new().expect("temp dir");
                let path = dir.path().join("template.sqlite");
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
                rt.block_on(async {
                    let pool = db::open(&dir.path().join("build.sqlite")).await.expect("open template");
                    seed::load(&pool, &SeedSet::embedded()).await.expect("seed loads");
                    seed::load_demo_accounts(&pool, DEMO_PASSWORD).await.expect("demo accounts");
                    // One self-contained file, whatever is still in the WAL, safe to copy.
                    sqlx::query("VACUUM INTO ?").bind(path.to_str().expect("utf-8 path")).execute(&pool).await.expect("vacuum into");
                    pool.close().await;
                });
                (dir, path)
            })
            .join()
            .expect("template thread")
        })
        .1
}

#[derive(Clone)]
pub struct TestApp {
    pub base: String,
    pub pool: SqlitePool,
    /// The app's own state, for what a test must observe or steer inside it (sign-in counters, clock).
    pub state: AppState,
    /// The SQLite file, for the command line to work on while the app runs.
    pub db_path: PathBuf,
    pub client: Client,
    /// The authenticator apps of the people signed in to this app, shared by every person.
    pub authenticators: Authenticators,
    _dir: std::sync::Arc<TempDir>,
}

pub fn new_client() -> Client {
    Client::builder().cookie_store(true).redirect(redirect::Policy::none()).build().expect("client")
}

/// The real application on a random port, with a fresh copy of the seeded database.
pub async fn spawn_app() -> TestApp {
    let dir = TempDir::new().expect("temp dir");
    let db_path = dir.path().join("ldr.sqlite");
    std::fs::copy(template(), &db_path).expect("copy template database");
    spawn_on(dir, db_path).await
}

/// `spawn_app` with its configuration changed first (e.g. the test-only panic route).
pub async fn spawn_app_with(change: impl FnOnce(&mut WebConfig)) -> TestApp {
    let dir = TempDir::new().expect("temp dir");
    let db_path = dir.path().join("ldr.sqlite");
    std::fs::copy(template(), &db_path).expect("copy template database");
    spawn_configured(dir, db_path, change).await
}

/// The application on an empty database (migrated, no seed, no accounts).
pub async fn spawn_empty_app() -> TestApp {
    let dir = TempDir::new().expect("temp dir");
    let db_path = dir.path().join("ldr.sqlite");
    spawn_on(dir, db_path).await
}

async fn spawn_on(dir: TempDir, db_path: PathBuf) -> TestApp {
    spawn_configured(dir, db_path, |_| {}).await
}

async fn spawn_configured(dir: TempDir, db_path: PathBuf, change: impl FnOnce(&mut WebConfig)) -> TestApp {
    let pool = db::open(&db_path).await.expect("open database");
    let mut config = WebConfig {
        secure_cookies: false,
        static_dir: repo_root().join("style"),
        public_origin: None,
        panic_route: false,
        keep_pages: true,
    };
    change(&mut config);
    let state = AppState::new(pool.clone(), config);
    let router = web::app(state.clone()).await.expect("build app");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
    let base = format!("http://{}", listener.local_addr().expect("local addr"));
    tokio::spawn(web::serve(listener, router));
    TestApp { base, pool, state, db_path, client: new_client(), authenticators: Default::default(), _dir: std::sync::Arc::new(dir) }
}

impl TestApp {
    /// Synthetic footprints generated into the running app's database (`ldr generate`), beside
    /// Gloucestershire.
    pub async fn generate(&self, footprints: u32, quarters: u32, seed: u64) {
        let spec = ldr_server::generate::plan::Spec { footprints, quarters, seed };
        ldr_server::generate::command::run(&self.db_path, spec).await.expect("generate synthetic footprints");
    }

    /// Another person on the same running app: a new browser with its own cookies.
    pub fn another_person(&self) -> TestApp {
        TestApp { client: new_client(), ..self.clone() }
    }

    /// A new browser talking to another server (e.g. `ldr serve` as a child process) on this
    /// app's database, so that a crash of that server cannot take the tests down with it.
    pub fn at(&self, base: &str) -> TestApp {
        TestApp { base: base.to_string(), client: new_client(), ..self.clone() }
    }

    /// Another browser, with its own cookies, that names itself with this User-Agent.
    pub fn browser_with_user_agent(&self, user_agent: &str) -> TestApp {
        let client =
            Client::builder().cookie_store(true).redirect(redirect::Policy::none()).user_agent(user_agent).build().expect("client");
        TestApp { client, ..self.clone() }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// GET a page and return its status and HTML.
    pub async fn get_page(&self, path: &str) -> (StatusCode, String) {
        let r = self.get(path).await;
        let status = r.status();
        (status, r.text().await.expect("body"))
    }

    /// The CSRF token the app put in the last page's forms.
    pub async fn csrf_token(&self, path: &str) -> String {
        let (_, html) = self.get_page(path).await;
        csrf_from(&html).unwrap_or_else(|| panic!("no csrf_token on {path}"))
    }

    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        self.client.post(self.url(path)).form(fields).send().await.expect("POST")
    }

    pub async fn try_login(&self, username: &str, password: &str) -> Response {
        let token = self.csrf_token("/login").await;
        self.post_form("/login", &[("csrf_token", &token), ("username", username), ("password", password)]).await
    }

    /// Sign in as a demo account and check it worked; the PMO and the Steering Group also
    /// pass the security-code step, setting up their authenticator the first time.
    pub async fn login_as(&self, username: &str) {
        let r = self.try_login(username, DEMO_PASSWORD).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "sign-in as {username}");
        if location(&r) == "/login/code" {
            let r = self.enter_security_code(username).await;
            assert!(r.status() == StatusCode::SEE_OTHER || r.status() == StatusCode::OK, "security code for {username}: {}", r.status());
            if r.status() == StatusCode::SEE_OTHER {
                assert_eq!(location(&r), "/");
            }
            return;
        }
        assert_eq!(location(&r), "/");
    }

    pub async fn enter_security_code(&self, username: &str) -> Response {
        pass_security_code(&self.client, &self.base, &self.authenticators, username).await
    }
}

/// The authenticator apps of the people signed in to one server, shared by every person.
pub type Authenticators = std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, Authenticator>>>;

/// Answer the security-code page as an authenticator app would: the first time, read the key
/// from the set-up page and keep the recovery codes it then shows.
pub async fn pass_security_code(client: &Client, base: &str, authenticators: &Authenticators, username: &str) -> Response {
    let html = client.get(format!("{base}/login/code")).send().await.expect("GET code page").text().await.expect("body");
    let token = csrf_from(&html).expect("csrf on the code page");
    let setting_up = html.contains("id=\"totp-key\"");
    if setting_up {
        let key = html.split("id=\"totp-key\">").nth(1).and_then(|rest| rest.split('<').next()).expect("key text");
        let secret = totp::base32_decode(key).expect("base32 key");
        authenticators.lock().unwrap().insert(username.to_string(), Authenticator { secret, last_step: 0, recovery: vec![] });
    }
    let code = next_code(authenticators, username);
    let form = [("csrf_token", token.as_str()), ("code", code.as_str())];
    let r = client.post(format!("{base}/login/code")).form(&form).send().await.expect("POST code");
    if !setting_up || r.status() != StatusCode::OK {
        return r;
    }
    let html = r.text().await.expect("recovery codes page");
    let codes: Vec<String> = html.split("<li><code>").skip(1).filter_map(|c| c.split('<').next()).map(str::to_string).collect();
    assert_eq!(codes.len(), 10, "ten recovery codes at set-up");
    authenticators.lock().unwrap().get_mut(username).expect("enrolled").recovery = codes;
    client.get(format!("{base}/")).send().await.expect("GET /")
}

/// The next code this account's app would accept: a code works once, so within one
/// 30-second window the next step's code, and after that a recovery code.
pub fn next_code(authenticators: &Authenticators, username: &str) -> String {
    let mut all = authenticators.lock().unwrap();
    let auth = all.get_mut(username).unwrap_or_else(|| panic!("no authenticator set up for {username}"));
    let now = totp::step_at(chrono::Utc::now().timestamp());
    let step = now.max(auth.last_step + 1);
    if step <= now + 1 {
        auth.last_step = step;
        totp::code_for_step(&auth.secret, step)
    } else {
        auth.recovery.pop().expect("a recovery code left")
    }
}

/// What an authenticator app on a test person's phone holds.
pub struct Authenticator {
    pub secret: Vec<u8>,
    pub last_step: i64,
    pub recovery: Vec<String>,
}

pub fn csrf_from(html: &str) -> Option<String> {
    let start = html.find("name=\"csrf_token\" value=\"")? + "name=\"csrf_token\" value=\"".len();
    Some(html[start..].split('"').next()?.to_string())
}

pub fn location(r: &Response) -> String {
    r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

/// The value of the session cookie a response sets, if any.
pub fn session_cookie(r: &Response) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("ldr_session="))
        .map(|c| c.trim_start_matches("ldr_session=").split(';').next().unwrap_or_default().to_string())
}

/// The text of the table row that contains `needle`, tags stripped and whitespace folded.
pub fn row_containing(html: &str, needle: &str) -> Option<String> {
    html.split("<tr")
        .skip(1)
        // Drop the rest of the opening tag (its attributes), then everything after the row.
        .map(|row| row.split_once('>').map_or("", |(_, rest)| rest))
        .map(|row| row.split("</tr>").next().unwrap_or_default())
        .map(strip_tags)
        .find(|t| t.contains(needle))
}

pub fn strip_tags(fragment: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in fragment.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The one-time key the app put in the last page's form to issue an API token.
pub fn form_key(html: &str) -> Option<String> {
    let start = html.find("name=\"form_key\" value=\"")? + "name=\"form_key\" value=\"".len();
    Some(html[start..].split('"').next()?.to_string())
}
