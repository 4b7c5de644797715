//! Function calls: aggregates (grouped, or over a sliding window with OVER), STEP, and the
//! scalar functions the sandbox runs.

use std::collections::HashMap;

use sqlparser::ast::{
    self as ast, FunctionArgExpr, Spanned, WindowFrameBound, WindowFrameUnits, WindowType,
};
use sqlparser::tokenizer::Location;

use super::scope::Cx;
use super::syntax::{arg_exprs, err_at, func_args, func_name, interval_ms, norm};
use crate::expr::{AggFunc, BinOp, Expr, Func};
use crate::program::{Frame, Sliding};
use crate::SqlError;

impl Cx<'_> {
    pub fn function(&mut self, f: &ast::Function, at: Location) -> Result<Expr, SqlError> {
        let name = func_name(f);
        if let Some(agg) = AggFunc::of_name(&name) {
            return self.aggregate(f, agg, &name, at);
        }
        let args = arg_exprs(f, at)?;
        let mut compiled = Vec::new();
        for a in &args {
            compiled.push(self.expr(a)?);
        }
        scalar(f, &name, compiled, at)
    }

    /// COUNT, SUM, AVG, MIN, MAX: over the group, or over a window with OVER.
    fn aggregate(
        &mut self,
        f: &ast::Function,
        agg: AggFunc,
        name: &str,
        at: Location,
    ) -> Result<Expr, SqlError> {
        let args = func_args(f);
        let arg = match args.as_slice() {
            [FunctionArgExpr::Wildcard] if agg == AggFunc::Count => None,
            [] if agg == AggFunc::Count => None,
            [FunctionArgExpr::Expr(x)] => Some(self.expr(x)?),
            _ => return Err(err_at(format!("{name} takes one argument"), at)),
        };
        if let Some(over) = &f.over {
            return self.sliding(agg, arg, over, at);
        }
        if !self.allow_agg {
            return Err(err_at(format!("Aggregate {name} is not allowed here"), at));
        }
        self.first_agg.get_or_insert(at);
        let i = self.aggs.len();
        self.aggs.push((agg, arg));
        Ok(Expr::Agg(i))
    }

    /// `AGG(x) OVER (PARTITION BY ... RANGE|ROWS ... PRECEDING)`, or over a named window.
    fn sliding(
        &mut self,
        func: AggFunc,
        arg: Option<Expr>,
        over: &WindowType,
        at: Location,
    ) -> Result<Expr, SqlError> {
        let spec = match over {
            WindowType::WindowSpec(s) => s.clone(),
            WindowType::NamedWindow(w) => {
                self.windows.get(&norm(w)).cloned().ok_or_else(|| {
                    err_at(format!("Window '{}' not found", norm(w)), w.span.start)
                })?
            }
        };
        let mut partition = Vec::new();
        for p in &spec.partition_by {
            partition.push(self.expr(p)?);
        }
        let frame = match &spec.window_frame {
            None => Frame::Rows(u64::MAX / 4),
            Some(fr) => frame(fr, at)?,
        };
        let i = self.sliding.len();
        self.sliding.push(Sliding { func, arg, partition, frame, parts: HashMap::new() });
        Ok(Expr::Agg(i))
    }
}

/// How far a sliding window looks back.
fn frame(fr: &ast::WindowFrame, at: Location) -> Result<Frame, SqlError> {
    let n = match &fr.start_bound {
        WindowFrameBound::Preceding(Some(x)) => Some(x.as_ref()),
        WindowFrameBound::CurrentRow => None,
        _ => {
            return Err(err_at(
                "A window on a stream looks back: write RANGE INTERVAL 'n' UNIT PRECEDING or ROWS n PRECEDING",
                at,
            ));
        }
    };
    let rows_needed = || err_at("ROWS needs a whole number", at);
    Ok(match fr.units {
        WindowFrameUnits::Range => Frame::Range(match n {
            None => 0,
            Some(x) => interval_ms(x).ok_or_else(|| {
                err_at("RANGE needs an INTERVAL, e.g. RANGE INTERVAL '1' MINUTE PRECEDING", at)
            })?,
        }),
        WindowFrameUnits::Rows => Frame::Rows(match n {
            None => 0,
            Some(ast::Expr::Value(v)) => match &v.value {
                ast::Value::Number(s, _) => s.parse().map_err(|_| rows_needed())?,
                _ => return Err(rows_needed()),
            },
            Some(_) => return Err(rows_needed()),
        }),
        WindowFrameUnits::Groups => {
            return Err(err_at("GROUPS windows are not supported", at));
        }
    })
}

/// A scalar function (or STEP) over its compiled arguments.
fn scalar(
    f: &ast::Function,
    name: &str,
    compiled: Vec<Expr>,
    at: Location,
) -> Result<Expr, SqlError> {
    let arity = |n: std::ops::RangeInclusive<usize>| -> Result<(), SqlError> {
        if n.contains(&compiled.len()) {
            Ok(())
        } else {
            Err(err_at(format!("Invalid number of arguments to function '{name}'"), at))
        }
    };
    let (func, arity_range) = match name {
        "STEP" | "MOD" => {
            arity(2..=2)?;
            let mut it = compiled.into_iter();
            let (Some(a), Some(b)) = (it.next(), it.next()) else {
                return Err(err_at(
                    format!("Invalid number of arguments to function '{name}'"),
                    at,
                ));
            };
            return Ok(if name == "STEP" {
                Expr::Step(Box::new(a), Box::new(b))
            } else {
                Expr::Bin(BinOp::Mod, Box::new(a), Box::new(b))
            });
        }
        "UPPER" => (Func::Upper, 1..=1),
        "LOWER" => (Func::Lower, 1..=1),
        "CHAR_LENGTH" | "CHARACTER_LENGTH" | "LENGTH" => (Func::CharLength, 1..=1),
        "ABS" => (Func::Abs, 1..=1),
        "ROUND" => (Func::Round, 1..=2),
        "CEIL" | "CEILING" => (Func::Ceil, 1..=1),
        "FLOOR" => (Func::Floor, 1..=1),
        "COALESCE" => (Func::Coalesce, 1..=16),
        "SUBSTRING" => (Func::Substring, 2..=3),
        "REPLACE" => (Func::Replace, 3..=3),
        _ => {
            return Err(err_at(
                format!("No match found for function signature {name}"),
                f.name.span().start,
            ));
        }
    };
    arity(arity_range)?;
    Ok(Expr::Func(func, compiled))
}
