//! Presets: one click sets up a situation worth watching, with a short "what to notice" and,
//! where the lesson needs an action, a next step for the learner to press. Each is loadable by
//! URL (`#/streams?preset=hot-partition-key`) and declares the study-note ids it demonstrates.
//!
//! A preset is only API calls and actor commands applied through the sim, so the console shows
//! every `aws kinesis ...` command it ran, and a shared link replays it exactly.

use engine::kinesis::{ActorCommand, KeyDistribution, Retrieval};
use engine::scenario::Speed;
use engine::Command;
use leptos::prelude::*;

use super::consumers::{default_polling, register_call, set_retrieval_command};
use super::reshard::split_at_midpoint;
use super::stream_setup::create_call;
use super::StreamsState;
use crate::driver::Sim;
use crate::state::Shared;
use crate::widgets::preset_kit::{self, Catalog, PresetInfo};

/// What happens after a next step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum After {
    Nothing,
    /// Run at full speed until every record of the stream has expired, then pause.
    FastForwardUntilEmpty,
}

pub struct NextStep {
    pub label: &'static str,
    pub run: fn(StreamsState) -> After,
}

pub struct Preset {
    pub info: PresetInfo,
    setup: fn(Sim),
    pub next: Option<NextStep>,
}

const STREAM: &str = "orders";

pub const PRESETS: &[Preset] = &[
    Preset {
        info: PresetInfo {
            id: "hot-partition-key",
            title: "Hot partition key",
            notice: "80% of 1,500 records/s carry the partition key key-0. Every record of one key hashes to the same point, so key-0's shard gets 1,200 records/s against its limit of 1,000: its lane flashes red and the throttle count climbs while the other shard idles. Splitting cannot fix one key; spreading the load over more keys can.",
            covers: &["S1", "S7", "S9"],
        },
        setup: setup_hot_key,
        next: Some(NextStep { label: "Spread the load over 100 keys", run: spread_keys }),
    },
    Preset {
        info: PresetInfo {
            id: "split-hot-shard",
            title: "Split the hot shard",
            notice: "A quarter of the records use key-0, and shard 1 holds key-0 plus half the other keys: about 1,270 records/s for a shard that takes 1,000. Split it: the parent closes (it keeps its records until retention), two children take its half of the key space, and the throttle count stops rising.",
            covers: &["S7", "S9"],
        },
        setup: setup_hot_shard,
        next: Some(NextStep { label: "Split the hot shard now", run: split_hot_shard }),
    },
    Preset {
        info: PresetInfo {
            id: "slow-consumer",
            title: "Slow consumer falls behind",
            notice: "The consumer slow-reader takes at most 100 records per GetRecords call, once a second, from shards that receive about 200 records/s each. Its iterator age (how old the records it reads are) grows every second. Give it KCL's default of 10,000 records per call and it catches up.",
            covers: &["S8", "S10"],
        },
        setup: setup_slow_consumer,
        next: Some(NextStep { label: "Speed the consumer up", run: speed_up_consumer }),
    },
    Preset {
        info: PresetInfo {
            id: "enhanced-fan-out",
            title: "Enhanced fan-out vs shared throughput",
            notice: "Four classic consumers poll the same shards, each for up to 1,000 records a second. Each shard receives about 900 KB/s, so together they want 3.6 MB/s, but classic consumers share 2 MiB/s per shard: reads are refused and their iterator ages grow. The enhanced fan-out consumer has its own 2 MiB/s per shard, pushed over SubscribeToShard, and stays current.",
            covers: &["S8", "S10"],
        },
        setup: setup_fan_out,
        next: None,
    },
    Preset {
        info: PresetInfo {
            id: "retention-expiry",
            title: "Records expire after retention",
            notice: "Records stay in a shard for the retention period: 24 hours by default, up to 8,760 (older material says 7 days at most). Stop the producer and fast-forward: at the trim horizon the records expire and the stored count falls to zero, whether or not anyone read them.",
            covers: &["S1"],
        },
        setup: setup_retention,
        next: Some(NextStep { label: "Stop the producer and fast-forward a day", run: stop_and_fast_forward }),
    },
    Preset {
        info: PresetInfo {
            id: "resharding-keeps-order",
            title: "Resharding keeps per-key order",
            notice: "A KCL application with two workers reads ten keys. Split shard 0: the parent closes and its children appear, but the application reads the parent to its end (SHARD_END) before it starts the children: their leases wait for the parent, so each key's records are still processed in order.",
            covers: &["S8", "S9", "S10"],
        },
        setup: setup_order,
        next: Some(NextStep { label: "Split shard 0 now", run: split_first_shard }),
    },
    Preset {
        info: PresetInfo {
            id: "massive-stream",
            title: "10,000 records/s on 8 shards",
            notice: "A massive stream: 10,000 records/s spread over 1,000 keys, and a KCL application with four workers processing them in real time. Eight shards carry at most 8,000 records/s, so some writes are throttled and retried. Scale to 12 shards and every record fits.",
            covers: &["S2", "S7", "S9", "S10"],
        },
        setup: setup_massive,
        next: Some(NextStep { label: "Scale to 12 shards (UpdateShardCount)", run: scale_to_twelve }),
    },
];

pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.info.id == id)
}

pub const CATALOG: Catalog =
    Catalog { view: "streams", all: || PRESETS.iter().map(|p| &p.info).collect() };

// ----- setting up ------------------------------------------------------------------------------

fn create_stream(sim: Sim, shards: u32) {
    let _ = sim.call(create_call(STREAM, shards, false));
    // The stream is CREATING until its transition is due: step to it.
    sim.step();
}

fn producer(sim: Sim, id: &str, rate: u32, bytes: u32, keys: KeyDistribution) {
    let note = format!(
        "{id} writes {rate} records/s of {bytes} bytes, keys {}",
        super::producers::describe_keys(&keys)
    );
    sim.act(super::producers::start(id, STREAM, rate, bytes, keys), &note);
}

fn kcl(sim: Sim, app: &str, workers: u16, retrieval: Retrieval, note: &str) {
    sim.act(
        Command::Kinesis(ActorCommand::StartKcl {
            app: app.into(),
            stream: STREAM.into(),
            workers,
            retrieval,
        }),
        note,
    );
}

fn setup_hot_key(sim: Sim) {
    create_stream(sim, 2);
    producer(sim, "producer-1", 1500, 200, KeyDistribution::HotKey { keys: 100, hot_percent: 80 });
}

fn setup_hot_shard(sim: Sim) {
    create_stream(sim, 2);
    producer(sim, "producer-1", 2000, 200, KeyDistribution::HotKey { keys: 100, hot_percent: 25 });
}

fn setup_slow_consumer(sim: Sim) {
    create_stream(sim, 2);
    producer(sim, "producer-1", 400, 200, KeyDistribution::Uniform { keys: 100 });
    kcl(
        sim,
        "slow-reader",
        1,
        Retrieval::Polling { interval_ms: 1000, max_records: 100 },
        "slow-reader polls every shard once a second for at most 100 records",
    );
}

fn setup_fan_out(sim: Sim) {
    create_stream(sim, 2);
    producer(sim, "producer-1", 1800, 1000, KeyDistribution::Uniform { keys: 200 });
    for i in 1..=4 {
        kcl(
            sim,
            &format!("reader-{i}"),
            1,
            Retrieval::Polling { interval_ms: 1000, max_records: 1000 },
            &format!("reader-{i} polls every shard once a second for up to 1,000 records"),
        );
    }
    let arn =
        sim.with_world(|w| w.view().kinesis().stream(STREAM).map(|s| s.arn)).unwrap_or_default();
    let _ = sim.call(register_call(&arn, "fanout-1"));
    kcl(sim, "fanout-1", 1, Retrieval::FanOut, "fanout-1 reads every shard with SubscribeToShard");
}

fn setup_retention(sim: Sim) {
    create_stream(sim, 2);
    producer(sim, "producer-1", 50, 200, KeyDistribution::Uniform { keys: 20 });
}

fn setup_order(sim: Sim) {
    create_stream(sim, 2);
    producer(sim, "producer-1", 200, 200, KeyDistribution::Uniform { keys: 10 });
    kcl(sim, "order-app", 2, default_polling(), "KCL application order-app starts 2 workers");
}

fn setup_massive(sim: Sim) {
    create_stream(sim, 8);
    producer(sim, "producer-1", 10_000, 100, KeyDistribution::Uniform { keys: 1000 });
    kcl(sim, "big-app", 4, default_polling(), "KCL application big-app starts 4 workers");
}

// ----- next steps ------------------------------------------------------------------------------

fn spread_keys(state: StreamsState) -> After {
    if let Some(p) = state.producers.get_untracked().into_iter().next() {
        let keys = KeyDistribution::Uniform { keys: 100 };
        let note = format!("{} spreads its {} records/s over 100 keys", p.id, p.rate);
        state
            .sim
            .act(super::producers::start(&p.id, &p.stream, p.rate, p.record_bytes, keys), &note);
    }
    After::Nothing
}

/// The open shard that holds key-0, the hot key.
fn split_hot_shard(state: StreamsState) -> After {
    if let Some(s) = state.stream.get_untracked() {
        let hot =
            state.sim.with_world(|w| w.view().kinesis().shard_for_partition_key(&s.name, "key-0"));
        if let Some(shard) = s.shards.iter().find(|x| x.open && Some(&x.shard_id) == hot.as_ref()) {
            split_at_midpoint(state, &s.name, shard);
        }
    }
    After::Nothing
}

fn split_first_shard(state: StreamsState) -> After {
    if let Some(s) = state.stream.get_untracked() {
        if let Some(shard) = s.shards.iter().find(|x| x.open) {
            split_at_midpoint(state, &s.name, shard);
        }
    }
    After::Nothing
}

/// A redeploy under the same application name keeps the lease table, so slow-reader resumes
/// from its checkpoints and works off its backlog (stopping and starting it would lose them and
/// read the shards again from TRIM_HORIZON).
fn speed_up_consumer(state: StreamsState) -> After {
    state.sim.act(
        Command::Kinesis(set_retrieval_command("slow-reader", default_polling())),
        "slow-reader is redeployed with KCL's default maxRecords: up to 10,000 records a second, from its checkpoints",
    );
    After::Nothing
}

fn stop_and_fast_forward(state: StreamsState) -> After {
    for p in state.producers.get_untracked() {
        state.sim.act(
            Command::Kinesis(ActorCommand::StopProducer { id: p.id.clone() }),
            &format!("{} stops", p.id),
        );
    }
    After::FastForwardUntilEmpty
}

fn scale_to_twelve(state: StreamsState) -> After {
    let _ = state.sim.call(super::reshard::scale_call(STREAM, 12));
    After::Nothing
}

// ----- loading ---------------------------------------------------------------------------------

/// Starts the preset on a clean world (same seed) and plays it.
pub fn load(state: StreamsState, id: &str) {
    let Some(preset) = find(id) else { return };
    let reset = || {
        state.chosen.set(None);
        state.picked.set(None);
        state.tip.set(None);
        state.split_key.set(String::new());
    };
    preset_kit::start(CATALOG, state.sim, id, reset, preset.setup);
}

/// Loads the preset the URL names (see [`preset_kit::follow_the_url`]).
pub fn follow_the_url(state: StreamsState) {
    preset_kit::follow_the_url(CATALOG, state.sim, move |id| load(state, id), |_| ());
}

#[component]
pub fn PresetPicker() -> impl IntoView {
    let state = expect_context::<StreamsState>();
    preset_kit::preset_picker(CATALOG, move |id| load(state, id))
}

/// The preset's "what to notice", the study notes it covers, and its next step.
#[component]
pub fn PresetNotice() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let state = expect_context::<StreamsState>();
    let sim = state.sim;
    let done = RwSignal::new(None::<String>);
    let fast_forward = RwSignal::new(false);
    // A fresh preset gets a fresh next step.
    Effect::new(move |_| {
        shared.preset.track();
        sim.seed.track();
        done.set(None);
    });
    // Stop fast-forwarding once the stream holds nothing.
    Effect::new(move |_| {
        if !fast_forward.get() {
            return;
        }
        let stored = state
            .stream
            .with(|s| s.as_ref().map_or(0, |s| s.shards.iter().map(|x| x.records).sum::<u64>()));
        if stored == 0 {
            fast_forward.set(false);
            sim.pause();
            sim.speed.set(Speed::Times(1.0));
        }
    });
    preset_kit::preset_notice(CATALOG, move |info| {
        let next = find(info.id)?.next.as_ref()?;
        let (label, run, id) = (next.label, next.run, info.id);
        let is_done = move || done.get().as_deref() == Some(id);
        Some(view! {
            <button
                class="primary-action"
                data-testid="preset-next"
                disabled=is_done
                on:click=move |_| {
                    done.set(Some(id.to_string()));
                    if run(state) == After::FastForwardUntilEmpty {
                        fast_forward.set(true);
                        sim.speed.set(Speed::Max);
                        sim.play();
                    }
                }
            >
                {move || if is_done() { format!("✓ {label}") } else { format!("Next: {label}") }}
            </button>
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_have_unique_url_safe_ids_and_cover_seed_ids() {
        preset_kit::assert_catalog_is_well_formed(CATALOG);
    }

    #[test]
    fn the_issues_presets_are_all_there() {
        for id in [
            "hot-partition-key",
            "split-hot-shard",
            "slow-consumer",
            "enhanced-fan-out",
            "retention-expiry",
            "resharding-keeps-order",
        ] {
            assert!(find(id).is_some(), "{id}");
        }
    }

    #[test]
    fn the_hot_key_lands_in_the_upper_half() {
        // split-hot-shard's numbers assume key-0 hashes into shard 1 of 2.
        let f = engine::kinesis::routing::hash_of_partition_key("key-0") as f64 / 2f64.powi(128);
        assert!(f > 0.5 && f < 0.75, "{f}");
    }
}
