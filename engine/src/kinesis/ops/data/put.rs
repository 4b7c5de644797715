//! Writing: PutRecord and PutRecords, through routing and each shard's write limits.

use super::*;

/// How one call's records landed on one shard: becomes one `RecordsPut` event.
struct Landed {
    count: u32,
    bytes: u64,
    first: u64,
    last: u64,
    sample_key: Arc<str>,
    sample_hash: HashKey,
    throttled: u32,
}

/// A record's hash key, and whether it was given as ExplicitHashKey (the events say so, so the
/// UI never re-hashes a partition key to find out).
#[derive(Clone, Copy)]
struct HashKey {
    value: u128,
    explicit: bool,
}

/// The hash key that routes a record: its ExplicitHashKey, else the MD5 of its partition key.
fn hash_key_of(explicit: Option<&str>, partition_key: &str) -> Result<HashKey, ApiError> {
    Ok(match explicit {
        Some(text) => HashKey {
            value: parse_hash_key(text).ok_or_else(|| invalid_explicit_hash_key(text))?,
            explicit: true,
        },
        None => HashKey { value: hash_of_partition_key(partition_key), explicit: false },
    })
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

/// Routes and admits one record: the shard number and position it landed at, and its
/// sequence number.
fn put_one(
    stream: &mut Stream,
    when: When,
    hash: HashKey,
    partition_key: Arc<str>,
    data: Arc<[u8]>,
    landed: &mut [Option<Landed>],
) -> Result<(u32, u64, SequenceNumber), Refused> {
    let Some(n) = stream.route(hash.value) else { return Err(Refused::NoOpenShard) };
    let index = stream.next_record_index;
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
    let position =
        shard.records.push(StoredRecord { arrival_ms: unix_ms, index, partition_key, data });
    let created_secs = (shard.created_ms.max(0) / 1000) as u64;
    let sequence = SequenceNumber::new(created_secs, n, index, (unix_ms.max(0) / 1000) as u64);
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
    stream.next_record_index += 1;
    Ok((n, position, sequence))
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
                sample_hash_key: l.sample_hash.value.to_string(),
                explicit_hash_key: l.sample_hash.explicit,
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
    sequence::at_position(stream, shard, position, unix_ms)
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
    let hash = hash_key_of(req.explicit_hash_key.as_deref(), &partition_key)?;
    if let Some(text) = req.sequence_number_for_ordering.as_deref() {
        // Any sequence number AWS can read is a fine lower bound (indexes only grow), unless
        // it was put in the future.
        let put_ms = |s: SequenceNumber| s.put_secs.saturating_mul(1000);
        if SequenceNumber::parse(text).is_none_or(|s| put_ms(s) > unix_ms.max(0) as u64) {
            return Err(invalid_ordering(text, &name, &account));
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
    .map(|(n, _, sequence)| (n, sequence.format()));
    let encryption = encryption_type(stream);
    report_landed(stream, ctx, landed, "PutRecord", producer);
    match result {
        Ok((n, sequence_number)) => Ok(PutRecordOutput {
            shard_id: shard_id(n),
            sequence_number,
            encryption_type: encryption,
        }),
        Err(Refused::NoOpenShard) => Err(no_open_shard()),
        Err(Refused::Throttled(n)) => Err(throughput_exceeded(&shard_id(n), &name, &account)),
    }
}

/// The cheap test every well-formed entry passes, so the validator (which formats member
/// paths) only runs for entries with something wrong.
pub(super) fn entry_is_clean(e: &PutRecordsRequestEntry) -> bool {
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
pub(super) fn render_entries(entries: &[PutRecordsRequestEntry]) -> String {
    fn java_string_hash(s: &str) -> i32 {
        s.encode_utf16().fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(c as i32))
    }
    let shown: Vec<String> = entries
        .iter()
        .map(|e| {
            let data_hash = e.data.as_ref().map_or(0, |d| {
                d.0.iter().rev().fold(1i32, |h, &b| h.wrapping_mul(31).wrapping_add(b as i8 as i32))
            });
            // The service's own entry class starts from its own seed (fitted to the hash
            // AWS printed for an entry with empty Data and PartitionKey: `@c965e310`) and
            // then adds the members as Java's generated hashCode does.
            let mut h: i32 = 0x76db_fb11;
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
        hashes.push(hash_key_of(e.explicit_hash_key.as_deref(), key)?);
    }
    let request_limit = if stream.max_record_kib > limits::DEFAULT_MAX_RECORD_KIB {
        limits::PUT_RECORDS_MAX_BYTES_LARGE
    } else {
        limits::PUT_RECORDS_MAX_BYTES
    };
    if total > request_limit {
        return Err(records_too_large(request_limit / limits::MIB));
    }
    let mut landed: Vec<Option<Landed>> = (0..stream.shards.len()).map(|_| None).collect();
    let mut results = vec![PutRecordsResultEntry::default(); entries.len()];
    let mut failed = 0;
    // Formatted once per shard per call, cloned per record: a throttled producer's batch
    // repeats the same few shard ids and messages thousands of times a second.
    let mut ids: Vec<Option<String>> = vec![None; stream.shards.len()];
    let mut rate_messages: Vec<Option<String>> = vec![None; stream.shards.len()];
    // AWS writes a call's records shard by shard, so the records of one shard get consecutive
    // indexes in their sequence numbers (kinesalite's suite recorded it); within a shard, in
    // the order of the request.
    let mut order: Vec<(u32, usize)> = hashes
        .iter()
        .enumerate()
        .map(|(i, &h)| (stream.route(h.value).unwrap_or(u32::MAX), i))
        .collect();
    order.sort_unstable();
    let mut entries: Vec<Option<PutRecordsRequestEntry>> = entries.into_iter().map(Some).collect();
    for (_, i) in order {
        let (Some(e), Some(&hash)) = (entries.get_mut(i).and_then(Option::take), hashes.get(i))
        else {
            continue;
        };
        let data = e.data.unwrap_or_default().0;
        let key: Arc<str> = e.partition_key.unwrap_or_default().into();
        let result =
            match put_one(stream, When { now, unix_ms, enforce }, hash, key, data, &mut landed) {
                Ok((n, _, sequence)) => PutRecordsResultEntry {
                    sequence_number: Some(sequence.format()),
                    shard_id: Some(match ids.get_mut(n as usize) {
                        Some(Some(id)) => id.clone(),
                        Some(slot) => slot.insert(shard_id(n)).clone(),
                        None => shard_id(n),
                    }),
                    error_code: None,
                    error_message: None,
                },
                Err(refused) => {
                    failed += 1;
                    let (code, message) = match refused {
                        Refused::NoOpenShard => {
                            (ErrorCode::InternalFailure, INTERNAL_FAILURE.to_string())
                        }
                        Refused::Throttled(n) => {
                            let message = match rate_messages.get_mut(n as usize) {
                                Some(Some(m)) => m.clone(),
                                Some(slot) => slot
                                    .insert(rate_exceeded(&shard_id(n), &name, &account))
                                    .clone(),
                                None => rate_exceeded(&shard_id(n), &name, &account),
                            };
                            (ErrorCode::ProvisionedThroughputExceeded, message)
                        }
                    };
                    PutRecordsResultEntry {
                        sequence_number: None,
                        shard_id: None,
                        error_code: Some(code.to_string()),
                        error_message: Some(message),
                    }
                }
            };
        if let Some(slot) = results.get_mut(i) {
            *slot = result;
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
