//! Load generator for any Kinesis endpoint (this one, moto, kinesalite, ferrokinesis): keep-alive
//! HTTP/1.1 connections sending PutRecords or GetRecords as fast as they are answered, with the
//! same client for every server so the figures compare.
//!
//! ```text
//! cargo run --release --example load -- --url http://127.0.0.1:4567 --mode put --batch 500
//! cargo run --release --example load -- --url http://127.0.0.1:5000 --mode get
//! cargo run --release --example load -- --url http://127.0.0.1:4567 --mode raw   # overhead
//! ```
//!
//! `raw` sends one target with `{}` (a PutRecords batch if the target is PutRecords) over and
//! over and counts answers whatever they are: the server's per-request overhead, measurable
//! before an engine implements the target.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use clap::{Parser, ValueEnum};
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1;
use hyper::Request;
use hyper_util::rt::TokioIo;
use serde::Deserialize;
use tokio::net::TcpStream;
use tokio::sync::Mutex;

#[derive(Parser, Debug, Clone)]
struct Args {
    /// Endpoint base URL (http only).
    #[arg(long, default_value = "http://127.0.0.1:4567")]
    url: String,
    #[arg(long, value_enum, default_value_t = Mode::Put)]
    mode: Mode,
    /// Concurrent keep-alive connections.
    #[arg(long, default_value_t = 8)]
    connections: usize,
    /// How long to measure, in seconds.
    #[arg(long, default_value_t = 5.0)]
    seconds: f64,
    /// Records per PutRecords call.
    #[arg(long, default_value_t = 500)]
    batch: usize,
    /// Bytes of data per record (before base64).
    #[arg(long, default_value_t = 100)]
    record_bytes: usize,
    #[arg(long, default_value = "load-test")]
    stream: String,
    #[arg(long, default_value_t = 4)]
    shards: u32,
    /// Records put before a `get` run (it reads them over and over).
    #[arg(long, default_value_t = 50_000)]
    fill: usize,
    /// GetRecords Limit.
    #[arg(long, default_value_t = 10_000)]
    limit: u32,
    /// Target for `raw` mode.
    #[arg(long, default_value = "Kinesis_20131202.ListStreams")]
    target: String,
    /// Client runtime threads (the client shares the machine with the server; keep it small).
    #[arg(long, default_value_t = 1)]
    threads: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Mode {
    Put,
    Get,
    Raw,
}

const PREFIX: &str = "Kinesis_20131202.";

/// One keep-alive connection; reconnects when the server closes it (HTTP/1.0 servers do).
struct Conn {
    addr: String,
    host: String,
    sender: Option<http1::SendRequest<Full<Bytes>>>,
    /// Connections opened: more than one means the server closes them (no keep-alive).
    opened: u64,
}

struct Answer {
    status: u16,
    body: Bytes,
}

impl Conn {
    fn new(addr: &str) -> Self {
        Conn { addr: addr.to_string(), host: addr.to_string(), sender: None, opened: 0 }
    }

    async fn call(&mut self, target: &str, body: Bytes) -> Result<Answer, String> {
        for _ in 0..2 {
            if self.sender.as_ref().is_none_or(|s| s.is_closed()) {
                self.connect().await?;
            }
            let sender = self.sender.as_mut().ok_or("no connection")?;
            if sender.ready().await.is_err() {
                self.sender = None;
                continue;
            }
            let req = Request::post("/")
                .header("host", &self.host)
                .header("content-type", "application/x-amz-json-1.1")
                .header("x-amz-target", target)
                .header("x-amz-date", "20260101T000000Z")
                // Well-formed SigV4 shape; no server here checks the signature itself.
                .header(
                    "authorization",
                    "AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/kinesis/aws4_request, \
                     SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=00",
                )
                .body(Full::new(body.clone()))
                .map_err(|e| e.to_string())?;
            match sender.send_request(req).await {
                Ok(res) => {
                    let status = res.status().as_u16();
                    let body = res.into_body().collect().await.map_err(|e| e.to_string())?;
                    return Ok(Answer { status, body: body.to_bytes() });
                }
                Err(_) => self.sender = None,
            }
        }
        Err(format!("request to {} failed twice", self.addr))
    }

    async fn connect(&mut self) -> Result<(), String> {
        let stream = TcpStream::connect(&self.addr).await.map_err(|e| e.to_string())?;
        let _ = stream.set_nodelay(true);
        let (sender, conn) =
            http1::handshake(TokioIo::new(stream)).await.map_err(|e| e.to_string())?;
        tokio::spawn(async move {
            let _ = conn.await;
        });
        self.sender = Some(sender);
        self.opened += 1;
        Ok(())
    }
}

#[derive(Default)]
struct Totals {
    requests: AtomicU64,
    records: AtomicU64,
    errors: AtomicU64,
    opened: AtomicU64,
    latency_us: Mutex<Vec<u32>>,
    statuses: Mutex<BTreeMap<String, u64>>,
}

impl Totals {
    async fn count(&self, answer: &Answer, records: u64, latency: Duration) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        self.records.fetch_add(records, Ordering::Relaxed);
        let key = if answer.status == 200 {
            "200".to_string()
        } else {
            let kind = serde_json::from_slice::<serde_json::Value>(&answer.body)
                .ok()
                .and_then(|v| v["__type"].as_str().map(str::to_owned))
                .unwrap_or_default();
            format!("{} {kind}", answer.status)
        };
        *self.statuses.lock().await.entry(key).or_default() += 1;
        self.latency_us.lock().await.push(latency.as_micros().min(u32::MAX as u128) as u32);
    }
}

fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for c in data.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= c.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn put_records_body(stream: &str, batch: usize, record_bytes: usize, salt: usize) -> Bytes {
    let records: Vec<serde_json::Value> = (0..batch)
        .map(|i| {
            let data: Vec<u8> = (0..record_bytes).map(|j| ((i + j + salt) % 251) as u8).collect();
            serde_json::json!({ "Data": base64(&data), "PartitionKey": format!("pk-{salt}-{i}") })
        })
        .collect();
    Bytes::from(serde_json::json!({ "StreamName": stream, "Records": records }).to_string())
}

#[derive(Deserialize)]
struct PutRecordsOut {
    #[serde(rename = "FailedRecordCount", default)]
    failed: u64,
}

#[derive(Deserialize)]
struct GetRecordsOut {
    #[serde(rename = "Records", default)]
    records: Vec<serde::de::IgnoredAny>,
    #[serde(rename = "NextShardIterator")]
    next: Option<String>,
    #[serde(rename = "MillisBehindLatest", default)]
    behind: u64,
}

async fn json_call(
    conn: &mut Conn,
    op: &str,
    body: serde_json::Value,
) -> Result<serde_json::Value, String> {
    let a = conn.call(&format!("{PREFIX}{op}"), Bytes::from(body.to_string())).await?;
    let v: serde_json::Value = serde_json::from_slice(&a.body).unwrap_or(serde_json::Value::Null);
    if a.status == 200 {
        Ok(v)
    } else {
        Err(format!("{op}: HTTP {} {}", a.status, String::from_utf8_lossy(&a.body)))
    }
}

/// Creates the stream (or finds it) and waits until it is ACTIVE.
async fn setup(args: &Args, addr: &str) -> Result<Vec<String>, String> {
    let mut c = Conn::new(addr);
    let created = json_call(
        &mut c,
        "CreateStream",
        serde_json::json!({"StreamName": args.stream, "ShardCount": args.shards}),
    )
    .await;
    if let Err(e) = &created {
        if !e.contains("ResourceInUseException") {
            return Err(e.clone());
        }
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let d = json_call(&mut c, "DescribeStream", serde_json::json!({"StreamName": args.stream}))
            .await?;
        if d["StreamDescription"]["StreamStatus"] == "ACTIVE" {
            let shards = d["StreamDescription"]["Shards"].as_array().cloned().unwrap_or_default();
            return Ok(shards
                .iter()
                .filter_map(|s| s["ShardId"].as_str().map(str::to_owned))
                .collect());
        }
        if Instant::now() > deadline {
            return Err("stream not ACTIVE after 60 s".into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn put_worker(
    args: Arc<Args>,
    addr: String,
    id: usize,
    deadline: Instant,
    totals: Arc<Totals>,
) {
    let bodies: Vec<Bytes> = (0..4)
        .map(|k| put_records_body(&args.stream, args.batch, args.record_bytes, id * 4 + k))
        .collect();
    let mut c = Conn::new(&addr);
    let target = format!("{PREFIX}PutRecords");
    let mut n = 0;
    while Instant::now() < deadline {
        let began = Instant::now();
        match c.call(&target, bodies[n % bodies.len()].clone()).await {
            Ok(a) => {
                let ok = if a.status == 200 {
                    let failed = serde_json::from_slice::<PutRecordsOut>(&a.body)
                        .map_or(args.batch as u64, |o| o.failed);
                    args.batch as u64 - failed.min(args.batch as u64)
                } else {
                    0
                };
                totals.count(&a, ok, began.elapsed()).await;
            }
            Err(_) => {
                totals.errors.fetch_add(1, Ordering::Relaxed);
            }
        }
        n += 1;
    }
    totals.opened.fetch_add(c.opened, Ordering::Relaxed);
}

async fn get_worker(
    args: Arc<Args>,
    addr: String,
    shard: String,
    deadline: Instant,
    totals: Arc<Totals>,
) {
    let mut c = Conn::new(&addr);
    let target = format!("{PREFIX}GetRecords");
    let mut iterator: Option<String> = None;
    while Instant::now() < deadline {
        let it = match iterator.take() {
            Some(it) => it,
            None => match json_call(&mut c, "GetShardIterator", serde_json::json!({"StreamName": args.stream, "ShardId": shard, "ShardIteratorType": "TRIM_HORIZON"})).await {
                Ok(v) => v["ShardIterator"].as_str().unwrap_or_default().to_string(),
                Err(_) => {
                    totals.errors.fetch_add(1, Ordering::Relaxed);
                    continue;
                }
            },
        };
        let body =
            Bytes::from(serde_json::json!({"ShardIterator": it, "Limit": args.limit}).to_string());
        let began = Instant::now();
        match c.call(&target, body).await {
            Ok(a) => {
                let mut got = 0;
                if a.status == 200 {
                    if let Ok(out) = serde_json::from_slice::<GetRecordsOut>(&a.body) {
                        got = out.records.len() as u64;
                        // At the tip: read the shard again from the start.
                        iterator = if got == 0 && out.behind == 0 { None } else { out.next };
                    }
                }
                totals.count(&a, got, began.elapsed()).await;
            }
            Err(_) => {
                totals.errors.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
    totals.opened.fetch_add(c.opened, Ordering::Relaxed);
}

async fn raw_worker(args: Arc<Args>, addr: String, deadline: Instant, totals: Arc<Totals>) {
    let mut c = Conn::new(&addr);
    // PutRecords-sized bodies show what moving the bytes costs, even where nothing parses them.
    let body = if args.target.ends_with(".PutRecords") {
        put_records_body(&args.stream, args.batch, args.record_bytes, 0)
    } else {
        Bytes::from_static(b"{}")
    };
    while Instant::now() < deadline {
        let began = Instant::now();
        match c.call(&args.target, body.clone()).await {
            Ok(a) => totals.count(&a, 0, began.elapsed()).await,
            Err(_) => {
                totals.errors.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
    totals.opened.fetch_add(c.opened, Ordering::Relaxed);
}

async fn run(args: Args) -> Result<(), String> {
    let addr = args.url.trim_start_matches("http://").trim_end_matches('/').to_string();
    let args = Arc::new(args);
    let mut shards = Vec::new();
    if args.mode != Mode::Raw {
        shards = setup(&args, &addr)
            .await
            .map_err(|e| format!("setup failed (is Kinesis served here?): {e}"))?;
        if shards.is_empty() {
            return Err("the stream has no shards".into());
        }
    }
    if args.mode == Mode::Get {
        let fill = Arc::new(Totals::default());
        let calls = args.fill.div_ceil(500);
        let mut c = Conn::new(&addr);
        for k in 0..calls {
            let body = put_records_body(&args.stream, 500, args.record_bytes, k);
            let a = c.call(&format!("{PREFIX}PutRecords"), body).await?;
            fill.count(&a, 500, Duration::ZERO).await;
        }
        eprintln!("filled {} records", fill.records.load(Ordering::Relaxed));
    }

    let totals = Arc::new(Totals::default());
    let began = Instant::now();
    let deadline = began + Duration::from_secs_f64(args.seconds);
    let mut tasks = Vec::new();
    for id in 0..args.connections {
        let (args, addr, totals) = (Arc::clone(&args), addr.clone(), Arc::clone(&totals));
        tasks.push(match args.mode {
            Mode::Put => tokio::spawn(put_worker(args, addr, id, deadline, totals)),
            Mode::Get => {
                let shard = shards[id % shards.len()].clone();
                tokio::spawn(get_worker(args, addr, shard, deadline, totals))
            }
            Mode::Raw => tokio::spawn(raw_worker(args, addr, deadline, totals)),
        });
    }
    for t in tasks {
        let _ = t.await;
    }
    let secs = began.elapsed().as_secs_f64();
    let requests = totals.requests.load(Ordering::Relaxed);
    let records = totals.records.load(Ordering::Relaxed);
    let mut lat = std::mem::take(&mut *totals.latency_us.lock().await);
    lat.sort_unstable();
    let pct = |p: f64| {
        lat.get(((lat.len() as f64 * p) as usize).min(lat.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0) as f64
            / 1000.0
    };
    println!(
        "{} {:?} connections={} batch={} record_bytes={} seconds={secs:.1}",
        args.url, args.mode, args.connections, args.batch, args.record_bytes
    );
    println!("  requests/s {:>10.0}", requests as f64 / secs);
    if args.mode != Mode::Raw {
        println!("  records/s  {:>10.0}", records as f64 / secs);
    }
    println!("  latency ms p50 {:.2} p99 {:.2} max {:.2}", pct(0.5), pct(0.99), pct(1.0));
    println!(
        "  answers {:?} transport errors {} connections opened {}",
        totals.statuses.lock().await,
        totals.errors.load(Ordering::Relaxed),
        totals.opened.load(Ordering::Relaxed)
    );
    Ok(())
}

fn main() {
    let args = Args::parse();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(args.threads.max(1))
        .enable_all()
        .build()
        .expect("tokio runtime");
    if let Err(e) = rt.block_on(run(args)) {
        eprintln!("load: {e}");
        std::process::exit(1);
    }
}
