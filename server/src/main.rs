//! `ldr`: configuration from flags and environment, logging, then the command.

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("LDR_LOG").unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr)
        .init();
    let cli = ldr_server::cli::Cli::parse();
    match ldr_server::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // One line: the reason and its causes, for a person reading a terminal.
            eprintln!("ldr: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
