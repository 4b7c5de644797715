//! JSON 1.1 request bodies: the SerializationException texts every JSON service shares.

use crate::ApiError;

/// SerializationException in the Java service's words where serde's message lets us tell what
/// was wrong; the message AWS gives for malformed JSON is not documented, so that one is short.
pub fn serialization_error(e: &serde_json::Error) -> ApiError {
    let text = e.to_string();
    // serde_json appends " at line L column C".
    let text = text.rsplit_once(" at line ").map_or(text.as_str(), |(head, _)| head);
    if let Some(aws) = text.strip_prefix(crate::wire::AWS_TEXT) {
        return ApiError::serialization(aws);
    }
    if let Some(rest) = text.strip_prefix("invalid type: ") {
        let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let java_target = if expected.contains("i64") || expected.contains("integer") {
            "Integer"
        } else if expected.contains("bool") {
            "Boolean"
        } else if expected.contains("Blob") {
            "Blob"
        } else if expected.contains("Date") {
            "Date"
        } else if expected.contains("sequence") {
            return ApiError::serialization("Expected list or null");
        } else if expected.contains("map") || expected.contains("struct") {
            return ApiError::serialization("Expected map or null");
        } else {
            "String"
        };
        let article = if java_target == "Blob" || java_target == "Date" { "a" } else { "an" };
        let message = if got.starts_with("sequence") {
            "Start of list found where not expected".to_string()
        } else if got.starts_with("map") {
            "Start of structure or map found where not expected.".to_string()
        } else {
            let class = if got.starts_with("string") {
                "java.lang.String"
            } else if got.starts_with("boolean") {
                "java.lang.Boolean"
            } else {
                "java.math.BigDecimal"
            };
            format!("class {class} can not be converted to {article} {java_target}")
        };
        return ApiError::serialization(message);
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
