//! A question's runs: worlds of their own (never the sandbox's), advanced a slice per animation
//! frame so the page stays responsive, then measured. An outcome question has one run; an
//! intervention has one per choice the learner runs, each forked from the same seed and setup.

use engine::World;
use learn::question::{Observation, Question};
use leptos::prelude::*;

use crate::driver::perf_now;

/// Wall-clock time a frame may spend on runs.
const FRAME_BUDGET_MS: f64 = 8.0;

/// One run as the page shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    /// The choice this run stands for (`None`: the outcome question's one run).
    pub choice: Option<usize>,
    /// Virtual ms reached, of `end`.
    pub at: u64,
    pub end: u64,
    pub observation: Option<Observation>,
}

/// The runs of the open question.
#[derive(Clone, Copy)]
pub struct Runs {
    pub lanes: RwSignal<Vec<Lane>>,
    worlds: StoredValue<Vec<World>, LocalStorage>,
    /// Bumped when the question or seed changes: frames of an older set stop.
    generation: StoredValue<u64>,
}

impl Runs {
    pub fn new() -> Self {
        Runs {
            lanes: RwSignal::new(Vec::new()),
            worlds: StoredValue::new_local(Vec::new()),
            generation: StoredValue::new(0),
        }
    }

    pub fn clear(&self) {
        self.generation.update_value(|g| *g += 1);
        self.worlds.set_value(Vec::new());
        self.lanes.set(Vec::new());
    }

    pub fn has(&self, choice: Option<usize>) -> bool {
        self.lanes.with_untracked(|l| l.iter().any(|x| x.choice == choice))
    }

    /// Starts the run of `choice` (or the outcome run) beside those already there.
    pub fn start(&self, q: &'static Question, seed: u64, choice: Option<usize>) {
        if self.has(choice) {
            return;
        }
        // A run of Analytics, EMR, Data Pipeline or Snowball needs their code first
        // (`on_demand`), before its scenario is built: a Snowball question builds its commands
        // by running a world of its own.
        let runs = *self;
        if crate::learning::fetch_first(None, q.view, move || runs.start(q, seed, choice)) {
            return;
        }
        let scenario = q.scenario(seed, choice);
        let needs = crate::on_demand::Needs::of(scenario.commands.iter().map(|r| &r.command));
        if !needs.is_empty() {
            let runs = *self;
            leptos::task::spawn_local(async move {
                if needs.fetch().await.is_ok() {
                    runs.start(q, seed, choice);
                }
            });
            return;
        }
        let world = q.start_run(seed, choice);
        let end = q.run_length(seed);
        self.worlds.update_value(|w| w.push(world));
        self.lanes.update(|l| l.push(Lane { choice, at: 0, end, observation: None }));
        let running =
            self.lanes.with_untracked(|l| l.iter().filter(|x| x.observation.is_none()).count());
        if running == 1 {
            self.drive(q, seed, self.generation.get_value());
        }
    }

    fn drive(self, q: &'static Question, seed: u64, generation: u64) {
        request_animation_frame(move || {
            if self.generation.get_value() != generation {
                return;
            }
            if self.step(q, seed) {
                self.drive(q, seed, generation);
            }
        });
    }

    /// One frame's slice of every unfinished run; whether any is left.
    fn step(&self, q: &'static Question, seed: u64) -> bool {
        let deadline = perf_now() + FRAME_BUDGET_MS;
        let mut lanes = self.lanes.get_untracked();
        self.worlds.update_value(|worlds| {
            for (lane, world) in lanes.iter_mut().zip(worlds.iter_mut()) {
                if lane.observation.is_some() {
                    continue;
                }
                // Virtual seconds per slice keep the clock check cheap; long runs (hours of
                // retention) jump further, since nothing happens between their events.
                let slice = (lane.end / 200).max(1_000);
                while world.now() < lane.end && perf_now() < deadline {
                    world.advance_to((world.now() + slice).min(lane.end));
                }
                lane.at = world.now();
                if world.now() >= lane.end {
                    lane.observation = Some(q.observe(world, seed));
                }
            }
        });
        let left = lanes.iter().any(|l| l.observation.is_none());
        self.lanes.set(lanes);
        left
    }
}
