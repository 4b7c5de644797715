//! Compiled expressions over a row (columns by position) and Hive's built-in functions.

use regex_lite::Regex;

use crate::value::{Type, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

#[derive(Clone, Debug)]
pub enum Expr {
    Column(usize),
    Literal(Value),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    IsNull(Box<Expr>, bool),
    Like {
        expr: Box<Expr>,
        pattern: Regex,
        negated: bool,
    },
    /// RLIKE / REGEXP with a constant pattern.
    Rlike {
        expr: Box<Expr>,
        regex: Regex,
        negated: bool,
    },
    InList {
        expr: Box<Expr>,
        list: Vec<Expr>,
        negated: bool,
    },
    Between {
        expr: Box<Expr>,
        low: Box<Expr>,
        high: Box<Expr>,
        negated: bool,
    },
    Case {
        operand: Option<Box<Expr>>,
        whens: Vec<(Expr, Expr)>,
        otherwise: Option<Box<Expr>>,
    },
    Cast(Box<Expr>, Type),
    Index(Box<Expr>, Box<Expr>),
    Call(Func, Vec<Expr>),
    /// regexp_extract with a constant pattern, compiled once.
    RegexpExtract(Box<Expr>, Regex, Box<Expr>),
}

/// The scalar built-ins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Func {
    Split,
    Substr,
    Lower,
    Upper,
    Length,
    Concat,
    Trim,
    FromUnixtime,
    UnixTimestamp,
    ToDate,
    Year,
    Month,
    Day,
    Hour,
    GetJsonObject,
    Coalesce,
    If,
    Abs,
    Round,
    Floor,
    Ceil,
    Size,
    RegexpExtractDyn,
    RegexpReplace,
    Instr,
}

impl Func {
    pub fn lookup(name: &str) -> Option<(Func, usize, usize)> {
        Some(match name {
            "split" => (Func::Split, 2, 2),
            "substr" | "substring" => (Func::Substr, 2, 3),
            "lower" | "lcase" => (Func::Lower, 1, 1),
            "upper" | "ucase" => (Func::Upper, 1, 1),
            "length" => (Func::Length, 1, 1),
            "concat" => (Func::Concat, 1, 64),
            "trim" => (Func::Trim, 1, 1),
            "from_unixtime" => (Func::FromUnixtime, 1, 2),
            // unix_timestamp() with no argument reads the wall clock: the sandbox has only
            // virtual time, so it takes one or two arguments here.
            "unix_timestamp" => (Func::UnixTimestamp, 1, 2),
            "to_date" => (Func::ToDate, 1, 1),
            "year" => (Func::Year, 1, 1),
            "month" => (Func::Month, 1, 1),
            "day" | "dayofmonth" => (Func::Day, 1, 1),
            "hour" => (Func::Hour, 1, 1),
            "get_json_object" => (Func::GetJsonObject, 2, 2),
            "coalesce" => (Func::Coalesce, 1, 64),
            "if" => (Func::If, 3, 3),
            "abs" => (Func::Abs, 1, 1),
            "round" => (Func::Round, 1, 2),
            "floor" => (Func::Floor, 1, 1),
            "ceil" | "ceiling" => (Func::Ceil, 1, 1),
            "size" => (Func::Size, 1, 1),
            "regexp_extract" => (Func::RegexpExtractDyn, 2, 3),
            "regexp_replace" => (Func::RegexpReplace, 3, 3),
            "instr" => (Func::Instr, 2, 2),
            _ => return None,
        })
    }

    /// The type a call returns (given its arguments' types).
    pub fn ty(self, args: &[Type]) -> Type {
        match self {
            Func::Split => Type::Array,
            Func::Length
            | Func::Year
            | Func::Month
            | Func::Day
            | Func::Hour
            | Func::Size
            | Func::Instr => Type::Int,
            Func::UnixTimestamp | Func::Floor | Func::Ceil => Type::BigInt,
            Func::Abs | Func::Round => {
                args.first().copied().filter(|t| t.numeric()).unwrap_or(Type::Double)
            }
            Func::Coalesce => args.first().copied().unwrap_or(Type::String),
            Func::If => args.get(1).copied().unwrap_or(Type::String),
            _ => Type::String,
        }
    }
}

/// The aggregates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AggFn {
    CountStar,
    Count,
    CountDistinct,
    Sum,
    Avg,
    Min,
    Max,
}

#[derive(Clone, Debug)]
pub struct Agg {
    pub func: AggFn,
    pub arg: Option<Expr>,
    pub ty: Type,
    /// As Hive names it in EXPLAIN: `count()`, `sum(bytes)`.
    pub text: String,
}

impl Agg {
    /// The partial state of one row.
    pub fn init(&self, row: &[Value]) -> Result<Value, String> {
        let v = match &self.arg {
            Some(e) => e.eval(row)?,
            None => Value::Null,
        };
        Ok(match self.func {
            AggFn::CountStar => Value::Int(1),
            AggFn::Count => Value::Int(i64::from(!v.is_null())),
            AggFn::CountDistinct => Value::Array(if v.is_null() { Vec::new() } else { vec![v] }),
            AggFn::Sum => numeric_for(&v, self.ty),
            AggFn::Avg => match v.as_f64() {
                Some(d) => Value::Array(vec![Value::Double(d), Value::Int(1)]),
                None => Value::Array(vec![Value::Double(0.0), Value::Int(0)]),
            },
            AggFn::Min | AggFn::Max => v,
        })
    }

    /// Two partial states merged (the combiner's and the reducer's work).
    pub fn merge(&self, a: Value, b: Value) -> Value {
        match self.func {
            AggFn::CountStar | AggFn::Count => {
                Value::Int(a.as_i64().unwrap_or(0).wrapping_add(b.as_i64().unwrap_or(0)))
            }
            AggFn::Sum => match (a, b) {
                (Value::Null, x) | (x, Value::Null) => x,
                (Value::Int(x), Value::Int(y)) => Value::Int(x.wrapping_add(y)),
                (x, y) => Value::Double(x.as_f64().unwrap_or(0.0) + y.as_f64().unwrap_or(0.0)),
            },
            AggFn::Avg => match (a, b) {
                (Value::Array(x), Value::Array(y)) if x.len() == 2 && y.len() == 2 => {
                    Value::Array(vec![
                        Value::Double(x[0].as_f64().unwrap_or(0.0) + y[0].as_f64().unwrap_or(0.0)),
                        Value::Int(x[1].as_i64().unwrap_or(0) + y[1].as_i64().unwrap_or(0)),
                    ])
                }
                (x, _) => x,
            },
            AggFn::Min | AggFn::Max => {
                if a.is_null() {
                    return b;
                }
                if b.is_null() {
                    return a;
                }
                let less = b.compare(&a).is_lt();
                if less == (self.func == AggFn::Min) {
                    b
                } else {
                    a
                }
            }
            AggFn::CountDistinct => match (a, b) {
                (Value::Array(mut x), Value::Array(y)) => {
                    x.extend(y);
                    x.sort_by(|p, q| p.compare(q));
                    x.dedup_by(|p, q| p.compare(q).is_eq());
                    Value::Array(x)
                }
                (x, _) => x,
            },
        }
    }

    /// The final value of a state.
    pub fn finish(&self, state: Value) -> Value {
        match self.func {
            AggFn::CountDistinct => match state {
                Value::Array(x) => Value::Int(x.len() as i64),
                _ => Value::Int(0),
            },
            AggFn::Avg => match state {
                Value::Array(x) if x.len() == 2 => match x[1].as_i64() {
                    Some(n) if n > 0 => Value::Double(x[0].as_f64().unwrap_or(0.0) / n as f64),
                    _ => Value::Null,
                },
                _ => Value::Null,
            },
            AggFn::Sum => match (state, self.ty) {
                (Value::Null, _) => Value::Null,
                (v, Type::BigInt) => v.as_i64().map_or(Value::Null, Value::Int),
                (v, _) => v.as_f64().map_or(Value::Null, Value::Double),
            },
            _ => state,
        }
    }

    /// An empty group's state (a global aggregate over no rows).
    pub fn empty(&self) -> Value {
        match self.func {
            AggFn::CountStar | AggFn::Count => Value::Int(0),
            AggFn::CountDistinct => Value::Array(Vec::new()),
            AggFn::Avg => Value::Array(vec![Value::Double(0.0), Value::Int(0)]),
            _ => Value::Null,
        }
    }
}

fn numeric_for(v: &Value, ty: Type) -> Value {
    match ty {
        Type::BigInt => v.as_i64().map_or(Value::Null, Value::Int),
        _ => v.as_f64().map_or(Value::Null, Value::Double),
    }
}

impl Expr {
    pub fn eval(&self, row: &[Value]) -> Result<Value, String> {
        Ok(match self {
            Expr::Column(i) => row.get(*i).cloned().unwrap_or(Value::Null),
            Expr::Literal(v) => v.clone(),
            Expr::Binary(op, a, b) => binary(*op, a, b, row)?,
            Expr::Not(e) => match e.eval(row)?.truthy() {
                Some(b) => Value::Bool(!b),
                None => Value::Null,
            },
            Expr::Neg(e) => match e.eval(row)? {
                Value::Int(i) => Value::Int(i.wrapping_neg()),
                v => v.as_f64().map_or(Value::Null, |d| Value::Double(-d)),
            },
            Expr::IsNull(e, negated) => Value::Bool(e.eval(row)?.is_null() != *negated),
            Expr::Like { expr, pattern, negated } => match expr.eval(row)?.as_text() {
                Some(s) => Value::Bool(pattern.is_match(&s) != *negated),
                None => Value::Null,
            },
            Expr::Rlike { expr, regex, negated } => match expr.eval(row)?.as_text() {
                Some(s) => Value::Bool(regex.is_match(&s) != *negated),
                None => Value::Null,
            },
            Expr::InList { expr, list, negated } => {
                let v = expr.eval(row)?;
                if v.is_null() {
                    return Ok(Value::Null);
                }
                let mut found = false;
                for e in list {
                    if v.compare(&e.eval(row)?).is_eq() {
                        found = true;
                        break;
                    }
                }
                Value::Bool(found != *negated)
            }
            Expr::Between { expr, low, high, negated } => {
                let (v, l, h) = (expr.eval(row)?, low.eval(row)?, high.eval(row)?);
                if v.is_null() || l.is_null() || h.is_null() {
                    return Ok(Value::Null);
                }
                let inside = v.compare(&l).is_ge() && v.compare(&h).is_le();
                Value::Bool(inside != *negated)
            }
            Expr::Case { operand, whens, otherwise } => {
                let subject = match operand {
                    Some(o) => Some(o.eval(row)?),
                    None => None,
                };
                for (w, then) in whens {
                    let hit = match &subject {
                        Some(s) => {
                            let w = w.eval(row)?;
                            !s.is_null() && !w.is_null() && s.compare(&w).is_eq()
                        }
                        None => w.eval(row)?.truthy() == Some(true),
                    };
                    if hit {
                        return then.eval(row);
                    }
                }
                match otherwise {
                    Some(e) => e.eval(row)?,
                    None => Value::Null,
                }
            }
            Expr::Cast(e, t) => cast(e.eval(row)?, *t),
            Expr::Index(a, i) => match (a.eval(row)?, i.eval(row)?.as_i64()) {
                (Value::Array(items), Some(n)) if n >= 0 => {
                    items.get(n as usize).cloned().unwrap_or(Value::Null)
                }
                _ => Value::Null,
            },
            Expr::RegexpExtract(e, re, idx) => {
                let s = e.eval(row)?;
                let i = idx.eval(row)?.as_i64().unwrap_or(1);
                regexp_extract(&s, re, i)?
            }
            Expr::Call(f, args) => {
                let mut vals = Vec::with_capacity(args.len());
                // IF and COALESCE evaluate lazily.
                match f {
                    Func::If => {
                        let c = args.first().map(|a| a.eval(row)).transpose()?;
                        let pick = if c.and_then(|c| c.truthy()) == Some(true) { 1 } else { 2 };
                        return args.get(pick).map_or(Ok(Value::Null), |a| a.eval(row));
                    }
                    Func::Coalesce => {
                        for a in args {
                            let v = a.eval(row)?;
                            if !v.is_null() {
                                return Ok(v);
                            }
                        }
                        return Ok(Value::Null);
                    }
                    _ => {}
                }
                for a in args {
                    vals.push(a.eval(row)?);
                }
                call(*f, &vals)?
            }
        })
    }
}

fn binary(op: BinOp, a: &Expr, b: &Expr, row: &[Value]) -> Result<Value, String> {
    if op == BinOp::And || op == BinOp::Or {
        let l = a.eval(row)?.truthy();
        if op == BinOp::And && l == Some(false) {
            return Ok(Value::Bool(false));
        }
        if op == BinOp::Or && l == Some(true) {
            return Ok(Value::Bool(true));
        }
        let r = b.eval(row)?.truthy();
        return Ok(match (op, l, r) {
            (BinOp::And, _, Some(false)) => Value::Bool(false),
            (BinOp::And, Some(true), Some(true)) => Value::Bool(true),
            (BinOp::Or, _, Some(true)) => Value::Bool(true),
            (BinOp::Or, Some(false), Some(false)) => Value::Bool(false),
            _ => Value::Null,
        });
    }
    let (l, r) = (a.eval(row)?, b.eval(row)?);
    if l.is_null() || r.is_null() {
        return Ok(Value::Null);
    }
    Ok(match op {
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Mod => match (&l, &r) {
            (Value::Int(x), Value::Int(y)) => match op {
                BinOp::Add => Value::Int(x.wrapping_add(*y)),
                BinOp::Sub => Value::Int(x.wrapping_sub(*y)),
                BinOp::Mul => Value::Int(x.wrapping_mul(*y)),
                _ if *y == 0 => Value::Null,
                _ => Value::Int(x.wrapping_rem(*y)),
            },
            _ => match (l.as_f64(), r.as_f64()) {
                (Some(x), Some(y)) => Value::Double(match op {
                    BinOp::Add => x + y,
                    BinOp::Sub => x - y,
                    BinOp::Mul => x * y,
                    _ if y == 0.0 => return Ok(Value::Null),
                    _ => x % y,
                }),
                _ => Value::Null,
            },
        },
        // Hive's `/` always divides as doubles; by zero is NULL.
        BinOp::Div => match (l.as_f64(), r.as_f64()) {
            (Some(_), Some(0.0)) => Value::Null,
            (Some(x), Some(y)) => Value::Double(x / y),
            _ => Value::Null,
        },
        _ => {
            // A string against a number compares as numbers (Hive converts both to double).
            let ord = match (&l, &r) {
                (Value::Str(_), Value::Int(_) | Value::Double(_))
                | (Value::Int(_) | Value::Double(_), Value::Str(_)) => {
                    match (l.as_f64(), r.as_f64()) {
                        (Some(x), Some(y)) => x.total_cmp(&y),
                        _ => return Ok(Value::Null),
                    }
                }
                _ => l.compare(&r),
            };
            Value::Bool(match op {
                BinOp::Eq => ord.is_eq(),
                BinOp::Ne => !ord.is_eq(),
                BinOp::Lt => ord.is_lt(),
                BinOp::Le => ord.is_le(),
                BinOp::Gt => ord.is_gt(),
                _ => ord.is_ge(),
            })
        }
    })
}

pub fn cast(v: Value, t: Type) -> Value {
    if v.is_null() {
        return Value::Null;
    }
    match t {
        Type::Int | Type::BigInt => match v {
            Value::Str(s) => Value::parse(&s, t),
            other => other.as_i64().map_or(Value::Null, Value::Int),
        },
        Type::Double => v.as_f64().map_or(Value::Null, Value::Double),
        Type::Boolean => match v {
            Value::Str(s) => Value::Bool(!s.is_empty()),
            other => other.truthy().map_or(Value::Null, Value::Bool),
        },
        Type::String | Type::Timestamp => v.as_text().map_or(Value::Null, Value::Str),
        Type::Date => v.as_text().map_or(Value::Null, |s| to_date(&s)),
        Type::Array => v,
    }
}

fn regexp_extract(s: &Value, re: &Regex, idx: i64) -> Result<Value, String> {
    let Some(text) = s.as_text() else { return Ok(Value::Null) };
    if idx < 0 || idx as usize > re.captures_len().saturating_sub(1) {
        return Err(format!(
            "org.apache.hadoop.hive.ql.metadata.HiveException: Unable to execute method public java.lang.String org.apache.hadoop.hive.ql.udf.UDFRegExpExtract.evaluate(java.lang.String,java.lang.String,java.lang.Integer): No group {idx}"
        ));
    }
    Ok(Value::Str(
        re.captures(&text)
            .and_then(|c| c.get(idx as usize).map(|m| m.as_str().to_string()))
            .unwrap_or_default(),
    ))
}

fn text_of(v: &Value) -> Option<String> {
    v.as_text()
}

/// `yyyy-MM-dd HH:mm:ss` and its parts.
fn timestamp_of(s: &str) -> Option<chrono::NaiveDateTime> {
    let s = s.trim();
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
        .ok()
        .or_else(|| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").ok())
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()?.and_hms_opt(0, 0, 0)
        })
}

fn to_date(s: &str) -> Value {
    timestamp_of(s).map_or(Value::Null, |t| Value::Str(t.format("%Y-%m-%d").to_string()))
}

/// Java's SimpleDateFormat letters to chrono's (the common ones).
fn java_format(f: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = f.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let mut n = 1;
        while i + n < chars.len() && chars[i + n] == c {
            n += 1;
        }
        let piece = match (c, n) {
            ('y', 4) => "%Y",
            ('y', 2) => "%y",
            ('M', 2) => "%m",
            ('M', 3) => "%b",
            ('d', 2) => "%d",
            ('H', 2) => "%H",
            ('m', 2) => "%M",
            ('s', 2) => "%S",
            ('S', 3) => "%3f",
            ('Z', _) => "%z",
            _ => "",
        };
        if piece.is_empty() {
            for _ in 0..n {
                if c == '%' {
                    out.push_str("%%");
                } else {
                    out.push(c);
                }
            }
        } else {
            out.push_str(piece);
        }
        i += n;
    }
    out
}

fn call(f: Func, a: &[Value]) -> Result<Value, String> {
    let arg = |i: usize| a.get(i).cloned().unwrap_or(Value::Null);
    let null_in = a.iter().any(Value::is_null);
    Ok(match f {
        Func::Concat => {
            if null_in {
                return Ok(Value::Null);
            }
            Value::Str(a.iter().filter_map(text_of).collect())
        }
        _ if null_in && !matches!(f, Func::If | Func::Coalesce) => Value::Null,
        Func::Split => {
            let (Some(s), Some(p)) = (text_of(&arg(0)), text_of(&arg(1))) else {
                return Ok(Value::Null);
            };
            let re = Regex::new(&p)
                .map_err(|e| format!("java.util.regex.PatternSyntaxException: {e}"))?;
            let mut parts: Vec<Value> = re.split(&s).map(|x| Value::Str(x.to_string())).collect();
            // Java's String.split drops trailing empty strings.
            while parts.len() > 1 && parts.last() == Some(&Value::Str(String::new())) {
                parts.pop();
            }
            Value::Array(parts)
        }
        Func::Substr => {
            let s: Vec<char> = text_of(&arg(0)).unwrap_or_default().chars().collect();
            let pos = arg(1).as_i64().unwrap_or(1);
            let len = if a.len() > 2 { arg(2).as_i64().unwrap_or(0) } else { i64::MAX };
            let n = s.len() as i64;
            let start = if pos > 0 {
                pos - 1
            } else if pos < 0 {
                n + pos
            } else {
                0
            };
            if start < 0 || start >= n || len <= 0 {
                return Ok(Value::Str(String::new()));
            }
            let end = start.saturating_add(len).min(n);
            Value::Str(s[start as usize..end as usize].iter().collect())
        }
        Func::Lower => Value::Str(text_of(&arg(0)).unwrap_or_default().to_lowercase()),
        Func::Upper => Value::Str(text_of(&arg(0)).unwrap_or_default().to_uppercase()),
        Func::Length => Value::Int(text_of(&arg(0)).unwrap_or_default().chars().count() as i64),
        Func::Trim => {
            Value::Str(text_of(&arg(0)).unwrap_or_default().trim_matches(' ').to_string())
        }
        Func::FromUnixtime => {
            let secs = arg(0).as_i64().unwrap_or(0);
            let fmt = if a.len() > 1 {
                java_format(&text_of(&arg(1)).unwrap_or_default())
            } else {
                "%Y-%m-%d %H:%M:%S".into()
            };
            match chrono::DateTime::from_timestamp(secs, 0) {
                Some(t) => Value::Str(t.format(&fmt).to_string()),
                None => Value::Null,
            }
        }
        Func::UnixTimestamp => {
            let s = text_of(&arg(0)).unwrap_or_default();
            let t = if a.len() > 1 {
                let fmt = java_format(&text_of(&arg(1)).unwrap_or_default());
                chrono::NaiveDateTime::parse_from_str(&s, &fmt).ok().or_else(|| {
                    chrono::NaiveDate::parse_from_str(&s, &fmt).ok()?.and_hms_opt(0, 0, 0)
                })
            } else {
                chrono::NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%d %H:%M:%S").ok()
            };
            // The cluster's time zone is UTC.
            t.map_or(Value::Null, |t| Value::Int(t.and_utc().timestamp()))
        }
        Func::ToDate => to_date(&text_of(&arg(0)).unwrap_or_default()),
        Func::Year | Func::Month | Func::Day | Func::Hour => {
            use chrono::{Datelike, Timelike};
            match timestamp_of(&text_of(&arg(0)).unwrap_or_default()) {
                Some(t) => Value::Int(match f {
                    Func::Year => i64::from(t.year()),
                    Func::Month => i64::from(t.month()),
                    Func::Day => i64::from(t.day()),
                    _ => i64::from(t.hour()),
                }),
                None => Value::Null,
            }
        }
        Func::GetJsonObject => get_json_object(
            &text_of(&arg(0)).unwrap_or_default(),
            &text_of(&arg(1)).unwrap_or_default(),
        ),
        Func::Abs => match arg(0) {
            Value::Int(i) => Value::Int(i.wrapping_abs()),
            v => v.as_f64().map_or(Value::Null, |d| Value::Double(d.abs())),
        },
        Func::Round => {
            let places = if a.len() > 1 { arg(1).as_i64().unwrap_or(0) } else { 0 };
            match arg(0) {
                Value::Int(i) => Value::Int(i),
                v => v.as_f64().map_or(Value::Null, |d| {
                    // HALF_UP, as Hive's round.
                    let m = 10f64.powi(places.clamp(-30, 30) as i32);
                    let r = (d.abs() * m + 0.5).floor() / m;
                    Value::Double(if d < 0.0 { -r } else { r })
                }),
            }
        }
        Func::Floor => arg(0).as_f64().map_or(Value::Null, |d| Value::Int(d.floor() as i64)),
        Func::Ceil => arg(0).as_f64().map_or(Value::Null, |d| Value::Int(d.ceil() as i64)),
        Func::Size => match arg(0) {
            Value::Array(x) => Value::Int(x.len() as i64),
            _ => Value::Int(-1),
        },
        Func::RegexpExtractDyn => {
            let p = text_of(&arg(1)).unwrap_or_default();
            let re = Regex::new(&p)
                .map_err(|e| format!("java.util.regex.PatternSyntaxException: {e}"))?;
            let idx = if a.len() > 2 { arg(2).as_i64().unwrap_or(1) } else { 1 };
            regexp_extract(&arg(0), &re, idx)?
        }
        Func::RegexpReplace => {
            let p = text_of(&arg(1)).unwrap_or_default();
            let re = Regex::new(&p)
                .map_err(|e| format!("java.util.regex.PatternSyntaxException: {e}"))?;
            let with = text_of(&arg(2)).unwrap_or_default().replace("\\$", "$$");
            Value::Str(
                re.replace_all(&text_of(&arg(0)).unwrap_or_default(), with.as_str()).into_owned(),
            )
        }
        Func::Instr => {
            let s = text_of(&arg(0)).unwrap_or_default();
            let sub = text_of(&arg(1)).unwrap_or_default();
            Value::Int(s.find(&sub).map_or(0, |b| s[..b].chars().count() as i64 + 1))
        }
        Func::If | Func::Coalesce => Value::Null,
    })
}

/// `get_json_object(json, '$.a.b[0]')`: strings come back bare, anything else as JSON text.
fn get_json_object(json: &str, path: &str) -> Value {
    let Ok(mut v) = serde_json::from_str::<serde_json::Value>(json) else { return Value::Null };
    let Some(rest) = path.strip_prefix('$') else { return Value::Null };
    for part in rest.split('.').filter(|p| !p.is_empty()) {
        let (name, indexes) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            v = match v.get(name) {
                Some(x) => x.clone(),
                None => return Value::Null,
            };
        }
        for idx in indexes.split('[').filter(|s| !s.is_empty()) {
            let Some(n) = idx.trim_end_matches(']').parse::<usize>().ok() else {
                return Value::Null;
            };
            v = match v.get(n) {
                Some(x) => x.clone(),
                None => return Value::Null,
            };
        }
    }
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::String(s) => Value::Str(s),
        other => Value::Str(other.to_string()),
    }
}

/// A LIKE pattern as an anchored regex (`%` any run, `_` one character, `\` escapes).
pub fn like_regex(pattern: &str) -> Result<Regex, String> {
    let mut re = String::from("(?s)^");
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '%' => re.push_str(".*"),
            '_' => re.push('.'),
            '\\' => {
                if let Some(n) = chars.next() {
                    re.push_str(&regex_lite::escape(&n.to_string()));
                }
            }
            other => re.push_str(&regex_lite::escape(&other.to_string())),
        }
    }
    re.push('$');
    Regex::new(&re).map_err(|e| e.to_string())
}
