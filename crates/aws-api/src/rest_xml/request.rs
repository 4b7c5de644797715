//! An HTTP request into an operation and its input shape in JSON: routing by method, path
//! depth, the template's literal query parameters and the required members present; then each
//! member read from where the model puts it (URI label, query parameter, header, header prefix,
//! payload).

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use serde_json::{Map, Number, Value};

use super::model::{Kind, Location, Member, Model, Operation, Segment, ShapeId};
use super::{chunked, errors, percent_decode, time, xml, Request};
use crate::ApiError;

/// What the request names: `/`, a bucket, or an object (bucket and key).
struct Target {
    bucket: Option<String>,
    key: Option<String>,
}

/// Headers the transport sets that are members of some input shape but never state: the body's
/// length is the body's.
const TRANSPORT_HEADERS: &[&str] = &["content-length"];

/// Members that only protect an XML payload in transit: checked here against the bytes, then
/// dropped, so the input carries what the request means, not how it was sent.
const PAYLOAD_DIGESTS: &[&str] = &[
    "ContentMD5",
    "ChecksumAlgorithm",
    "ChecksumCRC32",
    "ChecksumCRC32C",
    "ChecksumCRC64NVME",
    "ChecksumSHA1",
    "ChecksumSHA256",
];

pub fn decode(model: &Model, req: &Request<'_>) -> Result<(String, Value), ApiError> {
    let mut headers: Vec<(String, String)> =
        req.headers.iter().map(|(k, v)| (k.to_ascii_lowercase(), v.to_string())).collect();
    let header = |hs: &[(String, String)], name: &str| {
        hs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    };
    let streaming = header(&headers, "x-amz-content-sha256")
        .is_some_and(|v| v.starts_with("STREAMING-"))
        || header(&headers, "content-encoding").is_some_and(|v| v.contains("aws-chunked"));
    let body: Vec<u8> = if streaming {
        let (data, trailers) = chunked::decode(req.body).ok_or_else(errors::incomplete_body)?;
        headers.extend(trailers);
        // `aws-chunked` describes the transfer, not the object.
        for (k, v) in headers.iter_mut() {
            if k == "content-encoding" {
                *v = v
                    .split(',')
                    .map(str::trim)
                    .filter(|e| *e != "aws-chunked")
                    .collect::<Vec<_>>()
                    .join(",");
            }
        }
        headers.retain(|(k, v)| !(k == "content-encoding" && v.is_empty()));
        data
    } else {
        req.body.to_vec()
    };
    let query = parse_query(req.query);
    let target = target_of(req);
    let op = route(model, req.method, &target, &query, &headers)?;
    let mut input = Map::new();
    let Some(shape_id) = op.input else { return Ok((op.name.clone(), Value::Object(input))) };
    let shape = model.shape(shape_id);
    for m in &shape.members {
        let value = match m.location {
            Location::Uri => uri_value(op, m, &target).map(Value::String),
            Location::Query => query_value(model, m, &query)?,
            Location::Header
                if TRANSPORT_HEADERS.contains(&m.wire_name().to_ascii_lowercase().as_str()) =>
            {
                None
            }
            Location::Header => match header(&headers, &m.wire_name().to_ascii_lowercase()) {
                Some(text) => Some(scalar(model, m.shape, &text, m, true)?),
                None => None,
            },
            Location::Headers => {
                let prefix = m.wire_name().to_ascii_lowercase();
                let map: Map<String, Value> = headers
                    .iter()
                    .filter_map(|(k, v)| {
                        Some((k.strip_prefix(&prefix)?.to_string(), Value::String(v.clone())))
                    })
                    .collect();
                (!map.is_empty()).then_some(Value::Object(map))
            }
            Location::StatusCode => None,
            Location::Body if shape.payload.as_deref() == Some(m.name.as_str()) => {
                payload_value(model, m, &body)?
            }
            Location::Body => None,
        };
        if let Some(v) = value {
            input.insert(m.name.clone(), v);
        }
    }
    let xml_payload = shape
        .payload
        .as_deref()
        .and_then(|p| shape.member(p))
        .is_some_and(|m| model.shape(m.shape).kind == Kind::Structure);
    if xml_payload {
        check_payload_digests(&headers, &body)?;
        for d in PAYLOAD_DIGESTS {
            input.remove(*d);
        }
    }
    Ok((op.name.clone(), Value::Object(input)))
}

fn target_of(req: &Request<'_>) -> Target {
    let path = req.path.trim_start_matches('/');
    match &req.bucket_from_host {
        Some(bucket) => Target {
            bucket: Some(bucket.clone()),
            key: (!path.is_empty()).then(|| percent_decode(path, false)),
        },
        None => {
            let (bucket, key) = match path.split_once('/') {
                Some((b, k)) => (b, Some(k).filter(|k| !k.is_empty())),
                None => (path, None),
            };
            Target {
                bucket: (!bucket.is_empty()).then(|| percent_decode(bucket, false)),
                key: key.map(|k| percent_decode(k, false)),
            }
        }
    }
}

/// `a=1&b&c=x%20y` into pairs, percent-decoded (`+` is a space, as S3 reads query strings).
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (percent_decode(k, true), percent_decode(v, true)),
            None => (percent_decode(p, true), String::new()),
        })
        .collect()
}

/// The operation whose binding fits best: same method and path depth, every literal query
/// parameter present, every required query and header member present; among those, the one
/// that asks the most of the request.
fn route<'m>(
    model: &'m Model,
    method: &str,
    target: &Target,
    query: &[(String, String)],
    headers: &[(String, String)],
) -> Result<&'m Operation, ApiError> {
    let depth = match (&target.bucket, &target.key) {
        (None, _) => 0,
        (Some(_), None) => 1,
        (Some(_), Some(_)) => 2,
    };
    let has_query = |k: &str| query.iter().any(|(q, _)| q == k);
    let mut best: Option<(usize, &Operation)> = None;
    for op in &model.operations {
        if !op.method.eq_ignore_ascii_case(method) || op.path.len() != depth {
            continue;
        }
        let literals_ok = op.query_literals.iter().all(|(k, v)| match v {
            Some(v) => query.iter().any(|(q, qv)| q == k && qv == v),
            None => has_query(k),
        });
        if !literals_ok {
            continue;
        }
        let mut score = op.query_literals.len() * 100;
        let mut fits = true;
        if let Some(input) = op.input {
            let shape = model.shape(input);
            for m in shape.members.iter().filter(|m| shape.required.contains(&m.name)) {
                let present = match m.location {
                    Location::Query => has_query(m.wire_name()),
                    Location::Header => {
                        let name = m.wire_name().to_ascii_lowercase();
                        headers.iter().any(|(k, _)| *k == name)
                    }
                    _ => continue,
                };
                if present {
                    score += 1;
                } else {
                    fits = false;
                }
            }
        }
        if fits && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, op));
        }
    }
    best.map(|(_, op)| op).ok_or_else(errors::method_not_allowed)
}

fn uri_value(op: &Operation, m: &Member, target: &Target) -> Option<String> {
    let label = m.wire_name();
    let position = op.path.iter().position(|s| match s {
        Segment::Label(l) | Segment::Greedy(l) => l == label,
        Segment::Literal(_) => false,
    })?;
    match position {
        0 => target.bucket.clone(),
        _ => target.key.clone(),
    }
}

fn query_value(
    model: &Model,
    m: &Member,
    query: &[(String, String)],
) -> Result<Option<Value>, ApiError> {
    let shape = model.shape(m.shape);
    let found: Vec<&String> =
        query.iter().filter(|(k, _)| k == m.wire_name()).map(|(_, v)| v).collect();
    if found.is_empty() {
        return Ok(None);
    }
    if shape.kind == Kind::List {
        let item = shape.member.unwrap_or(m.shape);
        let items =
            found.iter().map(|v| scalar(model, item, v, m, false)).collect::<Result<_, _>>()?;
        return Ok(Some(Value::Array(items)));
    }
    scalar(model, m.shape, found[found.len() - 1], m, false).map(Some)
}

/// A header or query value as the member's type.
fn scalar(
    model: &Model,
    shape: ShapeId,
    text: &str,
    m: &Member,
    header: bool,
) -> Result<Value, ApiError> {
    let s = model.shape(shape);
    let bad = || errors::invalid_argument(m.wire_name(), text);
    Ok(match s.kind {
        Kind::Integer | Kind::Long => {
            Value::Number(text.trim().parse::<i64>().map_err(|_| bad())?.into())
        }
        Kind::Float => {
            let f: f64 = text.trim().parse().map_err(|_| bad())?;
            Value::Number(Number::from_f64(f).ok_or_else(bad)?)
        }
        Kind::Boolean => match text.trim().to_ascii_lowercase().as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => return Err(bad()),
        },
        Kind::Timestamp => {
            let secs = time::parse_any(text).ok_or_else(bad)?;
            Value::Number(Number::from_f64(secs).ok_or_else(bad)?)
        }
        Kind::List if header => {
            let item = s.member.unwrap_or(shape);
            Value::Array(
                text.split(',')
                    .map(|p| scalar(model, item, p.trim(), m, false))
                    .collect::<Result<_, _>>()?,
            )
        }
        Kind::Blob => Value::String(BASE64.encode(text.as_bytes())),
        _ => Value::String(text.to_string()),
    })
}

fn payload_value(model: &Model, m: &Member, body: &[u8]) -> Result<Option<Value>, ApiError> {
    let shape = model.shape(m.shape);
    match shape.kind {
        Kind::Blob | Kind::String if body.is_empty() => Ok(None),
        Kind::Blob => {
            let text = crate::wire::shelf::put(&std::sync::Arc::from(body))
                .unwrap_or_else(|| base64_simd::STANDARD.encode_to_string(body));
            Ok(Some(Value::String(text)))
        }
        Kind::String => Ok(Some(Value::String(String::from_utf8_lossy(body).into_owned()))),
        Kind::Structure if body.iter().all(u8::is_ascii_whitespace) => Ok(None),
        Kind::Structure => {
            let root = xml::parse(body).ok_or_else(errors::malformed_xml)?;
            super::from_xml::value(model, m.shape, &root)
                .map(Some)
                .ok_or_else(errors::malformed_xml)
        }
        _ => Ok(None),
    }
}

/// Content-MD5 and x-amz-checksum-crc32 of an XML payload, checked against its bytes.
fn check_payload_digests(headers: &[(String, String)], body: &[u8]) -> Result<(), ApiError> {
    use md5::{Digest, Md5};
    let get = |name: &str| headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    if let Some(md5) = get("content-md5") {
        let sent = BASE64.decode(md5.trim()).map_err(|_| errors::invalid_digest())?;
        if sent.len() != 16 {
            return Err(errors::invalid_digest());
        }
        if sent[..] != Md5::digest(body)[..] {
            return Err(errors::bad_digest("Content-MD5"));
        }
    }
    if let Some(crc) = get("x-amz-checksum-crc32") {
        if crc.trim() != BASE64.encode(crc32fast::hash(body).to_be_bytes()) {
            return Err(errors::bad_digest("CRC32"));
        }
    }
    Ok(())
}
