//! The World: owns the clock, the queue, the RNG and every service; takes commands; advances
//! virtual time event by event; keeps the command log, the event log and checkpoints.
//!
//! Ordering rule, the heart of replay: before a command runs at time `t`, every event due at or
//! before `t` has been handled. Live runs and replays both follow it, so a replay of
//! (seed, command log) is the same run, event for event.

use serde::{Deserialize, Serialize};

use super::checkpoint::{Checkpoint, Checkpoints};
use super::{
    format_iso, Command, CommandRecord, Event, EventBatch, EventLog, EventQueue, EventRecord,
    SimRng, SimTime, WorldEvent, DEFAULT_EPOCH_MS,
};
use crate::api::ApiError;
use crate::services::{Services, Wake};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorldConfig {
    pub seed: u64,
    /// Unix milliseconds of virtual time zero.
    pub epoch_ms: i64,
    pub account_id: String,
    pub region: String,
    /// The event log keeps this many of the newest events (memory bound of a long run).
    pub log_capacity: usize,
    /// A checkpoint is taken every this many events.
    pub checkpoint_every: u64,
    /// At most this many checkpoints are kept (0 turns checkpoints off).
    pub max_checkpoints: usize,
    /// Keep the command log (needed for replay, step back and shareable URLs).
    pub record_commands: bool,
    /// How long state transitions take (CREATING -> ACTIVE and the like), in ms.
    pub transition_delay_ms: u64,
    /// Enforce throughput limits.
    pub limits: bool,
}

impl Default for WorldConfig {
    fn default() -> Self {
        Self {
            seed: 1,
            epoch_ms: DEFAULT_EPOCH_MS,
            account_id: "000000000000".into(),
            region: "us-east-1".into(),
            log_capacity: 100_000,
            checkpoint_every: 2_000,
            max_checkpoints: 64,
            record_commands: true,
            transition_delay_ms: 500,
            limits: true,
        }
    }
}

impl WorldConfig {
    pub fn with_seed(seed: u64) -> Self {
        Self { seed, ..Self::default() }
    }

    /// For the benches: the engine's own speed, not AWS's quotas (`limits` off), and none of
    /// the bookkeeping a learner's timeline needs (no command log, no checkpoints, a short
    /// event log), so only the simulation is timed.
    pub fn for_bench(seed: u64) -> Self {
        Self {
            seed,
            limits: false,
            record_commands: false,
            max_checkpoints: 0,
            log_capacity: 10_000,
            ..Self::default()
        }
    }
}

/// Everything that is a pure function of (seed, command log): what a checkpoint saves.
#[derive(Clone, Debug)]
pub(crate) struct State {
    pub now: SimTime,
    pub queue: EventQueue<Wake>,
    pub rng: SimRng,
    pub services: Services,
    /// Index in the command log of the next command to apply; commands past it are the
    /// "redo" part of the timeline after a step back.
    pub next_command: usize,
}

/// What a service gets while it handles a command or a wake-up.
pub struct Ctx<'a> {
    pub now: SimTime,
    pub config: &'a WorldConfig,
    pub rng: &'a mut SimRng,
    queue: &'a mut EventQueue<Wake>,
    log: &'a mut EventLog,
    /// The access key id of the API call being handled (none for the console, the UI and
    /// wake-ups): see [`super::caller`].
    pub caller: Option<&'a str>,
}

impl Ctx<'_> {
    /// Who makes the call being handled.
    pub fn principal(&self) -> iam_policy::Principal {
        super::caller::principal(self.caller, &self.config.account_id)
    }

    pub fn emit(&mut self, event: impl Into<Event>) {
        self.log.push(self.now, event.into());
    }

    pub fn schedule_at(&mut self, at: SimTime, wake: impl Into<Wake>) {
        self.queue.push(at.max(self.now), wake.into());
    }

    pub fn schedule_in(&mut self, delay_ms: u64, wake: impl Into<Wake>) {
        self.queue.push(self.now.saturating_add(delay_ms), wake.into());
    }

    /// Current virtual time as Unix milliseconds.
    pub fn unix_ms(&self) -> i64 {
        self.config.epoch_ms.saturating_add(self.now as i64)
    }
}

/// The answer to a command.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// Position in the command log (`None` when the world does not record commands).
    pub index: Option<usize>,
    /// The JSON response body, or AWS's error.
    pub result: Result<String, ApiError>,
}

pub struct World {
    config: WorldConfig,
    st: State,
    commands: Vec<CommandRecord>,
    log: EventLog,
    checkpoints: Checkpoints,
    rewinds: u64,
    /// Changes on every rewind and differs between worlds: see [`World::epoch`].
    epoch: u64,
}

/// Hands out epochs, so two worlds (a load, a reseed) never share one. Not simulation state:
/// it never reaches the event log or the fingerprint.
static NEXT_EPOCH: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn next_epoch() -> u64 {
    NEXT_EPOCH.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Where a reader of the event log got to: the world's epoch then, and the next event's
/// position.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LogCursor {
    pub epoch: u64,
    pub next: u64,
}

/// What [`World::read_log`] tells its reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LogRead {
    /// The world changed under the reader (a load, a rewind, a reseed): what it derived from
    /// the log before is void, and the events it was just handed start over.
    pub fresh: bool,
    /// Pass this next time.
    pub cursor: LogCursor,
}

impl World {
    pub fn new(config: WorldConfig) -> Self {
        let st = State {
            now: 0,
            queue: EventQueue::default(),
            rng: SimRng::new(config.seed),
            services: Services::default(),
            next_command: 0,
        };
        let mut w = World {
            log: EventLog::new(config.log_capacity),
            checkpoints: Checkpoints::new(config.checkpoint_every, config.max_checkpoints),
            config,
            st,
            commands: Vec::new(),
            rewinds: 0,
            epoch: next_epoch(),
        };
        w.log.push(0, WorldEvent::Started { seed: w.config.seed }.into());
        w.take_checkpoint();
        w
    }

    /// Rebuilds a world from its seed and command log, ending at the last command's time.
    pub fn replay(config: WorldConfig, commands: Vec<CommandRecord>) -> Self {
        let end = commands.last().map_or(0, |c| c.at);
        Self::load(config, commands, end)
    }

    /// Rebuilds a world from its seed and command log, ending at virtual time `until`
    /// (commands after it stay in the log as the redo part of the timeline).
    pub fn load(config: WorldConfig, mut commands: Vec<CommandRecord>, until: SimTime) -> Self {
        // A log edited by hand could be out of order; time never runs backwards.
        let mut last = 0;
        for c in &mut commands {
            c.at = c.at.max(last);
            last = c.at;
        }
        let mut w = World::new(config);
        w.commands = commands;
        w.advance_to(until);
        w
    }

    pub fn config(&self) -> &WorldConfig {
        &self.config
    }

    pub fn seed(&self) -> u64 {
        self.config.seed
    }

    /// Virtual time, ms since the scenario epoch.
    pub fn now(&self) -> SimTime {
        self.st.now
    }

    pub fn now_unix_ms(&self) -> i64 {
        self.config.epoch_ms.saturating_add(self.st.now as i64)
    }

    /// The virtual clock as the UI shows it: `2026-01-01T00:00:00.000Z`.
    pub fn now_iso(&self) -> String {
        format_iso(self.now_unix_ms())
    }

    /// Applies a command now. Any redo part of the timeline (commands after a step back) is
    /// discarded: a new command starts a new branch.
    pub fn apply(&mut self, command: Command) -> Outcome {
        self.settle();
        if !self.config.record_commands {
            let result = self.run(&command, None);
            return Outcome { index: None, result };
        }
        self.commands.truncate(self.st.next_command);
        self.commands.push(CommandRecord { at: self.st.now, command });
        let index = self.commands.len() - 1;
        let result = self.run_logged(index);
        self.maybe_checkpoint();
        Outcome { index: Some(index), result }
    }

    /// Handles every event and pending command due at or before `t`, then sets the clock to
    /// `t` (never backwards; use [`World::rewind_to`] for that).
    pub fn advance_to(&mut self, t: SimTime) {
        loop {
            let next_cmd = self.pending_command_time();
            let next_event = self.st.queue.peek_time();
            match (next_event, next_cmd) {
                // Events due at a command's time run before it (the ordering rule).
                (Some(e), c) if e <= t && c.is_none_or(|c| e <= c) => self.handle_next_event(),
                (_, Some(c)) if c <= t => {
                    self.st.now = self.st.now.max(c);
                    let index = self.st.next_command;
                    let _ = self.run_logged(index);
                }
                _ => break,
            }
            self.maybe_checkpoint();
        }
        self.st.now = self.st.now.max(t);
    }

    pub fn advance_by(&mut self, delta_ms: u64) {
        self.advance_to(self.st.now.saturating_add(delta_ms));
    }

    /// Jumps to the next time anything happens and handles all of it. Returns the new time, or
    /// `None` when nothing is scheduled.
    pub fn step(&mut self) -> Option<SimTime> {
        let next = self.next_due()?;
        self.advance_to(next);
        Some(next)
    }

    /// Handles the single next event or pending command (in the order `advance_to` would),
    /// leaving any others due at the same moment for the next call. Returns its time, or
    /// `None` when nothing is scheduled. A caller watching the wall clock (the page's frame
    /// loop) can stop between two wakes of one busy moment, where `step` would run them all.
    pub fn step_one(&mut self) -> Option<SimTime> {
        let next_cmd = self.pending_command_time();
        match (self.st.queue.peek_time(), next_cmd) {
            (None, None) => return None,
            (Some(e), Some(c)) if c < e => {
                self.st.now = self.st.now.max(c);
                let index = self.st.next_command;
                let _ = self.run_logged(index);
            }
            (None, Some(c)) => {
                self.st.now = self.st.now.max(c);
                let index = self.st.next_command;
                let _ = self.run_logged(index);
            }
            // Events due at a command's time run before it (the ordering rule).
            (Some(_), _) => self.handle_next_event(),
        }
        self.maybe_checkpoint();
        Some(self.st.now)
    }

    /// When the next event or pending command is due.
    pub fn next_due(&self) -> Option<SimTime> {
        match (self.st.queue.peek_time(), self.pending_command_time()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Goes back to virtual time `t`: restores the newest checkpoint at or before `t` and
    /// replays forward. Commands after `t` stay as the redo part of the timeline.
    pub fn rewind_to(&mut self, t: SimTime) {
        if t >= self.st.now {
            self.advance_to(t);
            return;
        }
        self.restore_and_replay(t, usize::MAX);
    }

    /// Goes back to virtual time `t` with only the first `commands` commands of the log: the
    /// later ones are forgotten, not kept to redo. A guided tour's Back uses it to return to
    /// the exact state an earlier step showed; moving on applies that step's commands again.
    pub fn rewind_forgetting(&mut self, t: SimTime, commands: usize) {
        let commands = commands.min(self.commands.len());
        self.commands.truncate(commands);
        self.restore_and_replay(t.min(self.st.now), commands);
    }

    /// Restores the newest checkpoint at or before `t` taken before command `commands` ran
    /// (or replays from the start), then replays forward to `t`.
    fn restore_and_replay(&mut self, t: SimTime, commands: usize) {
        let cp = match self.checkpoints.restore_point_within(t, commands) {
            Some(cp) => cp,
            None => {
                // No snapshot kept (checkpoints off): replay from the start.
                let fresh = World::new(self.config.clone());
                Checkpoint {
                    state: fresh.st,
                    log_total: fresh.log.total(),
                    log_fingerprint: fresh.log.fingerprint(),
                }
            }
        };
        self.st = cp.state;
        self.log.truncate(cp.log_total, cp.log_fingerprint);
        self.rewinds += 1;
        self.epoch = next_epoch();
        self.advance_to(t);
    }

    /// Steps back to the time of the latest event before now (or time zero).
    pub fn step_back(&mut self) -> SimTime {
        let now = self.st.now;
        let earlier_event =
            self.log.recent(self.log.len()).rev().map(|e| e.at).find(|&at| at < now);
        let earlier_command =
            self.commands[..self.st.next_command].iter().rev().map(|c| c.at).find(|&at| at < now);
        let target = earlier_event.max(earlier_command).unwrap_or(0);
        self.rewind_to(target);
        target
    }

    /// The command log: applied commands, then any redo part after a step back.
    pub fn commands(&self) -> &[CommandRecord] {
        &self.commands
    }

    /// The commands applied so far.
    pub fn applied_commands(&self) -> &[CommandRecord] {
        &self.commands[..self.st.next_command.min(self.commands.len())]
    }

    pub fn events_since(&self, cursor: u64) -> EventBatch {
        self.log.events_since(cursor)
    }

    pub fn log(&self) -> &EventLog {
        &self.log
    }

    /// Fingerprint of every event so far: equal fingerprints mean equal runs.
    pub fn log_hash(&self) -> u64 {
        self.log.fingerprint()
    }

    /// How many times the world was rewound; a reader whose cursor predates a rewind should
    /// rebuild what it derived from the log.
    pub fn rewinds(&self) -> u64 {
        self.rewinds
    }

    /// Changes whenever what a reader derived from the event log may no longer hold: on
    /// every rewind, and from one world to another (a loaded link, a new seed).
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// Reads the event log since `cursor`, calling `f` on each new event. When the world
    /// changed under the cursor (another epoch, or a cursor past the end) the read starts
    /// over at `restart_at(total)` (0 for everything the log still holds) and says so.
    pub fn read_log(
        &self,
        cursor: LogCursor,
        restart_at: impl FnOnce(u64) -> u64,
        f: impl FnMut(&EventRecord),
    ) -> LogRead {
        let total = self.log.total();
        let fresh = cursor.epoch != self.epoch || cursor.next > total;
        let from = if fresh { restart_at(total) } else { cursor.next };
        let next = self.log.for_each_since(from, f);
        LogRead { fresh, cursor: LogCursor { epoch: self.epoch, next } }
    }

    pub fn checkpoints(&self) -> &Checkpoints {
        &self.checkpoints
    }

    /// Runs `f` on the services with a context at the current time, outside the command log:
    /// for benchmarks and tests of typed operations. Whatever `f` changes is not replayable.
    pub fn with_services<R>(&mut self, f: impl FnOnce(&mut Services, &mut Ctx<'_>) -> R) -> R {
        self.settle();
        let State { now, queue, rng, services, .. } = &mut self.st;
        let mut ctx =
            Ctx { now: *now, config: &self.config, rng, queue, log: &mut self.log, caller: None };
        f(services, &mut ctx)
    }

    /// Read-only views of the services for the UI.
    pub fn view(&self) -> WorldView<'_> {
        WorldView { services: &self.st.services, config: &self.config, now: self.st.now }
    }

    fn pending_command_time(&self) -> Option<SimTime> {
        self.commands.get(self.st.next_command).map(|c| c.at)
    }

    /// Handles events already due at the current time, so a command applied now comes after
    /// them, as it will in a replay.
    fn settle(&mut self) {
        self.advance_to(self.st.now);
    }

    fn run_logged(&mut self, index: usize) -> Result<String, ApiError> {
        self.st.next_command = index + 1;
        let command = self.commands[index].command.clone();
        self.run(&command, Some(index))
    }

    fn run(&mut self, command: &Command, index: Option<usize>) -> Result<String, ApiError> {
        let State { now, queue, rng, services, .. } = &mut self.st;
        let mut ctx = Ctx {
            now: *now,
            config: &self.config,
            rng,
            queue,
            log: &mut self.log,
            caller: command.caller(),
        };
        let result = services.run(&mut ctx, command);
        if let Some(index) = index {
            ctx.emit(WorldEvent::CommandApplied {
                index: index as u64,
                action: command.action().to_string(),
                error: result.as_ref().err().map(|e| e.code.to_string()),
            });
        }
        result
    }

    fn handle_next_event(&mut self) {
        let State { now, queue, rng, services, .. } = &mut self.st;
        let Some((at, wake)) = queue.pop_due(u64::MAX) else { return };
        *now = (*now).max(at);
        let mut ctx =
            Ctx { now: *now, config: &self.config, rng, queue, log: &mut self.log, caller: None };
        services.wake(&mut ctx, wake);
    }

    fn maybe_checkpoint(&mut self) {
        if self.checkpoints.due(self.log.total()) {
            self.take_checkpoint();
        }
    }

    fn take_checkpoint(&mut self) {
        self.checkpoints.push(Checkpoint {
            state: self.st.clone(),
            log_total: self.log.total(),
            log_fingerprint: self.log.fingerprint(),
        });
    }
}

/// Read-only access to the world for views: one typed handle per service
/// (`view.kinesis().stream("orders")`), each answering with `*View` values only. The handles
/// come from the service registry (`crate::services`).
#[derive(Clone, Copy)]
pub struct WorldView<'a> {
    pub(crate) services: &'a Services,
    config: &'a WorldConfig,
    now: SimTime,
}

impl<'a> WorldView<'a> {
    pub fn config(&self) -> &'a WorldConfig {
        self.config
    }

    /// Virtual time, ms since the scenario epoch.
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Virtual time as Unix milliseconds.
    pub fn now_unix_ms(&self) -> i64 {
        self.config.epoch_ms.saturating_add(self.now as i64)
    }
}
