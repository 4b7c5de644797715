//! Creating a stream, picking which one to watch, and its retention period.

use engine::api::Call;
use engine::kinesis::wire::{
    CreateStreamInput, DecreaseStreamRetentionPeriodInput, IncreaseStreamRetentionPeriodInput,
    RetentionInput, StreamModeDetails, StreamRef,
};
use leptos::prelude::*;

use super::StreamsState;

pub fn create_call(name: &str, shards: u32, on_demand: bool) -> Call {
    let mode = if on_demand { "ON_DEMAND" } else { "PROVISIONED" };
    Call::new(&CreateStreamInput {
        stream_name: Some(name.into()),
        shard_count: (!on_demand).then_some(shards.into()),
        stream_mode_details: Some(StreamModeDetails { stream_mode: Some(mode.into()) }),
        ..CreateStreamInput::default()
    })
}

/// The retention call that takes the stream from `current` to `wanted` hours, if any.
pub fn retention_call(stream: &str, current: u32, wanted: u32) -> Option<Call> {
    let input = RetentionInput {
        stream: StreamRef::name(stream),
        retention_period_hours: Some(wanted.into()),
    };
    match wanted.cmp(&current) {
        std::cmp::Ordering::Greater => Some(Call::new(&IncreaseStreamRetentionPeriodInput(input))),
        std::cmp::Ordering::Less => Some(Call::new(&DecreaseStreamRetentionPeriodInput(input))),
        std::cmp::Ordering::Equal => None,
    }
}

#[component]
pub fn CreateStreamForm() -> impl IntoView {
    let state = expect_context::<StreamsState>();
    let sim = state.sim;
    let name = RwSignal::new("orders".to_string());
    let shards = RwSignal::new("4".to_string());
    let on_demand = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let create = move |_| {
        let n = shards.get_untracked().trim().parse::<u32>().unwrap_or(0);
        let stream = name.get_untracked().trim().to_string();
        match sim.call(create_call(&stream, n, on_demand.get_untracked())) {
            Ok(_) => {
                problem.set(None);
                state.chosen.set(Some(stream));
            }
            Err(e) => problem.set(Some(format!("{}: {}", e.code, e.message))),
        }
    };
    view! {
        <section class="panel create-stream" aria-labelledby="create-title">
            <h3 id="create-title">"Create a stream"</h3>
            <div class="form-row">
                <label class="field">
                    <span>"Name"</span>
                    <input data-testid="stream-name" type="text" spellcheck="false" prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) />
                </label>
                <label class="field">
                    <span>"Shards"</span>
                    <input data-testid="shard-count" class="narrow" type="number" min="1" max="64" disabled=on_demand prop:value=shards on:input=move |ev| shards.set(event_target_value(&ev)) />
                </label>
                <label class="field">
                    <span>"Capacity"</span>
                    <select on:change=move |ev| on_demand.set(event_target_value(&ev) == "ON_DEMAND")>
                        <option value="PROVISIONED">"Provisioned"</option>
                        <option value="ON_DEMAND">"On-demand"</option>
                    </select>
                </label>
                <button data-testid="create-stream" class="primary-action" on:click=create>"Create stream"</button>
            </div>
            {move || problem.get().map(|p| view! { <p class="field-problem" role="alert">{p}</p> })}
        </section>
    }
}

/// The stream being watched, its status, and a choice when there are several.
#[component]
pub fn StreamPicker() -> impl IntoView {
    let state = expect_context::<StreamsState>();
    let summary = move || {
        state.stream.with(|s| {
            s.as_ref().map(|s| {
                format!(
                    "{} · {} open shard{} · {}",
                    s.mode,
                    s.open_shards,
                    if s.open_shards == 1 { "" } else { "s" },
                    s.status
                )
            })
        })
    };
    view! {
        <div class="stream-picker">
            <label class="field">
                <span>"Stream"</span>
                <select
                    data-testid="stream-select"
                    on:change=move |ev| state.chosen.set(Some(event_target_value(&ev)))
                    prop:value=move || state.name.get().unwrap_or_default()
                >
                    <For each=move || state.names.get() key=|n| n.clone() let:n>
                        <option value=n.clone()>{n.clone()}</option>
                    </For>
                </select>
            </label>
            <span class="stream-summary" data-testid="stream-status">{summary}</span>
        </div>
    }
}

#[component]
pub fn RetentionControl() -> impl IntoView {
    let state = expect_context::<StreamsState>();
    let sim = state.sim;
    let current =
        Memo::new(move |_| state.stream.with(|s| s.as_ref().map_or(24, |s| s.retention_hours)));
    let wanted = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let apply = move |_| {
        let Some(stream) = state.name.get_untracked() else { return };
        let Ok(h) = wanted.get_untracked().trim().parse::<u32>() else {
            problem.set(Some("Retention is a whole number of hours, 24 to 8,760.".into()));
            return;
        };
        if let Some(call) = retention_call(&stream, current.get_untracked(), h) {
            match sim.call(call) {
                Ok(_) => problem.set(None),
                Err(e) => problem.set(Some(format!("{}: {}", e.code, e.message))),
            }
        }
    };
    view! {
        <div class="retention">
            <label class="field">
                <span>"Retention"</span>
                <input
                    data-testid="retention-hours"
                    class="narrow"
                    type="number"
                    min="24"
                    max="8760"
                    prop:value=move || {
                        let w = wanted.get();
                        if w.is_empty() { current.get().to_string() } else { w }
                    }
                    on:input=move |ev| wanted.set(event_target_value(&ev))
                />
                <span>"hours"</span>
            </label>
            <button data-testid="set-retention" on:click=apply>"Set"</button>
            {move || problem.get().map(|p| view! { <span class="field-problem" role="alert">{p}</span> })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retention_goes_up_or_down_by_the_right_call() {
        let target = |from, to| retention_call("s", from, to).unwrap().target;
        assert!(target(24, 48).ends_with("IncreaseStreamRetentionPeriod"));
        assert!(target(48, 24).ends_with("DecreaseStreamRetentionPeriod"));
        assert!(retention_call("s", 24, 24).is_none());
    }

    #[test]
    fn on_demand_streams_name_no_shard_count() {
        assert!(!create_call("s", 4, true).body.contains("ShardCount"));
        assert!(create_call("s", 4, false).body.contains("\"ShardCount\":4"));
    }
}
