//! Streams: create, delete, describe, list; and their shards, listed.

use super::*;

pub fn create_stream(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: CreateStreamInput,
) -> Result<Empty, ApiError> {
    let mode_text = req.stream_mode_details.as_ref().and_then(|m| m.stream_mode.as_deref());
    let mut v = Validator::new();
    v.int("maxRecordSizeInKiB", req.max_record_size_in_kib, Some(1024), Some(10240));
    let on_demand = mode_text == Some("ON_DEMAND");
    if !on_demand {
        // Only provisioned streams need a shard count.
        v.required("shardCount", req.shard_count.as_ref());
    }
    v.int("shardCount", req.shard_count, Some(1), None);
    if req.stream_mode_details.is_some()
        && v.required("streamModeDetails.streamMode", mode_text.as_ref())
    {
        v.enumeration("streamModeDetails.streamMode", mode_text, &["PROVISIONED", "ON_DEMAND"]);
    }
    if v.required("streamName", req.stream_name.as_ref()) {
        v.string(
            "streamName",
            req.stream_name.as_deref(),
            Some(1),
            Some(128),
            Some(validate::NAME),
        );
    }
    check_tags(&mut v, "tags", req.tags.as_ref());
    v.int("warmThroughputMiBps", req.warm_throughput_mibps, Some(0), None);
    v.finish()?;
    let name = req.stream_name.unwrap_or_default();
    let mode = mode_text.and_then(StreamMode::parse).unwrap_or(StreamMode::Provisioned);
    let account = ctx.config.account_id.clone();
    if k.streams.contains_key(&name) {
        return Err(stream_exists(&name, &account));
    }
    let shards = match mode {
        StreamMode::OnDemand => ON_DEMAND_INITIAL_SHARDS,
        StreamMode::Provisioned => req.shard_count.unwrap_or(1).clamp(1, u32::MAX as i64) as u32,
    };
    let limit = shard_limit(&ctx.config.region);
    let open = k.open_shards_in_account();
    if open as u64 + shards as u64 > limit as u64 {
        return Err(shard_limit_exceeded(&account, &ctx.config.region, open, limit, shards));
    }
    if mode == StreamMode::OnDemand {
        let on_demand = k.streams.values().filter(|s| s.mode == StreamMode::OnDemand).count();
        if on_demand as u32 >= ON_DEMAND_STREAM_LIMIT {
            let region = &ctx.config.region;
            return Err(on_demand_stream_limit(&account, region, ON_DEMAND_STREAM_LIMIT));
        }
    }
    k.next_generation += 1;
    let generation = k.next_generation;
    let stream = crate::kinesis::model::Stream {
        arn: stream_arn(ctx, &name),
        name: name.clone(),
        status: StreamStatus::Creating,
        mode,
        created_ms: ctx.unix_ms(),
        generation,
        retention_hours: 24,
        shards: Vec::new(),
        routing: Vec::new(),
        tags: req.tags.unwrap_or_default(),
        encryption_key: None,
        enhanced_metrics: BTreeSet::new(),
        consumers: BTreeMap::new(),
        pending: vec![PendingChange::Create { shards }],
        max_record_kib: req.max_record_size_in_kib.map_or(1024, |x| x as u32),
        next_record_index: 0,
        // On-demand only; the on-demand sweep keeps its shards ready.
        warm_throughput_mibps: req
            .warm_throughput_mibps
            .filter(|_| mode == StreamMode::OnDemand)
            .map(|w| w.clamp(0, MAX_WARM_THROUGHPUT_MIBPS as i64) as u32),
        peak_write_bytes_per_sec: 0,
        peak_write_records_per_sec: 0,
    };
    k.streams.insert(name.clone(), stream);
    ctx.emit(Event::StreamCreated {
        stream: name.clone(),
        mode: mode.as_str().to_string(),
        shards,
    });
    ctx.emit(Event::StreamStatusChanged { stream: name.clone(), status: "CREATING".into() });
    schedule_transition(ctx, &name, generation);
    Ok(Empty)
}

pub fn delete_stream(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: DeleteStreamInput,
) -> Result<Empty, ApiError> {
    let r = &req.stream;
    let mut v = Validator::new();
    check_stream_ref(
        &mut v,
        r.stream_arn.as_deref(),
        r.stream_id.as_deref(),
        r.stream_name.as_deref(),
    );
    v.finish()?;
    let name = resolve_name(ctx, r.stream_name.as_deref(), r.stream_arn.as_deref())?;
    let account = ctx.config.account_id.clone();
    let stream = k.existing(ctx, &name)?;
    if !stream.consumers.is_empty() && req.enforce_consumer_deletion != Some(true) {
        return Err(has_consumers(&name, &account));
    }
    let generation = stream.generation;
    set_status(ctx, stream, StreamStatus::Deleting);
    schedule_transition(ctx, &name, generation);
    Ok(Empty)
}

/// A shard as DescribeStream and ListShards print it.
pub fn describe_shard(shard: &Shard) -> crate::kinesis::wire::Shard {
    use crate::kinesis::sequence;
    crate::kinesis::wire::Shard {
        shard_id: shard.id(),
        parent_shard_id: shard.parent.map(crate::kinesis::model::shard_id),
        adjacent_parent_shard_id: shard.adjacent_parent.map(crate::kinesis::model::shard_id),
        hash_key_range: HashKeyRange {
            starting_hash_key: shard.starting_hash_key.to_string(),
            ending_hash_key: shard.ending_hash_key.to_string(),
        },
        sequence_number_range: SequenceNumberRange {
            starting_sequence_number: sequence::starting(shard),
            ending_sequence_number: shard.closed_ms.map(|at| sequence::ending(shard, at)),
        },
    }
}

/// Closed shards disappear from listings once retention has passed since they closed and no
/// record is left in them.
pub(super) fn listed(stream: &crate::kinesis::model::Stream, shard: &Shard, now_ms: i64) -> bool {
    match shard.closed_ms {
        Some(at) => !shard.records.is_empty() || at + stream.retention_ms() > now_ms,
        None => true,
    }
}

pub(super) fn enhanced_monitoring(stream: &crate::kinesis::model::Stream) -> Vec<EnhancedMetrics> {
    vec![EnhancedMetrics { shard_level_metrics: stream.enhanced_metrics.iter().cloned().collect() }]
}

pub(super) fn encryption_type(stream: &crate::kinesis::model::Stream) -> String {
    if stream.encryption_key.is_some() { "KMS" } else { "NONE" }.to_string()
}

pub fn describe_stream(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: DescribeStreamInput,
) -> Result<DescribeStreamOutput, ApiError> {
    let r = &req.stream;
    let mut v = Validator::new();
    check_shard_id(&mut v, "exclusiveStartShardId", req.exclusive_start_shard_id.as_deref(), false);
    v.int("limit", req.limit, Some(1), Some(10000));
    check_stream_ref(
        &mut v,
        r.stream_arn.as_deref(),
        r.stream_id.as_deref(),
        r.stream_name.as_deref(),
    );
    v.finish()?;
    let name = resolve_name(ctx, r.stream_name.as_deref(), r.stream_arn.as_deref())?;
    let now = ctx.unix_ms();
    let stream = k.any_status(ctx, &name)?;
    let limit = req.limit.unwrap_or(100) as usize;
    let after = req.exclusive_start_shard_id.as_deref().and_then(parse_shard_id);
    let mut shards: Vec<_> = stream
        .shards
        .iter()
        .filter(|s| after.is_none_or(|a| s.number > a) && listed(stream, s, now))
        .collect();
    let has_more = shards.len() > limit;
    shards.truncate(limit);
    Ok(DescribeStreamOutput {
        stream_description: StreamDescription {
            stream_name: stream.name.clone(),
            stream_arn: stream.arn.clone(),
            stream_status: stream.status.as_str().to_string(),
            stream_mode_details: StreamModeDetails {
                stream_mode: Some(stream.mode.as_str().to_string()),
            },
            shards: shards.iter().map(|s| describe_shard(s)).collect(),
            has_more_shards: has_more,
            retention_period_hours: stream.retention_hours,
            stream_creation_timestamp: Timestamp(stream.created_ms),
            enhanced_monitoring: enhanced_monitoring(stream),
            encryption_type: encryption_type(stream),
            key_id: stream.encryption_key.clone(),
        },
    })
}

pub fn describe_stream_summary(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: StreamRef,
) -> Result<DescribeStreamSummaryOutput, ApiError> {
    let mut v = Validator::new();
    check_stream_ref(
        &mut v,
        req.stream_arn.as_deref(),
        req.stream_id.as_deref(),
        req.stream_name.as_deref(),
    );
    v.finish()?;
    let name = resolve_name(ctx, req.stream_name.as_deref(), req.stream_arn.as_deref())?;
    let now_ms = ctx.unix_ms();
    k.any_status(ctx, &name)?;
    let stream =
        k.streams.get(&name).ok_or_else(|| stream_not_found(&name, &ctx.config.account_id))?;
    let warm_throughput = warm_throughput_of(k, stream, now_ms);
    Ok(DescribeStreamSummaryOutput {
        stream_description_summary: StreamDescriptionSummary {
            stream_name: stream.name.clone(),
            stream_arn: stream.arn.clone(),
            stream_status: stream.status.as_str().to_string(),
            stream_mode_details: StreamModeDetails {
                stream_mode: Some(stream.mode.as_str().to_string()),
            },
            retention_period_hours: stream.retention_hours,
            stream_creation_timestamp: Timestamp(stream.created_ms),
            enhanced_monitoring: enhanced_monitoring(stream),
            encryption_type: encryption_type(stream),
            key_id: stream.encryption_key.clone(),
            open_shard_count: stream.open_shard_count(),
            consumer_count: stream.consumers.len() as u32,
            warm_throughput,
            max_record_size_in_kib: stream.max_record_kib,
        },
    })
}

pub(super) fn encode_token(parts: &[&str]) -> String {
    URL_SAFE_NO_PAD.encode(parts.join("\n"))
}

pub(super) fn decode_token(token: &str) -> Option<Vec<String>> {
    let bytes = URL_SAFE_NO_PAD.decode(token).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    Some(text.split('\n').map(str::to_string).collect())
}

pub(super) fn invalid_token(token: &str) -> ApiError {
    invalid_next_token(token)
}

/// A pagination token lasts 300 seconds (ExpiredNextTokenException after that).
pub(super) const TOKEN_LIFETIME_MS: i64 = 300_000;

pub fn list_streams(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: ListStreamsInput,
) -> Result<ListStreamsOutput, ApiError> {
    let mut v = Validator::new();
    v.string(
        "exclusiveStartStreamName",
        req.exclusive_start_stream_name.as_deref(),
        Some(1),
        Some(128),
        Some(validate::NAME),
    );
    v.int("limit", req.limit, Some(1), Some(10000));
    v.string("nextToken", req.next_token.as_deref(), Some(1), Some(1048576), None);
    v.finish()?;
    let mut after = req.exclusive_start_stream_name.clone();
    if let Some(token) = &req.next_token {
        let parts = decode_token(token).ok_or_else(|| invalid_token(token))?;
        match parts.as_slice() {
            [kind, last, issued] if kind == "streams" => {
                let issued: i64 = issued.parse().map_err(|_| invalid_token(token))?;
                if ctx.unix_ms().saturating_sub(issued) > TOKEN_LIFETIME_MS {
                    return Err(token_expired());
                }
                after = Some(last.clone());
            }
            _ => return Err(invalid_token(token)),
        }
    }
    let limit = req.limit.unwrap_or(100) as usize;
    let mut names: Vec<&crate::kinesis::model::Stream> = k
        .streams
        .values()
        .filter(|s| after.as_ref().is_none_or(|a| s.name.as_str() > a.as_str()))
        .collect();
    let has_more = names.len() > limit;
    names.truncate(limit);
    let next_token = match (has_more, names.last()) {
        (true, Some(last)) => {
            Some(encode_token(&["streams", &last.name, &ctx.unix_ms().to_string()]))
        }
        _ => None,
    };
    Ok(ListStreamsOutput {
        stream_names: names.iter().map(|s| s.name.clone()).collect(),
        has_more_streams: has_more,
        next_token,
        stream_summaries: names
            .iter()
            .map(|s| StreamSummary {
                stream_name: s.name.clone(),
                stream_arn: s.arn.clone(),
                stream_status: s.status.as_str().to_string(),
                stream_mode_details: StreamModeDetails {
                    stream_mode: Some(s.mode.as_str().to_string()),
                },
                stream_creation_timestamp: Timestamp(s.created_ms),
            })
            .collect(),
    })
}

pub(super) const SHARD_FILTERS: [&str; 6] = [
    "AFTER_SHARD_ID",
    "AT_TRIM_HORIZON",
    "FROM_TRIM_HORIZON",
    "AT_LATEST",
    "AT_TIMESTAMP",
    "FROM_TIMESTAMP",
];

pub fn list_shards(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: ListShardsInput,
) -> Result<ListShardsOutput, ApiError> {
    let r = &req.stream;
    let mut v = Validator::new();
    check_shard_id(&mut v, "exclusiveStartShardId", req.exclusive_start_shard_id.as_deref(), false);
    v.int("maxResults", req.max_results, Some(1), Some(10000));
    v.string("nextToken", req.next_token.as_deref(), Some(1), Some(1048576), None);
    if let Some(f) = &req.shard_filter {
        check_shard_id(&mut v, "shardFilter.shardId", f.shard_id.as_deref(), false);
        if v.required("shardFilter.type", f.kind.as_ref()) {
            v.enumeration("shardFilter.type", f.kind.as_deref(), &SHARD_FILTERS);
        }
    }
    check_stream_ref(
        &mut v,
        r.stream_arn.as_deref(),
        r.stream_id.as_deref(),
        r.stream_name.as_deref(),
    );
    v.finish()?;
    let named = r.stream_name.is_some() || r.stream_arn.is_some();
    let (name, mut after) = match (&req.next_token, named) {
        (Some(_), true) => return Err(token_and_name()),
        (None, false) => return Err(token_or_name()),
        (Some(token), false) => {
            let parts = decode_token(token).ok_or_else(|| invalid_token(token))?;
            match parts.as_slice() {
                [kind, stream, last, issued] if kind == "shards" => {
                    let issued: i64 = issued.parse().map_err(|_| invalid_token(token))?;
                    if ctx.unix_ms().saturating_sub(issued) > TOKEN_LIFETIME_MS {
                        return Err(token_expired());
                    }
                    (stream.clone(), last.parse::<u32>().ok())
                }
                _ => return Err(invalid_token(token)),
            }
        }
        (None, true) => {
            (resolve_name(ctx, r.stream_name.as_deref(), r.stream_arn.as_deref())?, None)
        }
    };
    if let Some(x) = req.exclusive_start_shard_id.as_deref().and_then(parse_shard_id) {
        after = Some(after.map_or(x, |a| a.max(x)));
    }
    let now = ctx.unix_ms();
    let stream = k.existing(ctx, &name)?;
    if stream.status == StreamStatus::Creating {
        return Err(still_creating(&name, &ctx.config.account_id));
    }
    let filter = req.shard_filter.as_ref();
    let kind = filter.and_then(|f| f.kind.as_deref());
    let at = filter.and_then(|f| f.timestamp).map(|t| t.0);
    if matches!(kind, Some("AT_TIMESTAMP" | "FROM_TIMESTAMP")) && at.is_none() {
        return Err(filter_needs_timestamp(kind.unwrap_or_default()));
    }
    if kind == Some("AFTER_SHARD_ID") {
        let id = filter.and_then(|f| f.shard_id.as_deref());
        match id.and_then(parse_shard_id) {
            Some(x) => after = Some(after.map_or(x, |a| a.max(x))),
            None => return Err(filter_needs_shard_id()),
        }
    }
    let keep = |s: &Shard| match kind {
        Some("AT_LATEST") => s.is_open(),
        Some("AT_TIMESTAMP") => {
            let t = at.unwrap_or(now);
            s.created_ms <= t && s.closed_ms.is_none_or(|c| c > t)
        }
        Some("FROM_TIMESTAMP") => s.closed_ms.is_none_or(|c| c > at.unwrap_or(now)),
        // AT_TRIM_HORIZON: the shards open at the oldest readable record; FROM_TRIM_HORIZON and
        // no filter: everything still readable.
        Some("AT_TRIM_HORIZON") => {
            let horizon = now - stream.retention_ms();
            s.closed_ms.is_none_or(|c| c > horizon)
                && (s.created_ms <= horizon || s.parent.is_none())
        }
        _ => true,
    };
    let limit = req.max_results.unwrap_or(1000) as usize;
    let mut shards: Vec<&Shard> = stream
        .shards
        .iter()
        .filter(|s| after.is_none_or(|a| s.number > a) && listed(stream, s, now) && keep(s))
        .collect();
    let has_more = shards.len() > limit;
    shards.truncate(limit);
    let next_token = match (has_more, shards.last()) {
        (true, Some(last)) => Some(encode_token(&[
            "shards",
            &stream.name,
            &last.number.to_string(),
            &now.to_string(),
        ])),
        _ => None,
    };
    Ok(ListShardsOutput { shards: shards.iter().map(|s| describe_shard(s)).collect(), next_token })
}
