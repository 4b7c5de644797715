//! Kinesis Data Streams: streams, shards, records, iterators, limits, resharding, enhanced
//! fan-out consumers, and the simulated actors (producers, KCL consumer applications) that use
//! them through the same operations as the API.
//!
//! Rooms: [`model`] (state, events, wake-ups), [`ops`] (one function per API action, and the
//! dispatch table), [`tick`] (scheduled wake-ups), [`snapshot`] (read-only views), [`wire`]
//! (request and response shapes), [`learner`] (the actor settings); small helpers with one job
//! each: [`routing`], [`sequence`], [`iterator`], [`limits`], [`metrics`], [`records`] (a
//! shard's records), [`reader`] (the one shard reader every consumer uses), [`access`]
//! (resource policies deciding each call), [`account`] (the account's settings); the actors in
//! [`producer`] and [`kcl`].
//!
//! For the UI: read `world.view().kinesis()` (plain `*View` data, never internals), and animate
//! from the [`Event`]s in the event log. Drive the actors with
//! `Command::Kinesis(`[`ActorCommand`]`)`.

pub mod access;
pub mod account;
pub mod iterator;
pub mod kcl;
mod learner;
pub mod limits;
pub mod metrics;
pub mod model;
pub mod ops;
pub mod producer;
pub mod reader;
pub mod records;
pub mod routing;
pub mod sequence;
mod snapshot;
pub mod tick;
pub mod wire;

use std::collections::{BTreeMap, BTreeSet};

pub use kcl::{KclApp, Retrieval};
pub(crate) use learner::command;
pub use learner::{ActorCommand, ActorCommand as LearnerCommand};
pub use model::{Event, Wake};
pub(crate) use ops::dispatch;
pub use producer::{KeyDistribution, Producer};
pub use snapshot::*;
pub(crate) use tick::wake;

/// The Kinesis service: every stream of the account in this region, and the simulated actors.
#[derive(Clone, Debug, Default)]
pub struct Kinesis {
    pub(crate) streams: BTreeMap<String, model::Stream>,
    /// Hands out generations (streams, consumers) and subscription serials.
    pub(crate) next_generation: u64,
    /// On-demand streams whose capacity check is scheduled.
    pub(crate) on_demand_watch: BTreeSet<String>,
    pub(crate) producers: BTreeMap<String, Producer>,
    pub(crate) apps: BTreeMap<String, KclApp>,
    /// Resource policies (PutResourcePolicy), by the ARN of their stream or consumer.
    pub(crate) policies: BTreeMap<String, iam_policy::Policy>,
    /// The account's minimum throughput billing commitment (UpdateAccountSettings).
    pub(crate) commitment: account::Commitment,
}
