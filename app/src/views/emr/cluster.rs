//! The cluster: which one (a chip per cluster), its state and why, transient or long-running,
//! how long it has run and what it has cost; adding a step; termination protection and
//! terminating it; after the end, a banner with what went with HDFS and what S3 kept.

use engine::api::Call;
use engine::emr::hdfs::HdfsEvent;
use engine::emr::wire::{
    AddJobFlowStepsInput, SetTerminationProtectionInput, TerminateJobFlowsInput,
};
use engine::emr::ClusterView;
use engine::services::Event;
use leptos::prelude::*;

use super::builder::{ensure_results_bucket, first_step, FirstStep};
use super::{dollars, duration_text, EmrState};
use crate::views::firehose::{grouped, human_bytes};

#[component]
pub fn ClusterPanel() -> impl IntoView {
    let state = expect_context::<EmrState>();
    // The panel is built again only when another cluster is shown.
    let shown = Memo::new(move |_| state.cluster.with(|c| c.as_ref().map(|c| c.id.clone())));
    view! {
        <section class="panel emr-cluster" aria-labelledby="cluster-title">
            <h3 id="cluster-title">"The cluster"</h3>
            <super::access::ActingAs />
            <ClusterPicker />
            {move || match shown.get() {
                None => view! { <p class="muted">"No cluster yet: create one below, or load a preset."</p> }.into_any(),
                Some(_) => view! { <ClusterDetail /> }.into_any(),
            }}
            {move || state.error.get().map(|e| view! { <p class="error" role="alert" data-testid="emr-error">{e}</p> })}
        </section>
    }
}

#[component]
fn ClusterPicker() -> impl IntoView {
    let state = expect_context::<EmrState>();
    view! {
        <div class="job-picker" role="group" aria-label="Clusters">
            <For each=move || state.clusters.get() key=|c| (c.id.clone(), c.state.clone()) let:c>
                {
                    let id = c.id.clone();
                    let current = {
                        let id = id.clone();
                        move || state.cluster.with(|x| x.as_ref().is_some_and(|x| x.id == id))
                    };
                    view! {
                        <button class="job-chip" class:selected=current data-testid="cluster-chip"
                            on:click=move |_| { state.chosen.set(Some(id.clone())); state.block.set(None); }>
                            {format!("{} · {}", c.name, c.state)}
                        </button>
                    }
                }
            </For>
        </div>
    }
}

/// Whether the cluster can still take steps and be terminated.
fn is_up(state: &str) -> bool {
    matches!(state, "STARTING" | "BOOTSTRAPPING" | "RUNNING" | "WAITING")
}

#[component]
fn ClusterDetail() -> impl IntoView {
    let state = expect_context::<EmrState>();
    // Read afresh on every change; the actions below are built once per cluster, so a
    // select stays open while the clock runs.
    let field = move |f: fn(&ClusterView) -> String| {
        move || state.cluster.with(|c| c.as_ref().map(f).unwrap_or_default())
    };
    let id = move || state.cluster.with(|c| c.as_ref().map(|c| c.id.clone())).unwrap_or_default();
    let up =
        Memo::new(move |_| state.cluster.with(|c| c.as_ref().is_some_and(|c| is_up(&c.state))));
    let protected = Memo::new(move |_| {
        state.cluster.with(|c| c.as_ref().is_some_and(|c| c.termination_protected))
    });
    let terminate = move |_| {
        let r = state.call(Call::new(&TerminateJobFlowsInput { job_flow_ids: vec![id()] }));
        state.error.set(r.err().map(|e| e.message));
    };
    let protect = move |_| {
        let input = SetTerminationProtectionInput {
            job_flow_ids: vec![id()],
            termination_protected: !protected.get_untracked(),
        };
        let r = state.call(Call::new(&input));
        state.error.set(r.err().map(|e| e.message));
    };
    let step_kind = RwSignal::new(FirstStep::WordCountToS3);
    let add_step = move |_| {
        let kind = step_kind.get_untracked();
        if kind == FirstStep::WordCountToS3 {
            ensure_results_bucket(state.sim);
        }
        let input = AddJobFlowStepsInput {
            job_flow_id: Some(id()),
            steps: first_step(kind).map(|s| vec![s]),
            ..Default::default()
        };
        let r = state.call(Call::new(&input));
        state.error.set(r.err().map(|e| e.message));
    };
    let cost = move || {
        let now = state.sim.with_world(|w| w.now_unix_ms());
        state.cluster.with(|c| {
            c.as_ref().map(|c| {
                let ran = c.ended_unix_ms.unwrap_or(now) - c.created_unix_ms;
                format!(
                    "Ran {} · {} so far · {} an hour now · {} normalized instance hours",
                    duration_text(ran),
                    dollars(c.cost_micros),
                    dollars(c.hourly_micros),
                    c.normalized_instance_hours
                )
            })
        })
    };
    let kind = field(|c| {
        let kind = if c.keep_alive {
            "Long-running: waits for steps when it has none"
        } else {
            "Transient: terminates after its last step"
        };
        format!("{kind}{}", if c.termination_protected { " · termination protected" } else { "" })
    });
    view! {
        <p class="job-id"><code>{field(|c| c.id.clone())}</code>" · "{field(|c| format!("{} (Hadoop {})", c.release_label, c.hadoop_version))}</p>
        <p class="cluster-state" data-testid="cluster-state" data-state=field(|c| c.state.clone())>
            <strong>{field(|c| c.state.clone())}</strong>
            <span class="muted">{field(|c| c.message.as_ref().map(|m| format!(" · {m}")).unwrap_or_default())}</span>
        </p>
        <p>{kind}</p>
        <p data-testid="cluster-cost">{cost}</p>
        <Show when=move || up.get()>
            <div class="emr-actions">
                <select aria-label="Step to add" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    step_kind.set(match v.as_str() {
                        "wordcount-hdfs" => FirstStep::WordCountToHdfs,
                        "copy-hdfs" => FirstStep::CopyIntoHdfs,
                        "teragen" => FirstStep::TeraGen,
                        _ => FirstStep::WordCountToS3,
                    });
                }>
                    <option value="wordcount-s3">"Word count, output to S3"</option>
                    <option value="wordcount-hdfs">"Word count, output to HDFS"</option>
                    <option value="copy-hdfs">"Copy the sample logs into HDFS"</option>
                    <option value="teragen">"TeraGen: 20 MB of rows into HDFS"</option>
                </select>
                <button data-testid="add-step" on:click=add_step>"Add step"</button>
                <button data-testid="protect" on:click=protect>
                    {move || if protected.get() { "Turn protection off" } else { "Protect from termination" }}
                </button>
                <button class="danger" data-testid="terminate" on:click=terminate>"Terminate"</button>
            </div>
        </Show>
        {move || state.cluster.with(|c| c.as_ref().filter(|c| c.ended_unix_ms.is_some()).cloned()).map(|c| view! { <Losses c /> })}
        <details class="muted timings"><summary>"The sandbox's timings"</summary><p>{field(|c| c.timings_note.clone())}</p></details>
    }
}

/// After the end: what HDFS lost with the nodes (the engine's FileLost events) and what the
/// steps wrote to S3 through EMRFS, which stays.
#[component]
fn Losses(c: ClusterView) -> impl IntoView {
    let state = expect_context::<EmrState>();
    let id = c.id.clone();
    let mut lost: Vec<(String, u64)> = Vec::new();
    state.sim.with_world(|w| {
        w.log().for_each_since(0, |r| {
            if let Event::Emr(engine::emr::Event::Hdfs {
                cluster,
                event: HdfsEvent::FileLost { path, bytes },
            }) = &r.event
            {
                if *cluster == id {
                    lost.push((path.clone(), *bytes));
                }
            }
        });
    });
    let outputs: Vec<(String, String)> = c
        .steps
        .iter()
        .filter_map(|s| {
            let at = s.args.iter().position(|a| a == "-output")?;
            let url = s.args.get(at + 1)?.strip_prefix("s3://")?;
            let (bucket, prefix) = url.split_once('/').unwrap_or((url, ""));
            Some((bucket.to_string(), prefix.to_string()))
        })
        .collect();
    let kept: usize = state
        .sim
        .with_world(|w| outputs.iter().map(|(b, p)| w.view().s3().objects(b, p).len()).sum());
    let bytes: u64 = lost.iter().map(|(_, b)| b).sum();
    let files = lost.iter().take(6).map(|(p, b)| view! { <li><code>{format!("hdfs://{p}")}</code>{format!(" ({})", human_bytes(*b))}</li> }).collect_view();
    let more = lost.len().saturating_sub(6);
    view! {
        <div class="emr-banner" data-testid="termination-banner" role="status">
            <p><strong>{format!("HDFS went with the nodes: {} file(s), {}.", grouped(lost.len() as u64), human_bytes(bytes))}</strong></p>
            {(!lost.is_empty()).then(|| view! { <ul>{files}{(more > 0).then(|| view! { <li>{format!("and {more} more")}</li> })}</ul> })}
            <p data-testid="s3-kept">{format!("S3 kept every object the steps wrote there through EMRFS: {} object(s) under {}.",
                grouped(kept as u64),
                if outputs.is_empty() { "no s3:// output".to_string() } else { outputs.iter().map(|(b, p)| format!("s3://{b}/{p}")).collect::<Vec<_>>().join(", ") })}</p>
        </div>
    }
}
