//! The record the learner is pointing at: its partition key, the hash key that routed it (as the
//! number Kinesis compares with the shards' hash key ranges: the MD5 of the key, or the
//! ExplicitHashKey the event says was given), its shard, sequence number and arrival time.

use engine::kinesis::routing::hash_of_partition_key;
use leptos::prelude::*;

use super::activity::Dot;
use super::meters::grouped;
use super::StreamsState;

/// The tip's rows, label and value.
pub fn tip_rows(dot: &Dot, epoch_ms: i64) -> Vec<(&'static str, String)> {
    let mut rows = vec![("Partition key", dot.key.to_string())];
    if dot.explicit {
        // What the key would have routed by, beside what did route it.
        rows.push(("MD5 of the key", hash_of_partition_key(&dot.key).to_string()));
        rows.push(("ExplicitHashKey", dot.hash.to_string()));
    } else {
        rows.push(("MD5 hash key", dot.hash.to_string()));
    }
    rows.push(("Shard", dot.shard_id.to_string()));
    rows.push(("Sequence number", dot.sequence_number.to_string()));
    rows.push(("Arrived", engine::sim::format_iso(epoch_ms + dot.at as i64)));
    if dot.count > 1 {
        rows.push((
            "Batch",
            format!(
                "{} records, {} bytes (the first one is described)",
                grouped(dot.count as u64),
                grouped(dot.bytes)
            ),
        ));
    }
    rows
}

#[component]
pub fn RecordTip() -> impl IntoView {
    let state = expect_context::<StreamsState>();
    let epoch = state.sim.with_world(|w| w.config().epoch_ms);
    view! {
        <aside class="record-tip" aria-live="polite" data-testid="record-tip">
            <h3>"Record"</h3>
            {move || match state.tip.get() {
                None => view! {
                    <p class="empty">"Hover over or focus (Tab) a dot on a lane to see where its partition key sent it."</p>
                }
                .into_any(),
                Some(dot) => view! {
                    <dl>
                        {tip_rows(&dot, epoch)
                            .into_iter()
                            .map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> })
                            .collect_view()}
                    </dl>
                }
                .into_any(),
            }}
        </aside>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dot(hash: &str, explicit: bool) -> Dot {
        Dot {
            id: 1,
            shard_id: "shardId-000000000000".into(),
            at: 1500,
            count: 1,
            bytes: 100,
            key: "a".into(),
            hash: hash.into(),
            explicit,
            sequence_number: "4959".into(),
            fraction: 0.0,
        }
    }

    #[test]
    fn the_md5_of_the_key_is_shown_as_a_number() {
        let md5 = hash_of_partition_key("a").to_string();
        let rows = tip_rows(&dot(&md5, false), 0);
        assert_eq!(rows[1], ("MD5 hash key", md5));
        assert!(rows.iter().any(|r| r.0 == "Arrived" && r.1 == "1970-01-01T00:00:01.500Z"));
    }

    #[test]
    fn an_explicit_hash_key_is_told_apart() {
        let rows = tip_rows(&dot("42", true), 0);
        assert!(rows.iter().any(|r| r.0 == "ExplicitHashKey" && r.1 == "42"));
        let md5 = hash_of_partition_key("a").to_string();
        assert_eq!(rows[1], ("MD5 of the key", md5));
    }
}
