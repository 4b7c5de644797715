//! The global controls: play/pause, step, step back, speed, seed, reset, copy link and the
//! virtual clock. Each button does one thing and is reachable by keyboard.

use engine::scenario::Speed;
use leptos::prelude::*;

use crate::driver::Sim;
use crate::learning::{CopyEmbedCode, ExportButton};
use crate::state::Shared;

const SPEEDS: &[(&str, Speed)] = &[
    ("0.1x", Speed::Times(0.1)),
    ("0.25x", Speed::Times(0.25)),
    ("0.5x", Speed::Times(0.5)),
    ("1x", Speed::Times(1.0)),
    ("2x", Speed::Times(2.0)),
    ("5x", Speed::Times(5.0)),
    ("10x", Speed::Times(10.0)),
    ("100x", Speed::Times(100.0)),
    ("1000x", Speed::Times(1000.0)),
    ("max", Speed::Max),
];

fn speed_key(s: Speed) -> String {
    SPEEDS.iter().find(|(_, v)| *v == s).map_or_else(|| s.label(), |(k, _)| k.to_string())
}

/// `T+1d 02:03:04.005` for the time since the scenario began.
fn elapsed(ms: u64) -> String {
    let (d, rest) = (ms / 86_400_000, ms % 86_400_000);
    let (h, m, s, milli) = (rest / 3_600_000, rest / 60_000 % 60, rest / 1000 % 60, rest % 1000);
    let day = if d > 0 { format!("{d}d ") } else { String::new() };
    format!("T+{day}{h:02}:{m:02}:{s:02}.{milli:03}")
}

/// The virtual clock: ISO-8601 UTC (the text tests and docs read) and time since the start.
#[component]
pub fn VirtualClock() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let clock = Memo::new(move |_| {
        sim.now.track();
        sim.with_world(|w| w.now_iso())
    });
    view! {
        <div class="clock" title="Virtual time: the simulation's own clock (UTC)">
            <span class="clock-label">"Virtual time"</span>
            <time data-testid="virtual-clock" class="clock-time">{clock}</time>
            <span class="clock-elapsed">{move || elapsed(sim.now.get())}</span>
        </div>
    }
}

#[component]
pub fn Controls() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let seed_problem = RwSignal::new(None::<String>);
    let restoring = move || {
        sim.restoring.get().map(|(done, target)| {
            let pct = (done * 100).checked_div(target).unwrap_or(100);
            view! { <span class="restoring" role="status">{format!("Restoring the shared scenario… {pct}%")}</span> }
        })
    };
    view! {
        <section class="controls" aria-label="Simulation controls">
            <div class="buttons">
                <ClockButtons />
                <SpeedPicker />
                <SeedField problem=seed_problem />
                <button
                    data-testid="reset"
                    title="Back to time zero; your actions replay as the clock passes them"
                    on:click=move |_| sim.reset()
                >
                    "↺ Reset"
                </button>
                <CopyLink />
                <CopyEmbedCode />
                <ExportButton />
            </div>
            {move || seed_problem.get().map(|p| view! { <p class="field-problem" role="alert">{p}</p> })}
            {restoring}
            {move || sim.fetching.get().map(|what| view! {
                <span class="restoring" data-testid="fetching" role="status">{format!("Downloading {what}…")}</span>
            })}
        </section>
    }
}

/// Play or pause, step back, step.
#[component]
fn ClockButtons() -> impl IntoView {
    let sim = expect_context::<Sim>();
    view! {
        <button
            class="primary play"
            data-testid=move || if sim.playing.get() { "pause" } else { "play" }
            aria-pressed=move || sim.playing.get().to_string()
            title="Play or pause (Space)"
            on:click=move |_| sim.toggle()
        >
            {move || if sim.playing.get() { "❚❚ Pause" } else { "▶ Play" }}
        </button>
        <button
            data-testid="step-back"
            title="Step back to the previous moment something happened"
            on:click=move |_| sim.step_back()
        >
            "◀ Back"
        </button>
        <button
            data-testid="step"
            title="Step to the next moment something happens"
            on:click=move |_| sim.step()
        >
            "Step ▶|"
        </button>
    }
}

#[component]
fn SpeedPicker() -> impl IntoView {
    let sim = expect_context::<Sim>();
    view! {
        <label class="field">
            <span>"Speed"</span>
            <select
                data-testid="speed"
                on:change=move |ev| {
                    let key = event_target_value(&ev);
                    if let Some((_, s)) = SPEEDS.iter().find(|(k, _)| *k == key) {
                        sim.speed.set(*s);
                    }
                }
                prop:value=move || speed_key(sim.speed.get())
            >
                {SPEEDS
                    .iter()
                    .map(|(k, _)| view! { <option value=*k>{*k}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

/// The seed, applied on Enter or when the field loses focus; `problem` says why a seed was
/// refused.
#[component]
fn SeedField(problem: RwSignal<Option<String>>) -> impl IntoView {
    let sim = expect_context::<Sim>();
    let seed_text = RwSignal::new(sim.seed.get_untracked().to_string());
    Effect::new(move |_| seed_text.set(sim.seed.get().to_string()));
    let apply_seed = move || match seed_text.get_untracked().trim().parse::<u64>() {
        Ok(seed) => {
            problem.set(None);
            if seed != sim.seed.get_untracked() {
                sim.set_seed(seed);
            }
        }
        Err(_) => {
            problem.set(Some("A seed is a whole number from 0 to 18446744073709551615.".into()))
        }
    };
    view! {
        <label class="field">
            <span>"Seed"</span>
            <input
                data-testid="seed"
                class="seed"
                type="text"
                inputmode="numeric"
                spellcheck="false"
                aria-invalid=move || problem.get().is_some().to_string()
                prop:value=move || seed_text.get()
                on:input=move |ev| seed_text.set(event_target_value(&ev))
                on:change=move |_| apply_seed()
                on:keydown=move |ev| {
                    if ev.key() == "Enter" {
                        apply_seed()
                    }
                }
            />
        </label>
    }
}

/// Copies the link to this exact moment.
#[component]
fn CopyLink() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let shared = expect_context::<Shared>();
    // What the copy button says for a moment after a click.
    let copied = RwSignal::new(None::<&'static str>);
    let copy_link = move |_| {
        let note = match shared.share_url() {
            Some(url) => {
                if let Some(w) = web_sys::window() {
                    let _ = w.navigator().clipboard().write_text(&url);
                }
                "✓ Copied"
            }
            None => "Too big for a link",
        };
        copied.set(Some(note));
        set_timeout(move || copied.set(None), std::time::Duration::from_millis(2500));
    };
    let link_title = move || {
        sim.version.track();
        if sim.fits_in_a_link() {
            "Copy a link to this exact moment"
        } else {
            "The files uploaded into S3 are too big to travel in a link"
        }
    };
    view! {
        <button data-testid="copy-link" on:click=copy_link title=link_title>
            {move || copied.get().unwrap_or("Copy link")}
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elapsed_reads_like_a_stopwatch() {
        assert_eq!(elapsed(0), "T+00:00:00.000");
        assert_eq!(elapsed(3_723_004), "T+01:02:03.004");
        assert_eq!(elapsed(90_000_000), "T+1d 01:00:00.000");
    }

    #[test]
    fn every_speed_has_a_key() {
        for (k, s) in SPEEDS {
            assert_eq!(speed_key(*s), *k);
        }
    }
}
