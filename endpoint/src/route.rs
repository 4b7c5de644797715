//! Which answer a request gets, in AWS's order of checks (kinesalite's connection tests
//! recorded it against the real service):
//! 1. CORS preflights (OPTIONS with an Origin) get their headers. Any other method gets AWS's
//!    XML refusal (`refusal.rs`); an unsigned `GET /` gets a health text instead (ours, not
//!    AWS's: it gives curl and readiness probes an answer).
//! 2. A POST with an empty body: SerializationException if the target is an operation AWS
//!    knows, else UnknownOperationException, in JSON 1.1 if asked for, else in CBOR.
//! 3. By Content-Type: anything but JSON 1.1, CBOR and `application/json` gets the XML
//!    refusal; `application/json` its deprecated envelope.
//! 4. A body that is not one JSON object (CBOR map): SerializationException.
//! 5. An operation AWS does not know: UnknownOperationException.
//! 6. The signature: missing, incomplete or doubled gets AWS's wording.
//! 7. The engine.
//!
//! Answers to 2, 4 and 5 carry no message, as AWS's do. The path is ignored for POST, as AWS
//! ignores it.

use std::io::Write;
use std::sync::PoisonError;

use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderMap, HeaderValue, CONTENT_LENGTH, ORIGIN};
use hyper::{Method, Request, Response, StatusCode};

use crate::auth::{self, Presented};
use crate::cbor::{self, shapes};
use crate::protocol::{self, Asked, Wire};
use crate::refusal;
use crate::response::{self, Body};
use crate::server::{State, MAX_BODY_BYTES};
use crate::targets;

/// What to call the request in the log, and its answer.
pub async fn route(state: &State, req: Request<Incoming>) -> (String, Response<Body>) {
    // S3 has no target: its signature's scope (or a bucket's host name) says it is S3's.
    if let Some(bucket_from_host) = crate::s3::claims(req.headers(), req.uri()) {
        let origin = req.headers().contains_key(ORIGIN);
        let (label, response) = crate::s3::route(state, req, bucket_from_host).await;
        return (label, with_cors(response, origin));
    }
    // The query services (EC2, IAM, ...): no target, an `Action` parameter.
    if crate::query::claims(req.method(), req.headers(), req.uri()) {
        let origin = req.headers().contains_key(ORIGIN);
        let (label, response) = crate::query::route(state, req).await;
        return (label, with_cors(response, origin));
    }
    let (parts, body) = req.into_parts();
    let headers = &parts.headers;
    let query = parts.uri.query();
    let origin = headers.contains_key(ORIGIN);
    if parts.method == Method::POST && parts.uri.path() == "/_sandbox/advance" {
        let body = read_body(headers, body).await.unwrap_or_default();
        return ("_sandbox/advance".into(), with_cors(advance(state, &body), origin));
    }
    let target =
        headers.get("x-amz-target").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();

    if parts.method != Method::POST {
        let label = format!("{} {}", parts.method, parts.uri.path());
        let response = if origin && parts.method == Method::OPTIONS {
            return (label, preflight(headers));
        } else if parts.method == Method::GET
            && parts.uri.path() == "/"
            && Presented::of(headers, query) == Presented::Nothing
        {
            response::text(format!(
                "Data Sandbox endpoint: AWS JSON 1.1 and CBOR for Kinesis, Firehose and Kinesis \
                 Analytics; REST-XML for S3; the query protocol for EC2 and IAM.\nPoint a client here with --endpoint-url. Virtual \
                 time: {}\n",
                state.clock.now_iso()
            ))
        } else {
            refusal::answer(headers, query, &target)
        };
        return (label, with_cors(response, origin));
    }

    let label = targets::action(&target).to_owned();
    let body = match read_body(headers, body).await {
        Ok(body) => body,
        Err(status) => return (label, with_cors(response::status_only(status), origin)),
    };
    let asked = Asked::of(headers);
    let response = if body.is_empty() {
        let wire = asked.wire_for_empty_body();
        wire.bare_error(if targets::is_known(&target) {
            "SerializationException"
        } else {
            "UnknownOperationException"
        })
    } else {
        match asked {
            Asked::Json => service_call(state, headers, query, &target, &body, Wire::Json),
            Asked::Cbor => service_call(state, headers, query, &target, &body, Wire::Cbor),
            Asked::Deprecated => protocol::deprecated_json(protocol::json_object(&body).is_some()),
            Asked::Other => refusal::answer(headers, query, &target),
        }
    };
    (label, with_cors(response, origin))
}

/// `POST /_sandbox/advance` with `{"seconds": N}`: a sandbox control, not an AWS API (no
/// signature). Runs the virtual clock forward by N seconds and answers `{"now": "<ISO-8601>"}`.
fn advance(state: &State, body: &[u8]) -> Response<Body> {
    let seconds = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("seconds").and_then(serde_json::Value::as_f64))
        .filter(|s| s.is_finite() && *s >= 0.0 && *s <= 1e9);
    let Some(seconds) = seconds else {
        return response::json_status(
            StatusCode::BAD_REQUEST,
            r#"{"message":"POST /_sandbox/advance takes {\"seconds\": N} with N between 0 and 1e9"}"#.into(),
        );
    };
    let now = state.sandbox.advance((seconds * 1000.0).round() as u64);
    response::json_status(
        StatusCode::OK,
        serde_json::json!({ "now": engine::sim::format_iso(now) }).to_string(),
    )
}

/// The body, or the status to refuse it with.
pub(crate) async fn read_body(headers: &HeaderMap, body: Incoming) -> Result<Bytes, StatusCode> {
    let declared = headers.get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        // Answer before reading it; hyper then closes the connection instead of draining.
        return Err(StatusCode::PAYLOAD_TOO_LARGE);
    }
    match Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => Err(StatusCode::PAYLOAD_TOO_LARGE),
        // The client went away or sent broken chunking; hyper closes the connection.
        Err(_) => Err(StatusCode::BAD_REQUEST),
    }
}

/// Steps 4 to 7: a request in JSON 1.1 or CBOR, answered in the same.
fn service_call(
    state: &State,
    headers: &HeaderMap,
    query: Option<&str>,
    target: &str,
    body: &[u8],
    wire: Wire,
) -> Response<Body> {
    let json = match wire {
        Wire::Json => protocol::json_object(body).map(str::to_owned).ok_or(cbor::Malformed),
        Wire::Cbor => cbor::decode_request(body, shapes::of(target, shapes::Side::Input))
            .map(|value| value.to_string()),
    };
    let Ok(json) = json else { return wire.bare_error("SerializationException") };
    if !targets::is_known(target) {
        return wire.bare_error("UnknownOperationException");
    }
    if let Err(e) = auth::check(headers, query) {
        return wire.error(&e);
    }
    let captured = state.capture.is_some().then(|| json.clone());
    let caller = auth::access_key_id(headers, query);
    let result = state.sandbox.call(target.to_owned(), json, caller);
    if let (Some(file), Some(request)) = (&state.capture, captured) {
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
        Ok(json) => wire.ok(json, target),
        Err(e) => wire.error(&e),
    }
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

/// AWS's answer to a CORS preflight: no body, no content type, no `x-amz-id-2`.
fn preflight(headers: &HeaderMap) -> Response<Body> {
    let mut r = response::status_only(StatusCode::OK);
    let h = r.headers_mut();
    h.insert("Access-Control-Allow-Origin", HeaderValue::from_static("*"));
    if let Some(v) = headers.get("access-control-request-headers") {
        h.insert("Access-Control-Allow-Headers", v.clone());
    }
    if let Some(v) = headers.get("access-control-request-method") {
        h.insert("Access-Control-Allow-Methods", v.clone());
    }
    h.insert("Access-Control-Max-Age", HeaderValue::from_static("172800"));
    r
}

/// Whether the answer is a CORS preflight's, which AWS sends without `x-amz-id-2`.
pub fn is_preflight(method: &Method, headers: &HeaderMap) -> bool {
    method == Method::OPTIONS && headers.contains_key(ORIGIN)
}
