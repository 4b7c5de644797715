//! What every test here shares: the CLI over the sandbox's services.

use aws_cli::Cli;

/// The CLI over the engine's service registry, as the console and the endpoint build it.
pub static CLI: Cli = Cli::new(engine::services::SERVICES);
