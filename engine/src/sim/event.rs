//! Typed events: everything a learner can observe is one of these, appended to the event log.
//! Events carry integers and strings only (no floats), so they hash the same on every platform.

use serde::{Deserialize, Serialize};

use super::SimTime;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Event {
    World(WorldEvent),
    Kinesis(crate::kinesis::Event),
    Firehose(crate::firehose::Event),
    S3(crate::s3::Event),
    Analytics(crate::analytics::Event),
}

impl From<crate::analytics::Event> for Event {
    fn from(e: crate::analytics::Event) -> Self {
        Event::Analytics(e)
    }
}

impl From<crate::kinesis::Event> for Event {
    fn from(e: crate::kinesis::Event) -> Self {
        Event::Kinesis(e)
    }
}

impl From<crate::firehose::Event> for Event {
    fn from(e: crate::firehose::Event) -> Self {
        Event::Firehose(e)
    }
}

impl From<crate::s3::Event> for Event {
    fn from(e: crate::s3::Event) -> Self {
        Event::S3(e)
    }
}

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
