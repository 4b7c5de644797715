//! Virtual time. The simulation counts milliseconds from a scenario epoch; it never reads the
//! wall clock, so a replay lands on exactly the same instants.

pub use aws_api::time::{format_iso, parse_iso};

/// Milliseconds since the scenario epoch.
pub type SimTime = u64;

/// 2026-01-01T00:00:00Z in Unix milliseconds: the default scenario epoch.
pub const DEFAULT_EPOCH_MS: i64 = 1_767_225_600_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_is_new_year_2026() {
        assert_eq!(format_iso(DEFAULT_EPOCH_MS), "2026-01-01T00:00:00.000Z");
    }
}
