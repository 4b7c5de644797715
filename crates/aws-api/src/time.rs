//! Time as text: ISO-8601 in UTC with milliseconds, the way the virtual clock, AWS's JSON
//! timestamps given as strings and the SQL dialects write it.

use chrono::{DateTime, NaiveDateTime};

/// ISO-8601 with milliseconds in UTC, as the virtual clock shows it:
/// `2026-01-01T00:00:00.000Z`.
pub fn format_iso(unix_ms: i64) -> String {
    match DateTime::from_timestamp_millis(unix_ms) {
        Some(t) => t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
        // Only reachable for times hundreds of thousands of years away; say so plainly.
        None => format!("(out of range: {unix_ms} ms)"),
    }
}

/// Parses the clock's own format (and the same without milliseconds) back to Unix ms.
pub fn parse_iso(text: &str) -> Option<i64> {
    let text = text.strip_suffix('Z')?;
    ["%Y-%m-%dT%H:%M:%S%.3f", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .map(|t| t.and_utc().timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-01-01T00:00:00Z in Unix milliseconds.
    const NEW_YEAR_2026: i64 = 1_767_225_600_000;

    #[test]
    fn new_year_2026_reads_and_writes() {
        assert_eq!(format_iso(NEW_YEAR_2026), "2026-01-01T00:00:00.000Z");
        assert_eq!(format_iso(NEW_YEAR_2026 + 90_061_001), "2026-01-02T01:01:01.001Z");
    }

    #[test]
    fn iso_round_trips() {
        for ms in [0, NEW_YEAR_2026, NEW_YEAR_2026 + 123_456_789] {
            assert_eq!(parse_iso(&format_iso(ms)), Some(ms));
        }
        assert_eq!(parse_iso("2026-01-01T00:00:00Z"), Some(NEW_YEAR_2026));
        assert_eq!(parse_iso("yesterday"), None);
    }
}
