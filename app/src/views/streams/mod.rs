//! The Streams view (`#/streams`): shards as lanes on the hash key space, producers, consumers,
//! throttling, resharding and presets.
//!
//! Everything here reads the World through `StreamsState`: memos of the Kinesis snapshot keyed
//! on `sim.version`, and an `Activity` folded from the event log. Buttons go through
//! `sim.call` (an AWS API call, echoed as `aws kinesis ...`) or `sim.act` (a simulated actor).

mod activity;
mod charts;
mod consumer_card;
mod consumers;
mod keyspace;
mod lanes;
mod meters;
pub(crate) mod presets;
mod producers;
mod record_tip;
mod reshard;
pub(crate) mod stream_setup;

use engine::kinesis::{KclView, ProducerView, StreamView};
use leptos::prelude::*;

use crate::driver::Sim;
use crate::log_fold::{from_the_start, use_log_fold};
use activity::{Activity, Dot};
use charts::{AgeHistory, Charts};
use consumers::ConsumersPanel;
use lanes::ShardLanes;
use meters::grouped;
use presets::{PresetNotice, PresetPicker};
use producers::ProducersPanel;
use record_tip::RecordTip;
use reshard::ReshardPanel;
use stream_setup::{CreateStreamForm, RetentionControl, StreamPicker};

/// What every part of the view reads and writes.
#[derive(Clone, Copy)]
pub struct StreamsState {
    pub sim: Sim,
    /// The stream the learner picked; `None` follows the first stream.
    pub chosen: RwSignal<Option<String>>,
    pub names: Memo<Vec<String>>,
    pub name: Memo<Option<String>>,
    pub stream: Memo<Option<StreamView>>,
    pub producers: Memo<Vec<ProducerView>>,
    pub apps: Memo<Vec<KclView>>,
    pub activity: RwSignal<Activity>,
    pub ages: RwSignal<AgeHistory>,
    /// The shard picked on the lanes for a split or merge.
    pub picked: RwSignal<Option<String>>,
    /// The new starting hash key for a split (decimal text, as AWS takes it).
    pub split_key: RwSignal<String>,
    /// The record (or batch) the learner is looking at.
    pub tip: RwSignal<Option<Dot>>,
}

impl StreamsState {
    fn new(sim: Sim) -> Self {
        let chosen = RwSignal::new(None::<String>);
        let names = Memo::new(move |_| {
            sim.version.track();
            sim.with_world(|w| w.view().kinesis().stream_names())
        });
        let name = Memo::new(move |_| {
            let names = names.get();
            chosen.get().filter(|c| names.contains(c)).or_else(|| names.first().cloned())
        });
        let stream = Memo::new(move |_| {
            sim.version.track();
            let n = name.get()?;
            sim.with_world(|w| w.view().kinesis().stream(&n))
        });
        let producers = Memo::new(move |_| {
            sim.version.track();
            let n = name.get().unwrap_or_default();
            sim.with_world(|w| {
                let mut p = w.view().kinesis().producers();
                p.retain(|p| p.stream == n);
                p
            })
        });
        let apps = Memo::new(move |_| {
            sim.version.track();
            let n = name.get().unwrap_or_default();
            sim.with_world(|w| {
                let mut a = w.view().kinesis().kcl_apps();
                a.retain(|a| a.stream == n);
                a
            })
        });
        StreamsState {
            sim,
            chosen,
            names,
            name,
            stream,
            producers,
            apps,
            activity: RwSignal::new(Activity::default()),
            ages: RwSignal::new(AgeHistory::default()),
            picked: RwSignal::new(None),
            split_key: RwSignal::new(String::new()),
            tip: RwSignal::new(None),
        }
    }

    /// Reads new events into the activity; rebuilds it after a rewind, a change of stream, or a
    /// new world (a preset, a link, a new seed).
    fn follow_the_log(self) {
        let name = move || self.name.get().unwrap_or_default();
        use_log_fold(self.sim, name, from_the_start, move |name, log| {
            let (fresh, now) = (log.fresh, log.world.now());
            let mut changed = false;
            self.activity.try_update_untracked(|a| {
                if fresh {
                    *a = Activity::new(name);
                    changed = true;
                }
                log.events(|r| changed |= a.apply(r));
                changed |= a.prune(now);
            });
            if changed {
                self.activity.notify();
            }
            if fresh {
                self.ages.set(AgeHistory::default());
            }
            let lags =
                consumers::consumer_lags(&self.stream.get_untracked(), &self.apps.get_untracked());
            self.ages.update(|h| h.sample(now, &lags));
        });
    }
}

#[component]
pub fn StreamsView() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let state = StreamsState::new(sim);
    provide_context(state);
    state.follow_the_log();
    presets::follow_the_url(state);

    let has_stream = move || state.stream.with(Option::is_some);
    view! {
        <section class="streams" aria-labelledby="streams-title">
            <div class="streams-head">
                <h2 id="streams-title">"Kinesis Data Streams"</h2>
                <PresetPicker />
            </div>
            <PresetNotice />
            <div class="streams-bar">
                <StreamPicker />
                <ThrottleCounter />
                <RetentionControl />
            </div>
            <Show when=has_stream fallback=|| view! { <CreateStreamForm /> }>
                <div class="streams-main">
                    <ShardLanes />
                    <RecordTip />
                </div>
                <ReshardPanel />
                <div class="streams-panels">
                    <ProducersPanel />
                    <ConsumersPanel />
                </div>
                <Charts />
                <details class="streams-create-more">
                    <summary>"Create another stream"</summary>
                    <CreateStreamForm />
                </details>
            </Show>
        </section>
    }
}

/// The running count of records refused for exceeding a shard's write limit, and the producers'
/// retries.
#[component]
fn ThrottleCounter() -> impl IntoView {
    let state = expect_context::<StreamsState>();
    let counts = Memo::new(move |_| {
        state.activity.with(|a| (a.write_throttled, a.retries, a.dropped, a.read_throttled))
    });
    let stored = Memo::new(move |_| {
        state
            .stream
            .with(|s| s.as_ref().map_or(0, |s| s.shards.iter().map(|x| x.records).sum::<u64>()))
    });
    let expired = Memo::new(move |_| state.activity.with(|a| a.expired));
    view! {
        <div class="throttle-counter" aria-live="off">
            <div class="counter">
                <span class="counter-label" title="Records in the shards, readable until retention trims them">"Stored"</span>
                <strong data-testid="stored-records">{move || grouped(stored.get())}</strong>
            </div>
            <div class="counter">
                <span class="counter-label" title="Records trimmed at the trim horizon (older than the retention period)">"Expired"</span>
                <strong data-testid="expired-records">{move || grouped(expired.get())}</strong>
            </div>
            <div class="counter" class:hot={move || counts.get().0 > 0}>
                <span class="counter-label" title="Records refused with ProvisionedThroughputExceededException (write limit)">
                    "Throttled writes"
                </span>
                <strong data-testid="throttle-count">{move || counts.get().0.to_string()}</strong>
            </div>
            <div class="counter">
                <span class="counter-label" title="Records the producers sent again after a throttle (exponential backoff with jitter)">
                    "Producer retries"
                </span>
                <strong data-testid="retry-count">{move || grouped(counts.get().1)}</strong>
            </div>
            <div class="counter">
                <span class="counter-label" title="Records dropped after the last retry">"Dropped"</span>
                <strong>{move || grouped(counts.get().2)}</strong>
            </div>
            <div class="counter">
                <span class="counter-label" title="GetRecords calls refused by the shared 2 MiB/s read limit">
                    "Throttled reads"
                </span>
                <strong data-testid="read-throttle-count">{move || grouped(counts.get().3)}</strong>
            </div>
        </div>
    }
}
