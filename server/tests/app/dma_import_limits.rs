//! The DMA upload's pending files are bounded for everyone together (issue 13): each upload
//! first deletes every pending upload past its day, whoever made it, and a new upload is
//! refused, with nothing written, while the pending uploads of everyone are at the bound (64
//! files, or 256 MiB).

use reqwest::StatusCode;

use crate::dma_import::{counts, pmo_app, upload, LONG};
use crate::support::strip_tags;

/// A pending upload of another person (the CIO), made `hours` ago, straight into the table.
async fn others_pending(app: &crate::support::TestApp, hours: i64, how_many: usize) {
    let at = (chrono::Utc::now() - chrono::Duration::hours(hours)).naive_utc().format("%F %T").to_string();
    for _ in 0..how_many {
        sqlx::query(
            "INSERT INTO dma_imports (file_name, sha256, framework_id, period_id, footprint_id, uploaded_by, uploaded_at, content)
             SELECT 'theirs.csv', 'x', (SELECT id FROM assessment_frameworks WHERE code = 'DMA2016'),
                    (SELECT MIN(id) FROM reporting_periods), u.footprint_id, u.id, ?, X'6869'
             FROM users u WHERE u.username = 'steering'",
        )
        .bind(&at)
        .execute(&app.pool)
        .await
        .unwrap();
    }
}

async fn pending_of(app: &crate::support::TestApp, file_name: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM dma_imports WHERE confirmed_at IS NULL AND file_name = ?")
        .bind(file_name)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn my_upload_deletes_another_persons_pending_upload_past_its_day_and_keeps_a_recent_one() {
    let app = pmo_app().await;
    // The import judges "a day" by the wall clock (uploaded_at is written with db::dialect::now).
    others_pending(&app, 25, 1).await;
    others_pending(&app, 1, 1).await;
    assert_eq!(pending_of(&app, "theirs.csv").await, 2);
    let r = upload(&app, "mine.csv", LONG.as_bytes()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(pending_of(&app, "theirs.csv").await, 1, "the day-old one is swept, the recent one kept");
    assert_eq!(pending_of(&app, "mine.csv").await, 1);
}

#[tokio::test]
async fn an_upload_is_refused_with_nothing_written_while_everyones_pending_uploads_are_at_the_bound() {
    let app = pmo_app().await;
    // Recent uploads of others fill the bound (64 files); a stale one would be swept but the
    // refusal writes nothing, so it stays too.
    others_pending(&app, 1, 64).await;
    others_pending(&app, 30, 1).await;
    let before = counts(&app).await;
    let r = upload(&app, "mine.csv", LONG.as_bytes()).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("There is a problem"), "in the error summary");
    let text = strip_tags(&html);
    assert!(text.contains("Too many uploads are waiting to be confirmed"), "{text}");
    assert!(text.contains("Try again later"), "{text}");
    assert_eq!(counts(&app).await, before, "nothing written: no upload kept, none swept");
    assert_eq!(pending_of(&app, "mine.csv").await, 0);

    // Once some are confirmed or swept, uploads are kept again.
    sqlx::query("DELETE FROM dma_imports WHERE id IN (SELECT id FROM dma_imports WHERE confirmed_at IS NULL LIMIT 2)")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(upload(&app, "mine.csv", LONG.as_bytes()).await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn an_upload_is_refused_while_the_bytes_everyone_has_pending_would_pass_the_bound() {
    let app = pmo_app().await;
    // Eight recent files of 32 MiB each: far fewer than 64 files, but 256 MiB in all, so no
    // further byte fits.
    let mib = 1024 * 1024;
    sqlx::query(
        "INSERT INTO dma_imports (file_name, sha256, framework_id, period_id, footprint_id, uploaded_by, uploaded_at, content)
         SELECT 'large.csv', 'x', (SELECT id FROM assessment_frameworks WHERE code = 'DMA2016'),
                (SELECT MIN(id) FROM reporting_periods), u.footprint_id, u.id, ?, zeroblob(?)
         FROM users u, (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
                        UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8)
         WHERE u.username = 'steering'",
    )
    .bind((chrono::Utc::now() - chrono::Duration::hours(1)).naive_utc().format("%F %T").to_string())
    .bind(32 * mib)
    .execute(&app.pool)
    .await
    .unwrap();
    let held: i64 =
        sqlx::query_scalar("SELECT SUM(LENGTH(content)) FROM dma_imports WHERE confirmed_at IS NULL").fetch_one(&app.pool).await.unwrap();
    assert_eq!(held, 256 * mib, "at the bound exactly");
    let before = counts(&app).await;
    let r = upload(&app, "mine.csv", LONG.as_bytes()).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = strip_tags(&r.text().await.unwrap());
    assert!(text.contains("Too many uploads are waiting to be confirmed"), "{text}");
    assert_eq!(counts(&app).await, before, "nothing written");
    assert_eq!(pending_of(&app, "mine.csv").await, 0);

    // One large file confirmed or swept, and the small upload fits again.
    sqlx::query("DELETE FROM dma_imports WHERE id = (SELECT MIN(id) FROM dma_imports WHERE file_name = 'large.csv')")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(upload(&app, "mine.csv", LONG.as_bytes()).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(pending_of(&app, "mine.csv").await, 1);
}
