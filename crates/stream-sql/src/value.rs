//! Values and SQL types of in-application streams.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// One cell of a row. Timestamps are Unix milliseconds (ROWTIME too); intervals are
/// milliseconds.
#[derive(Clone, Debug)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Num(f64),
    Str(Arc<str>),
    Time(i64),
    Interval(i64),
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Num(a), Value::Num(b)) => a.to_bits() == b.to_bits(),
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Time(a), Value::Time(b)) => a == b,
            (Value::Interval(a), Value::Interval(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for Value {}

impl Hash for Value {
    fn hash<H: Hasher>(&self, state: &mut H) {
        std::mem::discriminant(self).hash(state);
        match self {
            Value::Null => {}
            Value::Bool(b) => b.hash(state),
            Value::Int(i) | Value::Time(i) | Value::Interval(i) => i.hash(state),
            Value::Num(f) => f.to_bits().hash(state),
            Value::Str(s) => s.hash(state),
        }
    }
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Arc::from(s))
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) | Value::Time(i) | Value::Interval(i) => Some(*i as f64),
            Value::Num(f) => Some(*f),
            Value::Str(s) => s.trim().parse().ok(),
            Value::Bool(b) => Some(*b as i64 as f64),
            Value::Null => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(i) | Value::Time(i) | Value::Interval(i) => Some(*i),
            Value::Num(f) if f.is_finite() => Some(*f as i64),
            Value::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// The value as JSON, as an output stream writes it (timestamps as AWS's
    /// `yyyy-MM-dd HH:mm:ss.SSS`).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => (*b).into(),
            Value::Int(i) | Value::Interval(i) => (*i).into(),
            Value::Num(f) => {
                serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, Into::into)
            }
            Value::Str(s) => serde_json::Value::String(s.to_string()),
            Value::Time(t) => serde_json::Value::String(format_timestamp(*t)),
        }
    }

    /// Ordering for MIN, MAX and comparisons; `None` when the two cannot be compared.
    pub fn compare(&self, other: &Value) -> Option<std::cmp::Ordering> {
        match (self, other) {
            (Value::Null, _) | (_, Value::Null) => None,
            (Value::Str(a), Value::Str(b)) => Some(a.cmp(b)),
            (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
            (Value::Int(a), Value::Int(b))
            | (Value::Time(a), Value::Time(b))
            | (Value::Interval(a), Value::Interval(b)) => Some(a.cmp(b)),
            (a, b) => a.as_f64()?.partial_cmp(&b.as_f64()?),
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("NULL"),
            Value::Bool(b) => f.write_str(if *b { "TRUE" } else { "FALSE" }),
            Value::Int(i) => write!(f, "{i}"),
            Value::Num(x) => {
                if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
                    write!(f, "{x:.1}")
                } else {
                    write!(f, "{x}")
                }
            }
            Value::Str(s) => f.write_str(s),
            Value::Time(t) => f.write_str(&format_timestamp(*t)),
            Value::Interval(ms) => write!(f, "INTERVAL '{}' SECOND", *ms as f64 / 1000.0),
        }
    }
}

/// `2026-01-01 11:00:20.000`, the way Kinesis Data Analytics shows a TIMESTAMP.
pub fn format_timestamp(unix_ms: i64) -> String {
    match chrono::DateTime::from_timestamp_millis(unix_ms) {
        Some(t) => t.format("%Y-%m-%d %H:%M:%S%.3f").to_string(),
        // Only reachable for times hundreds of thousands of years away; say so plainly.
        None => format!("(out of range: {unix_ms} ms)"),
    }
}

/// Parses `2026-01-01 11:00:20[.123]`, `2026-01-01T11:00:20Z` or a number of milliseconds.
pub fn parse_timestamp(text: &str) -> Option<i64> {
    let t = text.trim();
    if let Ok(n) = t.parse::<i64>() {
        return Some(n);
    }
    let mut iso = t.replacen(' ', "T", 1);
    if !iso.contains('T') {
        iso.push_str("T00:00:00");
    }
    let iso = iso.strip_suffix('Z').unwrap_or(&iso);
    ["%Y-%m-%dT%H:%M:%S%.3f", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(iso, f).ok())
        .map(|t| t.and_utc().timestamp_millis())
}

/// The SQL types of columns (RecordColumn.SqlType and CREATE STREAM).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SqlType {
    Varchar(u32),
    Char(u32),
    Tinyint,
    Smallint,
    Integer,
    Bigint,
    Real,
    Double,
    Decimal(u8, u8),
    Boolean,
    Timestamp,
    Date,
    Time,
}

impl SqlType {
    /// Reads a type name as RecordColumns and CREATE STREAM spell it: `VARCHAR(4)`, `REAL`,
    /// `DECIMAL(10,2)`, `TIMESTAMP`.
    pub fn parse(text: &str) -> Option<SqlType> {
        let t: String =
            text.trim().to_ascii_uppercase().split_whitespace().collect::<Vec<_>>().join(" ");
        let (head, args) = match t.find('(') {
            Some(i) => (t[..i].trim().to_string(), t[i + 1..].trim_end_matches(')').to_string()),
            None => (t.clone(), String::new()),
        };
        let nums: Vec<u32> = args.split(',').filter_map(|a| a.trim().parse().ok()).collect();
        let n = |d: u32| nums.first().copied().unwrap_or(d).clamp(1, 65_535);
        Some(match head.as_str() {
            "VARCHAR" | "CHARACTER VARYING" | "CHAR VARYING" | "STRING" => SqlType::Varchar(n(256)),
            "CHAR" | "CHARACTER" => SqlType::Char(n(1)),
            "TINYINT" => SqlType::Tinyint,
            "SMALLINT" => SqlType::Smallint,
            "INTEGER" | "INT" => SqlType::Integer,
            "BIGINT" => SqlType::Bigint,
            "REAL" | "FLOAT" => SqlType::Real,
            "DOUBLE" | "DOUBLE PRECISION" => SqlType::Double,
            "DECIMAL" | "NUMERIC" | "DEC" => SqlType::Decimal(
                nums.first().copied().unwrap_or(19).min(38) as u8,
                nums.get(1).copied().unwrap_or(0).min(38) as u8,
            ),
            "BOOLEAN" | "BOOL" => SqlType::Boolean,
            "TIMESTAMP" | "TIMESTAMP(3)" => SqlType::Timestamp,
            "DATE" => SqlType::Date,
            "TIME" => SqlType::Time,
            _ => return None,
        })
    }

    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            SqlType::Tinyint
                | SqlType::Smallint
                | SqlType::Integer
                | SqlType::Bigint
                | SqlType::Real
                | SqlType::Double
                | SqlType::Decimal(..)
        )
    }

    /// Converts a value into this type (an INSERT into a stream, a CAST, a mapped record
    /// field); the error says why it cannot.
    pub fn coerce(self, v: &Value) -> Result<Value, String> {
        if v.is_null() {
            return Ok(Value::Null);
        }
        let bad = || format!("Cannot convert '{v}' to {self}");
        Ok(match self {
            SqlType::Varchar(n) | SqlType::Char(n) => match v {
                Value::Str(s) if s.chars().count() <= n as usize => v.clone(),
                Value::Str(s) => Value::Str(s.chars().take(n as usize).collect::<String>().into()),
                other => {
                    let s = other.to_string();
                    Value::Str(s.chars().take(n as usize).collect::<String>().into())
                }
            },
            SqlType::Tinyint | SqlType::Smallint | SqlType::Integer | SqlType::Bigint => match v {
                Value::Int(_) => v.clone(),
                Value::Num(f) if f.is_finite() => Value::Int(libm::trunc(*f) as i64),
                Value::Bool(b) => Value::Int(*b as i64),
                Value::Str(s) => {
                    let t = s.trim();
                    match t.parse::<i64>() {
                        Ok(i) => Value::Int(i),
                        Err(_) => match t.parse::<f64>() {
                            Ok(f) if f.is_finite() => Value::Int(libm::trunc(f) as i64),
                            _ => return Err(bad()),
                        },
                    }
                }
                _ => return Err(bad()),
            },
            SqlType::Real | SqlType::Double | SqlType::Decimal(..) => match v {
                Value::Num(_) => v.clone(),
                Value::Int(i) => Value::Num(*i as f64),
                Value::Bool(b) => Value::Num(*b as i64 as f64),
                Value::Str(s) => Value::Num(s.trim().parse::<f64>().map_err(|_| bad())?),
                _ => return Err(bad()),
            },
            SqlType::Boolean => match v {
                Value::Bool(_) => v.clone(),
                Value::Int(i) => Value::Bool(*i != 0),
                Value::Str(s) => match s.trim().to_ascii_lowercase().as_str() {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    _ => return Err(bad()),
                },
                _ => return Err(bad()),
            },
            SqlType::Timestamp | SqlType::Date | SqlType::Time => match v {
                Value::Time(_) => v.clone(),
                Value::Int(i) => Value::Time(*i),
                Value::Num(f) if f.is_finite() => Value::Time(*f as i64),
                Value::Str(s) => Value::Time(parse_timestamp(s).ok_or_else(bad)?),
                _ => return Err(bad()),
            },
        })
    }
}

impl fmt::Display for SqlType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SqlType::Varchar(n) => write!(f, "VARCHAR({n})"),
            SqlType::Char(n) => write!(f, "CHAR({n})"),
            SqlType::Tinyint => f.write_str("TINYINT"),
            SqlType::Smallint => f.write_str("SMALLINT"),
            SqlType::Integer => f.write_str("INTEGER"),
            SqlType::Bigint => f.write_str("BIGINT"),
            SqlType::Real => f.write_str("REAL"),
            SqlType::Double => f.write_str("DOUBLE"),
            SqlType::Decimal(p, s) => write!(f, "DECIMAL({p},{s})"),
            SqlType::Boolean => f.write_str("BOOLEAN"),
            SqlType::Timestamp => f.write_str("TIMESTAMP"),
            SqlType::Date => f.write_str("DATE"),
            SqlType::Time => f.write_str("TIME"),
        }
    }
}
