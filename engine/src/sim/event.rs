//! The event log's entries. The [`Event`] type itself comes from the service registry
//! (`crate::services`): the world's own events, or one service's.

use serde::{Deserialize, Serialize};

use super::SimTime;
pub use crate::services::Event;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WorldEvent {
    /// The world was created from this seed.
    Started { seed: u64 },
    /// Command `index` of the command log ran; `error` holds the AWS error code when it failed.
    CommandApplied { index: u64, action: String, error: Option<String> },
}

impl From<WorldEvent> for Event {
    fn from(e: WorldEvent) -> Self {
        Event::World(e)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EventRecord {
    /// Position in the whole log since the world began (never reused, survives ring trimming).
    pub seq: u64,
    /// Virtual time of the event, ms since the scenario epoch.
    pub at: SimTime,
    pub event: Event,
}
