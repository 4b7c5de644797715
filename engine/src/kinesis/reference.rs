//! A fixed two-minute scenario that exercises most of Kinesis: a stream, producers with random
//! and skewed keys (so one shard is throttled), a polling KCL application with two workers (one
//! of which dies), an enhanced fan-out application, a split, a merge and a uniform rescale. The
//! native-versus-wasm determinism test replays it and compares event-log hashes.

use super::producer::KeyDistribution;
use super::{ActorCommand, Retrieval};
use crate::sim::{Command, CommandRecord};

fn api(at: u64, action: &str, body: &str) -> CommandRecord {
    CommandRecord { at, command: Command::api(format!("Kinesis_20131202.{action}"), body) }
}

fn actor(at: u64, c: ActorCommand) -> CommandRecord {
    CommandRecord { at, command: Command::Kinesis(c) }
}

pub fn reference_scenario() -> Vec<CommandRecord> {
    let arn = "arn:aws:kinesis:us-east-1:000000000000:stream/orders";
    vec![
        api(0, "CreateStream", r#"{"StreamName":"orders","ShardCount":2}"#),
        actor(
            1_000,
            ActorCommand::StartProducer {
                id: "web".into(),
                stream: "orders".into(),
                rate: 600,
                record_bytes: 200,
                keys: KeyDistribution::Uniform { keys: 1000 },
                batch: 100,
                max_retries: 3,
            },
        ),
        actor(
            1_500,
            ActorCommand::StartProducer {
                id: "flash-sale".into(),
                stream: "orders".into(),
                rate: 1_400,
                record_bytes: 100,
                keys: KeyDistribution::HotKey { keys: 50, hot_percent: 90 },
                batch: 500,
                max_retries: 3,
            },
        ),
        actor(
            2_000,
            ActorCommand::StartKcl {
                app: "billing".into(),
                stream: "orders".into(),
                workers: 2,
                retrieval: Retrieval::Polling { interval_ms: 1_000, max_records: 10_000 },
            },
        ),
        actor(
            2_500,
            ActorCommand::StartKcl {
                app: "dashboard".into(),
                stream: "orders".into(),
                workers: 1,
                retrieval: Retrieval::FanOut,
            },
        ),
        actor(
            3_000,
            ActorCommand::StartProducer {
                id: "mobile".into(),
                stream: "orders".into(),
                rate: 60,
                record_bytes: 400,
                keys: KeyDistribution::Zipf { keys: 200, exponent_milli: 1100 },
                batch: 1,
                max_retries: 3,
            },
        ),
        api(
            20_000,
            "SplitShard",
            r#"{"StreamName":"orders","ShardToSplit":"shardId-000000000000","NewStartingHashKey":"85070591730234615865843651857942052864"}"#,
        ),
        api(
            21_000,
            "SplitShard",
            r#"{"StreamName":"orders","ShardToSplit":"shardId-000000000001","NewStartingHashKey":"255211775190703847597530955573826158592"}"#,
        ),
        actor(40_000, ActorCommand::KillWorker { app: "billing".into(), worker: 0 }),
        api(
            60_000,
            "MergeShards",
            r#"{"StreamName":"orders","ShardToMerge":"shardId-000000000002","AdjacentShardToMerge":"shardId-000000000003"}"#,
        ),
        actor(70_000, ActorCommand::AddWorker { app: "billing".into() }),
        api(
            80_000,
            "UpdateShardCount",
            r#"{"StreamName":"orders","TargetShardCount":4,"ScalingType":"UNIFORM_SCALING"}"#,
        ),
        api(90_000, "ListStreamConsumers", &format!(r#"{{"StreamARN":"{arn}"}}"#)),
        actor(100_000, ActorCommand::StopProducer { id: "flash-sale".into() }),
        api(120_000, "DescribeStreamSummary", r#"{"StreamName":"orders"}"#),
    ]
}
