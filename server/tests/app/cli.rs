//! The `ldr` binary itself: start-up, and account management from the command line.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::Instant;

use reqwest::StatusCode;
use tempfile::TempDir;

use crate::support::{new_client, repo_root};

const LDR: &str = env!("CARGO_BIN_EXE_ldr");

pub fn ldr(args: &[&str], db: &std::path::Path, stdin: &str) -> std::process::Output {
    let mut child = Command::new(LDR)
        .args(args)
        .arg("--database")
        .arg(db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

/// Start `ldr serve` on port 0 and return the child and the URL it printed.
pub fn serve(db: &std::path::Path, extra: &[&str]) -> (std::process::Child, String) {
    let mut child = Command::new(LDR)
        .args(["serve", "--bind", "127.0.0.1:0", "--database"])
        .arg(db)
        .args(extra)
        .current_dir(repo_root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().trim_end_matches('/').to_string();
    assert!(line.contains("listening on http://127.0.0.1:"), "startup prints the URL: {line}");
    (child, url)
}

async fn sign_in(url: &str, username: &str, password: &str) -> StatusCode {
    let client = new_client();
    let html = client.get(format!("{url}/login")).send().await.unwrap().text().await.unwrap();
    let token = crate::support::csrf_from(&html).unwrap();
    let form = [("csrf_token", token.as_str()), ("username", username), ("password", password)];
    client.post(format!("{url}/login")).form(&form).send().await.unwrap().status()
}

#[tokio::test]
async fn serve_creates_seeds_and_answers_on_the_printed_url() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("nested/folder/ldr.sqlite");
    let started = Instant::now();
    let (mut child, url) = serve(&db, &["--demo", "--demo-password", "another-demo-pw"]);
    eprintln!("cold start to listening: {:?}", started.elapsed());
    let health = reqwest::get(format!("{url}/healthz")).await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    assert_eq!(sign_in(&url, "pmo", "another-demo-pw").await, StatusCode::SEE_OTHER, "demo password from the flag");
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(db.exists(), "the database and its folders were created");
}

#[tokio::test]
async fn a_database_that_cannot_be_opened_stops_startup_with_one_line() {
    let dir = TempDir::new().unwrap();
    // A directory where the file should be: SQLite cannot open it.
    let out = Command::new(LDR).args(["serve", "--bind", "127.0.0.1:0", "--database"]).arg(dir.path()).output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stderr.lines().last().unwrap_or_default();
    assert!(last.starts_with("ldr: cannot open the database"), "{stderr}");
}

#[tokio::test]
async fn accounts_are_added_changed_and_disabled_from_the_command_line() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ldr.sqlite");
    // An unseeded database: nobody can sign in until an account is made.
    let (mut child, url) = serve(&db, &["--init", "--no-seed"]);
    assert_eq!(sign_in(&url, "pmo", "ldr-demo-2016").await, StatusCode::UNAUTHORIZED);

    let weak = ldr(&["user", "add", "alice", "--role", "reviewer", "--name", "Alice Reviewer"], &db, "short\n");
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("at least 12 characters"));

    let ok = ldr(&["user", "add", "alice", "--role", "reviewer", "--name", "Alice Reviewer"], &db, "a long enough secret\n");
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert_eq!(sign_in(&url, "alice", "a long enough secret").await, StatusCode::SEE_OTHER);

    let cio = ldr(&["user", "add", "bob", "--role", "cio", "--name", "Bob"], &db, "a long enough secret\n");
    assert!(String::from_utf8_lossy(&cio.stderr).contains("a CIO needs --organisation"), "a CIO must have an organisation");

    let passwd = ldr(&["user", "passwd", "alice"], &db, "another long secret\n");
    assert!(passwd.status.success());
    assert_eq!(sign_in(&url, "alice", "a long enough secret").await, StatusCode::UNAUTHORIZED);
    assert_eq!(sign_in(&url, "alice", "another long secret").await, StatusCode::SEE_OTHER);

    let disable = ldr(&["user", "disable", "alice"], &db, "");
    assert!(disable.status.success());
    assert_eq!(sign_in(&url, "alice", "another long secret").await, StatusCode::UNAUTHORIZED);
    child.kill().unwrap();
    child.wait().unwrap();

    let pool = ldr_server::db::open(&db).await.unwrap();
    let actions: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log WHERE actor = 'cli' ORDER BY id").fetch_all(&pool).await.unwrap();
    assert_eq!(actions, ["user.add", "user.passwd", "user.disable"], "every account change is audited");
}

#[tokio::test]
async fn a_lost_authenticator_is_reset_from_the_command_line() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ldr.sqlite");
    let (mut child, url) = serve(&db, &["--demo"]);
    let apps = crate::support::Authenticators::default();
    let pmo = new_client();
    let begin = |client: reqwest::Client| {
        let url = url.clone();
        async move {
            let html = client.get(format!("{url}/login")).send().await.unwrap().text().await.unwrap();
            let token = crate::support::csrf_from(&html).unwrap();
            let form = [("csrf_token", token.as_str()), ("username", "pmo"), ("password", "ldr-demo-2016")];
            let r = client.post(format!("{url}/login")).form(&form).send().await.unwrap();
            assert_eq!(crate::support::location(&r), "/login/code");
            client.get(format!("{url}/login/code")).send().await.unwrap().text().await.unwrap()
        }
    };
    assert!(begin(pmo.clone()).await.contains("Set up your authenticator app"));
    let r = crate::support::pass_security_code(&pmo, &url, &apps, "pmo").await;
    assert_eq!(r.status(), StatusCode::OK, "signed in after set-up");
    assert!(begin(new_client()).await.contains("Enter your security code"), "enrolled: asked for a code");

    let reset = ldr(&["user", "reset-second-factor", "pmo"], &db, "");
    assert!(reset.status.success(), "{}", String::from_utf8_lossy(&reset.stderr));
    let r = pmo.get(format!("{url}/periods")).send().await.unwrap();
    assert_eq!(crate::support::location(&r), "/login", "the session opened with the lost phone has ended");
    assert!(begin(new_client()).await.contains("Set up your authenticator app"), "after the reset: set up again");
    let unknown = ldr(&["user", "reset-second-factor", "nobody"], &db, "");
    assert!(!unknown.status.success());
    child.kill().unwrap();
    child.wait().unwrap();
}
