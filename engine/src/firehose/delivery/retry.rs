//! The back-off of a failed delivery.

use super::*;

/// Back-off between attempts: 5 s, doubling, at most 5 minutes.
pub fn retry_delay(attempts: u32) -> u64 {
    let doublings = attempts.saturating_sub(1).min(6);
    (S3_RETRY_FIRST_DELAY_MS << doublings).min(S3_RETRY_MAX_DELAY_MS)
}

/// When the first attempt after `first_failed_at` at attempt `n` (1-based) happens, with the
/// back-off capped at the retry window: the schedule the UI can draw ahead of time.
pub fn retry_schedule(first_failed_at: SimTime, window_ms: u64) -> Vec<SimTime> {
    let deadline = first_failed_at.saturating_add(window_ms);
    let mut out = vec![first_failed_at];
    let mut at = first_failed_at;
    let mut n = 1;
    while at < deadline {
        at = at.saturating_add(retry_delay(n)).min(deadline);
        out.push(at);
        n += 1;
    }
    out
}
