//! Predict, then run: a question whose numbers come from a seed and whose answer comes from
//! running the simulation, never from a stored key. A learner locks a prediction (one of the
//! choices), then runs it: an outcome question has one run and every choice is judged on what
//! it measured; an intervention question runs each choice in its own world, forked from the
//! same seed and setup, and a choice is right when its own run meets the question's aim.
//!
//! The definitions are in [`crate::questions`].

use engine::scenario::Scenario;
use engine::sim::{SimRng, SimTime};
use engine::{Command, CommandRecord, World, WorldConfig};

use crate::catalog::Exam;
use crate::observe::grouped;

pub struct Question {
    /// URL-safe: `#/learn?question=hot-key-outcome&seed=7`.
    pub id: &'static str,
    pub title: &'static str,
    pub covers: &'static [&'static str],
    pub exams: &'static [Exam],
    /// Where a run can be watched (its link opens this view).
    pub view: &'static str,
    /// Draws the question's numbers from the seed.
    pub params: fn(&mut Draw) -> Vec<(&'static str, i64)>,
    /// The question; `{name}` is replaced by the parameter's value.
    pub prompt: &'static str,
    pub choices: &'static [Choice],
    /// The world every run starts from.
    pub setup: fn(&Params) -> Vec<CommandRecord>,
    /// When an intervention's commands are applied.
    pub fork_at: SimTime,
    /// How long a run lasts (virtual).
    pub run_ms: fn(&Params) -> SimTime,
    /// What a finished run measured.
    pub observe: fn(&World, &Params) -> Observation,
    /// Why the outcome is what it is, shown after the run.
    pub why: &'static str,
}

pub struct Choice {
    /// The choice; `{name}` is replaced by the parameter's value.
    pub label: &'static str,
    /// What choosing it does in the run (an intervention); `None` for a predicted outcome.
    pub act: Option<fn(&Params) -> Vec<Command>>,
    /// Whether the choice is right, judged on the measurements of its run.
    pub holds: fn(&Observation, &Params) -> bool,
}

/// Draws parameters from a seed: the same seed always gives the same numbers.
pub struct Draw(SimRng);

impl Draw {
    pub fn new(question: &str, seed: u64) -> Self {
        // FNV-1a of the id: two questions on one seed draw different numbers.
        let salt = question
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3));
        Draw(SimRng::new(seed ^ salt))
    }

    /// One of `options`.
    pub fn pick(&mut self, options: &[i64]) -> i64 {
        options.get(self.0.below(options.len() as u64) as usize).copied().unwrap_or(0)
    }

    /// A multiple of `step` in `low..=high`.
    pub fn range(&mut self, low: i64, high: i64, step: i64) -> i64 {
        let steps = ((high - low) / step.max(1)).max(0) as u64;
        low + self.0.below(steps + 1) as i64 * step.max(1)
    }
}

/// A question's numbers for one seed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Params {
    pub seed: u64,
    pub values: Vec<(&'static str, i64)>,
}

impl Params {
    pub fn get(&self, name: &str) -> i64 {
        self.values.iter().find(|(n, _)| *n == name).map_or(0, |(_, v)| *v)
    }

    /// `template` with each `{name}` replaced by the value (thousands separated), each
    /// `{=name}` by its bare digits (a number inside a name: `customer-{=id}`), and each
    /// `{name|zero|one|...}` by the option the value numbers (a parameter that picks a text).
    pub fn fill(&self, template: &str) -> String {
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else { break };
            let inner = &rest[open + 1..open + close];
            let mut parts = inner.split('|');
            let name = parts.next().unwrap_or_default();
            let (name, bare) = match name.strip_prefix('=') {
                Some(n) => (n, true),
                None => (name, false),
            };
            let options: Vec<&str> = parts.collect();
            match self.values.iter().find(|(n, _)| *n == name) {
                Some((_, v)) if bare => out.push_str(&v.to_string()),
                Some((_, v)) if options.is_empty() => out.push_str(&shown_number(*v)),
                Some((_, v)) => out.push_str(options.get(*v as usize).copied().unwrap_or("?")),
                None => out.push_str(&rest[open..=open + close]),
            }
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out
    }
}

fn shown_number(v: i64) -> String {
    if v < 0 {
        format!("-{}", grouped(v.unsigned_abs()))
    } else {
        grouped(v as u64)
    }
}

/// One measurement of a run, as the page shows it beside the prediction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reading {
    pub key: &'static str,
    pub label: String,
    /// What choices are judged on.
    pub value: i64,
    /// How it is shown ("1,203 records/s", "shardId-000000000002").
    pub shown: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Observation {
    pub readings: Vec<Reading>,
}

impl Observation {
    pub fn get(&self, key: &str) -> i64 {
        self.readings.iter().find(|r| r.key == key).map_or(0, |r| r.value)
    }

    /// Adds a count shown with its unit: `1,203 records/s`.
    pub fn count(&mut self, key: &'static str, label: impl Into<String>, value: u64, unit: &str) {
        let shown =
            if unit.is_empty() { grouped(value) } else { format!("{} {unit}", grouped(value)) };
        self.readings.push(Reading { key, label: label.into(), value: value as i64, shown });
    }

    /// Adds a value shown as text.
    pub fn text(&mut self, key: &'static str, label: impl Into<String>, value: i64, shown: String) {
        self.readings.push(Reading { key, label: label.into(), value, shown });
    }
}

impl Question {
    pub fn params(&self, seed: u64) -> Params {
        Params { seed, values: (self.params)(&mut Draw::new(self.id, seed)) }
    }

    /// Whether the choices are runs of their own (interventions) or predictions of one run.
    pub fn is_intervention(&self) -> bool {
        self.choices.iter().any(|c| c.act.is_some())
    }

    /// The commands of a run: the setup, then (for an intervention) the choice's commands at
    /// the fork.
    pub fn commands(&self, params: &Params, choice: Option<usize>) -> Vec<CommandRecord> {
        let mut commands = (self.setup)(params);
        let act = choice.and_then(|i| self.choices.get(i)).and_then(|c| c.act);
        if let Some(act) = act {
            let at = self.fork_at.max(commands.last().map_or(0, |c| c.at));
            commands.extend(act(params).into_iter().map(|command| CommandRecord { at, command }));
        }
        commands
    }

    /// The run a choice stands for: the one run of an outcome question, or the choice's own.
    pub fn run_of(&self, choice: usize) -> Option<usize> {
        self.is_intervention().then_some(choice)
    }

    /// A run as a scenario (its link opens it in the question's view).
    pub fn scenario(&self, seed: u64, choice: Option<usize>) -> Scenario {
        let params = self.params(seed);
        Scenario {
            now: (self.run_ms)(&params),
            commands: self.commands(&params, choice),
            view: self.view.to_string(),
            ..Scenario::new(seed)
        }
    }

    /// How long the run lasts for this seed.
    pub fn run_length(&self, seed: u64) -> SimTime {
        (self.run_ms)(&self.params(seed))
    }

    /// A run at its start; advance it (in slices, in the page) to [`Question::run_length`].
    pub fn start_run(&self, seed: u64, choice: Option<usize>) -> World {
        World::load(WorldConfig::with_seed(seed), self.commands(&self.params(seed), choice), 0)
    }

    /// A finished run's measurements.
    pub fn observe(&self, world: &World, seed: u64) -> Observation {
        (self.observe)(world, &self.params(seed))
    }

    /// Whether `choice` is right, given the measurements of its run.
    pub fn is_right(&self, choice: usize, observation: &Observation, seed: u64) -> bool {
        self.choices.get(choice).is_some_and(|c| (c.holds)(observation, &self.params(seed)))
    }

    /// Runs to the end and measures (for tests, and for running every choice at once).
    pub fn run(&self, seed: u64, choice: Option<usize>) -> Observation {
        let mut world = self.start_run(seed, choice);
        world.advance_to(self.run_length(seed));
        self.observe(&world, seed)
    }

    /// The right choices for this seed, found by running (every choice's world, for an
    /// intervention).
    pub fn right_choices(&self, seed: u64) -> Vec<usize> {
        if self.is_intervention() {
            (0..self.choices.len())
                .filter(|&i| self.is_right(i, &self.run(seed, Some(i)), seed))
                .collect()
        } else {
            let o = self.run(seed, None);
            (0..self.choices.len()).filter(|&i| self.is_right(i, &o, seed)).collect()
        }
    }
}
