//! AWS's answers at the front door, before any operation runs, as kinesalite's connection
//! tests recorded them against the real service: empty bodies, content types, targets,
//! signatures, CORS, the request ids on every answer.

use crate::support::*;

fn raw(method: &str, path: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}Content-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

fn target(t: &str) -> String {
    format!("X-Amz-Target: {t}\r\n")
}

#[test]
fn an_empty_body_is_answered_in_cbor_unless_json_1_1_was_asked_for() {
    let server = Running::start();
    // Signed or not, whatever the content type: unknown target -> UnknownOperation, known ->
    // Serialization, in CBOR; no message.
    for headers in [
        String::new(),
        SIGNED.to_owned(),
        format!("Content-Type: application/x-amz-json-1.0\r\n{SIGNED}"),
        format!("Content-Type: application/x-amz-json-1.1asdf\r\n{SIGNED}"),
        format!("Content-Type: application/json\r\n{SIGNED}"),
        format!("{}{SIGNED}", target("Whatever")),
        format!("{}{SIGNED}", target("Kinesis_20131202.")),
        format!("{}{SIGNED}", target("Kinesis_20131202.Whatever")),
        format!("{}{SIGNED}", target("Whatever.Whatever")),
        format!("{}{SIGNED}", target("Kinesis_20131202.ListStream")),
    ] {
        server
            .send(&raw("POST", "/", &headers, b""))
            .assert_bare(AMZ_CBOR, "UnknownOperationException");
    }
    for content_type in ["", "Content-Type: application/json\r\n"] {
        let headers = format!("{content_type}{}{SIGNED}", target("Kinesis_20131202.ListStreams"));
        server
            .send(&raw("POST", "/", &headers, b""))
            .assert_bare(AMZ_CBOR, "SerializationException");
    }
    // JSON 1.1 asked for: the same answers in JSON, signed or not.
    for sign in ["", SIGNED] {
        server
            .send(&raw("POST", "/", &format!("{JSON}{sign}"), b""))
            .assert_bare(AMZ_JSON, "UnknownOperationException");
        let headers = format!("{JSON}{}{sign}", target("Kinesis_20131202.ListStreams"));
        server
            .send(&raw("POST", "/", &headers, b""))
            .assert_bare(AMZ_JSON, "SerializationException");
    }
}

#[test]
fn bodies_that_are_not_one_object_are_serialization_errors_without_a_message() {
    let server = Running::start();
    for body in [&b"hello"[..], b"true", b"null", b"[{}]", b"{\"a\":", b"{} {}"] {
        for sign in ["", SIGNED] {
            let headers = format!("{JSON}{}{sign}", target("Kinesis_20131202.ListStreams"));
            server
                .send(&raw("POST", "/", &headers, body))
                .assert_bare(AMZ_JSON, "SerializationException");
        }
    }
    // In CBOR too: text where the map should be.
    let headers = format!("{CBOR}{}{SIGNED}", target("Kinesis_20131202.ListStreams"));
    server
        .send(&raw("POST", "/", &headers, b"\x65hello"))
        .assert_bare(AMZ_CBOR, "SerializationException");
}

#[test]
fn unknown_operations_are_refused_before_the_signature() {
    let server = Running::start();
    for t in ["", "Whatever", "Kinesis_20131202.Whatever", "Kinesis_20131202.ListStream"] {
        for sign in ["", SIGNED] {
            let headers = format!("{JSON}{}{sign}", target(t));
            server
                .send(&raw("POST", "/", &headers, b"{}"))
                .assert_bare(AMZ_JSON, "UnknownOperationException");
            let headers = format!("{CBOR}{}{sign}", target(t));
            server
                .send(&raw("POST", "/", &headers, b"\xa0"))
                .assert_bare(AMZ_CBOR, "UnknownOperationException");
        }
    }
}

#[test]
fn signature_errors_come_in_the_asked_encoding() {
    let server = Running::start();
    let list = target("Kinesis_20131202.ListStreams");
    // JSON, content type with spaces and parameters.
    let headers = format!("Content-Type:    application/x-amz-json-1.1   ;whatever\r\n{list}");
    let r = server.send(&raw("POST", "/", &headers, b"{}"));
    r.assert_aws_error(400, "MissingAuthenticationTokenException");
    assert_eq!(
        r.json(),
        serde_json::json!({
            "__type": "MissingAuthenticationTokenException",
            "message": "Missing Authentication Token",
        })
    );
    assert_request_ids(&r);
    // Every query parameter but X-Amz-Algorithm is no signature at all.
    let path = "/?X-Amz-Credential=a&X-Amz-Signature=b&X-Amz-SignedHeaders=c&X-Amz-Date=d";
    let r = server.send(&raw("POST", path, &format!("{JSON}{list}"), b"{}"));
    r.assert_aws_error(400, "MissingAuthenticationTokenException");
    // A query signature without SignedHeaders.
    let path = "/?X-Amz-Algorithm=a&X-Amz-Credential=b&X-Amz-Signature=c&X-Amz-Date=d";
    let r = server.send(&raw("POST", path, &format!("{JSON}{list}"), b"{}"));
    assert_eq!(
        r.json()["message"],
        "AWS query-string parameters must include 'X-Amz-SignedHeaders'. Re-examine the \
         query-string parameters."
    );
    // A misspelt query parameter does not count: the header is judged alone.
    let headers = format!("{JSON}{list}Authorization: X\r\n");
    let r = server.send(&raw("POST", "/?X-Amz-Algorith", &headers, b"{}"));
    r.assert_aws_error(400, "IncompleteSignatureException");
    // In CBOR, the same error as a CBOR map.
    let r = server.send(&raw("POST", "/", &format!("{CBOR}{list}"), b"\xa0"));
    assert_eq!(r.status, 400);
    assert_eq!(r.header("content-type"), Some(AMZ_CBOR));
    assert_eq!(
        r.cbor(),
        cbor_map(&[
            ("__type", "MissingAuthenticationTokenException"),
            ("message", "Missing Authentication Token"),
        ])
    );
}

#[test]
fn application_json_gets_the_old_rpc_envelope() {
    let server = Running::start();
    let envelope = |code: &str| {
        serde_json::json!({
            "Output": {"__type": format!("com.amazon.coral.service#{code}")},
            "Version": "1.0",
        })
    };
    let list = target("Kinesis_20131202.ListStreams");
    for content_type in ["application/json", "     application/json     ;"] {
        let headers = format!("Content-Type: {content_type}\r\n{list}");
        let r = server.send(&raw("POST", "/", &headers, b"hello"));
        assert_eq!((r.status, r.json()), (400, envelope("SerializationException")));
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert_request_ids(&r);
    }
    let r =
        server.send(&raw("POST", "/", &format!("Content-Type: application/json\r\n{list}"), b"{}"));
    assert_eq!((r.status, r.json()), (404, envelope("UnknownOperationException")));
}

#[test]
fn requests_that_never_reach_a_service_get_xml() {
    let server = Running::start();
    let denied = "<AccessDeniedException>\n  <Message>Unable to determine service/operation name \
                  to be authorized</Message>\n</AccessDeniedException>\n";
    // Signed, any method but POST; or a body without a content type.
    for method in ["GET", "PUT", "DELETE"] {
        let r = server.send(&raw(method, "/", SIGNED, b""));
        assert_eq!((r.status, r.text().as_str()), (403, denied), "{method}");
        assert_eq!(r.header("content-type"), None);
        assert_request_ids(&r);
    }
    let r = server.send(&raw("POST", "/", SIGNED, b"{}"));
    assert_eq!((r.status, r.text().as_str()), (403, denied));

    // Then the target, once the signature is complete.
    let xml = |t: &str| {
        let r = server.send(&raw("POST", "/", &format!("{}{SIGNED}", target(t)), b"{}"));
        (r.status, r.text())
    };
    assert_eq!(
        xml("whatever.ListStreams"),
        (
            403,
            "<UnrecognizedClientException>\n  <Message>No authorization strategy was found for \
             service: whatever, operation: ListStreams</Message>\n</UnrecognizedClientException>\n"
                .into()
        )
    );
    assert_eq!(xml("Kinesis_20131202.whatever"), (500, "<InternalFailure/>\n".into()));
    assert_eq!(xml("Kinesis_20131202.ListStreams"), (404, "<UnknownOperationException/>\n".into()));

    // A signature that is not complete is judged first.
    let r = server.send(&raw("GET", "/", "Authorization: a\r\n", b""));
    assert_eq!(r.status, 403);
    assert_eq!(
        r.text(),
        "<IncompleteSignatureException>\n  <Message>Authorization header requires 'Credential' \
         parameter. Authorization header requires 'Signature' parameter. Authorization header \
         requires 'SignedHeaders' parameter. Authorization header requires existence of either \
         a 'X-Amz-Date' or a 'Date' header. Authorization=a</Message>\n\
         </IncompleteSignatureException>\n"
    );
    let r = server.send(&raw("GET", "/?X-Amz-Algorithm", "Authorization: a\r\n", b""));
    assert!(
        r.text().starts_with("<InvalidSignatureException>\n  <Message>Found both"),
        "{}",
        r.text()
    );
    let r = server.send(&raw("GET", "/?X-Amz-Algorithm", "", b""));
    assert!(r.text().starts_with("<IncompleteSignatureException>\n  <Message>AWS query-string"));
}

#[test]
fn cors_headers_on_answers_and_preflights() {
    let server = Running::start();
    let r = server.send(&raw("POST", "/", "Origin: whatever\r\n", b""));
    r.assert_bare(AMZ_CBOR, "UnknownOperationException");
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        r.header("access-control-expose-headers"),
        Some("x-amzn-RequestId,x-amzn-ErrorType,x-amz-request-id,x-amz-id-2,x-amzn-ErrorMessage,Date")
    );
    for sign in ["", SIGNED] {
        let headers = format!(
            "Origin: whatever\r\n{sign}Access-Control-Request-Headers: a, b, c\r\n\
             Access-Control-Request-Method: d\r\n"
        );
        let r = server.send(&raw("OPTIONS", "/", &headers, b""));
        assert_eq!(r.status, 200);
        assert_request_id(&r);
        assert_eq!(r.header("access-control-allow-origin"), Some("*"));
        assert_eq!(r.header("access-control-allow-headers"), Some("a, b, c"));
        assert_eq!(r.header("access-control-allow-methods"), Some("d"));
        assert_eq!(r.header("access-control-max-age"), Some("172800"));
        assert_eq!(r.header("content-length"), Some("0"));
        // Preflights are the one answer without x-amz-id-2, and without a content type.
        assert_eq!(r.header("x-amz-id-2"), None);
        assert_eq!(r.header("content-type"), None);
    }
}

#[test]
fn every_answer_states_its_length() {
    let server = Running::start();
    for request in [
        raw("POST", "/", "", b""),
        raw("GET", "/", SIGNED, b""),
        raw("POST", "/", &format!("{JSON}{}", target("Kinesis_20131202.ListStreams")), b"{}"),
    ] {
        let r = server.send(&request);
        assert_eq!(r.header("content-length"), Some(r.body.len().to_string().as_str()), "{r:?}");
    }
}
