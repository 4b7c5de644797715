//! Firehose levels: buffering hints against a latency target.

use engine::kinesis::KeyDistribution;
use engine::{Command, CommandRecord};

use crate::catalog::BOTH;
use crate::commands::{clickstream_to_s3, producer, update_buffering};
use crate::goal::Goal;
use crate::level::Level;

pub const LEVELS: &[Level] = &[Level {
    id: "fresh-deliveries",
    title: "Objects within 90 seconds",
    view: "firehose",
    story: "The delivery stream to-s3 reads the Kinesis stream clickstream (about 4 KB/s) and buffers up to 128 MiB or 900 seconds. The analysts want every record in S3 within 90 seconds of its arrival. Make the next two objects arrive that fresh.",
    hint: "Firehose flushes when the first of its two buffering hints is reached. At 4 KB/s, how long does 128 MiB take? UpdateDestination changes the hints (the console: aws firehose update-destination ... --extended-s3-destination-update).",
    covers: &["S4", "S5", "S6"],
    exams: BOTH,
    seed: 1,
    start: fresh_start,
    opens_at: 10_000,
    goal: Goal::FreshDeliveries { delivery_stream: "to-s3", objects: 2, max_latency_s: 90 },
    solution: fresh_solution,
    tempting: || vec![update_buffering("to-s3", 1, 1, 900)],
    settles_within_ms: 200_000,
}];

fn fresh_start() -> Vec<CommandRecord> {
    let mut s = clickstream_to_s3(128, 900);
    s.at(2_000).push(producer(
        "producer-1",
        "clickstream",
        20,
        200,
        KeyDistribution::Uniform { keys: 20 },
    ));
    s.finish()
}

fn fresh_solution() -> Vec<Command> {
    vec![update_buffering("to-s3", 1, 1, 60)]
}
