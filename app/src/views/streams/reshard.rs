//! Resharding: split the picked shard at a new starting hash key (the midpoint unless the
//! learner picks another point on the lane), merge it with an adjacent open shard, or scale the
//! stream uniformly.

use engine::api::Call;
use engine::kinesis::wire::{MergeShardsInput, SplitShardInput, StreamRef, UpdateShardCountInput};
use engine::kinesis::{HashKeyRange, ShardView};
use leptos::prelude::*;

use super::keyspace::{midpoint, short_id};
use super::StreamsState;

/// Open shards whose hash key range touches `shard_id`'s: the ones MergeShards accepts.
pub fn adjacent_open(shards: &[ShardView], shard_id: &str) -> Vec<String> {
    let Some(me) = shards.iter().find(|s| s.shard_id == shard_id && s.open) else { return vec![] };
    shards
        .iter()
        .filter(|s| s.open && s.shard_id != shard_id)
        .filter(|s| s.hash_range.is_adjacent_to(&me.hash_range))
        .map(|s| s.shard_id.clone())
        .collect()
}

pub fn split_call(stream: &str, shard: &str, new_start: &str) -> Call {
    Call::new(&SplitShardInput {
        stream: StreamRef::name(stream),
        shard_to_split: Some(shard.into()),
        new_starting_hash_key: Some(new_start.into()),
    })
}

pub fn merge_call(stream: &str, shard: &str, adjacent: &str) -> Call {
    Call::new(&MergeShardsInput {
        stream: StreamRef::name(stream),
        shard_to_merge: Some(shard.into()),
        adjacent_shard_to_merge: Some(adjacent.into()),
    })
}

/// UpdateShardCount to `n` shards with uniform scaling.
pub fn scale_call(stream: &str, n: u32) -> Call {
    Call::new(&UpdateShardCountInput {
        stream: StreamRef::name(stream),
        target_shard_count: Some(n.into()),
        scaling_type: Some("UNIFORM_SCALING".into()),
    })
}

/// Splits `shard` at the midpoint of its range, through the API (and so the console).
pub fn split_at_midpoint(state: StreamsState, stream: &str, shard: &ShardView) {
    let HashKeyRange { start, end } = shard.hash_range;
    let _ = state.sim.call(split_call(stream, &shard.shard_id, &midpoint(start, end).to_string()));
}

#[component]
pub fn ReshardPanel() -> impl IntoView {
    let state = expect_context::<StreamsState>();
    let picked = Memo::new(move |_| {
        let id = state.picked.get()?;
        state.stream.with(|s| s.as_ref()?.shards.iter().find(|x| x.shard_id == id).cloned())
    });
    let status =
        move || state.stream.with(|s| s.as_ref().map(|s| s.status.clone()).unwrap_or_default());
    view! {
        <section class="panel reshard" aria-labelledby="reshard-title">
            <h3 id="reshard-title">"Resharding"</h3>
            <p class="hint">
                {move || match picked.get() {
                    None => "Click a lane to pick a shard. Splitting closes it and opens two children; merging closes two adjacent shards and opens one.".to_string(),
                    Some(s) if !s.open => format!("{} is closed: it takes no writes and only drains. Pick an open shard.", s.shard_id),
                    Some(s) => format!("Picked {} ({}). Stream status: {}.", s.shard_id, short_id(&s.shard_id), status()),
                }}
            </p>
            <SplitRow picked=picked />
            <div class="form-row">
                <MergeFields picked=picked />
                <ScaleFields />
            </div>
        </section>
    }
}

/// SplitShard of the picked shard at the typed key, or the midpoint of its range.
#[component]
fn SplitRow(picked: Memo<Option<ShardView>>) -> impl IntoView {
    let state = expect_context::<StreamsState>();
    let sim = state.sim;
    // The picked shard's range alone: the shard's metrics change every frame.
    let picked_range = Memo::new(move |_| picked.with(|s| s.as_ref().map(|s| s.hash_range)));
    let midpoint_key = move || picked_range.get().map(|r| midpoint(r.start, r.end).to_string());
    let split = move |_| {
        let (Some(stream), Some(shard)) = (state.name.get_untracked(), picked.get_untracked())
        else {
            return;
        };
        let key = state.split_key.get_untracked();
        let key = if key.trim().is_empty() { midpoint_key().unwrap_or_default() } else { key };
        let _ = sim.call(split_call(&stream, &shard.shard_id, key.trim()));
        state.picked.set(None);
    };
    view! {
        <div class="form-row">
            <label class="field wide">
                <span>"New starting hash key"</span>
                <input
                    data-testid="split-key"
                    class="hash-key"
                    type="text"
                    inputmode="numeric"
                    spellcheck="false"
                    placeholder=move || midpoint_key().unwrap_or_else(|| "pick a shard first".into())
                    prop:value=move || state.split_key.get()
                    on:input=move |ev| state.split_key.set(event_target_value(&ev))
                />
            </label>
            <button on:click=move |_| state.split_key.set(midpoint_key().unwrap_or_default()) disabled=move || picked.get().is_none()>
                "Midpoint"
            </button>
            <button
                class="primary-action"
                data-testid="split-shard"
                disabled=move || !picked.get().is_some_and(|s| s.open)
                on:click=split
            >
                "Split shard"
            </button>
        </div>
    }
}

/// MergeShards of the picked shard with an adjacent open one (the first, unless another is
/// chosen).
#[component]
fn MergeFields(picked: Memo<Option<ShardView>>) -> impl IntoView {
    let state = expect_context::<StreamsState>();
    let sim = state.sim;
    let neighbours = Memo::new(move |_| {
        let id = state.picked.get().unwrap_or_default();
        state.stream.with(|s| s.as_ref().map(|s| adjacent_open(&s.shards, &id)).unwrap_or_default())
    });
    let merge_with = RwSignal::new(String::new());
    let merge = move |_| {
        let (Some(stream), Some(shard)) = (state.name.get_untracked(), picked.get_untracked())
        else {
            return;
        };
        let other = merge_with.get_untracked();
        let other = if other.is_empty() {
            neighbours.get_untracked().first().cloned().unwrap_or_default()
        } else {
            other
        };
        let _ = sim.call(merge_call(&stream, &shard.shard_id, &other));
        state.picked.set(None);
    };
    view! {
        <label class="field">
            <span>"Merge with"</span>
            <select data-testid="merge-with" on:change=move |ev| merge_with.set(event_target_value(&ev))>
                <For each=move || neighbours.get() key=|n| n.clone() let:n>
                    <option value=n.clone()>{n.clone()}</option>
                </For>
            </select>
        </label>
        <button data-testid="merge-shards" disabled=move || neighbours.with(Vec::is_empty) on:click=merge>
            "Merge shards"
        </button>
    }
}

/// UpdateShardCount with uniform scaling.
#[component]
fn ScaleFields() -> impl IntoView {
    let state = expect_context::<StreamsState>();
    let sim = state.sim;
    let target = RwSignal::new(String::new());
    let scale = move |_| {
        let Some(stream) = state.name.get_untracked() else { return };
        let Ok(n) = target.get_untracked().trim().parse::<u32>() else { return };
        let _ = sim.call(scale_call(&stream, n));
    };
    view! {
        <label class="field">
            <span>"Scale to"</span>
            <input class="narrow" type="number" min="1" max="500" prop:value=target on:input=move |ev| target.set(event_target_value(&ev)) />
            <span>"shards"</span>
        </label>
        <button data-testid="update-shard-count" on:click=scale>"UpdateShardCount"</button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::kinesis::routing::uniform_ranges;

    fn shards(n: u32) -> Vec<ShardView> {
        uniform_ranges(n)
            .into_iter()
            .zip(0..)
            .map(|(r, i)| ShardView {
                shard_id: format!("shardId-{i:012}"),
                number: i,
                parent_shard_id: None,
                adjacent_parent_shard_id: None,
                starting_hash_key: r.0.to_string(),
                ending_hash_key: r.1.to_string(),
                hash_range: HashKeyRange { start: r.0, end: r.1 },
                open: true,
                records: 0,
                written: 0,
                metrics: vec![],
                readers: vec![],
            })
            .collect()
    }

    #[test]
    fn neighbours_touch_on_the_key_space() {
        let s = shards(3);
        assert_eq!(adjacent_open(&s, "shardId-000000000001").len(), 2);
        assert_eq!(adjacent_open(&s, "shardId-000000000000"), vec!["shardId-000000000001"]);
        assert!(adjacent_open(&s, "nope").is_empty());
    }

    #[test]
    fn bodies_name_the_api_fields() {
        let b = split_call("orders", "shardId-000000000000", "5").body;
        assert!(b.contains("\"NewStartingHashKey\":\"5\""));
        assert!(merge_call("o", "a", "b").body.contains("AdjacentShardToMerge"));
    }
}
