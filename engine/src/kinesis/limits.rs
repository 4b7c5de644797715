//! Throughput limits on the virtual clock, in integers (no floats in state that reaches events).
//!
//! Writes: 1 MiB/s and 1,000 records/s per shard, enforced over a sliding one-second window, so
//! no one-second window ever admits more than the quota (a learner who counts will agree).
//! Reads: 2 MiB/s and 2,000 records/s per shard shared by classic consumers (and the same again
//! for each enhanced fan-out consumer), and 5 GetRecords calls per second. A single GetRecords
//! may return up to 10 MiB; the shard then runs a debt and refuses calls until it is paid back,
//! which is how AWS describes it ("subsequent calls made within the next 5 seconds throw
//! ProvisionedThroughputExceededException").

use std::collections::VecDeque;

use crate::sim::SimTime;

pub const MIB: u64 = 1024 * 1024;
pub const WRITE_BYTES_PER_SEC: u64 = MIB;
pub const WRITE_RECORDS_PER_SEC: u64 = 1_000;
pub const READ_BYTES_PER_SEC: u64 = 2 * MIB;
pub const READ_RECORDS_PER_SEC: u64 = 2_000;
pub const GET_RECORDS_CALLS_PER_SEC: usize = 5;
/// GetRecords returns at most this many records and bytes per call.
pub const GET_RECORDS_MAX_RECORDS: usize = 10_000;
pub const GET_RECORDS_MAX_BYTES: u64 = 10 * MIB;
/// PutRecords: at most 500 records and 5 MiB per request (the quotas page of 2023). Records of
/// up to 10 MiB came with "a 2x increase in the maximum PutRecords request size from 5MiB to
/// 10MiB" (AWS's launch post): the sandbox allows 10 MiB on streams whose MaxRecordSizeInKiB
/// was raised, and keeps the long-standing 5 MiB elsewhere.
pub const PUT_RECORDS_MAX_RECORDS: usize = 500;
pub const PUT_RECORDS_MAX_BYTES: u64 = 5 * MIB;
pub const PUT_RECORDS_MAX_BYTES_LARGE: u64 = 10 * MIB;
/// Largest record (data plus partition key) before base64: 1 MiB unless the stream's
/// MaxRecordSizeInKiB says more.
pub const DEFAULT_MAX_RECORD_KIB: u32 = 1024;

/// What was admitted in the last second, per millisecond.
#[derive(Clone, Debug, Default)]
pub struct WriteWindow {
    recent: VecDeque<(SimTime, u32, u64)>,
    records: u64,
    bytes: u64,
}

impl WriteWindow {
    fn expire(&mut self, now: SimTime) {
        while let Some(&(at, n, b)) = self.recent.front() {
            if at + 1000 > now {
                break;
            }
            self.records -= n as u64;
            self.bytes -= b;
            self.recent.pop_front();
        }
    }

    /// Admits one record of `bytes` if the window has room for it. A record bigger than the
    /// whole allowance (1 MiB of data plus its partition key, or a large-record stream's) is
    /// admitted only into an empty window, where it uses up the second by itself.
    pub fn try_admit(&mut self, now: SimTime, bytes: u64) -> bool {
        self.expire(now);
        let alone = self.records == 0;
        if self.records + 1 > WRITE_RECORDS_PER_SEC
            || (self.bytes + bytes > WRITE_BYTES_PER_SEC && !alone)
        {
            return false;
        }
        self.admit(now, bytes);
        true
    }

    /// Counts a record without checking (limits switched off).
    pub fn admit(&mut self, now: SimTime, bytes: u64) {
        self.records += 1;
        self.bytes += bytes;
        match self.recent.back_mut() {
            Some((at, n, b)) if *at == now => {
                *n += 1;
                *b += bytes;
            }
            _ => self.recent.push_back((now, 1, bytes)),
        }
    }

    /// Records and bytes admitted in the second ending now.
    pub fn in_last_second(&mut self, now: SimTime) -> (u64, u64) {
        self.expire(now);
        (self.records, self.bytes)
    }
}

/// A token bucket that may go into debt: a call is allowed while the balance is positive, and
/// what it reads is then subtracted in full.
#[derive(Clone, Debug)]
pub struct DebtBucket {
    /// Balance in thousandths of a unit, so refilling per millisecond stays exact.
    milli: i64,
    rate_per_sec: u64,
    last: SimTime,
}

impl DebtBucket {
    pub fn new(rate_per_sec: u64, now: SimTime) -> Self {
        Self { milli: rate_per_sec as i64 * 1000, rate_per_sec, last: now }
    }

    fn refill(&mut self, now: SimTime) {
        let elapsed = now.saturating_sub(self.last).min(3_600_000) as i64;
        let cap = self.rate_per_sec as i64 * 1000;
        self.milli = (self.milli + elapsed * self.rate_per_sec as i64).min(cap);
        self.last = self.last.max(now);
    }

    pub fn has_room(&mut self, now: SimTime) -> bool {
        self.refill(now);
        self.milli > 0
    }

    /// Units that may be taken now without going into debt (0 when in debt).
    pub fn available(&mut self, now: SimTime) -> u64 {
        self.refill(now);
        (self.milli.max(0) / 1000) as u64
    }

    pub fn spend(&mut self, now: SimTime, units: u64) {
        self.refill(now);
        self.milli = self.milli.saturating_sub((units as i64).saturating_mul(1000));
    }
}

/// The read side of one shard for one reader (all classic consumers together, or one enhanced
/// fan-out consumer).
#[derive(Clone, Debug)]
pub struct ReadAllowance {
    pub bytes: DebtBucket,
    pub records: DebtBucket,
    calls: VecDeque<SimTime>,
}

impl ReadAllowance {
    pub fn new(now: SimTime) -> Self {
        Self {
            bytes: DebtBucket::new(READ_BYTES_PER_SEC, now),
            records: DebtBucket::new(READ_RECORDS_PER_SEC, now),
            calls: VecDeque::new(),
        }
    }

    /// Counts a GetRecords call; false if it is the sixth in a second or the shard's read
    /// allowance is in debt.
    pub fn try_call(&mut self, now: SimTime) -> bool {
        while self.calls.front().is_some_and(|&t| t + 1000 <= now) {
            self.calls.pop_front();
        }
        if self.calls.len() >= GET_RECORDS_CALLS_PER_SEC
            || !self.bytes.has_room(now)
            || !self.records.has_room(now)
        {
            return false;
        }
        self.calls.push_back(now);
        true
    }

    pub fn spend(&mut self, now: SimTime, records: u64, bytes: u64) {
        self.bytes.spend(now, bytes);
        self.records.spend(now, records);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_window_slides() {
        let mut w = WriteWindow::default();
        for _ in 0..1000 {
            assert!(w.try_admit(0, 10));
        }
        assert!(!w.try_admit(999, 10));
        assert!(w.try_admit(1000, 10));
        let mut w = WriteWindow::default();
        assert!(w.try_admit(0, MIB));
        assert!(!w.try_admit(500, 1));
        assert!(w.try_admit(1000, 1));
        // A record over 1 MiB only goes into an empty second.
        let mut w = WriteWindow::default();
        assert!(w.try_admit(0, MIB + 256));
        assert!(!w.try_admit(999, 1));
        assert!(w.try_admit(1999, MIB));
    }

    #[test]
    fn read_debt_blocks_then_recovers() {
        let mut r = ReadAllowance::new(0);
        assert!(r.try_call(0));
        r.spend(0, 10, 10 * MIB);
        assert!(!r.try_call(1000));
        assert!(!r.try_call(3999));
        assert!(r.try_call(4001));
    }

    #[test]
    fn five_calls_per_second() {
        let mut r = ReadAllowance::new(0);
        for i in 0..5 {
            assert!(r.try_call(i * 10));
        }
        assert!(!r.try_call(100));
        assert!(r.try_call(1000));
    }
}
