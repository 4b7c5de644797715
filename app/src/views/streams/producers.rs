//! Producers: simulated applications writing records at a set rate, with a chosen spread of
//! partition keys, retrying throttled records with backoff as the SDK does.

use engine::kinesis::{ActorCommand, KeyDistribution, ProducerView};
use engine::Command;
use leptos::prelude::*;

use super::meters::grouped;
use super::StreamsState;

/// The spreads of partition keys the learner can pick.
pub const KEY_CHOICES: &[(&str, &str)] = &[
    ("uniform", "Uniform over 100 keys"),
    ("skewed", "Skewed (Zipf) over 100 keys"),
    ("hot", "One hot key (80% of records)"),
    ("explicit", "Explicit hash keys, spread evenly"),
];

pub fn keys_from_choice(choice: &str) -> KeyDistribution {
    match choice {
        "skewed" => KeyDistribution::Zipf { keys: 100, exponent_milli: 1000 },
        "hot" => KeyDistribution::HotKey { keys: 100, hot_percent: 80 },
        "explicit" => KeyDistribution::ExplicitHashKeys { keys: 64 },
        _ => KeyDistribution::Uniform { keys: 100 },
    }
}

pub fn describe_keys(keys: &KeyDistribution) -> String {
    match keys {
        KeyDistribution::Uniform { keys } => format!("uniform over {keys} keys"),
        KeyDistribution::Zipf { keys, exponent_milli } => {
            format!("Zipf over {keys} keys (s = {:.1})", *exponent_milli as f64 / 1000.0)
        }
        KeyDistribution::HotKey { keys, hot_percent } => {
            format!("{hot_percent}% on key-0, the rest over {} keys", keys.saturating_sub(1))
        }
        KeyDistribution::ExplicitHashKeys { keys } => {
            format!("explicit hash keys, {keys} values spread evenly")
        }
    }
}

/// The command that (re)starts a producer with these settings.
pub fn start(
    id: &str,
    stream: &str,
    rate: u32,
    record_bytes: u32,
    keys: KeyDistribution,
) -> Command {
    Command::Kinesis(ActorCommand::StartProducer {
        id: id.to_string(),
        stream: stream.to_string(),
        rate,
        record_bytes,
        keys,
        batch: 500,
        max_retries: 3,
    })
}

pub fn next_id(taken: &[String]) -> String {
    (1..).map(|i| format!("producer-{i}")).find(|n| !taken.contains(n)).unwrap_or_default()
}

/// A rate typed by the learner: whole records per second, 0 to 100,000.
pub fn parse_rate(text: &str) -> Option<u32> {
    text.trim().replace(',', "").parse::<u32>().ok().map(|r| r.min(100_000))
}

#[component]
pub fn ProducersPanel() -> impl IntoView {
    let state = expect_context::<StreamsState>();
    view! {
        <section class="panel producers" aria-labelledby="producers-title">
            <h3 id="producers-title">"Producers"</h3>
            <AddProducerForm />
            <Show when=move || state.producers.with(Vec::is_empty)>
                <p class="empty">"No producers: add one to send records into the stream."</p>
            </Show>
            <ul class="producer-list">
                <For each=move || state.producers.get() key=|p| p.id.clone() let:p>
                    <ProducerCard id=p.id.clone() />
                </For>
            </ul>
        </section>
    }
}

#[component]
fn AddProducerForm() -> impl IntoView {
    let state = expect_context::<StreamsState>();
    let sim = state.sim;
    let rate = RwSignal::new("500".to_string());
    let size = RwSignal::new("200".to_string());
    let keys = RwSignal::new("uniform".to_string());
    let add = move |_| {
        let Some(stream) = state.name.get_untracked() else { return };
        let taken: Vec<String> =
            state.producers.get_untracked().into_iter().map(|p| p.id).collect();
        let id = next_id(&taken);
        let r = parse_rate(&rate.get_untracked()).unwrap_or(500);
        let b = size.get_untracked().trim().parse::<u32>().unwrap_or(200).clamp(1, 1024 * 1024);
        let k = keys_from_choice(&keys.get_untracked());
        let note = format!("{id} writes {r} records/s of {b} bytes, keys {}", describe_keys(&k));
        sim.act(start(&id, &stream, r, b, k), &note);
    };
    view! {
        <div class="form-row">
            <label class="field">
                <span>"Records/s"</span>
                <input class="narrow" type="number" min="0" max="100000" prop:value=rate on:input=move |ev| rate.set(event_target_value(&ev)) />
            </label>
            <label class="field">
                <span>"Bytes each"</span>
                <input class="narrow" type="number" min="1" max="1048576" prop:value=size on:input=move |ev| size.set(event_target_value(&ev)) />
            </label>
            <label class="field">
                <span>"Keys"</span>
                <select on:change=move |ev| keys.set(event_target_value(&ev)) prop:value=keys>
                    {KEY_CHOICES.iter().map(|(v, l)| view! { <option value=*v>{*l}</option> }).collect_view()}
                </select>
            </label>
            <button data-testid="add-producer" on:click=add>"+ Add producer"</button>
        </div>
    }
}

#[component]
fn ProducerCard(id: String) -> impl IntoView {
    let state = expect_context::<StreamsState>();
    let sim = state.sim;
    let producer = {
        let id = id.clone();
        Memo::new(move |_| state.producers.with(|p| p.iter().find(|x| x.id == id).cloned()))
    };
    // The rate alone: the producer's stats change every frame, and an input whose value reads
    // them would put the running rate back over what the learner is typing.
    let rate = Memo::new(move |_| producer.with(|p| p.as_ref().map_or(0, |p| p.rate)));
    let set_rate = move |text: String| {
        let (Some(p), Some(r)) = (producer.get_untracked(), parse_rate(&text)) else { return };
        let ProducerView { id, stream, record_bytes, keys, .. } = p;
        sim.act(
            start(&id, &stream, r, record_bytes, keys),
            &format!("{id} now writes {r} records/s"),
        );
    };
    let stop = {
        let id = id.clone();
        move |_| {
            sim.act(
                Command::Kinesis(ActorCommand::StopProducer { id: id.clone() }),
                &format!("{id} stops"),
            )
        }
    };
    let stats = move || producer.with(|p| p.as_ref().map(|p| p.stats.clone()).unwrap_or_default());
    let about = move || {
        producer.with(|p| {
            p.as_ref()
                .map(|p| {
                    format!(
                        "{} bytes each · {}",
                        grouped(p.record_bytes as u64),
                        describe_keys(&p.keys)
                    )
                })
                .unwrap_or_default()
        })
    };
    view! {
        <li class="producer-card">
            <div class="producer-head">
                <strong>{id.clone()}</strong>
                <label class="field">
                    <span>"Rate"</span>
                    <input
                        data-testid="producer-rate"
                        class="rate"
                        type="number"
                        min="0"
                        max="100000"
                        step="100"
                        prop:value=move || rate.get().to_string()
                        on:change=move |ev| set_rate(event_target_value(&ev))
                    />
                    <span>"records/s"</span>
                </label>
                <button class="small" on:click=stop>"Stop"</button>
            </div>
            <p class="producer-about">{about}</p>
            <dl class="stats">
                <div><dt>"sent"</dt><dd>{move || grouped(stats().sent)}</dd></div>
                <div><dt>"accepted"</dt><dd>{move || grouped(stats().accepted)}</dd></div>
                <div><dt>"throttled"</dt><dd>{move || grouped(stats().throttled)}</dd></div>
                <div><dt>"retried"</dt><dd>{move || grouped(stats().retried)}</dd></div>
                <div><dt>"dropped"</dt><dd>{move || grouped(stats().dropped)}</dd></div>
                <div><dt>"waiting to retry"</dt><dd>{move || producer.with(|p| p.as_ref().map_or(0, |p| p.waiting_retries)).to_string()}</dd></div>
            </dl>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_choice_maps_to_a_distribution() {
        for (choice, _) in KEY_CHOICES {
            let k = keys_from_choice(choice);
            assert!(!describe_keys(&k).is_empty());
        }
        assert_eq!(keys_from_choice("hot"), KeyDistribution::HotKey { keys: 100, hot_percent: 80 });
    }

    #[test]
    fn rates_are_whole_and_bounded() {
        assert_eq!(parse_rate("1,500"), Some(1500));
        assert_eq!(parse_rate("9999999"), Some(100_000));
        assert_eq!(parse_rate("fast"), None);
        assert_eq!(next_id(&["producer-1".into()]), "producer-2");
    }
}
