//! Reading: GetShardIterator and GetRecords, with each shard's read limits.

use super::*;

/// The shard iterator types for "Member must satisfy enum value set: [...]", in the order AWS
/// prints them (a Java set's iteration order, recorded by kinesalite's suite; the model lists
/// them AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, TRIM_HORIZON, LATEST, AT_TIMESTAMP).
const ITERATOR_TYPES_AS_AWS_LISTS: [&str; 5] =
    ["AFTER_SEQUENCE_NUMBER", "LATEST", "AT_TIMESTAMP", "AT_SEQUENCE_NUMBER", "TRIM_HORIZON"];

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
    let log = &shard.records;
    match (kind, sequence_number) {
        ("TRIM_HORIZON" | "LATEST", Some(_)) => Err(iterator_type_and_sequence(kind, true)),
        ("AT_SEQUENCE_NUMBER" | "AFTER_SEQUENCE_NUMBER", None) => {
            Err(iterator_type_and_sequence(kind, false))
        }
        ("TRIM_HORIZON", None) => Ok(log.start()),
        ("LATEST", None) => Ok(log.end()),
        ("AT_TIMESTAMP", _) => match timestamp {
            Some(t) => Ok(log.first_at_or_after(t.0)),
            None => Err(timestamp_needed()),
        },
        (_, Some(text)) => {
            let seq = sequence_in_shard(stream, shard, text, operation, account)?;
            let index = if kind == "AFTER_SEQUENCE_NUMBER" {
                seq.index.saturating_add(1)
            } else {
                seq.index
            };
            // Before the trim horizon: the oldest record still kept; past the end (or the
            // closed shard's EndingSequenceNumber): wait at the end.
            Ok(sequence::position_of(shard, index))
        }
        _ => Err(invalid_iterator_type(kind)),
    }
}

/// A StartingSequenceNumber checked against the shard it is used on, in AWS's order: does it
/// parse, does it name this shard, did this shard issue it.
fn sequence_in_shard(
    stream: &Stream,
    shard: &Shard,
    text: &str,
    operation: &str,
    account: &str,
) -> Result<SequenceNumber, ApiError> {
    let id = shard.id();
    let name = &stream.name;
    let seq = SequenceNumber::parse(text)
        .ok_or_else(|| invalid_starting_sequence(text, operation, &id, name, account))?;
    if seq.shard != shard.number as i64 {
        return Err(sequence_of_other_shard(&sequence::shard_name(seq.shard), &id));
    }
    let created = (shard.created_ms.max(0) / 1000) as u64;
    if seq.version != 2 || seq.shard_secs != created {
        // A version-0 number (`0`, or any small one) is a server fault at AWS (E9 of issue 21:
        // AWS-exact, and harmless: nothing a learner does issues such a number).
        if seq.version == 0 {
            return Err(internal_failure());
        }
        return Err(sequence_of_other_stream(text, operation, &id, name, account));
    }
    Ok(seq)
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
        v.enumeration(
            "shardIteratorType",
            req.shard_iterator_type.as_deref(),
            &ITERATOR_TYPES_AS_AWS_LISTS,
        );
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
    // The shard id is read before the stream is looked up: an unknown stream reports the
    // shard as missing, named as AWS normalises it.
    let shard_text = req.shard_id.unwrap_or_default();
    let Some(number) = parse_shard_id(&shard_text) else {
        return Err(could_not_find_shard(&shard_text, &name, &account));
    };
    crate::kinesis::tick::trim_stream(k, ctx, &name);
    let missing = || shard_does_not_exist(&shard_id(number), &name, &account);
    let stream = k.readable(ctx, &name).map_err(|_| missing())?;
    let Some(shard) = stream.shard(number) else { return Err(missing()) };
    let kind = req.shard_iterator_type.unwrap_or_default();
    if let (Some(t), "AT_TIMESTAMP") = (req.timestamp, kind.as_str()) {
        // AWS refuses a start in the future (kinesalite recorded this text from AWS).
        if t.0 > unix_ms {
            return Err(timestamp_in_future(t.0, unix_ms));
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
        stream: name.clone(),
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
    for (p, r) in shard.records.iter_from(from) {
        if out.len() >= limit || (!out.is_empty() && bytes + r.size() > max_bytes) {
            break;
        }
        bytes += r.size();
        out.push(Record {
            sequence_number: sequence::of_record(shard, r),
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
        .ok_or_else(invalid_shard_iterator)?;
    if unix_ms.saturating_sub(it.issued_ms) > ITERATOR_LIFETIME_MS {
        let (created, now) = (amz_time(it.issued_ms), amz_time(unix_ms));
        return Err(iterator_expired(&created, &now, ITERATOR_LIFETIME_MS));
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
