//! The HTTP server: hyper's HTTP/1.1 with keep-alive, one task per connection, every request
//! answered the way AWS's JSON services answer it.
//!
//! Routing, in AWS's order (kinesalite recorded it against the real service):
//! 1. `GET /` is a health text (ours, not AWS's: it gives curl and readiness probes an answer);
//!    CORS preflights get their headers; any other method gets AWS's 403 XML.
//! 2. A content type that is not JSON gets AWS's XML answers; CBOR gets a plain explanation.
//! 3. A signed request goes to the engine, whatever its target or body: the engine answers
//!    UnknownOperationException and SerializationException itself.
//! 4. An unsigned one gets what AWS checks before the signature (empty or non-JSON body, unknown
//!    target), else MissingAuthenticationTokenException.
//!
//! The path is ignored for POST, as AWS ignores it.

use std::convert::Infallible;
use std::fs::File;
use std::future::Future;
use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use bytes::Bytes;
use engine::api::ApiError;
use engine::WorldConfig;
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderMap, HeaderValue, CONTENT_LENGTH, CONTENT_TYPE, ORIGIN};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;

use crate::auth::{self, Presented};
use crate::clock::WallClock;
use crate::response::{self, Body, RequestIds, JSON_1_1};
use crate::sandbox::{Sandbox, TICK};
use crate::targets;

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
        }
    }
}

struct State {
    sandbox: Sandbox,
    ids: RequestIds,
    clock: WallClock,
    log_requests: bool,
    capture: Option<Mutex<File>>,
}

pub struct Server {
    listener: TcpListener,
    state: Arc<State>,
}

impl Server {
    pub async fn bind(config: Config) -> io::Result<Self> {
        let listener = TcpListener::bind((config.host, config.port)).await?;
        let clock = WallClock::start();
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
            sandbox: Sandbox::new(world, clock),
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
    let (label, mut response) = route(&state, req).await;
    let headers = response.headers_mut();
    headers.insert("x-amzn-RequestId", state.ids.next());
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

/// What to call the request in the log, and its answer.
async fn route(state: &State, req: Request<Incoming>) -> (String, Response<Body>) {
    let (parts, body) = req.into_parts();
    let headers = &parts.headers;
    let query = parts.uri.query();
    let origin = headers.contains_key(ORIGIN);

    if parts.method != Method::POST {
        let label = format!("{} {}", parts.method, parts.uri.path());
        let response = if origin && parts.method == Method::OPTIONS {
            preflight(headers)
        } else if parts.method == Method::GET && parts.uri.path() == "/" {
            response::text(format!(
                "Data Sandbox endpoint: AWS JSON 1.1 for Kinesis, Firehose and Kinesis \
                 Analytics.\nPoint a client here with --endpoint-url. Virtual time: {}\n",
                state.clock.now_iso()
            ))
        } else if Presented::of(headers, query) == Presented::Nothing {
            response::xml_error(
                "MissingAuthenticationTokenException",
                "Missing Authentication Token",
            )
        } else {
            access_denied()
        };
        return (label, with_cors(response, origin));
    }

    let target =
        headers.get("x-amz-target").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let label = targets::action(&target).to_owned();
    let declared = headers.get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        // Answer before reading it; hyper then closes the connection instead of draining.
        return (label, with_cors(response::status_only(StatusCode::PAYLOAD_TOO_LARGE), origin));
    }
    let body = match Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => {
            return (
                label,
                with_cors(response::status_only(StatusCode::PAYLOAD_TOO_LARGE), origin),
            );
        }
        // The client went away or sent broken chunking; hyper closes the connection.
        Err(_) => return (label, response::status_only(StatusCode::BAD_REQUEST)),
    };
    let response = match json_flavour(headers) {
        Flavour::Json(content_type) => json_call(state, headers, query, target, body, content_type),
        Flavour::Cbor => response::api_error(
            &ApiError::serialization(
                "This endpoint speaks AWS JSON 1.1, not CBOR: turn CBOR off in the SDK \
                 (AWS_CBOR_DISABLE=true, or -Daws.cborEnabled=false for the Java SDK).",
            ),
            JSON_1_1,
        ),
        Flavour::Other if Presented::of(headers, query) == Presented::Nothing => {
            response::xml_error(
                "MissingAuthenticationTokenException",
                "Missing Authentication Token",
            )
        }
        Flavour::Other if !target.contains('.') => access_denied(),
        Flavour::Other => response::xml_unknown_operation(),
    };
    (label, with_cors(response, origin))
}

fn json_call(
    state: &State,
    headers: &HeaderMap,
    query: Option<&str>,
    target: String,
    body: Bytes,
    content_type: &'static str,
) -> Response<Body> {
    let mut captured = None;
    let result = match auth::check(headers, query) {
        Ok(()) => match String::from_utf8(Vec::from(body)) {
            Ok(body) => {
                if state.capture.is_some() {
                    captured = Some((target.clone(), body.clone()));
                }
                state.sandbox.call(target, body)
            }
            Err(_) => Err(ApiError::serialization("")),
        },
        Err(auth_error) => Err(unsigned_error(&target, &body).unwrap_or(auth_error)),
    };
    if let (Some(file), Some((target, request))) = (&state.capture, captured) {
        let (status, response) = match &result {
            Ok(json) => (200, json.clone()),
            Err(e) => (e.status, e.body()),
        };
        let line = serde_json::json!({
            "target": target,
            "request": request,
            "status": status,
            "response": response,
        });
        let mut file = file.lock().unwrap_or_else(PoisonError::into_inner);
        let _ = writeln!(file, "{line}");
    }
    match result {
        Ok(json) => response::ok(json, content_type),
        Err(e) => response::api_error(&e, content_type),
    }
}

/// What AWS answers an unsigned (or badly signed) request before it looks at the signature.
fn unsigned_error(target: &str, body: &[u8]) -> Option<ApiError> {
    let known = targets::is_known(target);
    if body.is_empty() {
        return Some(if known {
            ApiError::serialization("")
        } else {
            ApiError::unknown_operation()
        });
    }
    if serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(body).is_err() {
        return Some(ApiError::serialization(""));
    }
    (!known).then(ApiError::unknown_operation)
}

enum Flavour {
    Json(&'static str),
    Cbor,
    Other,
}

fn json_flavour(headers: &HeaderMap) -> Flavour {
    let value = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let mime = value.split(';').next().unwrap_or_default().trim();
    // Answer in the flavour asked for, as AWS does.
    for known in [JSON_1_1, "application/x-amz-json-1.0", "application/json"] {
        if mime.eq_ignore_ascii_case(known) {
            return Flavour::Json(known);
        }
    }
    if mime.eq_ignore_ascii_case("application/x-amz-cbor-1.1") {
        return Flavour::Cbor;
    }
    Flavour::Other
}

fn access_denied() -> Response<Body> {
    response::xml_error(
        "AccessDeniedException",
        "Unable to determine service/operation name to be authorized",
    )
}

/// A browser page calling the endpoint with an AWS SDK for JavaScript needs CORS.
fn with_cors(mut response: Response<Body>, origin: bool) -> Response<Body> {
    if origin {
        let h = response.headers_mut();
        h.insert("Access-Control-Allow-Origin", HeaderValue::from_static("*"));
        h.insert(
            "Access-Control-Expose-Headers",
            HeaderValue::from_static(
                "x-amzn-RequestId,x-amzn-ErrorType,x-amz-request-id,x-amz-id-2,\
                 x-amzn-ErrorMessage,Date",
            ),
        );
    }
    response
}

fn preflight(headers: &HeaderMap) -> Response<Body> {
    let mut r = response::status_only(StatusCode::OK);
    let h = r.headers_mut();
    if let Some(v) = headers.get("access-control-request-headers") {
        h.insert("Access-Control-Allow-Headers", v.clone());
    }
    if let Some(v) = headers.get("access-control-request-method") {
        h.insert("Access-Control-Allow-Methods", v.clone());
    }
    h.insert("Access-Control-Max-Age", HeaderValue::from_static("172800"));
    r
}

/// One write per line, so lines from concurrent requests never interleave.
fn log_line(line: &str) {
    let mut text = String::with_capacity(line.len() + 1);
    text.push_str(line);
    text.push('\n');
    let _ = io::stderr().lock().write_all(text.as_bytes());
}
