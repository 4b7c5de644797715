//! Simulated producers: an application writing records at a steady rate, with a chosen spread of
//! partition keys, retrying throttled records with exponential backoff and jitter like the AWS
//! SDK (and the KPL) do. It calls the same PutRecords/PutRecord operations as the API.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::ops::{put_record_from, put_records_from};
use super::wire::{Blob, PutRecordInput, PutRecordsInput, PutRecordsRequestEntry};
use super::{ActorCommand, Event, Kinesis, Wake};
use crate::api::ApiError;
use crate::sim::{Ctx, SimTime};

/// A producer wakes ten times a second and sends what its rate owes.
const TICK_MS: u64 = 100;
/// First retry after up to 100 ms, doubling each attempt (the SDK's legacy base delay), capped.
const BACKOFF_BASE_MS: u64 = 100;
const BACKOFF_CAP_MS: u64 = 20_000;

/// How a producer picks partition keys. Keys are `key-0`, `key-1`, ...
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeyDistribution {
    /// Each of `keys` keys equally likely.
    Uniform { keys: u32 },
    /// Key i with weight 1/(i+1)^s, s = `exponent_milli` / 1000 (1000 is the classic Zipf).
    Zipf { keys: u32, exponent_milli: u32 },
    /// `hot_percent` percent of records use `key-0`; the rest spread over the other keys.
    HotKey { keys: u32, hot_percent: u8 },
    /// Every record carries an ExplicitHashKey, spread evenly over the hash space across
    /// `keys` values (so each shard gets its share whatever the partition keys hash to).
    ExplicitHashKeys { keys: u32 },
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ProducerStats {
    pub sent: u64,
    pub accepted: u64,
    pub throttled: u64,
    pub retried: u64,
    pub dropped: u64,
}

#[derive(Clone, Debug)]
struct Outgoing {
    key: u32,
    data: Arc<[u8]>,
    attempt: u8,
}

#[derive(Clone, Debug)]
pub struct Producer {
    pub id: String,
    pub stream: String,
    pub rate: u32,
    pub record_bytes: u32,
    pub keys: KeyDistribution,
    pub batch: u16,
    pub max_retries: u8,
    pub stats: ProducerStats,
    serial: u64,
    /// Thousandths of a record owed from earlier ticks.
    carry: u64,
    made: u64,
    /// Records waiting for their retry time, by (due time, order scheduled): in due order,
    /// first scheduled first among equals. A throttled stream keeps thousands here, so a
    /// sorted vector's insert (a shift of half of it per record) would grow with the backlog.
    retries: BTreeMap<(SimTime, u64), Outgoing>,
    /// Retries scheduled so far (the tie-break above).
    retries_scheduled: u64,
    /// Cumulative Zipf weights (shared: cloned into every checkpoint).
    zipf: Arc<Vec<f64>>,
}

impl Producer {
    pub fn retry_queue_len(&self) -> usize {
        self.retries.len()
    }
}

fn zipf_cdf(keys: u32, exponent_milli: u32) -> Vec<f64> {
    let s = exponent_milli as f64 / 1000.0;
    let mut total = 0.0;
    // libm, not f64::powf: the browser's and the native pow may differ in the last bit.
    let mut cdf: Vec<f64> = (1..=keys.max(1))
        .map(|i| {
            total += 1.0 / libm::pow(i as f64, s);
            total
        })
        .collect();
    for w in &mut cdf {
        *w /= total;
    }
    cdf
}

pub(crate) fn command(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    command: &ActorCommand,
) -> Result<String, ApiError> {
    match command {
        ActorCommand::StartProducer {
            id,
            stream,
            rate,
            record_bytes,
            keys,
            batch,
            max_retries,
        } => {
            k.next_generation += 1;
            let serial = k.next_generation;
            let zipf = match keys {
                KeyDistribution::Zipf { keys, exponent_milli } => {
                    zipf_cdf((*keys).min(100_000), *exponent_milli)
                }
                _ => Vec::new(),
            };
            let old = k.producers.remove(id);
            let p = Producer {
                id: id.clone(),
                stream: stream.clone(),
                rate: (*rate).min(1_000_000),
                record_bytes: (*record_bytes).clamp(1, 1024 * 1024),
                keys: keys.clone(),
                batch: (*batch).clamp(1, 500),
                max_retries: *max_retries,
                stats: old.as_ref().map(|o| o.stats.clone()).unwrap_or_default(),
                serial,
                carry: 0,
                made: old.as_ref().map_or(0, |o| o.made),
                retries_scheduled: old.as_ref().map_or(0, |o| o.retries_scheduled),
                retries: old.map(|o| o.retries).unwrap_or_default(),
                zipf: Arc::new(zipf),
            };
            k.producers.insert(id.clone(), p);
            ctx.emit(Event::ProducerStarted { producer: id.clone(), stream: stream.clone() });
            ctx.schedule_in(TICK_MS, Wake::Producer { id: id.clone(), serial });
            Ok(serde_json::json!({ "Producer": id }).to_string())
        }
        ActorCommand::StopProducer { id } => {
            if k.producers.remove(id).is_none() {
                return Err(super::ops::messages::actor_not_found("Producer", id));
            }
            ctx.emit(Event::ProducerStopped { producer: id.clone() });
            Ok("{}".into())
        }
        _ => Ok("{}".into()),
    }
}

/// What a tick needs of its producer while the service is borrowed for the calls.
struct Spec {
    id: String,
    keys: KeyDistribution,
    batch: u16,
    zipf: Arc<Vec<f64>>,
}

fn pick_key(p: &Spec, ctx: &mut Ctx<'_>) -> u32 {
    match p.keys {
        KeyDistribution::Uniform { keys } | KeyDistribution::ExplicitHashKeys { keys } => {
            ctx.rng.below(keys.max(1) as u64) as u32
        }
        KeyDistribution::Zipf { .. } => {
            let u = ctx.rng.unit();
            let i = p.zipf.partition_point(|&c| c < u);
            i.min(p.zipf.len().saturating_sub(1)) as u32
        }
        KeyDistribution::HotKey { keys, hot_percent } => {
            if keys <= 1 || ctx.rng.below(100) < hot_percent as u64 {
                0
            } else {
                1 + ctx.rng.below(keys as u64 - 1) as u32
            }
        }
    }
}

fn explicit_hash(p: &Spec, key: u32) -> Option<String> {
    match p.keys {
        KeyDistribution::ExplicitHashKeys { keys } => {
            let step = u128::MAX / keys.max(1) as u128;
            Some((step * key as u128 + step / 2).to_string())
        }
        _ => None,
    }
}

fn make_data(id: &str, n: u64, size: u32) -> Arc<[u8]> {
    let mut data = format!("{id}#{n}").into_bytes();
    data.resize(size as usize, b'.');
    data.into()
}

pub(crate) fn tick(k: &mut Kinesis, ctx: &mut Ctx<'_>, id: &str, serial: u64) {
    let Some(p) = k.producers.get_mut(id).filter(|p| p.serial == serial) else { return };
    let owed = p.carry + p.rate as u64 * TICK_MS;
    p.carry = owed % 1000;
    let fresh = owed / 1000;
    let mut batch: Vec<Outgoing> = Vec::new();
    while p.retries.first_key_value().is_some_and(|((due, _), _)| *due <= ctx.now) {
        if let Some((_, o)) = p.retries.pop_first() {
            batch.push(o);
        }
    }
    let snapshot =
        Spec { id: p.id.clone(), keys: p.keys.clone(), batch: p.batch, zipf: p.zipf.clone() };
    for _ in 0..fresh {
        let key = pick_key(&snapshot, ctx);
        let n = p.made;
        p.made += 1;
        batch.push(Outgoing { key, data: make_data(id, n, p.record_bytes), attempt: 0 });
    }
    let stream = p.stream.clone();
    let size = p.batch as usize;
    ctx.schedule_in(TICK_MS, Wake::Producer { id: id.to_string(), serial });
    let mut failed: Vec<Outgoing> = Vec::new();
    for chunk in batch.chunks(size) {
        failed.extend(send(k, ctx, &snapshot, &stream, chunk));
    }
    let Some(p) = k.producers.get_mut(id) else { return };
    p.stats.sent += batch.len() as u64;
    p.stats.accepted += (batch.len() - failed.len()) as u64;
    p.stats.throttled += failed.len() as u64;
    schedule_retries(p, ctx, failed);
}

/// Sends one call's worth; returns the records that did not make it.
fn send(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    p: &Spec,
    stream: &str,
    chunk: &[Outgoing],
) -> Vec<Outgoing> {
    if p.batch == 1 {
        let mut failed = Vec::new();
        for o in chunk {
            let req = PutRecordInput {
                stream_name: Some(stream.to_string()),
                data: Some(Blob(o.data.clone())),
                partition_key: Some(format!("key-{}", o.key)),
                explicit_hash_key: explicit_hash(p, o.key),
                ..PutRecordInput::default()
            };
            if put_record_from(k, ctx, req, Some(&p.id)).is_err() {
                failed.push(o.clone());
            }
        }
        return failed;
    }
    let req = PutRecordsInput {
        records: Some(
            chunk
                .iter()
                .map(|o| PutRecordsRequestEntry {
                    data: Some(Blob(o.data.clone())),
                    explicit_hash_key: explicit_hash(p, o.key),
                    partition_key: Some(format!("key-{}", o.key)),
                })
                .collect(),
        ),
        stream_name: Some(stream.to_string()),
        ..PutRecordsInput::default()
    };
    match put_records_from(k, ctx, req, Some(&p.id)) {
        Ok(out) => chunk
            .iter()
            .zip(out.records)
            .filter(|(_, r)| r.error_code.is_some())
            .map(|(o, _)| o.clone())
            .collect(),
        Err(_) => chunk.to_vec(),
    }
}

fn schedule_retries(p: &mut Producer, ctx: &mut Ctx<'_>, failed: Vec<Outgoing>) {
    if failed.is_empty() {
        return;
    }
    let mut dropped = 0u32;
    let mut by_attempt: std::collections::BTreeMap<u8, (u32, u64)> = Default::default();
    for mut o in failed {
        if o.attempt >= p.max_retries {
            dropped += 1;
            continue;
        }
        o.attempt += 1;
        let ceiling = (BACKOFF_BASE_MS << (o.attempt - 1).min(16)).min(BACKOFF_CAP_MS);
        // Full jitter: anywhere from 0 to the ceiling, so retries do not arrive in lockstep.
        let delay = TICK_MS.max(ctx.rng.below(ceiling + 1));
        let due = ctx.now + delay;
        let e = by_attempt.entry(o.attempt).or_default();
        e.0 += 1;
        e.1 = e.1.max(delay);
        p.retries_scheduled += 1;
        p.retries.insert((due, p.retries_scheduled), o);
        p.stats.retried += 1;
    }
    for (attempt, (records, delay_ms)) in by_attempt {
        ctx.emit(Event::ProducerRetrying {
            producer: p.id.clone(),
            stream: p.stream.clone(),
            records,
            attempt: attempt as u32,
            delay_ms,
        });
    }
    if dropped > 0 {
        p.stats.dropped += dropped as u64;
        ctx.emit(Event::RecordsDropped {
            producer: p.id.clone(),
            stream: p.stream.clone(),
            records: dropped,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zipf_cdf_is_increasing_and_ends_at_one() {
        let c = zipf_cdf(10, 1000);
        assert!(c.windows(2).all(|w| w[0] < w[1]));
        assert!((c[9] - 1.0).abs() < 1e-12);
        // key-0 carries 1/H(10) of the weight.
        assert!((c[0] - 0.341417).abs() < 1e-5);
    }
}
