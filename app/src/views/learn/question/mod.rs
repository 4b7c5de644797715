//! The open question on `#/learn?question=ID&seed=N`: the numbers drawn from the seed, the
//! choices, a prediction locked before anything runs, then the run's measurements beside the
//! prediction, the verdict (computed from the run) and why. In an intervention question any
//! other choice can be run beside it, from the same seed.

mod runs;

use learn::question::{Observation, Question};
use leptos::prelude::*;

use crate::learning::progress::record_answer;
use crate::learning::Learning;
use runs::{Lane, Runs};

#[component]
pub fn QuestionPanel(question: &'static Question, seed: u64) -> impl IntoView {
    let learning = expect_context::<Learning>();
    let params = question.params(seed);
    let chosen = RwSignal::new(None::<usize>);
    let locked = RwSignal::new(false);
    let runs = Runs::new();
    // In presenter mode the verdict waits until the presenter reveals it.
    let revealed = RwSignal::new(!learning.present.get_untracked());
    let verdict = Memo::new(move |_| {
        let c = chosen.get()?;
        let run = question.run_of(c);
        let lane = runs.lanes.with(|l| l.iter().find(|x| x.choice == run).cloned())?;
        let o = lane.observation?;
        Some(question.is_right(c, &o, seed))
    });
    let recorded = StoredValue::new(false);
    Effect::new(move |_| {
        if let (Some(right), false) = (verdict.get(), recorded.get_value()) {
            recorded.set_value(true);
            record_answer(learning, question.id, seed, right);
        }
    });
    on_cleanup(move || runs.clear());

    let prompt = params.fill(question.prompt);
    let param_list = params
        .values
        .iter()
        .map(|(n, v)| view! { <li data-testid="question-param" data-name=*n data-value=v.to_string()>{format!("{n} = {v}")}</li> })
        .collect_view();
    let run = move |_| {
        let Some(c) = chosen.get_untracked() else { return };
        runs.start(question, seed, question.run_of(c));
    };
    view! {
        <section class="question" data-testid="question-panel" data-question=question.id data-seed=seed.to_string() aria-labelledby="question-title">
            <p class="question-kicker">
                {format!("Predict, then run · {} · covers {}", question.exams.iter().map(|e| e.code()).collect::<Vec<_>>().join(", "), question.covers.join(", "))}
            </p>
            <h3 id="question-title">{question.title}</h3>
            <p class="question-prompt" data-testid="question-prompt">{prompt}</p>
            <ul class="question-params" aria-label="This question's numbers">{param_list}</ul>
            <Choices question=question seed=seed chosen=chosen locked=locked runs=runs />
            <div class="question-buttons">
                <button
                    data-testid="question-lock"
                    disabled=move || chosen.get().is_none() || locked.get()
                    on:click=move |_| locked.set(true)
                >
                    {move || if locked.get() { "✓ Prediction locked" } else { "Lock my prediction" }}
                </button>
                <button
                    class="primary"
                    data-testid="question-run"
                    title="Runs the simulation: enabled once your prediction is locked"
                    disabled=move || !locked.get() || runs.lanes.with(|l| !l.is_empty())
                    on:click=run
                >
                    "▶ Run it"
                </button>
                <a class="button-link" data-testid="question-new-seed" href=format!("#/learn?question={}&seed={}", question.id, seed + 1)>
                    "New numbers"
                </a>
            </div>
            <Show when=move || verdict.get().is_some() && !revealed.get()>
                <button data-testid="question-reveal" on:click=move |_| revealed.set(true)>"Reveal the answer"</button>
            </Show>
            <Show when=move || revealed.get()>
                <Verdict question=question verdict=verdict chosen=chosen />
            </Show>
            <RunLanes question=question seed=seed runs=runs chosen=chosen revealed=revealed />
            <Show when=move || question.is_intervention() && verdict.get().is_some()>
                <CompareWith question=question seed=seed runs=runs />
            </Show>
        </section>
    }
}

#[component]
fn Choices(
    question: &'static Question,
    seed: u64,
    chosen: RwSignal<Option<usize>>,
    locked: RwSignal<bool>,
    runs: Runs,
) -> impl IntoView {
    let params = question.params(seed);
    // What the runs so far say about each choice (outcome: every choice from the one run).
    let judged = move |i: usize| -> Option<bool> {
        runs.lanes.with(|l| {
            let lane = l.iter().find(|x| x.choice == question.run_of(i))?;
            lane.observation.as_ref().map(|o| question.is_right(i, o, seed))
        })
    };
    question
        .choices
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let label = params.fill(c.label);
            view! {
                <label class="question-choice" class:picked=move || chosen.get() == Some(i)>
                    <input
                        type="radio"
                        name="question-choice"
                        data-testid="question-choice"
                        data-choice=i.to_string()
                        prop:checked=move || chosen.get() == Some(i)
                        disabled=move || locked.get()
                        on:change=move |_| chosen.set(Some(i))
                    />
                    <span class="choice-letter">{char::from(b'A' + i as u8).to_string()}</span>
                    <span class="choice-label">{label}</span>
                    {move || judged(i).map(|right| view! {
                        <span class="choice-mark" data-testid="question-choice-mark" data-right=right.to_string()>
                            {if right { "✓ happened" } else { "✗" }}
                        </span>
                    })}
                </label>
            }
        })
        .collect_view()
}

#[component]
fn Verdict(
    question: &'static Question,
    verdict: Memo<Option<bool>>,
    chosen: RwSignal<Option<usize>>,
) -> impl IntoView {
    move || {
        let right = verdict.get()?;
        let letter = chosen.get().map(|c| char::from(b'A' + c as u8)).unwrap_or('?');
        let text = if right {
            format!("Your prediction {letter} is what the simulation did.")
        } else if question.is_intervention() {
            format!("Choice {letter} did not get there in the simulation. Run another choice beside it to compare.")
        } else {
            format!("The simulation did not do {letter}: compare what it measured with your prediction.")
        };
        Some(view! {
            <div class="question-verdict" class:right=right data-testid="question-verdict" data-right=right.to_string() role="status">
                <strong>{if right { "✓ Right. " } else { "✗ Not this time. " }}</strong>
                {text}
                <p class="question-why" data-testid="question-why">{question.why}</p>
            </div>
        })
    }
}

#[component]
fn RunLanes(
    question: &'static Question,
    seed: u64,
    runs: Runs,
    chosen: RwSignal<Option<usize>>,
    revealed: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <div class="run-lanes">
            <For each=move || runs.lanes.get() key=|l| (l.choice, l.at, l.observation.is_some()) let:lane>
                <RunLane question=question seed=seed lane=lane chosen=chosen revealed=revealed />
            </For>
        </div>
    }
}

#[component]
fn RunLane(
    question: &'static Question,
    seed: u64,
    lane: Lane,
    chosen: RwSignal<Option<usize>>,
    revealed: RwSignal<bool>,
) -> impl IntoView {
    let title = match lane.choice {
        Some(c) => format!("Run of choice {}", char::from(b'A' + c as u8)),
        None => "The run".to_string(),
    };
    let yours = lane.choice.is_none() || lane.choice == chosen.get_untracked();
    let scenario = question.scenario(seed, lane.choice);
    let watch = format!("#/{}?s={}", scenario.view, engine::scenario::encode(&scenario));
    let pct = (lane.at * 100).checked_div(lane.end).unwrap_or(100);
    let done = lane.observation.is_some();
    let verdict =
        lane.choice.zip(lane.observation.as_ref()).map(|(c, o)| question.is_right(c, o, seed));
    view! {
        <section class="run-lane" class:yours=yours data-testid="question-observed" data-choice=lane.choice.map_or("outcome".into(), |c| c.to_string()) data-done=done.to_string()>
            <h4>{title} {yours.then_some(" (your prediction)")}</h4>
            {(!done).then(|| view! { <progress max="100" value=pct.to_string()></progress> })}
            {lane.observation.map(|o| view! { <Readings observation=o /> })}
            {move || (revealed.get() && done).then(|| verdict.map(|v| view! {
                <p class="lane-verdict" data-testid="lane-verdict" data-right=v.to_string()>
                    {if v { "✓ meets the aim" } else { "✗ does not meet the aim" }}
                </p>
            }))}
            {done.then(|| view! { <a data-testid="question-watch" href=watch.clone()>{format!("Watch this run in the {} view", question.view)}</a> })}
        </section>
    }
}

#[component]
fn Readings(observation: Observation) -> impl IntoView {
    view! {
        <dl class="readings">
            {observation.readings.into_iter().map(|r| view! {
                <div data-testid="question-reading" data-key=r.key data-value=r.value.to_string()>
                    <dt>{r.label}</dt>
                    <dd>{r.shown}</dd>
                </div>
            }).collect_view()}
        </dl>
    }
}

/// Another choice's run beside the learner's: same seed, same setup, forked at the same time.
#[component]
fn CompareWith(question: &'static Question, seed: u64, runs: Runs) -> impl IntoView {
    let pick = RwSignal::new(String::new());
    let others = move || {
        (0..question.choices.len())
            .filter(|&i| !runs.lanes.with(|l| l.iter().any(|x| x.choice == Some(i))))
            .collect::<Vec<_>>()
    };
    view! {
        <div class="compare" data-testid="question-compare">
            <label class="field">
                <span>"Run another choice beside it"</span>
                <select data-testid="question-compare-choice" on:change=move |ev| pick.set(event_target_value(&ev)) prop:value=pick>
                    <option value="">"Choose…"</option>
                    {move || others().into_iter().map(|i| view! { <option value=i.to_string()>{char::from(b'A' + i as u8).to_string()}</option> }).collect_view()}
                </select>
            </label>
            <button
                data-testid="question-compare-run"
                disabled=move || pick.get().is_empty()
                on:click=move |_| {
                    if let Ok(i) = pick.get_untracked().parse::<usize>() {
                        runs.start(question, seed, Some(i));
                        pick.set(String::new());
                    }
                }
            >
                "▶ Run it too"
            </button>
            <button data-testid="question-run-all" on:click=move |_| {
                for i in others() {
                    runs.start(question, seed, Some(i));
                }
            }>
                "Run every choice"
            </button>
        </div>
    }
}
