//! Setting up: a bucket, a delivery stream (direct put or reading a Kinesis stream) with its S3
//! destination and buffering hints, picking which stream to watch, and sending records by hand.
//! The form is [`form`]; the requests it sends are built in [`request`].

mod form;
mod request;

use engine::s3::S3Command;
use engine::Command;
use leptos::prelude::*;

pub use form::SetupPanel;
pub use request::*;

use super::FirehoseState;
use crate::driver::Sim;

pub fn create_bucket(sim: Sim, bucket: &str) {
    sim.act(
        Command::S3(S3Command::CreateBucket { bucket: bucket.to_string() }),
        &format!("aws s3 mb s3://{bucket}"),
    );
}

/// The ARN of a Kinesis stream of the world.
pub fn kinesis_arn(sim: Sim, stream: &str) -> Option<String> {
    sim.with_world(|w| w.view().kinesis().stream(stream).map(|s| s.arn))
}

fn parse_in(text: &str, min: u32, max: u32, default: u32) -> u32 {
    text.trim().parse::<u32>().map_or(default, |v| v.clamp(min, max))
}

#[component]
pub fn DeliveryStreamPicker() -> impl IntoView {
    let state = expect_context::<FirehoseState>();
    move || {
        let names = state.names.get();
        (names.len() > 1).then(|| {
            let current = state.name.get().unwrap_or_default();
            view! {
                <label class="field">
                    <span>"Delivery stream"</span>
                    <select
                        data-testid="delivery-stream-select"
                        prop:value=current
                        on:change=move |ev| state.chosen.set(Some(event_target_value(&ev)))
                    >
                        {names.into_iter().map(|n| view! { <option value=n.clone()>{n.clone()}</option> }).collect_view()}
                    </select>
                </label>
            }
        })
    }
}

/// One PutRecordBatch of N sample clickstream events (direct-put streams only).
#[component]
pub fn SendRecords() -> impl IntoView {
    let state = expect_context::<FirehoseState>();
    let sim = state.sim;
    let count = RwSignal::new("100".to_string());
    let sent = RwSignal::new(0u64);
    let problem = RwSignal::new(None::<String>);
    let direct =
        move || state.stream.with(|s| s.as_ref().is_some_and(|s| s.source_type == "DirectPut"));
    let active = move || state.stream.with(|s| s.as_ref().is_some_and(|s| s.status == "ACTIVE"));
    let send = move |_| {
        let Some(name) = state.name.get_untracked() else { return };
        let n = parse_in(&count.get_untracked(), 1, 500, 100) as u64;
        let first = sent.get_untracked();
        let unix = sim.with_world(|w| w.now_unix_ms());
        match sim.call(batch_call(&name, first, n, unix)) {
            Ok(_) => {
                sent.set(first + n);
                problem.set(None);
            }
            Err(e) => problem.set(Some(format!("{}: {}", e.code, e.message))),
        }
    };
    view! {
        <Show when=direct>
            <div class="fh-send">
                <label class="field">
                    <span>"Records (1–500)"</span>
                    <input class="narrow" type="number" min="1" max="500" prop:value=count on:input=move |ev| count.set(event_target_value(&ev)) />
                </label>
                <button data-testid="send-records" class="primary-action" disabled=move || !active() on:click=send>
                    {move || if active() { "Send records (PutRecordBatch)" } else { "Waiting for ACTIVE…" }}
                </button>
                {move || problem.get().map(|p| view! { <p class="field-problem" role="alert">{p}</p> })}
            </div>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_numbers_are_clamped_or_defaulted() {
        assert_eq!(parse_in("999", 1, 128, 5), 128);
        assert_eq!(parse_in("x", 1, 128, 5), 5);
    }
}
