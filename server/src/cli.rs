//! The `ldr` command line: `serve`, `user add|passwd|disable`, `seed`, `generate`, `report`,
//! `token`, `import dma`.

use std::io::BufRead;
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand};
use tokio::net::TcpListener;

use crate::auth::password;
use crate::db::{self, audit::Actor, footprints, organisations, users};
use crate::seed::{self, SeedSet};
use crate::web::{self, AppState, WebConfig};
use ldr_app::domain::Role;

/// The demo accounts' password unless `--demo-password` says otherwise (see the README).
pub const DEFAULT_DEMO_PASSWORD: &str = "ldr-demo-2016";

#[derive(Parser)]
#[command(name = "ldr", version, about = "LDR Assurance: Local Digital Roadmap progress and assurance")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Start the web server on an existing database (migrating it; `--init` or `--demo` to create one).
    Serve(ServeArgs),
    /// Manage accounts.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Load (or reload) the seed data into the database.
    Seed(SeedArgs),
    /// Fill a new database with a synthetic England (reference data and Gloucestershire too):
    /// footprints, organisations, accounts and quarters of approved figures. Not real NHS data.
    Generate(GenerateArgs),
    /// Generate a footprint's steering pack for a quarter as its PMO, stored as the next
    /// frozen version (as the web form does); optionally write its PDF and workbook.
    Report(ReportArgs),
    /// Issue, list and revoke personal API tokens (the only way to give one to a reviewer).
    Token {
        #[command(subcommand)]
        action: crate::api::tokens::command::TokenAction,
    },
    /// Import data files; `ldr import dma FILE --framework CODE --quarter CODE`.
    Import {
        #[command(subcommand)]
        what: crate::import::command::ImportWhat,
    },
}

#[derive(Args)]
pub struct ReportArgs {
    /// The footprint's code (e.g. GLOS).
    #[arg(long)]
    pub footprint: String,
    /// The quarter, e.g. 2016-17-q4.
    #[arg(long)]
    pub period: String,
    /// The PMO account it is generated as (named in the report and the audit log).
    #[arg(long = "as")]
    pub username: String,
    /// Write the PDF here too.
    #[arg(long)]
    pub pdf: Option<PathBuf>,
    /// Write the XLSX workbook here too.
    #[arg(long)]
    pub xlsx: Option<PathBuf>,
    #[command(flatten)]
    pub db: DatabaseArg,
}

#[derive(Args)]
pub struct GenerateArgs {
    /// How many footprints (England has 42).
    #[arg(long, default_value_t = 42)]
    pub footprints: u32,
    /// How many quarters of history, from 2016/17 Q1.
    #[arg(long, default_value_t = 40)]
    pub quarters: u32,
    /// The same seed and sizes always give the same data.
    #[arg(long, default_value_t = 2016)]
    pub seed: u64,
    #[command(flatten)]
    pub db: DatabaseArg,
}

#[derive(Args)]
pub struct DatabaseArg {
    /// The SQLite file (created with its folder if missing).
    #[arg(long, env = "LDR_DATABASE", default_value = "data/ldr.sqlite")]
    pub database: PathBuf,
}

#[derive(Args)]
pub struct ServeArgs {
    /// Address and port to listen on (port 0 picks a free one).
    #[arg(long, env = "LDR_BIND", default_value = "127.0.0.1:3000")]
    pub bind: SocketAddr,
    #[command(flatten)]
    pub db: DatabaseArg,
    /// Create the database if it is missing or empty, and load the seed (the reference data
    /// and the 2016 roadmap) into it. No accounts: add them with `ldr user add`.
    #[arg(long, env = "LDR_INIT")]
    pub init: bool,
    /// With `--init`: create the schema only, without the seed.
    #[arg(long, env = "LDR_NO_SEED", requires = "init", conflicts_with = "demo")]
    pub no_seed: bool,
    /// A demonstration: like `--init`, and also create the demo accounts (whose password is
    /// published) in a new database. Never on a real service.
    #[arg(long, env = "LDR_DEMO")]
    pub demo: bool,
    /// Password of the demo accounts created with `--demo`.
    #[arg(long, env = "LDR_DEMO_PASSWORD", default_value = DEFAULT_DEMO_PASSWORD, hide_env_values = true, value_parser = demo_password)]
    pub demo_password: String,
    /// Mark the session cookie Secure and send HSTS (set this behind HTTPS).
    #[arg(long, env = "LDR_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// The origin browsers use, when a proxy in front rewrites the Host header
    /// (e.g. https://ldr.example.nhs.uk): a POST from any other origin is refused.
    #[arg(long, env = "LDR_PUBLIC_ORIGIN")]
    pub public_origin: Option<String>,
    /// The folder holding ldr.css, ldr.js and vendor/ (built from npm).
    #[arg(long, env = "LDR_STATIC_DIR", default_value = "style")]
    pub static_dir: PathBuf,
    /// Draw every page afresh instead of keeping rendered pages until the data changes
    /// (for measuring what the cache saves: `bench/run.sh` with BENCH_NO_PAGE_CACHE=1).
    #[arg(long, env = "LDR_NO_PAGE_CACHE")]
    pub no_page_cache: bool,
}

#[derive(Subcommand)]
pub enum UserAction {
    /// Create an account; the password is read from the first line of standard input.
    Add {
        username: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        name: String,
        /// The organisation's code (a CIO's own organisation).
        #[arg(long)]
        organisation: Option<String>,
        /// The footprint's code (for PMO and Steering Group accounts).
        #[arg(long)]
        footprint: Option<String>,
        #[command(flatten)]
        db: DatabaseArg,
    },
    /// Set a new password, read from the first line of standard input.
    Passwd {
        username: String,
        #[command(flatten)]
        db: DatabaseArg,
    },
    /// Disable an account: it cannot sign in and its sessions end.
    Disable {
        username: String,
        #[command(flatten)]
        db: DatabaseArg,
    },
    /// Remove an account's authenticator app and recovery codes (a lost phone): it sets up a
    /// new app at its next sign-in.
    ResetSecondFactor {
        username: String,
        #[command(flatten)]
        db: DatabaseArg,
    },
}

#[derive(Args)]
pub struct SeedArgs {
    /// A folder of seed CSV files to load instead of the ones built in.
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// Also create the demo accounts that do not exist yet.
    #[arg(long)]
    pub demo_accounts: bool,
    #[arg(long, env = "LDR_DEMO_PASSWORD", default_value = DEFAULT_DEMO_PASSWORD, hide_env_values = true, value_parser = demo_password)]
    pub demo_password: String,
    #[command(flatten)]
    pub db: DatabaseArg,
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => serve(args).await,
        Command::User { action } => user(action).await,
        Command::Seed(args) => seed_command(args).await,
        Command::Generate(args) => generate(args).await,
        Command::Report(args) => {
            let request = crate::steering::command::ReportRequest {
                database: args.db.database,
                footprint: args.footprint,
                period: args.period,
                username: args.username,
                pdf: args.pdf,
                xlsx: args.xlsx,
            };
            crate::steering::command::run(request).await
        }
        Command::Token { action } => crate::api::tokens::command::run(action).await,
        Command::Import { what: crate::import::command::ImportWhat::Dma(args) } => {
            let request = crate::import::command::ImportRequest {
                database: args.db.database,
                file: args.file,
                framework: args.framework,
                quarter: args.quarter,
                dry_run: args.dry_run,
                username: args.username,
            };
            crate::import::command::run(request).await
        }
    }
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let path = &args.db.database;
    let creating = args.init || args.demo;
    // A missing or empty file where a database should be is a deleted or misconfigured
    // database far more often than a first start: never paper over it with a new one.
    match db::existing(path).await? {
        db::Existing::Populated => {}
        db::Existing::Missing if !creating => {
            bail!("no database at {}: check --database (or LDR_DATABASE), or pass --init to create a new one", path.display())
        }
        db::Existing::Empty if !creating => {
            bail!("the database {} is empty: check --database (or LDR_DATABASE), or pass --init to set it up", path.display())
        }
        db::Existing::Missing | db::Existing::Empty => tracing::info!(database = %path.display(), "creating a new database"),
    }
    let pool = db::open(path).await?;
    if creating && !args.no_seed && footprints::count(&pool).await? == 0 {
        let counts = seed::load(&pool, &SeedSet::embedded()).await?;
        let mut accounts = 0;
        if args.demo {
            accounts += seed::load_demo_accounts(&pool, &args.demo_password).await?;
            accounts += seed::load_demo_synthetic(&pool, &args.demo_password).await?;
        }
        tracing::info!(files = counts.len(), accounts, "loaded the seed into an empty database");
    }
    let listener = TcpListener::bind(args.bind).await.with_context(|| format!("cannot listen on {}", args.bind))?;
    let addr = listener.local_addr()?;
    let config = WebConfig {
        secure_cookies: args.secure_cookies,
        static_dir: args.static_dir,
        public_origin: args.public_origin,
        panic_route: false,
        keep_pages: !args.no_page_cache,
    };
    if !config.static_dir.join("vendor/nhsuk-frontend.min.css").exists() {
        tracing::warn!(dir = %config.static_dir.display(), "the NHS.UK frontend is not built: run `npm ci --prefix style && node style/build.mjs`");
    }
    let router = web::app(AppState::new(pool, config)).await?;
    println!("LDR Assurance listening on http://{addr}/");
    web::serve(listener, router).await?;
    Ok(())
}

/// The demo password meets the same rule as every other (a three-letter demo login is still a
/// login); checked as the flag is parsed, so `serve` and `seed` refuse it before doing anything.
fn demo_password(value: &str) -> Result<String, String> {
    password::check_strength(value).map(|()| value.to_string())
}

fn read_password() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).context("cannot read the password from standard input")?;
    let password = line.trim_end_matches(['\n', '\r']).to_string();
    password::check_strength(&password).map_err(anyhow::Error::msg)?;
    Ok(password)
}

async fn user(action: UserAction) -> anyhow::Result<()> {
    let actor = Actor::system("cli");
    match action {
        UserAction::Add { username, role, name, organisation, footprint, db: d } => {
            let role: Role = role.parse().map_err(anyhow::Error::msg)?;
            let pool = db::open(&d.database).await?;
            let organisation_id = match &organisation {
                Some(code) => {
                    Some(organisations::by_code(&pool, code).await?.with_context(|| format!("no organisation has the code {code}"))?.id)
                }
                None => None,
            };
            let footprint_id = match &footprint {
                Some(code) => {
                    Some(footprints::by_code(&pool, code).await?.with_context(|| format!("no footprint has the code {code}"))?.id)
                }
                None => None,
            };
            match role {
                Role::Cio if organisation_id.is_none() => bail!("a CIO needs --organisation CODE"),
                Role::Pmo | Role::Steering if footprint_id.is_none() => bail!("a {} account needs --footprint CODE", role.label()),
                _ => {}
            }
            let hash = password::hash(read_password()?).await?;
            let mut tx = db::begin_write(&pool).await?;
            if users::exists(&mut tx, &username).await? {
                bail!("an account called {username} already exists");
            }
            let new =
                users::NewUser { username: &username, display_name: &name, role, organisation_id, footprint_id, password_hash: &hash };
            users::insert(&mut tx, &actor, new).await?;
            tx.commit().await?;
            println!("created {username} ({})", role.label());
        }
        UserAction::Passwd { username, db: d } => {
            let pool = db::open(&d.database).await?;
            let hash = password::hash(read_password()?).await?;
            let mut tx = db::begin_write(&pool).await?;
            if !users::set_password(&mut tx, &actor, &username, &hash).await? {
                bail!("no account is called {username}");
            }
            // The epoch has already ended them; deleting their rows keeps them off the sessions page.
            db::sessions::end_all_of(&mut tx, &username).await?;
            tx.commit().await?;
            println!("password changed for {username}");
        }
        UserAction::Disable { username, db: d } => {
            let pool = db::open(&d.database).await?;
            let mut tx = db::begin_write(&pool).await?;
            if !users::disable(&mut tx, &actor, &username).await? {
                bail!("no account is called {username}");
            }
            db::sessions::end_all_of(&mut tx, &username).await?;
            tx.commit().await?;
            println!("disabled {username}");
        }
        UserAction::ResetSecondFactor { username, db: d } => {
            let pool = db::open(&d.database).await?;
            let mut tx = db::begin_write(&pool).await?;
            if !db::second_factor::reset(&mut tx, &actor, &username).await? {
                bail!("no account is called {username}");
            }
            // A lost phone may be a stolen one: sessions opened with it end too.
            db::sessions::end_all_of(&mut tx, &username).await?;
            tx.commit().await?;
            println!("{username} will set up a new authenticator app at their next sign-in");
        }
    }
    Ok(())
}

async fn seed_command(args: SeedArgs) -> anyhow::Result<()> {
    let pool = db::open(&args.db.database).await?;
    let set = match &args.dir {
        Some(dir) => SeedSet::from_dir(dir)?,
        None => SeedSet::embedded(),
    };
    let counts = seed::load(&pool, &set).await?;
    for (file, n) in &counts {
        println!("{file}: {n} rows");
    }
    if args.demo_accounts {
        let created = seed::load_demo_accounts(&pool, &args.demo_password).await?;
        println!("demo accounts created: {created}");
    }
    Ok(())
}

async fn generate(args: GenerateArgs) -> anyhow::Result<()> {
    let spec = crate::generate::plan::Spec { footprints: args.footprints, quarters: args.quarters, seed: args.seed };
    let report = crate::generate::command::run_on_one_core(args.db.database, spec).await?;
    println!(
        "generated {} footprints, {} organisations, {} figure rows in {:.1} s",
        report.footprints,
        report.organisations,
        report.figure_rows,
        report.elapsed.as_secs_f64()
    );
    Ok(())
}
