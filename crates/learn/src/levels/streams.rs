//! Kinesis Data Streams levels: a hot partition key, a hot shard, a consumer falling behind,
//! classic consumers fighting over a shard's read limit.

use engine::kinesis::{KeyDistribution, Retrieval};
use engine::{Command, CommandRecord};

use crate::catalog::BOTH;
use crate::commands::{
    add_worker, create_stream, kcl, kcl_default_polling, producer, register_consumer,
    set_retrieval, split_shard, stop_producer, update_shard_count,
};
use crate::goal::Goal;
use crate::level::Level;
use crate::script::Script;

const STREAM: &str = "orders";

pub const LEVELS: &[Level] = &[
    Level {
        id: "hot-partition-key",
        title: "Cool down a hot partition key",
        view: "streams",
        story: "producer-1 writes 1,500 records/s into orders (2 shards), but 80% of them carry the partition key key-0. Make the stream take all 1,500 records/s for a whole minute without a single ProvisionedThroughputExceeded.",
        hint: "Every record of one partition key hashes to the same point, so it lands on one shard, whatever the shard count. A shard takes 1,000 records/s. Which of the two numbers can you change?",
        covers: &["S1", "S7", "S9"],
        exams: BOTH,
        seed: 1,
        start: hot_key_start,
        opens_at: 5_000,
        goal: Goal::SteadyWrites { stream: STREAM, seconds: 60, min_per_second: 1_400 },
        solution: hot_key_solution,
        tempting: || vec![update_shard_count(STREAM, 4)],
        settles_within_ms: 90_000,
    },
    Level {
        id: "split-hot-shard",
        title: "Split the hot shard",
        view: "streams",
        story: "producer-1 writes 2,000 records/s into orders (2 shards); a quarter of them use key-0, which lands on shard 1 along with half the other keys: about 1,250 records/s for a shard that takes 1,000. Keep all 2,000 records/s flowing for a minute with nothing refused, without touching the producer.",
        hint: "Only one shard is over its limit. Resharding can give its half of the hash key space to two shards.",
        covers: &["S7", "S9"],
        exams: BOTH,
        seed: 1,
        start: hot_shard_start,
        opens_at: 5_000,
        goal: Goal::SteadyWrites { stream: STREAM, seconds: 60, min_per_second: 1_900 },
        solution: hot_shard_solution,
        tempting: || vec![update_shard_count(STREAM, 3)],
        settles_within_ms: 90_000,
    },
    Level {
        id: "slow-consumer",
        title: "Catch a slow consumer up",
        view: "streams",
        story: "The KCL application slow-reader reads orders (about 200 records/s per shard) with GetRecords once a second, but takes at most 100 records per call. It is falling further behind every second. Bring it back to within 3 seconds of the newest record.",
        hint: "A shard allows 5 GetRecords calls and 2 MiB a second, far more than slow-reader asks for. Look at its retrieval settings, not at the number of workers.",
        covers: &["S8", "S10"],
        exams: BOTH,
        seed: 1,
        start: slow_consumer_start,
        opens_at: 30_000,
        goal: Goal::ConsumerCurrent { app: "slow-reader", max_behind_ms: 3_000 },
        solution: slow_consumer_solution,
        tempting: || vec![add_worker("slow-reader")],
        settles_within_ms: 60_000,
    },
    Level {
        id: "shared-read-limit",
        title: "Four readers, one read limit",
        view: "streams",
        story: "Four applications poll every shard of orders, which receives about 900 KB/s per shard. Together they want 3.6 MB/s per shard; classic consumers share 2 MiB/s. Get all four applications reading within 3 seconds of the tip with no GetRecords refused for 30 seconds.",
        hint: "Enhanced fan-out gives each registered consumer its own 2 MiB/s per shard, pushed with SubscribeToShard.",
        covers: &["S8", "S10"],
        exams: BOTH,
        seed: 1,
        start: shared_read_start,
        opens_at: 20_000,
        goal: Goal::All(&[
            Goal::NoReadThrottles { stream: STREAM, seconds: 30 },
            Goal::ConsumerCurrent { app: "reader-1", max_behind_ms: 3_000 },
            Goal::ConsumerCurrent { app: "reader-2", max_behind_ms: 3_000 },
            Goal::ConsumerCurrent { app: "reader-3", max_behind_ms: 3_000 },
            Goal::ConsumerCurrent { app: "reader-4", max_behind_ms: 3_000 },
        ]),
        solution: shared_read_solution,
        tempting: || READERS.iter().map(|app| register_consumer(STREAM, app)).collect(),
        settles_within_ms: 90_000,
    },
];

fn stream_with_producer(rate: u32, bytes: u32, keys: KeyDistribution) -> Script {
    let mut s = Script::new();
    s.push(create_stream(STREAM, 2));
    s.at(1_000).push(producer("producer-1", STREAM, rate, bytes, keys));
    s
}

fn hot_key_start() -> Vec<CommandRecord> {
    stream_with_producer(1_500, 200, KeyDistribution::HotKey { keys: 100, hot_percent: 80 })
        .finish()
}

fn hot_key_solution() -> Vec<Command> {
    vec![
        stop_producer("producer-1"),
        producer("producer-2", STREAM, 1_500, 200, KeyDistribution::Uniform { keys: 100 }),
    ]
}

fn hot_shard_start() -> Vec<CommandRecord> {
    stream_with_producer(2_000, 200, KeyDistribution::HotKey { keys: 100, hot_percent: 25 })
        .finish()
}

/// Shard 1 of two holds the upper half of the hash key space; split it in the middle.
fn hot_shard_solution() -> Vec<Command> {
    vec![split_shard(STREAM, "shardId-000000000001", 3 << 126)]
}

fn slow_consumer_start() -> Vec<CommandRecord> {
    let mut s = stream_with_producer(400, 200, KeyDistribution::Uniform { keys: 100 });
    s.push(kcl(
        "slow-reader",
        STREAM,
        1,
        Retrieval::Polling { interval_ms: 1000, max_records: 100 },
    ));
    s.finish()
}

fn slow_consumer_solution() -> Vec<Command> {
    vec![set_retrieval("slow-reader", kcl_default_polling())]
}

const READERS: [&str; 4] = ["reader-1", "reader-2", "reader-3", "reader-4"];

fn shared_read_start() -> Vec<CommandRecord> {
    let mut s = stream_with_producer(1_800, 1_000, KeyDistribution::Uniform { keys: 200 });
    for app in READERS {
        s.push(kcl(app, STREAM, 1, Retrieval::Polling { interval_ms: 1000, max_records: 1000 }));
    }
    s.finish()
}

fn shared_read_solution() -> Vec<Command> {
    READERS
        .iter()
        .flat_map(|app| [register_consumer(STREAM, app), set_retrieval(app, Retrieval::FanOut)])
        .collect()
}
