//! Building responses the way AWS's JSON services send them: a request id on every answer,
//! errors as `{"__type", "message"}` with the `x-amzn-ErrorType` header, and the XML answers
//! AWS gives to requests that never reach a JSON service (wrong method, no content type).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use engine::api::ApiError;
use http_body_util::Full;
use hyper::header::{HeaderValue, CONTENT_TYPE};
use hyper::{Response, StatusCode};

pub type Body = Full<Bytes>;

pub const JSON_1_1: &str = "application/x-amz-json-1.1";

/// Request ids: UUID-shaped, unique per process. They are not part of the simulation, so they
/// come from a counter scrambled with a per-process random start, not from the World's RNG.
pub struct RequestIds {
    start: u64,
    counter: AtomicU64,
}

impl RequestIds {
    pub fn new() -> Self {
        // Time plus the address of a stack value: different per run, no RNG crate needed.
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let local = 0u8;
        let start = (nanos as u64) ^ ((&local as *const u8 as u64).rotate_left(32));
        Self { start, counter: AtomicU64::new(0) }
    }

    pub fn next(&self) -> HeaderValue {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let hi = splitmix(self.start.wrapping_add(n));
        let lo = splitmix(hi ^ n);
        // Version 4, variant 1 bits, so tools that check the shape accept it.
        let hi = (hi & !0xf000) | 0x4000;
        let lo = (lo & !(0xc << 60)) | (0x8 << 60);
        let id = format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            hi >> 32,
            (hi >> 16) & 0xffff,
            hi & 0xffff,
            lo >> 48,
            lo & 0xffff_ffff_ffff
        );
        HeaderValue::from_str(&id).unwrap_or(HeaderValue::from_static("0"))
    }
}

impl Default for RequestIds {
    fn default() -> Self {
        Self::new()
    }
}

fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A successful call: the engine's JSON body. `content_type` echoes the request's JSON flavour,
/// as AWS does.
pub fn ok(body: String, content_type: &'static str) -> Response<Body> {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    r.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

/// AWS's JSON error: status from the error (400 unless the engine says otherwise).
pub fn api_error(error: &ApiError, content_type: &'static str) -> Response<Body> {
    let mut r = Response::new(Full::new(Bytes::from(error.body())));
    *r.status_mut() = StatusCode::from_u16(error.status).unwrap_or(StatusCode::BAD_REQUEST);
    let h = r.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(code) = HeaderValue::from_str(error.code.as_str()) {
        h.insert("x-amzn-ErrorType", code);
    }
    r
}

/// The XML AWS answers with before a request reaches the JSON service (no content type, a GET,
/// no target): `<Code>\n  <Message>...</Message>\n</Code>\n`, 403, no content type.
pub fn xml_error(code: &'static str, message: &str) -> Response<Body> {
    let body = format!("<{code}>\n  <Message>{message}</Message>\n</{code}>\n");
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = StatusCode::FORBIDDEN;
    r.headers_mut().insert("x-amzn-ErrorType", HeaderValue::from_static(code));
    r
}

/// AWS's answer to a JSON-looking target sent with a content type it does not speak.
pub fn xml_unknown_operation() -> Response<Body> {
    let mut r = Response::new(Full::new(Bytes::from_static(b"<UnknownOperationException/>\n")));
    *r.status_mut() = StatusCode::NOT_FOUND;
    r.headers_mut()
        .insert("x-amzn-ErrorType", HeaderValue::from_static("UnknownOperationException"));
    r
}

pub fn status_only(status: StatusCode) -> Response<Body> {
    let mut r = Response::new(Full::new(Bytes::new()));
    *r.status_mut() = status;
    r
}

pub fn text(body: String) -> Response<Body> {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    r.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_uuid_shaped_and_distinct() {
        let ids = RequestIds::new();
        let a = ids.next();
        let b = ids.next();
        assert_ne!(a, b);
        let a = a.to_str().unwrap();
        let parts: Vec<usize> = a.split('-').map(str::len).collect();
        assert_eq!(parts, [8, 4, 4, 4, 12]);
        assert!(a.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
    }

    #[test]
    fn api_error_has_type_header_and_body() {
        let r = api_error(&ApiError::unknown_operation(), JSON_1_1);
        assert_eq!(r.status(), 400);
        assert_eq!(r.headers()["x-amzn-ErrorType"], "UnknownOperationException");
        assert_eq!(r.headers()[CONTENT_TYPE], JSON_1_1);
    }
}
