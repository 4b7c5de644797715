//! Presenter mode (`present=1`), for a projector and a clicker: large type, the chrome hidden
//! behind H, PageDown / PageUp / Space / `.` (what clickers send) to move on, B to black the
//! screen out, K for a highlight pointer that fades, and S for a speaker window that follows
//! this one over a BroadcastChannel (the current caption, the next one, the clock). A
//! question's answer stays hidden until the presenter reveals it: the class predicts first.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use super::{typing, Learning};
use crate::driver::{perf_now, Sim};

const CHANNEL: &str = "data-sandbox-presenter";
/// How long a highlight mark stays (real ms).
const POINTER_FADE_MS: f64 = 1200.0;

fn body_class(name: &str, on: bool) {
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.class_list().toggle_with_force(name, on);
    }
}

/// The page classes the modes style: `presenting`, `chrome-hidden`, `embedded`, `speaker`.
pub fn mode_classes(learning: Learning, chrome_hidden: RwSignal<bool>) {
    Effect::new(move |_| {
        body_class("presenting", learning.present.get());
        body_class("embedded", learning.embed.get());
        body_class("speaker", learning.speaker.get());
        body_class("chrome-hidden", learning.present.get() && chrome_hidden.get());
    });
}

/// What the speaker window shows, as the main window broadcasts it.
fn notes(learning: Learning, sim: Sim) -> String {
    let tour = learning.tour.get_untracked().and_then(learn::tours::find);
    let step = learning.tour_step.get_untracked();
    let (now, next) = match (tour, step) {
        (Some(t), Some(k)) => (
            t.steps.get(k).map_or("", |s| s.caption),
            t.steps.get(k + 1).map_or("(the tour ends here)", |s| s.caption),
        ),
        _ => ("", ""),
    };
    serde_json::json!({
        "title": tour.map_or("", |t| t.title),
        "step": step.map_or(0, |s| s + 1),
        "steps": tour.map_or(0, |t| t.steps.len()),
        "now": now,
        "next": next,
        "clock": sim.with_world(|w| w.now_iso()),
        "playing": sim.playing.get_untracked(),
    })
    .to_string()
}

#[component]
pub fn PresenterLayer() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let learning = expect_context::<Learning>();
    let chrome_hidden = RwSignal::new(false);
    let blackout = RwSignal::new(false);
    let pointer = RwSignal::new(false);
    let marks = RwSignal::new(Vec::<(f64, f64, f64)>::new());
    mode_classes(learning, chrome_hidden);

    let channel = web_sys::BroadcastChannel::new(CHANNEL).ok();
    let sender = StoredValue::new_local(channel);
    Effect::new(move |_| {
        sim.now.track();
        learning.tour_step.track();
        sim.playing.track();
        if learning.present.get() && !learning.speaker.get() {
            let text = notes(learning, sim);
            sender.with_value(|c| c.as_ref().map(|c| c.post_message(&JsValue::from_str(&text))));
        }
    });

    let keys = window_event_listener(ev::keydown, move |ev| {
        if !learning.present.get_untracked() || learning.speaker.get_untracked() || typing(&ev) {
            return;
        }
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        if blackout.get_untracked() {
            // Any key brings the screen back.
            blackout.set(false);
            ev.prevent_default();
            return;
        }
        let touring = learning.tour.get_untracked().is_some();
        match ev.key().as_str() {
            "h" | "H" => chrome_hidden.update(|h| *h = !*h),
            "b" | "B" => blackout.set(true),
            "k" | "K" => pointer.update(|p| *p = !*p),
            "." => sim.toggle(),
            "s" | "S" => open_speaker_window(),
            // The tour takes these when one runs; otherwise they step the simulation.
            "PageDown" if !touring => sim.step(),
            "PageUp" if !touring => sim.step_back(),
            _ => return,
        }
        ev.prevent_default();
    });
    let moves = window_event_listener(ev::mousemove, move |ev| {
        if pointer.get_untracked() {
            let now = perf_now();
            marks.update(|m| {
                m.retain(|x| now - x.2 < POINTER_FADE_MS);
                m.push((ev.client_x() as f64, ev.client_y() as f64, now));
                let excess = m.len().saturating_sub(24);
                m.drain(..excess);
            });
        }
    });
    on_cleanup(move || {
        keys.remove();
        moves.remove();
    });

    view! {
        <Show when=move || blackout.get()>
            <div class="blackout" data-testid="blackout" on:click=move |_| blackout.set(false)></div>
        </Show>
        // An SVG overlay: its marks are placed by attributes, which the page's CSP (no inline
        // styles) allows.
        <Show when=move || pointer.get()>
            <svg class="pointer-layer" data-testid="pointer" aria-hidden="true">
                {move || marks.get().into_iter().map(|(x, y, _)| view! {
                    <circle class="pointer-mark" cx=x.to_string() cy=y.to_string() r="12"></circle>
                }).collect_view()}
            </svg>
        </Show>
        <Show when=move || learning.present.get() && chrome_hidden.get()>
            <p class="chrome-hint">"H shows the controls"</p>
        </Show>
    }
}

fn open_speaker_window() {
    let Some(w) = web_sys::window() else { return };
    let loc = w.location();
    let base =
        format!("{}{}", loc.origin().unwrap_or_default(), loc.pathname().unwrap_or_default());
    let _ = w.open_with_url_and_target(&format!("{base}?speaker=1#/learn"), "data-sandbox-speaker");
}

/// The speaker window (`speaker=1`): what the main window is showing and what comes next.
#[component]
pub fn SpeakerNotes() -> impl IntoView {
    let learning = expect_context::<Learning>();
    let latest = RwSignal::new(None::<serde_json::Value>);
    let opened = perf_now();
    let tick = RwSignal::new(0.0);
    if let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) {
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                if let Some(text) = ev.data().as_string() {
                    latest.set(serde_json::from_str(&text).ok());
                }
            });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        std::mem::forget(channel);
    }
    let timer =
        set_interval_with_handle(move || tick.set(perf_now()), std::time::Duration::from_secs(1))
            .ok();
    on_cleanup(move || {
        if let Some(t) = timer {
            t.clear();
        }
    });
    let text = move |k: &str| {
        latest.with(|l| {
            l.as_ref().and_then(|v| v[k].as_str().map(str::to_string)).unwrap_or_default()
        })
    };
    move || {
        learning.speaker.get().then(|| {
            view! {
                <section class="speaker-notes" data-testid="speaker-notes" aria-label="Speaker notes">
                    <p class="speaker-meta">
                        {move || format!("{} · step {} of {} · virtual time {} · talking for {} min",
                            text("title"),
                            latest.with(|l| l.as_ref().and_then(|v| v["step"].as_u64()).unwrap_or(0)),
                            latest.with(|l| l.as_ref().and_then(|v| v["steps"].as_u64()).unwrap_or(0)),
                            text("clock"),
                            ((tick.get().max(opened) - opened) / 60_000.0).floor())}
                    </p>
                    <h2>"Now"</h2>
                    <p class="speaker-caption" data-testid="speaker-caption">{move || text("now")}</p>
                    <h2>"Next"</h2>
                    <p class="speaker-next" data-testid="speaker-next">{move || text("next")}</p>
                    {move || latest.with(Option::is_none).then(|| view! { <p class="muted">"Waiting for the presenting window (open it with present=1 and press S there)."</p> })}
                </section>
            }
        })
    }
}
