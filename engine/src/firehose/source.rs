//! A Kinesis data stream as source: Firehose reads each shard once per second through the
//! Kinesis service's own GetShardIterator and GetRecords, so its reads count against the
//! shard's read limit (5 calls and 2 MiB per second, shared with every other classic reader)
//! and show in the stream's metrics under the reader `firehose/<name>`.
//!
//! Reading starts at LATEST when the delivery stream becomes ACTIVE; shards created later by
//! resharding are read from TRIM_HORIZON once their parents are read to the end, so records
//! of a key stay in order.

use std::sync::Arc;

use super::model::{DeliveryStreamStatus, ShardCursor, Source, SOURCE_POLL_EVERY_MS};
use super::{delivery, Wake};
use crate::kinesis::model::shard_id;
use crate::kinesis::reader::{self, Read};
use crate::sim::{Ctx, Services};

/// GetRecords returns at most this many records per call.
const READ_LIMIT: i64 = 10_000;

pub fn reader_name(delivery_stream: &str) -> String {
    format!("firehose/{delivery_stream}")
}

/// One read of every shard, then the next one scheduled a second later.
pub(crate) fn poll(services: &mut Services, ctx: &mut Ctx<'_>, name: &str, generation: u64) {
    let Services { firehose, kinesis, .. } = &mut *services;
    let Some(s) = firehose.streams.get_mut(name).filter(|s| s.generation == generation) else {
        return;
    };
    if s.status != DeliveryStreamStatus::Active {
        return;
    }
    let Source::KinesisStream(src) = &mut s.source else { return };
    // Learn the stream's shards (new ones appear after a split or merge).
    if let Some(ks) = kinesis.streams.get(&src.stream_name) {
        for shard in &ks.shards {
            src.shards.entry(shard.number).or_insert_with(|| ShardCursor {
                from_latest: !src.initialized && shard.is_open(),
                // A shard already closed when reading began holds nothing new.
                done: !src.initialized && !shard.is_open(),
                ..ShardCursor::default()
            });
        }
        src.initialized = true;
    }
    let parents_done = |n: u32| {
        let Some(shard) = kinesis.streams.get(&src.stream_name).and_then(|k| k.shard(n)) else {
            return true;
        };
        shard
            .parent
            .into_iter()
            .chain(shard.adjacent_parent)
            .all(|p| src.shards.get(&p).is_none_or(|c| c.done))
    };
    let ready: Vec<u32> =
        src.shards.iter().filter(|(n, c)| !c.done && parents_done(**n)).map(|(n, _)| *n).collect();
    let stream_name = src.stream_name.clone();
    let reader = reader_name(name);
    let mut batches: Vec<(String, Vec<Arc<[u8]>>)> = Vec::new();
    for n in ready {
        let Some(mut cursor) = firehose_cursor(services, name, n) else { continue };
        // Throttled (the shard's read limit, shared with other readers): again next second.
        let read = reader::read(
            &mut services.kinesis,
            ctx,
            &reader,
            &stream_name,
            n,
            &mut cursor,
            READ_LIMIT,
        );
        if read == Read::Unavailable {
            continue;
        }
        let Some(c) = firehose_cursor_mut(services, name, n) else { continue };
        *c = cursor;
        let records = read.into_records();
        if !records.is_empty() {
            batches.push((shard_id(n), records.into_iter().map(|r| r.data.0).collect()));
        }
    }
    // When the stream was just made ACTIVE, a LATEST iterator is taken at once, so records put
    // in the first second are not missed.
    for (shard, records) in batches {
        delivery::accept(services, ctx, name, records, &shard);
    }
    ctx.schedule_in(
        SOURCE_POLL_EVERY_MS,
        Wake::SourcePoll { stream: name.to_string(), generation },
    );
}

fn firehose_cursor(services: &Services, name: &str, shard: u32) -> Option<ShardCursor> {
    match &services.firehose.streams.get(name)?.source {
        Source::KinesisStream(k) => k.shards.get(&shard).cloned(),
        Source::DirectPut => None,
    }
}

fn firehose_cursor_mut<'a>(
    services: &'a mut Services,
    name: &str,
    shard: u32,
) -> Option<&'a mut ShardCursor> {
    match &mut services.firehose.streams.get_mut(name)?.source {
        Source::KinesisStream(k) => k.shards.get_mut(&shard),
        Source::DirectPut => None,
    }
}
