//! A level's goal: a predicate over the engine's state and metrics, evaluated against the live
//! World after every command and tick. Each goal reports its parts as checks a learner can
//! read ("throttled writes in the last 60 s: 0"), and is met only when every part is.

use engine::World;

use crate::observe::{
    consumer_lag, delivery_latencies, grouped, last_seconds, read_throttles, stream_writes,
};

/// A goal, as data (so levels are constants and the app shows what is checked).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Goal {
    /// Every part holds.
    All(&'static [Goal]),
    /// For the last `seconds` whole seconds, the stream accepted at least `min_per_second`
    /// records every second, and refused none (no ProvisionedThroughputExceeded).
    SteadyWrites { stream: &'static str, seconds: u32, min_per_second: u64 },
    /// No GetRecords call on the stream was refused in the last `seconds`.
    NoReadThrottles { stream: &'static str, seconds: u32 },
    /// The consumer application is at most `max_behind_ms` behind the tip on every shard.
    ConsumerCurrent { app: &'static str, max_behind_ms: u64 },
    /// The newest `objects` objects the delivery stream wrote each waited at most
    /// `max_latency_s` from their oldest record's arrival.
    FreshDeliveries { delivery_stream: &'static str, objects: u32, max_latency_s: u32 },
    /// The application's aggregating query uses non-overlapping (tumbling) windows of
    /// `size_s` seconds, and has closed at least `min_windows` of them.
    TumblingWindows { app: &'static str, size_s: u32, min_windows: u64 },
    /// A MapReduce job's results are in S3 (part files and `_SUCCESS` under
    /// `s3://bucket/prefix`), and no cluster is still up and billed.
    EmrResultsInS3 { bucket: &'static str, prefix: &'static str },
    /// An instance of the pipeline component has FINISHED, and what it writes is in S3
    /// (at least one object under `s3://bucket/prefix`).
    PipelineFinished { component: &'static str, bucket: &'static str, prefix: &'static str },
    /// At least `at_least` objects are under `s3://bucket/prefix`.
    ObjectsInS3 { bucket: &'static str, prefix: &'static str, at_least: u64 },
}

/// One part of a goal, as the goal overlay shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    /// What is checked: "Throttled writes in the last 60 s".
    pub label: String,
    /// What the engine says now: "0".
    pub value: String,
    /// What it must be: "0".
    pub wanted: String,
    pub met: bool,
}

impl Check {
    fn new(label: String, value: String, wanted: String, met: bool) -> Self {
        Self { label, value, wanted, met }
    }
}

/// The goal's parts as they stand in `world` now.
pub fn checks(goal: &Goal, world: &World) -> Vec<Check> {
    match *goal {
        Goal::All(parts) => parts.iter().flat_map(|g| checks(g, world)).collect(),
        Goal::SteadyWrites { stream, seconds, min_per_second } => {
            steady_writes(world, stream, seconds, min_per_second)
        }
        Goal::NoReadThrottles { stream, seconds } => {
            let refused =
                last_seconds(world, seconds).map(|(f, t)| read_throttles(world, stream, f, t));
            vec![Check::new(
                format!("Refused GetRecords calls on {stream} in the last {seconds} s"),
                refused.map_or_else(|| "not yet measured".into(), grouped),
                "0".into(),
                refused == Some(0),
            )]
        }
        Goal::ConsumerCurrent { app, max_behind_ms } => {
            let lag = consumer_lag(world, app);
            vec![Check::new(
                format!("How far {app} is behind the newest record"),
                lag.map_or_else(|| "not running".into(), |(ms, _)| format!("{} ms", grouped(ms))),
                format!("at most {} ms", grouped(max_behind_ms)),
                lag.is_some_and(|(ms, processed)| ms <= max_behind_ms && processed > 0),
            )]
        }
        Goal::FreshDeliveries { delivery_stream, objects, max_latency_s } => {
            fresh_deliveries(world, delivery_stream, objects, max_latency_s)
        }
        Goal::TumblingWindows { app, size_s, min_windows } => {
            tumbling_windows(world, app, size_s, min_windows)
        }
        Goal::EmrResultsInS3 { bucket, prefix } => emr_results(world, bucket, prefix),
        Goal::PipelineFinished { component, bucket, prefix } => {
            pipeline_finished(world, component, bucket, prefix)
        }
        Goal::ObjectsInS3 { bucket, prefix, at_least } => {
            let objects = world.view().s3().objects(bucket, prefix).len() as u64;
            vec![Check::new(
                format!("Objects under s3://{bucket}/{prefix}"),
                grouped(objects),
                format!("at least {}", grouped(at_least)),
                objects >= at_least,
            )]
        }
    }
}

/// Whether every part of the goal holds in `world` now.
pub fn met(goal: &Goal, world: &World) -> bool {
    checks(goal, world).iter().all(|c| c.met)
}

fn steady_writes(world: &World, stream: &str, seconds: u32, min: u64) -> Vec<Check> {
    let w = last_seconds(world, seconds).map(|(from, to)| stream_writes(world, stream, from, to));
    let not_yet = || format!("not yet {seconds} s of data");
    vec![
        Check::new(
            format!("Slowest second of the last {seconds} s (records accepted by {stream})"),
            w.as_ref().map_or_else(not_yet, |w| format!("{}/s", grouped(w.slowest_second()))),
            format!("at least {}/s", grouped(min)),
            w.as_ref().is_some_and(|w| w.slowest_second() >= min),
        ),
        Check::new(
            format!("Writes refused (ProvisionedThroughputExceeded) in the last {seconds} s"),
            w.as_ref().map_or_else(not_yet, |w| grouped(w.throttled)),
            "0".into(),
            w.as_ref().is_some_and(|w| w.throttled == 0),
        ),
    ]
}

fn fresh_deliveries(world: &World, stream: &str, objects: u32, max_s: u32) -> Vec<Check> {
    let latencies = delivery_latencies(world, stream);
    let newest = &latencies[latencies.len().saturating_sub(objects as usize)..];
    let worst = newest.iter().copied().max();
    vec![Check::new(
        format!("Longest wait of the newest {objects} objects {stream} delivered"),
        match (newest.len(), worst) {
            (n, Some(ms)) if n == objects as usize => format!("{:.0} s", ms as f64 / 1000.0),
            (n, _) => format!("{n} of {objects} objects delivered"),
        },
        format!("at most {max_s} s"),
        newest.len() == objects as usize && worst.is_some_and(|ms| ms <= max_s as u64 * 1000),
    )]
}

fn tumbling_windows(world: &World, app: &str, size_s: u32, min_windows: u64) -> Vec<Check> {
    use engine::analytics::sql::Windowing;
    let view = world.view();
    let analytics = view.analytics();
    let timeline = analytics.window_timeline(app);
    let kinds: Vec<String> = timeline
        .windowing
        .iter()
        .map(|(_, w)| match w {
            Windowing::Tumbling { size } => format!("tumbling {} s", size / 1000),
            Windowing::Hop { slide, size } => {
                format!("hopping {} s every {} s", size / 1000, slide / 1000)
            }
            Windowing::Stagger { range } => format!("stagger {} s", range / 1000),
        })
        .collect();
    let tumbling = !timeline.windowing.is_empty()
        && timeline
            .windowing
            .iter()
            .all(|(_, w)| *w == Windowing::Tumbling { size: size_s as i64 * 1000 });
    let closed = timeline.emitted.len() as u64;
    vec![
        Check::new(
            format!("Windows of {app}'s query"),
            if kinds.is_empty() { "none (no GROUP BY window)".into() } else { kinds.join(", ") },
            format!("tumbling {size_s} s"),
            tumbling,
        ),
        Check::new(
            format!("Windows {app} closed and emitted"),
            grouped(closed),
            format!("at least {}", grouped(min_windows)),
            tumbling && closed >= min_windows,
        ),
    ]
}

fn emr_results(world: &World, bucket: &str, prefix: &str) -> Vec<Check> {
    let view = world.view();
    let objects = view.s3().objects(bucket, prefix);
    let parts = objects.iter().filter(|o| o.key[prefix.len()..].starts_with("part-")).count();
    let success = objects.iter().any(|o| o.key[prefix.len()..] == *"_SUCCESS");
    let clusters = view.emr().clusters();
    let up = clusters.iter().filter(|c| !c.state.starts_with("TERMINATED")).count();
    vec![
        Check::new(
            format!("Part files and _SUCCESS under s3://{bucket}/{prefix}"),
            format!("{parts} part file(s){}", if success { " and _SUCCESS" } else { "" }),
            "at least 1 and _SUCCESS".into(),
            parts > 0 && success,
        ),
        Check::new(
            "Clusters still up (billed while they wait)".into(),
            if clusters.is_empty() { "no cluster yet".into() } else { grouped(up as u64) },
            "0".into(),
            !clusters.is_empty() && up == 0,
        ),
    ]
}

fn pipeline_finished(world: &World, component: &str, bucket: &str, prefix: &str) -> Vec<Check> {
    let view = world.view();
    let pipelines = view.pipeline();
    let instances: Vec<_> = pipelines
        .pipeline_ids()
        .iter()
        .flat_map(|id| pipelines.instances_of(id, component))
        .collect();
    let finished = instances.iter().any(|i| i.status == "FINISHED");
    let status = if finished {
        "FINISHED".to_string()
    } else {
        instances.last().map_or_else(|| "no instance yet".into(), |i| i.status.to_string())
    };
    let objects = view.s3().objects(bucket, prefix).len() as u64;
    vec![
        Check::new(format!("Status of {component}"), status, "FINISHED".into(), finished),
        Check::new(
            format!("Objects under s3://{bucket}/{prefix}"),
            grouped(objects),
            "at least 1".into(),
            objects > 0,
        ),
    ]
}
