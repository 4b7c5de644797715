//! Kinesis Data Streams questions about writing: where a key goes, what a hot key does and what
//! fixes it, resharding, partial PutRecords failures, a bulk load through a stream.

use engine::kinesis::KeyDistribution;
use engine::{CommandRecord, Event, World};

use crate::catalog::BOTH;
use crate::commands::{
    create_stream, increase_retention, producer, put_records, register_consumer, split_shard,
    update_shard_count,
};
use crate::observe::{scan, stream_writes};
use crate::question::{Choice, Draw, Observation, Params, Question};
use crate::script::Script;

pub(super) const STREAM: &str = "orders";

pub const QUESTIONS: &[Question] = &[
    Question {
        id: "which-shard",
        title: "Which shard does a key go to?",
        covers: &["S9"],
        exams: BOTH,
        view: "streams",
        params: |d| vec![("shards", d.pick(&[2, 3, 4])), ("customer", d.range(1, 9999, 1))],
        prompt: "A stream has {shards} shards, created with an even split of the hash key space. A producer calls PutRecord with the partition key customer-{=customer}. Which shard stores the record?",
        choices: &[
            Choice { label: "shardId-000000000000", act: None, holds: |o, _| o.get("shard") == 0 },
            Choice { label: "shardId-000000000001", act: None, holds: |o, _| o.get("shard") == 1 },
            Choice { label: "shardId-000000000002", act: None, holds: |o, _| o.get("shard") == 2 },
            Choice { label: "shardId-000000000003", act: None, holds: |o, _| o.get("shard") == 3 },
        ],
        setup: |p| {
            let mut s = Script::new();
            s.push(create_stream(STREAM, p.get("shards") as u32));
            let key = format!("customer-{}", p.get("customer"));
            s.at(1_000).push(put_records(STREAM, &[(key, "{\"order\":1}".into())]));
            s.finish()
        },
        fork_at: 0,
        run_ms: |_| 2_000,
        observe: observe_shard_of_key,
        why: "Kinesis takes the MD5 hash of the partition key as a 128-bit number and stores the record in the open shard whose hash key range holds it. The same key always lands on the same shard (until a reshard changes the ranges), which is what keeps one key's records in order.",
    },
    Question {
        id: "hot-key-outcome",
        title: "One hot partition key",
        covers: &["S7", "S9"],
        exams: BOTH,
        view: "streams",
        params: hot_key_params,
        prompt: "A stream has 2 shards (1,000 records/s each). A producer writes {rate} records/s; {hot}% of them carry the partition key key-0, the rest are spread over 99 other keys. What happens over the next 30 seconds?",
        choices: &[
            Choice { label: "Both shards stay under 1,000 records/s: nothing is refused", act: None, holds: |o, _| o.get("throttled") == 0 },
            Choice { label: "The shard holding key-0 refuses writes (ProvisionedThroughputExceeded) while the other has room", act: None, holds: |o, _| o.get("throttled_shards") == 1 },
            Choice { label: "Kinesis splits the busy shard by itself", act: None, holds: |o, _| o.get("open_shards") > 2 },
            Choice { label: "Both shards refuse writes", act: None, holds: |o, _| o.get("throttled_shards") == 2 },
        ],
        setup: |p| hot_key_setup(p.get("rate") as u32, p.get("hot") as u8),
        fork_at: 0,
        run_ms: |_| 31_000,
        observe: observe_writes,
        why: "Every record of one partition key hashes to the same point, so key-0's records all land on one shard, together with the other keys that hash into its half. A shard takes 1,000 records/s (and 1 MiB/s); beyond that its writes are refused with ProvisionedThroughputExceededException while the other shard may idle. A provisioned stream never reshards by itself.",
    },
    Question {
        id: "hot-key-fix",
        title: "What fixes a hot key?",
        covers: &["S9"],
        exams: BOTH,
        view: "streams",
        params: |d| vec![("rate", d.pick(&[1_500, 1_600])), ("hot", d.pick(&[75, 80, 85, 90]))],
        prompt: "A stream has 2 shards. A producer writes {rate} records/s and {hot}% of them use the partition key key-0, so one shard refuses writes. Which change stops the refusals?",
        choices: &[
            Choice { label: "UpdateShardCount to 4 shards", act: Some(|_| vec![update_shard_count(STREAM, 4)]), holds: no_throttles },
            Choice { label: "Spread the records over 100 partition keys", act: Some(|p| vec![producer("producer-1", STREAM, p.get("rate") as u32, 100, KeyDistribution::Uniform { keys: 100 })]), holds: no_throttles },
            Choice { label: "Raise the retention period to 7 days", act: Some(|_| vec![increase_retention(STREAM, 168)]), holds: no_throttles },
            Choice { label: "Register an enhanced fan-out consumer", act: Some(|_| vec![register_consumer(STREAM, "dashboard")]), holds: no_throttles },
        ],
        setup: |p| hot_key_setup(p.get("rate") as u32, p.get("hot") as u8),
        fork_at: 10_000,
        run_ms: |_| 40_000,
        observe: observe_late_writes,
        why: "One partition key always hashes to one shard, so no shard count can carry more than 1,000 records/s of one key: with 4 shards key-0's shard is still over its limit. A key with more values (a random suffix, or a naturally high-cardinality key such as an order id) spreads the records over every shard. Retention and consumers do not change how writes are shared.",
    },
    Question {
        id: "split-keeps-records",
        title: "Where do the records go when a shard splits?",
        covers: &["S9", "S1"],
        exams: BOTH,
        view: "streams",
        params: |d| vec![("rate", d.range(100, 500, 50))],
        prompt: "A producer writes {rate} records/s into a 2-shard stream. After 10 seconds, shard 0 is split. What happens to the records shard 0 received before the split?",
        choices: &[
            Choice { label: "They stay in shard 0, now closed, readable until retention; new records go to its two children", act: None, holds: |o, _| o.get("parent_closed") == 1 && o.get("parent_records") > 0 && o.get("children_records") <= o.get("after_split") },
            Choice { label: "They are moved into the two child shards", act: None, holds: |o, _| o.get("parent_records") == 0 && o.get("children_records") > o.get("after_split") },
            Choice { label: "They are deleted at the split", act: None, holds: |o, _| o.get("parent_records") == 0 && o.get("children_records") <= o.get("after_split") },
        ],
        setup: |p| {
            let mut s = Script::new();
            s.push(create_stream(STREAM, 2));
            s.at(1_000).push(producer("producer-1", STREAM, p.get("rate") as u32, 100, KeyDistribution::Uniform { keys: 100 }));
            s.at(10_000).push(split_shard(STREAM, "shardId-000000000000", 1 << 126));
            s.finish()
        },
        fork_at: 0,
        run_ms: |_| 20_000,
        observe: observe_split,
        why: "A split closes the parent: it takes no more writes, but keeps every record it has until they pass the retention period, and its children start empty. A consumer reads the parent to its end before the children (the KCL does this for you), which keeps each key's records in order.",
    },
    Question {
        id: "uniform-scaling",
        title: "UpdateShardCount",
        covers: &["S9"],
        exams: BOTH,
        view: "streams",
        params: |d| {
            let from = d.pick(&[2, 3, 4]);
            vec![("from", from), ("to", d.range(from + 1, from * 2, 1))]
        },
        prompt: "A stream has {from} shards of equal size. You call UpdateShardCount with TargetShardCount {to} (ScalingType UNIFORM_SCALING). What do the shards look like afterwards?",
        choices: &[
            Choice { label: "Every old shard is closed; {to} new open shards share the hash key space evenly", act: None, holds: |o, p| o.get("old_open") == 0 && o.get("open") == p.get("to") && o.get("even") == 1 },
            Choice { label: "Only the busiest shard is split; the others are unchanged", act: None, holds: |o, p| o.get("old_open") == p.get("from") - 1 },
            Choice { label: "New shards are added beside the old ones, which stay open", act: None, holds: |o, p| o.get("old_open") == p.get("from") },
        ],
        setup: |p| {
            let mut s = Script::new();
            s.push(create_stream(STREAM, p.get("from") as u32));
            s.at(1_000).push(update_shard_count(STREAM, p.get("to") as u32));
            s.finish()
        },
        fork_at: 0,
        run_ms: |_| 5_000,
        observe: |w, p| {
            let mut o = Observation::default();
            let s = w.view().kinesis().stream(STREAM).unwrap_or_else(empty_stream);
            let from = p.get("from") as u32;
            let old_open = s.shards.iter().filter(|x| x.number < from && x.open).count() as u64;
            let open: Vec<_> = s.shards.iter().filter(|x| x.open).collect();
            let size = |x: &&engine::kinesis::ShardView| x.hash_range.end - x.hash_range.start;
            // Equal up to the rounding of 2^128 / n.
            let even = open.iter().map(size).max().zip(open.iter().map(size).min()).is_some_and(|(a, b)| (a - b) <= open.len() as u128);
            o.count("old_open", "Old shards still open", old_open, "");
            o.count("open", "Open shards", open.len() as u64, "");
            o.count("closed", "Closed shards (parents)", s.shards.len() as u64 - open.len() as u64, "");
            o.text("even", "Open shards of equal size", even as i64, if even { "yes".into() } else { "no".into() });
            o
        },
        why: "Uniform scaling rebuilds the hash key space into equal ranges: Kinesis splits and merges until there are the target number of shards of equal size, so every old shard ends up closed (a parent), readable until retention, and the new ones share the key space evenly.",
    },
    Question {
        id: "putrecords-partial",
        title: "PutRecords answered 200",
        covers: &["S1"],
        exams: BOTH,
        view: "streams",
        params: |d| vec![("background", d.pick(&[0, 150, 300, 700, 800, 900]))],
        prompt: "A 1-shard stream already receives {background} records/s from another producer. Your application sends one PutRecords call of 500 records, and the call returns HTTP 200. How many of your 500 records did the stream store?",
        choices: &[
            Choice { label: "All 500: HTTP 200 means every record was stored", act: None, holds: |o, _| o.get("refused") == 0 },
            Choice { label: "Fewer than 500: FailedRecordCount says how many were refused, and those must be sent again", act: None, holds: |o, _| o.get("refused") > 0 },
        ],
        setup: |p| {
            let mut s = Script::new();
            s.push(create_stream(STREAM, 1));
            if p.get("background") > 0 {
                s.at(1_000).push(producer("producer-1", STREAM, p.get("background") as u32, 100, KeyDistribution::Uniform { keys: 50 }));
            }
            let records: Vec<(String, String)> = (0..500).map(|i| (format!("order-{i}"), format!("{{\"order\":{i}}}"))).collect();
            s.at(10_000).push(put_records(STREAM, &records));
            s.finish()
        },
        fork_at: 0,
        run_ms: |_| 11_000,
        observe: observe_api_put,
        why: "PutRecords is not all-or-nothing: the call succeeds (HTTP 200) while single records may fail with ProvisionedThroughputExceededException. The response's FailedRecordCount and each entry's ErrorCode say which; an application must resend only those, with backoff (the KPL and the SDK's retries do this).",
    },
    Question {
        id: "batch-load",
        title: "A nightly batch through a stream?",
        covers: &["S3", "S9"],
        exams: BOTH,
        view: "streams",
        params: |d| {
            let (gb, shards) = (d.pick(&[2, 5, 10]), d.pick(&[2, 4]));
            // A shard takes 1 MiB/s: the whole file, at best.
            vec![("gb", gb), ("shards", shards), ("minutes", gb * 1024 / shards / 60)]
        },
        prompt: "A nightly ETL job must move a {gb} GB export file. Someone suggests pushing it through a Kinesis data stream of {shards} shards as fast as the job can send (records of 50 KB). How long would the load take?",
        choices: &[
            Choice { label: "Under a minute: a stream takes whatever the network can send", act: None, holds: |o, _| o.get("estimate_s") < 60 },
            Choice { label: "About {minutes} minutes or more: each shard accepts at most 1 MiB/s and refuses the rest, so a stream is the wrong tool for a bulk batch load (use S3 with EMR, Glue or Data Pipeline)", act: None, holds: |o, _| o.get("estimate_s") >= 300 },
        ],
        setup: |p| {
            let mut s = Script::new();
            s.push(create_stream(STREAM, p.get("shards") as u32));
            // 10 MB/s offered, far more than the shards take.
            s.at(1_000).push(producer("export-job", STREAM, 200, 50_000, KeyDistribution::Uniform { keys: 1000 }));
            s.finish()
        },
        fork_at: 0,
        run_ms: |_| 21_000,
        observe: |w, p| {
            let mut o = Observation::default();
            let (mut bytes, mut refused) = (0u64, 0u64);
            scan(w, 11_000, 21_000, |e| match &e.event {
                Event::Kinesis(engine::kinesis::Event::RecordsPut { bytes: b, .. }) => bytes += b,
                Event::Kinesis(engine::kinesis::Event::Throttled { records, operation, .. }) if operation.starts_with("PutRecord") => refused += *records as u64,
                _ => {}
            });
            let per_second = bytes / 10;
            o.count("rate", "Accepted by the stream", per_second / 1024, "KiB/s");
            o.count("refused", "Records refused in 10 s (ProvisionedThroughputExceeded)", refused, "");
            let total = p.get("gb") as u64 * 1_000_000_000;
            o.count("estimate_s", format!("Time to load {} GB at that rate", p.get("gb")), total / per_second.max(1), "s");
            o
        },
        why: "A stream is sized in shards for a steady flow: each shard accepts 1 MiB/s (or 1,000 records/s) and refuses the rest, and records expire after the retention period. A bulk file belongs in S3, processed in batch (EMR, Glue, Data Pipeline); Kinesis is for continuous, real-time data.",
    },
    Question {
        id: "per-customer-order",
        title: "Keeping each customer's events in order",
        covers: &["S7", "S8", "S9"],
        exams: BOTH,
        view: "streams",
        params: |d| vec![("customers", d.range(3, 6, 1)), ("events", d.pick(&[8, 12, 16]))],
        prompt: "{customers} customers each send {events} events into a 4-shard stream, and each customer's events must be processed in the order they happened. Kinesis keeps order within a shard. Which partition key does that?",
        choices: &[
            Choice { label: "The customer id", act: Some(|p| customer_events(p, false)), holds: |o, _| o.get("split") == 0 },
            Choice { label: "The customer id plus a random suffix, to spread the load", act: Some(|p| customer_events(p, true)), holds: |o, _| o.get("split") == 0 },
        ],
        setup: |_| {
            let mut s = Script::new();
            s.push(create_stream(STREAM, 4));
            s.finish()
        },
        fork_at: 1_000,
        run_ms: |_| 3_000,
        observe: |w, p| {
            let mut shards: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> = Default::default();
            scan(w, 0, w.now() + 1, |e| {
                if let Event::Kinesis(engine::kinesis::Event::RecordsPut { shard_id, sample_partition_key, .. }) = &e.event {
                    let customer = sample_partition_key.split('#').next().unwrap_or_default().to_string();
                    shards.entry(customer).or_default().insert(shard_id.clone());
                }
            });
            let mut o = Observation::default();
            for (customer, s) in &shards {
                o.count("shards", format!("Shards holding {customer}'s events"), s.len() as u64, "");
            }
            let split = shards.values().filter(|s| s.len() > 1).count() as u64;
            o.count("split", format!("Customers (of {}) whose events landed on more than one shard", p.get("customers")), split, "");
            o
        },
        why: "Kinesis orders records within a shard, by sequence number, and one partition key always hashes to one shard: with the customer id as the key, each customer's events stay in one shard, in order (many customers still spread over all shards). A random suffix spreads one customer's events over several shards, and their relative order across shards is lost.",
    },
];

// ----- parameters --------------------------------------------------------------------------------

/// The busy shard's expected load, per second: key-0's share, and half of the rest.
fn hot_shard_load(rate: i64, hot: i64) -> i64 {
    rate * hot / 100 + rate * (100 - hot) / 200
}

/// Rates and shares whose busy shard is clearly under or clearly over 1,000 records/s.
fn hot_key_params(d: &mut Draw) -> Vec<(&'static str, i64)> {
    loop {
        let rate = d.range(800, 2_000, 100);
        let hot = d.range(10, 90, 10);
        if (hot_shard_load(rate, hot) - 1_000).abs() >= 150 {
            return vec![("rate", rate), ("hot", hot)];
        }
    }
}

fn hot_key_setup(rate: u32, hot: u8) -> Vec<CommandRecord> {
    let mut s = Script::new();
    s.push(create_stream(STREAM, 2));
    s.at(1_000).push(producer(
        "producer-1",
        STREAM,
        rate,
        100,
        KeyDistribution::HotKey { keys: 100, hot_percent: hot },
    ));
    s.finish()
}

/// Each customer's events as one PutRecord-sized call each (so every record's shard shows),
/// keyed by the customer id, with or without a suffix that varies per event.
fn customer_events(p: &Params, suffix: bool) -> Vec<engine::Command> {
    let (customers, events) = (p.get("customers"), p.get("events"));
    (0..events)
        .flat_map(|i| (0..customers).map(move |c| (c, i)))
        .map(|(c, i)| {
            let key = if suffix {
                format!("customer-{c}#{:04x}", (i * 7_919 + c * 104_729 + p.seed as i64) % 65_536)
            } else {
                format!("customer-{c}")
            };
            put_records(STREAM, &[(key, format!("{{\"customer\":{c},\"event\":{i}}}"))])
        })
        .collect()
}

fn no_throttles(o: &Observation, _: &Params) -> bool {
    o.get("throttled") == 0
}

// ----- measuring ---------------------------------------------------------------------------------

pub(super) fn empty_stream() -> engine::kinesis::StreamView {
    engine::kinesis::StreamView {
        name: String::new(),
        arn: String::new(),
        status: String::new(),
        mode: String::new(),
        retention_hours: 0,
        created_unix_ms: 0,
        open_shards: 0,
        encryption: String::new(),
        shards: Vec::new(),
        consumers: Vec::new(),
    }
}

fn shard_number(shard_id: &str) -> i64 {
    shard_id.rsplit('-').next().and_then(|n| n.parse().ok()).unwrap_or(-1)
}

fn observe_shard_of_key(w: &World, p: &Params) -> Observation {
    let key = format!("customer-{}", p.get("customer"));
    let mut o = Observation::default();
    let mut landed = None;
    scan(w, 0, w.now() + 1, |e| {
        if let Event::Kinesis(engine::kinesis::Event::RecordsPut {
            shard_id,
            sample_partition_key,
            sample_hash_key,
            ..
        }) = &e.event
        {
            if *sample_partition_key == key {
                landed = Some((shard_id.clone(), sample_hash_key.clone()));
            }
        }
    });
    let (shard, hash) = landed.unwrap_or_default();
    o.text("hash", format!("MD5 of {key}, as a 128-bit number"), 0, hash);
    o.text("shard", "The shard that stored it", shard_number(&shard), shard);
    o
}

/// Writes over the last 20 s of the run, per shard.
fn observe_writes_from(w: &World, from: u64) -> Observation {
    let to = w.now() / 1000 * 1000;
    let writes = stream_writes(w, STREAM, from, to);
    let seconds = ((to - from) / 1000).max(1);
    let mut o = Observation::default();
    for (id, s) in &writes.shards {
        o.count("shard", format!("{id}: records/s accepted (average)"), s.accepted / seconds, "");
        o.count("shard", format!("{id}: writes refused"), s.throttled, "");
    }
    o.count("throttled", "Writes refused in all", writes.throttled, "");
    o.count("throttled_shards", "Shards refusing writes", writes.throttled_shards() as u64, "");
    o.count(
        "open_shards",
        "Open shards",
        w.view().kinesis().stream(STREAM).map_or(0, |s| s.open_shards as u64),
        "",
    );
    o
}

fn observe_writes(w: &World, _: &Params) -> Observation {
    observe_writes_from(w, 11_000)
}

fn observe_late_writes(w: &World, _: &Params) -> Observation {
    observe_writes_from(w, 25_000)
}

fn observe_split(w: &World, _: &Params) -> Observation {
    let mut o = Observation::default();
    let s = w.view().kinesis().stream(STREAM).unwrap_or_else(empty_stream);
    let parent = s.shards.iter().find(|x| x.number == 0);
    let children: Vec<_> = s
        .shards
        .iter()
        .filter(|x| x.parent_shard_id.as_deref() == Some("shardId-000000000000"))
        .collect();
    let after: u64 = children.iter().map(|c| c.written).sum();
    o.text(
        "parent_closed",
        "Shard 0 is",
        parent.is_some_and(|x| !x.open) as i64,
        if parent.is_some_and(|x| !x.open) { "closed".into() } else { "open".into() },
    );
    o.count(
        "parent_records",
        "Records still readable in shard 0",
        parent.map_or(0, |x| x.records),
        "",
    );
    o.count(
        "children_records",
        "Records in its two children",
        children.iter().map(|c| c.records).sum(),
        "",
    );
    o.count("after_split", "Records written to the children since the split", after, "");
    o
}

/// What the application's own PutRecords call (not a simulated producer's) stored and had
/// refused.
fn observe_api_put(w: &World, _: &Params) -> Observation {
    let (mut stored, mut refused) = (0u64, 0u64);
    scan(w, 10_000, 10_001, |e| match &e.event {
        Event::Kinesis(engine::kinesis::Event::RecordsPut { producer: None, count, .. }) => {
            stored += *count as u64
        }
        Event::Kinesis(engine::kinesis::Event::Throttled {
            reader: None,
            operation,
            records,
            ..
        }) if operation == "PutRecords" => refused += *records as u64,
        _ => {}
    });
    let mut o = Observation::default();
    o.count("stored", "Your records stored", stored, "");
    o.count("refused", "Your records refused (FailedRecordCount)", refused, "");
    o
}
