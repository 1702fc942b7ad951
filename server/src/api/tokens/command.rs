//! `ldr token issue|list|revoke`: API tokens from the command line, for whoever runs the
//! server. It is the only way to give one to a reviewer, who belongs to no footprint and so
//! has no PMO. Each write is audited with the command line as its author, like `ldr user`.

use anyhow::{bail, Context};
use chrono::Days;
use clap::Subcommand;

use crate::cli::DatabaseArg;
use crate::db::{self, api_tokens, audit::Actor};

/// The longest a token may live, on the page and here: a year's work, not a standing door.
pub const LONGEST_DAYS: u64 = 365;
/// What the page offers and `--days` defaults to: a quarter's work.
pub const DEFAULT_DAYS: u64 = 90;

#[derive(Subcommand)]
pub enum TokenAction {
    /// Issue a token to an active account and print it, once (it is stored only hashed).
    Issue {
        /// The account it is issued to (it reads what that account may read).
        #[arg(long)]
        user: String,
        /// What it is for, to tell it apart (e.g. "NHS England analysis").
        #[arg(long)]
        label: String,
        /// How many days from today it works (today included up to the last day's end), at most 365.
        #[arg(long, default_value_t = DEFAULT_DAYS)]
        days: u64,
        #[command(flatten)]
        db: DatabaseArg,
    },
    /// List every token: holder, label, first characters, dates and state (never the token).
    List {
        #[command(flatten)]
        db: DatabaseArg,
    },
    /// Revoke a token by the id `list` shows; it stops working at once.
    Revoke {
        id: i64,
        #[command(flatten)]
        db: DatabaseArg,
    },
}

pub async fn run(action: TokenAction) -> anyhow::Result<()> {
    let actor = Actor::system("cli");
    match action {
        TokenAction::Issue { user, label, days, db: d } => {
            let label = label.trim();
            if label.is_empty() || label.chars().count() > 100 {
                bail!("--label must be 1 to 100 characters");
            }
            if !(1..=LONGEST_DAYS).contains(&days) {
                bail!("--days must be between 1 and {LONGEST_DAYS}");
            }
            let pool = db::open(&d.database).await?;
            let holder = api_tokens::active_holder(&pool, &user).await?.with_context(|| format!("no active account is called {user}"))?;
            let now = db::dialect::now();
            let last_day = now.date().checked_add_days(Days::new(days)).context("the date is out of range")?;
            let secret = super::new_secret();
            let new = api_tokens::NewToken {
                holder: &holder,
                label,
                secret_sha256: &secret.sha256,
                prefix: &secret.prefix,
                created_at: now,
                created_by: None,
                expires_at: super::expires_after(last_day),
            };
            let mut tx = db::begin_write(&pool).await?;
            let id = api_tokens::issue(&mut tx, &actor, new).await?;
            tx.commit().await?;
            eprintln!(
                "issued token {id} to {} until the end of {last_day} (UTC). Copy it now: it is not stored and cannot be shown again.",
                holder.username
            );
            println!("{}", secret.text);
        }
        TokenAction::List { db: d } => {
            let pool = db::open(&d.database).await?;
            let now = db::dialect::now();
            println!("id\tholder\tlabel\ttoken\tcreated\texpires\tlast used\tstate");
            for t in api_tokens::all(&pool).await? {
                let state = match (&t.revoked_at, t.live_at(now), t.holder.active) {
                    (Some(at), _, _) => format!("revoked {at}"),
                    (None, false, _) => "expired".to_string(),
                    (None, true, false) => "holder disabled".to_string(),
                    (None, true, true) => "active".to_string(),
                };
                let last_used = t.last_used_at.map_or("never".to_string(), |at| at.to_string());
                println!(
                    "{}\t{}\t{}\t{}…\t{}\t{}\t{last_used}\t{state}",
                    t.id, t.holder.username, t.label, t.prefix, t.created_at, t.expires_at
                );
            }
        }
        TokenAction::Revoke { id, db: d } => {
            let pool = db::open(&d.database).await?;
            let mut tx = db::begin_write(&pool).await?;
            let token = api_tokens::by_id(&mut tx, id).await?.with_context(|| format!("no token has the id {id}"))?;
            if !api_tokens::revoke(&mut tx, &actor, &token, None, db::dialect::now()).await? {
                bail!("token {id} was already revoked");
            }
            tx.commit().await?;
            println!("revoked token {id} of {}", token.holder.username);
        }
    }
    Ok(())
}
