//! AWS's CBOR protocol (`application/x-amz-cbor-1.1`), the AWS SDK for Java's default for
//! Kinesis (and so the Kinesis Client Library's): the same members as AWS JSON 1.1, in CBOR.
//! The engine speaks JSON, so a CBOR request is turned into the JSON the engine reads, and the
//! engine's JSON answer into the CBOR AWS sends.
//!
//! Two things differ from JSON, and the service model says where they are:
//! - blobs are CBOR byte strings (JSON: base64 text);
//! - timestamps are CBOR tag 1 around an integer count of **milliseconds** since the epoch
//!   (JSON: a number of seconds). RFC 8949 says tag 1 counts seconds, but AWS and its Java SDK
//!   (v1 `SdkCborGenerator`, v2 `AwsCborProtocolFactory`'s `UNIX_TIMESTAMP_MILLIS`) have always
//!   put milliseconds there; a client that sends seconds gets dates in 1970, as at AWS.
//!
//! Requests are read leniently, as Jackson's CBOR parser reads them: a text blob is taken as
//! base64, an untagged number in a timestamp member as milliseconds, other tags are looked
//! through.

pub mod shapes;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use ciborium::Value as Cbor;
use serde_json::{Map, Number, Value as Json};

use shapes::{Kind, Shape};

/// CBOR tag 1: epoch-based date/time.
const EPOCH_TAG: u64 = 1;
/// Deeper than any request shape; a bomb of nested arrays fails here instead of on the stack.
const MAX_DEPTH: usize = 128;

/// Why a CBOR body could not be read: AWS answers SerializationException, without a message.
#[derive(Debug, PartialEq, Eq)]
pub struct Malformed;

/// A CBOR request body as the JSON object the engine reads; `shape` is the operation's input.
pub fn decode_request(body: &[u8], shape: Option<Shape<'_>>) -> Result<Json, Malformed> {
    let mut reader = body;
    let value: Cbor = ciborium::de::from_reader_with_recursion_limit(&mut reader, MAX_DEPTH)
        .map_err(|_| Malformed)?;
    // One data item, nothing after it.
    if !reader.is_empty() {
        return Err(Malformed);
    }
    match value {
        Cbor::Map(_) => to_json(value, shape),
        _ => Err(Malformed),
    }
}

/// The engine's JSON answer as CBOR bytes; `shape` is the operation's output (none for errors:
/// their members are all text).
pub fn encode(value: &Json, shape: Option<Shape<'_>>) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = ciborium::ser::into_writer(&to_cbor(value, shape), &mut out);
    out
}

fn to_json(value: Cbor, shape: Option<Shape<'_>>) -> Result<Json, Malformed> {
    let kind = shape.map(|s| s.kind());
    Ok(match value {
        Cbor::Tag(_, inner) => return to_json(*inner, shape),
        Cbor::Integer(i) if matches!(kind, Some(Kind::Timestamp)) => {
            seconds_from_millis(i128::from(i) as f64)?
        }
        Cbor::Float(f) if matches!(kind, Some(Kind::Timestamp)) => seconds_from_millis(f)?,
        Cbor::Integer(i) => integer(i128::from(i))?,
        Cbor::Float(f) => Json::Number(Number::from_f64(f).ok_or(Malformed)?),
        Cbor::Bytes(bytes) => Json::String(BASE64.encode(bytes)),
        Cbor::Text(text) => Json::String(text),
        Cbor::Bool(b) => Json::Bool(b),
        Cbor::Null => Json::Null,
        Cbor::Array(items) => {
            let member = shape.and_then(|s| match s.kind() {
                Kind::List(id) => Some(s.at(*id)),
                _ => None,
            });
            Json::Array(items.into_iter().map(|v| to_json(v, member)).collect::<Result<_, _>>()?)
        }
        Cbor::Map(entries) => {
            let mut object = Map::new();
            for (key, v) in entries {
                let Cbor::Text(key) = key else { return Err(Malformed) };
                let inner = shape.and_then(|s| match s.kind() {
                    Kind::Map(id) => Some(s.at(*id)),
                    _ => s.member(&key),
                });
                object.insert(key, to_json(v, inner)?);
            }
            Json::Object(object)
        }
        // ciborium's Value is non-exhaustive.
        _ => return Err(Malformed),
    })
}

/// JSON timestamps are seconds; whole seconds stay integers, as a JSON client would send them.
fn seconds_from_millis(millis: f64) -> Result<Json, Malformed> {
    let seconds = millis / 1000.0;
    if seconds.fract() == 0.0 && seconds.abs() < 9.0e15 {
        return Ok(Json::from(seconds as i64));
    }
    Number::from_f64(seconds).map(Json::Number).ok_or(Malformed)
}

fn integer(i: i128) -> Result<Json, Malformed> {
    if let Ok(n) = i64::try_from(i) {
        return Ok(Json::from(n));
    }
    if let Ok(n) = u64::try_from(i) {
        return Ok(Json::from(n));
    }
    // Beyond 64 bits: the engine reports it as a number that does not fit, as it does in JSON.
    Number::from_f64(i as f64).map(Json::Number).ok_or(Malformed)
}

fn to_cbor(value: &Json, shape: Option<Shape<'_>>) -> Cbor {
    let kind = shape.map(|s| s.kind());
    match (value, kind) {
        (Json::Number(n), Some(Kind::Timestamp)) => {
            let millis = (n.as_f64().unwrap_or_default() * 1000.0).round() as i64;
            Cbor::Tag(EPOCH_TAG, Box::new(Cbor::Integer(millis.into())))
        }
        (Json::String(text), Some(Kind::Blob)) => match BASE64.decode(text) {
            Ok(bytes) => Cbor::Bytes(bytes),
            Err(_) => Cbor::Text(text.clone()),
        },
        (Json::Null, _) => Cbor::Null,
        (Json::Bool(b), _) => Cbor::Bool(*b),
        (Json::Number(n), _) => number(n),
        (Json::String(text), _) => Cbor::Text(text.clone()),
        (Json::Array(items), _) => {
            let member = shape.and_then(|s| match s.kind() {
                Kind::List(id) => Some(s.at(*id)),
                _ => None,
            });
            Cbor::Array(items.iter().map(|v| to_cbor(v, member)).collect())
        }
        (Json::Object(object), _) => Cbor::Map(
            object
                .iter()
                .map(|(key, v)| {
                    let inner = shape.and_then(|s| match s.kind() {
                        Kind::Map(id) => Some(s.at(*id)),
                        _ => s.member(key),
                    });
                    (Cbor::Text(key.clone()), to_cbor(v, inner))
                })
                .collect(),
        ),
    }
}

fn number(n: &Number) -> Cbor {
    if let Some(i) = n.as_i64() {
        Cbor::Integer(i.into())
    } else if let Some(u) = n.as_u64() {
        Cbor::Integer(u.into())
    } else {
        Cbor::Float(n.as_f64().unwrap_or_default())
    }
}

#[cfg(test)]
mod tests;
