//! What every HTTP test shares: the endpoint in-process on an ephemeral port, driven with raw
//! HTTP/1.1 over a TcpStream, so every status, header and byte is what a client would see.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use endpoint::{Config, Server};

pub const SIGNED: &str = "Authorization: AWS4-HMAC-SHA256 \
    Credential=AKIDEXAMPLE/20260101/us-east-1/kinesis/aws4_request, \
    SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=abc123\r\n\
    X-Amz-Date: 20260101T000000Z\r\n";
pub const JSON: &str = "Content-Type: application/x-amz-json-1.1\r\n";
pub const CBOR: &str = "Content-Type: application/x-amz-cbor-1.1\r\n";
pub const AMZ_JSON: &str = "application/x-amz-json-1.1";
pub const AMZ_CBOR: &str = "application/x-amz-cbor-1.1";

pub struct Running {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Running {
    pub fn start() -> Self {
        Self::start_with(Config::default())
    }

    /// With `config`'s simulation settings (delay, limits); always on an ephemeral port, quiet.
    pub fn start_with(config: Config) -> Self {
        let (ready_tx, ready_rx) = mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                let config = Config { port: 0, log_requests: false, ..config };
                let server = Server::bind(config).await.unwrap();
                ready_tx.send(server.local_addr().unwrap()).unwrap();
                server
                    .run(async {
                        let _ = stopped.await;
                    })
                    .await;
            });
        });
        let addr = ready_rx.recv_timeout(Duration::from_secs(10)).unwrap();
        Running { addr, stop: Some(stop), thread: Some(thread) }
    }

    pub fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s
    }

    /// One request on a fresh connection.
    pub fn send(&self, raw: &[u8]) -> Reply {
        let mut s = self.connect();
        s.write_all(raw).unwrap();
        read_reply(&mut s)
    }

    pub fn stop(&mut self) -> Duration {
        let began = Instant::now();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            thread.join().unwrap();
        }
        began.elapsed()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop();
    }
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn cbor(&self) -> ciborium::Value {
        ciborium::de::from_reader(&self.body[..])
            .unwrap_or_else(|e| panic!("not CBOR ({e}): {:?}", self.body))
    }

    /// AWS's answer without a message (`{"__type": code}` only), in JSON 1.1 or CBOR, with
    /// both request ids.
    pub fn assert_bare(&self, content_type: &str, code: &str) {
        assert_eq!(self.status, 400, "{self:?}");
        assert_eq!(self.header("content-type"), Some(content_type), "{self:?}");
        let only_type = if content_type.contains("cbor") {
            self.cbor() == cbor_map(&[("__type", code)])
        } else {
            self.json() == serde_json::json!({ "__type": code })
        };
        assert!(only_type, "{self:?}");
        assert_request_ids(self);
    }

    /// AWS's JSON error: status, `__type`, the matching header, a request id, the content type.
    pub fn assert_aws_error(&self, status: u16, code: &str) {
        assert_eq!(self.status, status, "{self:?}");
        assert_eq!(self.json()["__type"], code, "{}", self.text());
        assert_eq!(self.header("x-amzn-ErrorType"), Some(code));
        assert_eq!(self.header("content-type"), Some("application/x-amz-json-1.1"));
        assert_request_id(self);
    }
}

pub fn assert_request_id(reply: &Reply) {
    let id = reply.header("x-amzn-RequestId").expect("x-amzn-RequestId");
    let lens: Vec<usize> = id.split('-').map(str::len).collect();
    assert_eq!(lens, [8, 4, 4, 4, 12], "{id}");
}

/// `x-amzn-RequestId` (a UUID) and `x-amz-id-2` (base64 of 64 to 80 bytes), as AWS sends.
pub fn assert_request_ids(reply: &Reply) {
    use base64::Engine as _;
    assert_request_id(reply);
    let id2 = reply.header("x-amz-id-2").expect("x-amz-id-2");
    let bytes = base64::engine::general_purpose::STANDARD.decode(id2).expect("base64 x-amz-id-2");
    assert!((64..=80).contains(&bytes.len()), "{id2}");
}

/// A CBOR map of text to text.
pub fn cbor_map(entries: &[(&str, &str)]) -> ciborium::Value {
    ciborium::Value::Map(
        entries
            .iter()
            .map(|(k, v)| (ciborium::Value::Text((*k).into()), ciborium::Value::Text((*v).into())))
            .collect(),
    )
}

pub fn read_reply(s: &mut TcpStream) -> Reply {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = s.read(&mut chunk).unwrap();
        assert!(n > 0, "connection closed before a response: {}", String::from_utf8_lossy(&buf));
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8(buf[..head_end].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .map(|l| {
            let (k, v) = l.split_once(':').unwrap();
            (k.trim().to_string(), v.trim().to_string())
        })
        .collect();
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .map_or(0, |(_, v)| v.parse().unwrap());
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < len {
        let n = s.read(&mut chunk).unwrap();
        assert!(n > 0, "connection closed mid-body");
        body.extend_from_slice(&chunk[..n]);
    }
    body.truncate(len);
    Reply { status, headers, body }
}

/// A POST to `/` with `X-Amz-Target` and a Content-Length.
pub fn post(target: &str, extra_headers: &str, body: &[u8]) -> Vec<u8> {
    let mut raw = format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: {target}\r\n{extra_headers}\
         Content-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    raw.extend_from_slice(body);
    raw
}
