//! A frozen report is the facts of one moment: its dozen reads never straddle a write. Here
//! a writer renames one trust back and forth, each rename with its audit entry in one
//! transaction as every write does, while the PMO generates versions; the trust's name is in
//! tables read at different points of the gathering (the organisations, their measures, the
//! returns), so a version drawn across a rename would name it both ways.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::reports::{bytes, generate, signed_in, Q1};
use crate::support::spawn_app;

const BEFORE: &str = "Alpha Hospitals Trust";
const AFTER: &str = "Omega Hospitals Trust";

/// Renames RTE between the two names until told to stop; returns how many renames landed.
fn renaming(pool: sqlx::SqlitePool, stop: Arc<AtomicBool>) -> tokio::task::JoinHandle<usize> {
    tokio::spawn(async move {
        let mut renames = 0;
        while !stop.load(Ordering::Relaxed) {
            let name = if renames % 2 == 0 { AFTER } else { BEFORE };
            let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.unwrap();
            sqlx::query("UPDATE organisations SET name = ? WHERE code = 'RTE'").bind(name).execute(&mut *tx).await.unwrap();
            sqlx::query(
                "INSERT INTO audit_log (actor, action, entity, entity_id) VALUES ('test', 'organisation.rename', 'organisation', 'RTE')",
            )
            .execute(&mut *tx)
            .await
            .unwrap();
            tx.commit().await.unwrap();
            renames += 1;
            tokio::time::sleep(Duration::from_millis(3)).await;
        }
        renames
    })
}

#[tokio::test]
async fn a_version_generated_while_writes_land_is_the_facts_of_one_moment() {
    let app = spawn_app().await;
    sqlx::query("UPDATE organisations SET name = ? WHERE code = 'RTE'").bind(BEFORE).execute(&app.pool).await.unwrap();
    let pmo = signed_in(&app, "pmo").await;
    // Without a writer the name is in the document more than once: the check below can fail.
    let (_, quiet) = bytes(&pmo, &format!("{}/facts.json", generate(&pmo, Q1).await)).await;
    let quiet = String::from_utf8(quiet).unwrap();
    assert!(quiet.matches(BEFORE).count() >= 3, "the trust is named in several tables");

    let stop = Arc::new(AtomicBool::new(false));
    let writer = renaming(app.pool.clone(), stop.clone());
    let mut torn = Vec::new();
    for _ in 0..6 {
        let version = generate(&pmo, Q1).await;
        let (_, facts) = bytes(&pmo, &format!("{version}/facts.json")).await;
        let facts = String::from_utf8(facts).unwrap();
        let (before, after) = (facts.contains(BEFORE), facts.contains(AFTER));
        assert!(before || after, "{version} names the trust");
        if before && after {
            torn.push(version);
        }
    }
    stop.store(true, Ordering::Relaxed);
    let renames = writer.await.unwrap();
    assert!(renames > 12, "writes kept landing while the versions were drawn ({renames})");
    assert!(torn.is_empty(), "versions half before and half after a write: {torn:?}");
}
