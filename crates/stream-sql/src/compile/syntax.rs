//! Reading sqlparser's AST: names as the learner wrote them, positions, INTERVALs, ROWTIME,
//! function arguments, literals. No compiler state.

use sqlparser::ast::{
    self as ast, CeilFloorKind, DateTimeField, FunctionArg, FunctionArgExpr, FunctionArguments,
    ObjectName, ObjectNamePart, Spanned,
};
use sqlparser::tokenizer::Location;

use crate::value::Value;
use crate::SqlError;

pub(super) fn err_at(msg: impl Into<String>, loc: Location) -> SqlError {
    SqlError::at(&msg.into(), loc.line, loc.column)
}

pub(super) fn loc_of(e: &ast::Expr) -> Location {
    e.span().start
}

/// A name as the learner wrote it: quoted names are exact, unquoted ones upper-cased.
pub(super) fn norm(id: &ast::Ident) -> String {
    if id.quote_style.is_some() {
        id.value.clone()
    } else {
        id.value.to_ascii_uppercase()
    }
}

pub(super) fn object_name(n: &ObjectName) -> (String, Location) {
    let mut last = None;
    for p in &n.0 {
        if let ObjectNamePart::Identifier(id) = p {
            last = Some(id);
        }
    }
    match last {
        Some(id) => (norm(id), id.span.start),
        None => (n.to_string(), Location { line: 0, column: 0 }),
    }
}

pub(super) fn same(a: &str, b: &str) -> bool {
    a == b || a.eq_ignore_ascii_case(b)
}

pub(super) fn interval_ms(e: &ast::Expr) -> Option<i64> {
    match e {
        ast::Expr::Interval(iv) => {
            let n: f64 = match iv.value.as_ref() {
                ast::Expr::Value(v) => match &v.value {
                    ast::Value::SingleQuotedString(s) => s.trim().parse().ok()?,
                    ast::Value::Number(s, _) => s.parse().ok()?,
                    _ => return None,
                },
                _ => return None,
            };
            let unit = unit_ms(iv.leading_field.as_ref().unwrap_or(&DateTimeField::Second))?;
            Some((n * unit as f64) as i64)
        }
        ast::Expr::Nested(e) => interval_ms(e),
        _ => None,
    }
}

pub(super) fn unit_ms(f: &DateTimeField) -> Option<i64> {
    Some(match f {
        DateTimeField::Millisecond | DateTimeField::Milliseconds => 1,
        DateTimeField::Second | DateTimeField::Seconds => 1_000,
        DateTimeField::Minute | DateTimeField::Minutes => 60_000,
        DateTimeField::Hour | DateTimeField::Hours => 3_600_000,
        DateTimeField::Day | DateTimeField::Days => 86_400_000,
        DateTimeField::Week(_) | DateTimeField::Weeks => 7 * 86_400_000,
        _ => return None,
    })
}

pub(super) fn is_rowtime(e: &ast::Expr) -> bool {
    match e {
        ast::Expr::Identifier(id) => id.value.eq_ignore_ascii_case("ROWTIME"),
        ast::Expr::CompoundIdentifier(ids) => {
            ids.last().is_some_and(|id| id.value.eq_ignore_ascii_case("ROWTIME"))
        }
        ast::Expr::Nested(e) => is_rowtime(e),
        _ => false,
    }
}

pub(super) fn func_name(f: &ast::Function) -> String {
    object_name(&f.name).0.to_ascii_uppercase()
}

pub(super) fn func_args(f: &ast::Function) -> Vec<&FunctionArgExpr> {
    match &f.args {
        FunctionArguments::List(l) => l
            .args
            .iter()
            .map(|a| match a {
                FunctionArg::Unnamed(e) => e,
                FunctionArg::Named { arg, .. } | FunctionArg::ExprNamed { arg, .. } => arg,
            })
            .collect(),
        _ => Vec::new(),
    }
}

pub(super) fn arg_exprs(f: &ast::Function, at: Location) -> Result<Vec<&ast::Expr>, SqlError> {
    func_args(f)
        .into_iter()
        .map(|a| match a {
            FunctionArgExpr::Expr(e) => Ok(e),
            _ => Err(err_at(format!("{} does not take *", func_name(f)), at)),
        })
        .collect()
}

/// The tumbling window a GROUP BY expression defines, if it is monotonic in ROWTIME.
pub(super) fn monotonic_window(e: &ast::Expr) -> Option<i64> {
    match e {
        e if is_rowtime(e) => Some(1),
        ast::Expr::Floor { expr, field: CeilFloorKind::DateTimeField(f) } if is_rowtime(expr) => {
            unit_ms(f)
        }
        ast::Expr::Function(f) if func_name(f) == "STEP" => {
            let args = func_args(f);
            match args.as_slice() {
                [FunctionArgExpr::Expr(x), FunctionArgExpr::Expr(w)] if is_rowtime(x) => {
                    interval_ms(w).filter(|w| *w > 0)
                }
                _ => None,
            }
        }
        ast::Expr::Nested(e) => monotonic_window(e),
        _ => None,
    }
}

pub(super) fn literal(v: &ast::Value, at: Location) -> Result<Value, SqlError> {
    Ok(match v {
        ast::Value::Number(s, _) => match s.parse::<i64>() {
            Ok(i) => Value::Int(i),
            Err(_) => Value::Num(s.parse().map_err(|_| err_at(format!("Bad number {s}"), at))?),
        },
        ast::Value::SingleQuotedString(s) | ast::Value::DoubleQuotedString(s) => Value::str(s),
        ast::Value::Boolean(b) => Value::Bool(*b),
        ast::Value::Null => Value::Null,
        other => return Err(err_at(format!("This literal is not supported: {other}"), at)),
    })
}

/// The column name a select item without an alias gets.
pub(super) fn default_name(e: &ast::Expr, i: usize) -> String {
    match e {
        ast::Expr::Identifier(id) => norm(id),
        ast::Expr::CompoundIdentifier(ids) => ids.last().map(norm).unwrap_or_default(),
        _ => format!("EXPR${i}"),
    }
}
