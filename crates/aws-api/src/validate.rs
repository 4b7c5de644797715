//! AWS's validation wording. Requests are checked member by member, in the order AWS checks
//! them (members alphabetically by their lowerCamelCase name; per member: not null, value
//! bounds, enum, pattern, length), and the first ten failures are reported together:
//!
//! `2 validation errors detected: Value null at 'shardCount' failed to satisfy constraint:
//! Member must not be null; Value '' at 'streamName' failed to satisfy constraint: Member must
//! satisfy regular expression pattern: [a-zA-Z0-9_.-]+`

use crate::{ApiError, ErrorCode};

/// AWS stops collecting after ten failures.
const MAX_ERRORS: usize = 10;

/// A pattern from the service model: its text (as AWS prints it) and a matcher written by hand,
/// since the engine carries no regex engine.
#[derive(Clone, Copy)]
pub struct Pattern {
    pub text: &'static str,
    pub matches: fn(&str) -> bool,
}

/// Collects validation failures for one request.
#[derive(Default)]
pub struct Validator {
    errors: Vec<String>,
}

impl Validator {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn is_full(&self) -> bool {
        self.errors.len() >= MAX_ERRORS
    }

    /// Records one failure. `value` is already rendered (`None` prints `null`).
    pub fn fail(&mut self, value: Option<&str>, member: &str, constraint: &str) {
        if self.is_full() {
            return;
        }
        let value = match value {
            Some(v) => format!("'{v}'"),
            None => "null".to_string(),
        };
        self.errors.push(format!(
            "Value {value} at '{member}' failed to satisfy constraint: {constraint}"
        ));
    }

    /// Required member: `Member must not be null` when absent. Returns whether it is present.
    pub fn required<T>(&mut self, member: &str, value: Option<&T>) -> bool {
        if value.is_none() {
            self.fail(None, member, "Member must not be null");
        }
        value.is_some()
    }

    pub fn int(&mut self, member: &str, value: Option<i64>, min: Option<i64>, max: Option<i64>) {
        let Some(v) = value else { return };
        if let Some(min) = min.filter(|&m| v < m) {
            let c = format!("Member must have value greater than or equal to {min}");
            self.fail(Some(&v.to_string()), member, &c);
        }
        if let Some(max) = max.filter(|&m| v > m) {
            let c = format!("Member must have value less than or equal to {max}");
            self.fail(Some(&v.to_string()), member, &c);
        }
    }

    /// A string member: pattern, then length bounds (counted in characters, as Java does for
    /// strings without surrogate pairs).
    pub fn string(
        &mut self,
        member: &str,
        value: Option<&str>,
        min_len: Option<usize>,
        max_len: Option<usize>,
        pattern: Option<Pattern>,
    ) {
        let Some(v) = value else { return };
        if let Some(p) = pattern.filter(|p| !(p.matches)(v)) {
            let c = format!("Member must satisfy regular expression pattern: {}", p.text);
            self.fail(Some(v), member, &c);
        }
        self.length(member, v, v.chars().count(), min_len, max_len);
    }

    pub fn enumeration(&mut self, member: &str, value: Option<&str>, allowed: &[&str]) {
        let Some(v) = value else { return };
        if !allowed.contains(&v) {
            let c = format!("Member must satisfy enum value set: [{}]", allowed.join(", "));
            self.fail(Some(v), member, &c);
        }
    }

    /// A blob: rendered the way the Java service prints a ByteBuffer.
    pub fn blob(
        &mut self,
        member: &str,
        len: Option<usize>,
        min: Option<usize>,
        max: Option<usize>,
    ) {
        let Some(n) = len else { return };
        let shown = format!("java.nio.HeapByteBuffer[pos=0 lim={n} cap={n}]");
        self.length(member, &shown, n, min, max);
    }

    /// A list or map whose rendering the caller supplies (`[a, b]`, `{k=v}`).
    pub fn collection(
        &mut self,
        member: &str,
        rendered: &dyn Fn() -> String,
        len: usize,
        min: Option<usize>,
        max: Option<usize>,
    ) {
        if min.is_some_and(|m| len < m) || max.is_some_and(|m| len > m) {
            let shown = rendered();
            self.length(member, &shown, len, min, max);
        }
    }

    fn length(
        &mut self,
        member: &str,
        shown: &str,
        len: usize,
        min: Option<usize>,
        max: Option<usize>,
    ) {
        if let Some(min) = min.filter(|&m| len < m) {
            let c = format!("Member must have length greater than or equal to {min}");
            self.fail(Some(shown), member, &c);
        }
        if let Some(max) = max.filter(|&m| len > m) {
            let c = format!("Member must have length less than or equal to {max}");
            self.fail(Some(shown), member, &c);
        }
    }

    /// `Ok` when nothing failed, otherwise AWS's ValidationException.
    pub fn finish(self) -> Result<(), ApiError> {
        match self.errors.len() {
            0 => Ok(()),
            n => Err(ApiError::new(
                ErrorCode::Validation,
                format!(
                    "{n} validation error{} detected: {}",
                    if n == 1 { "" } else { "s" },
                    self.errors.join("; ")
                ),
            )),
        }
    }
}

/// `[a-zA-Z0-9_.-]+`: stream, shard and consumer names.
pub const NAME: Pattern = Pattern { text: "[a-zA-Z0-9_.-]+", matches: is_name };

pub fn is_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b))
}

/// `0|([1-9]\d{0,38})`: hash keys.
pub const HASH_KEY: Pattern = Pattern { text: "0|([1-9]\\d{0,38})", matches: is_hash_key_text };

pub fn is_hash_key_text(s: &str) -> bool {
    decimal_without_leading_zero(s, 39)
}

/// `0|([1-9]\d{0,128})`: sequence numbers.
pub const SEQUENCE_NUMBER: Pattern =
    Pattern { text: "0|([1-9]\\d{0,128})", matches: is_sequence_number_text };

pub fn is_sequence_number_text(s: &str) -> bool {
    decimal_without_leading_zero(s, 129)
}

fn decimal_without_leading_zero(s: &str, max_digits: usize) -> bool {
    match s.as_bytes() {
        [b'0'] => true,
        [first, rest @ ..] => {
            (b'1'..=b'9').contains(first)
                && rest.len() < max_digits
                && rest.iter().all(u8::is_ascii_digit)
        }
        [] => false,
    }
}

/// `arn:aws.*:kinesis:.*:\d{12}:stream/\S+`
pub const STREAM_ARN: Pattern = Pattern {
    text: "arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+",
    matches: |s| arn_matches(s, false),
};

/// `arn:aws.*:kinesis:.*:\d{12}:.*stream/\S+` (TagResource and friends).
pub const RESOURCE_ARN: Pattern = Pattern {
    text: "arn:aws.*:kinesis:.*:\\d{12}:.*stream/\\S+",
    matches: |s| arn_matches(s, true),
};

/// `^(arn):aws.*:kinesis:.*:\d{12}:.*stream\/[a-zA-Z0-9_.-]+\/consumer\/[a-zA-Z0-9_.-]+:[0-9]+`
pub const CONSUMER_ARN: Pattern = Pattern {
    text: "^(arn):aws.*:kinesis:.*:\\d{12}:.*stream\\/[a-zA-Z0-9_.-]+\\/consumer\\/[a-zA-Z0-9_.-]+:[0-9]+",
    matches: consumer_arn_matches,
};

/// `[a-z0-9]{20}-[a-z0-9]{3}`
pub const STREAM_ID: Pattern = Pattern {
    text: "[a-z0-9]{20}-[a-z0-9]{3}",
    matches: |s| {
        let b = s.as_bytes();
        let ok = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
        b.len() == 24 && b[20] == b'-' && b[..20].iter().all(ok) && b[21..].iter().all(ok)
    },
};

/// Every position where `:` + 12 digits + `:` starts, after `from`.
fn account_positions(s: &str, from: usize) -> impl Iterator<Item = usize> + '_ {
    let b = s.as_bytes();
    (from..b.len()).filter(move |&i| {
        b.get(i) == Some(&b':')
            && b.get(i + 13) == Some(&b':')
            && b.get(i + 1..i + 13).is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    })
}

fn kinesis_positions(s: &str) -> impl Iterator<Item = usize> + '_ {
    (7..s.len()).filter(move |&i| s.get(i..).is_some_and(|t| t.starts_with(":kinesis:")))
}

fn arn_matches(s: &str, any_before_stream: bool) -> bool {
    if !s.starts_with("arn:aws") {
        return false;
    }
    kinesis_positions(s).any(|k| {
        account_positions(s, k + 8).any(|a| {
            let Some(rest) = s.get(a + 14..) else { return false };
            let tail_ok = |t: &str| !t.is_empty() && !t.chars().any(char::is_whitespace);
            if any_before_stream {
                rest.match_indices("stream/").any(|(i, _)| tail_ok(&rest[i + 7..]))
            } else {
                rest.strip_prefix("stream/").is_some_and(tail_ok)
            }
        })
    })
}

fn consumer_arn_matches(s: &str) -> bool {
    if !s.starts_with("arn:aws") {
        return false;
    }
    // AWS's pattern is anchored only at the start, so trailing text after `:digits` matches.
    kinesis_positions(s).any(|k| {
        account_positions(s, k + 8).any(|a| {
            let Some(rest) = s.get(a + 14..) else { return false };
            rest.match_indices("stream/").any(|(i, _)| {
                let after = &rest[i + 7..];
                let Some((stream, tail)) = after.split_once("/consumer/") else { return false };
                if !is_name(stream) {
                    return false;
                }
                // consumer name, ':' and at least one digit.
                tail.match_indices(':').any(|(j, _)| {
                    is_name(&tail[..j])
                        && tail.as_bytes().get(j + 1).is_some_and(u8::is_ascii_digit)
                })
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_and_multiple_errors_read_like_aws() {
        let mut v = Validator::new();
        v.int("shardCount", Some(0), Some(1), None);
        assert_eq!(
            v.finish().unwrap_err().message,
            "1 validation error detected: Value '0' at 'shardCount' failed to satisfy \
             constraint: Member must have value greater than or equal to 1"
        );
        let mut v = Validator::new();
        v.required::<i64>("shardCount", None);
        v.required::<String>("streamName", None);
        let e = v.finish().unwrap_err();
        assert_eq!(e.code, "ValidationException");
        assert_eq!(
            e.message,
            "2 validation errors detected: Value null at 'shardCount' failed to satisfy \
             constraint: Member must not be null; Value null at 'streamName' failed to satisfy \
             constraint: Member must not be null"
        );
    }

    #[test]
    fn pattern_then_length() {
        let mut v = Validator::new();
        v.string("streamName", Some(""), Some(1), Some(128), Some(NAME));
        assert_eq!(
            v.finish().unwrap_err().message,
            "2 validation errors detected: Value '' at 'streamName' failed to satisfy \
             constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; \
             Value '' at 'streamName' failed to satisfy constraint: Member must have length \
             greater than or equal to 1"
        );
    }

    #[test]
    fn at_most_ten() {
        let mut v = Validator::new();
        for i in 0..20 {
            v.required::<u8>(&format!("m{i}"), None);
        }
        assert!(v.finish().unwrap_err().message.starts_with("10 validation errors detected"));
    }

    #[test]
    fn arns() {
        assert!((STREAM_ARN.matches)("arn:aws:kinesis:us-east-1:000000000000:stream/s"));
        assert!((STREAM_ARN.matches)("arn:aws-cn:kinesis:cn-north-1:123456789012:stream/a.b"));
        assert!(!(STREAM_ARN.matches)("arn:aws:kinesis:us-east-1:00000000000:stream/s"));
        assert!(!(STREAM_ARN.matches)("arn:aws:kinesis:us-east-1:000000000000:stream/"));
        assert!(!(STREAM_ARN.matches)("arn:aws:s3:::bucket"));
        assert!(!(STREAM_ARN.matches)("arn:aws:kinesis:\u{e9}:000000000000:stream/ s"));
        assert!((RESOURCE_ARN.matches)(
            "arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/c:1"
        ));
        assert!((CONSUMER_ARN.matches)(
            "arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/c:1767225600"
        ));
        assert!(!(CONSUMER_ARN.matches)("arn:aws:kinesis:us-east-1:000000000000:stream/s"));
        assert!((STREAM_ID.matches)("abcdefghij0123456789-abc"));
        assert!(!(STREAM_ID.matches)("abcdefghij0123456789abc"));
    }
}
