//! Presets: one click sets up a situation worth watching, with a short "what to notice". Each
//! is loadable by URL (`#/firehose?preset=small-vs-large-buffer`) and declares the study-note
//! ids it demonstrates.
//!
//! A preset is only API calls and actor commands applied through the sim, so the console shows
//! every `aws firehose ...` command it ran, and a shared link replays it exactly. Continuous
//! load comes from a Kinesis stream with a simulated producer, read by the delivery stream.

use engine::kinesis::{ActorCommand, KeyDistribution, Retrieval};
use engine::Command;
use leptos::prelude::*;

use engine::firehose::FirehoseCommand;
use engine::firehose::Target;

use super::setup::{
    create_bucket, create_call, kinesis_arn, records_call, sample_record, transform_arn,
    Destination, StreamSpec,
};
use super::FirehoseState;
use crate::driver::Sim;
use crate::widgets::preset_kit::{self, Catalog, PresetInfo};

pub struct Preset {
    pub info: PresetInfo,
    setup: fn(Sim),
    /// The delivery stream the view shows first.
    pub watch: &'static str,
}

const KINESIS: &str = "clickstream";
const BUCKET: &str = "clickstream-archive";

pub const PRESETS: &[Preset] = &[
    Preset {
        info: PresetInfo {
            id: "small-vs-large-buffer",
            title: "Small vs large buffer",
            notice: "One Kinesis stream (about 200 KB/s) feeds two delivery streams. small-buffer (1 MiB or 60 s) flushes by size every few seconds: many small objects, each record waits seconds. large-buffer (128 MiB or 900 s) fills for 15 minutes and flushes by interval: few large objects, records wait up to 15 minutes. Switch between them with the delivery stream picker and compare the latency and size charts.",
            covers: &["S4", "S5", "S6"],
        },
        setup: setup_small_vs_large,
        watch: "small-buffer",
    },
    Preset {
        info: PresetInfo {
            id: "near-real-time",
            title: "Near real time vs real time",
            notice: "The same records go through Kinesis Data Streams and on to Firehose. The KCL application reading the stream sees each record within about a second (real time: see it on the Streams view). Firehose holds them in its buffer until a hint is reached: at this trickle (about 4 KB/s) the 60-second interval comes first, so every object waits about a minute. That buffering is why Firehose is near real time.",
            covers: &["S5", "S6", "S7", "S8"],
        },
        setup: setup_near_real_time,
        watch: "to-s3",
    },
    Preset {
        info: PresetInfo {
            id: "streams-to-s3",
            title: "Streams → Firehose → S3",
            notice: "End to end: a producer writes to the Kinesis stream clickstream; the delivery stream reads it like a consumer (GetRecords once a second per shard), buffers up to 1 MiB or 60 s, gzips the batch and writes one object per flush to s3://clickstream-archive/ under a YYYY/MM/dd/HH/ prefix. Click an object: the preview is decompressed.",
            covers: &["S4", "S5", "S6", "S7"],
        },
        setup: setup_streams_to_s3,
        watch: "clicks-to-s3",
    },
    Preset {
        info: PresetInfo {
            id: "destination-outage",
            title: "Destination outage and the error prefix",
            notice: "The OpenSearch domain behind clicks-to-search is down. Each flush fails, and Firehose retries with back-off for the retry duration (RetryOptions.DurationInSeconds: 300 s by default for OpenSearch, 3600 s for Redshift; an S3 destination keeps retrying for 24 h). Watch the red marks on the retry timeline: when the window ends, the documents are written to S3 under errors/AmazonOpenSearchService-failed/ instead, and nothing reaches the index. Bring the destination back up and new flushes are indexed again.",
            covers: &["S5", "S6"],
        },
        setup: setup_destination_outage,
        watch: "clicks-to-search",
    },
    Preset {
        info: PresetInfo {
            id: "transform-records",
            title: "Transform records (Lambda)",
            notice: "Each record goes through the built-in sandbox-drop-matching function (drop user=user-0) before it is buffered. Ok records are delivered, Dropped ones are discarded on purpose, and records the function cannot parse (here: lines that are not JSON) come back ProcessingFailed and are written under errors/processing-failed/ with the error code and the original data. Compare the three counters with the objects in the S3 browser.",
            covers: &["S5", "S6"],
        },
        setup: setup_transform_records,
        watch: "clicks-transformed",
    },
];

pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.info.id == id)
}

pub const CATALOG: Catalog =
    Catalog { view: "firehose", all: || PRESETS.iter().map(|p| &p.info).collect() };

// ----- setting up ------------------------------------------------------------------------------

fn kinesis_stream(sim: Sim, shards: u32) {
    let _ = sim.call(crate::views::streams::stream_setup::create_call(KINESIS, shards, false));
    // The stream is CREATING until its transition is due: step to it.
    sim.step();
}

fn delivery_stream(sim: Sim, name: &str, size_mbs: u32, interval_s: u32, gzip: bool) {
    let spec = StreamSpec {
        name: name.into(),
        bucket: BUCKET.into(),
        source_arn: kinesis_arn(sim, KINESIS),
        size_mbs,
        interval_s,
        compression: if gzip { "GZIP" } else { "UNCOMPRESSED" }.into(),
        ..StreamSpec::default()
    };
    let _ = sim.call(create_call(&spec));
}

fn producer(sim: Sim, rate: u32, bytes: u32) {
    sim.act(
        Command::Kinesis(ActorCommand::StartProducer {
            id: "producer-1".into(),
            stream: KINESIS.into(),
            rate,
            record_bytes: bytes,
            keys: KeyDistribution::Uniform { keys: 100 },
            batch: 100,
            max_retries: 3,
        }),
        &format!("producer-1 writes {rate} records/s of {bytes} bytes to {KINESIS}"),
    );
}

/// Lets the delivery streams become ACTIVE (they start reading the stream then).
fn settle(sim: Sim) {
    for _ in 0..4 {
        let creating = sim.with_world(|w| {
            w.view().firehose().delivery_streams().iter().any(|s| s.status == "CREATING")
        });
        if !creating {
            break;
        }
        sim.step();
    }
}

fn setup_small_vs_large(sim: Sim) {
    create_bucket(sim, BUCKET);
    kinesis_stream(sim, 2);
    delivery_stream(sim, "small-buffer", 1, 60, false);
    delivery_stream(sim, "large-buffer", 128, 900, false);
    settle(sim);
    producer(sim, 200, 1000);
}

fn setup_near_real_time(sim: Sim) {
    create_bucket(sim, BUCKET);
    kinesis_stream(sim, 1);
    delivery_stream(sim, "to-s3", 1, 60, false);
    settle(sim);
    sim.act(
        Command::Kinesis(ActorCommand::StartKcl {
            app: "live-dashboard".into(),
            stream: KINESIS.into(),
            workers: 1,
            retrieval: Retrieval::Polling { interval_ms: 1000, max_records: 10_000 },
        }),
        "KCL application live-dashboard reads every shard once a second",
    );
    producer(sim, 20, 200);
}

/// Also the S3 view's "Firehose lands objects in S3" preset.
pub(crate) fn setup_streams_to_s3(sim: Sim) {
    create_bucket(sim, BUCKET);
    kinesis_stream(sim, 2);
    delivery_stream(sim, "clicks-to-s3", 1, 60, true);
    settle(sim);
    producer(sim, 100, 500);
}

fn send_batch(sim: Sim, stream: &str, first: u64, n: u64, junk: u64) {
    let unix = sim.with_world(|w| w.now_unix_ms());
    let samples = (first..first + n).map(|i| sample_record(i, unix));
    let junk = (0..junk).map(|j| format!("page_view user-{j} /checkout (not JSON)\n"));
    let _ = sim.call(records_call(stream, samples.chain(junk)));
}

fn setup_destination_outage(sim: Sim) {
    create_bucket(sim, BUCKET);
    let spec = StreamSpec {
        name: "clicks-to-search".into(),
        bucket: BUCKET.into(),
        size_mbs: 1,
        interval_s: 60,
        destination: Destination::OpenSearch,
        error_prefix: "errors/!{firehose:error-output-type}/".into(),
        index: "clicks".into(),
        rotation: "OneDay".into(),
        ..StreamSpec::default()
    };
    let _ = sim.call(create_call(&spec));
    settle(sim);
    sim.act(
        Command::Firehose(FirehoseCommand::SetDestinationOutage {
            delivery_stream: spec.name.clone(),
            destination: Target::OpenSearch,
            down: true,
        }),
        "the OpenSearch destination of clicks-to-search goes down",
    );
    send_batch(sim, &spec.name, 0, 200, 0);
}

fn setup_transform_records(sim: Sim) {
    create_bucket(sim, BUCKET);
    let spec = StreamSpec {
        name: "clicks-transformed".into(),
        bucket: BUCKET.into(),
        size_mbs: 1,
        interval_s: 60,
        transform: Some(transform_arn("sandbox-drop-matching", "user--user-0")),
        error_prefix: "errors/!{firehose:error-output-type}/".into(),
        ..StreamSpec::default()
    };
    let _ = sim.call(create_call(&spec));
    settle(sim);
    send_batch(sim, &spec.name, 0, 100, 5);
}

// ----- loading ---------------------------------------------------------------------------------

/// Starts the preset on a clean world (same seed) and plays it.
pub fn load(state: FirehoseState, id: &str) {
    let Some(preset) = find(id) else { return };
    let reset = || {
        state.chosen.set(Some(preset.watch.to_string()));
        state.preview.set(None);
    };
    preset_kit::start(CATALOG, state.sim, id, reset, preset.setup);
}

/// Loads the preset the URL names (see [`preset_kit::follow_the_url`]).
pub fn follow_the_url(state: FirehoseState) {
    preset_kit::follow_the_url(
        CATALOG,
        state.sim,
        move |id| load(state, id),
        move |id| {
            if let Some(p) = find(id) {
                state.chosen.set(Some(p.watch.to_string()));
            }
        },
    );
}

#[component]
pub fn PresetPicker() -> impl IntoView {
    let state = expect_context::<FirehoseState>();
    preset_kit::preset_picker(CATALOG, move |id| load(state, id))
}

/// The preset's "what to notice" and the study notes it covers.
#[component]
pub fn PresetNotice() -> impl IntoView {
    preset_kit::preset_notice(CATALOG, |_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_have_unique_url_safe_ids_and_cover_seed_ids() {
        preset_kit::assert_catalog_is_well_formed(CATALOG);
        for id in [
            "small-vs-large-buffer",
            "near-real-time",
            "streams-to-s3",
            "destination-outage",
            "transform-records",
        ] {
            assert!(find(id).is_some(), "{id}");
        }
    }
}
