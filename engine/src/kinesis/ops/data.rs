//! Data plane: PutRecord, PutRecords, GetShardIterator, GetRecords. The hot path: one event per
//! shard per call (not per record), records shared by reference, sequence numbers formatted by
//! hand.

use std::sync::Arc;

use chrono::DateTime;

use super::*;
use crate::api::ErrorCode;
use crate::api::validate;
use crate::kinesis::iterator::{ShardIterator, ITERATOR_LIFETIME_MS};
use crate::kinesis::limits::{self, GET_RECORDS_MAX_BYTES, GET_RECORDS_MAX_RECORDS};
use crate::kinesis::model::{shard_id, Shard, StoredRecord, Stream};
use crate::kinesis::routing::{hash_of_partition_key, parse_hash_key};
use crate::kinesis::sequence::{self, ENDING_POSITION};
use crate::kinesis::wire::*;
use crate::kinesis::{Event, Kinesis};

/// Data may be up to 10 MiB in the model; the stream's MaxRecordSizeInKiB (1 MiB unless raised)
/// is the real bound.
const MODEL_MAX_DATA: usize = 10_485_760;

fn encryption_type(stream: &Stream) -> String {
    if stream.encryption_key.is_some() { "KMS" } else { "NONE" }.to_string()
}

fn invalid_explicit_hash_key(text: &str) -> ApiError {
    invalid_argument(format!(
        "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified \
         value was {text}"
    ))
}

fn record_too_large(stream: &Stream, member: &str, data_len: usize) -> ApiError {
    let max = stream.max_record_kib as usize * 1024;
    ApiError::new(
        ErrorCode::Validation,
        format!(
            "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim={data_len} \
             cap={data_len}]' at '{member}' failed to satisfy constraint: Member must have length \
             less than or equal to {max}"
        ),
    )
}

/// How one call's records landed on one shard: becomes one `RecordsPut` event.
struct Landed {
    count: u32,
    bytes: u64,
    first: u64,
    last: u64,
    sample_key: Arc<str>,
    sample_hash: u128,
    throttled: u32,
}

/// Why a record was not written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Refused {
    /// The shard (by number) was over its write limit.
    Throttled(u32),
    /// No open shard holds the record's hash key (a stream mid-reshard cannot get here, but
    /// the answer must never be a panic).
    NoOpenShard,
}

/// The moment of a put: virtual time, Unix ms, and whether limits apply.
#[derive(Clone, Copy)]
struct When {
    now: crate::sim::SimTime,
    unix_ms: i64,
    enforce: bool,
}

/// Routes and admits one record: the shard number and position it landed at.
fn put_one(
    stream: &mut Stream,
    when: When,
    hash: u128,
    partition_key: Arc<str>,
    data: Arc<[u8]>,
    landed: &mut [Option<Landed>],
) -> Result<(u32, u64), Refused> {
    let Some(n) = stream.route(hash) else { return Err(Refused::NoOpenShard) };
    let Some(shard) = stream.shards.get_mut(n as usize) else {
        return Err(Refused::NoOpenShard);
    };
    let When { now, unix_ms, enforce } = when;
    let size = (data.len() + partition_key.len()) as u64;
    let admitted = if enforce {
        shard.write.try_admit(now, size)
    } else {
        shard.write.admit(now, size);
        true
    };
    let slot = landed.get_mut(n as usize);
    if !admitted {
        if let Some(Some(l)) = slot {
            l.throttled += 1;
        } else if let Some(slot) = slot {
            *slot = Some(Landed {
                count: 0,
                bytes: 0,
                first: 0,
                last: 0,
                sample_key: partition_key,
                sample_hash: hash,
                throttled: 1,
            });
        }
        return Err(Refused::Throttled(n));
    }
    let position = shard.records.push(StoredRecord { arrival_ms: unix_ms, partition_key, data });
    if let Some(slot) = slot {
        match slot {
            Some(l) if l.count > 0 => {
                l.count += 1;
                l.bytes += size;
                l.last = position;
            }
            Some(l) => {
                // Only throttled records so far: this is the first that landed.
                l.count = 1;
                l.bytes = size;
                l.first = position;
                l.last = position;
                if let Some(r) = shard.records.get(position) {
                    l.sample_key = r.partition_key.clone();
                }
                l.sample_hash = hash;
            }
            None => {
                let key = shard.records.get(position).map(|r| r.partition_key.clone());
                *slot = Some(Landed {
                    count: 1,
                    bytes: size,
                    first: position,
                    last: position,
                    sample_key: key.unwrap_or_else(|| Arc::from("")),
                    sample_hash: hash,
                    throttled: 0,
                });
            }
        }
    }
    Ok((n, position))
}

/// Emits one `RecordsPut` (and one `Throttled`) per shard touched, and counts the metrics.
fn report_landed(
    stream: &mut Stream,
    ctx: &mut Ctx<'_>,
    landed: Vec<Option<Landed>>,
    operation: &str,
    producer: Option<&str>,
) {
    let now = ctx.now;
    let unix_ms = ctx.unix_ms();
    for (n, l) in landed.into_iter().enumerate() {
        let Some(l) = l else { continue };
        let Some(shard) = stream.shards.get_mut(n) else { continue };
        let m = shard.metrics.at(now);
        m.incoming_bytes += l.bytes;
        m.incoming_records += l.count as u64;
        m.write_throttled += l.throttled as u64;
        let id = shard_id(n as u32);
        if l.count > 0 {
            let first = stream_seq(stream, n as u32, l.first, unix_ms);
            let last = stream_seq(stream, n as u32, l.last, unix_ms);
            ctx.emit(Event::RecordsPut {
                stream: stream.name.clone(),
                shard_id: id.clone(),
                count: l.count,
                bytes: l.bytes,
                first_sequence_number: first,
                last_sequence_number: last,
                sample_partition_key: l.sample_key.to_string(),
                sample_hash_key: l.sample_hash.to_string(),
                producer: producer.map(str::to_string),
            });
        }
        if l.throttled > 0 {
            ctx.emit(Event::Throttled {
                stream: stream.name.clone(),
                shard_id: id,
                operation: operation.to_string(),
                records: l.throttled,
                reader: producer.map(str::to_string),
            });
        }
    }
}

fn stream_seq(stream: &Stream, shard: u32, position: u64, unix_ms: i64) -> String {
    sequence::format(stream.stream_secs(), shard as u64, position, unix_ms)
}

pub fn put_record(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: PutRecordInput,
) -> Result<PutRecordOutput, ApiError> {
    put_record_from(k, ctx, req, None)
}

/// PutRecord on behalf of a simulated producer (named in the events).
pub fn put_record_from(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: PutRecordInput,
    producer: Option<&str>,
) -> Result<PutRecordOutput, ApiError> {
    let mut v = Validator::new();
    if v.required("data", req.data.as_ref()) {
        v.blob("data", req.data.as_ref().map(Blob::len), None, Some(MODEL_MAX_DATA));
    }
    v.string(
        "explicitHashKey",
        req.explicit_hash_key.as_deref(),
        None,
        None,
        Some(validate::HASH_KEY),
    );
    if v.required("partitionKey", req.partition_key.as_ref()) {
        v.string("partitionKey", req.partition_key.as_deref(), Some(1), Some(256), None);
    }
    v.string(
        "sequenceNumberForOrdering",
        req.sequence_number_for_ordering.as_deref(),
        None,
        None,
        Some(validate::SEQUENCE_NUMBER),
    );
    check_stream_ref(
        &mut v,
        req.stream_arn.as_deref(),
        req.stream_id.as_deref(),
        req.stream_name.as_deref(),
    );
    v.finish()?;
    let name = resolve_name(ctx, req.stream_name.as_deref(), req.stream_arn.as_deref())?;
    let account = ctx.config.account_id.clone();
    let (now, unix_ms, enforce) = (ctx.now, ctx.unix_ms(), ctx.config.limits);
    let stream = k.readable(ctx, &name)?;
    let data = req.data.unwrap_or_default().0;
    let partition_key = req.partition_key.unwrap_or_default();
    if data.len() > stream.max_record_kib as usize * 1024 {
        return Err(record_too_large(stream, "data", data.len()));
    }
    let hash = match req.explicit_hash_key.as_deref() {
        Some(text) => parse_hash_key(text).ok_or_else(|| invalid_explicit_hash_key(text))?,
        None => hash_of_partition_key(&partition_key),
    };
    if let Some(text) = req.sequence_number_for_ordering.as_deref() {
        // Any sequence number this stream issued is a fine lower bound: positions only grow.
        if sequence::parse(text).is_none_or(|s| s.stream_secs != stream.stream_secs()) {
            return Err(invalid_argument(format!(
                "ExclusiveMinimumSequenceNumber {text} used in PutRecord on stream {name} under \
                 account {account} is invalid."
            )));
        }
    }
    let mut landed: Vec<Option<Landed>> = (0..stream.shards.len()).map(|_| None).collect();
    let result = put_one(
        stream,
        When { now, unix_ms, enforce },
        hash,
        partition_key.into(),
        data,
        &mut landed,
    )
    .map(|(n, position)| (n, stream_seq(stream, n, position, unix_ms)));
    let encryption = encryption_type(stream);
    report_landed(stream, ctx, landed, "PutRecord", producer);
    match result {
        Ok((n, sequence_number)) => Ok(PutRecordOutput {
            shard_id: shard_id(n),
            sequence_number,
            encryption_type: encryption,
        }),
        Err(Refused::NoOpenShard) => Err(ApiError::new(
            ErrorCode::InternalFailureException,
            "No open shard holds this hash key.",
        )),
        Err(Refused::Throttled(n)) => Err(throughput_exceeded(&shard_id(n), &name, &account)),
    }
}

/// The cheap test every well-formed entry passes, so the validator (which formats member
/// paths) only runs for entries with something wrong.
fn entry_is_clean(e: &PutRecordsRequestEntry) -> bool {
    let key_ok = e
        .partition_key
        .as_deref()
        .is_some_and(|k| !k.is_empty() && (k.len() <= 256 || k.chars().count() <= 256));
    let data_ok = e.data.as_ref().is_some_and(|d| d.len() <= MODEL_MAX_DATA);
    let hash_ok = e.explicit_hash_key.as_deref().is_none_or(validate::is_hash_key_text);
    key_ok && data_ok && hash_ok
}

/// The Java rendering of a PutRecordsRequestEntry list element (`...PutRecordsRequestEntry@hash`
/// with the SDK's generated hashCode), as AWS prints the list in a length violation.
fn render_entries(entries: &[PutRecordsRequestEntry]) -> String {
    fn java_string_hash(s: &str) -> i32 {
        s.encode_utf16().fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(c as i32))
    }
    let shown: Vec<String> = entries
        .iter()
        .map(|e| {
            let data_hash = e.data.as_ref().map_or(0, |d| {
                d.0.iter().rev().fold(1i32, |h, &b| h.wrapping_mul(31).wrapping_add(b as i8 as i32))
            });
            let mut h: i32 = 1;
            h = h.wrapping_mul(31).wrapping_add(data_hash);
            h = h
                .wrapping_mul(31)
                .wrapping_add(e.explicit_hash_key.as_deref().map_or(0, java_string_hash));
            h = h
                .wrapping_mul(31)
                .wrapping_add(e.partition_key.as_deref().map_or(0, java_string_hash));
            format!("com.amazonaws.kinesis.v20131202.PutRecordsRequestEntry@{:x}", h as u32)
        })
        .collect();
    format!("[{}]", shown.join(", "))
}

pub fn put_records(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: PutRecordsInput,
) -> Result<PutRecordsOutput, ApiError> {
    put_records_from(k, ctx, req, None)
}

/// PutRecords on behalf of a simulated producer (named in the events).
pub fn put_records_from(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: PutRecordsInput,
    producer: Option<&str>,
) -> Result<PutRecordsOutput, ApiError> {
    let mut v = Validator::new();
    if v.required("records", req.records.as_ref()) {
        let entries = req.records.as_deref().unwrap_or_default();
        v.collection("records", &|| render_entries(entries), entries.len(), Some(1), Some(500));
        for (i, e) in entries.iter().enumerate() {
            if v.is_full() {
                break;
            }
            if entry_is_clean(e) {
                continue;
            }
            let at = |m: &str| format!("records.{}.member.{m}", i + 1);
            if v.required(&at("data"), e.data.as_ref()) {
                v.blob(&at("data"), e.data.as_ref().map(Blob::len), None, Some(MODEL_MAX_DATA));
            }
            v.string(
                &at("explicitHashKey"),
                e.explicit_hash_key.as_deref(),
                None,
                None,
                Some(validate::HASH_KEY),
            );
            if v.required(&at("partitionKey"), e.partition_key.as_ref()) {
                v.string(&at("partitionKey"), e.partition_key.as_deref(), Some(1), Some(256), None);
            }
        }
    }
    check_stream_ref(
        &mut v,
        req.stream_arn.as_deref(),
        req.stream_id.as_deref(),
        req.stream_name.as_deref(),
    );
    v.finish()?;
    let name = resolve_name(ctx, req.stream_name.as_deref(), req.stream_arn.as_deref())?;
    let account = ctx.config.account_id.clone();
    let (now, unix_ms, enforce) = (ctx.now, ctx.unix_ms(), ctx.config.limits);
    let stream = k.readable(ctx, &name)?;
    let entries = req.records.unwrap_or_default();
    let max_record = stream.max_record_kib as usize * 1024;
    let mut total = 0u64;
    let mut hashes = Vec::with_capacity(entries.len());
    for (i, e) in entries.iter().enumerate() {
        let data_len = e.data.as_ref().map_or(0, Blob::len);
        let key = e.partition_key.as_deref().unwrap_or_default();
        if data_len > max_record {
            return Err(record_too_large(
                stream,
                &format!("records.{}.member.data", i + 1),
                data_len,
            ));
        }
        total += (data_len + key.len()) as u64;
        hashes.push(match e.explicit_hash_key.as_deref() {
            Some(text) => parse_hash_key(text).ok_or_else(|| invalid_explicit_hash_key(text))?,
            None => hash_of_partition_key(key),
        });
    }
    if total > limits::PUT_RECORDS_MAX_BYTES {
        return Err(invalid_argument("Records size exceeds 5 MB limit"));
    }
    let mut landed: Vec<Option<Landed>> = (0..stream.shards.len()).map(|_| None).collect();
    let stream_secs = stream.stream_secs();
    let mut results = Vec::with_capacity(entries.len());
    let mut failed = 0;
    // Formatted once per shard per call, cloned per record.
    let mut ids: Vec<Option<String>> = vec![None; stream.shards.len()];
    for (e, hash) in entries.into_iter().zip(hashes) {
        let data = e.data.unwrap_or_default().0;
        let key: Arc<str> = e.partition_key.unwrap_or_default().into();
        match put_one(stream, When { now, unix_ms, enforce }, hash, key, data, &mut landed) {
            Ok((n, position)) => results.push(PutRecordsResultEntry {
                sequence_number: Some(sequence::format(stream_secs, n as u64, position, unix_ms)),
                shard_id: Some(match ids.get_mut(n as usize) {
                    Some(Some(id)) => id.clone(),
                    Some(slot) => slot.insert(shard_id(n)).clone(),
                    None => shard_id(n),
                }),
                error_code: None,
                error_message: None,
            }),
            Err(refused) => {
                failed += 1;
                let (code, message) = match refused {
                    Refused::NoOpenShard => {
                        (ErrorCode::InternalFailure, "Internal service failure.".to_string())
                    }
                    Refused::Throttled(n) => (
                        ErrorCode::ProvisionedThroughputExceeded,
                        rate_exceeded(&shard_id(n), &name, &account),
                    ),
                };
                results.push(PutRecordsResultEntry {
                    sequence_number: None,
                    shard_id: None,
                    error_code: Some(code.to_string()),
                    error_message: Some(message),
                });
            }
        }
    }
    let encryption = encryption_type(stream);
    report_landed(stream, ctx, landed, "PutRecords", producer);
    Ok(PutRecordsOutput {
        failed_record_count: failed,
        records: results,
        encryption_type: encryption,
    })
}

const ITERATOR_TYPES: [&str; 5] =
    ["AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER", "TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"];

fn shard_does_not_exist(shard: &str, stream: &str, account: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ResourceNotFound,
        format!("Shard {shard} in stream {stream} under account {account} does not exist"),
    )
}

/// Where a starting position (iterator type, sequence number, timestamp) points in a shard.
/// Shared by GetShardIterator and SubscribeToShard.
pub(crate) fn starting_position(
    stream: &Stream,
    shard: &Shard,
    kind: &str,
    sequence_number: Option<&str>,
    timestamp: Option<Timestamp>,
    operation: &str,
    account: &str,
) -> Result<u64, ApiError> {
    let id = shard.id();
    let name = &stream.name;
    let log = &shard.records;
    match (kind, sequence_number) {
        ("TRIM_HORIZON" | "LATEST", Some(_)) => Err(invalid_argument(format!(
            "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and \
             StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. \
             Request specified {kind} and also a StartingSequenceNumber."
        ))),
        ("AT_SEQUENCE_NUMBER" | "AFTER_SEQUENCE_NUMBER", None) => Err(invalid_argument(format!(
            "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and \
             StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. \
             Request specified {kind} and no StartingSequenceNumber."
        ))),
        ("TRIM_HORIZON", None) => Ok(log.start()),
        ("LATEST", None) => Ok(log.end()),
        ("AT_TIMESTAMP", _) => match timestamp {
            Some(t) => Ok(log.first_at_or_after(t.0)),
            None => Err(invalid_argument(
                "Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. \
                 Current request has no timestamp parameter.",
            )),
        },
        (_, Some(text)) => {
            let Some(seq) = sequence::parse(text) else {
                return Err(invalid_argument(format!(
                    "StartingSequenceNumber {text} used in {operation} on shard {id} in stream \
                     {name} under account {account} is invalid."
                )));
            };
            if seq.shard != shard.number as u64 {
                return Err(invalid_argument(format!(
                    "Invalid StartingSequenceNumber. It encodes shardId-{:012}, while it was used \
                     in a call to a shard with {id}",
                    seq.shard
                )));
            }
            if seq.stream_secs != stream.stream_secs() {
                return Err(invalid_argument(format!(
                    "StartingSequenceNumber {text} used in {operation} on shard {id} in stream \
                     {name} under account {account} is invalid because it did not come from this \
                     stream."
                )));
            }
            let position = if kind == "AFTER_SEQUENCE_NUMBER" {
                seq.position.saturating_add(1)
            } else {
                seq.position
            };
            // Past the end (or the closed shard's EndingSequenceNumber): wait at the end;
            // before the trim horizon: the oldest record still kept.
            Ok(if seq.position == ENDING_POSITION {
                log.end()
            } else {
                position.clamp(log.start(), log.end())
            })
        }
        _ => Err(invalid_argument(format!("Invalid ShardIteratorType: {kind}"))),
    }
}

pub fn get_shard_iterator(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: GetShardIteratorInput,
) -> Result<GetShardIteratorOutput, ApiError> {
    let r = &req.stream;
    let mut v = Validator::new();
    check_shard_id(&mut v, "shardId", req.shard_id.as_deref(), true);
    if v.required("shardIteratorType", req.shard_iterator_type.as_ref()) {
        v.enumeration("shardIteratorType", req.shard_iterator_type.as_deref(), &ITERATOR_TYPES);
    }
    v.string(
        "startingSequenceNumber",
        req.starting_sequence_number.as_deref(),
        None,
        None,
        Some(validate::SEQUENCE_NUMBER),
    );
    check_stream_ref(
        &mut v,
        r.stream_arn.as_deref(),
        r.stream_id.as_deref(),
        r.stream_name.as_deref(),
    );
    v.finish()?;
    let name = resolve_name(ctx, r.stream_name.as_deref(), r.stream_arn.as_deref())?;
    let account = ctx.config.account_id.clone();
    let unix_ms = ctx.unix_ms();
    super::super::tick::trim_stream(k, ctx, &name);
    let stream = k.readable(ctx, &name)?;
    let shard_text = req.shard_id.unwrap_or_default();
    let Some(shard) = parse_shard_id(&shard_text).and_then(|n| stream.shard(n)) else {
        return Err(match parse_shard_id(&shard_text) {
            Some(n) => shard_does_not_exist(&shard_id(n), &name, &account),
            None => ApiError::new(
                ErrorCode::ResourceNotFound,
                format!(
                    "Could not find shard {shard_text} in stream {name} under account {account}."
                ),
            ),
        });
    };
    let kind = req.shard_iterator_type.unwrap_or_default();
    if let (Some(t), "AT_TIMESTAMP") = (req.timestamp, kind.as_str()) {
        // AWS refuses a start in the future (kinesalite recorded this text from AWS).
        if t.0 > unix_ms {
            return Err(invalid_argument(format!(
                "The timestampInMillis parameter cannot be greater than the \
                 currentTimestampInMillis. timestampInMillis: {}, currentTimestampInMillis: {unix_ms}",
                t.0
            )));
        }
    }
    let position = starting_position(
        stream,
        shard,
        &kind,
        req.starting_sequence_number.as_deref(),
        req.timestamp,
        "GetShardIterator",
        &account,
    )?;
    let iterator = ShardIterator {
        stream: name,
        stream_secs: stream.stream_secs(),
        shard: shard.number,
        position,
        issued_ms: unix_ms,
    };
    Ok(GetShardIteratorOutput { shard_iterator: iterator.encode() })
}

/// AWS's clock format in ExpiredIteratorException: `Thu Jan 22 01:22:02 UTC 2015`.
fn amz_time(unix_ms: i64) -> String {
    DateTime::from_timestamp_millis(unix_ms)
        .map(|t| t.format("%a %b %d %H:%M:%S UTC %Y").to_string())
        .unwrap_or_default()
}

pub(crate) fn child_shards(stream: &Stream, parent: u32) -> Vec<ChildShard> {
    stream
        .children_of(parent)
        .into_iter()
        .map(|c| ChildShard {
            shard_id: c.id(),
            parent_shards: c.parent.into_iter().chain(c.adjacent_parent).map(shard_id).collect(),
            hash_key_range: HashKeyRange {
                starting_hash_key: c.starting_hash_key.to_string(),
                ending_hash_key: c.ending_hash_key.to_string(),
            },
        })
        .collect()
}

/// Up to `limit` records and 10 MiB from `from` (at least one record if any is there).
pub(crate) fn collect_records(
    stream: &Stream,
    shard: &Shard,
    from: u64,
    limit: usize,
    max_bytes: u64,
) -> (Vec<Record>, u64, u64) {
    let mut out = Vec::with_capacity(limit.min(shard.records.end().saturating_sub(from) as usize));
    let mut bytes = 0u64;
    let mut next = from.max(shard.records.start());
    let kms = stream.encryption_key.is_some();
    let secs = stream.stream_secs();
    for (p, r) in shard.records.iter_from(from) {
        if out.len() >= limit || (!out.is_empty() && bytes + r.size() > max_bytes) {
            break;
        }
        bytes += r.size();
        out.push(Record {
            sequence_number: sequence::format(secs, shard.number as u64, p, r.arrival_ms),
            approximate_arrival_timestamp: Timestamp(r.arrival_ms),
            data: Blob(r.data.clone()),
            partition_key: r.partition_key.clone(),
            encryption_type: kms.then(|| "KMS".to_string()),
        });
        next = p + 1;
    }
    (out, next, bytes)
}

pub fn get_records(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: GetRecordsInput,
) -> Result<GetRecordsOutput, ApiError> {
    get_records_as(k, ctx, req, "api")
}

/// GetRecords on behalf of a named reader (a simulated consumer, or `api`).
pub fn get_records_as(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: GetRecordsInput,
    reader: &str,
) -> Result<GetRecordsOutput, ApiError> {
    let mut v = Validator::new();
    v.int("limit", req.limit, Some(1), Some(10000));
    if v.required("shardIterator", req.shard_iterator.as_ref()) {
        v.string("shardIterator", req.shard_iterator.as_deref(), Some(1), Some(512), None);
    }
    v.string(
        "streamARN",
        req.stream_arn.as_deref(),
        Some(1),
        Some(2048),
        Some(validate::STREAM_ARN),
    );
    v.string("streamId", req.stream_id.as_deref(), Some(1), Some(24), Some(validate::STREAM_ID));
    v.finish()?;
    let account = ctx.config.account_id.clone();
    let (now, unix_ms) = (ctx.now, ctx.unix_ms());
    let text = req.shard_iterator.unwrap_or_default();
    let it = ShardIterator::decode(&text)
        .filter(|it| it.issued_ms <= unix_ms)
        .ok_or_else(|| invalid_argument("Invalid ShardIterator."))?;
    if unix_ms.saturating_sub(it.issued_ms) > ITERATOR_LIFETIME_MS {
        return Err(ApiError::new(
            ErrorCode::ExpiredIterator,
            format!(
                "Iterator expired. The iterator was created at time {} while right now it is {} \
                 which is further in the future than the tolerated delay of {ITERATOR_LIFETIME_MS} \
                 milliseconds.",
                amz_time(it.issued_ms),
                amz_time(unix_ms)
            ),
        ));
    }
    super::super::tick::trim_shard(k, ctx, &it.stream, it.shard);
    let gone = || shard_does_not_exist(&shard_id(it.shard), &it.stream, &account);
    let stream = k.readable(ctx, &it.stream).map_err(|_| gone())?;
    if stream.stream_secs() != it.stream_secs {
        return Err(gone());
    }
    let enforce = ctx.config.limits;
    let Some(shard) = stream.shards.get_mut(it.shard as usize) else { return Err(gone()) };
    if enforce && !shard.read.try_call(now) {
        shard.metrics.at(now).read_throttled += 1;
        let id = shard.id();
        ctx.emit(Event::Throttled {
            stream: it.stream.clone(),
            shard_id: id.clone(),
            operation: "GetRecords".into(),
            records: 0,
            reader: Some(reader.to_string()),
        });
        return Err(throughput_exceeded(&id, &it.stream, &account));
    }
    let limit =
        req.limit.map_or(GET_RECORDS_MAX_RECORDS, |l| l as usize).min(GET_RECORDS_MAX_RECORDS);
    let stream = k.streams.get(&it.stream).ok_or_else(gone)?;
    let shard = stream.shards.get(it.shard as usize).ok_or_else(gone)?;
    let (records, next, bytes) =
        collect_records(stream, shard, it.position, limit, GET_RECORDS_MAX_BYTES);
    let end = shard.records.end();
    let millis_behind =
        shard.records.get(next).map_or(0, |r| (unix_ms - r.arrival_ms).max(0) as u64);
    let drained = !shard.is_open() && next >= end;
    let child_shards = drained.then(|| child_shards(stream, it.shard));
    let next_shard_iterator = (!drained)
        .then(|| ShardIterator { position: next, issued_ms: unix_ms, ..it.clone() }.encode());
    let age =
        records.first().map_or(0, |r| (unix_ms - r.approximate_arrival_timestamp.0).max(0) as u64);
    let first_seq = records.first().map(|r| r.sequence_number.clone());
    let count = records.len();
    if let Some(shard) =
        k.streams.get_mut(&it.stream).and_then(|s| s.shards.get_mut(it.shard as usize))
    {
        if enforce {
            shard.read.spend(now, count as u64, bytes);
        }
        let m = shard.metrics.at(now);
        m.get_records_calls += 1;
        m.outgoing_records += count as u64;
        m.outgoing_bytes += bytes;
        m.max_iterator_age_ms = m.max_iterator_age_ms.max(age);
        shard.metrics.record_lag(reader, now, millis_behind);
    }
    if let Some(first) = first_seq {
        ctx.emit(Event::RecordsRead {
            stream: it.stream.clone(),
            shard_id: shard_id(it.shard),
            reader: reader.to_string(),
            count: count as u32,
            bytes,
            first_sequence_number: first,
            millis_behind_latest: millis_behind,
        });
    }
    Ok(GetRecordsOutput {
        records,
        next_shard_iterator,
        millis_behind_latest: millis_behind,
        child_shards,
    })
}
