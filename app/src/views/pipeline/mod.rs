//! The Data Pipeline view (`#/pipeline`): the definition drawn as a graph (schedules,
//! preconditions, data nodes, activities, resources, actions, with their input, output,
//! runsOn, dependsOn, precondition and onFail edges); the instances as a grid of scheduled
//! periods by object, coloured by AWS's status names, each cell opening its attempts; a Gantt
//! strip of attempts; the data nodes' S3 prefixes filling as copies land; the on-premises Task
//! Runner; the sandbox's RDS MySQL and DynamoDB tables behind the SQL and DynamoDB data nodes,
//! with the learner's verbs that make and fill them; the definition editor with its validation
//! errors; presets.
//!
//! Every change is an `aws datapipeline ...` line run through the console's CLI (so the console
//! shows exactly what was run, and the definition goes through the CLI's own translator), or,
//! for a fault or the Task Runner, a learner's verb on the world (`sim.act`).

mod actions;
mod editor;
mod graph;
mod grid;
pub(crate) mod presets;
mod side;
mod stores;

use engine::pipeline::{InstanceView, PipelineView as Pipeline};
use leptos::prelude::*;

use crate::driver::Sim;

/// A validation error or warning, placed at its object and field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub object: Option<String>,
    pub field: Option<String>,
    pub text: String,
    pub warning: bool,
}

#[derive(Clone, Copy)]
pub struct PipeState {
    pub sim: Sim,
    pub pipelines: Memo<Vec<Pipeline>>,
    /// The pipeline the learner picked (`None`: the newest).
    pub chosen: RwSignal<Option<String>>,
    pub pipeline: Memo<Option<Pipeline>>,
    /// The instance whose attempts are open.
    pub cell: RwSignal<Option<String>>,
    /// The definition in the editor (the CLI's file form).
    pub editor: RwSignal<String>,
    pub problems: RwSignal<Vec<Problem>>,
    /// The last refusal (a CLI error), shown under the editor.
    pub error: RwSignal<Option<String>>,
}

impl PipeState {
    pub fn pipeline_id(&self) -> Option<String> {
        self.pipeline.with(|p| p.as_ref().map(|p| p.id.clone()))
    }
}

#[component]
pub fn PipelineView() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let pipelines = Memo::new(move |_| {
        sim.version.track();
        sim.with_world(|w| w.view().pipeline().pipelines())
    });
    let chosen = RwSignal::new(None::<String>);
    let pipeline = Memo::new(move |_| {
        let picked = chosen.get();
        pipelines.with(|all| {
            picked
                .and_then(|id| all.iter().find(|p| p.id == id).cloned())
                .or_else(|| all.last().cloned())
        })
    });
    let state = PipeState {
        sim,
        pipelines,
        chosen,
        pipeline,
        cell: RwSignal::new(None),
        editor: RwSignal::new(presets::STARTER.to_string()),
        problems: RwSignal::new(Vec::new()),
        error: RwSignal::new(None),
    };
    provide_context(state);
    presets::follow_the_url(state);
    view! {
        <section class="pipeline" aria-labelledby="pipeline-title">
            <div class="pipeline-head">
                <h2 id="pipeline-title">"Data Pipeline: definitions run on the clock"</h2>
                <presets::PresetPicker />
            </div>
            <presets::PresetNotice />
            <p class="muted pipeline-closed">
                "Data Pipeline closed to new customers on July 25, 2024; AWS suggests AWS Glue, AWS Step Functions or Amazon MWAA for new work. This simulation shows how it behaved."
            </p>
            <PipelinePicker />
            <graph::Graph />
            <div class="pipeline-layout">
                <div class="pipeline-main">
                    <grid::Grid />
                    <grid::Attempts />
                    <grid::Gantt />
                </div>
                <div class="pipeline-side">
                    <side::TaskRunner />
                    <side::Preconditions />
                    <side::DataNodes />
                    <side::RedshiftTables />
                    <stores::RdsTables />
                    <stores::DynamoTables />
                    <side::Alarms />
                    <editor::Editor />
                </div>
            </div>
        </section>
    }
}

/// The pipeline shown, its state, and the lifecycle buttons.
#[component]
fn PipelinePicker() -> impl IntoView {
    let state = expect_context::<PipeState>();
    let options = move || {
        state.pipelines.with(|all| {
            all.iter()
                .map(|p| view! { <option value=p.id.clone()>{format!("{} ({})", p.name, p.id)}</option> })
                .collect_view()
        })
    };
    let current = move || state.pipeline_id().unwrap_or_default();
    let pipeline_state = move || state.pipeline.with(|p| p.as_ref().map(|p| p.state).unwrap_or(""));
    view! {
        <div class="pipeline-bar">
            <label class="field">
                <span>"Pipeline"</span>
                <select data-testid="pipeline-select" prop:value=current
                    on:change=move |ev| { state.chosen.set(Some(event_target_value(&ev))); state.cell.set(None); }>
                    {options}
                </select>
            </label>
            <span class="pipeline-state" data-testid="pipeline-state" data-state=pipeline_state>
                {move || {
                    let s = pipeline_state();
                    if s.is_empty() { "No pipeline yet: pick a preset, or put the definition below.".to_string() } else { format!("@pipelineState {s}") }
                }}
            </span>
            <actions::Lifecycle />
            <span class="skip">
                <button data-testid="skip-5m" title="Move the virtual clock on 5 minutes" on:click=move |_| state.sim.skip(5 * 60_000)>"+5 min"</button>
                <button data-testid="skip-1h" title="Move the virtual clock on 1 hour" on:click=move |_| state.sim.skip(60 * 60_000)>"+1 hour"</button>
            </span>
        </div>
    }
}

/// The status's CSS class: `st-waiting_on_dependencies`.
pub fn status_class(status: &str) -> String {
    format!("st-{}", status.to_ascii_lowercase())
}

/// A short label for a grid cell (the full name is its title and `data-status`).
pub fn status_short(status: &str) -> &'static str {
    match status {
        "FINISHED" => "done",
        "RUNNING" => "run",
        "WAITING_ON_DEPENDENCIES" => "wait dep",
        "WAITING_FOR_RUNNER" => "wait run",
        "CREATING" => "boot",
        "SHUTTING_DOWN" => "stop",
        "FAILED" => "FAIL",
        "CASCADE_FAILED" => "cascade",
        "CANCELED" => "cancel",
        "TIMEDOUT" => "timeout",
        "PAUSED" => "paused",
        "SKIPPED" => "skip",
        _ => "?",
    }
}

/// `17:05` from `2026-01-01T17:05:00` (the day when it is not the first).
pub fn clock_text(datetime: &str) -> String {
    let (day, time) = datetime.split_once('T').unwrap_or(("", datetime));
    let hm = time.get(..5).unwrap_or(time);
    match day.get(5..) {
        Some(md) if !day.is_empty() => format!("{md} {hm}"),
        _ => hm.to_string(),
    }
}

/// `1m 05s`, `2h 10m`.
pub fn duration_text(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    if s >= 3600 {
        format!("{}h {:02}m", s / 3600, (s % 3600) / 60)
    } else {
        format!("{}m {:02}s", s / 60, s % 60)
    }
}

/// The instances of one component, in scheduled order.
pub fn of_component<'a>(
    p: &'a Pipeline,
    component: &'a str,
) -> impl Iterator<Item = &'a InstanceView> {
    p.instances.iter().filter(move |i| i.component == component)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_statuses_read_as_the_learner_expects() {
        assert_eq!(clock_text("2026-01-01T17:05:00"), "01-01 17:05");
        assert_eq!(duration_text(65_000), "1m 05s");
        assert_eq!(duration_text(7_800_000), "2h 10m");
        assert_eq!(status_class("CASCADE_FAILED"), "st-cascade_failed");
        assert_eq!(status_short("WAITING_FOR_RUNNER"), "wait run");
    }
}
