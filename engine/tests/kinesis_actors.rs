//! The simulated actors: producers with retries, KCL applications with leases, checkpoints,
//! failover and parent-before-child order, enhanced fan-out; and the reference scenario.

use engine::kinesis::{reference_scenario, ActorCommand, KeyDistribution, Retrieval};
use engine::sim::Event;
use engine::{Command, World, WorldConfig};

fn api(w: &mut World, action: &str, body: &str) {
    let out = w.apply(Command::api(format!("Kinesis_20131202.{action}"), body));
    assert!(out.result.is_ok(), "{action}: {:?}", out.result);
}

fn kinesis_events(w: &World) -> Vec<engine::kinesis::Event> {
    w.events_since(0)
        .events
        .into_iter()
        .filter_map(|e| match e.event {
            Event::Kinesis(k) => Some(k),
            _ => None,
        })
        .collect()
}

fn producer(id: &str, rate: u32, keys: KeyDistribution) -> Command {
    Command::Kinesis(ActorCommand::StartProducer {
        id: id.into(),
        stream: "s".into(),
        rate,
        record_bytes: 100,
        keys,
        batch: 100,
        max_retries: 10,
    })
}

fn run_app(retrieval: Retrieval, kill: bool) -> World {
    let mut config = WorldConfig::with_seed(11);
    config.log_capacity = 1_000_000;
    let mut w = World::new(config);
    api(&mut w, "CreateStream", r#"{"StreamName":"s","ShardCount":2}"#);
    w.advance_by(1_000);
    w.apply(producer("p", 400, KeyDistribution::Uniform { keys: 100 }));
    w.apply(Command::Kinesis(ActorCommand::StartKcl {
        app: "app".into(),
        stream: "s".into(),
        workers: 2,
        retrieval,
    }));
    w.advance_by(5_000);
    api(
        &mut w,
        "SplitShard",
        r#"{"StreamName":"s","ShardToSplit":"shardId-000000000000","NewStartingHashKey":"85070591730234615865843651857942052864"}"#,
    );
    w.advance_by(5_000);
    if kill {
        w.apply(Command::Kinesis(ActorCommand::KillWorker { app: "app".into(), worker: 0 }));
    }
    w.advance_by(10_000);
    api(
        &mut w,
        "MergeShards",
        r#"{"StreamName":"s","ShardToMerge":"shardId-000000000003","AdjacentShardToMerge":"shardId-000000000001"}"#,
    );
    w.advance_by(10_000);
    w.apply(Command::Kinesis(ActorCommand::StopProducer { id: "p".into() }));
    w.advance_by(30_000);
    w
}

fn check_every_record_processed_once(w: &World) {
    let k = &w.view().services.kinesis;
    let accepted: u64 = k.producers().iter().map(|p| p.stats.accepted).sum::<u64>();
    let written: u64 = k.streams(0).iter().flat_map(|s| s.shards.iter()).map(|s| s.written).sum();
    let apps = k.kcl_apps();
    let processed: u64 = apps[0].leases.iter().map(|l| l.records_processed).sum();
    assert!(written > 10_000, "{written}");
    assert_eq!(processed, written, "every record processed exactly once");
    let readers: Vec<String> = k.streams(0)[0]
        .shards
        .iter()
        .flat_map(|s| s.readers.iter().map(|r| r.reader.clone()))
        .collect();
    assert!(readers.iter().any(|r| r == "app"), "per-consumer lag is tracked: {readers:?}");
    // Stopped producers leave the views; the events count what they sent.
    let _ = accepted;
    for l in &apps[0].leases {
        assert!(!l.blocked_by_parent || l.records_processed == 0, "{l:?}");
    }
}

#[test]
fn polling_application_reads_everything_once_even_when_a_worker_dies() {
    let w = run_app(Retrieval::Polling { interval_ms: 1_000, max_records: 10_000 }, true);
    check_every_record_processed_once(&w);
    let events = kinesis_events(&w);
    assert!(
        events
            .iter()
            .any(|e| matches!(e, engine::kinesis::Event::LeaseTaken { from_worker: Some(_), .. })),
        "a dead worker's lease is taken over"
    );
    assert!(events.iter().any(|e| matches!(e, engine::kinesis::Event::ShardEnded { .. })));
    // Parents before children: no checkpoint in a child before its parent's SHARD_END.
    let ended = |shard: &str, upto: usize| {
        events[..upto].iter().any(|e| matches!(e, engine::kinesis::Event::ShardEnded { shard_id, .. } if shard_id == shard))
    };
    for (i, e) in events.iter().enumerate() {
        if let engine::kinesis::Event::Checkpointed { shard_id, .. } = e {
            if shard_id == "shardId-000000000002" || shard_id == "shardId-000000000003" {
                assert!(ended("shardId-000000000000", i), "child before parent");
            }
            if shard_id == "shardId-000000000004" {
                assert!(ended("shardId-000000000001", i) && ended("shardId-000000000003", i));
            }
        }
    }
}

#[test]
fn fan_out_application_reads_everything_once() {
    let w = run_app(Retrieval::FanOut, false);
    check_every_record_processed_once(&w);
    let events = kinesis_events(&w);
    assert!(events.iter().any(|e| matches!(e, engine::kinesis::Event::SubscriptionStarted { .. })));
}

#[test]
fn hot_key_is_throttled_and_retried() {
    let mut w = World::new(WorldConfig::with_seed(3));
    api(&mut w, "CreateStream", r#"{"StreamName":"s","ShardCount":4}"#);
    w.advance_by(1_000);
    w.apply(producer("hot", 3_000, KeyDistribution::HotKey { keys: 10, hot_percent: 80 }));
    w.advance_by(10_000);
    let events = kinesis_events(&w);
    assert!(events.iter().any(|e| matches!(e, engine::kinesis::Event::Throttled { .. })));
    assert!(events.iter().any(|e| matches!(e, engine::kinesis::Event::ProducerRetrying { .. })));
    let p = &w.view().services.kinesis.producers()[0];
    assert!(p.stats.throttled > 0 && p.stats.accepted > 0, "{:?}", p.stats);
}

#[test]
fn zipf_and_explicit_keys_spread_as_asked() {
    let mut w = World::new(WorldConfig::with_seed(3));
    api(&mut w, "CreateStream", r#"{"StreamName":"s","ShardCount":4}"#);
    w.advance_by(1_000);
    w.apply(producer("z", 200, KeyDistribution::ExplicitHashKeys { keys: 4 }));
    w.advance_by(5_000);
    let shards = &w.view().services.kinesis.streams(0)[0].shards;
    assert!(
        shards.iter().all(|s| s.written > 150),
        "{:?}",
        shards.iter().map(|s| s.written).collect::<Vec<_>>()
    );
    w.apply(producer("z", 200, KeyDistribution::Zipf { keys: 1000, exponent_milli: 1200 }));
    w.advance_by(5_000);
}

#[test]
fn on_demand_stream_scales_with_traffic() {
    let mut w = World::new(WorldConfig::with_seed(5));
    api(
        &mut w,
        "CreateStream",
        r#"{"StreamName":"s","StreamModeDetails":{"StreamMode":"ON_DEMAND"}}"#,
    );
    w.advance_by(1_000);
    assert_eq!(w.view().services.kinesis.streams(0)[0].open_shards, 4);
    w.apply(producer("p", 3_500, KeyDistribution::Uniform { keys: 10_000 }));
    w.advance_by(130_000);
    let open = w.view().services.kinesis.streams(0)[0].open_shards;
    assert!(open >= 7, "scaled to {open}");
}

#[test]
fn reference_scenario_is_deterministic_and_busy() {
    let commands = reference_scenario();
    let a = World::replay(WorldConfig::with_seed(42), commands.clone());
    let b = World::replay(WorldConfig::with_seed(42), commands);
    assert_eq!(a.log_hash(), b.log_hash());
    assert_eq!(a.now(), 120_000);
    let errors: Vec<_> = a
        .events_since(0)
        .events
        .into_iter()
        .filter_map(|e| match e.event {
            Event::World(engine::sim::WorldEvent::CommandApplied {
                action,
                error: Some(err),
                ..
            }) => Some((action, err)),
            _ => None,
        })
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let kinds: std::collections::BTreeSet<&'static str> = kinesis_events(&a)
        .iter()
        .map(|e| match e {
            engine::kinesis::Event::Throttled { .. } => "Throttled",
            engine::kinesis::Event::ShardSplit { .. } => "ShardSplit",
            engine::kinesis::Event::ShardsMerged { .. } => "ShardsMerged",
            engine::kinesis::Event::LeaseTaken { from_worker: Some(_), .. } => "Failover",
            engine::kinesis::Event::Checkpointed { .. } => "Checkpointed",
            engine::kinesis::Event::SubscriptionStarted { .. } => "Subscribed",
            engine::kinesis::Event::RecordsRead { .. } => "RecordsRead",
            _ => "other",
        })
        .collect();
    for k in [
        "Throttled",
        "ShardSplit",
        "ShardsMerged",
        "Failover",
        "Checkpointed",
        "Subscribed",
        "RecordsRead",
    ] {
        assert!(kinds.contains(k), "missing {k}: {kinds:?}");
    }
    // A different seed changes the run.
    let c = World::replay(WorldConfig::with_seed(43), reference_scenario());
    assert_ne!(a.log_hash(), c.log_hash());
}

#[test]
fn step_back_and_replay_agree() {
    let mut w = World::replay(WorldConfig::with_seed(42), reference_scenario());
    let end_hash = w.log_hash();
    w.rewind_to(30_000);
    w.advance_to(120_000);
    assert_eq!(w.log_hash(), end_hash);
}
