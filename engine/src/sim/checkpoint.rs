//! Checkpoints: snapshots of the world state taken every N events, so stepping back restores
//! the nearest one and replays forward instead of replaying from the start. At most `max` are
//! kept; when full, the snapshot closest to its predecessor goes, so coverage thins evenly
//! into the past and memory stays bounded.

use super::world::State;

#[derive(Clone, Debug)]
pub(crate) struct Checkpoint {
    pub state: State,
    /// Event-log length and fingerprint at the snapshot, to truncate the log on restore.
    pub log_total: u64,
    pub log_fingerprint: u64,
}

#[derive(Clone, Debug)]
pub struct Checkpoints {
    list: Vec<Checkpoint>,
    every_events: u64,
    max: usize,
}

impl Checkpoints {
    pub(crate) fn new(every_events: u64, max: usize) -> Self {
        Self { list: Vec::new(), every_events: every_events.max(1), max }
    }

    pub(crate) fn due(&self, log_total: u64) -> bool {
        self.max > 0
            && self.list.last().is_none_or(|c| log_total >= c.log_total + self.every_events)
    }

    pub(crate) fn push(&mut self, cp: Checkpoint) {
        if self.max == 0 {
            return;
        }
        self.list.push(cp);
        if self.list.len() > self.max.max(2) {
            // Never drop the first (time zero) or the newest.
            let victim = (1..self.list.len() - 1)
                .min_by_key(|&i| self.list[i].state.now - self.list[i - 1].state.now)
                .unwrap_or(1);
            self.list.remove(victim);
        }
    }

    /// The newest checkpoint at or before `t` taken before command `commands` ran (a rewind
    /// that forgets the later commands must not restore their effects), dropping every later
    /// one: they describe a future that is about to be replayed.
    pub(crate) fn restore_point_within(&mut self, t: u64, commands: usize) -> Option<Checkpoint> {
        let keep =
            self.list.iter().rposition(|c| c.state.now <= t && c.state.next_command <= commands)?;
        self.list.truncate(keep + 1);
        self.list.last().cloned()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Virtual times of the snapshots held, oldest first.
    pub fn times(&self) -> Vec<u64> {
        self.list.iter().map(|c| c.state.now).collect()
    }
}
