//! How Java and Hadoop print things, for output that matches Hadoop's byte for byte: dates
//! (`Date.toString`, `yyyy-MM-dd HH:mm`), `StringUtils.byteDesc`, percentages, and `float`s.
//! EMR nodes run in UTC.

use chrono::DateTime;

/// `java.util.Date.toString()` in UTC: `Thu Jan 01 00:10:00 UTC 2026`.
pub fn date(unix_ms: i64) -> String {
    DateTime::from_timestamp_millis(unix_ms)
        .map(|t| t.format("%a %b %d %H:%M:%S UTC %Y").to_string())
        .unwrap_or_default()
}

/// The `-ls` timestamp: `yyyy-MM-dd HH:mm`.
pub fn ls_date(unix_ms: i64) -> String {
    DateTime::from_timestamp_millis(unix_ms)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// Java's `%.Nf`: the value rounded half-up at N decimals.
pub fn fixed(x: f64, decimals: usize) -> String {
    let scale = 10f64.powi(decimals as i32);
    let scaled = x * scale;
    // Java rounds the exact decimal value half-up; a product that lands on .5 within a hair is
    // a tie there.
    let rounded = if (scaled - scaled.trunc() - 0.5).abs() < 1e-9 {
        scaled.trunc() + scaled.signum()
    } else {
        scaled.round()
    };
    format!("{:.*}", decimals, rounded / scale)
}

/// `StringUtils.byteDesc`: `TraditionalBinaryPrefix.long2String(n, "B", 2)`: `500 B`, `1 KB`,
/// `1.21 KB`, `63.99 GB`.
pub fn byte_desc(n: u64) -> String {
    const PREFIXES: [(char, u32); 6] =
        [('K', 10), ('M', 20), ('G', 30), ('T', 40), ('P', 50), ('E', 60)];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut i = 0;
    while i + 1 < PREFIXES.len() && n >= 1u64 << PREFIXES[i + 1].1 {
        i += 1;
    }
    let (mut symbol, mut shift) = PREFIXES[i];
    let value = if n & ((1u64 << shift) - 1) == 0 {
        (n >> shift).to_string()
    } else {
        let mut s = fixed(n as f64 / (1u64 << shift) as f64, 2);
        if s.starts_with("1024") && i + 1 < PREFIXES.len() {
            (symbol, shift) = PREFIXES[i + 1];
            s = fixed(n as f64 / (1u64 << shift) as f64, 2);
        }
        s
    };
    format!("{value} {symbol}B")
}

/// `DFSUtilClient.percent2String` / `StringUtils.formatPercent(x, 2)`: `12.34%`.
pub fn percent(x: f64) -> String {
    format!("{}%", fixed(x, 2))
}

/// `Float.toString` for the values fsck prints (percentages, averages): shortest digits that
/// round-trip, with `.0` on whole numbers.
pub fn float(x: f32) -> String {
    if x.is_finite() && x == x.trunc() && x.abs() < 1e7 {
        format!("{x:.1}")
    } else {
        format!("{x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_java_and_hadoop() {
        assert_eq!(date(1_767_225_600_000 + 600_000), "Thu Jan 01 00:10:00 UTC 2026");
        assert_eq!(ls_date(1_767_225_600_000 + 61_000), "2026-01-01 00:01");
        assert_eq!(byte_desc(500), "500 B");
        assert_eq!(byte_desc(1024), "1 KB");
        assert_eq!(byte_desc(1234), "1.21 KB");
        assert_eq!(byte_desc(68_719_476_736), "64 GB");
        assert_eq!(float(100.0), "100.0");
        assert_eq!(float(100.0 / 3.0), "33.333332");
        assert_eq!(float(0.0), "0.0");
        assert_eq!(percent(0.0), "0.00%");
        assert_eq!(fixed(0.125, 2), "0.13");
    }
}
