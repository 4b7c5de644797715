//! The simulated actors: producers with retries, KCL applications with leases, checkpoints,
//! failover and parent-before-child order, enhanced fan-out; and the reference scenario.

use engine::kinesis::{ActorCommand, KeyDistribution, Retrieval};
use engine::scenario::reference_commands as reference_scenario;
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
    let k = &w.view().kinesis();
    let accepted: u64 = k.producers().iter().map(|p| p.stats.accepted).sum::<u64>();
    let written: u64 = k.streams().iter().flat_map(|s| s.shards.iter()).map(|s| s.written).sum();
    let apps = k.kcl_apps();
    let processed: u64 = apps[0].leases.iter().map(|l| l.records_processed).sum();
    assert!(written > 10_000, "{written}");
    assert_eq!(processed, written, "every record processed exactly once");
    let readers: Vec<String> = k.streams()[0]
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
    let p = &w.view().kinesis().producers()[0];
    assert!(p.stats.throttled > 0 && p.stats.accepted > 0, "{:?}", p.stats);
}

#[test]
fn zipf_and_explicit_keys_spread_as_asked() {
    let mut w = World::new(WorldConfig::with_seed(3));
    api(&mut w, "CreateStream", r#"{"StreamName":"s","ShardCount":4}"#);
    w.advance_by(1_000);
    w.apply(producer("z", 200, KeyDistribution::ExplicitHashKeys { keys: 4 }));
    w.advance_by(5_000);
    let shards = &w.view().kinesis().streams()[0].shards;
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
    assert_eq!(w.view().kinesis().streams()[0].open_shards, 4);
    w.apply(producer("p", 3_500, KeyDistribution::Uniform { keys: 10_000 }));
    w.advance_by(130_000);
    let open = w.view().kinesis().streams()[0].open_shards;
    assert!(open >= 7, "scaled to {open}");
}

#[test]
fn reference_scenario_is_deterministic_and_busy() {
    let commands = reference_scenario();
    let a = World::replay(WorldConfig::with_seed(42), commands.clone());
    let b = World::replay(WorldConfig::with_seed(42), commands);
    assert_eq!(a.log_hash(), b.log_hash());
    // Seven minutes: Kinesis's producers stop at two, EMR's transient cluster ends by seven.
    assert_eq!(a.now(), 420_000);
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
    let end = w.now();
    w.rewind_to(30_000);
    w.advance_to(end);
    assert_eq!(w.log_hash(), end_hash);
}

fn lease_lags(w: &World, app: &str) -> Vec<u64> {
    let apps = w.view().kinesis().kcl_apps();
    let a = apps.iter().find(|a| a.app == app).expect("app");
    a.leases
        .iter()
        .filter(|l| l.checkpoint != "SHARD_END")
        .map(|l| l.millis_behind_latest)
        .collect()
}

#[test]
fn set_retrieval_keeps_leases_and_checkpoints() {
    let mut config = WorldConfig::with_seed(7);
    config.log_capacity = 1_000_000;
    let mut w = World::new(config);
    api(&mut w, "CreateStream", r#"{"StreamName":"s","ShardCount":2}"#);
    w.advance_by(1_000);
    w.apply(producer("p", 400, KeyDistribution::Uniform { keys: 100 }));
    let slow = Retrieval::Polling { interval_ms: 1_000, max_records: 50 };
    let out = w.apply(Command::Kinesis(ActorCommand::StartKcl {
        app: "app".into(),
        stream: "s".into(),
        workers: 2,
        retrieval: slow.clone(),
    }));
    assert!(out.result.is_ok());
    w.advance_by(20_000);
    let before = w.view().kinesis().kcl_apps()[0].clone();
    let processed_before: u64 = before.leases.iter().map(|l| l.records_processed).sum();
    assert!(before.leases.iter().all(|l| l.checkpoint.len() > 20), "{:?}", before.leases);
    let lag_before = lease_lags(&w, "app").into_iter().max().unwrap_or(0);
    assert!(lag_before > 5_000, "the slow reader falls behind: {lag_before}");
    let events_before = kinesis_events(&w).len();

    let fast = Retrieval::Polling { interval_ms: 1_000, max_records: 10_000 };
    let out = w.apply(Command::Kinesis(ActorCommand::SetRetrieval {
        app: "app".into(),
        retrieval: fast.clone(),
    }));
    assert!(out.result.is_ok(), "{:?}", out.result);
    w.advance_by(5_000);
    let after = w.view().kinesis().kcl_apps()[0].clone();
    assert_eq!(after.retrieval, fast);
    assert_eq!(after.workers, before.workers, "workers carry over");
    for (a, b) in after.leases.iter().zip(&before.leases) {
        assert_eq!(
            (&a.shard_id, &a.owner, a.lease_counter),
            (&b.shard_id, &b.owner, b.lease_counter)
        );
    }
    let later = &kinesis_events(&w)[events_before..];
    assert!(
        !later.iter().any(|e| matches!(
            e,
            engine::kinesis::Event::LeaseCreated { .. }
                | engine::kinesis::Event::WorkerStarted { .. }
        )),
        "same lease table, same workers"
    );
    // It resumed after its checkpoints (not at TRIM_HORIZON) and caught up.
    let lag_after = lease_lags(&w, "app").into_iter().max().unwrap_or(0);
    assert!(lag_after < 2_000, "caught up: {lag_after}");

    // Over to enhanced fan-out and back, still every record exactly once.
    w.apply(Command::Kinesis(ActorCommand::SetRetrieval {
        app: "app".into(),
        retrieval: Retrieval::FanOut,
    }));
    w.advance_by(5_000);
    w.apply(Command::Kinesis(ActorCommand::SetRetrieval { app: "app".into(), retrieval: slow }));
    w.advance_by(3_000);
    w.apply(Command::Kinesis(ActorCommand::StopProducer { id: "p".into() }));
    w.apply(Command::Kinesis(ActorCommand::SetRetrieval { app: "app".into(), retrieval: fast }));
    w.advance_by(10_000);
    let k = &w.view().kinesis();
    let written: u64 = k.streams()[0].shards.iter().map(|s| s.written).sum();
    let processed: u64 = k.kcl_apps()[0].leases.iter().map(|l| l.records_processed).sum();
    assert!(processed_before < written);
    assert_eq!(processed, written, "nothing read twice, nothing skipped");
    let missing = w.apply(Command::Kinesis(ActorCommand::SetRetrieval {
        app: "nope".into(),
        retrieval: Retrieval::FanOut,
    }));
    assert_eq!(
        missing.result.map_err(|e| e.code.to_string()).unwrap_err(),
        "ResourceNotFoundException"
    );
}

#[test]
fn set_retrieval_survives_the_url_codec() {
    let c = ActorCommand::SetRetrieval {
        app: "a".into(),
        retrieval: Retrieval::Polling { interval_ms: 500, max_records: 10 },
    };
    let json = serde_json::to_string(&c).unwrap_or_default();
    assert_eq!(
        json,
        r#"{"SetRetrieval":{"app":"a","retrieval":{"Polling":{"interval_ms":500,"max_records":10}}}}"#
    );
    assert_eq!(serde_json::from_str::<ActorCommand>(&json).ok(), Some(c));
}

#[test]
fn a_consumer_that_has_not_read_yet_is_as_far_behind_as_its_oldest_record() {
    let mut config = WorldConfig::with_seed(9);
    // The fan-out consumer stays CREATING for a while: no reads until it is ACTIVE.
    config.transition_delay_ms = 15_000;
    let mut w = World::new(config);
    api(&mut w, "CreateStream", r#"{"StreamName":"s","ShardCount":1}"#);
    w.advance_by(15_000);
    w.apply(producer("p", 100, KeyDistribution::Uniform { keys: 10 }));
    w.advance_by(20_000);
    w.apply(Command::Kinesis(ActorCommand::StartKcl {
        app: "late".into(),
        stream: "s".into(),
        workers: 1,
        retrieval: Retrieval::FanOut,
    }));
    w.advance_by(5_000);
    let lags = lease_lags(&w, "late");
    assert_eq!(lags.len(), 1);
    // The first record arrived about 25 s ago (the lag is as of the application's last tick).
    assert!((23_000..=25_500).contains(&lags[0]), "{lags:?}");
    w.advance_by(5_000);
    assert!(lease_lags(&w, "late")[0] >= 28_000, "it grows while nothing is read");
    w.advance_by(20_000);
    assert!(lease_lags(&w, "late")[0] < 2_000, "and recovers once reading");

    // A worker that dies stops reading: its shard's lag grows again.
    w.apply(Command::Kinesis(ActorCommand::KillWorker { app: "late".into(), worker: 0 }));
    w.advance_by(20_000);
    assert!(lease_lags(&w, "late")[0] >= 18_000, "{:?}", lease_lags(&w, "late"));
}

/// Two identical classic consumers started together on one shard, both far behind, each polling
/// five times a second: together they ask for twice the shard's 5 GetRecords calls per second.
/// Over a minute they must share the shard about evenly, not one winning every time because it
/// is always served first (in lockstep it got half as much again as the other).
#[test]
fn classic_consumers_share_a_shards_read_limit_fairly() {
    let mut config = WorldConfig::with_seed(21);
    config.log_capacity = 100;
    let mut w = World::new(config);
    api(&mut w, "CreateStream", r#"{"StreamName":"s","ShardCount":1}"#);
    w.advance_by(1_000);
    w.apply(Command::Kinesis(ActorCommand::StartProducer {
        id: "p".into(),
        stream: "s".into(),
        rate: 900,
        record_bytes: 1_000,
        keys: KeyDistribution::Uniform { keys: 100 },
        batch: 100,
        max_retries: 10,
    }));
    w.advance_by(120_000);
    for app in ["reader-a", "reader-b"] {
        w.apply(Command::Kinesis(ActorCommand::StartKcl {
            app: app.into(),
            stream: "s".into(),
            workers: 1,
            retrieval: Retrieval::Polling { interval_ms: 200, max_records: 300 },
        }));
    }
    w.advance_by(60_000);
    let apps = w.view().kinesis().kcl_apps();
    let got: Vec<u64> =
        apps.iter().map(|a| a.leases.iter().map(|l| l.records_processed).sum()).collect();
    let (lo, hi) = (got[0].min(got[1]), got[0].max(got[1]));
    assert!(lo + hi > 70_000, "the shard's read limit is in use: {got:?}");
    assert!(lo * 10 >= hi * 8, "within 20% of each other: {got:?}");
}

#[test]
fn a_closed_shard_reports_the_span_of_its_remaining_records() {
    let mut w = World::new(WorldConfig::with_seed(4));
    api(&mut w, "CreateStream", r#"{"StreamName":"s","ShardCount":1}"#);
    w.advance_by(1_000);
    let epoch = w.now_unix_ms() - w.now() as i64;
    w.apply(producer("p", 100, KeyDistribution::Uniform { keys: 10 }));
    w.advance_by(10_000);
    let open = w.view().kinesis().closed_shard_remaining("s", 0);
    assert_eq!(open, None, "open shards are not draining");
    api(
        &mut w,
        "SplitShard",
        r#"{"StreamName":"s","ShardToSplit":"shardId-000000000000","NewStartingHashKey":"85070591730234615865843651857942052864"}"#,
    );
    w.advance_by(5_000);
    let r = w.view().kinesis().closed_shard_remaining("s", 0).expect("closed, with records");
    let written = w.view().kinesis().streams()[0].shards[0].written;
    assert_eq!(r.records, written);
    assert!(r.oldest_arrival_unix_ms - epoch >= 1_000 && r.oldest_arrival_unix_ms - epoch < 1_200);
    assert!(r.newest_arrival_unix_ms > r.oldest_arrival_unix_ms);
    assert!(r.newest_arrival_unix_ms - epoch <= 11_600, "{}", r.newest_arrival_unix_ms - epoch);
    assert_eq!(w.view().kinesis().closed_shard_remaining("s", 9), None);
    assert_eq!(w.view().kinesis().closed_shard_remaining("nope", 0), None);
}

/// Eight applications switched to enhanced fan-out at once: RegisterStreamConsumer takes 5
/// calls a second, so three registrations are refused at first; like KCL 2.x, those
/// applications register again on a later tick, and after a few seconds all eight read by
/// SubscribeToShard and none polls.
#[test]
fn fan_out_registrations_refused_by_the_rate_limit_are_retried() {
    let mut w = World::new(WorldConfig::with_seed(3));
    api(&mut w, "CreateStream", r#"{"StreamName":"s","ShardCount":1}"#);
    w.advance_by(1_000);
    w.apply(producer("p", 20, KeyDistribution::Uniform { keys: 10 }));
    let polling = Retrieval::Polling { interval_ms: 1_000, max_records: 10_000 };
    let apps: Vec<String> = (1..=8).map(|i| format!("app-{i}")).collect();
    for app in &apps {
        let out = w.apply(Command::Kinesis(ActorCommand::StartKcl {
            app: app.clone(),
            stream: "s".into(),
            workers: 1,
            retrieval: polling.clone(),
        }));
        assert!(out.result.is_ok());
    }
    w.advance_by(5_000);
    for app in &apps {
        let out = w.apply(Command::Kinesis(ActorCommand::SetRetrieval {
            app: app.clone(),
            retrieval: Retrieval::FanOut,
        }));
        assert!(out.result.is_ok(), "{app}: {:?}", out.result);
    }
    let registered_at_once = kinesis_events(&w)
        .iter()
        .filter(|e| matches!(e, engine::kinesis::Event::ConsumerRegistered { .. }))
        .count();
    assert_eq!(registered_at_once, 5, "5 RegisterStreamConsumer calls a second");
    w.advance_by(10_000);
    let mut registered: Vec<String> = kinesis_events(&w)
        .into_iter()
        .filter_map(|e| match e {
            engine::kinesis::Event::ConsumerRegistered { consumer, .. } => Some(consumer),
            _ => None,
        })
        .collect();
    registered.sort();
    assert_eq!(registered, apps, "each application registered exactly once");
    let since = w.now() - 3_000;
    let polls_after = w
        .events_since(0)
        .events
        .iter()
        .filter(|e| e.at >= since)
        .filter(|e| {
            matches!(&e.event, Event::Kinesis(engine::kinesis::Event::Throttled { operation, .. }) if operation == "GetRecords")
        })
        .count();
    assert_eq!(polls_after, 0);
    assert!(lease_lags(&w, "app-8").into_iter().all(|lag| lag < 2_000));
}
