//! Tab completion for the console: services, commands, options (required ones first, options
//! already on the line left out) and the allowed values of enum options.

use super::lexer;
use super::model::Cli;
use super::parse::{self, ArgKind, GLOBAL_OPTIONS};

/// Global options that take a value, so completion can skip it.
const GLOBAL_WITH_VALUE: &[&str] = &[
    "endpoint-url",
    "output",
    "query",
    "profile",
    "region",
    "color",
    "ca-bundle",
    "cli-read-timeout",
    "cli-connect-timeout",
    "cli-binary-format",
];

/// Candidate words to replace the word under the cursor (`cursor` is a byte offset).
pub fn complete(cli: &Cli, line: &str, cursor: usize) -> Vec<String> {
    let mut cursor = cursor.min(line.len());
    while !line.is_char_boundary(cursor) {
        cursor -= 1;
    }
    let before = &line[..cursor];
    let Ok((words, _)) = lexer::split_lenient(before) else { return Vec::new() };
    let ends_in_space = before.ends_with(char::is_whitespace) || before.is_empty();
    let (done, partial) = match (ends_in_space, words.split_last()) {
        (false, Some((last, rest))) => (rest.to_vec(), last.text.clone()),
        _ => (words, String::new()),
    };
    let done: Vec<String> = done.into_iter().map(|w| w.text).collect();
    let starts = |c: &String| c.starts_with(partial.as_str());
    if done.is_empty() {
        return ["aws".to_string()].into_iter().filter(starts).collect();
    }
    if done[0] != "aws" {
        return Vec::new();
    }
    // Positionals (service, command) and the options given so far.
    let mut positionals = Vec::new();
    let mut given = Vec::new();
    let mut i = 1;
    while i < done.len() {
        let w = &done[i];
        if let Some(name) = w.strip_prefix("--") {
            given.push(name.to_string());
            if GLOBAL_WITH_VALUE.contains(&name) {
                i += 1;
            }
        } else if given.is_empty() || positionals.len() < 2 {
            positionals.push(w.clone());
        }
        i += 1;
    }
    let service = positionals.first().and_then(|s| cli.service(s));
    // `aws emr wait cluster-running` takes the options of the operation its waiter polls.
    let waiting = positionals.get(1).is_some_and(|c| c == "wait");
    let op = match (service, waiting) {
        (Some(svc), true) => positionals
            .get(2)
            .and_then(|w| super::waiters::operation(svc.cli_name, w))
            .and_then(|o| svc.operation_by_name(o)),
        (Some(svc), false) => positionals.get(1).and_then(|c| svc.operation(c)),
        (None, _) => None,
    };
    let previous = done.last().and_then(|w| w.strip_prefix("--"));

    // A value for the option just typed.
    if let Some(prev) = previous {
        if !partial.starts_with('-') {
            let values: Vec<String> = match prev {
                "output" => vec!["json".into(), "text".into(), "table".into()],
                "color" => vec!["on".into(), "off".into(), "auto".into()],
                "cli-binary-format" => vec!["base64".into(), "raw-in-base64-out".into()],
                _ => match (service, op) {
                    (Some(svc), Some(op)) => parse::argument_table(svc, op)
                        .into_iter()
                        .find(|a| a.spec.name == prev)
                        .and_then(|a| match a.kind {
                            ArgKind::Member { shape, .. } => {
                                Some(svc.shape(shape).enum_values.clone())
                            }
                            _ => None,
                        })
                        .unwrap_or_default(),
                    _ => Vec::new(),
                },
            };
            if !values.is_empty() || GLOBAL_WITH_VALUE.contains(&prev) {
                return values.into_iter().filter(starts).collect();
            }
        }
    }

    // After the command, an empty word means "what can I add": offer the options.
    let custom = match (service, positionals.get(1)) {
        (Some(svc), Some(command)) => super::emr::options(svc.cli_name, command)
            .or_else(|| super::datapipeline::options(svc.cli_name, command)),
        _ => None,
    };
    if partial.starts_with('-') || (partial.is_empty() && (op.is_some() || custom.is_some())) {
        let mut out = Vec::new();
        if let Some(options) = &custom {
            let fresh = |name: &&str| !given.iter().any(|g| g == name);
            out.extend(
                options.iter().filter(|(n, r)| *r && fresh(n)).map(|(n, _)| format!("--{n}")),
            );
            out.extend(
                options.iter().filter(|(n, r)| !*r && fresh(n)).map(|(n, _)| format!("--{n}")),
            );
        } else if let (Some(svc), Some(op)) = (service, op) {
            let table = parse::argument_table(svc, op);
            let fresh = |a: &&parse::Arg| !given.contains(&a.spec.name);
            out.extend(
                table
                    .iter()
                    .filter(fresh)
                    .filter(|a| a.spec.required)
                    .map(|a| format!("--{}", a.spec.name)),
            );
            out.extend(
                table
                    .iter()
                    .filter(fresh)
                    .filter(|a| !a.spec.required)
                    .map(|a| format!("--{}", a.spec.name)),
            );
        }
        out.extend(
            GLOBAL_OPTIONS
                .iter()
                .filter(|g| !given.iter().any(|x| x == *g))
                .map(|g| format!("--{g}")),
        );
        return out.into_iter().filter(starts).collect();
    }
    match (positionals.len(), service) {
        (0, _) => cli.service_names().into_iter().map(String::from).filter(starts).collect(),
        (1, Some(svc)) => svc.command_names().into_iter().filter(starts).collect(),
        (2, Some(svc)) if waiting => {
            super::waiters::names(svc.cli_name).into_iter().filter(starts).collect()
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::complete;
    use crate::TEST_CLI as CLI;

    #[test]
    fn completes_each_position() {
        assert_eq!(complete(&CLI, "aws kin", 7), ["kinesis", "kinesisanalytics"]);
        assert!(complete(&CLI, "aws kinesis create-s", 20).contains(&"create-stream".to_string()));
        let opts = complete(&CLI, "aws kinesis create-stream --", 28);
        assert_eq!(opts[0], "--stream-name");
        let opts = complete(&CLI, "aws kinesis create-stream --stream-name x --", 44);
        assert!(!opts.contains(&"--stream-name".to_string()));
        assert_eq!(complete(&CLI, "aws kinesis list-streams --output t", 35), ["text", "table"]);
        assert_eq!(complete(&CLI, "aws kinesis create-stream ", 26)[0], "--stream-name");
    }

    #[test]
    fn completes_waiters_and_their_options() {
        let line = "aws emr wait ";
        assert_eq!(
            complete(&CLI, line, line.len()),
            ["cluster-running", "cluster-terminated", "step-complete"]
        );
        let line = "aws emr wait step-complete --";
        assert_eq!(complete(&CLI, line, line.len())[..2], ["--cluster-id", "--step-id"]);
        let line = "aws kinesis wait stream-n";
        assert_eq!(complete(&CLI, line, line.len()), ["stream-not-exists"]);
    }
}
