//! What an expression can see while it compiles: the relations of its SELECT (the stream and
//! a joined reference table) and the aggregates and windows the SELECT collects; and what
//! type a compiled expression has.

use std::collections::HashMap;

use sqlparser::ast;
use sqlparser::tokenizer::Location;

use super::syntax::same;
use crate::expr::{AggFunc, BinOp, Expr, Func};
use crate::program::{Column, Sliding};
use crate::value::{SqlType, Value};

/// One relation visible to expressions: its names, where its columns start in the row.
pub(super) struct Rel {
    pub names: Vec<String>,
    pub offset: usize,
    pub columns: Vec<Column>,
}

pub(super) struct Scope {
    pub rels: Vec<Rel>,
    /// Reading a Flink window table function: window_start and window_end are columns.
    pub flink_window: bool,
}

impl Scope {
    pub fn column(&self, qual: Option<&str>, name: &str) -> Option<(usize, SqlType)> {
        let rels =
            self.rels.iter().filter(|r| qual.is_none_or(|q| r.names.iter().any(|n| same(n, q))));
        let rels: Vec<&Rel> = rels.collect();
        for exact in [true, false] {
            for r in &rels {
                for (i, c) in r.columns.iter().enumerate() {
                    if (exact && c.name == name) || (!exact && c.name.eq_ignore_ascii_case(name)) {
                        return Some((r.offset + i, c.sql_type));
                    }
                }
            }
        }
        None
    }

    pub fn has_rel(&self, q: &str) -> bool {
        self.rels.iter().any(|r| r.names.iter().any(|n| same(n, q)))
    }
}

/// What the expressions of one SELECT collect while they compile.
pub(super) struct Cx<'a> {
    pub scope: &'a Scope,
    pub windows: &'a HashMap<String, ast::WindowSpec>,
    pub allow_agg: bool,
    pub aggs: Vec<(AggFunc, Option<Expr>)>,
    pub sliding: Vec<Sliding>,
    pub first_agg: Option<Location>,
}

impl<'a> Cx<'a> {
    pub fn new(scope: &'a Scope, windows: &'a HashMap<String, ast::WindowSpec>) -> Self {
        Cx {
            scope,
            windows,
            allow_agg: false,
            aggs: Vec::new(),
            sliding: Vec::new(),
            first_agg: None,
        }
    }

    /// The SQL type of a compiled expression (the column type of a new result stream).
    pub fn infer(&self, e: &Expr) -> SqlType {
        match e {
            Expr::Col(i) => self
                .scope
                .rels
                .iter()
                .find_map(|r| {
                    (*i >= r.offset && *i < r.offset + r.columns.len())
                        .then(|| r.columns[*i - r.offset].sql_type)
                })
                .unwrap_or(SqlType::Varchar(256)),
            Expr::RowTime
            | Expr::WindowStart
            | Expr::WindowEnd
            | Expr::FloorTo(..)
            | Expr::CeilTo(..) => SqlType::Timestamp,
            Expr::Step(x, _) => self.infer(x),
            Expr::Agg(i) => match self
                .aggs
                .get(*i)
                .map(|a| a.0)
                .or_else(|| self.sliding.get(*i).map(|s| s.func))
            {
                Some(AggFunc::Count) => SqlType::Bigint,
                _ => SqlType::Double,
            },
            Expr::Lit(Value::Int(_)) => SqlType::Integer,
            Expr::Lit(Value::Num(_)) => SqlType::Double,
            Expr::Lit(Value::Bool(_))
            | Expr::Not(_)
            | Expr::IsNull(..)
            | Expr::Between(..)
            | Expr::InList(..)
            | Expr::Like(..) => SqlType::Boolean,
            Expr::Cast(_, t) => *t,
            Expr::Bin(op, a, _) => self.infer_binary(*op, a),
            Expr::Func(Func::CharLength | Func::Position, _) => SqlType::Integer,
            Expr::Func(Func::Abs | Func::Round | Func::Ceil | Func::Floor, _) => SqlType::Double,
            _ => SqlType::Varchar(256),
        }
    }

    fn infer_binary(&self, op: BinOp, left: &Expr) -> SqlType {
        match op {
            BinOp::Concat => SqlType::Varchar(256),
            BinOp::Eq
            | BinOp::NotEq
            | BinOp::Lt
            | BinOp::LtEq
            | BinOp::Gt
            | BinOp::GtEq
            | BinOp::And
            | BinOp::Or => SqlType::Boolean,
            _ => match self.infer(left) {
                SqlType::Timestamp => SqlType::Timestamp,
                _ => SqlType::Double,
            },
        }
    }
}

/// Whether an expression reads Flink's window_start or window_end (known per window, not
/// per group key).
pub(super) fn uses_window(e: &Expr) -> bool {
    match e {
        Expr::WindowStart | Expr::WindowEnd => true,
        Expr::Bin(_, a, b) => uses_window(a) || uses_window(b),
        Expr::Not(a) | Expr::Neg(a) | Expr::IsNull(a, _) | Expr::Cast(a, _) => uses_window(a),
        Expr::FloorTo(a, _) | Expr::CeilTo(a, _) => uses_window(a),
        Expr::Step(a, b) => uses_window(a) || uses_window(b),
        Expr::Func(_, args) => args.iter().any(uses_window),
        _ => false,
    }
}
