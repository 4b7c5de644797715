//! Control plane: streams, shards, resharding, retention, encryption, modes, monitoring.
//!
//! In files by what they change: [`streams`] (create, delete, describe, list), [`reshard`]
//! (split, merge, update shard count), [`settings`] (retention, encryption, mode, monitoring,
//! limits), [`capacity`] (account settings, record size, warm throughput). Here: what they
//! share.

mod capacity;
mod reshard;
mod settings;
mod streams;

pub use capacity::*;
pub use reshard::*;
pub use settings::*;
pub use streams::*;

use std::collections::{BTreeMap, BTreeSet};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use super::*;
use crate::api::validate;
use crate::kinesis::model::{shard_id, PendingChange, Shard, StreamMode, StreamStatus};
use crate::kinesis::routing::parse_hash_key;
use crate::kinesis::wire::*;
use crate::kinesis::{tick, Event, Kinesis, Wake};

const METRICS: [&str; 7] = [
    "IncomingBytes",
    "IncomingRecords",
    "OutgoingBytes",
    "OutgoingRecords",
    "WriteProvisionedThroughputExceeded",
    "ReadProvisionedThroughputExceeded",
    "IteratorAgeMilliseconds",
];

/// On-demand streams start with 4 MiB/s of write capacity: four shards.
pub const ON_DEMAND_INITIAL_SHARDS: u32 = 4;

pub(crate) fn check_tags(v: &mut Validator, member: &str, tags: Option<&TagMap>) {
    let Some(tags) = tags else { return };
    let shown = || {
        let inner: Vec<String> = tags.iter().map(|(k, val)| format!("{k}={val}")).collect();
        format!("{{{}}}", inner.join(", "))
    };
    v.collection(member, &shown, tags.len(), Some(1), Some(200));
    if tags.keys().any(|k| k.is_empty() || k.chars().count() > 128) {
        v.fail(
            Some(&shown()),
            member,
            "Map keys must satisfy constraint: [Member must have length less than or equal to \
             128, Member must have length greater than or equal to 1]",
        );
    }
    if tags.values().any(|x| x.chars().count() > 256) {
        v.fail(
            Some(&shown()),
            member,
            "Map value must satisfy constraint: [Member must have length less than or equal to \
             256, Member must have length greater than or equal to 0]",
        );
    }
}

fn schedule_transition(ctx: &mut Ctx<'_>, stream: &str, generation: u64) {
    let delay = ctx.config.transition_delay_ms;
    ctx.schedule_in(delay, Wake::StreamTransition { stream: stream.to_string(), generation });
}

fn set_status(ctx: &mut Ctx<'_>, stream: &mut crate::kinesis::model::Stream, status: StreamStatus) {
    stream.status = status;
    ctx.emit(Event::StreamStatusChanged {
        stream: stream.name.clone(),
        status: status.as_str().to_string(),
    });
}
