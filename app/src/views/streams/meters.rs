//! A shard's write meter: what it took in the last full second against its 1 MiB/s and
//! 1,000 records/s, and whether it refused any.

use engine::kinesis::metrics::SecondMetrics;

pub const WRITE_RECORDS_LIMIT: u64 = 1_000;
pub const WRITE_BYTES_LIMIT: u64 = 1024 * 1024;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct WriteMeter {
    pub records: u64,
    pub bytes: u64,
    pub throttled: u64,
}

impl WriteMeter {
    /// Share of the records limit used, 0..1 (more than 1 never shows: the limit holds).
    pub fn records_fill(&self) -> f64 {
        (self.records as f64 / WRITE_RECORDS_LIMIT as f64).min(1.0)
    }

    pub fn bytes_fill(&self) -> f64 {
        (self.bytes as f64 / WRITE_BYTES_LIMIT as f64).min(1.0)
    }

    /// The busier of the two limits, which decides when the shard throttles.
    pub fn fill(&self) -> f64 {
        self.records_fill().max(self.bytes_fill())
    }
}

/// The last complete second before `now_ms` (the second in progress is still filling up); a
/// throttle in the current second counts too, so the flash comes at once.
pub fn write_meter(metrics: &[SecondMetrics], now_ms: u64) -> WriteMeter {
    let current = now_ms / 1000;
    let last = current.checked_sub(1);
    let mut m = WriteMeter::default();
    for s in metrics.iter().rev().take(3) {
        if Some(s.second) == last {
            m.records = s.incoming_records;
            m.bytes = s.incoming_bytes;
            m.throttled += s.write_throttled;
        } else if s.second == current {
            m.throttled += s.write_throttled;
        }
    }
    m
}

pub fn format_bytes_per_sec(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.2} MiB/s", bytes as f64 / (1024.0 * 1024.0))
    } else if bytes >= 1024 {
        format!("{:.0} KiB/s", bytes as f64 / 1024.0)
    } else {
        format!("{bytes} B/s")
    }
}

/// `1,234,567`: thousands separated, readable from the back of a room.
pub fn grouped(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1.2 s`, `3 min 20 s`, `26 h`: an iterator age at a glance.
pub fn format_age(ms: u64) -> String {
    match ms {
        0..=999 => format!("{ms} ms"),
        1_000..=59_999 => format!("{:.1} s", ms as f64 / 1000.0),
        60_000..=3_599_999 => format!("{} min {} s", ms / 60_000, ms / 1000 % 60),
        _ => format!("{} h {} min", ms / 3_600_000, ms / 60_000 % 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sec(second: u64, records: u64, throttled: u64) -> SecondMetrics {
        SecondMetrics {
            second,
            incoming_records: records,
            incoming_bytes: records * 100,
            write_throttled: throttled,
            ..SecondMetrics::default()
        }
    }

    #[test]
    fn reads_the_last_full_second() {
        let m = write_meter(&[sec(3, 500, 0), sec(4, 1000, 20), sec(5, 100, 5)], 5_400);
        assert_eq!(m.records, 1000);
        assert_eq!(m.throttled, 25);
        assert_eq!(m.records_fill(), 1.0);
    }

    #[test]
    fn an_idle_shard_reads_zero() {
        assert_eq!(write_meter(&[sec(1, 500, 0)], 10_000), WriteMeter::default());
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(grouped(12), "12");
        assert_eq!(format_bytes_per_sec(2 * 1024 * 1024), "2.00 MiB/s");
        assert_eq!(format_age(1500), "1.5 s");
        assert_eq!(format_age(200_000), "3 min 20 s");
    }
}
