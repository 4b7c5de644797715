//! The Firehose view (`#/firehose`): a delivery stream's buffer filling by size and by time,
//! the objects each flush drops into S3, a browser with previews, charts and presets.
//!
//! Everything here reads the World through `FirehoseState`: memos of the Firehose and S3
//! snapshots keyed on `sim.version`, and the recent flushes folded from the event log. Buttons
//! go through `sim.call` (an AWS API call, echoed as `aws firehose ...`) or `sim.act` (an S3
//! action or a simulated producer, shown as a comment).

mod buffer;
mod charts;
mod compare;
pub(crate) mod presets;
pub(crate) use presets::setup_streams_to_s3;
mod setup;
mod stages;

use engine::firehose::DeliveredObjectView;
use engine::firehose::{DeliveryStreamView, FlushReason};
use leptos::prelude::*;

use crate::driver::Sim;
use crate::log_fold::{from_the_start, use_log_fold};
use crate::views::s3::S3Browser;
use buffer::{BufferGauge, FlushHistory};
use charts::Charts;
use compare::RealTimeCompare;
use presets::{PresetNotice, PresetPicker};
use setup::{DeliveryStreamPicker, SendRecords, SetupPanel};
use stages::{DestinationPanel, OpenSearchDocs, RedshiftRows, TransformStage};

/// One flush, as the event log told it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flush {
    pub stream: String,
    pub reason: FlushReason,
    pub records: u64,
    pub bytes: u64,
    pub key: String,
    pub oldest_record_age_ms: u64,
    /// Virtual ms of the flush.
    pub at: u64,
}

/// Flushes kept for the history list.
const FLUSHES_KEPT: usize = 50;

#[derive(Clone, Copy)]
pub struct FirehoseState {
    pub sim: Sim,
    /// The delivery stream the learner picked; `None` follows the first one.
    pub chosen: RwSignal<Option<String>>,
    pub names: Memo<Vec<String>>,
    pub name: Memo<Option<String>>,
    pub stream: Memo<Option<DeliveryStreamView>>,
    pub delivered: Memo<Vec<DeliveredObjectView>>,
    pub buckets: Memo<Vec<String>>,
    pub kinesis_streams: Memo<Vec<String>>,
    /// Recent flushes of every delivery stream, oldest first.
    pub flushes: RwSignal<Vec<Flush>>,
    /// The S3 object being previewed (bucket, key).
    pub preview: RwSignal<Option<(String, String)>>,
}

impl FirehoseState {
    fn new(sim: Sim) -> Self {
        let chosen = RwSignal::new(None::<String>);
        let names = Memo::new(move |_| {
            sim.version.track();
            sim.with_world(|w| w.view().firehose().delivery_stream_names())
        });
        let name = Memo::new(move |_| {
            let names = names.get();
            chosen.get().filter(|c| names.contains(c)).or_else(|| names.first().cloned())
        });
        let stream = Memo::new(move |_| {
            sim.version.track();
            let n = name.get()?;
            sim.with_world(|w| w.view().firehose().delivery_stream(&n))
        });
        let delivered = Memo::new(move |_| {
            sim.version.track();
            let n = name.get().unwrap_or_default();
            sim.with_world(|w| w.view().firehose().delivered_objects(&n))
        });
        let buckets = Memo::new(move |_| {
            sim.version.track();
            sim.with_world(|w| w.view().s3().buckets().into_iter().map(|b| b.name).collect())
        });
        let kinesis_streams = Memo::new(move |_| {
            sim.version.track();
            sim.with_world(|w| w.view().kinesis().stream_names())
        });
        FirehoseState {
            sim,
            chosen,
            names,
            name,
            stream,
            delivered,
            buckets,
            kinesis_streams,
            flushes: RwSignal::new(Vec::new()),
            preview: RwSignal::new(None),
        }
    }

    /// Reads BufferFlushed events from the log; starts again after a rewind or a new world.
    fn follow_the_log(self) {
        use_log_fold(
            self.sim,
            || (),
            from_the_start,
            move |_, log| {
                let fresh = log.fresh;
                let mut found = Vec::new();
                log.events(|r| {
                    if let Some(f) = flush_of(r) {
                        found.push(f);
                    }
                });
                if fresh || !found.is_empty() {
                    self.flushes.update(|all| {
                        if fresh {
                            all.clear();
                        }
                        all.extend(found);
                        let excess = all.len().saturating_sub(FLUSHES_KEPT);
                        all.drain(..excess);
                    });
                }
            },
        );
    }
}

/// The flush an event records, if it is one.
pub fn flush_of(r: &engine::EventRecord) -> Option<Flush> {
    match &r.event {
        engine::Event::Firehose(engine::firehose::Event::BufferFlushed {
            stream,
            reason,
            records,
            bytes,
            key,
            oldest_record_age_ms,
        }) => Some(Flush {
            stream: stream.clone(),
            reason: *reason,
            records: *records,
            bytes: *bytes,
            key: key.clone(),
            oldest_record_age_ms: *oldest_record_age_ms,
            at: r.at,
        }),
        _ => None,
    }
}

/// `1,234,567`.
pub fn grouped(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Bytes as a person reads them: `812 B`, `4.2 KiB`, `1.5 MiB`.
pub fn human_bytes(n: u64) -> String {
    const KIB: f64 = 1024.0;
    let f = n as f64;
    if f < KIB {
        format!("{n} B")
    } else if f < KIB * KIB {
        format!("{:.1} KiB", f / KIB)
    } else {
        format!("{:.1} MiB", f / (KIB * KIB))
    }
}

#[component]
pub fn FirehoseView() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let state = FirehoseState::new(sim);
    provide_context(state);
    state.follow_the_log();
    presets::follow_the_url(state);

    let has_stream = move || state.stream.with(Option::is_some);
    let destination_bucket = Signal::derive(move || {
        state.stream.with(|s| s.as_ref().map(|s| s.destination.bucket.clone())).unwrap_or_default()
    });
    view! {
        <section class="firehose" aria-labelledby="firehose-title">
            <div class="firehose-head">
                <h2 id="firehose-title">"Amazon Data Firehose"</h2>
                <PresetPicker />
            </div>
            <PresetNotice />
            <div class="firehose-bar">
                <DeliveryStreamPicker />
                <SendRecords />
            </div>
            <Show when=has_stream fallback=|| view! { <SetupPanel /> }>
                <TransformStage />
                <div class="firehose-main">
                    <BufferGauge />
                    <FlushHistory />
                </div>
                <DestinationPanel />
                <RedshiftRows />
                <OpenSearchDocs />
                <RealTimeCompare />
                <S3Browser bucket=destination_bucket selected=state.preview />
                <Charts />
                <details class="firehose-create-more">
                    <summary>"Create another delivery stream"</summary>
                    <SetupPanel />
                </details>
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(1234567), "1,234,567");
        assert_eq!(grouped(123), "123");
        assert_eq!(human_bytes(812), "812 B");
        assert_eq!(human_bytes(4300), "4.2 KiB");
        assert_eq!(human_bytes(5 * 1024 * 1024), "5.0 MiB");
    }
}
