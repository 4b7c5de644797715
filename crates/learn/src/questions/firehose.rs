//! Firehose questions: which buffering hint flushes first, near real time against real time,
//! what a transform's results become, how long Redshift deliveries are retried, object keys.

use engine::firehose::Target;
use engine::kinesis::KeyDistribution;

use crate::catalog::BOTH;
use crate::commands::{
    clickstream_to_s3, create_bucket, create_delivery_stream, create_stream, kcl,
    kcl_default_polling, outage, producer, put_record_batch, transform_arn, DeliverySpec,
};
use crate::observe::{consumer_lag, delivery_latencies};
use crate::question::{Choice, Draw, Observation, Params, Question};
use crate::script::Script;

const BUCKET: &str = "clickstream-archive";
const SOURCE: &str = "clickstream";
const DELIVERY: &str = "to-s3";

pub const QUESTIONS: &[Question] = &[
    Question {
        id: "first-flush",
        title: "When does the first object land?",
        covers: &["S4", "S5"],
        exams: BOTH,
        view: "firehose",
        params: first_flush_params,
        prompt: "A delivery stream buffers up to {size} MiB or {interval} seconds (BufferingHints) and receives about {kb} KB/s from a Kinesis stream. When does the first object appear in S3?",
        choices: &[
            Choice { label: "After about {interval} s: the interval is reached first", act: None, holds: |o, _| o.get("by_interval") > 0 && o.get("by_size") == 0 },
            Choice { label: "After about {fill} s: the buffer reaches {size} MiB first", act: None, holds: |o, _| o.get("by_size") > 0 && o.get("by_interval") == 0 },
        ],
        setup: |p| {
            let mut s = clickstream_to_s3(p.get("size") as u32, p.get("interval") as u32);
            s.at(2_000).push(producer("producer-1", SOURCE, p.get("kb") as u32, 1_000, KeyDistribution::Uniform { keys: 50 }));
            s.finish()
        },
        fork_at: 0,
        run_ms: |p| (p.get("interval").min(p.get("fill")) as u64 + 20) * 1_000,
        observe: |w, _| {
            let mut o = Observation::default();
            let stream = w.view().firehose().delivery_stream(DELIVERY);
            let c = stream.map(|s| s.counters).unwrap_or_default();
            let objects = w.view().firehose().delivered_objects(DELIVERY);
            let first = objects.first();
            o.count("by_size", "Flushes because the size was reached", c.flushes_by_size, "");
            o.count("by_interval", "Flushes because the interval passed", c.flushes_by_interval, "");
            o.count("wait", "First object: how long its oldest record waited", first.map_or(0, |f| (f.delivered_ms - f.first_arrival_ms).max(0) as u64 / 1000), "s");
            o.count("size", "First object's size", first.map_or(0, |f| f.bytes / 1024), "KiB");
            o
        },
        why: "Firehose flushes a buffer when the first of its two hints is reached: SizeInMBs or IntervalInSeconds. A slow stream reaches the interval first and delivers small objects; a busy one fills the size first and delivers sooner. AWS suggests a size of at least 10 seconds of ingest.",
    },
    Question {
        id: "dashboard-latency",
        title: "A dashboard within 5 seconds",
        covers: &["S4", "S7", "S8"],
        exams: BOTH,
        view: "streams",
        params: |d| vec![("rate", d.range(50, 400, 50))],
        prompt: "Clicks arrive in a Kinesis stream at {rate} records/s. A dashboard must never be more than 5 seconds behind the clicks. Which way of feeding it meets that?",
        choices: &[
            Choice { label: "Firehose to S3 with its smallest common buffering (1 MiB or 60 s), the dashboard reading S3", act: Some(|_| {
                vec![create_bucket(BUCKET), create_delivery_stream(&DeliverySpec { name: DELIVERY, bucket: BUCKET, source_stream: Some(SOURCE), size_mbs: 1, interval_s: 60, ..DeliverySpec::default() })]
            }), holds: within_5_s },
            Choice { label: "A KCL application reading the stream (GetRecords once a second)", act: Some(|_| vec![kcl("dashboard", SOURCE, 1, kcl_default_polling())]), holds: within_5_s },
        ],
        setup: |p| {
            let mut s = Script::new();
            s.push(create_stream(SOURCE, 1));
            s.at(1_000).push(producer("producer-1", SOURCE, p.get("rate") as u32, 200, KeyDistribution::Uniform { keys: 50 }));
            s.finish()
        },
        fork_at: 2_000,
        run_ms: |_| 90_000,
        observe: |w, _| {
            let mut o = Observation::default();
            match consumer_lag(w, "dashboard") {
                Some(_) => {
                    let worst = worst_reader_lag(w, "dashboard", 10_000);
                    o.count("latency", "The KCL application's worst MillisBehindLatest (after its first 10 s)", worst, "ms");
                }
                None => {
                    let objects = delivery_latencies(w, DELIVERY);
                    let worst = objects.iter().copied().max().unwrap_or(w.now());
                    o.count("objects", "Objects Firehose delivered", objects.len() as u64, "");
                    o.count("latency", "Longest an object's oldest record waited for S3", worst, "ms");
                }
            }
            o
        },
        why: "Firehose is near real time: it buffers until a size or interval hint is reached, so records wait up to the interval (60 s here) before they are in S3. A consumer of the stream itself (KCL, Lambda, enhanced fan-out) sees records within about a second: that is real-time processing.",
    },
    Question {
        id: "transform-results",
        title: "Dropped or ProcessingFailed?",
        covers: &["S5", "S6"],
        exams: BOTH,
        view: "firehose",
        params: |d| vec![("heartbeats", d.range(5, 40, 5)), ("broken", d.range(2, 20, 2))],
        prompt: "A delivery stream's Lambda transform returns Dropped for heartbeat events and cannot parse some lines, which come back ProcessingFailed. Of 100 records, {heartbeats} are heartbeats and {broken} are not JSON. Where do they end up?",
        choices: &[
            Choice { label: "Dropped records are discarded on purpose; ProcessingFailed ones are written to S3 under the error prefix (processing-failed)", act: None, holds: |o, p| o.get("to_error_prefix") == p.get("broken") && o.get("delivered") == 100 - p.get("broken") - p.get("heartbeats") },
            Choice { label: "Both kinds are retried until the function returns Ok", act: None, holds: |o, p| o.get("delivered") == 100 && p.get("broken") > 0 },
            Choice { label: "Both kinds go to the error prefix", act: None, holds: |o, p| o.get("to_error_prefix") == p.get("broken") + p.get("heartbeats") },
        ],
        setup: |p| {
            let mut s = Script::new();
            s.push(create_bucket(BUCKET));
            s.push(create_delivery_stream(&DeliverySpec {
                name: DELIVERY,
                bucket: BUCKET,
                size_mbs: 1,
                interval_s: 60,
                transform: Some(transform_arn("sandbox-drop-matching", "event--heartbeat")),
                ..DeliverySpec::default()
            }));
            let (beats, broken) = (p.get("heartbeats"), p.get("broken"));
            let records = (0..100).map(|i| match i {
                i if i < beats => format!("{{\"event\":\"heartbeat\",\"seq\":{i}}}\n"),
                i if i < beats + broken => format!("click {i} user-{i}\n"),
                i => format!("{{\"event\":\"click\",\"seq\":{i}}}\n"),
            });
            s.at(2_000).push(put_record_batch(DELIVERY, records));
            s.finish()
        },
        fork_at: 0,
        run_ms: |_| 70_000,
        observe: |w, _| {
            let mut o = Observation::default();
            let c = w.view().firehose().delivery_stream(DELIVERY).map(|s| s.counters).unwrap_or_default();
            o.count("ok", "Ok", c.transform_ok, "records");
            o.count("dropped", "Dropped", c.transform_dropped, "records");
            o.count("failed", "ProcessingFailed", c.transform_failed, "records");
            o.count("delivered", "Delivered to the bucket", c.records_delivered, "records");
            o.count("to_error_prefix", "Written under the error prefix", c.records_to_error_prefix, "records");
            o
        },
        why: "The Lambda contract gives every record a result. Ok records go on to the buffer. Dropped means the function filtered the record out on purpose: it is counted and gone. ProcessingFailed records are written to S3 under the error output prefix (processing-failed/), with the error code and the original data, so nothing is silently lost.",
    },
    Question {
        id: "redshift-retry",
        title: "Redshift is down",
        covers: &["S5"],
        exams: BOTH,
        view: "firehose",
        params: redshift_params,
        prompt: "A delivery stream loads into Redshift with RetryOptions DurationInSeconds {retry}. Redshift goes down for {outage} minutes just before a batch arrives. What happens to that batch?",
        choices: &[
            Choice { label: "It is loaded once Redshift is back: Firehose is still retrying", act: None, holds: |o, _| o.get("rows") > 0 },
            Choice { label: "Firehose stops retrying after {retry} s; the batch stays in S3, listed under the error prefix (a manifest to COPY by hand)", act: None, holds: |o, _| o.get("rows") == 0 && o.get("error_objects") > 0 },
        ],
        setup: |p| {
            let mut s = Script::new();
            s.push(create_bucket(BUCKET));
            s.push(create_delivery_stream(&DeliverySpec {
                name: DELIVERY,
                bucket: BUCKET,
                size_mbs: 1,
                interval_s: 60,
                redshift_retry_s: Some(p.get("retry") as u32),
                ..DeliverySpec::default()
            }));
            s.at(1_000).push(outage(DELIVERY, Target::Redshift, true));
            let records = (0..20).map(|i| format!("{{\"page\":\"/p/{i}\",\"user\":\"user-{i}\"}}\n"));
            s.at(2_000).push(put_record_batch(DELIVERY, records));
            s.at(1_000 + p.get("outage") as u64 * 60_000).push(outage(DELIVERY, Target::Redshift, false));
            s.finish()
        },
        fork_at: 0,
        run_ms: |p| (p.get("outage") as u64 + 15) * 60_000,
        observe: |w, _| {
            let mut o = Observation::default();
            let view = w.view();
            let f = view.firehose();
            let c = f.delivery_stream(DELIVERY).map(|s| s.counters).unwrap_or_default();
            o.count("rows", "Rows loaded into Redshift", c.rows_loaded, "");
            o.count("error_objects", "Objects under the error prefix", f.error_objects(DELIVERY).len() as u64, "");
            o.count("failures", "Failed delivery attempts", c.delivery_failures, "");
            o
        },
        why: "Firehose stages the batch in S3, then runs COPY. While Redshift is unavailable it retries for RetryOptions.DurationInSeconds (3,600 s by default, at most 7,200), counted from the first failure. Past that it gives up on the batch: the data stays in S3 and a manifest listing it is written under the error prefix, for a manual COPY.",
    },
    Question {
        id: "object-keys",
        title: "Where does Firehose put objects?",
        covers: &["S5", "S6"],
        exams: BOTH,
        view: "firehose",
        params: |d| vec![("records", d.range(10, 200, 10))],
        prompt: "A delivery stream named to-s3 writes to the bucket clickstream-archive with no custom prefix. {records} records arrive. Under which key is the first object written?",
        choices: &[
            Choice { label: "YYYY/MM/dd/HH/ of the arrival time (UTC), then the delivery stream's name, version, time and a random id", act: None, holds: |o, _| o.get("dated") == 1 && o.get("named") == 1 },
            Choice { label: "At the top of the bucket, named by the first record's sequence number", act: None, holds: |o, _| o.get("dated") == 0 && o.get("named") == 0 },
            Choice { label: "Under a folder named after the delivery stream", act: None, holds: |o, _| o.get("folder") == 1 },
        ],
        setup: |p| {
            let mut s = Script::new();
            s.push(create_bucket(BUCKET));
            s.push(create_delivery_stream(&DeliverySpec { name: DELIVERY, bucket: BUCKET, size_mbs: 1, interval_s: 60, ..DeliverySpec::default() }));
            let records = (0..p.get("records")).map(|i| format!("{{\"seq\":{i}}}\n"));
            s.at(2_000).push(put_record_batch(DELIVERY, records));
            s.finish()
        },
        fork_at: 0,
        run_ms: |_| 70_000,
        observe: |w, _| {
            let mut o = Observation::default();
            let key = w.view().firehose().delivered_objects(DELIVERY).first().map(|x| x.key.clone()).unwrap_or_default();
            let parts: Vec<&str> = key.split('/').collect();
            let dated = parts.len() == 5 && parts[..4].iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
            let named = parts.last().is_some_and(|n| n.starts_with(DELIVERY));
            o.text("key", "The first object's key", 0, key.clone());
            o.text("dated", "Starts with a date and hour prefix", dated as i64, if dated { "yes".into() } else { "no".into() });
            o.text("named", "File named after the delivery stream", named as i64, if named { "yes".into() } else { "no".into() });
            o.text("folder", "Under a folder named after the delivery stream", key.starts_with(&format!("{DELIVERY}/")) as i64, if key.starts_with(&format!("{DELIVERY}/")) { "yes".into() } else { "no".into() });
            o
        },
        why: "Without a custom prefix Firehose writes each object under YYYY/MM/dd/HH/ of the oldest record's arrival, in UTC, and names it <delivery stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<random id>. A custom Prefix (with !{timestamp:...} and !{firehose:...} expressions) replaces the date folders.",
    },
];

/// Seconds to fill `size` MiB at `kb` KB/s.
fn fill_seconds(size: i64, kb: i64) -> i64 {
    size * 1_048_576 / (kb * 1_000).max(1)
}

/// Hints and rates where one hint is clearly reached first.
fn first_flush_params(d: &mut Draw) -> Vec<(&'static str, i64)> {
    loop {
        let size = d.pick(&[1, 2, 5]);
        let interval = d.pick(&[60, 120, 300]);
        let kb = d.pick(&[3, 5, 10, 20, 50, 100]);
        let fill = fill_seconds(size, kb);
        if fill * 10 < interval * 7 || fill * 10 > interval * 13 {
            return vec![("size", size), ("interval", interval), ("kb", kb), ("fill", fill)];
        }
    }
}

/// Outages clearly shorter or longer than the retry duration.
fn redshift_params(d: &mut Draw) -> Vec<(&'static str, i64)> {
    let retry = d.pick(&[3_600, 7_200]);
    let outage =
        if retry == 3_600 { d.pick(&[30, 45, 75, 100]) } else { d.pick(&[60, 100, 140, 160]) };
    vec![("retry", retry), ("outage", outage)]
}

/// The highest MillisBehindLatest a reader reported after `from`.
fn worst_reader_lag(w: &engine::World, reader: &str, from: u64) -> u64 {
    let mut worst = 0;
    crate::observe::scan(w, from, w.now() + 1, |e| {
        if let engine::Event::Kinesis(engine::kinesis::Event::RecordsRead {
            reader: r,
            millis_behind_latest,
            ..
        }) = &e.event
        {
            if r == reader {
                worst = worst.max(*millis_behind_latest);
            }
        }
    });
    worst
}

fn within_5_s(o: &Observation, _: &Params) -> bool {
    o.get("latency") <= 5_000
}
