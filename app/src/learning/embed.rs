//! Embed mode (`embed=1`): a scenario inside another page. Minimal chrome, nothing runs until
//! the reader clicks (or the host page says play), motion reduced when the reader asks for it,
//! and a postMessage API for the host:
//!
//! - the host sends `{"type": "sandbox:command", "command": "play" | "pause" | "step" | "load",
//!   "scenario": "<link>"}`;
//! - the sandbox posts `{"type": "sandbox:state", "virtualTime", "playing", "view"}` after every
//!   change and `{"type": "sandbox:height", "height"}` when its height changes.
//!
//! Only the origins named in the embed URL (`origin=`, repeatable) are heard, compared exactly,
//! and only they are posted to: a page that names none gets nothing and commands nothing.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use super::Learning;
use crate::driver::{perf_now, Sim};
use crate::state::Shared;

/// While playing, state messages go out at most this often (every frame changes the clock).
const STATE_EVERY_MS: f64 = 250.0;

fn field(data: &JsValue, name: &str) -> Option<String> {
    js_sys::Reflect::get(data, &JsValue::from_str(name)).ok()?.as_string()
}

/// Posts `message` to the parent page, once per allowed origin (the browser delivers it only
/// if the parent is at that origin).
fn post(learning: Learning, message: &JsValue) {
    let Some(w) = web_sys::window() else { return };
    let Ok(Some(parent)) = w.parent() else { return };
    if parent == w {
        return;
    }
    for origin in learning.origins.get_untracked() {
        let _ = parent.post_message(message, &origin);
    }
}

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

/// What a host may ask; `load` takes a sandbox link (or just its `#/...` part).
fn command(sim: Sim, name: &str, scenario: Option<String>) {
    match name {
        "play" => {
            sim.held.set(false);
            sim.play();
        }
        "pause" => sim.pause(),
        "step" => sim.step(),
        "load" => {
            let Some(link) = scenario else { return };
            let hash = link.find('#').map_or(link.as_str(), |i| &link[i..]).to_string();
            if let Some(w) = web_sys::window() {
                let _ = w.location().set_hash(&hash);
            }
        }
        _ => {}
    }
}

/// Listens to the host page and tells it what changes. Does nothing outside embed mode.
pub fn bridge(sim: Sim, shared: Shared, learning: Learning) {
    let _ = window_event_listener(ev::message, move |ev: web_sys::MessageEvent| {
        if !learning.embed.get_untracked()
            || !learning.origins.get_untracked().contains(&ev.origin())
        {
            return;
        }
        let data = ev.data();
        if field(&data, "type").as_deref() != Some("sandbox:command") {
            return;
        }
        if let Some(name) = field(&data, "command") {
            command(sim, &name, field(&data, "scenario"));
        }
    });

    let last = StoredValue::new((f64::NEG_INFINITY, false, String::new()));
    Effect::new(move |_| {
        sim.now.track();
        let playing = sim.playing.get();
        let view = shared.view.get().slug().to_string();
        if !learning.embed.get() {
            return;
        }
        let (at, was_playing, was_view) = last.get_value();
        let now = perf_now();
        if playing && was_playing && view == was_view && now - at < STATE_EVERY_MS {
            return;
        }
        last.set_value((now, playing, view.clone()));
        let message = object(&[
            ("type", "sandbox:state".into()),
            ("virtualTime", sim.with_world(|w| w.now_iso()).into()),
            ("playing", playing.into()),
            ("view", view.into()),
        ]);
        post(learning, &message);
    });

    watch_height(learning);
}

/// Posts the page's height whenever it changes, so the host can size its iframe.
fn watch_height(learning: Learning) {
    let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) else {
        return;
    };
    let last = std::cell::Cell::new(0);
    let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| {
        let Some(doc) =
            web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element())
        else {
            return;
        };
        let height = doc.scroll_height();
        if height != last.get() && learning.embed.get_untracked() {
            last.set(height);
            post(
                learning,
                &object(&[("type", "sandbox:height".into()), ("height", height.into())]),
            );
        }
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
        observer.observe(&body);
        // One observer for the page's whole life.
        std::mem::forget(observer);
    }
    on_resize.forget();
}

/// Click to start: over the view until the reader (or the host) starts the simulation.
#[component]
pub fn EmbedGate() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let learning = expect_context::<Learning>();
    view! {
        <Show when=move || learning.embed.get() && sim.held.get()>
            <button
                class="embed-start"
                data-testid="embed-start"
                on:click=move |_| {
                    sim.held.set(false);
                    sim.play();
                }
            >
                <span class="embed-play" aria-hidden="true">"▶"</span>
                <span>"Start the simulation"</span>
            </button>
        </Show>
    }
}

/// The `<iframe>` that embeds this scenario elsewhere, to copy.
#[component]
pub fn CopyEmbedCode() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let code = RwSignal::new(None::<String>);
    let make = move |_| {
        let Some(w) = web_sys::window() else { return };
        let loc = w.location();
        let base = format!(
            "{}{}",
            loc.origin().unwrap_or_default(),
            loc.pathname().unwrap_or_else(|_| "/".into())
        );
        let hash = crate::url_state::scenario_hash(&shared.scenario());
        let snippet = embed_snippet(&base, &hash, shared.view.get_untracked().title());
        let _ = w.navigator().clipboard().write_text(&snippet);
        code.set(Some(snippet));
    };
    view! {
        <button data-testid="copy-embed-code" title="An <iframe> that shows this scenario in your page" on:click=make>
            "Embed"
        </button>
        {move || code.get().map(|c| view! {
            <div class="embed-code" role="dialog" aria-label="Embed code">
                <p>"Copied. Put your page's origin in origin= (repeat it for more): only those pages may command the sandbox."</p>
                <textarea data-testid="embed-code" readonly rows="5" spellcheck="false">{c}</textarea>
                <button class="small" on:click=move |_| code.set(None)>"Close"</button>
            </div>
        })}
    }
}

/// The snippet: `allow-scripts allow-same-origin` because the module and its storage need the
/// sandbox's own origin (safe while that differs from the host's), `allow-popups` for links.
pub fn embed_snippet(base: &str, hash: &str, view: &str) -> String {
    format!(
        "<iframe src=\"{base}?embed=1&amp;origin=https%3A%2F%2Fyour-docs.example{}\" title=\"Data Sandbox: {view}\" width=\"960\" height=\"640\" style=\"border:0\" loading=\"lazy\" sandbox=\"allow-scripts allow-same-origin allow-popups\" allow=\"clipboard-write\"></iframe>",
        hash.replace('&', "&amp;")
    )
}
