//! Enhanced fan-out: registered consumers, each with its own 2 MiB/s per shard, fed by
//! SubscribeToShard for up to 5 minutes at a time.

use std::collections::BTreeMap;

use super::data::{child_shards, collect_records, starting_position};
use super::*;
use crate::api::validate;
use crate::kinesis::limits::{ReadAllowance, GET_RECORDS_MAX_RECORDS, READ_BYTES_PER_SEC};
use crate::kinesis::model::{
    shard_id, Consumer as ConsumerState, ConsumerStatus, Subscription, SUBSCRIPTION_LIFETIME_MS,
    SUBSCRIPTION_PUSH_EVERY_MS,
};
use crate::kinesis::wire::*;
use crate::kinesis::{Event, Kinesis, Wake};

/// At most 20 registered consumers per stream.
pub const MAX_CONSUMERS: usize = 20;

fn check_consumer_ref(v: &mut Validator, r: &ConsumerRef) {
    v.string(
        "consumerARN",
        r.consumer_arn.as_deref(),
        Some(1),
        Some(2048),
        Some(validate::CONSUMER_ARN),
    );
    v.string("consumerName", r.consumer_name.as_deref(), Some(1), Some(128), Some(validate::NAME));
    v.string("streamARN", r.stream_arn.as_deref(), Some(1), Some(2048), Some(validate::STREAM_ARN));
    v.string("streamId", r.stream_id.as_deref(), Some(1), Some(24), Some(validate::STREAM_ID));
}

/// (stream name, consumer name) from a consumer ARN
/// `arn:aws:kinesis:REGION:ACCOUNT:stream/NAME/consumer/CONSUMER:SECONDS`.
fn split_consumer_arn(ctx: &Ctx<'_>, arn: &str) -> Option<(String, String)> {
    let prefix = format!("arn:aws:kinesis:{}:{}:stream/", ctx.config.region, ctx.config.account_id);
    let rest = arn.strip_prefix(&prefix)?;
    let (stream, consumer) = rest.split_once("/consumer/")?;
    let (name, _) = consumer.rsplit_once(':')?;
    Some((stream.to_string(), name.to_string()))
}

/// The consumer a request names (by ARN, or by stream ARN and name).
fn find<'a>(
    k: &'a mut Kinesis,
    ctx: &Ctx<'_>,
    r: &ConsumerRef,
) -> Result<(&'a mut crate::kinesis::model::Stream, String), ApiError> {
    let account = ctx.config.account_id.clone();
    let (stream_name, consumer_name, shown) = if let Some(arn) = r.consumer_arn.as_deref() {
        let (s, c) =
            split_consumer_arn(ctx, arn).ok_or_else(|| consumer_not_found(arn, &account))?;
        (s, c, arn.to_string())
    } else {
        let (Some(stream_arn), Some(name)) = (r.stream_arn.as_deref(), r.consumer_name.as_deref())
        else {
            return Err(consumer_ref_needed());
        };
        (resolve_name(ctx, None, Some(stream_arn))?, name.to_string(), name.to_string())
    };
    let stream =
        k.streams.get_mut(&stream_name).ok_or_else(|| consumer_not_found(&shown, &account))?;
    match stream.consumers.get(&consumer_name) {
        Some(c) if r.consumer_arn.as_deref().is_none_or(|a| a == c.arn) => {
            Ok((stream, consumer_name))
        }
        _ => Err(consumer_not_found(&shown, &account)),
    }
}

fn summary(c: &ConsumerState) -> Consumer {
    Consumer {
        consumer_name: c.name.clone(),
        consumer_arn: c.arn.clone(),
        consumer_status: c.status.as_str().to_string(),
        consumer_creation_timestamp: Timestamp(c.created_ms),
    }
}

pub fn register_stream_consumer(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: RegisterStreamConsumerInput,
) -> Result<RegisterStreamConsumerOutput, ApiError> {
    let mut v = Validator::new();
    if v.required("consumerName", req.consumer_name.as_ref()) {
        v.string(
            "consumerName",
            req.consumer_name.as_deref(),
            Some(1),
            Some(128),
            Some(validate::NAME),
        );
    }
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
    super::control::check_tags(&mut v, "tags", req.tags.as_ref());
    v.finish()?;
    let stream_name = resolve_name(ctx, None, req.stream_arn.as_deref())?;
    let account = ctx.config.account_id.clone();
    let unix_ms = ctx.unix_ms();
    k.next_generation += 1;
    let generation = k.next_generation;
    let stream = k.existing(ctx, &stream_name)?;
    let name = req.consumer_name.unwrap_or_default();
    if stream.consumers.contains_key(&name) {
        return Err(consumer_exists(&name, &stream_name, &account));
    }
    if stream.consumers.len() >= MAX_CONSUMERS {
        return Err(consumer_limit(MAX_CONSUMERS, &stream_name, &account));
    }
    // "Only 5 consumers can be created simultaneously" (RegisterStreamConsumer's reference).
    let creating =
        stream.consumers.values().filter(|c| c.status == ConsumerStatus::Creating).count();
    if creating >= 5 {
        return Err(consumers_creating(&stream_name, &account));
    }
    let c = ConsumerState {
        arn: format!("{}/consumer/{name}:{}", stream.arn, unix_ms.max(0) / 1000),
        name: name.clone(),
        status: ConsumerStatus::Creating,
        created_ms: unix_ms,
        generation,
        tags: req.tags.unwrap_or_default(),
        subscriptions: BTreeMap::new(),
    };
    let out = RegisterStreamConsumerOutput { consumer: summary(&c) };
    stream.consumers.insert(name.clone(), c);
    ctx.emit(Event::ConsumerRegistered { stream: stream_name.clone(), consumer: name.clone() });
    let delay = ctx.config.transition_delay_ms;
    ctx.schedule_in(
        delay,
        Wake::ConsumerTransition { stream: stream_name, consumer: name, generation },
    );
    Ok(out)
}

pub fn describe_stream_consumer(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: ConsumerRef,
) -> Result<DescribeStreamConsumerOutput, ApiError> {
    let mut v = Validator::new();
    check_consumer_ref(&mut v, &req);
    v.finish()?;
    let account = ctx.config.account_id.clone();
    let (stream, name) = find(k, ctx, &req)?;
    let c = stream.consumers.get(&name).ok_or_else(|| consumer_not_found(&name, &account))?;
    Ok(DescribeStreamConsumerOutput {
        consumer_description: ConsumerDescription {
            consumer_name: c.name.clone(),
            consumer_arn: c.arn.clone(),
            consumer_status: c.status.as_str().to_string(),
            consumer_creation_timestamp: Timestamp(c.created_ms),
            stream_arn: stream.arn.clone(),
        },
    })
}

pub fn deregister_stream_consumer(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: ConsumerRef,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_consumer_ref(&mut v, &req);
    v.finish()?;
    let (stream, name) = find(k, ctx, &req)?;
    let stream_name = stream.name.clone();
    let Some(c) = stream.consumers.get_mut(&name) else { return Ok(Empty) };
    c.status = ConsumerStatus::Deleting;
    c.subscriptions.clear();
    let generation = c.generation;
    ctx.emit(Event::ConsumerStatusChanged {
        stream: stream_name.clone(),
        consumer: name.clone(),
        status: "DELETING".into(),
    });
    let delay = ctx.config.transition_delay_ms;
    ctx.schedule_in(
        delay,
        Wake::ConsumerTransition { stream: stream_name, consumer: name, generation },
    );
    Ok(Empty)
}

pub fn list_stream_consumers(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: ListStreamConsumersInput,
) -> Result<ListStreamConsumersOutput, ApiError> {
    let mut v = Validator::new();
    v.int("maxResults", req.max_results, Some(1), Some(10000));
    v.string("nextToken", req.next_token.as_deref(), Some(1), Some(1048576), None);
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
    v.finish()?;
    let name = resolve_name(ctx, None, req.stream_arn.as_deref())?;
    let stream = k.existing(ctx, &name)?;
    let after = req.next_token.clone();
    let limit = req.max_results.unwrap_or(100) as usize;
    let mut list: Vec<&ConsumerState> =
        stream.consumers.values().filter(|c| after.as_ref().is_none_or(|a| c.name > *a)).collect();
    let has_more = list.len() > limit;
    list.truncate(limit);
    Ok(ListStreamConsumersOutput {
        next_token: if has_more { list.last().map(|c| c.name.clone()) } else { None },
        consumers: list.into_iter().map(summary).collect(),
    })
}

const POSITION_TYPES: [&str; 5] =
    ["AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER", "TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"];

pub fn subscribe_to_shard(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: SubscribeToShardInput,
) -> Result<SubscribeToShardOutput, ApiError> {
    let mut v = Validator::new();
    if v.required("consumerARN", req.consumer_arn.as_ref()) {
        v.string(
            "consumerARN",
            req.consumer_arn.as_deref(),
            Some(1),
            Some(2048),
            Some(validate::CONSUMER_ARN),
        );
    }
    check_shard_id(&mut v, "shardId", req.shard_id.as_deref(), true);
    if v.required("startingPosition", req.starting_position.as_ref()) {
        let p = req.starting_position.clone().unwrap_or_default();
        if v.required("startingPosition.type", p.kind.as_ref()) {
            v.enumeration("startingPosition.type", p.kind.as_deref(), &POSITION_TYPES);
        }
        v.string(
            "startingPosition.sequenceNumber",
            p.sequence_number.as_deref(),
            None,
            None,
            Some(validate::SEQUENCE_NUMBER),
        );
    }
    v.string("streamId", req.stream_id.as_deref(), Some(1), Some(24), Some(validate::STREAM_ID));
    v.finish()?;
    let account = ctx.config.account_id.clone();
    let (now, unix_ms) = (ctx.now, ctx.unix_ms());
    let consumer_arn = req.consumer_arn.unwrap_or_default();
    let r = ConsumerRef { consumer_arn: Some(consumer_arn.clone()), ..ConsumerRef::default() };
    let (stream, name) = find(k, ctx, &r)?;
    let stream_name = stream.name.clone();
    if !matches!(
        stream.status,
        crate::kinesis::model::StreamStatus::Active | crate::kinesis::model::StreamStatus::Updating
    ) {
        return Err(stream_not_found(&stream_name, &account));
    }
    let shard_text = req.shard_id.unwrap_or_default();
    let Some(shard) = parse_shard_id(&shard_text).and_then(|n| stream.shard(n)) else {
        return Err(shard_does_not_exist(&shard_text, &stream_name, &account));
    };
    let number = shard.number;
    let p = req.starting_position.unwrap_or_default();
    let position = starting_position(
        stream,
        shard,
        p.kind.as_deref().unwrap_or_default(),
        p.sequence_number.as_deref(),
        p.timestamp,
        "SubscribeToShard",
        &account,
    )?;
    let status = stream.consumers.get(&name).map(|c| c.status);
    if status != Some(ConsumerStatus::Active) {
        return Err(consumer_not_active(&consumer_arn));
    }
    // A second subscription to the same shard within 5 seconds is refused, as AWS does.
    if let Some(old) = stream.consumers.get(&name).and_then(|c| c.subscriptions.get(&number)) {
        if now < old.started + 5_000 && !old.finished {
            return Err(subscription_exists(&consumer_arn, &shard_text));
        }
    }
    k.next_generation += 1;
    let serial = k.next_generation;
    let Some(stream) = k.streams.get_mut(&stream_name) else {
        return Err(stream_not_found(&stream_name, &account));
    };
    if let Some(c) = stream.consumers.get_mut(&name) {
        c.subscriptions.insert(
            number,
            Subscription {
                position,
                started: now,
                ends: now + SUBSCRIPTION_LIFETIME_MS,
                allowance: ReadAllowance::new(now),
                serial,
                finished: false,
            },
        );
    }
    ctx.emit(Event::SubscriptionStarted {
        stream: stream_name.clone(),
        consumer: name.clone(),
        shard_id: shard_id(number),
    });
    // The first event goes back with the response; later ones are pushed on the clock.
    let event = push(k, ctx, &stream_name, &name, number).unwrap_or(SubscribeToShardEvent {
        records: Vec::new(),
        continuation_sequence_number: String::new(),
        millis_behind_latest: 0,
        child_shards: None,
    });
    ctx.schedule_in(
        SUBSCRIPTION_PUSH_EVERY_MS,
        Wake::SubscriptionPush { stream: stream_name, consumer: name, shard: number, serial },
    );
    let _ = unix_ms;
    Ok(SubscribeToShardOutput {
        event_stream: SubscribeToShardEventStream { subscribe_to_shard_event: event },
    })
}

/// Pushes what the subscription may deliver now (within its own 2 MiB/s), advances it, and
/// reports it. `None` when the subscription no longer exists.
pub(crate) fn push(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    stream_name: &str,
    consumer: &str,
    shard_number: u32,
) -> Option<SubscribeToShardEvent> {
    let (now, unix_ms, enforce) = (ctx.now, ctx.unix_ms(), ctx.config.limits);
    let stream = k.streams.get_mut(stream_name)?;
    let c = stream.consumers.get_mut(consumer)?;
    let sub = c.subscriptions.get_mut(&shard_number)?;
    let budget = if enforce { sub.allowance.bytes.available(now) } else { READ_BYTES_PER_SEC * 5 };
    let from = sub.position;
    let stream = k.streams.get(stream_name)?;
    let shard = stream.shard(shard_number)?;
    let (records, next, bytes) = if budget == 0 {
        (Vec::new(), from.max(shard.records.start()), 0)
    } else {
        collect_records(stream, shard, from, GET_RECORDS_MAX_RECORDS, budget)
    };
    let millis_behind =
        shard.records.get(next).map_or(0, |r| (unix_ms - r.arrival_ms).max(0) as u64);
    let drained = !shard.is_open() && next >= shard.records.end();
    let child_shards = drained.then(|| child_shards(stream, shard_number));
    let continuation = stream.sequence_number(shard_number, next, unix_ms);
    let age =
        records.first().map_or(0, |r| (unix_ms - r.approximate_arrival_timestamp.0).max(0) as u64);
    let first_seq = records.first().map(|r| r.sequence_number.clone());
    let count = records.len();
    let stream = k.streams.get_mut(stream_name)?;
    if let Some(shard) = stream.shards.get_mut(shard_number as usize) {
        let m = shard.metrics.at(now);
        m.outgoing_records += count as u64;
        m.outgoing_bytes += bytes;
        m.max_iterator_age_ms = m.max_iterator_age_ms.max(age);
        shard.metrics.record_lag(consumer, now, millis_behind);
    }
    let sub = stream.consumers.get_mut(consumer)?.subscriptions.get_mut(&shard_number)?;
    sub.position = next;
    sub.finished = drained;
    if enforce {
        sub.allowance.spend(now, count as u64, bytes);
    }
    if let Some(first) = first_seq {
        ctx.emit(Event::RecordsRead {
            stream: stream_name.to_string(),
            shard_id: shard_id(shard_number),
            reader: consumer.to_string(),
            count: count as u32,
            bytes,
            first_sequence_number: first,
            millis_behind_latest: millis_behind,
        });
    }
    Some(SubscribeToShardEvent {
        records,
        continuation_sequence_number: continuation,
        millis_behind_latest: millis_behind,
        child_shards,
    })
}
