//! Deploying an application and what a learner does to it: start it with N workers, redeploy
//! it with another retrieval (keeping its lease table), stop it, add a worker, kill one.

use std::collections::BTreeMap;

use super::{worker_name, KclApp, Retrieval, Worker};
use crate::api::{ApiError, ErrorCode};
use crate::kinesis::model::shard_id;
use crate::kinesis::ops::{self, register_stream_consumer};
use crate::kinesis::wire::RegisterStreamConsumerInput;
use crate::kinesis::{ActorCommand, Event, Kinesis, Wake};
use crate::sim::Ctx;

fn missing(app: &str) -> ApiError {
    ApiError::new(ErrorCode::ResourceNotFound, format!("Application {app} not found."))
}

pub(crate) fn command(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    command: &ActorCommand,
) -> Result<String, ApiError> {
    match command {
        ActorCommand::StartKcl { app, stream, workers, retrieval } => {
            start(k, ctx, app, stream, *workers, retrieval)?
        }
        ActorCommand::SetRetrieval { app, retrieval } => set_retrieval(k, ctx, app, retrieval)?,
        ActorCommand::StopKcl { app } => {
            let a = k.apps.remove(app).ok_or_else(|| missing(app))?;
            for (id, w) in a.workers {
                if w.alive {
                    ctx.emit(Event::WorkerStopped {
                        app: app.clone(),
                        worker: worker_name(app, id),
                    });
                }
            }
        }
        ActorCommand::AddWorker { app } => {
            let a = k.apps.get_mut(app).ok_or_else(|| missing(app))?;
            add_worker(a, ctx);
        }
        ActorCommand::KillWorker { app, worker } => kill_worker(k, ctx, app, *worker)?,
        _ => {}
    }
    Ok("{}".into())
}

fn start(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    app: &str,
    stream: &str,
    workers: u16,
    retrieval: &Retrieval,
) -> Result<(), ApiError> {
    if k.apps.contains_key(app) {
        return Err(ApiError::new(
            ErrorCode::ResourceInUse,
            format!("Application {app} already exists."),
        ));
    }
    k.next_generation += 1;
    let serial = k.next_generation;
    let mut a = KclApp {
        name: app.to_string(),
        stream: stream.to_string(),
        retrieval: retrieval.clone(),
        workers: BTreeMap::new(),
        leases: BTreeMap::new(),
        serial,
        next_worker: 0,
    };
    for _ in 0..workers.clamp(1, 64) {
        add_worker(&mut a, ctx);
    }
    if *retrieval == Retrieval::FanOut {
        register_fan_out(k, ctx, app, stream)?;
    }
    let first = a.first_tick_in(ctx);
    k.apps.insert(app.to_string(), a);
    ctx.schedule_in(first, Wake::Kcl { app: app.to_string(), serial });
    Ok(())
}

/// A redeploy under the same application name: the lease table (and so the checkpoints)
/// stays; the old deployment's pending work goes.
fn set_retrieval(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    app: &str,
    retrieval: &Retrieval,
) -> Result<(), ApiError> {
    let a = k.apps.get(app).ok_or_else(|| missing(app))?;
    if a.retrieval == *retrieval {
        return Ok(());
    }
    let stream = a.stream.clone();
    let switches = (a.retrieval == Retrieval::FanOut) != (*retrieval == Retrieval::FanOut);
    if *retrieval == Retrieval::FanOut {
        register_fan_out(k, ctx, app, &stream)?;
    }
    if switches {
        // The old deployment's SubscribeToShard connections close with it; the new
        // one starts from the checkpoints in the lease table.
        end_subscriptions(k, ctx, &stream, app);
    }
    k.next_generation += 1;
    let serial = k.next_generation;
    let Some(a) = k.apps.get_mut(app) else { return Err(missing(app)) };
    a.retrieval = retrieval.clone();
    // A new serial retires the old deployment's pending tick, so a shorter interval
    // takes effect now rather than after the old one.
    a.serial = serial;
    for l in a.leases.values_mut() {
        // The old deployment's pending SDK retries went with it.
        l.retrying = 0;
        if switches {
            l.iterator = None;
        }
    }
    let first = a.first_tick_in(ctx);
    ctx.schedule_in(first, Wake::Kcl { app: app.to_string(), serial });
    Ok(())
}

fn kill_worker(k: &mut Kinesis, ctx: &mut Ctx<'_>, app: &str, worker: u16) -> Result<(), ApiError> {
    let a = k.apps.get_mut(app).ok_or_else(|| missing(app))?;
    match a.workers.get_mut(&worker) {
        Some(w) if w.alive => {
            w.alive = false;
            ctx.emit(Event::WorkerStopped {
                app: app.to_string(),
                worker: worker_name(app, worker),
            });
            Ok(())
        }
        _ => Err(ApiError::new(
            ErrorCode::ResourceNotFound,
            format!("Worker {} not found.", worker_name(app, worker)),
        )),
    }
}

/// KCL registers its enhanced fan-out consumer under the application name (an existing one of
/// that name is reused, as a redeployed application finds its own).
/// The KCL registers its application as the stream's consumer. A registration refused by
/// RegisterStreamConsumer's 5 calls a second (several applications switched at once) is not
/// an error: like KCL 2.x, the application tries again on its next tick and reads nothing
/// until its consumer exists ([`ensure_registered`]).
pub(super) fn register_fan_out(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    app: &str,
    stream: &str,
) -> Result<(), ApiError> {
    let req = RegisterStreamConsumerInput {
        stream_arn: Some(ops::stream_arn(ctx, stream)),
        consumer_name: Some(app.to_string()),
        ..RegisterStreamConsumerInput::default()
    };
    match register_stream_consumer(k, ctx, req) {
        Ok(_) => Ok(()),
        Err(e) if matches!(e.code, ErrorCode::ResourceInUse | ErrorCode::LimitExceeded) => Ok(()),
        Err(e) => Err(e),
    }
}

/// A fan-out application whose consumer is not registered yet (its registration was refused)
/// registers again.
pub(super) fn ensure_registered(k: &mut Kinesis, ctx: &mut Ctx<'_>, app: &str, stream: &str) {
    let registered = k.streams.get(stream).is_some_and(|s| s.consumers.contains_key(app));
    if !registered {
        let _ = register_fan_out(k, ctx, app, stream);
    }
}

fn end_subscriptions(k: &mut Kinesis, ctx: &mut Ctx<'_>, stream: &str, consumer: &str) {
    let Some(c) = k.streams.get_mut(stream).and_then(|s| s.consumers.get_mut(consumer)) else {
        return;
    };
    for shard in std::mem::take(&mut c.subscriptions).into_keys() {
        ctx.emit(Event::SubscriptionEnded {
            stream: stream.to_string(),
            consumer: consumer.to_string(),
            shard_id: shard_id(shard),
            reason: "application redeployed".to_string(),
        });
    }
}

fn add_worker(a: &mut KclApp, ctx: &mut Ctx<'_>) {
    let id = a.next_worker;
    a.next_worker = a.next_worker.saturating_add(1);
    a.workers.insert(id, Worker { alive: true });
    ctx.emit(Event::WorkerStarted { app: a.name.clone(), worker: worker_name(&a.name, id) });
}
