//! What the overview says: a line per event for the activity list, and a line per live service
//! of what it holds now.

use engine::{Event, EventRecord};

use super::map::Node;

/// A one-line account of an event for the activity list.
pub(super) fn describe(record: &EventRecord) -> String {
    match &record.event {
        Event::World(engine::sim::WorldEvent::Started { seed }) => {
            format!("The world started with seed {seed}.")
        }
        Event::World(engine::sim::WorldEvent::CommandApplied { action, error, .. }) => {
            match error {
                None => format!("{action} succeeded."),
                Some(code) => format!("{action} failed: {code}."),
            }
        }
        Event::Kinesis(k) => describe_kinesis(k),
        Event::Firehose(engine::firehose::Event::BufferFlushed {
            stream,
            reason,
            records,
            key,
            ..
        }) => {
            format!(
                "{stream}: buffer flushed ({}), {records} records to {key}.",
                variant_name(reason)
            )
        }
        // Services without their own wording yet are named by the event's kind.
        other => kind_of(other),
    }
}

fn describe_kinesis(event: &engine::kinesis::Event) -> String {
    use engine::kinesis::Event as K;
    match event {
        K::RecordsPut { stream, shard_id, count, bytes, .. } => {
            format!("{count} records ({bytes} bytes) landed on {shard_id} of {stream}.")
        }
        K::RecordsRead { shard_id, reader, count, .. } => {
            format!("{reader} read {count} records from {shard_id}.")
        }
        K::Throttled { shard_id, operation, records, .. } => {
            format!("{operation} throttled on {shard_id}: {records} records refused.")
        }
        K::StreamStatusChanged { stream, status } => format!("Stream {stream} is now {status}."),
        K::ShardSplit { parent, children, .. } => {
            format!("{parent} split into {}.", children.join(" and "))
        }
        K::ShardsMerged { parents, child, .. } => {
            format!("{} merged into {child}.", parents.join(" and "))
        }
        // Other events are named by their kind.
        other => format!("Kinesis: {}.", variant_name(other)),
    }
}

/// `{"Service": {"Kind": {...}}}` -> "Service: Kind."
fn kind_of(event: &Event) -> String {
    let value = serde_json::to_value(event).unwrap_or_default();
    let Some((service, inner)) = value.as_object().and_then(|o| o.iter().next()) else {
        return "Event.".into();
    };
    let kind = inner.as_object().and_then(|o| o.keys().next().cloned()).unwrap_or_default();
    format!("{service}: {kind}.")
}

/// The serde name of an enum value: its variant.
fn variant_name(value: &impl serde::Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| match v {
            serde_json::Value::String(s) => Some(s),
            serde_json::Value::Object(o) => o.keys().next().cloned(),
            _ => None,
        })
        .unwrap_or_default()
}

/// What the live services hold right now, for their one-line status on the map.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct LiveStats {
    pub streams: usize,
    pub open_shards: u32,
    pub producers: usize,
    pub consumer_apps: usize,
    pub delivery_streams: usize,
    pub buckets: usize,
    pub objects: u64,
    pub analytics_apps: usize,
    pub analytics_running: usize,
}

pub(super) fn live_line(node: Node, s: &LiveStats) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    match node {
        Node::Producers => plural(s.producers, "producer", "producers"),
        Node::Streams => format!(
            "{} · {}",
            plural(s.streams, "stream", "streams"),
            plural(s.open_shards as usize, "open shard", "open shards")
        ),
        Node::Consumers => plural(s.consumer_apps, "app", "apps"),
        Node::Firehose => plural(s.delivery_streams, "delivery stream", "delivery streams"),
        Node::Analytics => format!(
            "{} · {} running",
            plural(s.analytics_apps, "application", "applications"),
            s.analytics_running
        ),
        Node::S3 => format!(
            "{} · {}",
            plural(s.buckets, "bucket", "buckets"),
            plural(s.objects as usize, "object", "objects")
        ),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_lines_count_what_exists() {
        let s = LiveStats {
            streams: 1,
            open_shards: 3,
            producers: 2,
            consumer_apps: 1,
            delivery_streams: 1,
            buckets: 2,
            objects: 1,
            analytics_apps: 2,
            analytics_running: 1,
        };
        assert_eq!(live_line(Node::Analytics, &s), "2 applications · 1 running");
        assert_eq!(live_line(Node::Streams, &s), "1 stream · 3 open shards");
        assert_eq!(live_line(Node::Producers, &s), "2 producers");
        assert_eq!(live_line(Node::Consumers, &s), "1 app");
        assert_eq!(live_line(Node::S3, &s), "2 buckets · 1 object");
        assert_eq!(live_line(Node::Firehose, &s), "1 delivery stream");
        assert_eq!(live_line(Node::Emr, &s), "");
    }
}
