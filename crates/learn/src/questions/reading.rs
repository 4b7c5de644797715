//! Kinesis Data Streams questions about reading and keeping: classic consumers sharing a
//! shard's read limits (bytes and calls), KCL workers and leases, the retention period.

use engine::kinesis::{KeyDistribution, Retrieval};

use super::streams::STREAM;
use crate::catalog::BOTH;
use crate::commands::{
    add_worker, create_stream, increase_retention, kcl, kcl_default_polling, producer,
    set_retrieval, stop_producer, update_shard_count,
};
use crate::observe::read_throttles;
use crate::question::{Choice, Draw, Observation, Params, Question};
use crate::script::Script;

pub const QUESTIONS: &[Question] = &[
    Question {
        id: "shared-reads",
        title: "Several applications polling one stream",
        covers: &["S8", "S10"],
        exams: BOTH,
        view: "streams",
        params: shared_read_params,
        prompt: "Each shard of a 2-shard stream receives about {kb} KB/s. {apps} application(s) each read the whole stream with GetRecords (classic polling, about once a second per shard). A shard allows 2 MiB/s of reads, shared by all classic consumers. After 40 seconds, are the applications keeping up?",
        choices: &[
            Choice { label: "Yes: every application stays within a few seconds of the newest record", act: None, holds: |o, _| o.get("lag") <= 5_000 },
            Choice { label: "No: reads are refused (ProvisionedThroughputExceeded) so often that the applications fall further and further behind", act: None, holds: |o, _| o.get("lag") > 5_000 },
        ],
        setup: |p| {
            let mut s = Script::new();
            s.push(create_stream(STREAM, 2));
            let rate = (p.get("kb") * 2) as u32;
            s.at(1_000).push(producer("producer-1", STREAM, rate, 1_000, KeyDistribution::Uniform { keys: 200 }));
            for i in 1..=p.get("apps") {
                s.push(kcl(&format!("reader-{i}"), STREAM, 1, kcl_default_polling()));
            }
            s.finish()
        },
        fork_at: 0,
        run_ms: |_| 40_000,
        observe: |w, p| {
            let mut o = Observation::default();
            o.count("read_throttles", "GetRecords calls refused (last 30 s)", read_throttles(w, STREAM, 10_000, 40_000), "");
            let worst = (1..=p.get("apps")).filter_map(|i| crate::observe::consumer_lag(w, &format!("reader-{i}"))).map(|(ms, _)| ms).max().unwrap_or(0);
            o.count("lag", "The furthest-behind application (MillisBehindLatest)", worst, "ms");
            o
        },
        why: "Classic consumers share a shard's 2 MiB/s and 5 GetRecords calls a second. While the applications together ask for less, an occasional refused call is retried and each keeps up; once they ask for more than 2 MiB/s, calls are refused again and again and every reader falls behind. Enhanced fan-out gives each registered consumer its own 2 MiB/s per shard.",
    },
    Question {
        id: "polling-limit",
        title: "Too many applications polling",
        covers: &["S8", "S10"],
        exams: BOTH,
        view: "streams",
        params: |d| vec![("shards", d.pick(&[1, 2])), ("apps", d.range(6, 8, 1))],
        prompt: "A stream of {shards} shard(s) carries small records, far below 2 MiB/s. {apps} applications each poll every shard with GetRecords once a second, and some of their calls are refused with ReadProvisionedThroughputExceeded. Which change stops the refusals?",
        choices: &[
            Choice { label: "UpdateShardCount to twice as many shards", act: Some(|p| vec![update_shard_count(STREAM, p.get("shards") as u32 * 2)]), holds: no_read_throttles },
            Choice { label: "Register each application as an enhanced fan-out consumer", act: Some(|p| (1..=p.get("apps")).map(|i| set_retrieval(&format!("poller-{i}"), Retrieval::FanOut)).collect()), holds: no_read_throttles },
            Choice { label: "Give each application a second KCL worker", act: Some(|p| (1..=p.get("apps")).map(|i| add_worker(&format!("poller-{i}"))).collect()), holds: no_read_throttles },
        ],
        setup: |p| {
            let mut s = Script::new();
            s.push(create_stream(STREAM, p.get("shards") as u32));
            s.at(1_000).push(producer("producer-1", STREAM, 20, 100, KeyDistribution::Uniform { keys: 50 }));
            for i in 1..=p.get("apps") {
                s.push(kcl(&format!("poller-{i}"), STREAM, 1, kcl_default_polling()));
            }
            s.finish()
        },
        fork_at: 10_000,
        run_ms: |_| 50_000,
        observe: |w, _| {
            let mut o = Observation::default();
            o.count("read_throttles", "GetRecords calls refused in the last 15 s", read_throttles(w, STREAM, 35_000, 50_000), "");
            o
        },
        why: "Besides 2 MiB/s, a shard serves at most 5 GetRecords calls a second, shared by every classic consumer: six or more applications polling once a second ask for more. More shards do not help, since every application still polls every shard; more workers do not either, since a shard's lease has one worker. Enhanced fan-out pushes records to each registered consumer over SubscribeToShard, with its own 2 MiB/s per shard and no GetRecords calls at all.",
    },
    Question {
        id: "kcl-workers",
        title: "More KCL workers than shards",
        covers: &["S10"],
        exams: BOTH,
        view: "streams",
        params: |d| vec![("shards", d.pick(&[2, 3, 4, 6])), ("workers", d.range(2, 8, 1))],
        prompt: "A KCL application with {workers} workers reads a stream of {shards} shards. After it settles, what are its workers doing?",
        choices: &[
            Choice { label: "Some workers hold no lease and sit idle: each shard has one lease, held by one worker", act: None, holds: |o, _| o.get("idle") > 0 },
            Choice { label: "Every worker holds at least one lease and reads", act: None, holds: |o, _| o.get("idle") == 0 && o.get("open") > 0 },
            Choice { label: "The KCL splits shards until every worker has one", act: None, holds: |o, p| o.get("open") > p.get("shards") },
        ],
        setup: |p| {
            let mut s = Script::new();
            s.push(create_stream(STREAM, p.get("shards") as u32));
            s.at(1_000).push(producer("producer-1", STREAM, 200, 100, KeyDistribution::Uniform { keys: 100 }));
            s.push(kcl("orders-app", STREAM, p.get("workers") as u16, kcl_default_polling()));
            s.finish()
        },
        fork_at: 0,
        run_ms: |_| 45_000,
        observe: |w, _| {
            let mut o = Observation::default();
            let apps = w.view().kinesis().kcl_apps();
            let workers = apps.first().map(|a| a.workers.clone()).unwrap_or_default();
            o.count("workers", "Workers", workers.len() as u64, "");
            o.count("idle", "Workers holding no lease", workers.iter().filter(|x| x.leases == 0).count() as u64, "");
            o.count("open", "Open shards", w.view().kinesis().stream(STREAM).map_or(0, |s| s.open_shards as u64), "");
            o
        },
        why: "The KCL keeps one lease per shard in its lease table, and a lease has one owner. Workers balance the leases between them, but with more workers than shards the extra workers have nothing to take: they wait, ready to take over a lease if a worker dies. Scale a KCL application by shards, not by workers.",
    },
    Question {
        id: "retention-replay",
        title: "Can you replay after a bug?",
        covers: &["S1"],
        exams: BOTH,
        view: "streams",
        params: retention_params,
        prompt: "A stream's retention period is {retention} hours. A bug is found {later} hours after a batch of records was written, and nobody has read them since. Can the fixed consumer still read them from the stream?",
        choices: &[
            Choice { label: "Yes: they are still in the stream; read from TRIM_HORIZON", act: None, holds: |o, _| o.get("stored") > 0 },
            Choice { label: "No: they passed the retention period and were trimmed", act: None, holds: |o, _| o.get("stored") == 0 },
        ],
        setup: |p| {
            let mut s = Script::new();
            s.push(create_stream(STREAM, 1));
            if p.get("retention") > 24 {
                s.at(1_000).push(increase_retention(STREAM, p.get("retention") as u32));
            }
            s.at(2_000).push(producer("producer-1", STREAM, 10, 100, KeyDistribution::Uniform { keys: 10 }));
            s.at(12_000).push(stop_producer("producer-1"));
            s.finish()
        },
        fork_at: 0,
        run_ms: |p| p.get("later") as u64 * 3_600_000,
        observe: |w, _| {
            let mut o = Observation::default();
            let s = w.view().kinesis().stream(STREAM);
            o.count("stored", "Records still in the stream", s.as_ref().map_or(0, |s| s.shards.iter().map(|x| x.records).sum()), "");
            o.count("retention", "Retention period", s.map_or(0, |s| s.retention_hours as u64), "hours");
            o
        },
        why: "A stream keeps records for its retention period, 24 hours by default and up to 8,760 (365 days), whether or not anyone read them; then they are trimmed. Replaying after a late bug needs a retention period longer than the time it takes to find the bug (or a copy in S3, which Firehose can keep).",
    },
];

fn no_read_throttles(o: &Observation, _: &Params) -> bool {
    o.get("read_throttles") == 0
}

/// Demands clearly under or over a shard's 2 MiB/s of reads.
fn shared_read_params(d: &mut Draw) -> Vec<(&'static str, i64)> {
    loop {
        let kb = d.pick(&[300, 900]);
        let apps = d.range(1, 4, 1);
        if (kb * apps - 2_097).abs() >= 500 {
            return vec![("kb", kb), ("apps", apps)];
        }
    }
}

fn retention_params(d: &mut Draw) -> Vec<(&'static str, i64)> {
    loop {
        let retention = d.pick(&[24, 48, 72, 168]);
        let later = d.pick(&[12, 20, 30, 60, 90, 150]);
        if (later - retention).abs() >= 8 {
            return vec![("retention", retention), ("later", later)];
        }
    }
}
