//! The AWS CLI emulator behind the console, the echo of every button as its `aws` command and
//! the S3 view's uploads. Its code and botocore's models come in a module of their own, fetched
//! the first time they are needed (`on_demand::aws_cli`): the first module reaches them only
//! through the [`Cli`] trait object that module hands back, so none of it is linked in there.

use std::sync::OnceLock;

use aws_cli::{CliOutput, MemoryFiles};
use engine::api::ApiError;

/// What the rest of the page asks of the AWS CLI.
pub trait Cli: Sync {
    /// The `aws` command line that makes this API call.
    fn command_line_for(&self, target: &str, body: &str) -> String;
    /// A button's API call as the console shows it: its `aws` line, and what the CLI prints for
    /// the call's outcome.
    fn echo(&self, target: &str, body: &str, result: &Result<String, ApiError>) -> Echo;
    /// A typed command line, run against the World (`send`) and the console's files; `sleep`
    /// runs the World's clock forward by whole seconds (a waiter's pause between polls).
    fn run_with_clock(
        &self,
        line: &str,
        send: &mut dyn FnMut(&str, &str) -> Result<String, ApiError>,
        files: &mut MemoryFiles,
        now: i64,
        sleep: &mut dyn FnMut(u64),
    ) -> CliOutput;
    /// Tab completion: candidates for the word under the cursor (a byte offset).
    fn complete(&self, line: &str, cursor: usize) -> Vec<String>;
    /// The IAM user a typed line acts as (`--profile bob`); `None`: the root user.
    fn caller(&self, line: &str) -> Option<String>;
    /// After `aws emr ssh` printed its `ssh` line: the connection to make.
    fn ssh_request(&self, line: &str, files: &MemoryFiles) -> Option<aws_cli::SshRequest>;
}

/// A button's call in the console's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Echo {
    pub line: String,
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}

static ARRIVED: OnceLock<&'static dyn Cli> = OnceLock::new();

/// The CLI, once its module has arrived.
pub fn loaded() -> Option<&'static dyn Cli> {
    ARRIVED.get().copied()
}

pub(crate) fn arrived(cli: &'static dyn Cli) {
    let _ = ARRIVED.set(cli);
}

/// The emulator over the engine's services; built only inside the CLI's module.
pub(crate) struct Emulator;

/// The engine's services with their botocore models (the models come with this module too).
static AWS: aws_cli::Cli = aws_cli::Cli::new(engine::services::SERVICES);

impl Cli for Emulator {
    fn command_line_for(&self, target: &str, body: &str) -> String {
        AWS.command_line_for(target, body)
    }

    fn echo(&self, target: &str, body: &str, result: &Result<String, ApiError>) -> Echo {
        let line = AWS.command_line_for(target, body);
        let (stdout, stderr, exit_code) = match (result, AWS.parse(&line)) {
            (Ok(json), Ok(call)) => (AWS.format_response(&call, json), String::new(), 0),
            // A high-level command (`aws emr create-cluster`): what it prints, given the
            // answer the call got.
            (Ok(json), Err(_)) => {
                let out = AWS.run(&line, &mut |_, _| Ok(json.clone()));
                if out.exit_code == 0 {
                    (out.stdout, String::new(), 0)
                } else {
                    (json.clone(), String::new(), 0)
                }
            }
            (Err(e), _) => (String::new(), aws_cli::format_error(e), 254),
        };
        Echo { line, stdout, stderr, exit_code }
    }

    fn run_with_clock(
        &self,
        line: &str,
        send: &mut dyn FnMut(&str, &str) -> Result<String, ApiError>,
        files: &mut MemoryFiles,
        now: i64,
        sleep: &mut dyn FnMut(u64),
    ) -> CliOutput {
        AWS.run_with_clock(line, send, files, now, sleep)
    }

    fn complete(&self, line: &str, cursor: usize) -> Vec<String> {
        AWS.complete(line, cursor)
    }

    fn caller(&self, line: &str) -> Option<String> {
        aws_cli::caller_of(line)
    }

    fn ssh_request(&self, line: &str, files: &MemoryFiles) -> Option<aws_cli::SshRequest> {
        AWS.ssh_request(line, files)
    }
}
