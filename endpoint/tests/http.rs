//! The endpoint in-process on an ephemeral port, driven with raw HTTP/1.1 over a TcpStream, so
//! every status, header and byte is what a client would see.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use endpoint::{Config, Server};

const SIGNED: &str = "Authorization: AWS4-HMAC-SHA256 \
    Credential=AKIDEXAMPLE/20260101/us-east-1/kinesis/aws4_request, \
    SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=abc123\r\n\
    X-Amz-Date: 20260101T000000Z\r\n";
const JSON: &str = "Content-Type: application/x-amz-json-1.1\r\n";

struct Running {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Running {
    fn start() -> Self {
        let (ready_tx, ready_rx) = mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                let config = Config { port: 0, log_requests: false, ..Config::default() };
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

    fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s
    }

    /// One request on a fresh connection.
    fn send(&self, raw: &[u8]) -> Reply {
        let mut s = self.connect();
        s.write_all(raw).unwrap();
        read_reply(&mut s)
    }

    fn stop(&mut self) -> Duration {
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
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// AWS's JSON error: status, `__type`, the matching header, a request id, the content type.
    fn assert_aws_error(&self, status: u16, code: &str) {
        assert_eq!(self.status, status, "{self:?}");
        assert_eq!(self.json()["__type"], code, "{}", self.text());
        assert_eq!(self.header("x-amzn-ErrorType"), Some(code));
        assert_eq!(self.header("content-type"), Some("application/x-amz-json-1.1"));
        assert_request_id(self);
    }
}

fn assert_request_id(reply: &Reply) {
    let id = reply.header("x-amzn-RequestId").expect("x-amzn-RequestId");
    let lens: Vec<usize> = id.split('-').map(str::len).collect();
    assert_eq!(lens, [8, 4, 4, 4, 12], "{id}");
}

fn read_reply(s: &mut TcpStream) -> Reply {
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

fn post(target: &str, extra_headers: &str, body: &[u8]) -> Vec<u8> {
    let mut raw = format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: {target}\r\n{extra_headers}\
         Content-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    raw.extend_from_slice(body);
    raw
}

#[test]
fn missing_authentication_token() {
    let server = Running::start();
    let r = server.send(&post("Kinesis_20131202.ListStreams", JSON, b"{}"));
    r.assert_aws_error(400, "MissingAuthenticationTokenException");
    assert_eq!(r.json()["message"], "Missing Authentication Token");
}

#[test]
fn unknown_target_is_unknown_operation() {
    let server = Running::start();
    // Signed: the engine answers.
    let r = server.send(&post("Kinesis_20131202.NoSuchThing", &format!("{JSON}{SIGNED}"), b"{}"));
    r.assert_aws_error(400, "UnknownOperationException");
    // Unsigned: AWS checks the target before the signature.
    let r = server.send(&post("Kinesis_20131202.NoSuchThing", JSON, b"{}"));
    r.assert_aws_error(400, "UnknownOperationException");
    let r = server.send(&post("", JSON, b"{}"));
    r.assert_aws_error(400, "UnknownOperationException");
}

#[test]
fn malformed_json_is_serialization_exception() {
    let server = Running::start();
    for body in [&b"hello"[..], b"{\"StreamName\":", b"[1,2]", b""] {
        let r = server.send(&post("Kinesis_20131202.ListStreams", JSON, body));
        r.assert_aws_error(400, "SerializationException");
    }
    // Bytes that are not UTF-8 never reach the engine as text.
    let r = server.send(&post(
        "Kinesis_20131202.ListStreams",
        &format!("{JSON}{SIGNED}"),
        b"{\"a\":\"\xff\xfe\"}",
    ));
    r.assert_aws_error(400, "SerializationException");
}

#[test]
fn signed_calls_reach_the_engine() {
    let server = Running::start();
    let r = server.send(&post("Kinesis_20131202.ListStreams", &format!("{JSON}{SIGNED}"), b"{}"));
    // Until Kinesis is in the engine this is its UnknownOperationException; after, 200.
    assert!(r.status == 200 || r.status == 400, "{r:?}");
    assert_eq!(r.header("content-type"), Some("application/x-amz-json-1.1"));
    assert_request_id(&r);
    if r.status == 200 {
        assert!(r.json()["StreamNames"].is_array(), "{}", r.text());
    }
}

#[test]
fn bad_signatures_get_aws_wording() {
    let server = Running::start();
    let r = server.send(&post(
        "Kinesis_20131202.ListStreams",
        &format!("{JSON}Authorization: X\r\n"),
        b"{}",
    ));
    r.assert_aws_error(400, "IncompleteSignatureException");
    assert_eq!(
        r.json()["message"],
        "Authorization header requires 'Credential' parameter. \
         Authorization header requires 'Signature' parameter. \
         Authorization header requires 'SignedHeaders' parameter. \
         Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. \
         Authorization=X"
    );
    let raw = String::from_utf8(post(
        "Kinesis_20131202.ListStreams",
        &format!("{JSON}Authorization: X\r\n"),
        b"{}",
    ))
    .unwrap()
    .replacen("POST / ", "POST /?X-Amz-Algorithm ", 1);
    server.send(raw.as_bytes()).assert_aws_error(400, "InvalidSignatureException");
}

#[test]
fn other_methods_and_content_types_get_aws_xml() {
    let server = Running::start();
    let r = server.send(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(r.status, 200);
    assert!(r.text().contains("Data Sandbox endpoint"), "{}", r.text());
    assert_request_id(&r);

    let r = server.send(b"GET /streams HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(r.status, 403);
    assert_eq!(
        r.text(),
        "<MissingAuthenticationTokenException>\n  <Message>Missing Authentication Token</Message>\n\
         </MissingAuthenticationTokenException>\n"
    );
    let r = server
        .send(format!("PUT / HTTP/1.1\r\nHost: x\r\n{SIGNED}Content-Length: 0\r\n\r\n").as_bytes());
    assert_eq!(r.status, 403);
    assert!(r.text().starts_with("<AccessDeniedException>"), "{}", r.text());

    // JSON-looking call without a JSON content type.
    let r = server.send(&post("Kinesis_20131202.ListStreams", SIGNED, b"{}"));
    assert_eq!((r.status, r.text().as_str()), (404, "<UnknownOperationException/>\n"));
    let r = server.send(&post("", SIGNED, b"{}"));
    assert_eq!(r.status, 403);

    // CBOR is explained, not silently mis-served.
    let cbor = format!("Content-Type: application/x-amz-cbor-1.1\r\n{SIGNED}");
    let r = server.send(&post("Kinesis_20131202.ListStreams", &cbor, b"\xbf\xff"));
    r.assert_aws_error(400, "SerializationException");
    assert!(r.json()["message"].as_str().unwrap().contains("CBOR"));
}

#[test]
fn other_json_flavours_are_accepted_and_echoed() {
    let server = Running::start();
    for flavour in ["application/x-amz-json-1.0", "application/json"] {
        let r = server.send(&post(
            "Kinesis_20131202.NoSuchThing",
            &format!("Content-Type: {flavour}\r\n{SIGNED}"),
            b"{}",
        ));
        assert_eq!(r.status, 400);
        assert_eq!(r.header("content-type"), Some(flavour));
        assert_eq!(r.json()["__type"], "UnknownOperationException");
    }
}

#[test]
fn keep_alive_serves_many_requests_on_one_connection() {
    let server = Running::start();
    let mut s = server.connect();
    let mut ids = Vec::new();
    for _ in 0..50 {
        s.write_all(&post("Kinesis_20131202.NoSuchThing", &format!("{JSON}{SIGNED}"), b"{}"))
            .unwrap();
        let r = read_reply(&mut s);
        assert_eq!(r.status, 400);
        ids.push(r.header("x-amzn-RequestId").unwrap().to_string());
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 50, "request ids are unique");
}

#[test]
fn oversized_bodies_are_refused_and_garbage_does_not_hurt() {
    let server = Running::start();
    let huge = format!(
        "POST / HTTP/1.1\r\nHost: x\r\n{JSON}{SIGNED}X-Amz-Target: Kinesis_20131202.PutRecords\r\n\
         Content-Length: {}\r\n\r\n",
        endpoint::MAX_BODY_BYTES + 1
    );
    assert_eq!(server.send(huge.as_bytes()).status, 413);

    for junk in [&b"\x00\x01\x02garbage\r\n\r\n"[..], b"POST / HTTP/9.9\r\n\r\n", b"\xff\xfe\xfd"] {
        let mut s = server.connect();
        let _ = s.write_all(junk);
        let _ = s.shutdown(std::net::Shutdown::Write);
        let mut sink = Vec::new();
        let _ = s.read_to_end(&mut sink);
    }
    // Still serving.
    let r = server.send(&post("Kinesis_20131202.ListStreams", JSON, b"{}"));
    r.assert_aws_error(400, "MissingAuthenticationTokenException");
}

#[test]
fn cors_preflight() {
    let server = Running::start();
    let r = server.send(
        b"OPTIONS / HTTP/1.1\r\nHost: x\r\nOrigin: http://localhost:8080\r\n\
          Access-Control-Request-Headers: a, b\r\nAccess-Control-Request-Method: POST\r\n\r\n",
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert_eq!(r.header("access-control-allow-headers"), Some("a, b"));
    assert_eq!(r.header("access-control-allow-methods"), Some("POST"));
}

#[test]
fn shuts_down_promptly_with_an_idle_keep_alive_connection_open() {
    let mut server = Running::start();
    let mut s = server.connect();
    s.write_all(&post("Kinesis_20131202.ListStreams", JSON, b"{}")).unwrap();
    let _ = read_reply(&mut s);
    let took = server.stop();
    assert!(took < Duration::from_secs(3), "shutdown took {took:?}");
}
