//! Building responses the way AWS's front door sends them: request ids (`x-amzn-RequestId`,
//! `x-amz-id-2`) on every answer, and the XML answers AWS gives to requests that never reach a
//! JSON service (wrong method, no content type). JSON and CBOR answers are in `protocol.rs`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{HeaderValue, CONTENT_TYPE};
use hyper::{Response, StatusCode};

pub type Body = Full<Bytes>;

/// Request ids: UUID-shaped, unique per process. They are not part of the simulation, so they
/// come from a counter scrambled with a per-process random start, not from the World's RNG.
pub struct RequestIds {
    start: u64,
    counter: AtomicU64,
    /// Base64 of the 63 bytes every `x-amz-id-2` of this process starts with.
    extended_prefix: String,
}

impl RequestIds {
    pub fn new() -> Self {
        // Time plus the address of a stack value: different per run, no RNG crate needed.
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let local = 0u8;
        let start = (nanos as u64) ^ ((&local as *const u8 as u64).rotate_left(32));
        let mut prefix = Vec::with_capacity(63);
        let mut x = start;
        while prefix.len() < 63 {
            x = splitmix(x);
            prefix.extend_from_slice(&x.to_le_bytes());
        }
        prefix.truncate(63);
        Self { start, counter: AtomicU64::new(0), extended_prefix: BASE64.encode(prefix) }
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

    /// `x-amz-id-2`: AWS's extended request id, base64 of 72 opaque bytes here (AWS's decode
    /// to 64 to 80 bytes). The first 63 bytes are the process's, encoded once; only the last 9
    /// (a scrambled counter) are encoded per answer: base64 works in 3-byte groups, so the two
    /// parts join without re-encoding.
    pub fn next_extended(&self) -> HeaderValue {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let mut tail = [0u8; 9];
        tail[..8].copy_from_slice(&splitmix(self.start ^ n.rotate_left(17)).to_le_bytes());
        tail[8] = n as u8;
        let mut id = String::with_capacity(96);
        id.push_str(&self.extended_prefix);
        BASE64.encode_string(tail, &mut id);
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

/// The XML AWS answers with before a request reaches the JSON service (no content type, a GET,
/// a bad signature): `<Code>\n  <Message>...</Message>\n</Code>\n`, no content type.
pub fn xml_error(code: &str, message: &str, status: StatusCode) -> Response<Body> {
    let body = format!("<{code}>\n  <Message>{message}</Message>\n</{code}>\n");
    with_status_and_type(body, status, code)
}

/// The XML answer without a message: `<UnknownOperationException/>\n`.
pub fn xml_bare(code: &str, status: StatusCode) -> Response<Body> {
    with_status_and_type(format!("<{code}/>\n"), status, code)
}

fn with_status_and_type(body: String, status: StatusCode, code: &str) -> Response<Body> {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = status;
    if let Ok(code) = HeaderValue::from_str(code) {
        r.headers_mut().insert("x-amzn-ErrorType", code);
    }
    r
}

pub fn status_only(status: StatusCode) -> Response<Body> {
    let mut r = Response::new(Full::new(Bytes::new()));
    *r.status_mut() = status;
    r
}

/// A JSON answer of the sandbox's own (its controls), not an AWS shape.
pub fn json_status(status: StatusCode, body: String) -> Response<Body> {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = status;
    r.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
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
    fn extended_ids_decode_to_72_bytes_and_differ() {
        let ids = RequestIds::new();
        let a = ids.next_extended();
        let b = ids.next_extended();
        assert_ne!(a, b);
        assert_eq!(BASE64.decode(a.as_bytes()).unwrap().len(), 72);
    }

    #[test]
    fn xml_answers_have_aws_shape() {
        let r = xml_error("AccessDeniedException", "No", StatusCode::FORBIDDEN);
        assert_eq!(r.status(), 403);
        assert!(r.headers().get(CONTENT_TYPE).is_none());
        assert_eq!(r.headers()["x-amzn-ErrorType"], "AccessDeniedException");
        let r = xml_bare("InternalFailure", StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(r.status(), 500);
    }
}
