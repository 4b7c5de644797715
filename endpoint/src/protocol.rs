//! The encodings a JSON-service answer can take, and the Content-Type that picks one.
//!
//! AWS answers in the encoding the request was sent in: AWS JSON 1.1 or CBOR. A request it
//! cannot read at all (an empty body) is answered in JSON 1.1 if it asked for that and in CBOR
//! otherwise, whatever its Content-Type said. `application/json` is the older "AWS JSON 1.0 RPC"
//! flavour: Kinesis no longer serves it and answers in that flavour's `Output`/`Version`
//! envelope. Everything else (no Content-Type, `application/x-amz-json-1.0`, ...) gets XML,
//! from `refusal.rs`. (kinesalite's connection tests recorded all of this against AWS.)

use bytes::Bytes;
use engine::api::{ApiError, ErrorCode};
use http_body_util::Full;
use hyper::header::{HeaderMap, HeaderValue, CONTENT_TYPE};
use hyper::{Response, StatusCode};
use serde_json::{json, Value as Json};

use crate::cbor::{self, shapes};
use crate::response::Body;

pub const JSON_1_1: &str = "application/x-amz-json-1.1";
pub const CBOR_1_1: &str = "application/x-amz-cbor-1.1";
/// The deprecated AWS JSON 1.0 RPC flavour's content type.
pub const PLAIN_JSON: &str = "application/json";

/// What the request's Content-Type asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Asked {
    Json,
    Cbor,
    /// `application/json`
    Deprecated,
    Other,
}

impl Asked {
    /// The media type before any `;` parameters, spaces around it ignored, as AWS reads it.
    pub fn of(headers: &HeaderMap) -> Self {
        // A content type that is not text is no content type AWS knows.
        let value = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
        let mime = value.split(';').next().unwrap_or_default().trim();
        if mime.eq_ignore_ascii_case(JSON_1_1) {
            Asked::Json
        } else if mime.eq_ignore_ascii_case(CBOR_1_1) {
            Asked::Cbor
        } else if mime.eq_ignore_ascii_case(PLAIN_JSON) {
            Asked::Deprecated
        } else {
            Asked::Other
        }
    }

    /// The encoding of the answer to a request whose body cannot even be parsed.
    pub fn wire_for_empty_body(self) -> Wire {
        if self == Asked::Json {
            Wire::Json
        } else {
            Wire::Cbor
        }
    }
}

/// The encoding of an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wire {
    Json,
    Cbor,
}

impl Wire {
    pub fn content_type(self) -> &'static str {
        match self {
            Wire::Json => JSON_1_1,
            Wire::Cbor => CBOR_1_1,
        }
    }

    /// A successful call: the engine's JSON, re-encoded for CBOR along `target`'s output shape.
    pub fn ok(self, json: String, target: &str) -> Response<Body> {
        let body = match self {
            Wire::Json => Bytes::from(json),
            // Operations without output (CreateStream, PutRecord's siblings) answer with an
            // empty body in either encoding.
            Wire::Cbor if json.trim().is_empty() => Bytes::new(),
            Wire::Cbor => match serde_json::from_str::<Json>(&json) {
                Ok(value) => {
                    Bytes::from(cbor::encode(&value, shapes::of(target, shapes::Side::Output)))
                }
                Err(_) => return self.error(&internal_failure()),
            },
        };
        self.respond(StatusCode::OK, body)
    }

    /// An error as the engine words it (its `__type` and message members).
    pub fn error(self, error: &ApiError) -> Response<Body> {
        let status = StatusCode::from_u16(error.status).unwrap_or(StatusCode::BAD_REQUEST);
        let body = match self {
            Wire::Json => Bytes::from(error.body()),
            Wire::Cbor => {
                let value = serde_json::from_str::<Json>(&error.body()).unwrap_or(Json::Null);
                Bytes::from(cbor::encode(&value, None))
            }
        };
        with_error_type(self.respond(status, body), error.code.as_str())
    }

    /// An error AWS sends with a `__type` and no message at all: the answers to bodies it
    /// cannot parse and operations it does not know, given before the signature is looked at.
    pub fn bare_error(self, code: &str) -> Response<Body> {
        let value = json!({ "__type": code });
        let body = match self {
            Wire::Json => Bytes::from(value.to_string()),
            Wire::Cbor => Bytes::from(cbor::encode(&value, None)),
        };
        with_error_type(self.respond(StatusCode::BAD_REQUEST, body), code)
    }

    fn respond(self, status: StatusCode, body: Bytes) -> Response<Body> {
        let mut r = Response::new(Full::new(body));
        *r.status_mut() = status;
        r.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(self.content_type()));
        r
    }
}

/// The AWS JSON 1.0 RPC envelope Kinesis answers `application/json` requests with: 400 for a
/// body that is not a JSON object, 404 (the operation is not served this way) for one that is.
pub fn deprecated_json(body_is_object: bool) -> Response<Body> {
    let (status, code) = if body_is_object {
        (StatusCode::NOT_FOUND, "UnknownOperationException")
    } else {
        (StatusCode::BAD_REQUEST, "SerializationException")
    };
    let value = json!({
        "Output": { "__type": format!("com.amazon.coral.service#{code}") },
        "Version": "1.0",
    });
    let mut r = Response::new(Full::new(Bytes::from(value.to_string())));
    *r.status_mut() = status;
    r.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(PLAIN_JSON));
    with_error_type(r, code)
}

/// `body` as text if it is one well-formed JSON object, checked without building it (the engine
/// parses it). serde_json skips ignored strings without checking their UTF-8, so that is
/// checked first.
pub fn json_object(body: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(body).ok()?;
    let object = text.trim_start().starts_with('{')
        && serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok();
    object.then_some(text)
}

pub fn internal_failure() -> ApiError {
    let mut e = ApiError::new(
        ErrorCode::InternalFailure,
        "The request processing has failed because of an unknown error, exception or failure.",
    );
    e.status = 500;
    e
}

fn with_error_type(mut r: Response<Body>, code: &str) -> Response<Body> {
    if let Ok(code) = HeaderValue::from_str(code) {
        r.headers_mut().insert("x-amzn-ErrorType", code);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::header::HeaderValue;

    fn asked(content_type: &'static str) -> Asked {
        let mut h = HeaderMap::new();
        h.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        Asked::of(&h)
    }

    #[test]
    fn content_types_as_aws_reads_them() {
        assert_eq!(asked("application/x-amz-json-1.1"), Asked::Json);
        assert_eq!(asked("   application/x-amz-json-1.1   ;whatever"), Asked::Json);
        assert_eq!(asked("application/x-amz-cbor-1.1"), Asked::Cbor);
        assert_eq!(asked("     application/json     ;"), Asked::Deprecated);
        assert_eq!(asked("application/x-amz-json-1.0"), Asked::Other);
        assert_eq!(asked("application/x-amz-json-1.1asdf"), Asked::Other);
        assert_eq!(Asked::of(&HeaderMap::new()), Asked::Other);
        assert_eq!(Asked::Json.wire_for_empty_body(), Wire::Json);
        for other in [Asked::Cbor, Asked::Deprecated, Asked::Other] {
            assert_eq!(other.wire_for_empty_body(), Wire::Cbor);
        }
    }

    #[test]
    fn json_objects_are_told_from_everything_else() {
        assert_eq!(json_object(b" {\"a\": [1, {}]} "), Some(" {\"a\": [1, {}]} "));
        for not in
            [&b""[..], b"hello", b"true", b"null", b"[{}]", b"{", b"{} {}", b"{\"a\":\"\xff\"}"]
        {
            assert_eq!(json_object(not), None, "{}", String::from_utf8_lossy(not));
        }
    }

    #[test]
    fn api_error_has_type_header_and_body() {
        let r = Wire::Json.error(&ApiError::unknown_operation());
        assert_eq!(r.status(), 400);
        assert_eq!(r.headers()["x-amzn-ErrorType"], "UnknownOperationException");
        assert_eq!(r.headers()[CONTENT_TYPE], JSON_1_1);
    }

    #[test]
    fn deprecated_envelope() {
        let r = deprecated_json(true);
        assert_eq!(r.status(), 404);
        assert_eq!(r.headers()[CONTENT_TYPE], "application/json");
        let r = deprecated_json(false);
        assert_eq!(r.status(), 400);
    }
}
