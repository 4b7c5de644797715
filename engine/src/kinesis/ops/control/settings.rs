//! A stream's settings: retention, encryption, capacity mode, enhanced monitoring; the account's
//! limits.

use super::*;

/// Retention may be set between 24 hours and 8,760 hours (365 days); older material says 168.
pub const MIN_RETENTION_HOURS: i64 = 24;
pub const MAX_RETENTION_HOURS: i64 = 8760;

pub(super) fn change_retention(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: RetentionInput,
    increase: bool,
) -> Result<Empty, ApiError> {
    let r = &req.stream;
    let mut v = Validator::new();
    v.required("retentionPeriodHours", req.retention_period_hours.as_ref());
    check_stream_ref(
        &mut v,
        r.stream_arn.as_deref(),
        r.stream_id.as_deref(),
        r.stream_name.as_deref(),
    );
    v.finish()?;
    let name = resolve_name(ctx, r.stream_name.as_deref(), r.stream_arn.as_deref())?;
    let hours = req.retention_period_hours.unwrap_or_default();
    let stream = k.active(ctx, &name)?;
    if hours < MIN_RETENTION_HOURS {
        return Err(retention_too_short(hours));
    }
    if hours > MAX_RETENTION_HOURS {
        return Err(retention_too_long(hours));
    }
    let current = stream.retention_hours as i64;
    if increase && hours < current {
        return Err(retention_not_longer(&name, hours, current));
    }
    if !increase && hours > current {
        return Err(retention_not_shorter(&name, hours, current));
    }
    stream.retention_hours = hours as u32;
    ctx.emit(Event::StreamUpdated { stream: name, what: format!("RetentionPeriodHours={hours}") });
    Ok(Empty)
}

pub fn increase_stream_retention_period(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: RetentionInput,
) -> Result<Empty, ApiError> {
    change_retention(k, ctx, req, true)
}

pub fn decrease_stream_retention_period(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: RetentionInput,
) -> Result<Empty, ApiError> {
    let out = change_retention(k, ctx, req.clone(), false)?;
    // Records older than the new period are gone at once.
    if let Ok(name) =
        resolve_name(ctx, req.stream.stream_name.as_deref(), req.stream.stream_arn.as_deref())
    {
        tick::trim_stream(k, ctx, &name);
    }
    Ok(out)
}

pub(super) fn change_encryption(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: StreamEncryptionInput,
    start: bool,
) -> Result<Empty, ApiError> {
    let r = &req.stream;
    let mut v = Validator::new();
    if v.required("encryptionType", req.encryption_type.as_ref()) {
        v.enumeration("encryptionType", req.encryption_type.as_deref(), &["NONE", "KMS"]);
    }
    if v.required("keyId", req.key_id.as_ref()) {
        v.string("keyId", req.key_id.as_deref(), Some(1), Some(2048), None);
    }
    check_stream_ref(
        &mut v,
        r.stream_arn.as_deref(),
        r.stream_id.as_deref(),
        r.stream_name.as_deref(),
    );
    v.finish()?;
    let name = resolve_name(ctx, r.stream_name.as_deref(), r.stream_arn.as_deref())?;
    if req.encryption_type.as_deref() != Some("KMS") {
        return Err(encryption_type_unsupported(&req.encryption_type.unwrap_or_default()));
    }
    let stream = k.active(ctx, &name)?;
    let generation = stream.generation;
    // The simulated KMS accepts any key id or alias.
    let key = if start { req.key_id } else { None };
    stream.pending.push(PendingChange::Encryption(key));
    set_status(ctx, stream, StreamStatus::Updating);
    schedule_transition(ctx, &name, generation);
    Ok(Empty)
}

pub fn start_stream_encryption(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: StreamEncryptionInput,
) -> Result<Empty, ApiError> {
    change_encryption(k, ctx, req, true)
}

pub fn stop_stream_encryption(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: StreamEncryptionInput,
) -> Result<Empty, ApiError> {
    change_encryption(k, ctx, req, false)
}

pub fn describe_limits(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    _req: NoInput,
) -> Result<DescribeLimitsOutput, ApiError> {
    Ok(DescribeLimitsOutput {
        shard_limit: shard_limit(&ctx.config.region),
        open_shard_count: k.open_shards_in_account(),
        on_demand_stream_count: k
            .streams
            .values()
            .filter(|s| s.mode == StreamMode::OnDemand)
            .count() as u32,
        on_demand_stream_count_limit: ON_DEMAND_STREAM_LIMIT,
    })
}

pub fn update_stream_mode(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: UpdateStreamModeInput,
) -> Result<Empty, ApiError> {
    let mode_text = req.stream_mode_details.as_ref().and_then(|m| m.stream_mode.as_deref());
    let mut v = Validator::new();
    if v.required("streamARN", req.stream_arn.as_ref()) {
        v.string(
            "streamARN",
            req.stream_arn.as_deref(),
            Some(1),
            Some(2048),
            Some(validate::STREAM_ARN),
        );
    }
    v.string("streamId", req.stream_id.as_deref(), Some(1), Some(24), Some(validate::STREAM_ID));
    if v.required("streamModeDetails", req.stream_mode_details.as_ref())
        && v.required("streamModeDetails.streamMode", mode_text.as_ref())
    {
        v.enumeration("streamModeDetails.streamMode", mode_text, &["PROVISIONED", "ON_DEMAND"]);
    }
    v.int("warmThroughputMiBps", req.warm_throughput_mibps, Some(0), None);
    v.finish()?;
    let name = resolve_name(ctx, None, req.stream_arn.as_deref())?;
    let mode = mode_text.and_then(StreamMode::parse).unwrap_or(StreamMode::Provisioned);
    let stream = k.active(ctx, &name)?;
    if stream.mode == mode {
        return Err(already_in_mode(&name, &ctx.config.account_id, mode.as_str()));
    }
    let generation = stream.generation;
    stream.pending.push(PendingChange::Mode(mode));
    set_status(ctx, stream, StreamStatus::Updating);
    schedule_transition(ctx, &name, generation);
    Ok(Empty)
}

pub(super) fn change_monitoring(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: EnhancedMonitoringInput,
    enable: bool,
) -> Result<EnhancedMonitoringOutput, ApiError> {
    let r = &req.stream;
    let mut v = Validator::new();
    if v.required("shardLevelMetrics", req.shard_level_metrics.as_ref()) {
        let list = req.shard_level_metrics.as_deref().unwrap_or_default();
        let shown = || format!("[{}]", list.join(", "));
        v.collection("shardLevelMetrics", &shown, list.len(), Some(1), Some(7));
        let mut allowed: Vec<&str> = METRICS.to_vec();
        allowed.push("ALL");
        if list.iter().any(|m| !allowed.contains(&m.as_str())) {
            v.fail(
                Some(&shown()),
                "shardLevelMetrics",
                &format!(
                    "Member must satisfy constraint: [Member must satisfy enum value set: [{}]]",
                    allowed.join(", ")
                ),
            );
        }
    }
    check_stream_ref(
        &mut v,
        r.stream_arn.as_deref(),
        r.stream_id.as_deref(),
        r.stream_name.as_deref(),
    );
    v.finish()?;
    let name = resolve_name(ctx, r.stream_name.as_deref(), r.stream_arn.as_deref())?;
    let stream = k.active(ctx, &name)?;
    let current: Vec<String> = stream.enhanced_metrics.iter().cloned().collect();
    for m in req.shard_level_metrics.unwrap_or_default() {
        let names: Vec<String> =
            if m == "ALL" { METRICS.iter().map(|x| x.to_string()).collect() } else { vec![m] };
        for n in names {
            if enable {
                stream.enhanced_metrics.insert(n);
            } else {
                stream.enhanced_metrics.remove(&n);
            }
        }
    }
    let desired: Vec<String> = stream.enhanced_metrics.iter().cloned().collect();
    let out = EnhancedMonitoringOutput {
        stream_name: name.clone(),
        current_shard_level_metrics: current,
        desired_shard_level_metrics: desired.clone(),
        stream_arn: stream.arn.clone(),
    };
    ctx.emit(Event::StreamUpdated {
        stream: name,
        what: format!("ShardLevelMetrics=[{}]", desired.join(", ")),
    });
    Ok(out)
}

pub fn enable_enhanced_monitoring(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: EnhancedMonitoringInput,
) -> Result<EnhancedMonitoringOutput, ApiError> {
    change_monitoring(k, ctx, req, true)
}

pub fn disable_enhanced_monitoring(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: EnhancedMonitoringInput,
) -> Result<EnhancedMonitoringOutput, ApiError> {
    change_monitoring(k, ctx, req, false)
}
