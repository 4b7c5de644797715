//! Levels: a start scenario (a command list), a goal checked against the live World, a hint,
//! and a solution (a command list) whose length is par. The definitions are in [`crate::levels`];
//! here is what every level shares.

use engine::scenario::Scenario;
use engine::sim::{SimTime, WorldEvent};
use engine::{Command, CommandRecord, Event, World, WorldConfig};

use crate::catalog::Exam;
use crate::goal::{self, Check, Goal};

pub struct Level {
    /// URL-safe: `#/streams?level=hot-partition-key`.
    pub id: &'static str,
    pub title: &'static str,
    /// The view the level opens in (a learner may go anywhere; the goal follows).
    pub view: &'static str,
    /// The situation and the task.
    pub story: &'static str,
    /// Help that is not the answer.
    pub hint: &'static str,
    pub covers: &'static [&'static str],
    pub exams: &'static [Exam],
    pub seed: u64,
    /// What is running when the level opens, with virtual times.
    pub start: fn() -> Vec<CommandRecord>,
    /// The virtual time the level opens at (the start has had time to show the problem).
    pub opens_at: SimTime,
    pub goal: Goal,
    /// One way to solve it, applied at one moment; its length is par.
    pub solution: fn() -> Vec<Command>,
    /// What learners often try first, which does not meet the goal (the level's test proves
    /// it does not, so the lesson holds).
    pub tempting: fn() -> Vec<Command>,
    /// How long the goal may take to hold once the solution is in (for the level's test).
    pub settles_within_ms: SimTime,
}

impl Level {
    /// The scenario the level opens with (its link's contents).
    pub fn scenario(&self) -> Scenario {
        Scenario {
            seed: self.seed,
            now: self.opens_at,
            commands: (self.start)(),
            view: self.view.to_string(),
            ..Scenario::new(self.seed)
        }
    }

    /// A World in the level's opening state.
    pub fn open(&self) -> World {
        World::load(WorldConfig::with_seed(self.seed), (self.start)(), self.opens_at)
    }

    /// Commands in the start: a learner's actions are the ones after them.
    pub fn start_len(&self) -> usize {
        (self.start)().len()
    }

    pub fn par(&self) -> usize {
        (self.solution)().len()
    }

    pub fn checks(&self, world: &World) -> Vec<Check> {
        goal::checks(&self.goal, world)
    }

    pub fn is_met(&self, world: &World) -> bool {
        goal::met(&self.goal, world)
    }

    /// The learner's actions so far: commands after the start that AWS (or the sandbox)
    /// accepted. A refused command does not count, as in Learn Git Branching's golf.
    pub fn actions_taken(&self, world: &World) -> usize {
        let start = self.start_len();
        let applied = world.applied_commands().len().saturating_sub(start);
        let log = world.log();
        let refused = log
            .recent(log.len())
            .filter(|e| {
                matches!(&e.event, Event::World(WorldEvent::CommandApplied { index, error: Some(_), .. })
                    if *index as usize >= start)
            })
            .count();
        applied.saturating_sub(refused)
    }
}
