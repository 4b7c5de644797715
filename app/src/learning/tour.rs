//! The guided tour panel: one caption at a time over the running scenario. Next (or Right)
//! moves on, applying the step's action; a step that waits for something plays the simulation
//! until the engine says it happened, then moves on by itself. Back (or Left) returns to the
//! exact state the earlier step showed: the World is rewound to that moment with the later
//! commands forgotten, so the state hash shown is the one the step had.

use learn::tours::{Tour, Until};
use leptos::ev;
use leptos::prelude::*;

use super::{apply_commands, typing, Learning};
use crate::driver::Sim;

/// Where a step began: the state Back returns to.
#[derive(Clone, Copy, Debug)]
struct Mark {
    at: u64,
    commands: usize,
}

#[derive(Clone, Copy)]
struct TourState {
    tour: &'static Tour,
    sim: Sim,
    /// `None` until the start scenario is restored.
    step: RwSignal<Option<usize>>,
    marks: StoredValue<Vec<Mark>>,
}

impl TourState {
    fn enter(self, k: usize) {
        let Some(step) = self.tour.steps.get(k) else { return };
        if let Some(act) = step.act {
            apply_commands(self.sim, act());
        }
        let mark = self.sim.with_world(|w| Mark { at: w.now(), commands: w.commands().len() });
        self.marks.update_value(|m| {
            m.truncate(k);
            m.push(mark);
        });
        self.step.set(Some(k));
        match step.until {
            Until::Event(_) => self.sim.play(),
            Until::Next => self.sim.pause(),
        }
    }

    fn next(self) {
        let Some(k) = self.step.get_untracked() else { return };
        match self.tour.steps[k].until {
            // Waiting for the engine: Next plays (after a Back the step starts paused).
            Until::Event(_) => self.sim.play(),
            Until::Next => self.enter(k + 1),
        }
    }

    fn back(self) {
        let Some(k) = self.step.get_untracked().filter(|&k| k > 0) else { return };
        let Some(mark) = self.marks.with_value(|m| m.get(k - 1).copied()) else { return };
        self.sim.rewind_forgetting(mark.at, mark.commands);
        self.marks.update_value(|m| m.truncate(k));
        self.step.set(Some(k - 1));
    }

    /// Moves on when the step's event has happened since the step began.
    fn watch_the_gate(self) {
        Effect::new(move |_| {
            self.sim.version.track();
            let Some(k) = self.step.get_untracked() else { return };
            let Until::Event(gate) = self.tour.steps[k].until else { return };
            if !self.sim.playing.get_untracked() {
                return;
            }
            let Some(since) = self.marks.with_value(|m| m.get(k).map(|m| m.at)) else { return };
            if self.sim.with_world(|w| gate.happened(w, since)) {
                self.sim.pause();
                self.enter(k + 1);
            }
        });
    }
}

#[component]
pub fn TourPanel() -> impl IntoView {
    let learning = expect_context::<Learning>();
    move || {
        learning.started.track();
        let tour = learn::tours::find(learning.tour.get()?)?;
        Some(view! { <Caption tour=tour /> })
    }
}

#[component]
fn Caption(tour: &'static Tour) -> impl IntoView {
    let sim = expect_context::<Sim>();
    let learning = expect_context::<Learning>();
    let state =
        TourState { tour, sim, step: RwSignal::new(None), marks: StoredValue::new(Vec::new()) };
    // The presenter's speaker window follows the step.
    Effect::new(move |_| learning.tour_step.set(state.step.get()));
    on_cleanup(move || learning.tour_step.set(None));
    // The first caption once the start is restored.
    Effect::new(move |_| {
        if sim.restoring.get().is_none() && state.step.get_untracked().is_none() {
            state.enter(0);
        }
    });
    state.watch_the_gate();
    let keys = window_event_listener(ev::keydown, move |ev| {
        if typing(&ev) || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let present = learning.present.get_untracked();
        match ev.key().as_str() {
            "ArrowRight" => state.next(),
            "ArrowLeft" => state.back(),
            "PageDown" if present => state.next(),
            "PageUp" if present => state.back(),
            _ => return,
        }
        ev.prevent_default();
    });
    on_cleanup(move || keys.remove());
    let hash = Memo::new(move |_| {
        sim.version.track();
        sim.with_world(|w| format!("{:016x}", w.log_hash()))
    });
    let step = move || state.step.get().unwrap_or(0);
    let caption = move || tour.steps[step()].caption;
    let waiting = move || match tour.steps[step()].until {
        Until::Event(g) => Some(if sim.playing.get() {
            g.waiting_for()
        } else {
            "Press Next to play until it happens.".into()
        }),
        Until::Next => None,
    };
    let last = tour.steps.len() - 1;
    view! {
        <aside
            class="tour"
            data-testid="tour"
            data-tour=tour.id
            data-step=move || step().to_string()
            data-state-hash=hash
            aria-label=format!("Tour: {}", tour.title)
        >
            <p class="tour-kicker">{format!("Tour · {}", tour.title)} <span data-testid="tour-position">{move || format!(" · step {} of {}", step() + 1, last + 1)}</span></p>
            <p class="tour-caption" data-testid="tour-caption" aria-live="polite">{caption}</p>
            {move || waiting().map(|w| view! { <p class="tour-waiting" data-testid="tour-waiting">{w}</p> })}
            <div class="tour-buttons">
                <button data-testid="tour-back" disabled=move || step() == 0 on:click=move |_| state.back() title="Back to the previous step's exact state (Left)">
                    "◀ Back"
                </button>
                <button class="primary" data-testid="tour-next" disabled=move || step() == last on:click=move |_| state.next() title="Next step (Right)">
                    "Next ▶"
                </button>
                <button class="small" data-testid="tour-close" on:click=move |_| learning.tour.set(None)>"Close"</button>
            </div>
        </aside>
    }
}
