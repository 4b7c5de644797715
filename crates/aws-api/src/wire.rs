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

/// Blobs handed across one endpoint call as bytes instead of base64 text.
///
/// The spine carries every request and response as JSON, where a blob is base64: for a 1 MiB
/// S3 object that is an encode, a 1.4 MB string written and parsed twice, and a decode, each
/// way, which cost the endpoint more than the object's MD5. While a [`shelf::Scope`] is open
/// on a thread (the endpoint opens one around the call of an S3 operation that carries a body,
/// and only when it is not capturing the JSON), a blob is serialised as a ticket naming its
/// place on the shelf and read back from it, so its bytes are shared, never copied. A ticket
/// starts with `~`, which base64 never contains: text from outside can never pass for one,
/// and outside a scope a ticket is just invalid base64.
pub mod shelf {
    use std::cell::RefCell;
    use std::marker::PhantomData;
    use std::sync::Arc;

    const TICKET: &str = "~shelf:";

    thread_local! {
        static SHELF: RefCell<Option<Vec<Arc<[u8]>>>> = const { RefCell::new(None) };
    }

    /// The shelf is open while this lives (on this thread only: it is not `Send`, so it can
    /// never be held across an `.await` that might resume elsewhere).
    pub struct Scope(PhantomData<*const ()>);

    impl Scope {
        pub fn open() -> Scope {
            SHELF.with(|s| *s.borrow_mut() = Some(Vec::new()));
            Scope(PhantomData)
        }
    }

    impl Drop for Scope {
        fn drop(&mut self) {
            SHELF.with(|s| *s.borrow_mut() = None);
        }
    }

    /// The ticket for `bytes`, when a scope is open.
    pub fn put(bytes: &Arc<[u8]>) -> Option<String> {
        SHELF.with(|s| {
            let mut shelf = s.borrow_mut();
            let items = shelf.as_mut()?;
            items.push(Arc::clone(bytes));
            Some(format!("{TICKET}{}", items.len() - 1))
        })
    }

    /// The bytes a ticket names, when a scope is open and `text` is one of its tickets.
    pub fn take(text: &str) -> Option<Arc<[u8]>> {
        let index: usize = text.strip_prefix(TICKET)?.parse().ok()?;
        SHELF.with(|s| s.borrow().as_ref()?.get(index).cloned())
    }
}

impl Serialize for Blob {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if let Some(ticket) = shelf::put(&self.0) {
            return s.serialize_str(&ticket);
        }
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
                if let Some(bytes) = shelf::take(v) {
                    return Ok(Blob(bytes));
                }
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

    #[derive(Serialize, Deserialize)]
    struct Object {
        #[serde(rename = "Body")]
        body: Blob,
    }

    #[test]
    fn inside_a_scope_a_blob_crosses_as_the_same_bytes_not_a_copy() {
        let object = Object { body: Blob::from(vec![7u8; 3 << 20]) };
        let _scope = shelf::Scope::open();
        let json = serde_json::to_string(&object).unwrap();
        assert_eq!(json, r#"{"Body":"~shelf:0"}"#);
        let back: Object = serde_json::from_str(&json).unwrap();
        assert!(Arc::ptr_eq(&back.body.0, &object.body.0));
    }

    #[test]
    fn outside_a_scope_blobs_are_base64_and_a_ticket_is_refused_as_aws_words_it() {
        let object = Object { body: Blob::from(&b"hello"[..]) };
        assert_eq!(serde_json::to_string(&object).unwrap(), r#"{"Body":"aGVsbG8="}"#);
        {
            let _scope = shelf::Scope::open();
            assert!(serde_json::to_string(&object).unwrap().contains("~shelf:0"));
        }
        // The scope is closed: the ticket it handed out means nothing any more.
        let e = serde_json::from_str::<Object>(r#"{"Body":"~shelf:0"}"#).err().unwrap();
        assert!(e.to_string().contains("'~shelf:0' can not be converted to a Blob"), "{e}");
        // Inside a scope, a ticket for a place that holds nothing is base64 text like any other.
        let _scope = shelf::Scope::open();
        let e = serde_json::from_str::<Object>(r#"{"Body":"~shelf:3"}"#).err().unwrap();
        assert!(e.to_string().contains("'~shelf:3' can not be converted to a Blob"), "{e}");
    }

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
