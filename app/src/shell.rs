//! The page frame: header, navigation, controls, error banner and the current view. It also
//! keeps the URL in step with the scenario and wires the global keyboard shortcuts.

use engine::scenario::decode;
use leptos::ev;
use leptos::prelude::*;

use crate::controls::{Controls, VirtualClock};
use crate::driver::{perf_now, run_frames, Sim};
use crate::learning::{
    self, EmbedGate, Learning, LevelGoal, PresenterLayer, SpeakerNotes, TourPanel,
};
use crate::on_demand::OnDemandView;
use crate::routes::{current_hash, Route, View};
use crate::state::Shared;
use crate::url_state;
use crate::views::overview::Overview;
use crate::views::streams::StreamsView;

/// The seed a fresh page starts with.
const DEFAULT_SEED: u64 = 1;
/// While playing, the URL is refreshed at most this often (encoding costs a little).
const URL_REFRESH_MS: f64 = 1000.0;

/// Space toggles play only when the learner is not typing or on a control that Space already
/// activates.
fn space_is_ours(ev: &web_sys::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    let tag = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|e| e.tag_name().to_ascii_lowercase())
        .unwrap_or_default();
    ev.key() == " "
        && !ev.ctrl_key()
        && !ev.meta_key()
        && !ev.alt_key()
        && !matches!(tag.as_str(), "input" | "textarea" | "select" | "button" | "a")
}

fn load_route(sim: Sim, shared: Shared, learning: Learning, route: &Route) {
    shared.view.set(route.resolved_view());
    shared.preset.set(route.preset.clone());
    if let Some(link) = &route.scenario {
        match decode(link) {
            Ok(scenario) => {
                sim.error.set(None);
                if scenario.preset.is_some() {
                    shared.preset.set(scenario.preset.clone());
                }
                sim.load(&scenario);
            }
            Err(e) => sim.error.set(Some(e.to_string())),
        }
    }
    learning::follow_route(sim, shared, learning, route);
}

#[component]
pub fn App() -> impl IntoView {
    let sim = Sim::new(DEFAULT_SEED);
    let shared = Shared { sim, view: RwSignal::new(View::Overview), preset: RwSignal::new(None) };
    let learning = Learning::new();
    provide_context(sim);
    provide_context(shared);
    provide_context(learning);

    load_route(sim, shared, learning, &Route::parse(&current_hash()));
    learning.keep_the_address();
    learning::embed::bridge(sim, shared, learning);
    run_frames(sim);
    let shell_painted = RwSignal::new(false);
    request_animation_frame(move || shell_painted.set(true));

    // The hash we last wrote, so a `hashchange` we did not cause (a pasted link, the back
    // button) is told apart from our own.
    let written = StoredValue::new(String::new());
    let last_write = StoredValue::new(f64::NEG_INFINITY);
    Effect::new(move |_| {
        sim.version.track();
        let playing = sim.playing.get();
        shared.view.track();
        sim.speed.track();
        if sim.restoring.get().is_some() {
            return;
        }
        let now = perf_now();
        if playing && now - last_write.get_value() < URL_REFRESH_MS {
            return;
        }
        last_write.set_value(now);
        let hash = if sim.fits_in_a_link() {
            url_state::write(&shared.scenario())
        } else {
            url_state::write_view_only(shared.view.get_untracked().slug())
        };
        written.set_value(hash);
    });

    let _ = window_event_listener(ev::hashchange, move |_| {
        let hash = current_hash();
        if hash == written.get_value() {
            return;
        }
        load_route(sim, shared, learning, &Route::parse(&hash));
    });
    let _ = window_event_listener(ev::keydown, move |ev| {
        if space_is_ours(&ev) {
            ev.prevent_default();
            sim.toggle();
        }
    });

    view! {
        <header class="topbar">
            <a class="brand" href="#/overview">
                <span class="brand-mark" aria-hidden="true">"◆"</span>
                "Data Sandbox"
            </a>
            <nav class="views" aria-label="Views">
                {View::ALL
                    .iter()
                    .map(|&v| {
                        view! {
                            <a
                                href=format!("#/{}", v.slug())
                                class:active=move || shared.view.get() == v
                                aria-current=move || (shared.view.get() == v).then_some("page")
                                on:click=move |ev| {
                                    ev.prevent_default();
                                    shared.view.set(v);
                                }
                            >
                                {v.title()}
                            </a>
                        }
                    })
                    .collect_view()}
            </nav>
            <VirtualClock />
        </header>
        <Controls />
        <ErrorBanner />
        <LevelGoal />
        <TourPanel />
        <PresenterLayer />
        <SpeakerNotes />
        <EmbedGate />
        <main class="view">
            // The view is built in the frame after the shell's: two tasks, each well under
            // the 50 ms that blocks the page, instead of one.
            {move || shell_painted.get().then(|| match shared.view.get() {
                View::Overview => view! { <Overview /> }.into_any(),
                View::Streams => view! { <StreamsView /> }.into_any(),
                View::Firehose => view! { <OnDemandView view=View::Firehose /> }.into_any(),
                View::S3 => view! { <OnDemandView view=View::S3 /> }.into_any(),
                View::Analytics => view! { <OnDemandView view=View::Analytics /> }.into_any(),
                View::Emr => view! { <OnDemandView view=View::Emr /> }.into_any(),
                View::Pipeline => view! { <OnDemandView view=View::Pipeline /> }.into_any(),
                View::Transfer => view! { <OnDemandView view=View::Transfer /> }.into_any(),
                View::Console => view! { <OnDemandView view=View::Console /> }.into_any(),
                View::Learn => view! { <OnDemandView view=View::Learn /> }.into_any(),
                View::Coverage => view! { <OnDemandView view=View::Coverage /> }.into_any(),
            })}
        </main>
    }
}

/// Problems the app could recover from (a link that would not load); panics get boot.js's
/// banner instead, because after a panic the wasm module cannot run any more.
#[component]
fn ErrorBanner() -> impl IntoView {
    let sim = expect_context::<Sim>();
    move || {
        sim.error.get().map(|message| {
            view! {
                <div class="error-banner" data-testid="error-banner" role="alert">
                    <strong>"Something went wrong. "</strong>
                    <span class="error-message">{message}</span>
                    <button on:click=move |_| sim.error.set(None)>"Dismiss"</button>
                </div>
            }
        })
    }
}
