//! The REST-XML protocol (S3), driven by botocore's model: an HTTP request into an operation
//! and its input shape in JSON, the operation's output shape in JSON into an HTTP answer, and
//! AWS's XML error. JSON in the middle is what every other front door (the console, the view)
//! speaks too, so the engine sees one kind of call whoever asks.
//!
//! The query protocol (EC2, IAM, Import/Export) can share [`model`] (its shapes and XML names),
//! [`xml`] and the output writer; only its request side (form-encoded `Action=` bodies) and its
//! `<OpResponse><OpResult>` wrapping differ.
//!
//! HTTP here is plain data ([`Request`], [`Response`]), so the codec knows no server and the fuzz
//! target drives it directly.

mod chunked;
mod from_xml;
pub mod model;
mod request;
pub(crate) mod response;
pub mod xml;

use serde_json::Value;

pub use model::Model;
pub use request::parse_query;
pub use response::ErrorContext;

use crate::{ApiError, ServiceModel};

/// A request as the codec reads it.
#[derive(Clone, Debug, Default)]
pub struct Request<'a> {
    pub method: &'a str,
    /// The path as sent (percent-encoded).
    pub path: &'a str,
    /// The query string as sent, without `?` (empty when there is none).
    pub query: &'a str,
    /// Names in any case.
    pub headers: Vec<(&'a str, &'a str)>,
    /// The bucket of a virtual-hosted-style request (`Host: bucket.localhost`).
    pub bucket_from_host: Option<String>,
    pub body: &'a [u8],
}

/// An answer as the codec writes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// The codec for one service, built once from its model.
pub struct Codec {
    model: Model,
}

impl Codec {
    pub fn new(source: &ServiceModel) -> Option<Codec> {
        Some(Codec { model: Model::load(source)? })
    }

    pub fn from_model(model: Model) -> Codec {
        Codec { model }
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The operation the request asks for and its input in JSON, or S3's error for a request
    /// it cannot read (MethodNotAllowed, MalformedXML, InvalidArgument, BadDigest, ...).
    pub fn decode(&self, req: &Request<'_>) -> Result<(String, Value), ApiError> {
        request::decode(&self.model, req)
    }

    /// The answer to `operation` whose output is `output` (the engine's JSON). A HEAD answer
    /// keeps the headers and drops the body.
    pub fn encode(&self, operation: &str, output: &str, head: bool) -> Response {
        let Some(op) = self.model.operation(operation) else {
            return Response { status: 200, ..Response::default() };
        };
        let value: Value = serde_json::from_str(output).unwrap_or(Value::Null);
        response::encode(&self.model, op, &value, head)
    }

    /// AWS's XML error for `e`, naming what the request was about.
    pub fn error(&self, e: &ApiError, context: &ErrorContext, head: bool) -> Response {
        response::error(e, context, head)
    }
}

pub use crate::percent::percent_decode;

/// The errors the codec answers itself, before the engine sees the request.
mod errors {
    use crate::ApiError;

    fn s3(code: &str, message: &str, status: u16) -> ApiError {
        let mut e = ApiError::from_aws(code, message);
        e.status = status;
        e
    }

    pub fn method_not_allowed() -> ApiError {
        s3("MethodNotAllowed", "The specified method is not allowed against this resource.", 405)
    }

    pub fn malformed_xml() -> ApiError {
        s3(
            "MalformedXML",
            "The XML you provided was not well-formed or did not validate against our published \
             schema",
            400,
        )
    }

    pub fn invalid_argument(name: &str, value: &str) -> ApiError {
        s3("InvalidArgument", &format!("Invalid value for {name}: {value}"), 400)
    }

    pub fn invalid_digest() -> ApiError {
        s3("InvalidDigest", "The Content-MD5 you specified was invalid.", 400)
    }

    pub fn bad_digest(what: &str) -> ApiError {
        match what {
            "Content-MD5" => s3(
                "BadDigest",
                "The Content-MD5 you specified did not match what we received.",
                400,
            ),
            other => s3(
                "BadDigest",
                &format!("The {other} you specified did not match the calculated checksum."),
                400,
            ),
        }
    }

    pub fn incomplete_body() -> ApiError {
        s3("IncompleteBody", "The request body terminated unexpectedly", 400)
    }
}

/// Time as REST-XML writes it: ISO 8601 in bodies, RFC 822 in headers; read from either.
pub mod time {
    use chrono::{DateTime, NaiveDateTime};

    fn at(secs: f64) -> Option<DateTime<chrono::Utc>> {
        DateTime::from_timestamp_millis((secs * 1000.0).round() as i64)
    }

    /// `2026-01-01T00:00:05.000Z`
    pub fn iso8601(secs: f64) -> String {
        at(secs).map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()).unwrap_or_default()
    }

    /// `Thu, 01 Jan 2026 00:00:05 GMT`
    pub fn rfc822(secs: f64) -> String {
        at(secs).map(|t| t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()).unwrap_or_default()
    }

    /// ISO 8601 (with or without fractions, `Z` or an offset), RFC 822, or epoch seconds.
    pub fn parse_any(text: &str) -> Option<f64> {
        let t = text.trim();
        if let Ok(d) = DateTime::parse_from_rfc3339(t) {
            return Some(d.timestamp_millis() as f64 / 1000.0);
        }
        if let Ok(d) = DateTime::parse_from_rfc2822(t) {
            return Some(d.timestamp_millis() as f64 / 1000.0);
        }
        if let Ok(d) = NaiveDateTime::parse_from_str(t, "%a, %d %b %Y %H:%M:%S GMT") {
            return Some(d.and_utc().timestamp_millis() as f64 / 1000.0);
        }
        t.parse::<f64>().ok().filter(|f| f.is_finite())
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn both_formats_round_trip() {
            let t = 1_767_225_605.0;
            assert_eq!(iso8601(t), "2026-01-01T00:00:05.000Z");
            assert_eq!(rfc822(t), "Thu, 01 Jan 2026 00:00:05 GMT");
            assert_eq!(parse_any(&iso8601(t)), Some(t));
            assert_eq!(parse_any(&rfc822(t)), Some(t));
            assert_eq!(parse_any("2026-01-01T00:00:05+00:00"), Some(t));
            assert_eq!(parse_any("soon"), None);
        }
    }
}

#[cfg(test)]
mod tests;
