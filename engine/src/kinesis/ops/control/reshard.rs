//! Resharding: UpdateShardCount, SplitShard, MergeShards.

use super::*;

pub fn update_shard_count(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: UpdateShardCountInput,
) -> Result<UpdateShardCountOutput, ApiError> {
    let r = &req.stream;
    let mut v = Validator::new();
    if v.required("scalingType", req.scaling_type.as_ref()) {
        v.enumeration("scalingType", req.scaling_type.as_deref(), &["UNIFORM_SCALING"]);
    }
    check_stream_ref(
        &mut v,
        r.stream_arn.as_deref(),
        r.stream_id.as_deref(),
        r.stream_name.as_deref(),
    );
    if v.required("targetShardCount", req.target_shard_count.as_ref()) {
        v.int("targetShardCount", req.target_shard_count, Some(1), None);
    }
    v.finish()?;
    let name = resolve_name(ctx, r.stream_name.as_deref(), r.stream_arn.as_deref())?;
    let target = req.target_shard_count.unwrap_or(1).clamp(1, u32::MAX as i64) as u32;
    let account = ctx.config.account_id.clone();
    let limit = shard_limit(&ctx.config.region);
    let in_account = k.open_shards_in_account();
    let stream = k.existing(ctx, &name)?;
    if stream.mode == StreamMode::OnDemand {
        return Err(on_demand_refusal(&name, &account));
    }
    if stream.status != StreamStatus::Active {
        return Err(not_active(&name, &account, stream.status));
    }
    let open = stream.open_shard_count();
    let counts = format!("Current open shard count: {open}, Target shard count: {target}");
    if target > limit {
        return Err(ApiError::new(
            ErrorCode::LimitExceeded,
            format!("Target shard count or number of open shards cannot be greater than {limit}. {counts}"),
        ));
    }
    if target as u64 > open as u64 * 2 {
        return Err(ApiError::new(
            ErrorCode::LimitExceeded,
            format!("UpdateShardCount cannot scale up over double your current open shard count. {counts}"),
        ));
    }
    if (target as u64) * 2 < open as u64 {
        return Err(ApiError::new(
            ErrorCode::LimitExceeded,
            format!("UpdateShardCount cannot scale down below half your current open shard count. {counts}"),
        ));
    }
    if target > open && in_account + (target - open) > limit {
        return Err(shard_limit_exceeded(ctx, in_account, limit, target - open));
    }
    let generation = stream.generation;
    let arn = stream.arn.clone();
    stream.pending.push(PendingChange::Uniform { target });
    set_status(ctx, stream, StreamStatus::Updating);
    schedule_transition(ctx, &name, generation);
    Ok(UpdateShardCountOutput {
        stream_name: name,
        current_shard_count: open,
        target_shard_count: target,
        stream_arn: arn,
    })
}

pub(super) fn could_not_find_shard(shard: &str, stream: &str, account: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ResourceNotFound,
        format!("Could not find shard {shard} in stream {stream} under account {account}."),
    )
}

pub(super) fn already_resharded(shard: &str, stream: &str, account: &str) -> ApiError {
    invalid_argument(format!(
        "Shard {shard} in stream {stream} under account {account} has already been merged or \
         split, and thus is not eligible for merging or splitting."
    ))
}

pub fn split_shard(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: SplitShardInput,
) -> Result<Empty, ApiError> {
    let r = &req.stream;
    let mut v = Validator::new();
    if v.required("newStartingHashKey", req.new_starting_hash_key.as_ref()) {
        v.string(
            "newStartingHashKey",
            req.new_starting_hash_key.as_deref(),
            None,
            None,
            Some(validate::HASH_KEY),
        );
    }
    check_shard_id(&mut v, "shardToSplit", req.shard_to_split.as_deref(), true);
    check_stream_ref(
        &mut v,
        r.stream_arn.as_deref(),
        r.stream_id.as_deref(),
        r.stream_name.as_deref(),
    );
    v.finish()?;
    let name = resolve_name(ctx, r.stream_name.as_deref(), r.stream_arn.as_deref())?;
    let account = ctx.config.account_id.clone();
    let limit = shard_limit(&ctx.config.region);
    let in_account = k.open_shards_in_account();
    let shard_text = req.shard_to_split.unwrap_or_default();
    let key_text = req.new_starting_hash_key.unwrap_or_default();
    let stream = k.existing(ctx, &name)?;
    if stream.mode == StreamMode::OnDemand {
        return Err(on_demand_refusal(&name, &account));
    }
    let Some(shard) = parse_shard_id(&shard_text).and_then(|n| stream.shard(n)) else {
        return Err(could_not_find_shard(&shard_text, &name, &account));
    };
    let id = shard.id();
    if !shard.is_open() {
        return Err(already_resharded(&id, &name, &account));
    }
    let key = parse_hash_key(&key_text);
    let (start, end) = (shard.starting_hash_key, shard.ending_hash_key);
    let inside = key.is_some_and(|h| h > start.saturating_add(1) && h < end);
    if !inside {
        return Err(invalid_argument(format!(
            "NewStartingHashKey {key_text} used in SplitShard() on shard {id} in stream {name} \
             under account {account} is not both greater than one plus the shard's \
             StartingHashKey {start} and less than the shard's EndingHashKey {end}."
        )));
    }
    if stream.status != StreamStatus::Active {
        return Err(not_active(&name, &account, stream.status));
    }
    if in_account + 1 > limit {
        return Err(shard_limit_exceeded(ctx, in_account, limit, 1));
    }
    let number = shard.number;
    let generation = stream.generation;
    stream.pending.push(PendingChange::Split {
        shard: number,
        new_starting_hash_key: key.unwrap_or_default(),
    });
    set_status(ctx, stream, StreamStatus::Updating);
    schedule_transition(ctx, &name, generation);
    Ok(Empty)
}

pub fn merge_shards(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: MergeShardsInput,
) -> Result<Empty, ApiError> {
    let r = &req.stream;
    let mut v = Validator::new();
    check_shard_id(&mut v, "adjacentShardToMerge", req.adjacent_shard_to_merge.as_deref(), true);
    check_shard_id(&mut v, "shardToMerge", req.shard_to_merge.as_deref(), true);
    check_stream_ref(
        &mut v,
        r.stream_arn.as_deref(),
        r.stream_id.as_deref(),
        r.stream_name.as_deref(),
    );
    v.finish()?;
    let name = resolve_name(ctx, r.stream_name.as_deref(), r.stream_arn.as_deref())?;
    let account = ctx.config.account_id.clone();
    let a_text = req.shard_to_merge.unwrap_or_default();
    let b_text = req.adjacent_shard_to_merge.unwrap_or_default();
    let stream = k.existing(ctx, &name)?;
    if stream.mode == StreamMode::OnDemand {
        return Err(on_demand_refusal(&name, &account));
    }
    let mut found = Vec::with_capacity(2);
    for text in [&a_text, &b_text] {
        match parse_shard_id(text).and_then(|n| stream.shard(n)) {
            Some(s) => found.push(s),
            None => return Err(could_not_find_shard(text, &name, &account)),
        }
    }
    let [a, b] = found[..] else { return Err(could_not_find_shard(&a_text, &name, &account)) };
    for s in [a, b] {
        if !s.is_open() {
            return Err(already_resharded(&s.id(), &name, &account));
        }
    }
    let adjacent = a.ending_hash_key.checked_add(1) == Some(b.starting_hash_key)
        || b.ending_hash_key.checked_add(1) == Some(a.starting_hash_key);
    if !adjacent || a.number == b.number {
        return Err(invalid_argument(format!(
            "Shards {} and {} in stream {name} under account {account} are not an adjacent pair \
             of shards eligible for merging",
            a.id(),
            b.id()
        )));
    }
    if stream.status != StreamStatus::Active {
        return Err(not_active(&name, &account, stream.status));
    }
    let (an, bn) = (a.number, b.number);
    let generation = stream.generation;
    stream.pending.push(PendingChange::Merge { shard: an, adjacent: bn });
    set_status(ctx, stream, StreamStatus::Updating);
    schedule_transition(ctx, &name, generation);
    Ok(Empty)
}
