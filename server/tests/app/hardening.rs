//! Holding under fault and attack (issue 8): a failed commit does not poison the pool, a
//! deleted, replaced or read-only database is reported, half-sent requests are closed,
//! oversized bodies and other methods get honest answers, and cross-origin POSTs are refused.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use sqlx::SqlitePool;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::forms::set;
use crate::returns::{form, open_quarter, post, start};
use crate::support::{location, repo_root, spawn_app, TestApp};

const RTE: &str = "/returns/2016-17-q2/RTE";

/// Run a statement on every connection the pool can hold: a per-connection fault switch
/// (SQLite pragmas such as `max_page_count` and `query_only` live on the connection).
async fn on_every_connection(pool: &SqlitePool, sql: &str) {
    let mut held = Vec::new();
    for _ in 0..pool.options().get_max_connections() {
        held.push(pool.acquire().await.unwrap());
    }
    for conn in &mut held {
        sqlx::query(sql).execute(&mut **conn).await.unwrap();
    }
}

fn db_path(app: &TestApp) -> std::path::PathBuf {
    app.pool.connect_options().get_filename().to_path_buf()
}

/// A draft return whose commentary section a CIO can save again and again.
async fn cio_with_a_draft() -> TestApp {
    let app = spawn_app().await;
    open_quarter(&app, "2016-17-q2").await;
    app.login_as("cio.ghft").await;
    start(&app, RTE).await;
    app
}

/// Save the commentary section with `text` in every text area; the status of the save.
async fn save_commentary(app: &TestApp, text: &str) -> (StatusCode, String) {
    let action = format!("{RTE}/sections/commentary");
    let (_, html) = app.get_page(&action).await;
    let mut fields = form(app, &action, &action).await;
    for name in html.split("<textarea").skip(1).filter_map(|t| t.split("name=\"").nth(1)?.split('"').next()) {
        set(&mut fields, name, text);
    }
    set(&mut fields, "completed", "no");
    let r = post(app, &action, &fields).await;
    let status = r.status();
    let html = r.text().await.unwrap();
    (status, html)
}

#[tokio::test]
async fn a_full_disk_answers_503_and_saves_work_again_once_there_is_room() {
    let app = cio_with_a_draft().await;
    assert_eq!(save_commentary(&app, "before the disk filled").await.0, StatusCode::SEE_OTHER);

    // The file may not grow by one page: every save needing space fails as on a full disk.
    on_every_connection(&app.pool, "PRAGMA max_page_count = 1").await;
    let mut failed = 0;
    for i in 0..6 {
        // Near the 5,000-character limit: each version kept needs new pages.
        let (status, html) = save_commentary(&app, &format!("{i} {}", "A narrative that needs room. ".repeat(160))).await;
        failed += usize::from(status != StatusCode::SEE_OTHER);
        if status != StatusCode::SEE_OTHER {
            assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "a full disk is not a defect");
            assert!(html.contains("The service cannot save right now"), "an honest message");
        }
    }
    assert!(failed > 0, "the fault was real");
    on_every_connection(&app.pool, "PRAGMA max_page_count = 1073741823").await;
    for i in 0..6 {
        assert_eq!(save_commentary(&app, &format!("save {i} after space was freed")).await.0, StatusCode::SEE_OTHER);
    }
}

#[tokio::test]
async fn saves_recover_after_commits_failed_on_every_connection() {
    let app = cio_with_a_draft().await;
    // What a disk-full COMMIT does: SQLite rolls the transaction back itself and COMMIT
    // fails, so the connection's own rollback fails too. Done here on every connection.
    let mut held = Vec::new();
    for _ in 0..app.pool.options().get_max_connections() {
        held.push(app.pool.acquire().await.unwrap());
    }
    for conn in &mut held {
        let mut tx = sqlx::Connection::begin_with(&mut **conn, "BEGIN IMMEDIATE").await.unwrap();
        sqlx::raw_sql("ROLLBACK").execute(&mut *tx).await.unwrap();
        assert!(tx.commit().await.is_err(), "the commit fails");
    }
    drop(held);

    for i in 0..12 {
        let (status, html) = save_commentary(&app, &format!("save {i} after the failed commits")).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "save {i}: {}", crate::support::strip_tags(&html).chars().take(300).collect::<String>());
    }
}

#[tokio::test]
async fn healthz_reports_a_deleted_database_file() {
    let app = spawn_app().await;
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    std::fs::remove_file(db_path(&app)).unwrap();
    let r = app.get("/healthz").await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(r.text().await.unwrap().contains("missing"));
}

#[tokio::test]
async fn healthz_reports_a_database_file_replaced_under_the_server() {
    let app = spawn_app().await;
    let path = db_path(&app);
    let copy = path.with_extension("copy");
    std::fs::copy(&path, &copy).unwrap();
    std::fs::rename(&copy, &path).unwrap();
    let r = app.get("/healthz").await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(r.text().await.unwrap().contains("replaced"));
}

#[tokio::test]
async fn a_read_only_database_is_reported_by_healthz_and_saves_answer_503() {
    let app = cio_with_a_draft().await;
    on_every_connection(&app.pool, "PRAGMA query_only = ON").await;
    let r = app.get("/healthz").await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(r.text().await.unwrap().contains("refuses writes"));
    let (status, html) = save_commentary(&app, "cannot be written").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(html.contains("The service cannot save right now"));
    assert!(!html.contains("expired"));
}

#[tokio::test]
async fn other_methods_answer_405_on_every_route() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    for path in ["/", "/login", "/logout", "/periods/open", RTE, "/no-such-page", "/style/ldr.css"] {
        for method in ["TRACE", "PUT", "DELETE", "PATCH"] {
            let r = app.client.request(method.parse().unwrap(), app.url(path)).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        }
    }
}

#[tokio::test]
async fn a_body_over_the_limit_answers_413_with_its_own_page() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    let token = app.csrf_token("/periods").await;
    // 20 MB with a length, and 2 MB streamed without one.
    let big = format!("csrf_token={token}&period={}", "x".repeat(20 * 1024 * 1024));
    let r = app
        .client
        .post(app.url("/periods/open"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let html = r.text().await.unwrap();
    assert!(html.contains("too large") && !html.contains("expired"), "{html}");

    // Streamed in chunks with no length: refused once it passes the limit.
    let mut stream = tokio::net::TcpStream::connect(app.base.trim_start_matches("http://")).await.unwrap();
    let head = "POST /periods/open HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n";
    stream.write_all(head.as_bytes()).await.unwrap();
    let chunk = format!("10000\r\n{}\r\n", "x".repeat(0x10000));
    for _ in 0..32 {
        if stream.write_all(chunk.as_bytes()).await.is_err() {
            break;
        }
    }
    let mut answer = vec![0u8; 64];
    let n = stream.read(&mut answer).await.unwrap();
    assert!(String::from_utf8_lossy(&answer[..n]).starts_with("HTTP/1.1 413"), "{}", String::from_utf8_lossy(&answer[..n]));
}

#[tokio::test]
async fn the_csp_forbids_a_base_element_and_css_and_js_name_their_charset() {
    let app = spawn_app().await;
    let r = app.get("/login").await;
    let csp = r.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("base-uri 'none'") && csp.contains("form-action 'self'"), "{csp}");
    for (path, kind) in [("/style/ldr.css", "text/css"), ("/style/ldr.js", "text/javascript")] {
        let r = app.get(path).await;
        assert_eq!(r.headers()["content-type"], format!("{kind}; charset=utf-8").as_str(), "{path}");
    }
}

#[tokio::test]
async fn pages_link_versioned_css_and_js_that_browsers_keep_and_plain_urls_are_revalidated() {
    let app = spawn_app().await;
    let (_, html) = app.get_page("/login").await;
    let start = html.find("href=\"/style/ldr.css?v=").expect("a versioned stylesheet link") + "href=\"".len();
    let versioned = html[start..].split('"').next().unwrap().to_string();
    let r = app.get(&versioned).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert!(html.contains("src=\"/style/ldr.js?v="), "the script is versioned too");

    let plain = app.get("/style/ldr.css").await;
    assert_eq!(plain.headers()["cache-control"], "no-cache");
    let modified = plain.headers()["last-modified"].to_str().unwrap().to_string();
    let again = app.client.get(app.url("/style/ldr.css")).header("if-modified-since", modified).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "unchanged: no body sent again");
    assert_eq!(app.get("/style/ldr.css?v=stale").await.headers()["cache-control"], "no-cache", "an old version is not kept");
}

#[tokio::test]
async fn a_post_from_another_origin_is_refused_even_with_a_valid_token() {
    let app = spawn_app().await;
    app.login_as("pmo").await;
    let token = app.csrf_token("/").await;
    let form = [("csrf_token", token.as_str())];
    for (name, value) in [("origin", "https://evil.example"), ("origin", "null"), ("sec-fetch-site", "cross-site")] {
        let r = app.client.post(app.url("/logout")).header(name, value).form(&form).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{name}: {value}");
        assert!(r.text().await.unwrap().contains("another website"));
        assert_eq!(app.get("/").await.status(), StatusCode::OK, "still signed in after {name}: {value}");
    }
    let r = app
        .client
        .post(app.url("/logout"))
        .header("origin", &app.base)
        .header("sec-fetch-site", "same-origin")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the service's own origin is accepted");
    assert_eq!(location(&r), "/login");
}

/// `ldr serve` with `args`; its exit status and last line of errors if it stopped within
/// 20 s, or None (and it is stopped) if it kept running.
fn serve_briefly(db: &std::path::Path, args: &[&str]) -> Option<(bool, String)> {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ldr"))
        .args(["serve", "--bind", "127.0.0.1:0", "--database"])
        .arg(db)
        .args(args)
        .current_dir(repo_root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(20) {
        if child.try_wait().unwrap().is_some() {
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr).to_string();
            return Some((out.status.success(), stderr.lines().last().unwrap_or_default().to_string()));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    None
}

#[tokio::test]
async fn serve_refuses_a_missing_or_empty_database_unless_asked_to_create_one() {
    let dir = tempfile::TempDir::new().unwrap();
    let missing = dir.path().join("missing.sqlite");
    let (ok, line) = serve_briefly(&missing, &[]).expect("a missing database stops the start");
    assert!(!ok && line.starts_with("ldr: no database at") && line.contains("--init"), "{line}");
    assert!(!missing.exists(), "nothing was created");

    let empty = dir.path().join("empty.sqlite");
    std::fs::write(&empty, b"").unwrap();
    let (ok, line) = serve_briefly(&empty, &[]).expect("an empty database stops the start");
    assert!(!ok && line.contains("is empty") && line.contains("--init"), "{line}");
}

#[tokio::test]
async fn init_creates_a_seeded_database_with_no_accounts_and_only_demo_adds_the_demo_accounts() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("ldr.sqlite");
    let (mut child, url) = crate::cli::serve(&db, &["--init"]);
    let client = crate::support::new_client();
    assert_eq!(client.get(format!("{url}/healthz")).send().await.unwrap().status(), StatusCode::OK);
    child.kill().unwrap();
    child.wait().unwrap();
    let pool = ldr_server::db::open(&db).await.unwrap();
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&pool).await.unwrap();
    let footprints: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM footprints").fetch_one(&pool).await.unwrap();
    assert_eq!((users, footprints > 0), (0, true), "the seed, and no account with a published password");
    pool.close().await;

    // A later start on it needs no flag; --demo on a database in use adds nobody.
    let (mut child, _) = crate::cli::serve(&db, &["--demo"]);
    child.kill().unwrap();
    child.wait().unwrap();
    let pool = ldr_server::db::open(&db).await.unwrap();
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&pool).await.unwrap();
    assert_eq!(users, 0);
}

/// An app on an empty database, served with short limits.
async fn spawn_with_limits(limits: ldr_server::web::listen::Limits) -> (String, tempfile::TempDir) {
    use ldr_server::web::{self, AppState, WebConfig};
    let dir = tempfile::TempDir::new().unwrap();
    let pool = ldr_server::db::open(&dir.path().join("ldr.sqlite")).await.unwrap();
    let config = WebConfig {
        secure_cookies: false,
        static_dir: repo_root().join("style"),
        public_origin: None,
        panic_route: false,
        keep_pages: true,
    };
    let router = web::app(AppState::new(pool, config)).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    tokio::spawn(web::listen::serve_with(listener, router, limits, std::future::pending()));
    (addr, dir)
}

/// Whether the server closed the connection (end of file or reset) within `within`.
async fn closed_within(stream: &mut tokio::net::TcpStream, within: Duration) -> bool {
    let mut buf = [0u8; 1024];
    let deadline = Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline.into(), stream.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            // A 408 or 400 before closing is fine: keep reading to the end.
            Ok(Ok(_)) => continue,
        }
    }
}

#[tokio::test]
async fn half_sent_requests_are_closed_after_the_header_timeout_while_others_are_served() {
    let limits = ldr_server::web::listen::Limits {
        max_connections: 64,
        header_read_timeout: Duration::from_secs(1),
        request_timeout: Duration::from_secs(5),
    };
    let (addr, _dir) = spawn_with_limits(limits).await;
    let mut slow = Vec::new();
    for _ in 0..50 {
        let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
        s.write_all(b"GET /healthz HT").await.unwrap();
        slow.push(s);
    }
    let health = reqwest::get(format!("http://{addr}/healthz")).await.unwrap();
    assert_eq!(health.status(), StatusCode::OK, "served beside the slow ones");
    let started = Instant::now();
    for (i, s) in slow.iter_mut().enumerate() {
        assert!(closed_within(s, Duration::from_secs(5)).await, "half-sent request {i} still open after {:?}", started.elapsed());
    }
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_until_a_slot_is_free() {
    let limits = ldr_server::web::listen::Limits {
        max_connections: 4,
        header_read_timeout: Duration::from_secs(1),
        request_timeout: Duration::from_secs(5),
    };
    let (addr, _dir) = spawn_with_limits(limits).await;
    let mut idle = Vec::new();
    for _ in 0..4 {
        idle.push(tokio::net::TcpStream::connect(&addr).await.unwrap());
    }
    let waiting = tokio::time::timeout(Duration::from_millis(300), reqwest::get(format!("http://{addr}/healthz"))).await;
    assert!(waiting.is_err(), "a fifth connection is not served while four are open");
    let served = tokio::time::timeout(Duration::from_secs(5), reqwest::get(format!("http://{addr}/healthz"))).await;
    assert_eq!(served.expect("served once the idle ones timed out").unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn signing_in_on_a_read_only_database_says_the_service_cannot_save_not_that_the_form_expired() {
    let app = spawn_app().await;
    on_every_connection(&app.pool, "PRAGMA query_only = ON").await;
    let r = app.try_login("cio.ghft", crate::support::DEMO_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    let html = r.text().await.unwrap();
    assert!(html.contains("The service cannot save right now"), "{html}");
    assert!(!html.contains("expired"));
}

#[tokio::test]
async fn the_pmos_password_step_on_a_read_only_database_says_the_service_cannot_save() {
    let app = spawn_app().await;
    on_every_connection(&app.pool, "PRAGMA query_only = ON").await;
    let r = app.try_login("pmo", crate::support::DEMO_PASSWORD).await;
    let status = r.status();
    let html = r.text().await.unwrap();
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{html}");
    assert!(html.contains("The service cannot save right now"), "{html}");
}
