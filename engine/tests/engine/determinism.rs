//! Determinism: the same seed and commands give the same event log, every time, whichever way
//! the run gets there (straight, replayed from the command log, or rewound and replayed from a
//! checkpoint).

use engine::scenario::{reference_commands, reference_fingerprint, REFERENCE_SEED};
use engine::{World, WorldConfig};

const PINNED: &str = include_str!("reference_fingerprint.txt");

fn config() -> WorldConfig {
    WorldConfig { checkpoint_every: 200, ..WorldConfig::with_seed(REFERENCE_SEED) }
}

/// Drives a world the way the UI does: advance to each command's time, then apply it.
fn live_run(config: WorldConfig, until: u64) -> World {
    let mut w = World::new(config);
    for c in reference_commands() {
        w.advance_to(c.at);
        w.apply(c.command);
    }
    w.advance_to(until);
    w
}

fn end_time() -> u64 {
    reference_commands().last().map_or(0, |c| c.at) + 30_000
}

#[test]
fn two_runs_give_the_same_fingerprint_and_it_is_pinned() {
    assert_eq!(reference_fingerprint(), reference_fingerprint());
    // The wasm test compares against the same file: equal here and there means the browser
    // and the native build produce the same log.
    assert_eq!(format!("{:016x}", reference_fingerprint()), PINNED.trim());
}

#[test]
fn replay_of_the_command_log_equals_the_live_run() {
    let end = end_time();
    let live = live_run(config(), end);
    let replayed = World::load(config(), live.commands().to_vec(), end);
    assert_eq!(replayed.log_hash(), live.log_hash());
    assert_eq!(replayed.log().total(), live.log().total());
    assert_eq!(replayed.now(), live.now());
}

#[test]
fn rewinding_to_any_checkpoint_and_replaying_equals_the_straight_run() {
    let end = end_time();
    let straight = live_run(config(), end);
    assert!(straight.checkpoints().len() >= 2, "the scenario should span several checkpoints");
    for t in [0, 1, end / 4, end / 3, end / 2, end - 1] {
        let mut w = live_run(config(), end);
        w.rewind_to(t);
        assert_eq!(w.now(), t);
        w.advance_to(end);
        assert_eq!(w.log_hash(), straight.log_hash(), "rewind to {t} diverged");
        assert_eq!(w.log().total(), straight.log().total());
    }
}

#[test]
fn rewinding_without_checkpoints_replays_from_the_start() {
    let end = end_time();
    let cfg = WorldConfig { max_checkpoints: 0, ..config() };
    let straight = live_run(cfg.clone(), end);
    let mut w = live_run(cfg, end);
    w.rewind_to(end / 2);
    w.advance_to(end);
    assert_eq!(w.log_hash(), straight.log_hash());
}

#[test]
fn step_back_goes_to_an_earlier_moment_and_play_returns_to_the_same_log() {
    let end = end_time();
    let straight = live_run(config(), end);
    let mut w = live_run(config(), end);
    let before = w.now();
    let back = w.step_back();
    assert!(back < before);
    assert_eq!(w.now(), back);
    let back_again = w.step_back();
    assert!(back_again < back);
    w.advance_to(end);
    assert_eq!(w.log_hash(), straight.log_hash());
}

#[test]
fn a_new_command_after_a_rewind_starts_a_new_branch() {
    let end = end_time();
    let mut w = live_run(config(), end);
    let all = w.commands().len();
    w.rewind_to(0);
    assert_eq!(w.commands().len(), all, "commands after the rewind are kept for redo");
    // Commands at time zero run again as the clock reaches zero; the rest wait for redo.
    let at_zero = w.commands().iter().filter(|c| c.at == 0).count();
    assert!(at_zero < all);
    assert_eq!(w.applied_commands().len(), at_zero);
    w.apply(engine::Command::api("Kinesis_20131202.ListStreams", "{}"));
    assert_eq!(w.commands().len(), at_zero + 1, "a new command discards the redo part");
}

#[test]
fn rewinding_and_forgetting_returns_to_an_earlier_state_exactly() {
    // A tour's Back: marks are taken mid-run, after a command applied at a live moment.
    let commands = reference_commands();
    let mut w = World::new(config());
    let mut marks = Vec::new();
    for c in &commands {
        w.advance_to(c.at);
        w.apply(c.command.clone());
        marks.push((w.now(), w.commands().len(), w.log_hash(), w.log().total()));
    }
    w.advance_to(end_time());
    let mut earliest = None;
    for &(t, n, hash, total) in marks.iter().rev().step_by(7) {
        w.rewind_forgetting(t, n);
        assert_eq!((w.now(), w.commands().len()), (t, n));
        assert_eq!((w.log_hash(), w.log().total()), (hash, total), "back to command {n} at {t}");
        earliest = Some((t, n));
    }
    // Moving on from the earliest mark visited is a new branch, the forgotten commands gone
    // for good. (Each Back forgets the later commands, so an earlier mark is the only kind
    // still reachable: which one depends on how many commands the reference scenario has.)
    let Some((t, n)) = earliest else { panic!("the reference scenario has commands") };
    w.rewind_forgetting(t, n);
    w.advance_to(end_time());
    assert_eq!(w.commands().len(), n);
    assert_eq!(w.applied_commands().len(), n);
}

#[test]
fn the_event_log_stays_within_its_bound() {
    let cfg = WorldConfig { log_capacity: 50, ..config() };
    let w = live_run(cfg, end_time());
    assert!(w.log().len() <= 50);
    assert!(w.log().total() > 50, "the scenario should produce more events than the ring holds");
    // The fingerprint still covers every event, dropped or not.
    assert_eq!(w.log_hash(), live_run(config(), end_time()).log_hash());
}

/// The fingerprint only covers what the scenario makes happen: every service must be busy in
/// it, on the code paths most likely to differ between platforms.
#[test]
fn the_reference_scenario_drives_every_service() {
    use engine::{analytics, emr, firehose, s3, Event};
    let w = World::replay(WorldConfig::with_seed(REFERENCE_SEED), reference_commands());
    let events = w.events_since(0).events;
    let mut seen = std::collections::BTreeSet::new();
    for e in &events {
        let kind = match &e.event {
            Event::World(engine::sim::WorldEvent::CommandApplied {
                error: Some(code),
                action,
                ..
            }) => {
                panic!("{action} failed with {code}")
            }
            Event::Kinesis(_) => "kinesis".to_string(),
            Event::Firehose(firehose::Event::BufferFlushed { key, .. }) => {
                // The object key's ending names its compression.
                let ending = key.rsplit('.').next().unwrap_or_default();
                format!("flushed .{ending}")
            }
            Event::Firehose(firehose::Event::DeliveryFailed { .. }) => "delivery retried".into(),
            Event::Firehose(firehose::Event::DeliveryRecovered { .. }) => "recovered".into(),
            Event::S3(s3::Event::ObjectWritten { .. }) => "object written".into(),
            Event::S3(s3::Event::DeleteMarkerCreated { .. }) => "delete marker".into(),
            Event::S3(s3::Event::PartUploaded { .. }) => "part uploaded".into(),
            Event::Analytics(analytics::Event::WindowEmitted { rows, .. }) if *rows > 0 => {
                "window emitted".into()
            }
            Event::Emr(emr::Event::Hdfs {
                event: emr::hdfs::HdfsEvent::BlockPlaced { .. },
                ..
            }) => "block placed".into(),
            Event::Emr(emr::Event::Hdfs {
                event: emr::hdfs::HdfsEvent::DataNodeState { state, .. },
                ..
            }) if state == "stale" => "datanode stale".into(),
            Event::Emr(emr::Event::Hdfs {
                event: emr::hdfs::HdfsEvent::FileLost { .. }, ..
            }) => "hdfs lost".into(),
            Event::Emr(emr::Event::MapReduce {
                event: emr::mapreduce::JobEvent::TaskAttemptKilled { .. },
                ..
            }) => "attempt killed".into(),
            Event::Emr(emr::Event::MapReduce {
                event: emr::mapreduce::JobEvent::OutputWritten { path, .. },
                ..
            }) if path.ends_with("part-00000") => "part file".into(),
            Event::Emr(emr::Event::ClusterStateChanged { state, .. }) if state == "TERMINATED" => {
                "cluster ended".into()
            }
            Event::Iam(engine::iam::Event::UserPolicyPut { .. }) => "iam policy".into(),
            Event::DataPipeline(engine::pipeline::Event::AttemptFinished { status, .. })
                if status == "FINISHED" =>
            {
                "pipeline attempt finished".into()
            }
            _ => continue,
        };
        seen.insert(kind);
    }
    for want in [
        "kinesis",
        "flushed .gz",
        "flushed .zip",
        "flushed .snappy",
        "delivery retried",
        "recovered",
        "object written",
        "window emitted",
        "delete marker",
        "part uploaded",
        "block placed",
        "datanode stale",
        "attempt killed",
        "part file",
        "cluster ended",
        "hdfs lost",
        "iam policy",
        "pipeline attempt finished",
    ] {
        assert!(seen.contains(want), "missing {want}: {seen:?}");
    }
}

/// A reader of the log is told to start over when the world changes under it (a rewind, or
/// another world: a loaded link, a new seed), and reads only new events otherwise.
#[test]
fn reading_the_log_since_a_cursor_starts_over_after_a_rewind_or_a_new_world() {
    use engine::sim::LogCursor;
    let mut w = live_run(config(), 20_000);
    let mut seen = 0u64;
    let first = w.read_log(LogCursor::default(), |_| 0, |_| seen += 1);
    assert!(first.fresh);
    assert_eq!(seen, w.log().total());
    w.advance_by(5_000);
    let mut new = 0u64;
    let second = w.read_log(first.cursor, |_| 0, |_| new += 1);
    assert!(!second.fresh);
    assert_eq!(first.cursor.next + new, second.cursor.next);
    w.rewind_to(10_000);
    let after_rewind = w.read_log(second.cursor, |total| total - 1, |_| {});
    assert!(after_rewind.fresh);
    assert_ne!(after_rewind.cursor.epoch, second.cursor.epoch);
    let other = World::new(config());
    assert!(other.read_log(after_rewind.cursor, |_| 0, |_| {}).fresh);
    assert_ne!(other.epoch(), w.epoch());
}

/// The reference scenario's Snowball import (a world of its own, nine days of virtual time):
/// every command succeeds, a replay of its command log is the live run, and its objects are in
/// S3, written by the Snowball import; the Import/Export Disk job beside it lands its files.
#[test]
fn the_snowball_import_replays_exactly_and_lands_its_objects() {
    use engine::scenario::reference_snowball_commands;
    let commands = reference_snowball_commands();
    let mut live = World::new(WorldConfig::with_seed(REFERENCE_SEED));
    for c in &commands {
        live.advance_to(c.at);
        let out = live.apply(c.command.clone());
        assert!(out.result.is_ok(), "{}: {:?}", c.command.action(), out.result);
    }
    let replayed = World::replay(WorldConfig::with_seed(REFERENCE_SEED), commands.clone());
    assert_eq!(replayed.log_hash(), live.log_hash());
    let job = live.view().snowball().jobs().pop().expect("the job");
    assert_eq!(job.state, engine::snowball::JobState::Complete);
    assert_eq!((job.transferred_objects, job.total_objects), (20_004, 20_004));
    assert!(job.device.erased);
    let objects = live.view().s3().objects("snow-landing", "");
    let keys: Vec<&str> = objects.iter().map(|o| o.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "sensors/sensor-0.csv",
            "sensors/sensor-1.csv",
            "sensors/sensor-2.csv",
            "sensors/sensor-3.csv"
        ]
    );
    let details = live.view().s3().object_details("snow-landing", "sensors/sensor-2.csv");
    assert_eq!(
        live.view().s3().object_bytes("snow-landing", "sensors/sensor-2.csv").as_deref(),
        Some(&b"time,reading\n2,22\n"[..])
    );
    assert!(details.is_some());
    // Beside it, the Import/Export Disk job: the drive's two real files are in S3 and the
    // 1.5 TB described by size is counted.
    let disk = live.view().importexport().jobs().pop().expect("the Disk job");
    assert_eq!(disk.progress, engine::importexport::model::Progress::Complete, "{disk:?}");
    assert_eq!(disk.loaded_objects, 3_002);
    let ledger: Vec<String> =
        live.view().s3().objects("disk-landing", "ledger/").iter().map(|o| o.key.clone()).collect();
    assert_eq!(ledger, ["ledger/0.csv", "ledger/1.csv"]);
    assert_eq!(
        live.view().s3().object_bytes("disk-landing", "ledger/1.csv").as_deref(),
        Some(&b"account,balance\n1,200\n"[..])
    );
}
