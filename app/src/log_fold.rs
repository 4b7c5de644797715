//! One hook for every view that derives something from the event log: it reads only the
//! events since its cursor, and starts over when the world's epoch changes (a loaded link, a
//! rewind or step back, a new seed) or when what the view follows changes (the chosen stream).

use engine::sim::LogCursor;
use engine::{EventRecord, World};
use leptos::prelude::*;

use crate::driver::Sim;

/// What a fold sees on each change of the world.
pub struct Fold<'a> {
    pub world: &'a World,
    /// Start over: what the view derived before is void, and [`Fold::events`] reads again
    /// from where the hook's `restart_at` says.
    pub fresh: bool,
    cursor: LogCursor,
    restart_at: fn(u64) -> u64,
}

impl Fold<'_> {
    /// Hands each new event to `f`.
    pub fn events(&mut self, f: impl FnMut(&EventRecord)) {
        let read = self.world.read_log(self.cursor, self.restart_at, f);
        self.cursor = read.cursor;
    }
}

/// Where a fold starts over: every event the log still holds.
pub fn from_the_start(_total: u64) -> u64 {
    0
}

/// Calls `fold` whenever the world changes. `key` (tracked) names what the view follows; a new
/// key starts the fold over, as a new epoch does.
pub fn use_log_fold<K: PartialEq + Clone + Send + Sync + 'static>(
    sim: Sim,
    key: impl Fn() -> K + 'static,
    restart_at: fn(u64) -> u64,
    mut fold: impl FnMut(&K, &mut Fold<'_>) + 'static,
) {
    let seen = StoredValue::new(None::<(K, LogCursor)>);
    Effect::new(move |_| {
        sim.version.track();
        let key = key();
        let last = seen.get_value();
        let cursor = match &last {
            Some((k, c)) if *k == key => *c,
            // A first look or a new key: an epoch no world has makes the read start over.
            _ => LogCursor::default(),
        };
        let cursor = sim.with_world(|w| {
            let fresh = cursor.epoch != w.epoch() || cursor.next > w.log().total();
            let mut f = Fold { world: w, fresh, cursor, restart_at };
            fold(&key, &mut f);
            f.cursor
        });
        seen.set_value(Some((key, cursor)));
    });
}
