//! Wire shapes every AWS JSON 1.1 service shares: blobs (base64), timestamps (epoch seconds),
//! the empty output and input, and the marker for deserialisation errors already worded as AWS
//! words them.

use std::fmt;
use std::sync::Arc;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Prefix that marks a deserialisation error whose text is already AWS's.
pub const AWS_TEXT: &str = "aws-text:";

/// Record data. Shared, so a record read many times is never copied.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Blob(pub Arc<[u8]>);

impl Blob {
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Vec<u8>> for Blob {
    fn from(v: Vec<u8>) -> Self {
        Blob(v.into())
    }
}

impl From<&[u8]> for Blob {
    fn from(v: &[u8]) -> Self {
        Blob(v.into())
    }
}

impl Serialize for Blob {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64_simd::STANDARD.encode_to_string(&self.0))
    }
}

impl<'de> Deserialize<'de> for Blob {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Blob;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a Blob")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Blob, E> {
                decode_blob(v).map_err(|m| E::custom(format!("{AWS_TEXT}{m}")))
            }
        }
        d.deserialize_str(V)
    }
}

/// Base64 as the Java service reads it, with its wording for each way it can be wrong.
fn decode_blob(v: &str) -> Result<Blob, String> {
    // Well-formed input (nearly all of it) decodes at once; the checks below only word the
    // error.
    // SIMD first (the endpoint's 1 MiB bodies); it accepts exactly what the portable decoder
    // accepts (`simd_decoding_accepts_what_the_portable_decoder_accepts`).
    if let Ok(bytes) = base64_simd::STANDARD.decode_to_vec(v) {
        return Ok(Blob::from(bytes));
    }
    if let Ok(bytes) = STANDARD.decode(v) {
        return Ok(Blob::from(bytes));
    }
    let prefix = format!("'{v}' can not be converted to a Blob: ");
    if !v.len().is_multiple_of(4) {
        return Err(format!(
            "{prefix}Base64 encoded length is expected a multiple of 4 bytes but found: {}",
            v.len()
        ));
    }
    let body = v.trim_end_matches('=');
    if let Some(c) = v.chars().find(|c| !(c.is_ascii_alphanumeric() || "+/=".contains(*c))) {
        return Err(format!("{prefix}Invalid Base64 character: '{c}'"));
    }
    if body.contains('=') || v.len() - body.len() > 2 {
        return Err(format!("{prefix}Invalid Base64 character: '='"));
    }
    STANDARD
        .decode(v)
        .map(Blob::from)
        .map_err(|_| format!("{prefix}Invalid last non-pad Base64 character dectected"))
}

/// A point in time, Unix milliseconds inside the engine, epoch seconds on the wire.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(pub i64);

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Division of integers-as-floats is exact IEEE arithmetic: the same on every platform.
        s.serialize_f64(self.0 as f64 / 1000.0)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("milliseconds since epoch")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Timestamp, E> {
                Ok(Timestamp(v.saturating_mul(1000)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Timestamp, E> {
                Ok(Timestamp((v.min(i64::MAX as u64) as i64).saturating_mul(1000)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Timestamp, E> {
                if !v.is_finite() {
                    return Err(E::custom(format!("{AWS_TEXT}Invalid timestamp: {v}")));
                }
                // Rounding of a product is exact IEEE arithmetic; `as` saturates.
                Ok(Timestamp((v * 1000.0).round() as i64))
            }
            // The JSON protocol sends epoch seconds; AWS refuses anything else with the Java
            // class it read (kinesalite's suite recorded these).
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Timestamp, E> {
                Err(E::custom(format!("{AWS_TEXT}{}", not_a_timestamp("java.lang.String"))))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Timestamp, E> {
                Err(E::custom(format!("{AWS_TEXT}{}", not_a_timestamp("java.lang.Boolean"))))
            }
        }
        d.deserialize_any(V)
    }
}

fn not_a_timestamp(class: &str) -> String {
    format!("class {class} can not be converted to milliseconds since epoch")
}

/// For actions whose output has no members.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Empty;

impl Serialize for Empty {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        s.serialize_map(Some(0))?.end()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct NoInput {}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The SIMD fast path must not accept a text the portable decoder refuses (its error
        /// wording would be lost) nor decode one differently.
        #[test]
        fn simd_decoding_accepts_what_the_portable_decoder_accepts(
            text in "[A-Za-z0-9+/=]{0,24}|[A-Za-z0-9+/]{4,16}[AQgw][A-Za-z0-9+/]={1,2}"
        ) {
            let simd = base64_simd::STANDARD.decode_to_vec(&text).ok();
            let portable = STANDARD.decode(&text).ok();
            prop_assert_eq!(simd, portable);
        }

        #[test]
        fn simd_encoding_is_the_portable_encoding(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            prop_assert_eq!(base64_simd::STANDARD.encode_to_string(&bytes), STANDARD.encode(&bytes));
        }
    }
}
