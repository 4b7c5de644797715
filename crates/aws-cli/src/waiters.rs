//! `aws <service> wait <condition>`: botocore's waiters, polling the service as the real CLI
//! does. In the console the World's clock is virtual, so the delay between two polls is the
//! host moving its clock on (`sleep`), not the page sleeping: `aws emr wait cluster-running`
//! runs a starting cluster forward, 30 seconds a poll, until it is up (or fails, or 60 polls
//! pass), and prints nothing on success, as the CLI does.
//!
//! The waiters are botocore 1.43.11's `data/<service>/<version>/waiters-2.json` for the
//! services the sandbox has that ship one (EMR and Kinesis), copied whole: names, operation,
//! delay, attempts, and the acceptors in file order (the first acceptor that matches wins).
//! crates/aws-cli/tests/cli/golden recorded the CLI's waits, with their sleeps.

use super::argparse::{self, Parser};
use super::error::CliError;
use super::json::Json;
use super::lexer;
use super::model::{Cli, Service};
use super::names::xform_name;
use super::parse::{self, CliCall};
use super::query::Query;
use super::{help, send_attempts, ApiError, CliOutput};

/// What a matching acceptor ends the wait with. (botocore's third state, `retry`, and its
/// `pathAll`/`pathAny`/`status` matchers appear in no waiter of these two services.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Success,
    Failure,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Matcher {
    /// The JMESPath `argument` of the answer equals `expected`.
    Path,
    /// The call failed with the error code `expected`.
    Error,
}

struct Acceptor {
    state: State,
    matcher: Matcher,
    argument: &'static str,
    expected: &'static str,
}

pub(crate) struct Waiter {
    /// botocore's name: `ClusterRunning` (the CLI's is `cluster-running`).
    name: &'static str,
    operation: &'static str,
    /// Seconds between two polls.
    delay: u64,
    max_attempts: u32,
    acceptors: &'static [Acceptor],
}

const fn path(state: State, argument: &'static str, expected: &'static str) -> Acceptor {
    Acceptor { state, matcher: Matcher::Path, argument, expected }
}

const CLUSTER_STATE: &str = "Cluster.Status.State";

/// botocore/data/emr/2009-03-31/waiters-2.json, sorted by name as botocore's WaiterModel
/// lists them (the CLI's `wait` choices come in this order).
const EMR: &[Waiter] = &[
    Waiter {
        name: "ClusterRunning",
        operation: "DescribeCluster",
        delay: 30,
        max_attempts: 60,
        acceptors: &[
            path(State::Success, CLUSTER_STATE, "RUNNING"),
            path(State::Success, CLUSTER_STATE, "WAITING"),
            path(State::Failure, CLUSTER_STATE, "TERMINATING"),
            path(State::Failure, CLUSTER_STATE, "TERMINATED"),
            path(State::Failure, CLUSTER_STATE, "TERMINATED_WITH_ERRORS"),
        ],
    },
    Waiter {
        name: "ClusterTerminated",
        operation: "DescribeCluster",
        delay: 30,
        max_attempts: 60,
        acceptors: &[
            path(State::Success, CLUSTER_STATE, "TERMINATED"),
            path(State::Failure, CLUSTER_STATE, "TERMINATED_WITH_ERRORS"),
        ],
    },
    Waiter {
        name: "StepComplete",
        operation: "DescribeStep",
        delay: 30,
        max_attempts: 60,
        acceptors: &[
            path(State::Success, "Step.Status.State", "COMPLETED"),
            path(State::Failure, "Step.Status.State", "FAILED"),
            path(State::Failure, "Step.Status.State", "CANCELLED"),
        ],
    },
];

/// botocore/data/kinesis/2013-12-02/waiters-2.json.
const KINESIS: &[Waiter] = &[
    Waiter {
        name: "StreamExists",
        operation: "DescribeStream",
        delay: 10,
        max_attempts: 18,
        acceptors: &[path(State::Success, "StreamDescription.StreamStatus", "ACTIVE")],
    },
    Waiter {
        name: "StreamNotExists",
        operation: "DescribeStream",
        delay: 10,
        max_attempts: 18,
        acceptors: &[Acceptor {
            state: State::Success,
            matcher: Matcher::Error,
            argument: "",
            expected: "ResourceNotFoundException",
        }],
    },
];

/// A service's waiters, sorted by name.
pub(crate) fn waiters(service: &str) -> &'static [Waiter] {
    match service {
        "emr" => EMR,
        "kinesis" => KINESIS,
        _ => &[],
    }
}

/// The CLI's names of a service's waiters: `cluster-running`, ...
pub(crate) fn names(service: &str) -> Vec<String> {
    waiters(service).iter().map(|w| cli_name(w.name)).collect()
}

/// The operation the waiter named `name` (`cluster-running`) polls.
pub(crate) fn operation(service: &str, name: &str) -> Option<&'static str> {
    waiters(service).iter().find(|w| cli_name(w.name) == name).map(|w| w.operation)
}

/// `ClusterRunning` -> `cluster-running` (botocore's xform_name with dashes).
fn cli_name(name: &str) -> String {
    xform_name(name).replace('_', "-")
}

/// What `aws <service> wait` says where no clock can move (a parse for the UI, a run without
/// one): the console's own note, not the CLI's.
pub(crate) fn no_clock(service: &Service) -> CliError {
    let poll = match service.cli_name {
        "emr" => "describe-cluster or describe-step",
        _ => "describe-stream-summary",
    };
    CliError::unsupported(format!(
        "aws {} wait is not available in this console; poll with {poll} instead.",
        service.cli_name
    ))
}

/// `Some` output when `line` is `aws <service> wait ...`; `None` leaves the line to the
/// other commands (and the parser's errors before the command name).
pub(crate) fn run(
    cli: &Cli,
    line: &str,
    send: &mut dyn FnMut(&str, &str) -> Result<String, ApiError>,
    sleep: &mut dyn FnMut(u64),
) -> Option<CliOutput> {
    let words: Vec<String> = lexer::split(line).ok()?.into_iter().map(|w| w.text).collect();
    if words.first().map(String::as_str) != Some("aws") {
        return None;
    }
    let front = parse::front(cli, &words[1..]).ok()?;
    if front.command != "wait" {
        return None;
    }
    Some(match prepare(front) {
        Ok((waiter, call)) => wait(waiter, &call, send, sleep),
        Err(e) => e.into(),
    })
}

/// The waiter the line names and the call it repeats, or the CLI's error for the line.
fn prepare(front: parse::Front<'_>) -> Result<(&'static Waiter, CliCall), CliError> {
    let service = front.service;
    let list = waiters(service.cli_name);
    let names = names(service.cli_name);
    // WaitCommand's parser: one positional, the condition.
    let parser = Parser { specs: &[], positional: Some("subcommand"), positional_required: false };
    let parsed = parser.parse(&front.rest).map_err(CliError::usage)?;
    let Some(name) = parsed.positional else {
        // WaitCommand._run_main's ValueError, printed by the CLI's last-resort handler.
        return Err(CliError::exception(
            "usage: aws [options] <command> <subcommand> [parameters]\naws: error: too few arguments",
        ));
    };
    if name == "help" {
        return Err(CliError::help(wait_help(&names)));
    }
    let Some(index) = names.iter().position(|n| *n == name) else {
        return Err(CliError::usage(argparse::invalid_choice("subcommand", &name, &names)));
    };
    let waiter = &list[index];
    let Some(op) = service.operation_by_name(waiter.operation) else {
        return Err(no_clock(service));
    };
    let call = parse::operation_call(service, op, front.globals, &parsed.remaining, true).map_err(
        |e| {
            if e.kind == super::CliErrorKind::Help {
                // The operation's options under the waiter's name and description.
                let table = parse::argument_table(service, op);
                CliError::help(help::operation_as(
                    service,
                    &table,
                    &names[index],
                    &description(waiter),
                ))
            } else {
                e
            }
        },
    )?;
    Ok((waiter, call))
}

/// `aws <service> wait help`.
fn wait_help(names: &[String]) -> String {
    let mut out = String::from(
        "WAIT()\n\nNAME\n       wait -\n\nDESCRIPTION\n       Wait until a particular condition is satisfied. Each subcommand polls\n       an API until the listed requirement is met.\n\nAVAILABLE COMMANDS\n",
    );
    for name in names {
        out.push_str(&format!("       o {name}\n\n"));
    }
    out
}

/// WaiterStateDocBuilder's description: "Wait until JMESPath query Cluster.Status.State
/// returns RUNNING when polling with describe-cluster. It will poll every 30 seconds ...".
fn description(waiter: &Waiter) -> String {
    let success = waiter.acceptors.iter().find(|a| a.state == State::Success);
    let condition = match success {
        Some(a) => match a.matcher {
            Matcher::Path => format!("JMESPath query {} returns {} ", a.argument, a.expected),
            Matcher::Error => format!("{} is thrown ", a.expected),
        },
        None => String::new(),
    };
    format!(
        "Wait until {condition}when polling with ``{}``. It will poll every {} seconds until a successful state has been reached. This will exit with a return code of 255 after {} failed checks.",
        cli_name(waiter.operation),
        waiter.delay,
        waiter.max_attempts
    )
}

/// botocore's `Waiter.wait`: poll, match the acceptors in order, stop on success or failure,
/// else sleep the delay and poll again, up to the attempts.
fn wait(
    waiter: &Waiter,
    call: &CliCall,
    send: &mut dyn FnMut(&str, &str) -> Result<String, ApiError>,
    sleep: &mut dyn FnMut(u64),
) -> CliOutput {
    let failed = |reason: String| CliOutput {
        stdout: String::new(),
        stderr: format!("\nWaiter {} failed: {reason}\n", waiter.name),
        exit_code: 255,
    };
    for attempt in 1..=waiter.max_attempts {
        // A failed call is a response too: the waiter matches its error code.
        let response = send_attempts(call, &call.body, send).map_err(|(e, _)| e);
        match waiter.acceptors.iter().find(|a| matches(a, &response)) {
            Some(a) if a.state == State::Success => return CliOutput::default(),
            Some(a) => {
                return failed(format!(
                    "Waiter encountered a terminal failure state: {}",
                    explanation(a)
                ))
            }
            None => {
                if let Err(e) = &response {
                    return failed(format!("An error occurred ({}): {}", e.code, e.message));
                }
            }
        }
        if attempt < waiter.max_attempts {
            sleep(waiter.delay);
        }
    }
    // (With a retry acceptor matched earlier, botocore would add "Previously accepted state".)
    failed("Max attempts exceeded".into())
}

fn matches(acceptor: &Acceptor, response: &Result<Json, ApiError>) -> bool {
    match (acceptor.matcher, response) {
        (Matcher::Error, Err(e)) => e.code == acceptor.expected,
        (Matcher::Path, Ok(r)) => {
            let found = Query::compile(acceptor.argument).ok().and_then(|q| q.search(r).ok());
            found == Some(Json::String(acceptor.expected.into()))
        }
        (Matcher::Error, Ok(_)) | (Matcher::Path, Err(_)) => false,
    }
}

/// AcceptorConfig.explanation.
fn explanation(acceptor: &Acceptor) -> String {
    match acceptor.matcher {
        Matcher::Path => format!(
            "For expression \"{}\" we matched expected path: \"{}\"",
            acceptor.argument, acceptor.expected
        ),
        Matcher::Error => format!("Matched expected service error code: {}", acceptor.expected),
    }
}
