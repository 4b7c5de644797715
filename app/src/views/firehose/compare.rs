//! Real time against near real time: when a Streams application reads the same Kinesis stream
//! the delivery stream reads, how far behind each one is.

use engine::kinesis::KclView;
use leptos::prelude::*;

use super::buffer::duration;
use super::{grouped, FirehoseState};

/// (application, records processed, ms behind the newest record) of each KCL application on
/// `stream`: the most behind of its shards.
pub fn readers(apps: &[KclView], stream: &str) -> Vec<(String, u64, u64)> {
    apps.iter()
        .filter(|a| a.stream == stream)
        .map(|a| {
            let live = a.leases.iter().filter(|l| l.checkpoint != "SHARD_END");
            let lag = live.clone().map(|l| l.millis_behind_latest).max().unwrap_or(0);
            let done = a.leases.iter().map(|l| l.records_processed).sum();
            (a.app.clone(), done, lag)
        })
        .collect()
}

#[component]
pub fn RealTimeCompare() -> impl IntoView {
    let state = expect_context::<FirehoseState>();
    let sim = state.sim;
    let source =
        Memo::new(move |_| state.stream.with(|s| s.as_ref().and_then(|s| s.source_stream.clone())));
    let rows = Memo::new(move |_| {
        sim.version.track();
        let Some(stream) = source.get() else { return Vec::new() };
        sim.with_world(|w| readers(&w.view().kinesis().kcl_apps(), &stream))
    });
    let waiting = move || {
        let now = sim.now.get();
        state.stream.with(|s| {
            s.as_ref().and_then(|s| s.buffer.first_at.filter(|_| s.buffer.records > 0)).map_or(
                "nothing buffered".to_string(),
                |first| {
                    format!(
                        "oldest buffered record waiting {}",
                        duration(now.saturating_sub(first))
                    )
                },
            )
        })
    };
    let last_latency = move || {
        state.delivered.with(|d| {
            d.last().map_or("no object delivered yet".to_string(), |o| {
                format!(
                    "last object delivered {} after its oldest record arrived",
                    duration((o.delivered_ms - o.first_arrival_ms).max(0) as u64)
                )
            })
        })
    };
    view! {
        <Show when=move || rows.with(|r| !r.is_empty())>
            <section class="panel fh-compare" aria-labelledby="fh-compare-title">
                <h3 id="fh-compare-title">"Real time vs near real time"</h3>
                <ul class="compare-list">
                    {move || {
                        rows.get()
                            .into_iter()
                            .map(|(app, done, lag)| {
                                view! {
                                    <li class="compare-streams">
                                        <span class="compare-tag">"Streams"</span>
                                        <strong>{app}</strong>
                                        <span>{format!("{} records processed, ", grouped(done))}</span>
                                        <strong data-testid="streams-reader-lag">{duration(lag)}</strong>
                                        <span>" behind the newest record"</span>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                    <li class="compare-firehose">
                        <span class="compare-tag">"Firehose"</span>
                        <strong>{move || state.name.get().unwrap_or_default()}</strong>
                        <span data-testid="firehose-wait">{waiting}</span>
                        <span class="muted">{last_latency}</span>
                    </li>
                </ul>
            </section>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use engine::kinesis::{LeaseView, Retrieval};

    use super::*;

    fn lease(checkpoint: &str, done: u64, lag: u64) -> LeaseView {
        LeaseView {
            shard_id: "shardId-000000000000".into(),
            parent_shard_ids: Vec::new(),
            owner: None,
            checkpoint: checkpoint.into(),
            lease_counter: 1,
            records_processed: done,
            millis_behind_latest: lag,
            blocked_by_parent: false,
        }
    }

    #[test]
    fn a_reader_is_as_far_behind_as_its_slowest_open_shard() {
        let app = KclView {
            app: "dash".into(),
            stream: "s".into(),
            retrieval: Retrieval::Polling { interval_ms: 1000, max_records: 10 },
            workers: Vec::new(),
            leases: vec![lease("1", 5, 800), lease("SHARD_END", 7, 9_000), lease("2", 1, 1_200)],
        };
        assert_eq!(readers(std::slice::from_ref(&app), "s"), vec![("dash".into(), 13, 1_200)]);
        assert!(readers(&[app], "other").is_empty());
    }
}
