//! JSON 1.1 request bodies: the SerializationException texts every JSON service shares.
//!
//! AWS's Java front end (Coral) reads the body into the operation's typed input; a value of the
//! wrong JSON type is refused with a message that names the Java class it read and the type it
//! wanted. kinesalite's suite recorded these against Kinesis:
//!
//! | sent              | String, Blob, Boolean member                     | Integer, Long member            |
//! |-------------------|--------------------------------------------------|---------------------------------|
//! | a number          | `class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String` | (accepted) |
//! | `true`            | `class java.lang.Boolean can not be converted to an String` | `... to an Integer`  |
//! | `"23"`            | (a Boolean: `'23' can not be converted to an Boolean`) | `class java.lang.String ...`  |
//! | `[]`              | `Start of list found where not expected`         | the same                        |
//! | `{}`              | `Start of structure or map found where not expected.` | the same                   |
//!
//! and a scalar where a list, a map or a structure belongs is `Expected list or null`,
//! `Expected map or null`, `Expected null`. Timestamps word their own errors
//! ([`crate::wire::Timestamp`]), as do blobs' base64 errors.

use crate::ApiError;

/// What the typed input wanted where the body had something else, read from serde's
/// "expected ..." text (the wire types' `expecting` texts and serde's own).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wanted {
    Integer,
    Boolean,
    Blob,
    String,
    List,
    Map,
    Structure,
}

impl Wanted {
    fn of(expected: &str) -> Wanted {
        if expected.contains("i64") || expected.contains("i32") || expected.contains("integer") {
            Wanted::Integer
        } else if expected.contains("bool") {
            Wanted::Boolean
        } else if expected.contains("Blob") {
            Wanted::Blob
        } else if expected.contains("sequence") {
            Wanted::List
        } else if expected.starts_with("struct ") {
            Wanted::Structure
        } else if expected.contains("map") {
            Wanted::Map
        } else {
            Wanted::String
        }
    }

    /// The Java type in AWS's message, with the article AWS puts before it (sic: "an String").
    fn java(self) -> &'static str {
        match self {
            Wanted::Integer => "an Integer",
            Wanted::Boolean => "an Boolean",
            Wanted::Blob => "a Blob",
            _ => "an String",
        }
    }
}

/// SerializationException in the Java service's words where serde's message lets us tell what
/// was wrong; a body that is not JSON at all gets AWS's bare SerializationException.
pub fn serialization_error(e: &serde_json::Error) -> ApiError {
    let text = e.to_string();
    // serde_json appends " at line L column C".
    let text = text.rsplit_once(" at line ").map_or(text.as_str(), |(head, _)| head);
    if let Some(aws) = text.strip_prefix(crate::wire::AWS_TEXT) {
        return ApiError::serialization(aws);
    }
    if let Some(rest) = text.strip_prefix("invalid type: ") {
        let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return ApiError::serialization(wrong_type(got, Wanted::of(expected)));
    }
    if text.starts_with("invalid length") {
        // A list where a structure belongs: serde offers it to the structure as a tuple.
        return ApiError::serialization(START_OF_LIST);
    }
    if text.starts_with("invalid value") {
        // A number that does not fit (ShardCount 1e30): the Java service reports it as a
        // number it could not convert.
        return ApiError::serialization(
            "class java.math.BigDecimal can not be converted to an Integer",
        );
    }
    ApiError::serialization("")
}

const START_OF_LIST: &str = "Start of list found where not expected";
const START_OF_MAP: &str = "Start of structure or map found where not expected.";
const NUMBER_CLASS: &str = "com.amazon.coral.value.json.numbers.TruncatingBigNumber";

/// AWS's text for a JSON value of kind `got` (serde's words: `integer \`23\``, `string "a"`,
/// `sequence`, ...) where `wanted` belongs.
fn wrong_type(got: &str, wanted: Wanted) -> String {
    if got.starts_with("sequence") {
        return START_OF_LIST.into();
    }
    if got.starts_with("map") {
        return START_OF_MAP.into();
    }
    match wanted {
        Wanted::List => return "Expected list or null".into(),
        Wanted::Map => return "Expected map or null".into(),
        Wanted::Structure => return "Expected null".into(),
        _ => {}
    }
    let class = if let Some(quoted) = got.strip_prefix("string ") {
        if wanted == Wanted::Boolean {
            // A string into a Boolean quotes the value instead of naming a class.
            let value = quoted.strip_prefix('"').and_then(|q| q.strip_suffix('"'));
            return format!("'{}' can not be converted to an Boolean", value.unwrap_or(quoted));
        }
        "java.lang.String"
    } else if got.starts_with("boolean") {
        "java.lang.Boolean"
    } else if wanted == Wanted::Integer {
        // A number an Integer member cannot hold (a fraction).
        "java.math.BigDecimal"
    } else {
        NUMBER_CLASS
    };
    format!("class {class} can not be converted to {}", wanted.java())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Entry {
        #[serde(rename = "A")]
        a: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    #[allow(dead_code)]
    struct Input {
        name: Option<String>,
        count: Option<i64>,
        flag: Option<bool>,
        tags: Option<BTreeMap<String, String>>,
        keys: Option<Vec<String>>,
        entries: Option<Vec<Entry>>,
        data: Option<crate::wire::Blob>,
        when: Option<crate::wire::Timestamp>,
    }

    fn message(body: &str) -> String {
        let e = serde_json::from_str::<Input>(body).expect_err(body);
        serialization_error(&e).message
    }

    #[test]
    fn each_value_where_a_string_belongs() {
        let class = "class com.amazon.coral.value.json.numbers.TruncatingBigNumber";
        for n in ["23", "-2147483648", "2147483648", "34.56"] {
            let m = message(&format!(r#"{{"Name": {n}}}"#));
            assert_eq!(m, format!("{class} can not be converted to an String"));
            let m = message(&format!(r#"{{"Data": {n}}}"#));
            assert_eq!(m, format!("{class} can not be converted to a Blob"));
        }
        assert_eq!(
            message(r#"{"Name": true}"#),
            "class java.lang.Boolean can not be converted to an String"
        );
        assert_eq!(message(r#"{"Name": []}"#), START_OF_LIST);
        assert_eq!(message(r#"{"Name": {}}"#), START_OF_MAP);
    }

    #[test]
    fn integers_booleans_and_timestamps() {
        assert_eq!(
            message(r#"{"Count": "23"}"#),
            "class java.lang.String can not be converted to an Integer"
        );
        assert_eq!(
            message(r#"{"Count": true}"#),
            "class java.lang.Boolean can not be converted to an Integer"
        );
        assert_eq!(message(r#"{"Flag": "23"}"#), "'23' can not be converted to an Boolean");
        assert_eq!(
            message(r#"{"Flag": 23}"#),
            "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an Boolean"
        );
        assert_eq!(
            message(r#"{"When": "23"}"#),
            "class java.lang.String can not be converted to milliseconds since epoch"
        );
        assert_eq!(
            message(r#"{"When": true}"#),
            "class java.lang.Boolean can not be converted to milliseconds since epoch"
        );
        assert_eq!(message(r#"{"When": []}"#), START_OF_LIST);
        assert_eq!(message(r#"{"When": {}}"#), START_OF_MAP);
    }

    #[test]
    fn lists_maps_and_structures() {
        for scalar in [r#""23""#, "true", "23", "34.56"] {
            assert_eq!(message(&format!(r#"{{"Keys": {scalar}}}"#)), "Expected list or null");
            assert_eq!(message(&format!(r#"{{"Tags": {scalar}}}"#)), "Expected map or null");
            assert_eq!(message(&format!(r#"{{"Entries": [{scalar}]}}"#)), "Expected null");
        }
        assert_eq!(message(r#"{"Keys": {}}"#), START_OF_MAP);
        assert_eq!(message(r#"{"Tags": []}"#), START_OF_LIST);
        assert_eq!(message(r#"{"Entries": [[]]}"#), START_OF_LIST);
        assert_eq!(
            message(r#"{"Tags": {"a": 23}}"#),
            format!("class {NUMBER_CLASS} can not be converted to an String")
        );
    }

    #[test]
    fn a_body_that_is_not_json_has_no_message() {
        assert_eq!(message("{not json"), "");
    }
}
