//! The sim driver: owns the World, moves virtual time forward on every animation frame by
//! speed x elapsed real time, and exposes signals the views read. Views never touch the World
//! directly except through `with_world` (read-only) and `apply` (a command).

use aws_cli::Cli;
use engine::api::Call;
use engine::scenario::{Scenario, Speed};
use engine::{Command, World, WorldConfig};
use leptos::prelude::*;

/// The AWS CLI over the engine's services: the console's parser and printer, and the echo of
/// every button's API call as the `aws` command that does the same.
pub static CLI: Cli = Cli::new(engine::services::SERVICES);

/// Wall-clock time a frame may spend simulating at "max" speed or while restoring a link,
/// leaving the rest of a 16 ms frame for drawing.
const FRAME_BUDGET_MS: f64 = 8.0;
/// Wall-clock time a frame may spend simulating at a set speed. Above what the busiest preset
/// needs (massive-stream at 1x: 1 to 2 ms a frame on this machine, 5 under load), so virtual
/// time keeps pace; on a loaded machine it leaves the frame's drawing room under the 50 ms
/// that makes a long task.
const PLAYING_BUDGET_MS: f64 = 12.0;
/// Virtual time simulated between two looks at the clock while playing.
const PLAYING_SLICE_MS: u64 = 50;
/// Longest real-time gap a frame will simulate (a background tab resumes, a debugger pauses).
const MAX_FRAME_GAP_MS: f64 = 250.0;

/// Where a console entry came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntrySource {
    /// Typed in the console.
    Typed,
    /// A button elsewhere in the UI; the console shows the `aws` command that does the same.
    Ui,
}

/// One command in the console's transcript, with what the CLI printed.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsoleEntry {
    pub id: u64,
    pub source: EntrySource,
    /// Virtual time the command ran, ISO-8601.
    pub at: String,
    pub line: String,
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}

/// Most entries the transcript keeps.
const CONSOLE_KEEP: usize = 300;

#[derive(Clone, Copy)]
pub struct Sim {
    world: StoredValue<World, LocalStorage>,
    /// Virtual ms since the scenario epoch.
    pub now: RwSignal<u64>,
    pub playing: RwSignal<bool>,
    pub speed: RwSignal<Speed>,
    pub seed: RwSignal<u64>,
    /// Bumped whenever the World changes, so derived views recompute.
    pub version: RwSignal<u64>,
    /// While a shared link is being replayed: (virtual ms restored, virtual ms to reach).
    pub restoring: RwSignal<Option<(u64, u64)>>,
    /// Nothing plays while held: an embedded sandbox waits for the reader's click (a step still
    /// steps, a shared link is still restored).
    pub held: RwSignal<bool>,
    /// Problems shown in the error banner (a link that would not load, say).
    pub error: RwSignal<Option<String>>,
    /// The console transcript: typed commands and the UI's actions as `aws` commands.
    pub console: RwSignal<Vec<ConsoleEntry>>,
    /// The console's working directory: files the learner uploaded into the page, and what
    /// `aws s3 cp` downloads. Not simulation state (a link does not carry it).
    files: StoredValue<aws_cli::MemoryFiles, LocalStorage>,
    /// Bumped whenever the files change.
    pub files_version: RwSignal<u64>,
    /// Fractional virtual milliseconds carried between frames.
    carry: StoredValue<f64>,
    last_frame: StoredValue<Option<f64>>,
}

/// Real milliseconds since the page loaded (the wall clock the frame loop measures with).
pub fn perf_now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

impl Sim {
    pub fn new(seed: u64) -> Self {
        Sim {
            world: StoredValue::new_local(World::new(WorldConfig::with_seed(seed))),
            now: RwSignal::new(0),
            playing: RwSignal::new(false),
            speed: RwSignal::new(Speed::default()),
            seed: RwSignal::new(seed),
            version: RwSignal::new(0),
            restoring: RwSignal::new(None),
            held: RwSignal::new(false),
            error: RwSignal::new(None),
            console: RwSignal::new(Vec::new()),
            files: StoredValue::new_local(aws_cli::MemoryFiles::new()),
            files_version: RwSignal::new(0),
            carry: StoredValue::new(0.0),
            last_frame: StoredValue::new(None),
        }
    }

    /// Starts replaying a scenario; frames finish the job so the page stays responsive.
    pub fn load(&self, scenario: &Scenario) {
        let world =
            World::load(WorldConfig::with_seed(scenario.seed), scenario.commands.clone(), 0);
        self.world.set_value(world);
        self.seed.set(scenario.seed);
        self.speed.set(scenario.speed);
        self.playing.set(false);
        self.restoring.set((scenario.now > 0).then_some((0, scenario.now)));
        self.sync();
    }

    /// Rewinds to virtual time `t` keeping only the first `commands` commands (a tour's Back:
    /// exactly the state an earlier step showed, the later commands forgotten).
    pub fn rewind_forgetting(&self, t: u64, commands: usize) {
        self.pause();
        self.restoring.set(None);
        self.mutate(|w| w.rewind_forgetting(t, commands));
    }

    pub fn with_world<R>(&self, f: impl FnOnce(&World) -> R) -> R {
        self.world.with_value(f)
    }

    fn mutate<R>(&self, f: impl FnOnce(&mut World) -> R) -> R {
        let r = self.world.try_update_value(f).expect("the world lives as long as the app");
        self.sync();
        r
    }

    fn sync(&self) {
        let now = self.world.with_value(|w| w.now());
        self.now.set(now);
        self.version.update(|v| *v += 1);
    }

    pub fn apply(&self, command: Command) -> engine::sim::Outcome {
        self.mutate(|w| w.apply(command))
    }

    /// An API call from a button, typed (`Call::new(&CreateStreamInput { .. })`): applied, and
    /// echoed in the console as the `aws` command that does the same, with the CLI's output.
    pub fn call(&self, call: Call) -> Result<String, engine::api::ApiError> {
        let Call { target, body } = call;
        let (target, body) = (target.as_str(), body.as_str());
        let outcome = self.apply(Command::api(target, body));
        let line = CLI.command_line_for(target, body);
        let (stdout, stderr, exit_code) = match (&outcome.result, CLI.parse(&line)) {
            (Ok(json), Ok(call)) => (CLI.format_response(&call, json), String::new(), 0),
            (Ok(json), Err(_)) => (json.clone(), String::new(), 0),
            (Err(e), _) => (String::new(), aws_cli::format_error(e), 254),
        };
        self.log_console(EntrySource::Ui, line, stdout, stderr, exit_code);
        outcome.result
    }

    /// A simulated actor's setting (a producer, a consumer app): not an AWS call, so the console
    /// shows it as a comment.
    pub fn act(&self, command: Command, note: &str) {
        self.apply(command);
        self.log_console(EntrySource::Ui, format!("# {note}"), String::new(), String::new(), 0);
    }

    /// A learner's verb outside the API that can be refused (the Snowball client's commands on
    /// a device): shown in the console as its command line, with the refusal if there is one.
    pub fn act_checked(
        &self,
        command: Command,
        line: &str,
    ) -> Result<String, engine::api::ApiError> {
        let outcome = self.apply(command);
        let (stderr, code) = match &outcome.result {
            Ok(_) => (String::new(), 0),
            Err(e) => (format!("{}\n", e.message), 1),
        };
        self.log_console(EntrySource::Ui, format!("# {line}"), String::new(), stderr, code);
        outcome.result
    }

    /// Moves virtual time on by `ms` at once (the days a shipment takes), paused.
    pub fn skip(&self, ms: u64) {
        self.pause();
        self.mutate(|w| w.advance_by(ms));
    }

    /// A line typed in the console, run through the CLI against the World and the console's
    /// files.
    pub fn run_cli(&self, line: &str) -> aws_cli::CliOutput {
        let files = self.files;
        let out = self.mutate(|w| {
            let now = w.now_unix_ms().div_euclid(1000);
            files
                .try_update_value(|f| {
                    CLI.run_with_files(
                        line,
                        &mut |target, body| w.apply(Command::api(target, body)).result,
                        f,
                        now,
                    )
                })
                .unwrap_or_default()
        });
        self.files_version.update(|v| *v += 1);
        self.log_console(
            EntrySource::Typed,
            line.to_string(),
            out.stdout.clone(),
            out.stderr.clone(),
            out.exit_code,
        );
        out
    }

    /// The console's files: path and size, without copying their bytes.
    pub fn local_file_sizes(&self) -> Vec<(String, u64)> {
        self.files
            .with_value(|f| f.entries().map(|(p, b, _)| (p.to_string(), b.len() as u64)).collect())
    }

    /// One of the console's files, its bytes copied out (for a download).
    pub fn local_file(&self, path: &str) -> Option<Vec<u8>> {
        self.files
            .with_value(|f| f.entries().find(|(p, _, _)| *p == path).map(|(_, b, _)| b.to_vec()))
    }

    /// A file the learner brought into the page (the S3 view's upload).
    pub fn add_local_file(&self, path: &str, bytes: Vec<u8>) {
        use aws_cli::LocalFiles;
        let now = self.with_world(|w| w.now_unix_ms().div_euclid(1000));
        self.files.update_value(|f| f.write(path, bytes, now));
        self.files_version.update(|v| *v += 1);
    }

    fn log_console(
        &self,
        source: EntrySource,
        line: String,
        stdout: String,
        stderr: String,
        exit_code: i32,
    ) {
        let at = self.with_world(|w| w.now_iso());
        self.console.update(|c| {
            let id = c.last().map_or(0, |e| e.id + 1);
            c.push(ConsoleEntry { id, source, at, line, stdout, stderr, exit_code });
            let excess = c.len().saturating_sub(CONSOLE_KEEP);
            c.drain(..excess);
        });
    }

    pub fn play(&self) {
        if self.held.get_untracked() {
            return;
        }
        self.last_frame.set_value(None);
        self.playing.set(true);
    }

    pub fn pause(&self) {
        self.playing.set(false);
    }

    pub fn toggle(&self) {
        if self.playing.get_untracked() {
            self.pause()
        } else {
            self.play()
        }
    }

    /// Jumps to the next moment anything happens.
    pub fn step(&self) {
        self.pause();
        self.mutate(|w| w.step());
    }

    /// Goes back to the previous moment something happened.
    pub fn step_back(&self) {
        self.pause();
        self.mutate(|w| w.step_back());
    }

    /// Back to time zero; the commands so far replay as the clock passes them again.
    pub fn reset(&self) {
        self.pause();
        self.restoring.set(None);
        self.mutate(|w| w.rewind_to(0));
    }

    /// The same commands with another seed: every random choice changes, nothing else.
    pub fn set_seed(&self, seed: u64) {
        let (commands, now) = self.with_world(|w| (w.applied_commands().to_vec(), w.now()));
        let mut scenario = Scenario::new(seed);
        scenario.commands = commands;
        scenario.now = now;
        scenario.speed = self.speed.get_untracked();
        self.load(&scenario);
    }

    /// Can the world's commands travel in a link? Not once the learner has uploaded more than
    /// a link can carry (told without encoding anything).
    pub fn fits_in_a_link(&self) -> bool {
        self.with_world(|w| engine::scenario::fits_in_a_link(w.commands()))
    }

    pub fn scenario(&self, view: &str, preset: Option<String>) -> Scenario {
        self.with_world(|w| Scenario {
            seed: w.seed(),
            now: w.now(),
            commands: w.commands().to_vec(),
            speed: self.speed.get_untracked(),
            view: view.to_string(),
            preset,
        })
    }

    /// One animation frame's worth of simulation.
    pub fn frame(&self) {
        let now = perf_now();
        let gap =
            self.last_frame.get_value().map_or(0.0, |t| (now - t).clamp(0.0, MAX_FRAME_GAP_MS));
        self.last_frame.set_value(Some(now));

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
                    self.mutate(|w| {
                        let target = w.now() + whole as u64;
                        // A machine too slow for the speed lets virtual time fall behind
                        // rather than freeze the page: what is left past the deadline is
                        // dropped, not carried into the next frame.
                        while w.now() < target && perf_now() < deadline {
                            w.advance_to((w.now() + PLAYING_SLICE_MS).min(target));
                        }
                    });
                }
            }
            Speed::Max => {
                let deadline = now + FRAME_BUDGET_MS;
                self.mutate(|w| {
                    while perf_now() < deadline {
                        match w.next_due() {
                            Some(_) => {
                                w.step();
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
