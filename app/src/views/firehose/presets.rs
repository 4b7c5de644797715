//! Presets: one click sets up a situation worth watching, with a short "what to notice". Each
//! is loadable by URL (`#/firehose?preset=small-vs-large-buffer`) and declares the study-note
//! ids it demonstrates.
//!
//! A preset is only API calls and actor commands applied through the sim, so the console shows
//! every `aws firehose ...` command it ran, and a shared link replays it exactly. Continuous
//! load comes from a Kinesis stream with a simulated producer, read by the delivery stream.

use std::cell::RefCell;

use engine::kinesis::{ActorCommand, KeyDistribution, Retrieval};
use engine::scenario::Scenario;
use engine::Command;
use leptos::prelude::*;

use super::setup::{create_body, create_bucket, kinesis_arn, StreamSpec};
use super::FirehoseState;
use crate::driver::Sim;
use crate::routes::{current_hash, Route};
use crate::shell::Shared;

pub struct Preset {
    pub id: &'static str,
    pub title: &'static str,
    pub notice: &'static str,
    /// Study-note ids (SEED_COVERAGE.md) this preset demonstrates.
    pub covers: &'static [&'static str],
    setup: fn(Sim),
    /// The delivery stream the view shows first.
    pub watch: &'static str,
}

const KINESIS: &str = "clickstream";
const BUCKET: &str = "clickstream-archive";

pub const PRESETS: &[Preset] = &[
    Preset {
        id: "small-vs-large-buffer",
        title: "Small vs large buffer",
        notice: "One Kinesis stream (about 200 KB/s) feeds two delivery streams. small-buffer (1 MiB or 60 s) flushes by size every few seconds: many small objects, each record waits seconds. large-buffer (128 MiB or 900 s) fills for 15 minutes and flushes by interval: few large objects, records wait up to 15 minutes. Switch between them with the delivery stream picker and compare the latency and size charts.",
        covers: &["S4", "S5", "S6"],
        setup: setup_small_vs_large,
        watch: "small-buffer",
    },
    Preset {
        id: "near-real-time",
        title: "Near real time vs real time",
        notice: "The same records go through Kinesis Data Streams and on to Firehose. The KCL application reading the stream sees each record within about a second (real time: see it on the Streams view). Firehose holds them in its buffer until a hint is reached: at this trickle (about 4 KB/s) the 60-second interval comes first, so every object waits about a minute. That buffering is why Firehose is near real time.",
        covers: &["S5", "S6", "S7", "S8"],
        setup: setup_near_real_time,
        watch: "to-s3",
    },
    Preset {
        id: "streams-to-s3",
        title: "Streams → Firehose → S3",
        notice: "End to end: a producer writes to the Kinesis stream clickstream; the delivery stream reads it like a consumer (GetRecords once a second per shard), buffers up to 1 MiB or 60 s, gzips the batch and writes one object per flush to s3://clickstream-archive/ under a YYYY/MM/dd/HH/ prefix. Click an object: the preview is decompressed.",
        covers: &["S4", "S5", "S6", "S7"],
        setup: setup_streams_to_s3,
        watch: "clicks-to-s3",
    },
];

pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

thread_local! {
    /// The preset the world was last set up from (survives the view being unmounted).
    static LOADED: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn loaded() -> Option<String> {
    LOADED.with(|l| l.borrow().clone())
}

fn set_loaded(id: Option<String>) {
    LOADED.with(|l| *l.borrow_mut() = id);
}

// ----- setting up ------------------------------------------------------------------------------

fn kinesis_stream(sim: Sim, shards: u32) {
    let body = serde_json::json!({ "StreamName": KINESIS, "ShardCount": shards });
    let _ = sim.call("Kinesis_20131202.CreateStream", &body.to_string());
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
        prefix: String::new(),
        gzip,
    };
    let _ = sim.call("Firehose_20150804.CreateDeliveryStream", &create_body(&spec));
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
            w.view().services.firehose.delivery_streams().iter().any(|s| s.status == "CREATING")
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

fn setup_streams_to_s3(sim: Sim) {
    create_bucket(sim, BUCKET);
    kinesis_stream(sim, 2);
    delivery_stream(sim, "clicks-to-s3", 1, 60, true);
    settle(sim);
    producer(sim, 100, 500);
}

// ----- loading ---------------------------------------------------------------------------------

/// Starts the preset on a clean world (same seed) and plays it.
pub fn load(state: FirehoseState, preset: &Preset) {
    let sim = state.sim;
    set_loaded(Some(preset.id.to_string()));
    sim.load(&Scenario::new(sim.seed.get_untracked()));
    state.chosen.set(Some(preset.watch.to_string()));
    state.preview.set(None);
    (preset.setup)(sim);
    sim.play();
}

/// Loads the preset the URL names. A link that also carries a scenario with commands (`s=`) is
/// restored as it is, not set up again.
pub fn follow_the_url(state: FirehoseState) {
    let shared = expect_context::<Shared>();
    Effect::new(move |first: Option<()>| {
        let wanted = shared.preset.get();
        if first.is_none() && state.sim.with_world(|w| !w.commands().is_empty()) {
            let from_link = Route::parse(&current_hash())
                .scenario
                .and_then(|link| engine::scenario::decode(&link).ok()?.preset);
            let linked = wanted.clone().or(from_link);
            set_loaded(linked.clone());
            if let Some(p) = linked.as_deref().and_then(find) {
                state.chosen.set(Some(p.watch.to_string()));
            }
            if wanted.is_none() && linked.is_some() {
                shared.preset.set(linked);
            }
            return;
        }
        let Some(id) = wanted else { return };
        if loaded().as_deref() == Some(id.as_str()) {
            return;
        }
        if let Some(p) = find(&id) {
            load(state, p);
        }
    });
}

#[component]
pub fn PresetPicker() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let state = expect_context::<FirehoseState>();
    let restart = move |_| {
        if let Some(p) = shared.preset.get_untracked().as_deref().and_then(find) {
            load(state, p);
        }
    };
    view! {
        <div class="preset-picker">
            <label class="field">
                <span>"Preset"</span>
                <select
                    data-testid="preset-select"
                    prop:value=move || shared.preset.get().filter(|p| find(p).is_some()).unwrap_or_default()
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        shared.preset.set((!v.is_empty()).then_some(v));
                    }
                >
                    <option value="">"Choose a preset…"</option>
                    {PRESETS.iter().map(|p| view! { <option value=p.id>{p.title}</option> }).collect_view()}
                </select>
            </label>
            <Show when=move || shared.preset.get().as_deref().and_then(find).is_some()>
                <button data-testid="preset-restart" on:click=restart title="Set the preset up again from the start">
                    "↺ Restart preset"
                </button>
            </Show>
        </div>
    }
}

/// The preset's "what to notice" and the study notes it covers.
#[component]
pub fn PresetNotice() -> impl IntoView {
    let shared = expect_context::<Shared>();
    move || {
        let preset = shared.preset.get().as_deref().and_then(find)?;
        let covers =
            preset.covers.iter().map(|c| view! { <li class="cover">{*c}</li> }).collect_view();
        Some(view! {
            <section class="preset-notice" data-testid="preset-notice" aria-labelledby="fh-notice-title">
                <h3 id="fh-notice-title">"What to notice: " {preset.title}</h3>
                <p>{preset.notice}</p>
                <div class="notice-foot">
                    <span class="covers-label">"Study notes covered:"</span>
                    <ul class="covers" data-testid="preset-covers">{covers}</ul>
                </div>
            </section>
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_have_unique_url_safe_ids_and_cover_seed_ids() {
        let mut ids: Vec<&str> = PRESETS.iter().map(|p| p.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), PRESETS.len());
        for p in PRESETS {
            assert!(
                p.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                p.id
            );
            assert!(!p.covers.is_empty());
            assert!(p.covers.iter().all(|c| c.starts_with('S') && c[1..].parse::<u32>().is_ok()));
        }
        for id in ["small-vs-large-buffer", "near-real-time", "streams-to-s3"] {
            assert!(find(id).is_some(), "{id}");
        }
    }
}
