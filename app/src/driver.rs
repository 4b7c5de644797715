//! The sim driver: owns the World, moves virtual time forward on every animation frame by
//! speed x elapsed real time, and exposes signals the views read. Views never touch the World
//! directly except through `with_world` (read-only) and `apply` (a command).

use engine::api::{ApiError, Call};
use engine::scenario::{Scenario, Speed};
use engine::{Command, World, WorldConfig};
use leptos::prelude::*;

mod frame;
mod ssh;

pub use frame::run_frames;
pub use ssh::SshSession;

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
    /// Typed in the primary node's shell after `aws emr ssh`: its prompt
    /// (`[hadoop@ip-172-31-1-10 ~]$`) instead of `$`.
    pub prompt: Option<String>,
}

/// A button's call waiting for the AWS CLI to echo it: (console entry, target, body, outcome).
type Unechoed = (u64, String, String, Result<String, ApiError>);

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
    /// What the page is downloading before it can go on (the Analytics SQL compiler a link
    /// needs, say): the controls say so, and the clock waits.
    pub fetching: RwSignal<Option<&'static str>>,
    /// The console transcript: typed commands and the UI's actions as `aws` commands.
    pub console: RwSignal<Vec<ConsoleEntry>>,
    /// The console's working directory: files the learner uploaded into the page, and what
    /// `aws s3 cp` downloads. Not simulation state (a link does not carry it).
    files: StoredValue<aws_cli::MemoryFiles, LocalStorage>,
    /// Bumped whenever the files change.
    pub files_version: RwSignal<u64>,
    /// Logged in on a primary node by `aws emr ssh`: the console is its shell until `exit`.
    pub ssh: RwSignal<Option<SshSession>>,
    /// Buttons' API calls made before the AWS CLI's module arrived, by console entry: their
    /// `aws` lines are written in when it does.
    unechoed: StoredValue<Vec<Unechoed>>,
    /// Console entries written so far (the next entry's id).
    entries_logged: StoredValue<u64>,
    /// Fractional virtual milliseconds carried between frames.
    carry: StoredValue<f64>,
    last_frame: StoredValue<Option<f64>>,
    /// The world moved on in the last frame but the views have not been told yet.
    draw_pending: StoredValue<bool>,
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
            fetching: RwSignal::new(None),
            console: RwSignal::new(Vec::new()),
            files: StoredValue::new_local(aws_cli::MemoryFiles::new()),
            files_version: RwSignal::new(0),
            ssh: RwSignal::new(None),
            unechoed: StoredValue::new(Vec::new()),
            entries_logged: StoredValue::new(0),
            carry: StoredValue::new(0.0),
            last_frame: StoredValue::new(None),
            draw_pending: StoredValue::new(false),
        }
    }

    /// Starts replaying a scenario; frames finish the job so the page stays responsive. A
    /// scenario that needs a part of the engine fetched on demand (Analytics SQL's compiler,
    /// EMR) first waits for it (the replay must run exactly as the first run did); asked to
    /// play meanwhile, it plays once loaded.
    pub fn load(&self, scenario: &Scenario) {
        let needs = crate::on_demand::Needs::of(scenario.commands.iter().map(|r| &r.command));
        if !needs.is_empty() {
            let (sim, scenario) = (*self, scenario.clone());
            self.pause();
            self.fetching.set(Some(needs.what()));
            leptos::task::spawn_local(async move {
                let loaded = needs.fetch().await;
                sim.fetching.set(None);
                match loaded {
                    Ok(()) => {
                        let play = sim.playing.get_untracked();
                        sim.load(&scenario);
                        if play {
                            sim.play();
                        }
                    }
                    Err(_) => sim.error.set(Some(crate::on_demand::PARTS_FAILED.into())),
                }
            });
            return;
        }
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
        self.draw_pending.set_value(false);
        let now = self.world.with_value(|w| w.now());
        self.now.set(now);
        self.version.update(|v| *v += 1);
    }

    pub fn apply(&self, command: Command) -> engine::sim::Outcome {
        self.mutate(|w| w.apply(command))
    }

    /// An API call from a button, typed (`Call::new(&CreateStreamInput { .. })`): applied, and
    /// echoed in the console as the `aws` command that does the same, with the CLI's output.
    /// The echo needs the AWS CLI's module: before it has arrived, the entry waits for it (the
    /// call itself does not).
    pub fn call(&self, call: Call) -> Result<String, ApiError> {
        let Call { target, body } = call;
        let outcome = self.apply(Command::api(&target, &body));
        match crate::cli::loaded() {
            Some(cli) => {
                let echo = cli.echo(&target, &body, &outcome.result);
                self.log_console(
                    EntrySource::Ui,
                    echo.line,
                    echo.stdout,
                    echo.stderr,
                    echo.exit_code,
                );
            }
            None => {
                let id = self.log_console(
                    EntrySource::Ui,
                    String::new(),
                    String::new(),
                    String::new(),
                    0,
                );
                self.unechoed.update_value(|u| u.push((id, target, body, outcome.result.clone())));
                let sim = *self;
                leptos::task::spawn_local(async move {
                    if crate::on_demand::aws_cli().await.is_ok() {
                        sim.echo_waiting();
                    }
                });
            }
        }
        outcome.result
    }

    /// An API call made as IAM user `user` (the EMR view's "acting as"), as `--profile
    /// user` would make it from the console, echoed with that option; `None`: the root user,
    /// as [`Sim::call`].
    pub fn call_as(&self, user: Option<&str>, call: Call) -> Result<String, ApiError> {
        let Some(user) = user else { return self.call(call) };
        let Call { target, body } = call;
        let mut outcome = self.apply(Command::api_as(user, &target, &body));
        // A refusal before the operation ran (IAM's) names no operation: the CLI's "when
        // calling the AddJobFlowSteps operation" needs it.
        if let Err(e) = &mut outcome.result {
            if e.action.is_empty() {
                e.action = target.rsplit('.').next().unwrap_or_default().to_string();
            }
        }
        let (line, stdout, stderr, code) = match crate::cli::loaded() {
            Some(cli) => {
                let echo = cli.echo(&target, &body, &outcome.result);
                (
                    format!("{} --profile {user}", echo.line),
                    echo.stdout,
                    echo.stderr,
                    echo.exit_code,
                )
            }
            // Before the CLI has loaded: the call and its refusal, if any, as a comment.
            None => {
                let (stderr, code) = match &outcome.result {
                    Ok(_) => (String::new(), 0),
                    Err(e) => (format!("{}\n", e.message), 255),
                };
                (format!("# {target} as IAM user {user}"), String::new(), stderr, code)
            }
        };
        self.log_console(EntrySource::Ui, line, stdout, stderr, code);
        outcome.result
    }

    /// Writes the `aws` lines of the calls that waited for the CLI into their entries.
    fn echo_waiting(&self) {
        let Some(cli) = crate::cli::loaded() else { return };
        let waiting = self.unechoed.try_update_value(std::mem::take).unwrap_or_default();
        if waiting.is_empty() {
            return;
        }
        self.console.update(|entries| {
            for (id, target, body, result) in &waiting {
                if let Some(e) = entries.iter_mut().find(|e| e.id == *id) {
                    let echo = cli.echo(target, body, result);
                    (e.line, e.stdout, e.stderr, e.exit_code) =
                        (echo.line, echo.stdout, echo.stderr, echo.exit_code);
                }
            }
        });
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

    /// A learner's verb whose answer the console prints under its line (a connection
    /// attempt's verdict): `told` turns the outcome's body into the text shown.
    pub fn act_told(
        &self,
        command: Command,
        line: &str,
        told: impl Fn(&str) -> String,
    ) -> Result<String, engine::api::ApiError> {
        let outcome = self.apply(command);
        let (stdout, stderr, code) = match &outcome.result {
            Ok(body) => (format!("{}\n", told(body)), String::new(), 0),
            Err(e) => (String::new(), format!("{}\n", e.message), 1),
        };
        self.log_console(EntrySource::Ui, format!("# {line}"), stdout, stderr, code);
        outcome.result
    }

    /// Moves virtual time on by `ms` at once (the days a shipment takes), paused.
    pub fn skip(&self, ms: u64) {
        self.pause();
        self.mutate(|w| w.advance_by(ms));
    }

    /// A line typed in the console, run through the CLI against the World and the console's
    /// files. Only the views that come after the CLI's module (the console, S3) call it. The
    /// World's clock is the CLI's: `aws emr wait cluster-running` runs it forward between its
    /// polls, as the real CLI sleeps between them.
    pub fn run_cli(&self, line: &str) -> aws_cli::CliOutput {
        let Some(cli) = crate::cli::loaded() else {
            return aws_cli::CliOutput {
                stderr: "The AWS CLI has not finished downloading: try again in a moment.\n".into(),
                exit_code: 255,
                ..Default::default()
            };
        };
        let files = self.files;
        // `--profile bob` acts as IAM user bob, as bob's access key would on the endpoint.
        let caller = cli.caller(line);
        let out = self.mutate(|w| {
            let now = w.now_unix_ms().div_euclid(1000);
            // Both the calls and the waiter's sleeps need the World, one at a time.
            let world = std::cell::RefCell::new(w);
            files
                .try_update_value(|f| {
                    cli.run_with_clock(
                        line,
                        &mut |target, body| {
                            let call = match &caller {
                                Some(key) => Command::api_as(key.clone(), target, body),
                                None => Command::api(target, body),
                            };
                            world.borrow_mut().apply(call).result
                        },
                        f,
                        now,
                        &mut |seconds| world.borrow_mut().advance_by(seconds * 1000),
                    )
                })
                .unwrap_or_default()
        });
        self.files_version.update(|v| *v += 1);
        let mut out = out;
        if out.exit_code == 0 {
            // `aws emr ssh` printed the `ssh` command it runs: connect.
            if let Some(request) = self.files.with_value(|f| cli.ssh_request(line, f)) {
                self.connect(&request, &mut out);
            }
        }
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
    ) -> u64 {
        self.push_entry(source, line, stdout, stderr, exit_code, None)
    }

    fn push_entry(
        &self,
        source: EntrySource,
        line: String,
        stdout: String,
        stderr: String,
        exit_code: i32,
        prompt: Option<String>,
    ) -> u64 {
        let at = self.with_world(|w| w.now_iso());
        // Never an id used before, even after the transcript is cleared: an entry waiting for
        // its echo is found by id.
        let id = self.entries_logged.get_value();
        self.entries_logged.set_value(id + 1);
        self.console.update(|c| {
            c.push(ConsoleEntry { id, source, at, line, stdout, stderr, exit_code, prompt });
            let excess = c.len().saturating_sub(CONSOLE_KEEP);
            c.drain(..excess);
        });
        id
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
}
