//! Storing the plan: each footprint in its own write transaction, its organisations, its
//! accounts (a PMO, a Steering Group member and a CIO for every body that makes a return),
//! then its quarters of figures. Synthetic accounts share one password hash of a random
//! password nobody knows, so generating England hashes once, not thousands of times.

use std::collections::HashMap;

use anyhow::{bail, Context};
use ldr_app::domain::{FootprintId, OrgId, Role};
use sqlx::SqlitePool;

use super::plan::{self, FootprintPlan};
use super::returns::Person;
use crate::db::{self, registry};

/// What one footprint became: the ids the figures are written against.
pub struct Stored {
    pub footprint: FootprintId,
    pub organisations: HashMap<String, OrgId>,
    pub pmo: Person,
    pub steering: Person,
    /// The CIO entering each return, by organisation code.
    pub cios: HashMap<String, Person>,
}

/// Refuse to generate into a database that already has generated footprints: a second run
/// would mix two data sets (start from an empty file instead).
pub async fn check_empty_of_synthetic(pool: &SqlitePool) -> anyhow::Result<()> {
    if registry::has_synthetic_footprints(pool).await? {
        bail!("this database already holds generated footprints: generate into a new file");
    }
    Ok(())
}

/// One footprint's registry: the footprint, its organisations (practices under their group)
/// and its accounts, in one transaction.
pub async fn store_footprint(pool: &SqlitePool, fp: &FootprintPlan, password_hash: &str) -> anyhow::Result<Stored> {
    let mut tx = db::begin_write(pool).await?;
    let footprint = registry::insert_footprint(&mut tx, &fp.code, &fp.name, fp.region, true).await?;
    let mut organisations = HashMap::new();
    for (position, org) in fp.organisations.iter().enumerate() {
        let parent = match &org.parent {
            Some(code) => Some(*organisations.get(code).with_context(|| format!("{} comes before its group {code}", org.code))?),
            None => None,
        };
        let new = registry::NewOrganisation {
            footprint,
            parent,
            code: &org.code,
            name: &org.name,
            short_name: &org.short_name,
            kind: org.kind,
            members: org.members,
            position: position as u32 + 1,
            staff_headcount: org.staff_headcount,
        };
        organisations.insert(org.code.clone(), registry::insert_organisation(&mut tx, &new).await?);
    }
    let lower = fp.code.to_lowercase();
    // Made when the roadmaps began, so two runs store the same rows.
    let created_at = plan::FIRST_QUARTER.dates().0.and_hms_opt(9, 0, 0).expect("a valid time");
    let mut account = async |username: String, display_name: String, role: Role, organisation: Option<OrgId>| {
        let new = registry::NewAccount {
            username: &username,
            display_name: &display_name,
            role,
            organisation,
            footprint: Some(footprint),
            password_hash,
            created_at,
        };
        let id = registry::insert_account(&mut tx, &new).await?;
        Ok::<_, sqlx::Error>(Person { id, username, role })
    };
    let pmo = account(format!("pmo.{lower}"), format!("PMO, {}", fp.name), Role::Pmo, None).await?;
    let steering = account(format!("steering.{lower}"), format!("Steering Group, {}", fp.name), Role::Steering, None).await?;
    // Practices report through their group, so only bodies without a parent have a CIO.
    let mut cios = HashMap::new();
    for org in fp.organisations.iter().filter(|o| o.parent.is_none()) {
        let id = organisations[&org.code];
        let cio = account(format!("cio.{}", org.code.to_lowercase()), format!("CIO, {}", org.name), Role::Cio, Some(id)).await?;
        cios.insert(org.code.clone(), cio);
    }
    tx.commit().await?;
    Ok(Stored { footprint, organisations, pmo, steering, cios })
}
