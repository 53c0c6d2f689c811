//! The `server` binary: serves the application, or runs a command (see `--help`).

use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    server::telemetry::init();
    let cli = server::cli::Cli::parse();
    server::cli::run(cli).await
}
