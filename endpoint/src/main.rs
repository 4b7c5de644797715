//! `data-sandbox-endpoint`: flags, the runtime, signals. Everything else is in the library.
//!
//! clap (derive) parses the flags: it is already the usual choice, gives `--help`, typed values
//! and AWS-style usage errors for free, and costs little next to hyper and tokio.

use std::io::Write;
use std::net::IpAddr;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use endpoint::{Config, Server};

#[derive(Parser, Debug)]
#[command(
    name = "data-sandbox-endpoint",
    version,
    about = "Serves the Data Sandbox engine's AWS API (Kinesis, Firehose, Kinesis Analytics) \
             over HTTP, for the AWS CLI and SDKs with --endpoint-url"
)]
struct Args {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 4567)]
    port: u16,
    /// Address to listen on; keep it local unless you mean to share the sandbox.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Seed of the simulation's random choices (shard ids, failures, ...).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// AWS account id in ARNs.
    #[arg(long, default_value = "000000000000", value_parser = account_id)]
    account: String,
    /// AWS region in ARNs.
    #[arg(long, default_value = "us-east-1")]
    region: String,
    /// How long state transitions take (CREATING -> ACTIVE), in ms; 0 makes them immediate.
    #[arg(long = "delay-ms", default_value_t = 500)]
    delay_ms: u64,
    /// Enforce throughput limits (ProvisionedThroughputExceededException and the like).
    #[arg(long, value_enum, default_value_t = Switch::On)]
    limits: Switch,
    /// No per-request log lines (for benchmarks).
    #[arg(long)]
    quiet: bool,
    /// Append one JSON line per API call (target, request body, status, response body) to
    /// this file (the real-client tests replay them through the console's CLI).
    #[arg(long, value_name = "PATH")]
    capture: Option<std::path::PathBuf>,
    /// Virtual milliseconds per wall millisecond: 60 runs a minute of simulation per second (an
    /// EMR cluster starts in about five minutes of virtual time).
    #[arg(long, default_value_t = 1.0, value_parser = speed)]
    speed: f64,
}

fn speed(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.001 => Ok(x),
        _ => {
            Err("a speed is a number of virtual milliseconds per wall millisecond, at least 0.001"
                .into())
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Switch {
    On,
    Off,
}

fn account_id(text: &str) -> Result<String, String> {
    if text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit()) {
        Ok(text.to_owned())
    } else {
        Err("an AWS account id is 12 digits".into())
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let config = Config {
        host: args.host,
        port: args.port,
        seed: args.seed,
        account: args.account,
        region: args.region,
        delay_ms: args.delay_ms,
        limits: args.limits == Switch::On,
        log_requests: !args.quiet,
        capture: args.capture,
        speed: args.speed,
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("data-sandbox-endpoint: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let server = match Server::bind(config.clone()).await {
            Ok(server) => server,
            Err(e) => {
                eprintln!(
                    "data-sandbox-endpoint: cannot listen on {}:{}: {e}",
                    config.host, config.port
                );
                return ExitCode::FAILURE;
            }
        };
        let addr = server.local_addr().map_or_else(|_| "?".into(), |a| a.to_string());
        // On stdout, so a script can read the URL (with --port 0 it is the only way to know).
        println!("Data Sandbox endpoint listening on http://{addr}");
        let _ = std::io::stdout().flush();
        eprintln!(
            "seed {}, account {}, region {}, delay {} ms, limits {}, speed {}; Ctrl-C to stop",
            config.seed,
            config.account,
            config.region,
            config.delay_ms,
            if config.limits { "on" } else { "off" },
            config.speed
        );
        server.run(shutdown_signal()).await;
        eprintln!("data-sandbox-endpoint: stopped");
        ExitCode::SUCCESS
    })
}

/// SIGINT (Ctrl-C) or SIGTERM (`kill`, container stop).
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                term.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
