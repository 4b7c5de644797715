//! One way to read a shard, for every reader the sandbox runs: a KCL worker's lease, a
//! Firehose delivery stream's Kinesis source, a Kinesis Data Analytics input. A cursor says
//! where the reader is; [`read`] makes the calls a consumer makes (GetShardIterator when it
//! has no iterator, then GetRecords, through the same operations as the API) and answers with
//! what happened, typed.

use super::ops::{get_records_as, get_shard_iterator};
use super::wire::{GetRecordsInput, GetShardIteratorInput, Record, StreamRef};
use super::{model::shard_id, Kinesis};
use crate::api::ErrorCode;
use crate::sim::Ctx;

/// Where a reader of one shard is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShardCursor {
    pub iterator: Option<String>,
    /// Sequence number of the last record read (to resume after an expired iterator).
    pub last_sequence_number: Option<String>,
    /// Read to the end of a closed shard.
    pub done: bool,
    /// With nothing to resume from, start at LATEST (the shard was open when reading began)
    /// rather than TRIM_HORIZON.
    pub from_latest: bool,
    pub records_read: u64,
}

/// Records one GetRecords returned.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Batch {
    pub records: Vec<Record>,
    pub millis_behind_latest: u64,
}

/// What one read of a shard gave.
#[derive(Clone, Debug, PartialEq)]
pub enum Read {
    /// Records, possibly none; the shard goes on.
    Records(Batch),
    /// The shard is closed and now read to its end: its children take over.
    ShardClosed { last: Batch, children: Vec<String> },
    /// The iterator expired, or the stream is gone: the next read starts afresh after the
    /// cursor's last sequence number.
    IteratorExpired,
    /// Refused by the shard's read limit (shared with every other reader).
    Throttled,
    /// Refused for another reason.
    Failed,
    /// No iterator to be had: nothing was read.
    Unavailable,
}

/// Reads `shard` of `stream` as `reader`, at most `limit` records, and moves the cursor.
pub fn read(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    reader: &str,
    stream: &str,
    shard: u32,
    cursor: &mut ShardCursor,
    limit: i64,
) -> Read {
    let iterator = match cursor.iterator.clone() {
        Some(it) => it,
        None => {
            let (kind, seq) = match (&cursor.last_sequence_number, cursor.from_latest) {
                (Some(seq), _) => ("AFTER_SEQUENCE_NUMBER", Some(seq.clone())),
                (None, true) => ("LATEST", None),
                (None, false) => ("TRIM_HORIZON", None),
            };
            let req = GetShardIteratorInput {
                stream: StreamRef::name(stream),
                shard_id: Some(shard_id(shard)),
                shard_iterator_type: Some(kind.to_string()),
                starting_sequence_number: seq,
                timestamp: None,
            };
            match get_shard_iterator(k, ctx, req) {
                Ok(out) => out.shard_iterator,
                Err(_) => return Read::Unavailable,
            }
        }
    };
    let req = GetRecordsInput {
        shard_iterator: Some(iterator),
        limit: Some(limit),
        ..GetRecordsInput::default()
    };
    match get_records_as(k, ctx, req, reader) {
        Ok(out) => {
            cursor.iterator = out.next_shard_iterator.clone();
            cursor.done = out.next_shard_iterator.is_none();
            if let Some(last) = out.records.last() {
                cursor.last_sequence_number = Some(last.sequence_number.clone());
            }
            cursor.records_read += out.records.len() as u64;
            let batch =
                Batch { records: out.records, millis_behind_latest: out.millis_behind_latest };
            if cursor.done {
                let children = out.child_shards.unwrap_or_default();
                Read::ShardClosed { last: batch, children: ids(children) }
            } else {
                Read::Records(batch)
            }
        }
        Err(e) => match e.code {
            ErrorCode::ExpiredIterator | ErrorCode::ResourceNotFound => {
                cursor.iterator = None;
                Read::IteratorExpired
            }
            ErrorCode::ProvisionedThroughputExceeded => Read::Throttled,
            _ => Read::Failed,
        },
    }
}

fn ids(children: Vec<super::wire::ChildShard>) -> Vec<String> {
    children.into_iter().map(|c| c.shard_id).collect()
}

impl Read {
    /// The records read, if any.
    pub fn into_records(self) -> Vec<Record> {
        match self {
            Read::Records(b) | Read::ShardClosed { last: b, .. } => b.records,
            _ => Vec::new(),
        }
    }
}
