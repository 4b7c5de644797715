//! Batches through their destination's stages: S3, the COPY, the bulk request; failures,
//! retries and giving up.

use super::attempt::{attempt, Targets};
use super::*;

/// How long a stage is retried after its first failure.
pub(super) fn retry_window_ms(s: &DeliveryStream, stage: &Stage) -> u64 {
    match (stage, &s.kind) {
        (Stage::Copy { .. }, DestinationKind::Redshift(r)) => r.retry_seconds as u64 * 1000,
        (Stage::Index, DestinationKind::OpenSearch(o)) => o.retry_seconds as u64 * 1000,
        _ => S3_RETRY_WINDOW_MS,
    }
}

pub(super) fn stage_target(stage: &Stage, s: &DeliveryStream) -> Target {
    match stage {
        Stage::Copy { .. } => Target::Redshift,
        Stage::Index => Target::OpenSearch,
        _ => {
            let _ = s;
            Target::S3
        }
    }
}

pub(super) fn stage_what(stage: &Stage, s: &DeliveryStream, first_arrival_ms: i64) -> String {
    match (stage, &s.kind) {
        (Stage::Store { key, .. } | Stage::StoreError { key, .. }, _) => key.clone(),
        (Stage::Copy { .. }, DestinationKind::Redshift(r)) => format!("COPY {}", r.copy.table),
        (Stage::Index, DestinationKind::OpenSearch(o)) => {
            format!("bulk {}", o.rotation.index_name(&o.index_name, first_arrival_ms))
        }
        _ => String::new(),
    }
}

/// What one attempt at a stage did.
pub(super) enum Step {
    /// The stage is done; the batch goes on to these batches (often none).
    Done(Vec<Batch>),
    Failed(String),
}

/// Delivers the pending batches, oldest first, until one fails; schedules a retry then.
pub(crate) fn deliver_pending(services: &mut Services, ctx: &mut Ctx<'_>, name: &str) {
    loop {
        let Services { firehose, s3, .. } = &mut *services;
        let Firehose { streams, tables, domains, .. } = firehose;
        let Some(s) = streams.get_mut(name) else { return };
        let Some(batch) = s.pending.front() else { return };
        let stage = batch.stage.clone();
        let target = stage_target(&stage, s);
        let what = stage_what(&stage, s, batch.first_arrival_ms);
        let step = if s.outages.contains(&target) {
            Step::Failed(outage_code(target, s).to_string())
        } else {
            attempt(s, Targets { s3, tables, domains }, ctx, &stage)
        };
        let Some(batch) = s.pending.front_mut() else { return };
        match step {
            Step::Done(next) => {
                if batch.attempts > 0 {
                    let attempts = batch.attempts;
                    ctx.emit(Event::DeliveryRecovered {
                        stream: name.to_string(),
                        target: target.as_str().into(),
                        key: what.clone(),
                        attempts,
                    });
                    remember(
                        s,
                        Attempt {
                            at: ctx.now,
                            target,
                            what,
                            attempt: attempts + 1,
                            ok: true,
                            code: None,
                            next_attempt_at: None,
                        },
                    );
                }
                s.pending.pop_front();
                for b in next.into_iter().rev() {
                    s.pending.push_front(b);
                }
            }
            Step::Failed(code) => {
                let first = *batch.first_failed_at.get_or_insert(ctx.now);
                batch.attempts += 1;
                let attempts = batch.attempts;
                s.counters.delivery_failures += 1;
                let deadline = first.saturating_add(retry_window_ms(s, &stage));
                let retry_at = (ctx.now < deadline)
                    .then(|| ctx.now.saturating_add(retry_delay(attempts)).min(deadline));
                ctx.emit(Event::DeliveryFailed {
                    stream: name.to_string(),
                    target: target.as_str().into(),
                    key: what.clone(),
                    attempt: attempts,
                    code: code.clone(),
                    retry_at,
                });
                remember(
                    s,
                    Attempt {
                        at: ctx.now,
                        target,
                        what: what.clone(),
                        attempt: attempts,
                        ok: false,
                        code: Some(code.clone()),
                        next_attempt_at: retry_at,
                    },
                );
                match retry_at {
                    Some(at) => {
                        if !s.retry_scheduled {
                            s.retry_scheduled = true;
                            let wake =
                                Wake::Retry { stream: name.to_string(), generation: s.generation };
                            ctx.schedule_at(at, wake);
                        }
                        return;
                    }
                    None => give_up(s, ctx, &code),
                }
            }
        }
    }
}

pub(super) fn outage_code(target: Target, s: &DeliveryStream) -> &'static str {
    match (target, &s.kind) {
        (Target::S3, _) => "S3.ServiceUnavailable",
        (Target::Redshift, _) => "Redshift.ConnectionFailed",
        (Target::OpenSearch, DestinationKind::OpenSearch(o)) if o.elasticsearch => {
            "ES.ServiceException"
        }
        (Target::OpenSearch, _) => "OS.ServiceException",
    }
}

pub(super) fn remember(s: &mut DeliveryStream, a: Attempt) {
    if s.attempts.len() >= ATTEMPT_HISTORY {
        s.attempts.pop_front();
    }
    s.attempts.push_back(a);
}

/// The front batch's retry duration is over: S3 writes lose their data; a COPY turns into a
/// manifest under `errors/manifests/`; a bulk request sends every document to the error prefix.
pub(super) fn give_up(s: &mut DeliveryStream, ctx: &mut Ctx<'_>, code: &str) {
    let Some(batch) = s.pending.pop_front() else { return };
    let now_ms = ctx.unix_ms();
    match &batch.stage {
        Stage::Store { key, .. } | Stage::StoreError { key, .. } => {
            // The backup copy of indexed documents holds no record that is not also delivered.
            let backup = matches!(s.kind, DestinationKind::OpenSearch(_))
                && matches!(batch.stage, Stage::Store { .. });
            if !backup {
                s.counters.records_lost += batch.records();
            }
            ctx.emit(Event::DeliveryAbandoned {
                stream: s.name.clone(),
                key: key.clone(),
                records: batch.records(),
            });
        }
        Stage::Copy { key } => {
            let d = &s.destination;
            let manifest = json!({"entries": [{
                "url": format!("s3://{}/{}", d.bucket, key),
                "mandatory": true,
            }]})
            .to_string();
            let plain = d.prefix.as_deref().filter(|p| !keys::has_expressions(p)).unwrap_or("");
            let file = key.rsplit('/').next().unwrap_or(key);
            let manifest_key = format!(
                "{plain}errors/manifests/{}{file}",
                keys::default_prefix(batch.first_arrival_ms)
            );
            s.pending.push_front(Batch {
                stage: Stage::StoreError {
                    key: manifest_key,
                    bytes: manifest.into_bytes().into(),
                    error_type: "redshift-manifest".into(),
                },
                attempts: 0,
                first_failed_at: None,
                ..batch
            });
        }
        Stage::Index => {
            let DestinationKind::OpenSearch(o) = &s.kind else { return };
            let mut text = String::new();
            for (r, arrival) in batch.records.iter().zip(&batch.arrivals) {
                let line = failed_document(
                    batch.attempts,
                    *arrival,
                    code,
                    "Firehose could not reach the domain within the retry duration.",
                    now_ms,
                    &ctx.rng.alnum(20),
                    &o.rotation.index_name(&o.index_name, *arrival),
                    o.type_name.as_deref().unwrap_or(""),
                    r,
                );
                text.push_str(&line);
                text.push('\n');
            }
            let error_type = o.error_type();
            let b = error_batch(
                s,
                ctx,
                error_type,
                text.into_bytes(),
                batch.records,
                batch.arrivals,
                batch.first_arrival_ms,
            );
            s.pending.push_front(b);
        }
    }
}

/// AWS's JSON record of a document OpenSearch did not index.
#[allow(clippy::too_many_arguments)]
pub(super) fn failed_document(
    attempts: u32,
    arrival_ms: i64,
    code: &str,
    message: &str,
    now_ms: i64,
    id: &str,
    index: &str,
    type_name: &str,
    raw: &[u8],
) -> String {
    json!({
        "attemptsMade": attempts,
        "arrivalTimestamp": arrival_ms,
        "errorCode": code,
        "errorMessage": message,
        "attemptEndingTimestamp": now_ms,
        "esDocumentId": id,
        "esIndexName": index,
        "esTypeName": type_name,
        "rawData": STANDARD.encode(raw),
    })
    .to_string()
}
