//! Capacity beyond the defaults: the account's minimum throughput billing commitment
//! (DescribeAccountSettings, UpdateAccountSettings), larger records (UpdateMaxRecordSize) and
//! on-demand warm throughput (UpdateStreamWarmThroughput). Each changes what the engine
//! enforces: the record size PutRecord checks, the shards an on-demand stream keeps ready.
//!
//! Sources: the API Reference (botocore's model, `engine/models/kinesis`): "You can ingest and
//! digest single records up to 10240 KiB" (UpdateMaxRecordSize; MaxRecordSizeInKiB 1024 to
//! 10240); "Updating the warm throughput is an asynchronous operation ... sets the status of
//! the stream to UPDATING"; "only supported for data streams with the on-demand capacity mode
//! in accounts that have MinimumThroughputBillingCommitment enabled"; "you cannot ... Scale to
//! more than 10 GiBps for an on-demand stream" (UpdateStreamWarmThroughput); the Developer
//! Guide's "Handle large records" page (the default maximum stays 1 MiB for every stream).

use crate::kinesis::account::CommitmentStatus;

use super::*;

/// "Scale to more than 10 GiBps for an on-demand stream" is not allowed by default.
pub const MAX_WARM_THROUGHPUT_MIBPS: u32 = 10 * 1024;

/// A shard takes 1 MiB/s of writes: warm throughput is kept ready as this many shards.
pub fn shards_for(mibps: u32) -> u32 {
    mibps.max(1)
}

fn commitment_output(k: &Kinesis, now_ms: i64) -> AccountSettingsOutput {
    let c = &k.commitment;
    let status = c.status(now_ms);
    let ended = c.ends_ms.filter(|_| status == CommitmentStatus::Disabled);
    AccountSettingsOutput {
        minimum_throughput_billing_commitment: MinimumThroughputBillingCommitmentOutput {
            status: status.as_str().to_string(),
            started_at: c.started_ms.map(Timestamp),
            ended_at: ended.map(Timestamp),
            earliest_allowed_end_at: (status != CommitmentStatus::Disabled)
                .then(|| c.earliest_end_ms().map(Timestamp))
                .flatten(),
        },
    }
}

pub fn describe_account_settings(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    _req: NoInput,
) -> Result<AccountSettingsOutput, ApiError> {
    Ok(commitment_output(k, ctx.unix_ms()))
}

pub fn update_account_settings(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: UpdateAccountSettingsInput,
) -> Result<AccountSettingsOutput, ApiError> {
    let status =
        req.minimum_throughput_billing_commitment.as_ref().and_then(|c| c.status.as_deref());
    let mut v = Validator::new();
    if v.required(
        "minimumThroughputBillingCommitment",
        req.minimum_throughput_billing_commitment.as_ref(),
    ) && v.required("minimumThroughputBillingCommitment.status", status.as_ref())
    {
        v.enumeration(
            "minimumThroughputBillingCommitment.status",
            status,
            &["ENABLED", "DISABLED"],
        );
    }
    v.finish()?;
    let now_ms = ctx.unix_ms();
    if status == Some("ENABLED") {
        k.commitment.enable(now_ms);
    } else {
        k.commitment.disable(now_ms);
    }
    let out = commitment_output(k, now_ms);
    ctx.emit(Event::StreamUpdated {
        stream: String::new(),
        what: format!(
            "MinimumThroughputBillingCommitment={}",
            out.minimum_throughput_billing_commitment.status
        ),
    });
    Ok(out)
}

pub fn update_max_record_size(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: UpdateMaxRecordSizeInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    if v.required("maxRecordSizeInKiB", req.max_record_size_in_kib.as_ref()) {
        v.int("maxRecordSizeInKiB", req.max_record_size_in_kib, Some(1024), Some(10240));
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
    // The model names the stream by ARN only.
    let name = resolve_name(ctx, None, req.stream_arn.as_deref())?;
    let kib = req.max_record_size_in_kib.unwrap_or(1024).clamp(1024, 10240) as u32;
    let stream = k.active(ctx, &name)?;
    // Applied at once: PutRecord and PutRecords check the new size from the next call on.
    stream.max_record_kib = kib;
    ctx.emit(Event::StreamUpdated { stream: name, what: format!("MaxRecordSizeInKiB={kib}") });
    Ok(Empty)
}

pub fn update_stream_warm_throughput(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: UpdateStreamWarmThroughputInput,
) -> Result<UpdateStreamWarmThroughputOutput, ApiError> {
    let mut v = Validator::new();
    check_stream_ref(
        &mut v,
        req.stream_arn.as_deref(),
        req.stream_id.as_deref(),
        req.stream_name.as_deref(),
    );
    if v.required("warmThroughputMiBps", req.warm_throughput_mibps.as_ref()) {
        v.int("warmThroughputMiBps", req.warm_throughput_mibps, Some(0), None);
    }
    v.finish()?;
    let name = resolve_name(ctx, req.stream_name.as_deref(), req.stream_arn.as_deref())?;
    let account = ctx.config.account_id.clone();
    let asked = req.warm_throughput_mibps.unwrap_or_default();
    let committed = k.commitment.is_enabled(ctx.unix_ms());
    let stream = k.active(ctx, &name)?;
    if stream.mode != StreamMode::OnDemand {
        return Err(warm_throughput_needs_on_demand(&name, &account));
    }
    if !committed {
        return Err(warm_throughput_needs_commitment(&account));
    }
    if asked > MAX_WARM_THROUGHPUT_MIBPS as i64 {
        return Err(warm_throughput_limit(asked, MAX_WARM_THROUGHPUT_MIBPS));
    }
    let target = asked as u32;
    let open = stream.open_shard_count();
    stream.warm_throughput_mibps = Some(target);
    let generation = stream.generation;
    let arn = stream.arn.clone();
    // The shards that carry the target are opened by the UPDATING transition.
    if shards_for(target) > open {
        stream.pending.push(PendingChange::Uniform { target: shards_for(target) });
    }
    set_status(ctx, stream, StreamStatus::Updating);
    schedule_transition(ctx, &name, generation);
    Ok(UpdateStreamWarmThroughputOutput {
        stream_arn: arn,
        stream_name: name,
        warm_throughput: WarmThroughput { target_mibps: target, current_mibps: open },
    })
}

/// What DescribeStreamSummary shows: on-demand streams of a committed account only.
pub(crate) fn warm_throughput_of(
    k: &Kinesis,
    stream: &crate::kinesis::model::Stream,
    now_ms: i64,
) -> Option<WarmThroughput> {
    (stream.mode == StreamMode::OnDemand && k.commitment.is_enabled(now_ms)).then(|| {
        WarmThroughput {
            target_mibps: stream.warm_throughput_mibps.unwrap_or(0),
            current_mibps: stream.open_shard_count(),
        }
    })
}
