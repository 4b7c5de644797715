//! What the CLI prints when it stops before (or instead of) calling the service, with the exit
//! status AWS CLI v2 returns. Texts follow AWS CLI v2 as of mid-2025 (before 2.31's
//! `aws: [ERROR]:` prefix and structured errors; see the note in tests/golden/cli/gen.py).

use std::fmt;

/// `usage:` block awscli v2 prints before argument errors (awscli/argparser.py `USAGE`).
pub const USAGE: &str = "aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n\
To see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CliErrorKind {
    /// argparse rejected the line: missing or malformed arguments, invalid choices.
    Usage,
    /// Options the operation does not have ("Unknown options: --foo, bar").
    UnknownOptions,
    /// A value could not be turned into a request ("Error parsing parameter ...",
    /// "Parameter validation failed: ...", "Invalid base64: ...").
    ParamValidation,
    /// Not an error: `help` or `--version` printed text (on stdout) and made no call.
    Help,
    /// The line is not an `aws` command, or the shell could not split it.
    Shell,
    /// Something the console does not support (an output format, a file:// argument).
    Unsupported,
    /// A high-level command stopped with its own error (`aws emr create-cluster`'s "aws:
    /// error: ..."), an exception the CLI's main loop prints as it is and exits 255.
    Exception,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CliError {
    pub kind: CliErrorKind,
    /// The text without the blank lines the CLI frames it with.
    pub message: String,
}

impl CliError {
    pub fn usage(error: impl fmt::Display) -> Self {
        CliError {
            kind: CliErrorKind::Usage,
            message: format!("usage: {USAGE}\naws: error: {error}"),
        }
    }

    pub fn unknown_options(options: &[String]) -> Self {
        CliError {
            kind: CliErrorKind::UnknownOptions,
            message: format!("usage: {USAGE}\nUnknown options: {}", options.join(", ")),
        }
    }

    pub fn param(message: impl Into<String>) -> Self {
        CliError { kind: CliErrorKind::ParamValidation, message: message.into() }
    }

    /// awscli's `ParamError`: "Error parsing parameter '--records': ...".
    pub fn parsing_parameter(option: &str, message: impl fmt::Display) -> Self {
        Self::param(format!("Error parsing parameter '{option}': {message}"))
    }

    pub fn help(text: impl Into<String>) -> Self {
        CliError { kind: CliErrorKind::Help, message: text.into() }
    }

    pub fn shell(message: impl Into<String>) -> Self {
        CliError { kind: CliErrorKind::Shell, message: message.into() }
    }

    pub fn unsupported(message: impl Into<String>) -> Self {
        CliError { kind: CliErrorKind::Unsupported, message: message.into() }
    }

    pub fn exception(message: impl Into<String>) -> Self {
        CliError { kind: CliErrorKind::Exception, message: message.into() }
    }

    /// Exactly what the CLI writes to stderr (empty for help, which goes to stdout).
    pub fn stderr(&self) -> String {
        match self.kind {
            CliErrorKind::Help => String::new(),
            // awscli's error handlers write "\n", the message, "\n"; argparse's own message
            // already ends with a newline.
            CliErrorKind::Usage | CliErrorKind::UnknownOptions => format!("\n{}\n\n", self.message),
            CliErrorKind::ParamValidation | CliErrorKind::Unsupported | CliErrorKind::Exception => {
                format!("\n{}\n", self.message)
            }
            CliErrorKind::Shell => format!("{}\n", self.message),
        }
    }

    pub fn stdout(&self) -> String {
        match self.kind {
            CliErrorKind::Help => self.message.clone(),
            _ => String::new(),
        }
    }

    /// AWS CLI v2's return codes: 252 for parameter and usage errors, 0 for help.
    pub fn exit_code(&self) -> i32 {
        match self.kind {
            CliErrorKind::Help => 0,
            CliErrorKind::Shell => 2,
            CliErrorKind::Unsupported | CliErrorKind::Exception => 255,
            _ => 252,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CliError {}
