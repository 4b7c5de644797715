//! Expressions: sqlparser's expression tree compiled into [`Expr`], names resolved against
//! the SELECT's relations.

use sqlparser::ast::{self as ast, BinaryOperator, CeilFloorKind, DateTimeField, UnaryOperator};
use sqlparser::tokenizer::Location;

use super::scope::Cx;
use super::syntax::{err_at, interval_ms, literal, loc_of, norm, unit_ms};
use crate::expr::{BinOp, Expr, Func, TrimSide};
use crate::value::{SqlType, Value};
use crate::SqlError;

fn boxed(x: Expr) -> Box<Expr> {
    Box::new(x)
}

/// The operator an infix SQL operator is.
fn binary_op(op: &BinaryOperator, at: Location) -> Result<BinOp, SqlError> {
    Ok(match op {
        BinaryOperator::Plus => BinOp::Add,
        BinaryOperator::Minus => BinOp::Sub,
        BinaryOperator::Multiply => BinOp::Mul,
        BinaryOperator::Divide => BinOp::Div,
        BinaryOperator::Modulo => BinOp::Mod,
        BinaryOperator::StringConcat => BinOp::Concat,
        BinaryOperator::Eq => BinOp::Eq,
        BinaryOperator::NotEq => BinOp::NotEq,
        BinaryOperator::Lt => BinOp::Lt,
        BinaryOperator::LtEq => BinOp::LtEq,
        BinaryOperator::Gt => BinOp::Gt,
        BinaryOperator::GtEq => BinOp::GtEq,
        BinaryOperator::And => BinOp::And,
        BinaryOperator::Or => BinOp::Or,
        other => return Err(err_at(format!("The operator {other} is not supported"), at)),
    })
}

impl Cx<'_> {
    pub fn expr(&mut self, e: &ast::Expr) -> Result<Expr, SqlError> {
        let at = loc_of(e);
        Ok(match e {
            ast::Expr::Identifier(id) => self.ident(None, id)?,
            ast::Expr::CompoundIdentifier(ids) => self.qualified(ids, at)?,
            ast::Expr::Nested(e) => self.expr(e)?,
            ast::Expr::Value(v) => Expr::Lit(literal(&v.value, at)?),
            ast::Expr::TypedString(ts) => typed_string(ts, at)?,
            ast::Expr::Interval(_) => {
                Expr::Lit(Value::Interval(interval_ms(e).ok_or_else(|| {
                    err_at(
                        "This INTERVAL is not supported: write INTERVAL 'n' SECOND|MINUTE|HOUR|DAY",
                        at,
                    )
                })?))
            }
            ast::Expr::BinaryOp { left, op, right } => {
                let op = binary_op(op, at)?;
                Expr::Bin(op, boxed(self.expr(left)?), boxed(self.expr(right)?))
            }
            ast::Expr::UnaryOp { op, expr } => match op {
                UnaryOperator::Not => Expr::Not(boxed(self.expr(expr)?)),
                UnaryOperator::Minus => Expr::Neg(boxed(self.expr(expr)?)),
                UnaryOperator::Plus => self.expr(expr)?,
                other => return Err(err_at(format!("The operator {other} is not supported"), at)),
            },
            ast::Expr::IsNull(x) => Expr::IsNull(boxed(self.expr(x)?), false),
            ast::Expr::IsNotNull(x) => Expr::IsNull(boxed(self.expr(x)?), true),
            ast::Expr::Cast { expr, data_type, .. } => {
                let t = SqlType::parse(&data_type.to_string())
                    .ok_or_else(|| err_at(format!("Unknown type {data_type}"), at))?;
                Expr::Cast(boxed(self.expr(expr)?), t)
            }
            ast::Expr::Floor { expr, field } | ast::Expr::Ceil { expr, field } => {
                let floor = matches!(e, ast::Expr::Floor { .. });
                self.floor_or_ceil(expr, field, floor, at)?
            }
            ast::Expr::Function(f) => self.function(f, at)?,
            other => self.special_form(other, at)?,
        })
    }

    /// `stream.column`: the qualifier must name a relation of the SELECT.
    fn qualified(&mut self, ids: &[ast::Ident], at: Location) -> Result<Expr, SqlError> {
        let (last, quals) = ids.split_last().ok_or_else(|| err_at("Empty name", at))?;
        let q = quals.last().map(norm);
        if let (Some(q), Some(qual)) = (&q, quals.last()) {
            if !self.scope.has_rel(q) {
                return Err(err_at(format!("Table '{q}' not found"), qual.span.start));
            }
        }
        self.ident(q.as_deref(), last)
    }

    fn floor_or_ceil(
        &mut self,
        expr: &ast::Expr,
        field: &CeilFloorKind,
        floor: bool,
        at: Location,
    ) -> Result<Expr, SqlError> {
        let unit = match field {
            CeilFloorKind::DateTimeField(DateTimeField::NoDateTime) => 0,
            CeilFloorKind::DateTimeField(f) => unit_ms(f)
                .ok_or_else(|| err_at(format!("FLOOR/CEIL to {f} is not supported"), at))?,
            CeilFloorKind::Scale(_) => 0,
        };
        let x = boxed(self.expr(expr)?);
        Ok(if floor { Expr::FloorTo(x, unit) } else { Expr::CeilTo(x, unit) })
    }

    /// The forms SQL writes with keywords instead of a function call: SUBSTRING(x FROM a FOR
    /// b), POSITION(a IN b), TRIM(LEADING c FROM x), CASE, BETWEEN, IN (...), LIKE.
    fn special_form(&mut self, e: &ast::Expr, at: Location) -> Result<Expr, SqlError> {
        Ok(match e {
            ast::Expr::Substring { expr, substring_from, substring_for, .. } => {
                let mut args = vec![self.expr(expr)?];
                args.push(match substring_from {
                    Some(f) => self.expr(f)?,
                    None => Expr::Lit(Value::Int(1)),
                });
                if let Some(f) = substring_for {
                    args.push(self.expr(f)?);
                }
                Expr::Func(Func::Substring, args)
            }
            ast::Expr::Position { expr, r#in } => {
                Expr::Func(Func::Position, vec![self.expr(expr)?, self.expr(r#in)?])
            }
            ast::Expr::Trim { expr, trim_where, trim_what, .. } => {
                let side = match trim_where {
                    Some(ast::TrimWhereField::Leading) => TrimSide::Leading,
                    Some(ast::TrimWhereField::Trailing) => TrimSide::Trailing,
                    _ => TrimSide::Both,
                };
                let mut args = vec![self.expr(expr)?];
                if let Some(w) = trim_what {
                    args.push(self.expr(w)?);
                }
                Expr::Func(Func::Trim(side), args)
            }
            ast::Expr::Case { operand, conditions, else_result, .. } => {
                self.case(operand.as_deref(), conditions, else_result.as_deref())?
            }
            ast::Expr::Between { expr, negated, low, high } => Expr::Between(
                boxed(self.expr(expr)?),
                boxed(self.expr(low)?),
                boxed(self.expr(high)?),
                *negated,
            ),
            ast::Expr::In { expr, target: ast::InTarget::List(list), negated, .. } => {
                let mut l = Vec::new();
                for x in list {
                    l.push(self.expr(x)?);
                }
                Expr::InList(boxed(self.expr(expr)?), l, *negated)
            }
            ast::Expr::Like { negated, expr, pattern, .. } => {
                Expr::Like(boxed(self.expr(expr)?), boxed(self.expr(pattern)?), *negated)
            }
            other => {
                let text = other.to_string();
                let short: String = text.chars().take(40).collect();
                return Err(err_at(
                    format!("This expression is not supported in the sandbox: {short}"),
                    at,
                ));
            }
        })
    }

    fn case(
        &mut self,
        operand: Option<&ast::Expr>,
        conditions: &[ast::CaseWhen],
        else_result: Option<&ast::Expr>,
    ) -> Result<Expr, SqlError> {
        let operand = match operand {
            Some(o) => Some(boxed(self.expr(o)?)),
            None => None,
        };
        let mut whens = Vec::new();
        for c in conditions {
            whens.push((self.expr(&c.condition)?, self.expr(&c.result)?));
        }
        let otherwise = match else_result {
            Some(e) => Some(boxed(self.expr(e)?)),
            None => None,
        };
        Ok(Expr::Case(operand, whens, otherwise))
    }

    pub fn ident(&mut self, qual: Option<&str>, id: &ast::Ident) -> Result<Expr, SqlError> {
        let name = norm(id);
        let at = id.span.start;
        if let Some((i, _)) = self.scope.column(qual, &name) {
            return Ok(Expr::Col(i));
        }
        if name.eq_ignore_ascii_case("ROWTIME") {
            return Ok(Expr::RowTime);
        }
        if self.scope.flink_window && qual.is_none() {
            if name.eq_ignore_ascii_case("window_start") {
                return Ok(Expr::WindowStart);
            }
            if name.eq_ignore_ascii_case("window_end") {
                return Ok(Expr::WindowEnd);
            }
            if name.eq_ignore_ascii_case("window_time") {
                return Ok(Expr::Bin(
                    BinOp::Sub,
                    Box::new(Expr::WindowEnd),
                    Box::new(Expr::Lit(Value::Interval(1))),
                ));
            }
        }
        Err(match qual {
            Some(q) => err_at(format!("Column '{name}' not found in table '{q}'"), at),
            None => err_at(format!("Column '{name}' not found in any table"), at),
        })
    }
}

/// `TIMESTAMP '2026-01-01 00:00:00'` and the like: the text coerced to the type.
fn typed_string(ts: &ast::TypedString, at: Location) -> Result<Expr, SqlError> {
    let s = match &ts.value.value {
        ast::Value::SingleQuotedString(s) => s.clone(),
        other => other.to_string(),
    };
    let ty = SqlType::parse(&ts.data_type.to_string()).unwrap_or(SqlType::Varchar(256));
    Ok(Expr::Lit(ty.coerce(&Value::str(&s)).map_err(|m| err_at(m, at))?))
}
