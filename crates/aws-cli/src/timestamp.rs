//! Timestamps both ways: what a user may type for a timestamp option (botocore accepts epoch
//! seconds or ISO 8601), and how AWS CLI v2 prints one (`cli_timestamp_format = iso8601`:
//! Python's `datetime.isoformat()` in the local zone, which is UTC in the sandbox).

/// Epoch seconds for `1767225600`, `1767225600.5`, `2026-01-01`, `2026-01-01T00:00:00Z`,
/// `2026-01-01 00:00:00.250+02:00` and the like.
pub fn parse(text: &str) -> Option<f64> {
    let t = text.trim();
    if let Ok(secs) = t.parse::<f64>() {
        return secs.is_finite().then_some(secs);
    }
    let b = t.as_bytes();
    let num = |s: &[u8]| -> Option<i64> {
        if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(s).ok()?.parse().ok()
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (year, month, day) = (num(&b[0..4])?, num(&b[5..7])?, num(&b[8..10])?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut secs = days_from_civil(year, month, day) as f64 * 86400.0;
    let mut rest = &b[10..];
    if !rest.is_empty() {
        if !(rest[0] == b'T' || rest[0] == b't' || rest[0] == b' ') || rest.len() < 6 {
            return None;
        }
        let (h, m) = (num(&rest[1..3])?, num(&rest[4..6])?);
        if rest[3] != b':' || h > 23 || m > 59 {
            return None;
        }
        secs += (h * 3600 + m * 60) as f64;
        rest = &rest[6..];
        if rest.first() == Some(&b':') {
            let s = num(rest.get(1..3)?)?;
            if s > 60 {
                return None;
            }
            secs += s as f64;
            rest = &rest[3..];
            if rest.first() == Some(&b'.') {
                let digits = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
                if digits == 0 {
                    return None;
                }
                let frac: f64 = std::str::from_utf8(&rest[..=digits]).ok()?.parse().ok()?;
                secs += frac;
                rest = &rest[1 + digits..];
            }
        }
        match rest {
            [] | [b'Z'] | [b'z'] => {}
            [sign @ (b'+' | b'-'), zone @ ..] => {
                let zone: Vec<u8> = zone.iter().copied().filter(|c| *c != b':').collect();
                if zone.len() != 4 && zone.len() != 2 {
                    return None;
                }
                let zh = num(&zone[0..2])?;
                let zm = if zone.len() == 4 { num(&zone[2..4])? } else { 0 };
                let offset = (zh * 3600 + zm * 60) as f64;
                secs += if *sign == b'+' { -offset } else { offset };
            }
            _ => return None,
        }
    }
    Some(secs)
}

/// `datetime.fromtimestamp(secs, tz=UTC).isoformat()`: `2026-01-01T00:00:00+00:00`, with
/// `.ffffff` only when there are microseconds.
pub fn iso8601(secs: f64) -> String {
    // fromtimestamp rounds to the microsecond, half to even.
    let micros_total = (secs * 1e6).round_ties_even();
    let micros_total = if micros_total.is_finite() { micros_total as i128 } else { 0 };
    let days = micros_total.div_euclid(86_400_000_000);
    let rem = micros_total.rem_euclid(86_400_000_000);
    let (y, mo, d) = civil_from_days(days as i64);
    let (h, mi, s, us) =
        (rem / 3_600_000_000, rem / 60_000_000 % 60, rem / 1_000_000 % 60, rem % 1_000_000);
    let frac = if us == 0 { String::new() } else { format!(".{us:06}") };
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{frac}+00:00")
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        assert_eq!(parse("2026-01-01T00:00:00Z"), Some(1767225600.0));
        assert_eq!(parse("2026-01-01"), Some(1767225600.0));
        assert_eq!(parse("2026-01-01T02:00:00+02:00"), Some(1767225600.0));
        assert_eq!(parse("1767225600"), Some(1767225600.0));
        assert_eq!(parse("yesterday"), None);
        assert_eq!(iso8601(1767225600.0), "2026-01-01T00:00:00+00:00");
        assert_eq!(iso8601(1767225600.123), "2026-01-01T00:00:00.123000+00:00");
        assert_eq!(iso8601(0.0), "1970-01-01T00:00:00+00:00");
    }
}
