//! The frame loop: each animation frame moves virtual time on by speed x the real time since
//! the last one, within a time budget, and draws what changed.

use engine::scenario::Speed;
use leptos::prelude::*;

use super::{perf_now, Sim};

/// Wall-clock time a frame may spend simulating at "max" speed or while restoring a link,
/// leaving the rest of a 16 ms frame for drawing.
const FRAME_BUDGET_MS: f64 = 8.0;
/// Wall-clock time a frame may spend simulating at a set speed. Above what the busiest preset
/// needs (massive-stream at 1x: 1 to 2 ms a frame on this machine, 5 under load), so virtual
/// time keeps pace; on a loaded machine it leaves the frame's drawing room under the 50 ms
/// that makes a long task.
const PLAYING_BUDGET_MS: f64 = 12.0;
/// A frame whose simulation ran longer than this leaves the drawing to the next frame, so a
/// long simulation step and the views' update never add up in one task (a 100 ms producer
/// tick of massive-stream takes 10 to 20 ms of wasm on this machine, drawing 5 to 10 more).
const DRAW_NEXT_FRAME_AFTER_MS: f64 = 4.0;
/// Longest real-time gap a frame will simulate (a background tab resumes, a debugger pauses).
const MAX_FRAME_GAP_MS: f64 = 250.0;

impl Sim {
    /// One animation frame's worth of simulation.
    pub fn frame(&self) {
        let now = perf_now();
        let gap =
            self.last_frame.get_value().map_or(0.0, |t| (now - t).clamp(0.0, MAX_FRAME_GAP_MS));
        self.last_frame.set_value(Some(now));

        if self.draw_pending.get_value() {
            // This frame draws what the last one simulated; its share of virtual time waits
            // for the next frame.
            if let (true, Speed::Times(x)) =
                (self.playing.get_untracked(), self.speed.get_untracked())
            {
                self.carry.update_value(|c| *c += gap * x);
            }
            self.sync();
            return;
        }
        if self.fetching.get_untracked().is_some() {
            return;
        }
        if let Some((_, target)) = self.restoring.get_untracked() {
            let deadline = now + FRAME_BUDGET_MS;
            let reached = self.mutate(|w| {
                // Whole virtual seconds per slice keep the check cheap and the frame short.
                while w.now() < target && perf_now() < deadline {
                    w.advance_to((w.now() + 1000).min(target));
                }
                w.now()
            });
            self.restoring.set((reached < target).then_some((reached, target)));
            return;
        }
        if !self.playing.get_untracked() {
            return;
        }
        match self.speed.get_untracked() {
            Speed::Times(x) => {
                let virtual_ms = self.carry.get_value() + gap * x;
                let whole = virtual_ms.floor();
                self.carry.set_value(virtual_ms - whole);
                if whole >= 1.0 {
                    let deadline = now + PLAYING_BUDGET_MS;
                    let _ = self.world.try_update_value(|w| {
                        let target = w.now() + whole as u64;
                        // One wake at a time, looking at the clock between them (a busy moment,
                        // a wave of map tasks, is many wakes): a machine
                        // too slow for the speed lets virtual time fall behind rather than
                        // freeze the page (what is left past the deadline is dropped, not
                        // carried into the next frame).
                        while perf_now() < deadline {
                            match w.next_due() {
                                Some(t) if t <= target => {
                                    w.step_one();
                                }
                                _ => {
                                    w.advance_to(target);
                                    break;
                                }
                            }
                        }
                    });
                    if perf_now() - now > DRAW_NEXT_FRAME_AFTER_MS {
                        self.draw_pending.set_value(true);
                    } else {
                        self.sync();
                    }
                }
            }
            Speed::Max => {
                let deadline = now + FRAME_BUDGET_MS;
                self.mutate(|w| {
                    while perf_now() < deadline {
                        match w.next_due() {
                            Some(_) => {
                                w.step_one();
                            }
                            None => w.advance_by(1000),
                        }
                    }
                });
            }
        }
    }
}

/// Drives `frame` from requestAnimationFrame for the life of the page.
pub fn run_frames(sim: Sim) {
    request_animation_frame(move || {
        sim.frame();
        run_frames(sim);
    });
}
