//! The endpoint's basic HTTP behaviour: signatures, keep-alive, limits, shutdown.

use std::io::{Read, Write};
use std::time::Duration;

use crate::support::*;

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

    // CBOR is served in CBOR (it used to be refused with an explanation; AWS serves it).
    let cbor = format!("Content-Type: application/x-amz-cbor-1.1\r\n{SIGNED}");
    let r = server.send(&post("Kinesis_20131202.ListStreams", &cbor, b"\xbf\xff"));
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.header("content-type"), Some("application/x-amz-cbor-1.1"));
}

/// Kinesis serves AWS JSON 1.1 only: `application/x-amz-json-1.0` is refused like any other
/// content type, `application/json` gets the old JSON 1.0 RPC envelope (these were accepted and
/// echoed before; kinesalite's connection tests recorded AWS refusing them).
#[test]
fn other_json_flavours_get_aws_refusals() {
    let server = Running::start();
    let json_1_0 = format!("Content-Type: application/x-amz-json-1.0\r\n{SIGNED}");
    let r = server.send(&post("Kinesis_20131202.ListStreams", &json_1_0, b"{}"));
    assert_eq!((r.status, r.text().as_str()), (404, "<UnknownOperationException/>\n"));
    let r = server.send(&post("Kinesis_20131202.NoSuchThing", &json_1_0, b"{}"));
    assert_eq!((r.status, r.text().as_str()), (500, "<InternalFailure/>\n"));

    let plain = format!("Content-Type: application/json\r\n{SIGNED}");
    let r = server.send(&post("Kinesis_20131202.ListStreams", &plain, b"{}"));
    assert_eq!(r.status, 404);
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(
        r.json(),
        serde_json::json!({
            "Output": {"__type": "com.amazon.coral.service#UnknownOperationException"},
            "Version": "1.0",
        })
    );
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
