//! Hive's values: the types a column can have, how the Hive CLI prints them (Java's
//! `Double.toString`, `NULL`, arrays as JSON), how text becomes a typed value (a field that
//! does not parse is NULL, never an error), and the byte encodings a stage's rows travel in:
//! an order-preserving key for the shuffle's sort (as Hive's BinarySortableSerDe) and
//! `\x01`-separated text for files between stages and in managed tables (LazySimpleSerDe's
//! default).

use std::cmp::Ordering;

/// A column type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    String,
    Int,
    BigInt,
    Double,
    Boolean,
    /// Kept as its text (`yyyy-MM-dd HH:mm:ss`); the date functions read it.
    Timestamp,
    Date,
    Array,
}

impl Type {
    pub fn name(self) -> &'static str {
        match self {
            Type::String => "string",
            Type::Int => "int",
            Type::BigInt => "bigint",
            Type::Double => "double",
            Type::Boolean => "boolean",
            Type::Timestamp => "timestamp",
            Type::Date => "date",
            Type::Array => "array<string>",
        }
    }

    pub fn numeric(self) -> bool {
        matches!(self, Type::Int | Type::BigInt | Type::Double)
    }
}

/// A value in a row.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Double(f64),
    Str(String),
    Array(Vec<Value>),
}

impl Value {
    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(s.into())
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The value as a number, as Hive's implicit conversions read it (a string that is not a
    /// number is NULL).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Double(d) => Some(*d),
            Value::Str(s) => s.trim().parse().ok(),
            Value::Bool(b) => Some(f64::from(u8::from(*b))),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Double(d) if d.is_finite() => Some(d.trunc() as i64),
            Value::Str(s) => {
                let t = s.trim();
                t.parse().ok().or_else(|| {
                    t.parse::<f64>().ok().filter(|d| d.is_finite()).map(|d| d.trunc() as i64)
                })
            }
            Value::Bool(b) => Some(i64::from(*b)),
            _ => None,
        }
    }

    /// The value as text (what string functions see): numbers as Hive prints them.
    pub fn as_text(&self) -> Option<String> {
        match self {
            Value::Null => None,
            Value::Str(s) => Some(s.clone()),
            other => Some(other.display()),
        }
    }

    pub fn truthy(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::Null => None,
            Value::Int(i) => Some(*i != 0),
            Value::Double(d) => Some(*d != 0.0),
            Value::Str(s) => match s.to_ascii_lowercase().as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
            Value::Array(a) => Some(!a.is_empty()),
        }
    }

    /// As the Hive CLI prints it in a result row.
    pub fn display(&self) -> String {
        match self {
            Value::Null => "NULL".into(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Double(d) => java_double(*d),
            Value::Str(s) => s.clone(),
            Value::Array(items) => {
                let parts: Vec<String> = items
                    .iter()
                    .map(|v| match v {
                        Value::Str(s) => serde_json::Value::String(s.clone()).to_string(),
                        Value::Null => "null".into(),
                        other => other.display(),
                    })
                    .collect();
                format!("[{}]", parts.join(","))
            }
        }
    }

    /// Reads a field of text as a column of type `t`: what does not parse is NULL, as
    /// LazySimpleSerDe does. `\N` is NULL.
    pub fn parse(text: &str, t: Type) -> Value {
        if text == "\\N" {
            return Value::Null;
        }
        match t {
            Type::String | Type::Timestamp | Type::Date => Value::Str(text.to_string()),
            Type::Int | Type::BigInt => {
                text.trim().parse::<i64>().map(Value::Int).unwrap_or(Value::Null)
            }
            Type::Double => text
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|_| !text.trim().is_empty())
                .map(Value::Double)
                .unwrap_or(Value::Null),
            Type::Boolean => match text.to_ascii_lowercase().as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::Null,
            },
            Type::Array => {
                Value::Array(text.split('\u{2}').map(|s| Value::Str(s.to_string())).collect())
            }
        }
    }

    /// The field as LazySimpleSerDe writes it: NULL as `\N`, array items joined by `\x02`.
    pub fn to_field(&self) -> String {
        match self {
            Value::Null => "\\N".into(),
            Value::Array(items) => {
                items.iter().map(Value::to_field).collect::<Vec<_>>().join("\u{2}")
            }
            other => other.display(),
        }
    }

    /// Hive's ordering: NULL first, numbers by value, strings by bytes.
    pub fn compare(&self, other: &Value) -> Ordering {
        match (self, other) {
            (Value::Null, Value::Null) => Ordering::Equal,
            (Value::Null, _) => Ordering::Less,
            (_, Value::Null) => Ordering::Greater,
            (Value::Int(a), Value::Int(b)) => a.cmp(b),
            (Value::Str(a), Value::Str(b)) => a.as_bytes().cmp(b.as_bytes()),
            (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
            (a, b) => match (a.as_f64(), b.as_f64()) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                _ => a.display().cmp(&b.display()),
            },
        }
    }
}

/// Java's `Double.toString`: the shortest text that reads back, with `.0` on whole numbers,
/// and computerized scientific notation (`1.0E7`) outside [10^-3, 10^7).
pub fn java_double(d: f64) -> String {
    if d.is_nan() {
        return "NaN".into();
    }
    if d.is_infinite() {
        return if d > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    if d == 0.0 {
        return if d.is_sign_negative() { "-0.0".into() } else { "0.0".into() };
    }
    let a = d.abs();
    if (1e-3..1e7).contains(&a) {
        let s = format!("{d}");
        return if s.contains('.') { s } else { format!("{s}.0") };
    }
    let s = format!("{d:e}");
    let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let mantissa =
        if mantissa.contains('.') { mantissa.to_string() } else { format!("{mantissa}.0") };
    format!("{mantissa}E{exp}")
}

/// Appends an order-preserving encoding of `v` (bytes compare as the values do; NULL first),
/// inverted for a descending key.
pub fn encode_key(out: &mut Vec<u8>, v: &Value, desc: bool) {
    let start = out.len();
    match v {
        Value::Null => out.push(0),
        Value::Bool(b) => {
            out.push(1);
            out.push(u8::from(*b));
        }
        Value::Int(i) => {
            out.push(2);
            out.extend_from_slice(&order_f64(*i as f64).to_be_bytes());
            // Ties between different integers that share a double: the exact value next.
            out.extend_from_slice(&((*i as u64) ^ (1 << 63)).to_be_bytes());
        }
        Value::Double(d) => {
            out.push(2);
            out.extend_from_slice(&order_f64(*d).to_be_bytes());
            let whole = if d.is_finite() { d.trunc() as i64 } else { 0 };
            out.extend_from_slice(&((whole as u64) ^ (1 << 63)).to_be_bytes());
        }
        Value::Str(s) => {
            out.push(3);
            escape_into(out, s.as_bytes());
        }
        Value::Array(items) => {
            out.push(4);
            let text: Vec<String> = items.iter().map(Value::to_field).collect();
            escape_into(out, text.join("\u{2}").as_bytes());
        }
    }
    if desc {
        for b in &mut out[start..] {
            *b = !*b;
        }
    }
}

/// Bytes with 0 and 1 escaped, then a 0 terminator: a prefix sorts first.
fn escape_into(out: &mut Vec<u8>, bytes: &[u8]) {
    for &b in bytes {
        if b <= 1 {
            out.push(1);
            out.push(b + 1);
        } else {
            out.push(b);
        }
    }
    out.push(0);
}

fn order_f64(d: f64) -> u64 {
    let bits = d.to_bits();
    if d.is_sign_negative() {
        !bits
    } else {
        bits ^ (1 << 63)
    }
}

/// A row as one line of `\x01`-separated fields (no newline).
pub fn row_to_line(row: &[Value]) -> String {
    row.iter().map(Value::to_field).collect::<Vec<_>>().join("\u{1}")
}

/// A row with the given field separator (INSERT OVERWRITE DIRECTORY ... ROW FORMAT).
pub fn row_to_line_with(row: &[Value], sep: &str) -> String {
    row.iter().map(Value::to_field).collect::<Vec<_>>().join(sep)
}

/// A `\x01`-separated line read back with the given types.
pub fn line_to_row(line: &str, types: &[Type]) -> Vec<Value> {
    let mut fields = line.split('\u{1}');
    types.iter().map(|t| fields.next().map_or(Value::Null, |f| Value::parse(f, *t))).collect()
}

/// The row as the Hive CLI prints it: tab-separated.
pub fn display_row(row: &[Value]) -> String {
    row.iter().map(Value::display).collect::<Vec<_>>().join("\t")
}

/// Rows and aggregation states inside a stage (shuffle values, map-join tables): a small
/// binary form, read back exactly.
pub fn encode_values(out: &mut Vec<u8>, values: &[Value]) {
    put_len(out, values.len());
    for v in values {
        match v {
            Value::Null => out.push(0),
            Value::Bool(b) => out.extend_from_slice(&[1, u8::from(*b)]),
            Value::Int(i) => {
                out.push(2);
                out.extend_from_slice(&i.to_be_bytes());
            }
            Value::Double(d) => {
                out.push(3);
                out.extend_from_slice(&d.to_bits().to_be_bytes());
            }
            Value::Str(s) => {
                out.push(4);
                put_len(out, s.len());
                out.extend_from_slice(s.as_bytes());
            }
            Value::Array(items) => {
                out.push(5);
                encode_values(out, items);
            }
        }
    }
}

fn put_len(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&(n as u32).to_be_bytes());
}

/// The values [`encode_values`] wrote at the front of `bytes`, and what follows them.
pub fn decode_values(bytes: &[u8]) -> Option<(Vec<Value>, &[u8])> {
    let (n, mut rest) = take_len(bytes)?;
    let mut out = Vec::with_capacity(n.min(1024));
    for _ in 0..n {
        let (&tag, r) = rest.split_first()?;
        rest = r;
        let v = match tag {
            0 => Value::Null,
            1 => {
                let (&b, r) = rest.split_first()?;
                rest = r;
                Value::Bool(b != 0)
            }
            2 | 3 => {
                let (head, r) = (rest.get(..8)?, rest.get(8..)?);
                rest = r;
                let n = u64::from_be_bytes(head.try_into().ok()?);
                if tag == 2 {
                    Value::Int(n as i64)
                } else {
                    Value::Double(f64::from_bits(n))
                }
            }
            4 => {
                let (len, r) = take_len(rest)?;
                let s = std::str::from_utf8(r.get(..len)?).ok()?;
                rest = r.get(len..)?;
                Value::Str(s.to_string())
            }
            5 => {
                let (items, r) = decode_values(rest)?;
                rest = r;
                Value::Array(items)
            }
            _ => return None,
        };
        out.push(v);
    }
    Some((out, rest))
}

fn take_len(bytes: &[u8]) -> Option<(usize, &[u8])> {
    let head = bytes.get(..4)?;
    Some((u32::from_be_bytes(head.try_into().ok()?) as usize, bytes.get(4..)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_print_as_java_does() {
        assert_eq!(java_double(2.5), "2.5");
        assert_eq!(java_double(3.0), "3.0");
        assert_eq!(java_double(1e7), "1.0E7");
        assert_eq!(java_double(12345678.9), "1.23456789E7");
        assert_eq!(java_double(0.0001), "1.0E-4");
        assert_eq!(java_double(0.001), "0.001");
    }

    #[test]
    fn keys_sort_as_values() {
        let vals = [
            Value::Null,
            Value::Int(-5),
            Value::Double(-1.5),
            Value::Int(0),
            Value::Int(3),
            Value::Double(3.5),
            Value::Str(String::new()),
            Value::str("a"),
            Value::str("ab"),
            Value::str("b"),
        ];
        let enc: Vec<Vec<u8>> = vals
            .iter()
            .map(|v| {
                let mut k = Vec::new();
                encode_key(&mut k, v, false);
                k
            })
            .collect();
        for w in enc.windows(2) {
            assert!(w[0] < w[1]);
        }
    }
}
