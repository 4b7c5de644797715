//! Hive's failures, worded as the Hive CLI prints them. Positions are Hive's: lines from 1,
//! columns from 0 (ANTLR's `charPositionInLine`).

use std::fmt;

/// What failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The text does not parse: `FAILED: ParseException line 1:7 ...`.
    Parse,
    /// The query does not make sense against the metastore:
    /// `FAILED: SemanticException [Error 10001]: Line 1:14 Table not found 'logs'`.
    Semantic(u32),
    /// A DDL or a job failed while running:
    /// `FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. ...`.
    Execution(&'static str),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HiveError {
    pub kind: ErrorKind,
    pub line: u64,
    pub column: u64,
    pub message: String,
}

impl HiveError {
    pub fn parse(line: u64, column: u64, message: impl Into<String>) -> HiveError {
        HiveError { kind: ErrorKind::Parse, line, column, message: message.into() }
    }

    pub fn semantic(code: u32, line: u64, column: u64, message: impl Into<String>) -> HiveError {
        HiveError { kind: ErrorKind::Semantic(code), line, column, message: message.into() }
    }

    /// A failed DDL task (`DDLTask`) or job (`MapRedTask`).
    pub fn execution(task: &'static str, message: impl Into<String>) -> HiveError {
        HiveError { kind: ErrorKind::Execution(task), line: 0, column: 0, message: message.into() }
    }
}

impl fmt::Display for HiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Parse => {
                write!(f, "FAILED: ParseException line {}:{} {}", self.line, self.column, self.message)
            }
            ErrorKind::Semantic(code) if self.line > 0 => write!(
                f,
                "FAILED: SemanticException [Error {code}]: Line {}:{} {}",
                self.line, self.column, self.message
            ),
            ErrorKind::Semantic(code) => {
                write!(f, "FAILED: SemanticException [Error {code}]: {}", self.message)
            }
            ErrorKind::Execution(task) => write!(
                f,
                "FAILED: Execution Error, return code {} from org.apache.hadoop.hive.ql.exec.{task}.{}{}",
                if *task == "mr.MapRedTask" { 2 } else { 1 },
                if self.message.is_empty() { "" } else { " " },
                self.message
            ),
        }
    }
}

impl std::error::Error for HiveError {}
