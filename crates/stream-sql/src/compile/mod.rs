//! From sqlparser's AST to a [`Program`]: names resolved, windows recognised, expressions
//! compiled. Semantic errors say what is wrong in the learner's words and where.
//!
//! In files: [`syntax`] (reading the AST), [`scope`] (what an expression sees, and its
//! type), [`expr`] and [`function`] (expressions), [`query`] (one SELECT, step by step:
//! FROM, the projection, grouping and windows, where the rows go), [`window`] (Flink's
//! window table functions). Here: the compiler's state and the statements.

mod expr;
mod function;
mod query;
mod scope;
mod syntax;
mod window;

use sqlparser::ast::{self as ast, Statement};

use crate::parse::{self, Source};
use crate::program::{Catalog, Column, Program, StreamSchema};
use crate::value::SqlType;
use crate::{SqlError, Syntax};
use syntax::{err_at, norm, object_name};

/// The message for an aggregate over a stream without a window. Kinesis Data Analytics'
/// SQL reference ("GROUP BY clause", "Streaming GROUP BY"): GROUP BY can be used in a
/// streaming query only when one grouping expression is a non-constant monotonic or
/// time-based expression.
pub const NO_MONOTONIC_GROUP_BY: &str = "An aggregate over a stream needs a window: GROUP BY \
     must contain a non-constant monotonic or time-based expression, such as \
     STEP(\"SOURCE_SQL_STREAM_001\".ROWTIME BY INTERVAL '60' SECOND) or \
     FLOOR(\"SOURCE_SQL_STREAM_001\".ROWTIME TO MINUTE); otherwise the group never ends and \
     no result is ever reported.";

/// The compiler's state across statements.
pub(crate) struct Compiler {
    pub syntax: Syntax,
    pub program: Program,
}

impl Compiler {
    pub fn new(syntax: Syntax, catalog: &Catalog) -> Compiler {
        let streams = catalog.streams.clone();
        let n = streams.len();
        Compiler {
            syntax,
            program: Program {
                sources: n,
                readers: vec![Vec::new(); n],
                last_rowtime: vec![i64::MIN; n],
                streams,
                tables: catalog.tables.clone(),
                pumps: Vec::new(),
                errors: Vec::new(),
                emissions: Vec::new(),
            },
        }
    }

    fn find_stream(&self, name: &str) -> Option<usize> {
        let s = &self.program.streams;
        s.iter()
            .position(|x| x.name == name)
            .or_else(|| s.iter().position(|x| x.name.eq_ignore_ascii_case(name)))
    }

    fn find_table(&self, name: &str) -> Option<usize> {
        let t = &self.program.tables;
        t.iter()
            .position(|x| x.name == name)
            .or_else(|| t.iter().position(|x| x.name.eq_ignore_ascii_case(name)))
    }

    fn add_stream(&mut self, schema: StreamSchema) -> usize {
        self.program.streams.push(schema);
        self.program.readers.push(Vec::new());
        self.program.last_rowtime.push(i64::MIN);
        self.program.streams.len() - 1
    }

    pub fn statement(&mut self, src: &Source, toks: &[parse::Tok]) -> Result<(), SqlError> {
        let first = &toks[0];
        let flink = self.syntax == Syntax::Flink;
        let prepared = parse::prepare(src, toks, flink)?;
        let st = parse::parse_one(&prepared.text, first.loc)?;
        match st {
            Statement::CreateTable(ct) if prepared.creates_stream || flink => {
                self.create_stream(&ct)
            }
            Statement::Insert(ins) => {
                let ast::TableObject::TableName(t) = &ins.table else {
                    return Err(err_at("INSERT INTO needs a stream name", first.loc));
                };
                let (name, at) = object_name(t);
                let target = self
                    .find_stream(&name)
                    .ok_or_else(|| err_at(format!("Object '{name}' not found"), at))?;
                let Some(q) = &ins.source else {
                    return Err(err_at("INSERT INTO a stream needs SELECT STREAM ...", first.loc));
                };
                let cols: Vec<String> = ins.columns.iter().map(|c| object_name(c).0).collect();
                let pump_name = prepared
                    .pump
                    .as_ref()
                    .map(|p| p.0.clone())
                    .unwrap_or_else(|| format!("PUMP_{}", self.program.pumps.len() + 1));
                self.query(q, Some((target, cols, at)), pump_name, prepared.stagger, first.loc)
            }
            Statement::Query(q) => {
                let pump_name = format!("QUERY_{}", self.program.pumps.len() + 1);
                self.query(&q, None, pump_name, prepared.stagger, first.loc)
            }
            _ => Err(err_at(
                match self.syntax {
                    Syntax::KinesisSql => {
                        "Only CREATE OR REPLACE STREAM, CREATE OR REPLACE PUMP ... AS INSERT INTO ... SELECT STREAM ... and SELECT STREAM statements run in an application"
                    }
                    Syntax::Flink => {
                        "Only SELECT, INSERT INTO ... SELECT and CREATE TABLE statements run here"
                    }
                },
                first.loc,
            )),
        }
    }

    /// CREATE OR REPLACE STREAM (Flink: CREATE TABLE): a new in-application stream, or new
    /// columns for one the code made before.
    fn create_stream(&mut self, ct: &ast::CreateTable) -> Result<(), SqlError> {
        let (name, at) = object_name(&ct.name);
        if let Some(i) = self.find_stream(&name) {
            if i < self.program.sources {
                return Err(err_at(
                    format!(
                        "Stream '{name}' is the application's input stream and cannot be replaced"
                    ),
                    at,
                ));
            }
        }
        let mut columns = Vec::new();
        for c in &ct.columns {
            let t = SqlType::parse(&c.data_type.to_string()).ok_or_else(|| {
                err_at(
                    format!("Unknown type {} for column {}", c.data_type, norm(&c.name)),
                    c.name.span.start,
                )
            })?;
            columns.push(Column { name: norm(&c.name), sql_type: t });
        }
        if columns.is_empty() {
            return Err(err_at(format!("Stream '{name}' needs at least one column"), at));
        }
        match self.find_stream(&name) {
            Some(i) => self.program.streams[i] = StreamSchema { name, columns },
            None => {
                self.add_stream(StreamSchema { name, columns });
            }
        }
        Ok(())
    }
}
