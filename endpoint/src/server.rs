//! The HTTP server: hyper's HTTP/1.1 with keep-alive, one task per connection. Every answer
//! carries AWS's request ids (`x-amzn-RequestId`, and `x-amz-id-2` except on CORS
//! preflights); which answer a request gets is `route.rs`'s business.

use std::convert::Infallible;
use std::fs::File;
use std::future::Future;
use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use engine::WorldConfig;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;

use crate::clock::WallClock;
use crate::response::{Body, RequestIds};
use crate::route;
use crate::sandbox::{Sandbox, TICK};

/// Larger than any valid request: PutRecords carries up to 10 MiB of data, base64 inflates it
/// by a third, and the JSON around it adds a little more.
pub const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// How long open keep-alive connections get to finish their request at shutdown.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

#[derive(Clone, Debug)]
pub struct Config {
    pub host: IpAddr,
    /// 0 picks a free port (tests).
    pub port: u16,
    pub seed: u64,
    pub account: String,
    pub region: String,
    pub delay_ms: u64,
    pub limits: bool,
    /// One line per request on stderr.
    pub log_requests: bool,
    /// Appends one JSON line per engine call (`{"target", "request", "status", "response"}`)
    /// to this file: the exchanges the real-client tests replay through the console's CLI.
    pub capture: Option<PathBuf>,
    /// Virtual milliseconds per wall millisecond (1: real time).
    pub speed: f64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 4567,
            seed: 1,
            account: "000000000000".into(),
            region: "us-east-1".into(),
            delay_ms: 500,
            limits: true,
            log_requests: true,
            capture: None,
            speed: 1.0,
        }
    }
}

pub(crate) struct State {
    pub(crate) sandbox: Sandbox,
    pub(crate) ids: RequestIds,
    pub(crate) clock: WallClock,
    log_requests: bool,
    pub(crate) capture: Option<Mutex<File>>,
}

pub struct Server {
    listener: TcpListener,
    state: Arc<State>,
}

impl Server {
    pub async fn bind(config: Config) -> io::Result<Self> {
        let listener = TcpListener::bind((config.host, config.port)).await?;
        let clock = WallClock::with_speed(config.speed);
        let world = WorldConfig {
            seed: config.seed,
            epoch_ms: clock.epoch_ms(),
            account_id: config.account,
            region: config.region,
            transition_delay_ms: config.delay_ms,
            limits: config.limits,
            // Nobody replays or steps back through an endpoint; without the command log and
            // checkpoints, memory stays bounded however long it runs.
            record_commands: false,
            max_checkpoints: 0,
            // Nobody reads the event log either; it only needs to be a bounded ring.
            log_capacity: 10_000,
            ..WorldConfig::default()
        };
        let capture = match &config.capture {
            Some(path) => {
                Some(Mutex::new(std::fs::OpenOptions::new().create(true).append(true).open(path)?))
            }
            None => None,
        };
        let state = State {
            sandbox: Sandbox::new(world, clock.clone()),
            ids: RequestIds::new(),
            clock,
            log_requests: config.log_requests,
            capture,
        };
        Ok(Self { listener, state: Arc::new(state) })
    }

    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` resolves, then lets open requests finish (briefly).
    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        let Server { listener, state } = self;
        let ticker = {
            let state = Arc::clone(&state);
            tokio::spawn(async move {
                let mut interval = tokio::time::interval(TICK);
                interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
                loop {
                    interval.tick().await;
                    state.sandbox.tick();
                }
            })
        };
        let graceful = GracefulShutdown::new();
        let mut shutdown = std::pin::pin!(shutdown);
        loop {
            let stream = tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok((stream, _)) => stream,
                    Err(e) => {
                        // Out of file descriptors and the like: back off instead of spinning.
                        log_line(&format!("accept failed: {e}"));
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                },
                () = &mut shutdown => break,
            };
            // Small responses: send them at once instead of waiting for Nagle.
            let _ = stream.set_nodelay(true);
            let state = Arc::clone(&state);
            let service = service_fn(move |req| handle(Arc::clone(&state), req));
            let conn = http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service);
            let conn = graceful.watch(conn);
            tokio::spawn(async move {
                // A client that hangs up mid-request is its own business.
                let _ = conn.await;
            });
        }
        drop(listener);
        let _ = tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await;
        ticker.abort();
    }
}

async fn handle(state: Arc<State>, req: Request<Incoming>) -> Result<Response<Body>, Infallible> {
    let started = Instant::now();
    let preflight = route::is_preflight(req.method(), req.headers());
    let (label, mut response) = route::route(&state, req).await;
    let headers = response.headers_mut();
    headers.insert("x-amzn-RequestId", state.ids.next());
    if !preflight {
        headers.insert("x-amz-id-2", state.ids.next_extended());
    }
    if state.log_requests {
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let when = state.clock.now_iso();
        let status = response.status().as_u16();
        // Most answers take microseconds; keep three decimals there, one above a millisecond.
        let places = if ms < 1.0 { 3 } else { 1 };
        log_line(&format!("{when} {label} {status} {ms:.places$}ms"));
    }
    Ok(response)
}

/// One write per line, so lines from concurrent requests never interleave.
fn log_line(line: &str) {
    let mut text = String::with_capacity(line.len() + 1);
    text.push_str(line);
    text.push('\n');
    let _ = io::stderr().lock().write_all(text.as_bytes());
}
