//! Issue 13's new code tried as an attacker and as a careful NHS user: the upload path's
//! memory under many uploads, hostile multipart bodies, double confirms, formula cells,
//! tokens presented oddly, escaping, and every new route against every role.

use std::time::Duration;

use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::api_tokens::{issue, signed_in};
use crate::dma_import::{confirm, counts, multipart, pmo_app, preview_of, send_upload, upload, BOUNDARY, LONG, QUARTER};
use crate::support::{csrf_from, spawn_app, strip_tags, TestApp};
use ldr_server::web::limits::MAX_UPLOADS_AT_ONCE;

/// A connection that has sent an upload's head and the first bytes of a 5 MB body, and then
/// waits: the server is reading its body.
async fn slow_upload(app: &TestApp) -> tokio::net::TcpStream {
    let addr = app.base.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST /imports/dma HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: 5000000\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&vec![b'a'; 64 * 1024]).await.unwrap();
    stream
}

/// The status line the server answers a stalled connection with, if it answers at once.
async fn status_line(stream: &mut tokio::net::TcpStream) -> Option<String> {
    let mut answer = vec![0u8; 256];
    let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut answer)).await.ok()?.ok()?;
    Some(String::from_utf8_lossy(&answer[..n]).lines().next().unwrap_or_default().to_string())
}

#[tokio::test]
async fn only_a_few_uploads_are_read_into_memory_at_once_and_the_next_is_told_to_retry_unread() {
    let app = spawn_app().await;
    let mut held = Vec::new();
    for _ in 0..MAX_UPLOADS_AT_ONCE {
        held.push(slow_upload(&app).await);
    }
    // Give the server time to start reading each held body.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut next = slow_upload(&app).await;
    let line = status_line(&mut next).await.expect("the next upload is answered at once, its body unread");
    assert!(line.starts_with("HTTP/1.1 503"), "{line}");
    drop(held);
    // Once they are gone, an upload is read again (refused here only for its missing token).
    tokio::time::sleep(Duration::from_millis(300)).await;
    let r = send_upload(&app, multipart("x", "DMA2016", QUARTER, Some(("a.csv", LONG.as_bytes())))).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn two_confirms_of_one_preview_write_once_and_the_second_is_told_it_was_already_imported() {
    let app = pmo_app().await;
    let (path, html) = preview_of(&app, "dma.csv", LONG.as_bytes()).await;
    let (a, b) = tokio::join!(confirm(&app, &path, &html), confirm(&app, &path, &html));
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::SEE_OTHER, StatusCode::CONFLICT], "one writes, the other is a conflict");
    let second = if a.status() == StatusCode::CONFLICT { a } else { b };
    let text = strip_tags(&second.text().await.unwrap());
    assert!(text.contains("already imported"), "a clear reason, not a stale-preview one: {text}");
    let imports: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'dma.import'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(imports, 1);
    // A third, later (the back button and submit again): the same clear 409, nothing written.
    let before = counts(&app).await;
    let r = confirm(&app, &path, &html).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(strip_tags(&r.text().await.unwrap()).contains("already imported"));
    assert_eq!(counts(&app).await, before);
}

#[tokio::test]
async fn a_cell_with_spaces_before_a_formula_is_refused_like_the_formula_and_a_negative_score_is_out_of_scale() {
    let app = pmo_app().await;
    for cell in ["  =cmd|' /C calc'!A0", "\" @SUM(1+1)\"", " +1+cmd"] {
        let csv = format!("ODS code,Theme,Score\nRTE,Leadership,80\nRTE,{cell},80\n");
        let r = upload(&app, "f.csv", csv.as_bytes()).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{cell}");
        let text = strip_tags(&r.text().await.unwrap());
        assert!(text.contains("row 3, column B: the cell starts with"), "{cell}: {text}");
    }
    let (_, html) = preview_of(&app, "neg.csv", b"ODS code,Theme,Score\nRTE,Leadership,-5\n").await;
    let text = strip_tags(&html);
    assert!(text.contains("\"-5\"") && !text.contains("formula"), "a negative number is judged by the scale: {text}");
}

#[tokio::test]
async fn a_bom_crlf_file_reads_and_a_header_only_file_is_refused_as_empty() {
    let app = pmo_app().await;
    let (_, html) = preview_of(&app, "bom.csv", b"\xEF\xBB\xBFODS code,Theme,Score\r\nRTE,Leadership,81\r\n").await;
    assert!(strip_tags(&html).contains("81"));
    let r = upload(&app, "head.csv", b"ODS code,Theme,Score\r\n").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(strip_tags(&r.text().await.unwrap()).contains("The file is empty"));
}

/// Hostile multipart bodies: each is refused and writes nothing.
#[tokio::test]
async fn hostile_multipart_bodies_are_refused_and_write_nothing() {
    let app = pmo_app().await;
    let token = app.csrf_token("/imports/dma").await;
    let before = counts(&app).await;
    let send = |content_type: String, body: Vec<u8>| {
        let app = app.clone();
        async move { app.client.post(app.url("/imports/dma")).header("content-type", content_type).body(body).send().await.unwrap() }
    };
    let good = multipart(&token, "DMA2016", QUARTER, Some(("a.csv", LONG.as_bytes())));
    // No boundary: the token cannot be found.
    assert_eq!(send("multipart/form-data".into(), good.clone()).await.status(), StatusCode::FORBIDDEN);
    // A huge part header.
    let huge = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\nX-Pad: {}\r\n\r\n{token}\r\n--{BOUNDARY}--\r\n",
        "a".repeat(5000)
    );
    assert_eq!(send(format!("multipart/form-data; boundary={BOUNDARY}"), huge.into_bytes()).await.status(), StatusCode::FORBIDDEN);
    // Many parts.
    let mut many = format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n");
    for i in 0..100 {
        many.push_str(&format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"f{i}\"\r\n\r\nx\r\n"));
    }
    many.push_str(&format!("--{BOUNDARY}--\r\n"));
    assert_eq!(send(format!("multipart/form-data; boundary={BOUNDARY}"), many.into_bytes()).await.status(), StatusCode::FORBIDDEN);
    // The token as a file part.
    let file_token = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf_token\"; filename=\"t.txt\"\r\n\r\n{token}\r\n--{BOUNDARY}--\r\n"
    );
    assert_eq!(send(format!("multipart/form-data; boundary={BOUNDARY}"), file_token.into_bytes()).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(counts(&app).await, before);
}

#[tokio::test]
async fn no_other_post_takes_a_multipart_body_in_place_of_its_form() {
    let app = pmo_app().await;
    let token = app.csrf_token("/api-tokens").await;
    let body = format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"label\"\r\n\r\nx\r\n--{BOUNDARY}--\r\n");
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM api_tokens").fetch_one(&app.pool).await.unwrap();
    let r = app
        .client
        .post(app.url("/api-tokens"))
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(body)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error(), "{}", r.status());
    // Nor more than 1 MiB, multipart or not.
    let big = vec![b'a'; 2 * 1024 * 1024];
    let r = app
        .client
        .post(app.url("/api-tokens"))
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM api_tokens").fetch_one(&app.pool).await.unwrap();
    assert_eq!(before, after);
}

#[tokio::test]
async fn a_file_name_with_markup_is_shown_escaped_on_the_preview_and_the_refusal() {
    let app = pmo_app().await;
    // No slash: a name with one is cut to what follows it, as a Windows path would be.
    let name = "<img src=x onerror=alert(1)>.csv";
    let (_, html) = preview_of(&app, name, LONG.as_bytes()).await;
    assert!(!html.contains("<img src=x"), "escaped on the preview");
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)>.csv") || html.contains("&lt;img src=x onerror=alert(1)&gt;.csv"),
        "shown as text"
    );
    let r = upload(&app, name, b"").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!r.text().await.unwrap().contains("<img src=x"), "escaped on the refusal");
}

/// A PMO of a generated footprint (same password as the seed's PMO).
async fn other_pmo(app: &TestApp) -> TestApp {
    app.generate(1, 1, 7).await;
    sqlx::query(
        "INSERT INTO users (username, password_hash, display_name, role, footprint_id)
         SELECT 'pmo.other', (SELECT password_hash FROM users WHERE username = 'pmo'), 'Other PMO', 'pmo',
                (SELECT id FROM footprints WHERE code <> 'GLOS' ORDER BY id DESC LIMIT 1)",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    signed_in(app, "pmo.other").await
}

#[tokio::test]
async fn another_person_cannot_see_map_or_confirm_a_pending_import_by_changing_its_id() {
    let app = pmo_app().await;
    let (path, html) = preview_of(&app, "mine.csv", LONG.as_bytes()).await;
    let written = |app: TestApp| async move {
        let (scores, _, imports) = counts(&app).await;
        let audited: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'dma.import'").fetch_one(&app.pool).await.unwrap();
        (scores, imports, audited)
    };
    let before = written(app.clone()).await;
    let mut people = vec![("pmo.other", other_pmo(&app).await)];
    for username in ["steering", "reviewer", "cio.ghft", "cio.gcc"] {
        people.push((username, signed_in(&app, username).await));
    }
    for (username, person) in &people {
        let (status, page) = person.get_page(&path).await;
        assert!(matches!(status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN), "{username} GET: {status}");
        assert!(!page.contains("mine.csv"), "{username}");
        let token = csrf_from(&person.get_page("/").await.1).unwrap();
        let digest = html.split("name=\"digest\" value=\"").nth(1).unwrap()[..64].to_string();
        for (suffix, fields) in [
            ("/confirm", vec![("csrf_token", token.as_str()), ("digest", digest.as_str())]),
            ("/mapping", vec![("csrf_token", token.as_str())]),
        ] {
            let status = person.post_form(&format!("{path}{suffix}"), &fields).await.status();
            assert!(matches!(status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN), "{username} {suffix}: {status}");
        }
    }
    assert_eq!(written(app.clone()).await, before);
    let pending: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM dma_imports WHERE confirmed_at IS NULL").fetch_one(&app.pool).await.unwrap();
    assert_eq!(pending, 1, "still pending, its mapping untouched");
}

#[tokio::test]
async fn the_bearer_scheme_is_read_in_any_case_and_a_token_elsewhere_is_refused() {
    let app = spawn_app().await;
    let pmo = signed_in(&app, "pmo").await;
    let token = issue(&pmo, "cio.ghft", "Scheme").await;
    let client = reqwest::Client::new();
    let get = |authorization: String| client.get(app.url("/api/v1/me")).header("authorization", authorization).send();
    for scheme in ["Bearer", "bearer", "BEARER"] {
        assert_eq!(get(format!("{scheme} {token}")).await.unwrap().status(), StatusCode::OK, "{scheme}");
    }
    assert_eq!(get(format!("Bearer    {token}  ")).await.unwrap().status(), StatusCode::OK, "extra spaces");
    assert_eq!(get(format!("Basic {token}")).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(get(format!("Bearer {token}{}", "a".repeat(4000))).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let in_query = client.get(app.url(&format!("/api/v1/me?access_token={token}&token={token}"))).send().await.unwrap();
    assert_eq!(in_query.status(), StatusCode::UNAUTHORIZED, "never from the query string");
}

#[tokio::test]
async fn the_issuing_page_is_never_stored_and_a_role_change_takes_effect_on_the_token_at_once() {
    let app = spawn_app().await;
    let pmo = signed_in(&app, "pmo").await;
    let token = issue(&pmo, "cio.ghft", "Role").await;
    let r = pmo.get("/api-tokens").await;
    assert!(r.headers()["cache-control"].to_str().unwrap().contains("no-store"));
    let me = |t: String| reqwest::Client::new().get(app.url("/api/v1/me")).bearer_auth(t).send();
    let first: serde_json::Value = serde_json::from_str(&me(token.clone()).await.unwrap().text().await.unwrap()).unwrap();
    sqlx::query("UPDATE users SET role = 'reviewer' WHERE username = 'cio.ghft'").execute(&app.pool).await.unwrap();
    let second: serde_json::Value = serde_json::from_str(&me(token.clone()).await.unwrap().text().await.unwrap()).unwrap();
    assert_ne!(first.to_string(), second.to_string(), "the token speaks for the holder as they are now: {second}");
    sqlx::query("UPDATE api_tokens SET revoked_at = CURRENT_TIMESTAMP").execute(&app.pool).await.unwrap();
    let audit_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log").fetch_one(&app.pool).await.unwrap();
    let revoked = me(token.clone()).await.unwrap();
    let unknown = me(format!("ldr_{}", "A".repeat(43))).await.unwrap();
    assert_eq!(revoked.status(), unknown.status());
    assert_eq!(revoked.text().await.unwrap().len(), unknown.text().await.unwrap().len(), "the same body");
    let audit_after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log").fetch_one(&app.pool).await.unwrap();
    assert_eq!(audit_before, audit_after, "using a token writes no audit entry");
}

/// Every internal link of a page (no CSVs, no sign-out), as paths.
fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|h| h.starts_with('/') && !h.starts_with("/style") && !h.starts_with("/assets"))
        .map(|h| h.replace("&amp;", "&"))
        .collect()
}

#[tokio::test]
async fn every_csv_is_refused_to_whoever_its_page_is_refused_to() {
    let app = spawn_app().await;
    let pmo = signed_in(&app, "pmo").await;
    // The PMO's pages two links deep, and the CSV links on each.
    let (mut pages, mut seen, mut csvs) = (vec!["/".to_string()], std::collections::HashSet::new(), Vec::new());
    for _ in 0..2 {
        let mut next = Vec::new();
        for page in pages.drain(..).filter(|p| seen.insert(p.clone())).take(80) {
            let (status, html) = pmo.get_page(&page).await;
            if status != StatusCode::OK {
                continue;
            }
            for link in links(&html) {
                if link.split('?').next().unwrap().ends_with(".csv") {
                    csvs.push((page.clone(), link));
                } else if !link.contains("logout") {
                    next.push(link);
                }
            }
        }
        pages = next;
    }
    csvs.sort();
    csvs.dedup();
    assert!(csvs.len() >= 10, "the crawl found the CSV links: {csvs:?}");
    let mut people = vec![("pmo.other", other_pmo(&app).await), ("anonymous", app.another_person())];
    for username in ["steering", "reviewer", "cio.ghft", "cio.gcc"] {
        people.push((username, signed_in(&app, username).await));
    }
    for (username, person) in &people {
        for (page, csv) in &csvs {
            let page_status = person.get(page).await.status();
            let csv_status = person.get(csv).await.status();
            if page_status != StatusCode::OK {
                assert_ne!(csv_status, StatusCode::OK, "{username}: {csv} is served though {page} is {page_status}");
            }
        }
    }
}
