//! The streaming SQL of Kinesis Data Analytics (and the same queries in Flink SQL), compiled
//! into a [`Program`] that runs over rows without the API around it:
//!
//! ```
//! use stream_sql::{Program, Value};
//! let mut p = Program::compile(
//!     "CREATE OR REPLACE STREAM \"DEST\" (TICKER VARCHAR(4), N INTEGER);
//!      CREATE OR REPLACE PUMP \"P\" AS INSERT INTO \"DEST\"
//!      SELECT STREAM TICKER_SYMBOL, COUNT(*) FROM \"SOURCE_SQL_STREAM_001\"
//!      GROUP BY TICKER_SYMBOL, STEP(\"SOURCE_SQL_STREAM_001\".ROWTIME BY INTERVAL '10' SECOND);",
//! ).unwrap();
//! let row = vec![Value::str("AMZN"), Value::str("TECHNOLOGY"), Value::Num(0.1), Value::Num(84.5)];
//! assert!(p.push("SOURCE_SQL_STREAM_001", row, 1_000).is_empty());
//! assert_eq!(p.advance_to(10_000).len(), 1);
//! ```
//!
//! Parsing is sqlparser's (a generic dialect behind a position-keeping pre-pass, see
//! [`parse`]); nothing here parses SQL by hand.

mod compile;
mod examples;
pub mod expr;
pub(crate) mod parse;
mod program;
pub mod twin;
mod value;

use serde::{Deserialize, Serialize};
use sqlparser::tokenizer::Token;

pub use compile::NO_MONOTONIC_GROUP_BY;
pub use examples::{company_names, examples, flink_twin_of, Example, COMPANY_NAMES_CSV};
pub use program::{
    hex, Catalog, Column, ErrorRow, Frame, OpenWindow, OutputRow, Program, StreamSchema, TableData,
    WindowEmission, Windowing,
};
pub use value::{format_timestamp, parse_timestamp, SqlType, Value};

/// Which language the code is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Syntax {
    /// Kinesis Data Analytics for SQL (SQLstream's dialect): streams, pumps, STEP, STAGGER.
    KinesisSql,
    /// Managed Service for Apache Flink: Flink SQL's TUMBLE and HOP window table functions.
    Flink,
}

/// A compile error: a message in plain words and where it is (1-based line and column; 0
/// when the error is about the whole text).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message} (line {line}, column {column})")]
pub struct SqlError {
    pub message: String,
    pub line: u32,
    pub column: u32,
}

impl SqlError {
    pub(crate) fn at(message: &str, line: u64, column: u64) -> SqlError {
        SqlError {
            message: message.trim().to_string(),
            line: line.min(u32::MAX as u64) as u32,
            column: column.min(u32::MAX as u64) as u32,
        }
    }
}

impl Program {
    /// Compiles Kinesis Data Analytics SQL against the demo ticker stream
    /// ([`Catalog::ticker`]).
    pub fn compile(code: &str) -> Result<Program, SqlError> {
        Self::compile_with(code, &Catalog::ticker(), Syntax::KinesisSql)
    }

    /// Compiles Flink SQL against the demo ticker stream (reachable as `source` too).
    pub fn compile_flink(code: &str) -> Result<Program, SqlError> {
        Self::compile_with(code, &Catalog::ticker(), Syntax::Flink)
    }

    /// Compiles code against the given source streams and reference tables.
    pub fn compile_with(
        code: &str,
        catalog: &Catalog,
        syntax: Syntax,
    ) -> Result<Program, SqlError> {
        let src = parse::Source::new(code);
        let toks = src.tokens(code)?;
        let stmts = parse::statements(&toks);
        if stmts.is_empty() {
            return Err(SqlError::at(
                "The application code is empty: write at least one statement.",
                1,
                1,
            ));
        }
        let mut c = compile::Compiler::new(syntax, catalog);
        for st in &stmts {
            c.statement(&src, st)?;
        }
        if c.program.pumps.is_empty() {
            let at = stmts[0][0].loc;
            return Err(SqlError::at(
                match syntax {
                    Syntax::KinesisSql => {
                        "The code creates no pump, so no row would ever move: add CREATE OR REPLACE PUMP \"STREAM_PUMP\" AS INSERT INTO ... SELECT STREAM ..."
                    }
                    Syntax::Flink => "The code has no SELECT, so no row would ever move.",
                },
                at.line,
                at.column,
            ));
        }
        Ok(c.program)
    }
}

/// The errors of the code (empty when it compiles), for the editor's markers. Compilation
/// stops at the first error, as Kinesis Data Analytics' does.
pub fn check(code: &str) -> Vec<SqlError> {
    check_with(code, &Catalog::ticker(), Syntax::KinesisSql)
}

pub fn check_with(code: &str, catalog: &Catalog, syntax: Syntax) -> Vec<SqlError> {
    match Program::compile_with(code, catalog, syntax) {
        Ok(_) => Vec::new(),
        Err(e) => vec![e],
    }
}

/// How the editor colours a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenClass {
    Keyword,
    Identifier,
    /// A double-quoted name: `"SOURCE_SQL_STREAM_001"`.
    QuotedIdentifier,
    Number,
    String,
    Comment,
    Operator,
    Punctuation,
}

/// Token classes for highlighting: (start, end, class), byte offsets into `code`, in order.
/// Text the tokenizer cannot read (an unclosed quote) is left uncoloured from that point.
pub fn highlight(code: &str) -> Vec<(usize, usize, TokenClass)> {
    // Text the tokenizer cannot read (an unclosed quote): colour what comes before the last
    // quote, a few times at most.
    let mut end = code.len();
    let mut tries = 0;
    let (src, toks) = loop {
        let text = &code[..end];
        let src = parse::Source::new(text);
        match src.tokens(text) {
            Ok(t) => break (src, t),
            Err(_) => {
                tries += 1;
                let cut = text
                    .char_indices()
                    .rev()
                    .find_map(|(i, c)| (c == '\'' || c == '"').then_some(i));
                match cut {
                    Some(c) if tries < 8 => end = c,
                    _ => return Vec::new(),
                }
            }
        }
    };
    let code = &code[..end];
    let bytes = src.byte_offsets();
    let at = |i: usize| bytes.get(i).copied().unwrap_or(code.len());
    let mut out = Vec::new();
    for t in toks {
        let class = match &t.token {
            Token::Whitespace(_) if parse::is_comment(&t.token) => TokenClass::Comment,
            Token::Whitespace(_) | Token::EOF => continue,
            Token::Word(w) if w.quote_style.is_some() => TokenClass::QuotedIdentifier,
            tok @ Token::Word(_) if parse::is_keyword(tok) => TokenClass::Keyword,
            Token::Word(_) => TokenClass::Identifier,
            Token::Number(..) => TokenClass::Number,
            Token::SingleQuotedString(_)
            | Token::NationalStringLiteral(_)
            | Token::EscapedStringLiteral(_) => TokenClass::String,
            Token::Comma | Token::SemiColon | Token::LParen | Token::RParen | Token::Period => {
                TokenClass::Punctuation
            }
            _ => TokenClass::Operator,
        };
        if t.end > t.start {
            out.push((at(t.start), at(t.end), class));
        }
    }
    out
}
