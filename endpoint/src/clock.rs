//! The endpoint's virtual clock follows wall time: virtual time zero is the moment the server
//! started, and the World's epoch is that moment's Unix time, so every timestamp a client sees
//! (stream creation, ApproximateArrivalTimestamp) is real time.

use std::time::{Instant, SystemTime, UNIX_EPOCH};

use engine::sim::SimTime;

#[derive(Clone, Copy, Debug)]
pub struct WallClock {
    /// Monotonic, so the virtual clock never runs backwards when the system clock is adjusted.
    start: Instant,
    epoch_ms: i64,
}

impl WallClock {
    pub fn start() -> Self {
        let epoch_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        Self { start: Instant::now(), epoch_ms }
    }

    /// Unix ms of virtual time zero: `WorldConfig.epoch_ms`.
    pub fn epoch_ms(&self) -> i64 {
        self.epoch_ms
    }

    /// Virtual time now: wall-clock ms since start.
    pub fn now(&self) -> SimTime {
        u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Wall time now as the World would show it, for the request log.
    pub fn now_iso(&self) -> String {
        engine::sim::format_iso(self.epoch_ms.saturating_add(self.now() as i64))
    }
}
