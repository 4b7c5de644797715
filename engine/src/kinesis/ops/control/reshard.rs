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
    if target > limit {
        return Err(scaling_refused(ScalingRefusal::OverLimit(limit), open, target));
    }
    if target as u64 > open as u64 * 2 {
        return Err(scaling_refused(ScalingRefusal::OverDouble, open, target));
    }
    if (target as u64) * 2 < open as u64 {
        return Err(scaling_refused(ScalingRefusal::UnderHalf, open, target));
    }
    if target > open && in_account + (target - open) > limit {
        let region = &ctx.config.region;
        return Err(shard_limit_exceeded(&account, region, in_account, limit, target - open));
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
    // The shard id is read before the stream is looked up (see GetShardIterator).
    let Some(number) = parse_shard_id(&shard_text) else {
        return Err(could_not_find_shard(&shard_text, &name, &account));
    };
    let stream = k.existing(ctx, &name)?;
    if stream.mode == StreamMode::OnDemand {
        return Err(on_demand_refusal(&name, &account));
    }
    // A stream being created or updated is refused before its shards are looked at.
    if stream.status != StreamStatus::Active {
        return Err(not_active(&name, &account, stream.status));
    }
    let Some(shard) = stream.shard(number) else {
        return Err(could_not_find_shard(&shard_id(number), &name, &account));
    };
    let id = shard.id();
    if !shard.is_open() {
        return Err(already_resharded(&id, &name, &account));
    }
    let key = parse_hash_key(&key_text);
    let (start, end) = (shard.starting_hash_key, shard.ending_hash_key);
    let inside = key.is_some_and(|h| h > start.saturating_add(1) && h < end);
    if !inside {
        return Err(split_key_outside(&key_text, &id, &name, &account, (start, end)));
    }
    if in_account + 1 > limit {
        return Err(shard_limit_exceeded(&account, &ctx.config.region, in_account, limit, 1));
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
    // Both ids are read before the stream is looked up (see GetShardIterator).
    let mut numbers = [0u32; 2];
    for (slot, text) in numbers.iter_mut().zip([&req.shard_to_merge, &req.adjacent_shard_to_merge])
    {
        let text = text.as_deref().unwrap_or_default();
        *slot = parse_shard_id(text).ok_or_else(|| could_not_find_shard(text, &name, &account))?;
    }
    let stream = k.existing(ctx, &name)?;
    if stream.mode == StreamMode::OnDemand {
        return Err(on_demand_refusal(&name, &account));
    }
    if stream.status != StreamStatus::Active {
        return Err(not_active(&name, &account, stream.status));
    }
    let shard =
        |n: u32| stream.shard(n).ok_or_else(|| could_not_find_shard(&shard_id(n), &name, &account));
    let (a, b) = (shard(numbers[0])?, shard(numbers[1])?);
    for s in [a, b] {
        if !s.is_open() {
            return Err(already_resharded(&s.id(), &name, &account));
        }
    }
    // AdjacentShardToMerge must follow ShardToMerge: the pair the other way round is refused.
    let adjacent = a.ending_hash_key.checked_add(1) == Some(b.starting_hash_key);
    if !adjacent || a.number == b.number {
        return Err(not_adjacent(&a.id(), &b.id(), &name, &account));
    }
    let (an, bn) = (a.number, b.number);
    let generation = stream.generation;
    stream.pending.push(PendingChange::Merge { shard: an, adjacent: bn });
    set_status(ctx, stream, StreamStatus::Updating);
    schedule_transition(ctx, &name, generation);
    Ok(Empty)
}
