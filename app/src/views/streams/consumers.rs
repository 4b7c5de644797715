//! Consumers: classic polling applications (GetRecords, sharing each shard's 2 MiB/s),
//! enhanced fan-out consumers (their own 2 MiB/s, pushed over SubscribeToShard) and KCL-style
//! applications with N workers sharing the shards through leases. Each shows how far behind it
//! reads (its iterator age) and where it is in each shard.

use engine::api::Call;
use engine::kinesis::wire::RegisterStreamConsumerInput;
use engine::kinesis::{ActorCommand, KclView, Retrieval, StreamView};
use engine::Command;
use leptos::prelude::*;

use super::consumer_card::{ConsumerCard, IteratorAge};
use super::meters::grouped;
use super::StreamsState;

/// The kinds of consumer the learner can add.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsumerKind {
    Polling,
    FanOut,
    KclApp,
}

impl ConsumerKind {
    pub const ALL: [ConsumerKind; 3] =
        [ConsumerKind::Polling, ConsumerKind::FanOut, ConsumerKind::KclApp];

    pub fn slug(self) -> &'static str {
        match self {
            ConsumerKind::Polling => "polling",
            ConsumerKind::FanOut => "fan-out",
            ConsumerKind::KclApp => "kcl",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ConsumerKind::Polling => "Classic polling (GetRecords, shares 2 MiB/s per shard)",
            ConsumerKind::FanOut => "Enhanced fan-out (own 2 MiB/s per shard)",
            ConsumerKind::KclApp => "KCL application with N workers",
        }
    }

    pub fn from_slug(s: &str) -> ConsumerKind {
        ConsumerKind::ALL.into_iter().find(|k| k.slug() == s).unwrap_or(ConsumerKind::Polling)
    }
}

/// KCL's defaults: GetRecords every second, up to 10,000 records.
pub fn default_polling() -> Retrieval {
    Retrieval::Polling { interval_ms: 1000, max_records: 10_000 }
}

/// The actor command that starts a consumer of `kind` (a fan-out one also needs its consumer
/// registered first, which is an API call: see `register_call`).
pub fn start_command(kind: ConsumerKind, app: &str, stream: &str, workers: u16) -> ActorCommand {
    ActorCommand::StartKcl {
        app: app.to_string(),
        stream: stream.to_string(),
        workers: if kind == ConsumerKind::KclApp { workers.max(1) } else { 1 },
        retrieval: if kind == ConsumerKind::FanOut { Retrieval::FanOut } else { default_polling() },
    }
}

/// Changes a running application's retrieval while it keeps its leases and checkpoints (a KCL
/// redeploy under the same application name).
pub fn set_retrieval_command(app: &str, retrieval: Retrieval) -> ActorCommand {
    ActorCommand::SetRetrieval { app: app.to_string(), retrieval }
}

pub fn register_call(stream_arn: &str, consumer: &str) -> Call {
    Call::new(&RegisterStreamConsumerInput {
        stream_arn: Some(stream_arn.into()),
        consumer_name: Some(consumer.into()),
        ..RegisterStreamConsumerInput::default()
    })
}

/// A name not taken yet: `reader-1`, `reader-2`, ...
pub fn next_name(kind: ConsumerKind, taken: &[String]) -> String {
    let base = match kind {
        ConsumerKind::Polling => "reader",
        ConsumerKind::FanOut => "fanout",
        ConsumerKind::KclApp => "kcl-app",
    };
    (1..).map(|i| format!("{base}-{i}")).find(|n| !taken.contains(n)).unwrap_or_default()
}

/// `app-worker-3` -> 3.
pub fn worker_number(worker: &str) -> Option<u16> {
    worker.rsplit('-').next()?.parse().ok()
}

/// How far behind each consumer reads, at its worst shard (what an alarm on
/// GetRecords.IteratorAgeMilliseconds would watch).
pub fn consumer_lags(stream: &Option<StreamView>, apps: &[KclView]) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = apps
        .iter()
        .map(|a| {
            let lag = a
                .leases
                .iter()
                .filter(|l| l.checkpoint != "SHARD_END")
                .map(|l| l.millis_behind_latest)
                .max()
                .unwrap_or(0);
            (a.app.clone(), lag)
        })
        .collect();
    if let Some(s) = stream {
        for c in &s.consumers {
            if apps.iter().any(|a| a.app == c.name) {
                continue;
            }
            let lag = c.subscriptions.iter().map(|x| x.millis_behind_latest).max().unwrap_or(0);
            out.push((c.name.clone(), lag));
        }
    }
    out
}

/// Each consumer reading `shard_id` and how far behind it is there.
pub fn positions_on(
    shard_id: &str,
    stream: &Option<StreamView>,
    apps: &[KclView],
) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = apps
        .iter()
        .filter_map(|a| {
            a.leases
                .iter()
                .find(|l| l.shard_id == shard_id && l.checkpoint != "SHARD_END")
                .map(|l| (a.app.clone(), l.millis_behind_latest))
        })
        .collect();
    if let Some(s) = stream {
        for c in s.consumers.iter().filter(|c| !apps.iter().any(|a| a.app == c.name)) {
            if let Some(sub) = c.subscriptions.iter().find(|x| x.shard_id == shard_id) {
                out.push((c.name.clone(), sub.millis_behind_latest));
            }
        }
    }
    out
}

pub fn retrieval_text(r: &Retrieval) -> String {
    match r {
        Retrieval::Polling { interval_ms, max_records } => format!(
            "polling: GetRecords every {} ms, up to {} records",
            grouped(*interval_ms as u64),
            grouped(*max_records as u64)
        ),
        Retrieval::FanOut => "enhanced fan-out: SubscribeToShard, own 2 MiB/s per shard".into(),
    }
}

#[component]
pub fn ConsumersPanel() -> impl IntoView {
    let state = expect_context::<StreamsState>();
    let lags = Memo::new(move |_| consumer_lags(&state.stream.get(), &state.apps.get()));
    let fan_out_only = Memo::new(move |_| {
        let apps = state.apps.get();
        state.stream.with(|s| {
            s.as_ref()
                .map(|s| {
                    s.consumers
                        .iter()
                        .filter(|c| !apps.iter().any(|a| a.app == c.name))
                        .map(|c| (c.name.clone(), c.status.clone()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    view! {
        <section class="panel consumers" aria-labelledby="consumers-title">
            <h3 id="consumers-title">"Consumers"</h3>
            <AddConsumerForm />
            <Show when=move || state.apps.with(Vec::is_empty) && fan_out_only.with(Vec::is_empty)>
                <p class="empty">"No consumers yet: records wait in the shards until someone reads them (or retention trims them)."</p>
            </Show>
            <ul class="consumer-list">
                <For each=move || state.apps.get() key=|a| a.app.clone() let:app>
                    <ConsumerCard name=app.app.clone() lags=lags />
                </For>
                <For each=move || fan_out_only.get() key=|c| c.0.clone() let:c>
                    <li class="consumer-card">
                        <div class="consumer-head">
                            <strong>{c.0.clone()}</strong>
                            <span class="tag">"registered consumer · " {c.1.clone()}</span>
                            <IteratorAge name=c.0.clone() lags=lags />
                        </div>
                    </li>
                </For>
            </ul>
        </section>
    }
}

#[component]
fn AddConsumerForm() -> impl IntoView {
    let state = expect_context::<StreamsState>();
    let sim = state.sim;
    let kind = RwSignal::new(ConsumerKind::Polling);
    let workers = RwSignal::new(2u16);
    let add = move |_| {
        let Some(stream) = state.stream.get_untracked() else { return };
        let k = kind.get_untracked();
        let mut taken: Vec<String> =
            state.apps.get_untracked().into_iter().map(|a| a.app).collect();
        taken.extend(stream.consumers.iter().map(|c| c.name.clone()));
        let name = next_name(k, &taken);
        if k == ConsumerKind::FanOut {
            let _ = sim.call(register_call(&stream.arn, &name));
        }
        let cmd = start_command(k, &name, &stream.name, workers.get_untracked());
        let note = match k {
            ConsumerKind::Polling => format!("consumer {name} polls every shard with GetRecords"),
            ConsumerKind::FanOut => {
                format!("consumer {name} reads every shard with SubscribeToShard (KCL 2.x)")
            }
            ConsumerKind::KclApp => format!(
                "KCL application {name} starts {} workers sharing the shards' leases",
                workers.get_untracked()
            ),
        };
        sim.act(Command::Kinesis(cmd), &note);
    };
    view! {
        <div class="form-row">
            <label class="field">
                <span>"Kind"</span>
                <select
                    data-testid="consumer-kind"
                    on:change=move |ev| kind.set(ConsumerKind::from_slug(&event_target_value(&ev)))
                    prop:value=move || kind.get().slug()
                >
                    {ConsumerKind::ALL
                        .iter()
                        .map(|k| view! { <option value=k.slug()>{k.label()}</option> })
                        .collect_view()}
                </select>
            </label>
            <Show when=move || kind.get() == ConsumerKind::KclApp>
                <label class="field">
                    <span>"Workers"</span>
                    <input
                        type="number"
                        min="1"
                        max="16"
                        class="narrow"
                        prop:value=move || workers.get().to_string()
                        on:change=move |ev| {
                            if let Ok(n) = event_target_value(&ev).parse::<u16>() {
                                workers.set(n.clamp(1, 16));
                            }
                        }
                    />
                </label>
            </Show>
            <button data-testid="add-consumer" on:click=add>"+ Add consumer"</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::kinesis::{LeaseView, WorkerView};

    fn app(name: &str, lags: &[(&str, u64, &str)]) -> KclView {
        KclView {
            app: name.into(),
            stream: "orders".into(),
            retrieval: default_polling(),
            workers: vec![WorkerView {
                worker: format!("{name}-worker-0"),
                alive: true,
                leases: 1,
            }],
            leases: lags
                .iter()
                .map(|&(shard, lag, cp)| LeaseView {
                    shard_id: shard.into(),
                    parent_shard_ids: vec![],
                    owner: None,
                    checkpoint: cp.into(),
                    lease_counter: 0,
                    records_processed: 0,
                    millis_behind_latest: lag,
                    blocked_by_parent: false,
                })
                .collect(),
        }
    }

    #[test]
    fn a_consumers_lag_is_its_worst_open_shard() {
        let a = app(
            "slow",
            &[("s0", 100, "TRIM_HORIZON"), ("s1", 900, "1"), ("s2", 5000, "SHARD_END")],
        );
        assert_eq!(consumer_lags(&None, std::slice::from_ref(&a)), vec![("slow".to_string(), 900)]);
        assert_eq!(
            positions_on("s1", &None, std::slice::from_ref(&a)),
            vec![("slow".to_string(), 900)]
        );
        assert!(positions_on("s2", &None, &[a]).is_empty());
    }

    #[test]
    fn names_are_not_reused() {
        let taken = vec!["reader-1".to_string()];
        assert_eq!(next_name(ConsumerKind::Polling, &taken), "reader-2");
        assert_eq!(worker_number("orders-app-worker-12"), Some(12));
    }

    #[test]
    fn speeding_up_keeps_the_application() {
        // A redeploy of the same application, not a stop and a fresh start.
        assert_eq!(
            set_retrieval_command("slow-reader", default_polling()),
            ActorCommand::SetRetrieval { app: "slow-reader".into(), retrieval: default_polling() }
        );
    }

    #[test]
    fn only_kcl_apps_get_several_workers() {
        match start_command(ConsumerKind::Polling, "a", "s", 4) {
            ActorCommand::StartKcl { workers, .. } => assert_eq!(workers, 1),
            _ => panic!("StartKcl expected"),
        }
        match start_command(ConsumerKind::FanOut, "a", "s", 4) {
            ActorCommand::StartKcl { retrieval, .. } => assert_eq!(retrieval, Retrieval::FanOut),
            _ => panic!("StartKcl expected"),
        }
    }
}
