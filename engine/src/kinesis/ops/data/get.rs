//! Reading: GetShardIterator and GetRecords, with each shard's read limits.

use super::*;

pub(super) const ITERATOR_TYPES: [&str; 5] =
    ["AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER", "TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"];

pub(super) fn shard_does_not_exist(shard: &str, stream: &str, account: &str) -> ApiError {
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
    crate::kinesis::tick::trim_stream(k, ctx, &name);
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
pub(super) fn amz_time(unix_ms: i64) -> String {
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
    crate::kinesis::tick::trim_shard(k, ctx, &it.stream, it.shard);
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
