//! S3 object keys as Firehose writes them:
//! `<prefix><DeliveryStreamName>-<DeliveryStreamVersion>-YYYY-MM-DD-HH-MM-SS-<random><ext>`.
//!
//! Without a Prefix the prefix is `YYYY/MM/dd/HH/` (UTC); a Prefix without expressions gets
//! that time prefix appended; a Prefix with `!{...}` expressions is evaluated instead, with
//! `!{timestamp:<Java DateTimeFormatter pattern>}`, `!{firehose:random-string}` and (in
//! ErrorOutputPrefix only) `!{firehose:error-output-type}`. Every time is the arrival time of
//! the object's oldest record, in UTC.

use chrono::{DateTime, Datelike, Timelike, Utc};

use crate::sim::SimRng;

/// `YYYY/MM/dd/HH/`.
pub fn default_prefix(unix_ms: i64) -> String {
    let t = utc(unix_ms);
    format!("{:04}/{:02}/{:02}/{:02}/", t.year(), t.month(), t.day(), t.hour())
}

/// `<name>-<version>-YYYY-MM-DD-HH-MM-SS-<uuid>`.
pub fn object_name(stream: &str, version: u64, unix_ms: i64, rng: &mut SimRng) -> String {
    let t = utc(unix_ms);
    format!(
        "{stream}-{version}-{:04}-{:02}-{:02}-{:02}-{:02}-{:02}-{}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        uuid(rng)
    )
}

/// The full key of a delivered object.
pub fn object_key(
    prefix: Option<&str>,
    stream: &str,
    version: u64,
    unix_ms: i64,
    extension: &str,
    rng: &mut SimRng,
) -> String {
    let dir = match prefix {
        None | Some("") => default_prefix(unix_ms),
        Some(p) if has_expressions(p) => {
            // Checked when the destination was configured; an error here cannot happen, but
            // falls back to the plain text rather than losing the object.
            expand(p, unix_ms, None, rng).unwrap_or_else(|_| p.to_string())
        }
        Some(p) => format!("{p}{}", default_prefix(unix_ms)),
    };
    format!("{dir}{}{extension}", object_name(stream, version, unix_ms, rng))
}

/// The key of an object of failed records under ErrorOutputPrefix (or, without one, under
/// `<error-output-type>/YYYY/MM/dd/HH/` as Firehose does by default).
pub fn error_key(
    error_prefix: Option<&str>,
    error_type: &str,
    stream: &str,
    version: u64,
    unix_ms: i64,
    rng: &mut SimRng,
) -> String {
    let dir = match error_prefix {
        None | Some("") => format!("{error_type}/{}", default_prefix(unix_ms)),
        Some(p) if has_expressions(p) => {
            expand(p, unix_ms, Some(error_type), rng).unwrap_or_else(|_| p.to_string())
        }
        Some(p) => format!("{p}{error_type}/{}", default_prefix(unix_ms)),
    };
    format!("{dir}{}", object_name(stream, version, unix_ms, rng))
}

pub fn has_expressions(prefix: &str) -> bool {
    prefix.contains("!{")
}

/// Checks a Prefix and ErrorOutputPrefix pair the way CreateDeliveryStream and
/// UpdateDestination do; the error is the InvalidArgumentException message.
pub fn check_prefixes(prefix: Option<&str>, error_prefix: Option<&str>) -> Result<(), String> {
    let mut scratch = SimRng::new(0);
    if let Some(p) = prefix.filter(|p| has_expressions(p)) {
        if p.contains("!{firehose:error-output-type}") {
            return Err("The '!{firehose:error-output-type}' expression is only allowed in \
                 ErrorOutputPrefix."
                .into());
        }
        expand(p, 0, None, &mut scratch)?;
        if error_prefix.is_none_or(str::is_empty) {
            return Err(
                "ErrorOutputPrefix cannot be null or empty when Prefix contains expressions."
                    .into(),
            );
        }
    }
    if let Some(e) = error_prefix.filter(|p| has_expressions(p)) {
        expand(e, 0, Some("processing-failed"), &mut scratch)?;
        if !e.contains("!{firehose:error-output-type}") {
            return Err(
                "ErrorOutputPrefix must contain the '!{firehose:error-output-type}' expression \
                 when it contains expressions."
                    .into(),
            );
        }
    }
    Ok(())
}

/// Evaluates every `!{namespace:value}` in `prefix`.
pub fn expand(
    prefix: &str,
    unix_ms: i64,
    error_type: Option<&str>,
    rng: &mut SimRng,
) -> Result<String, String> {
    let mut out = String::with_capacity(prefix.len() + 16);
    let mut rest = prefix;
    while let Some(start) = rest.find("!{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            return Err(format!("The expression '{}' is not closed by '}}'.", &rest[start..]));
        };
        let expr = &after[..end];
        let (ns, value) = expr.split_once(':').unwrap_or((expr, ""));
        match (ns, value) {
            ("timestamp", pattern) => out.push_str(&format_timestamp(pattern, unix_ms)?),
            ("firehose", "random-string") => out.push_str(&rng.alnum(11)),
            ("firehose", "error-output-type") => match error_type {
                Some(t) => out.push_str(t),
                None => {
                    return Err("The '!{firehose:error-output-type}' expression is only allowed \
                                in ErrorOutputPrefix."
                        .into())
                }
            },
            ("partitionKeyFromQuery" | "partitionKeyFromLambda", _) => {
                return Err(format!(
                    "The expression '!{{{expr}}}' needs dynamic partitioning, which the sandbox \
                     does not simulate."
                ))
            }
            _ => return Err(format!("The expression '!{{{expr}}}' is not supported.")),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A subset of Java's DateTimeFormatter patterns: `y M d H m s` letter runs (`yyyy`, `yy`,
/// `MM`, `M`, ...), `'quoted text'`, and anything else that is not a letter as itself.
pub fn format_timestamp(pattern: &str, unix_ms: i64) -> Result<String, String> {
    if pattern.is_empty() {
        return Err("The timestamp expression needs a pattern: '!{timestamp:yyyy/MM/dd}'.".into());
    }
    let t = utc(unix_ms);
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            // '' is a literal quote; otherwise text up to the next quote.
            let mut j = i + 1;
            if chars.get(j) == Some(&'\'') {
                out.push('\'');
                i += 2;
                continue;
            }
            while j < chars.len() && chars[j] != '\'' {
                out.push(chars[j]);
                j += 1;
            }
            if j >= chars.len() {
                return Err(format!("The timestamp pattern '{pattern}' has an unclosed quote."));
            }
            i = j + 1;
            continue;
        }
        if !c.is_ascii_alphabetic() {
            out.push(c);
            i += 1;
            continue;
        }
        let run = chars[i..].iter().take_while(|&&x| x == c).count();
        let value: i64 = match c {
            'y' | 'u' => t.year() as i64,
            'M' => t.month() as i64,
            'd' => t.day() as i64,
            'H' => t.hour() as i64,
            'm' => t.minute() as i64,
            's' => t.second() as i64,
            _ => {
                return Err(format!(
                    "The timestamp pattern '{pattern}' uses '{c}', which the sandbox does not \
                     support (use y, M, d, H, m, s)."
                ))
            }
        };
        if (c == 'y' || c == 'u') && run == 2 {
            out.push_str(&format!("{:02}", value.rem_euclid(100)));
        } else {
            out.push_str(&format!("{value:0run$}"));
        }
        i += run;
    }
    Ok(out)
}

/// A version-4 UUID from the world's RNG, as Firehose ends its object names.
pub fn uuid(rng: &mut SimRng) -> String {
    let mut b = [0u8; 16];
    rng.fill(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
}

fn utc(unix_ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(unix_ms).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-03-04T05:06:07.089Z
    const T: i64 = 1_772_600_767_089;

    #[test]
    fn default_key_shape() {
        let mut rng = SimRng::new(1);
        let key = object_key(None, "orders", 1, T, "", &mut rng);
        let (dir, name) = key.rsplit_once('/').unwrap();
        assert_eq!(dir, "2026/03/04/05");
        assert!(name.starts_with("orders-1-2026-03-04-05-06-07-"), "{name}");
        let id = &name["orders-1-2026-03-04-05-06-07-".len()..];
        assert_eq!(id.len(), 36);
        assert_eq!(id.split('-').map(str::len).collect::<Vec<_>>(), [8, 4, 4, 4, 12]);
        assert_eq!(&id[14..15], "4");
    }

    #[test]
    fn plain_prefix_gets_the_time_prefix() {
        let mut rng = SimRng::new(1);
        let key = object_key(Some("raw/"), "s", 3, T, ".gz", &mut rng);
        assert!(key.starts_with("raw/2026/03/04/05/s-3-2026-03-04-05-06-07-"), "{key}");
        assert!(key.ends_with(".gz"));
    }

    #[test]
    fn expressions() {
        let mut rng = SimRng::new(1);
        let p = "data/year=!{timestamp:yyyy}/month=!{timestamp:MM}/!{timestamp:'day='dd/HH}/";
        assert_eq!(expand(p, T, None, &mut rng).unwrap(), "data/year=2026/month=03/day=04/05/");
        let r = expand("x/!{firehose:random-string}/", T, None, &mut rng).unwrap();
        assert_eq!(r.len(), "x//".len() + 11);
        assert_eq!(
            expand("err/!{firehose:error-output-type}/", T, Some("processing-failed"), &mut rng)
                .unwrap(),
            "err/processing-failed/"
        );
        assert!(expand("!{timestamp:yyyy", T, None, &mut rng).is_err());
        assert!(expand("!{nope:x}", T, None, &mut rng).is_err());
        assert!(format_timestamp("yyyy-QQ", T).is_err());
        assert_eq!(format_timestamp("yy/M/d", T).unwrap(), "26/3/4");
    }

    #[test]
    fn prefix_rules() {
        assert!(check_prefixes(Some("a/"), None).is_ok());
        assert!(check_prefixes(Some("a/!{timestamp:yyyy}/"), None).is_err());
        assert!(check_prefixes(
            Some("a/!{timestamp:yyyy}/"),
            Some("e/!{firehose:error-output-type}/")
        )
        .is_ok());
        assert!(check_prefixes(Some("a/!{firehose:error-output-type}/"), Some("e/")).is_err());
        assert!(check_prefixes(None, Some("e/!{timestamp:yyyy}/")).is_err());
    }

    #[test]
    fn error_keys() {
        let mut rng = SimRng::new(1);
        let k = error_key(None, "processing-failed", "s", 1, T, &mut rng);
        assert!(k.starts_with("processing-failed/2026/03/04/05/s-1-"), "{k}");
    }
}
