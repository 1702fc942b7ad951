//! `ldr`: configuration from flags and environment, logging, then the command.

use clap::Parser;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    init_logging();
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

/// Logs go to stderr, filtered by `LDR_LOG` (default `info`). One JSON object per line, so a
/// newline in any field (a username, a path) is escaped and cannot forge a line, and a log
/// collector needs no parsing rules; `LDR_LOG_FORMAT=text` for a person at a terminal.
fn init_logging() {
    let filter = EnvFilter::try_from_env("LDR_LOG").unwrap_or_else(|_| "info".into());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if std::env::var("LDR_LOG_FORMAT").is_ok_and(|f| f == "text") {
        builder.init();
    } else {
        // The event's own fields at the top level; the request span's fields (its id) under
        // "span", so every line written during a request carries the request id.
        builder.json().flatten_event(true).with_current_span(true).with_span_list(false).init();
    }
    // A panic's message and place as a log event (in the request's span, so with its id),
    // not as a plain-text line breaking the JSON stream; the request still gets the NHS page.
    std::panic::set_hook(Box::new(|info| tracing::error!(panic = %info, "panicked")));
}
