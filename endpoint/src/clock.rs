//! The endpoint's virtual clock follows wall time: virtual time zero is the moment the server
//! started, and the World's epoch is that moment's Unix time, so every timestamp a client sees
//! (stream creation, ApproximateArrivalTimestamp) is real time at speed 1.
//!
//! Two sandbox controls bend it, for services whose work takes minutes (an EMR cluster starts in
//! about five): `--speed X` runs X virtual milliseconds per wall millisecond, and
//! `POST /_sandbox/advance` moves it forward by a number of seconds at once. Both only ever
//! move it forward.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use engine::sim::SimTime;

#[derive(Clone, Debug)]
pub struct WallClock {
    /// Monotonic, so the virtual clock never runs backwards when the system clock is adjusted.
    start: Instant,
    epoch_ms: i64,
    /// Virtual milliseconds per wall millisecond, in thousandths (1000 = real time).
    speed_milli: u64,
    /// Virtual milliseconds added by `POST /_sandbox/advance`.
    advanced_ms: Arc<AtomicU64>,
}

impl WallClock {
    /// A clock running `speed` virtual ms per wall ms (at least a thousandth).
    pub fn with_speed(speed: f64) -> Self {
        let epoch_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        let speed_milli =
            if speed.is_finite() { (speed * 1000.0).round().clamp(1.0, 1e12) as u64 } else { 1000 };
        Self {
            start: Instant::now(),
            epoch_ms,
            speed_milli,
            advanced_ms: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Unix ms of virtual time zero: `WorldConfig.epoch_ms`.
    pub fn epoch_ms(&self) -> i64 {
        self.epoch_ms
    }

    /// Virtual time now: wall-clock ms since start times the speed, plus what was advanced.
    pub fn now(&self) -> SimTime {
        let wall = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        let scaled = (wall as u128 * self.speed_milli as u128 / 1000).min(u64::MAX as u128) as u64;
        scaled.saturating_add(self.advanced_ms.load(Ordering::SeqCst))
    }

    /// Moves virtual time forward by `ms`.
    pub fn advance(&self, ms: u64) {
        self.advanced_ms.fetch_add(ms, Ordering::SeqCst);
    }

    /// Virtual time now as the World would show it, for the request log.
    pub fn now_iso(&self) -> String {
        engine::sim::format_iso(self.epoch_ms.saturating_add(self.now() as i64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_virtual_time_forward_at_once() {
        let c = WallClock::with_speed(1.0);
        let before = c.now();
        c.advance(300_000);
        assert!(c.now() >= before + 300_000);
        let fast = WallClock::with_speed(1000.0);
        std::thread::sleep(std::time::Duration::from_millis(5));
        assert!(fast.now() >= 5_000);
    }
}
