//! Demo accounts: one per role, and a CIO for each Gloucestershire organisation.

use sqlx::SqlitePool;

use crate::auth::password;
use crate::db::{self, audit::Actor, users};
use ldr_app::domain::{FootprintId, OrgId, Role};

/// (username, display name, role, organisation code for a CIO)
pub const DEMO_USERS: [(&str, &str, Role, Option<&str>); 10] = [
    ("pmo", "Programme Office (PMO)", Role::Pmo, None),
    ("steering", "Steering Group member", Role::Steering, None),
    ("reviewer", "NHS England reviewer", Role::Reviewer, None),
    ("cio.ghft", "CIO, Gloucestershire Hospitals", Role::Cio, Some("RTE")),
    ("cio.gcs", "CIO, Gloucestershire Care Services", Role::Cio, Some("R1J")),
    ("cio.2gether", "CIO, 2gether", Role::Cio, Some("RTQ")),
    ("cio.swasft", "CIO, South Western Ambulance Service", Role::Cio, Some("RYF")),
    ("cio.gccg", "CIO, Gloucestershire CCG", Role::Cio, Some("11M")),
    ("cio.gcc", "CIO, Gloucestershire County Council", Role::Cio, Some("E10000013")),
    ("cio.primarycare", "CIO, primary care", Role::Cio, Some("GLOS-PC")),
];

/// The footprint the demo PMO and Steering Group accounts belong to.
const DEMO_FOOTPRINT: &str = "GLOS";

/// Create the demo accounts that do not exist yet (an existing account keeps its password).
/// Returns how many were created.
pub async fn load_demo_accounts(pool: &SqlitePool, demo_password: &str) -> anyhow::Result<usize> {
    // The same rule as any password: the demo accounts are real logins.
    password::check_strength(demo_password).map_err(|e| anyhow::anyhow!("the demo password is refused: {e}"))?;
    let mut hashes = Vec::new();
    for _ in DEMO_USERS {
        // Each account gets its own salt; hashing happens before the transaction opens.
        hashes.push(password::hash(demo_password.to_string()).await?);
    }
    let mut tx = db::begin_write(pool).await?;
    let footprint: i64 = sqlx::query_scalar("SELECT id FROM footprints WHERE code = ?").bind(DEMO_FOOTPRINT).fetch_one(&mut *tx).await?;
    let actor = Actor::system("seed");
    let mut created = 0;
    for ((username, name, role, org), hash) in DEMO_USERS.into_iter().zip(hashes) {
        if users::exists(&mut tx, username).await? {
            continue;
        }
        let organisation_id = match org {
            Some(code) => {
                Some(OrgId(sqlx::query_scalar("SELECT id FROM organisations WHERE code = ?").bind(code).fetch_one(&mut *tx).await?))
            }
            None => None,
        };
        let footprint_id = (role != Role::Reviewer).then_some(FootprintId(footprint));
        let user = users::NewUser { username, display_name: name, role, organisation_id, footprint_id, password_hash: &hash };
        users::insert(&mut tx, &actor, user).await?;
        created += 1;
    }
    tx.commit().await?;
    Ok(created)
}

/// The demo's synthetic footprint (`ldr generate`, one footprint, eight quarters), so a
/// newcomer sees every page with history. Not real NHS data: its pages say so.
pub const DEMO_SYNTHETIC: crate::generate::plan::Spec = crate::generate::plan::Spec { footprints: 1, quarters: 8, seed: 2016 };

/// The synthetic footprint's accounts that sign in with the demo password (the generator
/// makes them with a password nobody knows): its PMO, Steering Group member and one CIO.
pub const SYNTHETIC_DEMO_USERS: [&str; 3] = ["pmo.syn01", "steering.syn01", "cio.z01a1"];

/// Generate the demo's synthetic footprint and give its demo accounts the demo password.
pub async fn load_demo_synthetic(pool: &SqlitePool, demo_password: &str) -> anyhow::Result<usize> {
    crate::generate::command::generate_into(pool, DEMO_SYNTHETIC).await?;
    let mut hashes = Vec::new();
    for _ in SYNTHETIC_DEMO_USERS {
        hashes.push(password::hash(demo_password.to_string()).await?);
    }
    let mut tx = db::begin_write(pool).await?;
    let actor = Actor::system("seed");
    for (username, hash) in SYNTHETIC_DEMO_USERS.into_iter().zip(hashes) {
        if !users::set_password(&mut tx, &actor, username, &hash).await? {
            anyhow::bail!("the synthetic demo account {username} was not generated");
        }
    }
    tx.commit().await?;
    Ok(SYNTHETIC_DEMO_USERS.len())
}
