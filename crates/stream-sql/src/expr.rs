//! Compiled expressions: column references resolved to indices, functions to an enum, so a
//! row is evaluated without looking anything up by name.

use std::sync::Arc;

use super::value::{SqlType, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Concat,
    Eq,
    NotEq,
    Lt,
    LtEq,
    Gt,
    GtEq,
    And,
    Or,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Func {
    Upper,
    Lower,
    CharLength,
    Abs,
    Round,
    Ceil,
    Floor,
    Coalesce,
    Substring,
    Position,
    Trim(TrimSide),
    Replace,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrimSide {
    Both,
    Leading,
    Trailing,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AggFunc {
    Count,
    Sum,
    Avg,
    Min,
    Max,
}

impl AggFunc {
    pub fn of_name(name: &str) -> Option<AggFunc> {
        Some(match name.to_ascii_uppercase().as_str() {
            "COUNT" => AggFunc::Count,
            "SUM" => AggFunc::Sum,
            "AVG" => AggFunc::Avg,
            "MIN" => AggFunc::Min,
            "MAX" => AggFunc::Max,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug)]
pub enum Expr {
    Col(usize),
    RowTime,
    WindowStart,
    WindowEnd,
    Lit(Value),
    /// The value of aggregate number `n` (a window's accumulator or a sliding window's).
    Agg(usize),
    /// GROUP BY (or STAGGER PARTITION BY) expression number `n` of the row's group.
    Key(usize),
    Bin(BinOp, Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    IsNull(Box<Expr>, bool),
    Cast(Box<Expr>, SqlType),
    /// FLOOR(t TO unit) on a timestamp, in ms; on a number when `unit` is 0.
    FloorTo(Box<Expr>, i64),
    CeilTo(Box<Expr>, i64),
    /// STEP(x BY width)
    Step(Box<Expr>, Box<Expr>),
    Func(Func, Vec<Expr>),
    Case(Option<Box<Expr>>, Vec<(Expr, Expr)>, Option<Box<Expr>>),
    Between(Box<Expr>, Box<Expr>, Box<Expr>, bool),
    InList(Box<Expr>, Vec<Expr>, bool),
    Like(Box<Expr>, Box<Expr>, bool),
}

/// What an expression reads while it is evaluated.
pub struct Env<'a> {
    pub row: &'a [Value],
    pub rowtime: i64,
    pub aggs: &'a [Value],
    pub window: (i64, i64),
    pub key: &'a [Value],
}

pub type EvalResult = Result<Value, String>;

fn num_op(op: BinOp, a: &Value, b: &Value) -> EvalResult {
    use Value::*;
    Ok(match (a, b) {
        (Null, _) | (_, Null) => Null,
        (Int(x), Int(y)) => match op {
            BinOp::Add => x.checked_add(*y).map_or(Null, Int),
            BinOp::Sub => x.checked_sub(*y).map_or(Null, Int),
            BinOp::Mul => x.checked_mul(*y).map_or(Null, Int),
            BinOp::Div => {
                if *y == 0 {
                    return Err("Division by zero".into());
                }
                Int(x.wrapping_div(*y))
            }
            BinOp::Mod => {
                if *y == 0 {
                    return Err("Division by zero".into());
                }
                Int(x.wrapping_rem(*y))
            }
            _ => Null,
        },
        // Timestamp arithmetic: t +/- interval, t - t.
        (Time(t), Interval(i)) if op == BinOp::Add => Time(t.saturating_add(*i)),
        (Interval(i), Time(t)) if op == BinOp::Add => Time(t.saturating_add(*i)),
        (Time(t), Interval(i)) if op == BinOp::Sub => Time(t.saturating_sub(*i)),
        (Time(a), Time(b)) if op == BinOp::Sub => Interval(a.saturating_sub(*b)),
        (Interval(a), Interval(b)) if op == BinOp::Add => Interval(a.saturating_add(*b)),
        (Interval(a), Interval(b)) if op == BinOp::Sub => Interval(a.saturating_sub(*b)),
        (Interval(a), Int(n)) if op == BinOp::Mul => Interval(a.saturating_mul(*n)),
        (a, b) => {
            let (Some(x), Some(y)) = (a.as_f64(), b.as_f64()) else {
                return Err(format!("Cannot apply {op:?} to '{a}' and '{b}'"));
            };
            match op {
                BinOp::Add => Num(x + y),
                BinOp::Sub => Num(x - y),
                BinOp::Mul => Num(x * y),
                BinOp::Div => {
                    if y == 0.0 {
                        return Err("Division by zero".into());
                    }
                    Num(x / y)
                }
                BinOp::Mod => {
                    if y == 0.0 {
                        return Err("Division by zero".into());
                    }
                    Num(libm::fmod(x, y))
                }
                _ => Null,
            }
        }
    })
}

fn truth(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Null => None,
        Value::Int(i) => Some(*i != 0),
        _ => None,
    }
}

/// `x` rounded down to a multiple of `w` (ROWTIME to its window's start); `x` itself when `w`
/// is not positive.
pub(crate) fn floor_div(x: i64, w: i64) -> i64 {
    if w <= 0 {
        return x;
    }
    x.saturating_sub(x.rem_euclid(w))
}

fn like(text: &str, pattern: &str) -> bool {
    let t: Vec<char> = text.chars().collect();
    let p: Vec<char> = pattern.chars().collect();
    // Iterative wildcard match with backtracking on the last %.
    let (mut ti, mut pi) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '_' || p[pi] == t[ti]) {
            ti += 1;
            pi += 1;
        } else if pi < p.len() && p[pi] == '%' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '%' {
        pi += 1;
    }
    pi == p.len()
}

impl Expr {
    pub fn eval(&self, env: &Env<'_>) -> EvalResult {
        Ok(match self {
            Expr::Col(i) => env.row.get(*i).cloned().unwrap_or(Value::Null),
            Expr::RowTime => Value::Time(env.rowtime),
            Expr::WindowStart => Value::Time(env.window.0),
            Expr::WindowEnd => Value::Time(env.window.1),
            Expr::Lit(v) => v.clone(),
            Expr::Agg(i) => env.aggs.get(*i).cloned().unwrap_or(Value::Null),
            Expr::Key(i) => env.key.get(*i).cloned().unwrap_or(Value::Null),
            Expr::Bin(op, a, b) => binary(*op, a, b, env)?,
            Expr::Not(a) => match truth(&a.eval(env)?) {
                Some(b) => Value::Bool(!b),
                None => Value::Null,
            },
            Expr::Neg(a) => match a.eval(env)? {
                Value::Int(i) => Value::Int(i.wrapping_neg()),
                Value::Num(f) => Value::Num(-f),
                Value::Interval(i) => Value::Interval(i.wrapping_neg()),
                Value::Null => Value::Null,
                v => return Err(format!("Cannot negate '{v}'")),
            },
            Expr::IsNull(a, negated) => Value::Bool(a.eval(env)?.is_null() != *negated),
            Expr::Cast(a, t) => t.coerce(&a.eval(env)?)?,
            Expr::FloorTo(a, unit) => round_to(a.eval(env)?, *unit, false)?,
            Expr::CeilTo(a, unit) => round_to(a.eval(env)?, *unit, true)?,
            Expr::Step(a, w) => step(a.eval(env)?, w.eval(env)?)?,
            Expr::Func(f, args) => {
                let mut vals = Vec::with_capacity(args.len());
                for a in args {
                    vals.push(a.eval(env)?);
                }
                call(*f, &vals)?
            }
            Expr::Case(operand, whens, otherwise) => {
                case(operand.as_deref(), whens, otherwise.as_deref(), env)?
            }
            Expr::Between(a, lo, hi, negated) => {
                let (x, l, h) = (a.eval(env)?, lo.eval(env)?, hi.eval(env)?);
                match (x.compare(&l), x.compare(&h)) {
                    (Some(a), Some(b)) => Value::Bool((a.is_ge() && b.is_le()) != *negated),
                    _ => Value::Null,
                }
            }
            Expr::InList(a, list, negated) => in_list(a, list, *negated, env)?,
            Expr::Like(a, p, negated) => match (a.eval(env)?, p.eval(env)?) {
                (Value::Null, _) | (_, Value::Null) => Value::Null,
                (x, p) => Value::Bool(like(&x.to_string(), &p.to_string()) != *negated),
            },
        })
    }
}

/// `a op b`: AND and OR in three-valued logic (short-circuiting), ||, comparisons, arithmetic.
#[inline]
fn binary(op: BinOp, a: &Expr, b: &Expr, env: &Env<'_>) -> EvalResult {
    let x = a.eval(env)?;
    Ok(match op {
        BinOp::And => {
            if truth(&x) == Some(false) {
                return Ok(Value::Bool(false));
            }
            let y = b.eval(env)?;
            match (truth(&x), truth(&y)) {
                (_, Some(false)) => Value::Bool(false),
                (Some(true), Some(true)) => Value::Bool(true),
                _ => Value::Null,
            }
        }
        BinOp::Or => {
            if truth(&x) == Some(true) {
                return Ok(Value::Bool(true));
            }
            let y = b.eval(env)?;
            match (truth(&x), truth(&y)) {
                (_, Some(true)) => Value::Bool(true),
                (Some(false), Some(false)) => Value::Bool(false),
                _ => Value::Null,
            }
        }
        BinOp::Concat => {
            let y = b.eval(env)?;
            if x.is_null() || y.is_null() {
                Value::Null
            } else {
                Value::Str(Arc::from(format!("{x}{y}")))
            }
        }
        BinOp::Eq | BinOp::NotEq | BinOp::Lt | BinOp::LtEq | BinOp::Gt | BinOp::GtEq => {
            let y = b.eval(env)?;
            match x.compare(&y) {
                None => Value::Null,
                Some(o) => Value::Bool(match op {
                    BinOp::Eq => o.is_eq(),
                    BinOp::NotEq => o.is_ne(),
                    BinOp::Lt => o.is_lt(),
                    BinOp::LtEq => o.is_le(),
                    BinOp::Gt => o.is_gt(),
                    _ => o.is_ge(),
                }),
            }
        }
        _ => num_op(op, &x, &b.eval(env)?)?,
    })
}

/// FLOOR (or CEIL) of a timestamp to a unit of `unit` ms, or of a number.
fn round_to(v: Value, unit: i64, ceil: bool) -> EvalResult {
    Ok(match v {
        Value::Time(t) => {
            let f = floor_div(t, unit);
            Value::Time(if ceil && f != t { f.saturating_add(unit) } else { f })
        }
        Value::Int(i) => Value::Int(i),
        Value::Num(x) => Value::Num(if ceil { libm::ceil(x) } else { libm::floor(x) }),
        Value::Null => Value::Null,
        v => return Err(format!("Cannot apply FLOOR to '{v}'")),
    })
}

/// STEP(x BY w): x rounded down to a multiple of w.
#[inline]
fn step(x: Value, w: Value) -> EvalResult {
    Ok(match (x, w) {
        (Value::Null, _) | (_, Value::Null) => Value::Null,
        (Value::Time(t), Value::Interval(w)) => Value::Time(floor_div(t, w)),
        (Value::Int(x), Value::Int(w)) => Value::Int(floor_div(x, w)),
        (x, w) => match (x.as_f64(), w.as_f64()) {
            (Some(x), Some(w)) if w > 0.0 => Value::Num(libm::floor(x / w) * w),
            _ => return Err(format!("Cannot apply STEP to '{x}' BY '{w}'")),
        },
    })
}

fn case(
    operand: Option<&Expr>,
    whens: &[(Expr, Expr)],
    otherwise: Option<&Expr>,
    env: &Env<'_>,
) -> EvalResult {
    let op = match operand {
        Some(o) => Some(o.eval(env)?),
        None => None,
    };
    for (w, then) in whens {
        let c = w.eval(env)?;
        let hit = match &op {
            Some(o) => o.compare(&c) == Some(std::cmp::Ordering::Equal),
            None => truth(&c) == Some(true),
        };
        if hit {
            return then.eval(env);
        }
    }
    match otherwise {
        Some(e) => e.eval(env),
        None => Ok(Value::Null),
    }
}

fn in_list(a: &Expr, list: &[Expr], negated: bool, env: &Env<'_>) -> EvalResult {
    let x = a.eval(env)?;
    if x.is_null() {
        return Ok(Value::Null);
    }
    let mut found = false;
    for e in list {
        if x.compare(&e.eval(env)?) == Some(std::cmp::Ordering::Equal) {
            found = true;
            break;
        }
    }
    Ok(Value::Bool(found != negated))
}

fn call(f: Func, v: &[Value]) -> EvalResult {
    let arg = |i: usize| v.get(i).cloned().unwrap_or(Value::Null);
    if f != Func::Coalesce && v.iter().any(Value::is_null) {
        return Ok(Value::Null);
    }
    let s = |i: usize| arg(i).to_string();
    Ok(match f {
        Func::Upper => Value::Str(s(0).to_uppercase().into()),
        Func::Lower => Value::Str(s(0).to_lowercase().into()),
        Func::CharLength => Value::Int(s(0).chars().count() as i64),
        Func::Abs => match arg(0) {
            Value::Int(i) => Value::Int(i.wrapping_abs()),
            x => Value::Num(libm::fabs(x.as_f64().ok_or("ABS needs a number")?)),
        },
        Func::Round => {
            let x = arg(0).as_f64().ok_or("ROUND needs a number")?;
            let places = v.get(1).and_then(Value::as_i64).unwrap_or(0).clamp(-15, 15) as i32;
            let m = libm::pow(10.0, places as f64);
            Value::Num(libm::round(x * m) / m)
        }
        Func::Ceil => Value::Num(libm::ceil(arg(0).as_f64().ok_or("CEIL needs a number")?)),
        Func::Floor => Value::Num(libm::floor(arg(0).as_f64().ok_or("FLOOR needs a number")?)),
        Func::Coalesce => v.iter().find(|x| !x.is_null()).cloned().unwrap_or(Value::Null),
        Func::Substring => {
            // SQL positions start at 1; a start before 1 eats into the length.
            let text: Vec<char> = s(0).chars().collect();
            let from = arg(1).as_i64().unwrap_or(1);
            let end = match v.get(2) {
                Some(len) => from.saturating_add(len.as_i64().unwrap_or(0).max(0)),
                None => i64::MAX,
            };
            let a = from.max(1) - 1;
            let b = end.saturating_sub(1).clamp(0, text.len() as i64);
            if (a as usize) >= text.len() || a >= b {
                Value::str("")
            } else {
                Value::Str(text[a as usize..b as usize].iter().collect::<String>().into())
            }
        }
        Func::Position => {
            let (needle, hay) = (s(0), s(1));
            Value::Int(match hay.find(&needle) {
                Some(b) => hay[..b].chars().count() as i64 + 1,
                None => 0,
            })
        }
        Func::Trim(side) => {
            let text = s(0);
            let what: Vec<char> = match v.get(1) {
                Some(w) => w.to_string().chars().collect(),
                None => vec![' '],
            };
            let m = |c: char| what.contains(&c);
            Value::Str(
                match side {
                    TrimSide::Both => text.trim_matches(m),
                    TrimSide::Leading => text.trim_start_matches(m),
                    TrimSide::Trailing => text.trim_end_matches(m),
                }
                .into(),
            )
        }
        Func::Replace => Value::Str(s(0).replace(&s(1), &s(2)).into()),
    })
}
