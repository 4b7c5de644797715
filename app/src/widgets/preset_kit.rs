//! What every view's presets share: the picker, the "what to notice" panel, following the URL's
//! `preset=`, and remembering which preset the world was set up from. A view brings its own
//! table of presets (what each one sets up) and the piece of its state a load resets.
//!
//! A preset is only API calls and actor commands applied through the sim, so the console shows
//! every `aws ...` command it ran and a shared link replays it exactly.

use std::cell::RefCell;
use std::collections::BTreeMap;

use engine::scenario::Scenario;
use leptos::prelude::*;

use crate::driver::Sim;
use crate::routes::{current_hash, Route};
use crate::state::Shared;

/// What the learner reads about a preset.
pub struct PresetInfo {
    /// URL-safe id: `#/streams?preset=hot-partition-key`.
    pub id: &'static str,
    pub title: &'static str,
    /// The "what to notice" text.
    pub notice: &'static str,
    /// Study-note ids (SEED_COVERAGE.md) the preset demonstrates.
    pub covers: &'static [&'static str],
}

/// A view's preset table, as the shared pieces need it.
#[derive(Clone, Copy)]
pub struct Catalog {
    /// The view's slug: presets of different views never collide.
    pub view: &'static str,
    pub all: fn() -> Vec<&'static PresetInfo>,
}

impl Catalog {
    pub fn find(self, id: &str) -> Option<&'static PresetInfo> {
        (self.all)().into_iter().find(|p| p.id == id)
    }
}

thread_local! {
    /// Per view, the preset the world was last set up from (survives the view being
    /// unmounted, so coming back to a view does not set its preset up again).
    static LOADED: RefCell<BTreeMap<&'static str, String>> = const { RefCell::new(BTreeMap::new()) };
}

pub fn loaded(view: &'static str) -> Option<String> {
    LOADED.with(|l| l.borrow().get(view).cloned())
}

pub fn set_loaded(view: &'static str, id: Option<String>) {
    LOADED.with(|l| match id {
        Some(id) => {
            l.borrow_mut().insert(view, id);
        }
        None => {
            l.borrow_mut().remove(view);
        }
    });
}

/// Starts a preset on a clean world (same seed): `reset` clears the view's own selections,
/// `setup` applies the preset's commands, then the clock plays. The setup runs in the next
/// animation frame: a preset link paints its view first and sets the preset up after, two
/// shorter tasks instead of one that blocks the page.
pub fn start(
    catalog: Catalog,
    sim: Sim,
    id: &str,
    reset: impl FnOnce(),
    setup: impl FnOnce(Sim) + 'static,
) {
    set_loaded(catalog.view, Some(id.to_string()));
    sim.load(&Scenario::new(sim.seed.get_untracked()));
    reset();
    request_animation_frame(move || {
        setup(sim);
        sim.play();
    });
}

/// Loads the preset the URL names: on a docs link, or when the learner picks one. A link that
/// also carries a scenario with commands (`s=`) is restored as it is, not set up again;
/// `restored` then hears which preset it was.
pub fn follow_the_url(
    catalog: Catalog,
    sim: Sim,
    load: impl Fn(&str) + 'static,
    restored: impl Fn(&str) + 'static,
) {
    let shared = expect_context::<Shared>();
    Effect::new(move |first: Option<()>| {
        let wanted = shared.preset.get();
        // On arrival, a world that already has commands came from a shared link (or the
        // learner's own work): keep it, and remember which preset it was.
        if first.is_none() && sim.with_world(|w| !w.commands().is_empty()) {
            let from_link = Route::parse(&current_hash())
                .scenario
                .and_then(|link| engine::scenario::decode(&link).ok()?.preset);
            let linked = wanted.clone().or(from_link);
            set_loaded(catalog.view, linked.clone());
            if let Some(p) = linked.as_deref().and_then(|id| catalog.find(id)) {
                restored(p.id);
            }
            if wanted.is_none() && linked.is_some() {
                shared.preset.set(linked);
            }
            return;
        }
        let Some(id) = wanted else { return };
        if loaded(catalog.view).as_deref() == Some(id.as_str()) {
            return;
        }
        if catalog.find(&id).is_some() {
            load(&id);
        }
    });
}

/// The preset menu (`preset-select`) and, once one is chosen, a restart button.
pub fn preset_picker(
    catalog: Catalog,
    load: impl Fn(&str) + Send + Sync + 'static,
) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let known = move || shared.preset.get().filter(|p| catalog.find(p).is_some());
    let load = std::sync::Arc::new(load);
    let restart = move |_| {
        if let Some(id) = shared.preset.get_untracked() {
            if catalog.find(&id).is_some() {
                load(&id);
            }
        }
    };
    let options = (catalog.all)()
        .into_iter()
        .map(|p| view! { <option value=p.id>{p.title}</option> })
        .collect_view();
    view! {
        <div class="preset-picker">
            <label class="field">
                <span>"Preset"</span>
                <select
                    data-testid="preset-select"
                    prop:value=move || known().unwrap_or_default()
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        shared.preset.set((!v.is_empty()).then_some(v));
                    }
                >
                    <option value="">"Choose a preset…"</option>
                    {options}
                </select>
            </label>
            <Show when=move || known().is_some()>
                <button data-testid="preset-restart" on:click=restart.clone() title="Set the preset up again from the start">
                    "↺ Restart preset"
                </button>
            </Show>
        </div>
    }
}

/// The chosen preset's "what to notice" and the study notes it covers; `extra` adds what a
/// view puts under it (a next-step button).
pub fn preset_notice<V: IntoView + 'static>(
    catalog: Catalog,
    extra: impl Fn(&'static PresetInfo) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let title_id = format!("{}-notice-title", catalog.view);
    move || {
        let preset = shared.preset.get().as_deref().and_then(|id| catalog.find(id))?;
        let covers =
            preset.covers.iter().map(|c| view! { <li class="cover">{*c}</li> }).collect_view();
        Some(view! {
            <section class="preset-notice" data-testid="preset-notice" aria-labelledby=title_id.clone()>
                <h3 id=title_id.clone()>"What to notice: " {preset.title}</h3>
                <p>{preset.notice}</p>
                <div class="notice-foot">
                    <span class="covers-label">"Study notes covered:"</span>
                    <ul class="covers" data-testid="preset-covers">{covers}</ul>
                    {extra(preset)}
                </div>
            </section>
        })
    }
}

/// The checks every view's preset table must pass (called from each view's unit tests).
#[cfg(test)]
pub fn assert_catalog_is_well_formed(catalog: Catalog) {
    let all = (catalog.all)();
    let mut ids: Vec<&str> = all.iter().map(|p| p.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "duplicate preset ids in {}", catalog.view);
    for p in &all {
        assert!(
            p.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{}",
            p.id
        );
        assert!(!p.covers.is_empty(), "{} covers no study note", p.id);
        assert!(
            p.covers.iter().all(|c| c.starts_with('S') && c[1..].parse::<u32>().is_ok()),
            "{}: {:?}",
            p.id,
            p.covers
        );
    }
}
