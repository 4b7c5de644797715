//! Data plane: PutRecord, PutRecords, GetShardIterator, GetRecords. The hot path: one event per
//! shard per call (not per record), records shared by reference, sequence numbers formatted by
//! hand.
//!
//! In files: [`put`] (PutRecord, PutRecords: routing, admission, sequence numbers) and
//! [`get`] (GetShardIterator, GetRecords). Here: what both share.

mod get;
mod put;

pub use get::*;
pub use put::*;

use std::sync::Arc;

use chrono::DateTime;

use super::*;
use crate::api::validate;
use crate::api::ErrorCode;
use crate::kinesis::iterator::{ShardIterator, ITERATOR_LIFETIME_MS};
use crate::kinesis::limits::{self, GET_RECORDS_MAX_BYTES, GET_RECORDS_MAX_RECORDS};
use crate::kinesis::model::{shard_id, Shard, StoredRecord, Stream};
use crate::kinesis::routing::{hash_of_partition_key, parse_hash_key};
use crate::kinesis::sequence::{self, SequenceNumber};
use crate::kinesis::wire::*;
use crate::kinesis::{Event, Kinesis};

/// Data may be up to 10 MiB in the model; the stream's MaxRecordSizeInKiB (1 MiB unless raised)
/// is the real bound.
const MODEL_MAX_DATA: usize = 10_485_760;

/// PutRecord(s) name the encryption only when there is one: AWS's answers for an unencrypted
/// stream have no EncryptionType member (kinesalite's suite recorded them in 2020, three years
/// after server-side encryption came; no later capture shows `NONE`).
fn encryption_type(stream: &Stream) -> Option<String> {
    stream.encryption_key.is_some().then(|| "KMS".to_string())
}

/// A record over the stream's own limit (MaxRecordSizeInKiB), worded as the model's check.
fn record_too_large(stream: &Stream, member: &str, data_len: usize) -> ApiError {
    messages::record_too_large(member, data_len, stream.max_record_kib as usize * 1024)
}
