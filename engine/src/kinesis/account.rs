//! The account's own Kinesis settings: the minimum throughput billing commitment
//! (DescribeAccountSettings, UpdateAccountSettings) that on-demand warm throughput needs.
//!
//! AWS (API Reference, MinimumThroughputBillingCommitmentInput): "Commitments have a minimum
//! duration of 24 hours that must be honored before they can be disabled. If you attempt to
//! disable a commitment before the minimum commitment period ends, the commitment will be
//! scheduled for automatic disable at the earliest allowed end time. You can cancel a pending
//! disable by enabling the commitment again before the earliest allowed end time."

/// A commitment lasts at least 24 hours.
pub const MINIMUM_COMMITMENT_MS: i64 = 24 * 3_600_000;

/// The commitment's state; times are Unix ms.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Commitment {
    /// When the current (or last) commitment started; `None` if there never was one.
    pub started_ms: Option<i64>,
    /// When it ended, or is scheduled to end (a disable asked for too early).
    pub ends_ms: Option<i64>,
}

/// `Status` as AWS reports it at `now_ms`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommitmentStatus {
    Enabled,
    Disabled,
    EnabledUntilEarliestAllowedEnd,
}

impl CommitmentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CommitmentStatus::Enabled => "ENABLED",
            CommitmentStatus::Disabled => "DISABLED",
            CommitmentStatus::EnabledUntilEarliestAllowedEnd => {
                "ENABLED_UNTIL_EARLIEST_ALLOWED_END"
            }
        }
    }
}

impl Commitment {
    pub fn earliest_end_ms(&self) -> Option<i64> {
        self.started_ms.map(|s| s + MINIMUM_COMMITMENT_MS)
    }

    pub fn status(&self, now_ms: i64) -> CommitmentStatus {
        match (self.started_ms, self.ends_ms) {
            (None, _) => CommitmentStatus::Disabled,
            (Some(_), None) => CommitmentStatus::Enabled,
            (Some(_), Some(end)) if end > now_ms => {
                CommitmentStatus::EnabledUntilEarliestAllowedEnd
            }
            (Some(_), Some(_)) => CommitmentStatus::Disabled,
        }
    }

    pub fn is_enabled(&self, now_ms: i64) -> bool {
        self.status(now_ms) != CommitmentStatus::Disabled
    }

    /// ENABLED: starts a commitment, or cancels a pending disable.
    pub fn enable(&mut self, now_ms: i64) {
        match self.status(now_ms) {
            CommitmentStatus::Disabled => {
                self.started_ms = Some(now_ms);
                self.ends_ms = None;
            }
            _ => self.ends_ms = None,
        }
    }

    /// DISABLED: ends it now, or at the earliest allowed end if that is still ahead.
    pub fn disable(&mut self, now_ms: i64) {
        if self.status(now_ms) == CommitmentStatus::Enabled {
            self.ends_ms = Some(self.earliest_end_ms().unwrap_or(now_ms).max(now_ms));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commitment_lasts_at_least_a_day() {
        let mut c = Commitment::default();
        assert_eq!(c.status(0), CommitmentStatus::Disabled);
        c.enable(1_000);
        assert_eq!(c.status(2_000), CommitmentStatus::Enabled);
        c.disable(3_000);
        let end = 1_000 + MINIMUM_COMMITMENT_MS;
        assert_eq!(c.ends_ms, Some(end));
        assert_eq!(c.status(end - 1), CommitmentStatus::EnabledUntilEarliestAllowedEnd);
        assert_eq!(c.status(end), CommitmentStatus::Disabled);
        c.enable(end - 1);
        assert_eq!(c.status(end + 1), CommitmentStatus::Enabled);
        c.disable(end + 5);
        assert_eq!(c.status(end + 5), CommitmentStatus::Disabled);
    }
}
