//! The Streams view (`#/streams`): shards as lanes on the hash key space, producers, consumers,
//! throttling, resharding and presets.

use leptos::prelude::*;

#[component]
pub fn StreamsView() -> impl IntoView {
    view! { <section class="streams"><h2>"Kinesis Data Streams"</h2></section> }
}
