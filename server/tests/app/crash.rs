//! Killing the server (SIGKILL, no shutdown) in the middle of a stream of section saves:
//! every save confirmed to the browser survives, and each section's saved version matches
//! its audit trail, so nothing is half-written.

use reqwest::{Client, StatusCode};
use tempfile::TempDir;

use crate::cli::serve;
use crate::forms::{form_values, set};
use crate::support::{csrf_from, location, new_client, pass_security_code, Authenticators, DEMO_PASSWORD};

const RTE: &str = "/returns/2016-17-q2/RTE";

async fn signed_in(url: &str, user: &str) -> Client {
    let client = new_client();
    let html = client.get(format!("{url}/login")).send().await.unwrap().text().await.unwrap();
    let token = csrf_from(&html).unwrap();
    let r = client
        .post(format!("{url}/login"))
        .form(&[("csrf_token", token.as_str()), ("username", user), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    if location(&r) == "/login/code" {
        // One authenticator per account across the server's restarts, as on a real phone.
        static APPS: std::sync::OnceLock<Authenticators> = std::sync::OnceLock::new();
        let r = pass_security_code(&client, url, APPS.get_or_init(Default::default), user).await;
        assert!(r.status().is_success() || r.status().is_redirection(), "security code for {user}");
    }
    client
}

async fn post_form(client: &Client, url: &str, page: &str, action: &str, changes: &[(&str, &str)]) -> StatusCode {
    let html = client.get(format!("{url}{page}")).send().await.unwrap().text().await.unwrap();
    let mut fields = form_values(&html, action);
    for (k, v) in changes {
        set(&mut fields, k, v);
    }
    client.post(format!("{url}{action}")).form(&fields).send().await.unwrap().status()
}

#[tokio::test]
async fn a_killed_server_keeps_every_confirmed_save_and_no_half_written_one() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ldr.sqlite");
    let (mut child, url) = serve(&db, &["--demo"]);

    let pmo = signed_in(&url, "pmo").await;
    let html = pmo.get(format!("{url}/periods")).send().await.unwrap().text().await.unwrap();
    let token = csrf_from(&html).unwrap();
    let open = [
        ("csrf_token", token.as_str()),
        ("period", "2016-17-q2"),
        ("deadline-day", "31"),
        ("deadline-month", "10"),
        ("deadline-year", "2016"),
        ("confirm", "past-deadline"), // long past: the "Open with a past deadline" button
    ];
    assert_eq!(pmo.post(format!("{url}/periods/open")).form(&open).send().await.unwrap().status(), StatusCode::SEE_OTHER);

    let cio = signed_in(&url, "cio.ghft").await;
    assert_eq!(post_form(&cio, &url, RTE, &format!("{RTE}/start"), &[]).await, StatusCode::SEE_OTHER);
    let section = format!("{RTE}/sections/dma");

    // Save after save; the server is killed while saves are in flight.
    let saver = {
        let (cio, url, section) = (cio.clone(), url.clone(), section.clone());
        tokio::spawn(async move {
            let mut confirmed = Vec::new();
            for score in 20..80 {
                let s = score.to_string();
                match cio.get(format!("{url}{section}")).send().await {
                    Ok(r) if r.status() == StatusCode::OK => {
                        let mut fields = form_values(&r.text().await.unwrap_or_default(), &section);
                        set(&mut fields, "score-records", &s);
                        set(&mut fields, "completed", "no");
                        match cio.post(format!("{url}{section}")).form(&fields).send().await {
                            Ok(r) if r.status() == StatusCode::SEE_OTHER => confirmed.push(score),
                            _ => break,
                        }
                    }
                    _ => break,
                }
            }
            confirmed
        })
    };
    // Let a few saves be confirmed, then kill without warning.
    let pool = ldr_server::db::open(&db).await.unwrap();
    loop {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'return.save_section'").fetch_one(&pool).await.unwrap();
        // (If the saver stopped early, the assertions below say why.)
        if n >= 5 || saver.is_finished() {
            break;
        }
        tokio::task::yield_now().await;
    }
    pool.close().await;
    child.kill().unwrap();
    child.wait().unwrap();
    let confirmed = saver.await.unwrap();
    let last = *confirmed.last().expect("some saves were confirmed");

    // Restart on the same file: the last confirmed score (or a later, unconfirmed one) is there.
    let (mut child, url) = serve(&db, &[]);
    let cio = signed_in(&url, "cio.ghft").await;
    let html = cio.get(format!("{url}{section}")).send().await.unwrap().text().await.unwrap();
    let fields = form_values(&html, &section);
    let saved: i64 = crate::forms::value(&fields, "score-records").unwrap().parse().unwrap();
    assert!(saved >= last, "confirmed {last}, found {saved}");

    // Every committed save has its audit row and nothing else: version 1 + one per save.
    let pool = ldr_server::db::open(&db).await.unwrap();
    // GHFT's own section (the demo's generated returns have DMA sections too).
    let version: i64 = sqlx::query_scalar(
        "SELECT s.version FROM return_sections s JOIN returns r ON r.id = s.return_id JOIN organisations o ON o.id = r.organisation_id
         WHERE s.section = 'dma' AND o.code = 'RTE'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'return.save_section'").fetch_one(&pool).await.unwrap();
    assert_eq!(version - 1, audited, "each committed save is audited exactly once");
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&pool).await.unwrap();
    assert_eq!(integrity, "ok");
    child.kill().unwrap();
    child.wait().unwrap();
}
