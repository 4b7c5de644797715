//! Data Pipeline's values: DateTime (`YYYY-MM-DDTHH:MM:SS`, UTC), Period (`N unit`), and the
//! expressions between `#{` and `}`: field references (`@scheduledStartTime`,
//! `input.directoryPath`, `myParam`), string and number literals, `+`, and the Developer Guide's
//! date functions (`format` with Joda-Time pattern letters, `plusDays`, `minusHours`, ...).

use chrono::{DateTime, Datelike, Months, NaiveDateTime, Timelike};

/// `2026-01-01T00:00:00` to Unix ms (the only form the Developer Guide allows: UTC, no zone).
pub fn parse_datetime(text: &str) -> Option<i64> {
    NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M:%S")
        .ok()
        .map(|t| t.and_utc().timestamp_millis())
}

/// Unix ms as Data Pipeline writes a DateTime: `2026-01-01T00:00:00`.
///
/// Every instance id holds one, and the scheduler builds ids on every look: the fields are
/// written directly, as `%Y-%m-%dT%H:%M:%S` writes them for years 0 to 9999 (chrono's format
/// string, parsed again per call, was a tenth of a look); other years keep chrono's signed form.
pub fn format_datetime(ms: i64) -> String {
    match DateTime::from_timestamp_millis(ms) {
        Some(t) if (0..=9999).contains(&t.year()) => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ),
        Some(t) => t.format("%Y-%m-%dT%H:%M:%S").to_string(),
        None => String::new(),
    }
}

/// A schedule period: `15 minutes`, `1 day`, `2 weeks`, `1 month`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Millis(i64),
    Months(u32),
}

impl Period {
    /// `N [minutes|hours|days|weeks|months|years]` (singular too, any case).
    pub fn parse(text: &str) -> Option<Period> {
        let mut parts = text.split_whitespace();
        let n: i64 = parts.next()?.parse().ok()?;
        let unit = parts.next()?.to_ascii_lowercase();
        if parts.next().is_some() || n <= 0 {
            return None;
        }
        let unit = unit.strip_suffix('s').unwrap_or(&unit);
        Some(match unit {
            "minute" => Period::Millis(n.checked_mul(60_000)?),
            "hour" => Period::Millis(n.checked_mul(3_600_000)?),
            "day" => Period::Millis(n.checked_mul(86_400_000)?),
            "week" => Period::Millis(n.checked_mul(7 * 86_400_000)?),
            "month" => Period::Months(u32::try_from(n).ok()?),
            "year" => Period::Months(u32::try_from(n.checked_mul(12)?).ok()?),
            _ => return None,
        })
    }

    /// `ms` moved on by `times` periods.
    pub fn add(self, ms: i64, times: u32) -> Option<i64> {
        match self {
            Period::Millis(p) => ms.checked_add(p.checked_mul(times as i64)?),
            Period::Months(m) => add_months(ms, m.checked_mul(times)? as i64),
        }
    }

    /// Roughly how long, for the minimum and maximum checks (a month counts 28 days).
    pub fn approx_ms(self) -> i64 {
        match self {
            Period::Millis(p) => p,
            Period::Months(m) => m as i64 * 28 * 86_400_000,
        }
    }
}

fn add_months(ms: i64, months: i64) -> Option<i64> {
    let t = DateTime::from_timestamp_millis(ms)?;
    let t = if months >= 0 {
        t.checked_add_months(Months::new(u32::try_from(months).ok()?))?
    } else {
        t.checked_sub_months(Months::new(u32::try_from(-months).ok()?))?
    };
    Some(t.timestamp_millis())
}

/// A value an expression computes.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    Int(i64),
    Time(i64),
}

impl Value {
    pub fn render(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Int(n) => n.to_string(),
            Value::Time(ms) => format_datetime(*ms),
        }
    }

    fn as_time(&self) -> Option<i64> {
        match self {
            Value::Time(t) => Some(*t),
            Value::Text(s) => parse_datetime(s),
            Value::Int(_) => None,
        }
    }

    fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(n) => Some(*n),
            Value::Text(s) => s.trim().parse().ok(),
            Value::Time(_) => None,
        }
    }
}

/// Looks up a reference (`@scheduledStartTime`, `myParam`, `input.directoryPath`).
pub trait Scope {
    fn lookup(&self, path: &[&str]) -> Option<Value>;
}

/// `text` with every `#{...}` evaluated. Errors name what did not parse or resolve.
pub fn interpolate(text: &str, scope: &dyn Scope) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find("#{") {
        out.push_str(&rest[..open]);
        let body = &rest[open + 2..];
        let close =
            find_close(body).ok_or_else(|| format!("Unterminated expression in '{text}'"))?;
        out.push_str(&evaluate(&body[..close], scope)?.render());
        rest = &body[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The `}` that closes an expression (braces inside quotes do not count).
fn find_close(body: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in body.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '}') => return Some(i),
            _ => {}
        }
    }
    None
}

/// One expression (what is between `#{` and `}`).
pub fn evaluate(expr: &str, scope: &dyn Scope) -> Result<Value, String> {
    let tokens = lex(expr)?;
    let mut p = Parser { tokens: &tokens, at: 0, scope, depth: 0 };
    let v = p.sum()?;
    if p.at != tokens.len() {
        return Err(format!("Unable to parse expression '{expr}'"));
    }
    Ok(v)
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Name(String),
    Str(String),
    Int(i64),
    Plus,
    Minus,
    Open,
    Close,
    Comma,
}

fn lex(expr: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = expr.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' => i += 1,
            '+' => (out.push(Tok::Plus), i += 1).1,
            '-' => (out.push(Tok::Minus), i += 1).1,
            '(' => (out.push(Tok::Open), i += 1).1,
            ')' => (out.push(Tok::Close), i += 1).1,
            ',' => (out.push(Tok::Comma), i += 1).1,
            '\'' | '"' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&d| d == c)
                    .ok_or_else(|| format!("Unterminated string in expression '{expr}'"))?;
                out.push(Tok::Str(chars[i + 1..i + 1 + end].iter().collect()));
                i += end + 2;
            }
            d if d.is_ascii_digit() => {
                let len = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                let text: String = chars[i..i + len].iter().collect();
                out.push(Tok::Int(
                    text.parse().map_err(|_| format!("Number too large in '{expr}'"))?,
                ));
                i += len;
            }
            n if n.is_alphanumeric() || n == '@' || n == '_' || n == '*' => {
                let len = chars[i..]
                    .iter()
                    .take_while(|c| c.is_alphanumeric() || matches!(c, '@' | '_' | '.' | '*'))
                    .count();
                out.push(Tok::Name(chars[i..i + len].iter().collect()));
                i += len;
            }
            other => return Err(format!("Unexpected character '{other}' in expression '{expr}'")),
        }
    }
    Ok(out)
}

struct Parser<'a> {
    tokens: &'a [Tok],
    at: usize,
    scope: &'a dyn Scope,
    depth: u32,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.at)
    }

    fn sum(&mut self) -> Result<Value, String> {
        let mut left = self.atom()?;
        while let Some(op @ (Tok::Plus | Tok::Minus)) = self.peek().cloned() {
            self.at += 1;
            let right = self.atom()?;
            left = match (op, left, right) {
                (Tok::Plus, Value::Int(a), Value::Int(b)) => Value::Int(a.saturating_add(b)),
                (Tok::Minus, Value::Int(a), Value::Int(b)) => Value::Int(a.saturating_sub(b)),
                (Tok::Plus, a, b) => Value::Text(a.render() + &b.render()),
                _ => return Err("Operator '-' needs two numbers".into()),
            };
        }
        Ok(left)
    }

    fn atom(&mut self) -> Result<Value, String> {
        self.depth += 1;
        if self.depth > 64 {
            return Err("Expression nested too deeply".into());
        }
        let tok = self.peek().cloned().ok_or("Unexpected end of expression")?;
        self.at += 1;
        let v = match tok {
            Tok::Str(s) => Value::Text(s),
            Tok::Int(n) => Value::Int(n),
            Tok::Open => {
                let v = self.sum()?;
                self.expect(Tok::Close)?;
                v
            }
            Tok::Name(name) if self.peek() == Some(&Tok::Open) => {
                self.at += 1;
                let mut args = Vec::new();
                if self.peek() != Some(&Tok::Close) {
                    args.push(self.sum()?);
                    while self.peek() == Some(&Tok::Comma) {
                        self.at += 1;
                        args.push(self.sum()?);
                    }
                }
                self.expect(Tok::Close)?;
                // `@scheduledStartTime.format('YYYY-MM-dd')` (the SqlDataNode page's form) is
                // `format(@scheduledStartTime, 'YYYY-MM-dd')`.
                match name.rsplit_once('.') {
                    Some((receiver, method)) => {
                        let path: Vec<&str> = receiver.split('.').collect();
                        let this = self
                            .scope
                            .lookup(&path)
                            .ok_or_else(|| format!("Unable to resolve {receiver}"))?;
                        args.insert(0, this);
                        call(method, &args)?
                    }
                    None => call(&name, &args)?,
                }
            }
            Tok::Name(name) => {
                let path: Vec<&str> = name.split('.').collect();
                self.scope.lookup(&path).ok_or_else(|| format!("Unable to resolve {name}"))?
            }
            other => return Err(format!("Unexpected {other:?} in expression")),
        };
        self.depth -= 1;
        Ok(v)
    }

    fn expect(&mut self, t: Tok) -> Result<(), String> {
        if self.peek() == Some(&t) {
            self.at += 1;
            Ok(())
        } else {
            Err("Expected ')' in expression".into())
        }
    }
}

/// The Developer Guide's functions on DateTime values.
fn call(name: &str, args: &[Value]) -> Result<Value, String> {
    let time = |i: usize| {
        args.get(i)
            .and_then(Value::as_time)
            .ok_or_else(|| format!("{name}: argument {} must be a DateTime", i + 1))
    };
    let int = |i: usize| {
        args.get(i)
            .and_then(Value::as_int)
            .ok_or_else(|| format!("{name}: argument {} must be a number", i + 1))
    };
    let shift = |unit_ms: i64, sign: i64| -> Result<Value, String> {
        let ms = time(0)?.checked_add(sign * unit_ms.saturating_mul(int(1)?));
        ms.map(Value::Time).ok_or_else(|| format!("{name}: out of range"))
    };
    let months = |n: i64| -> Result<Value, String> {
        add_months(time(0)?, n).map(Value::Time).ok_or_else(|| format!("{name}: out of range"))
    };
    let parts = |ms: i64| {
        DateTime::from_timestamp_millis(ms).ok_or_else(|| format!("{name}: out of range"))
    };
    Ok(match name {
        "format" => {
            let pattern = args.get(1).map(Value::render).ok_or("format: needs a pattern")?;
            Value::Text(joda_format(time(0)?, &pattern))
        }
        "plusMinutes" => shift(60_000, 1)?,
        "minusMinutes" => shift(60_000, -1)?,
        "plusHours" => shift(3_600_000, 1)?,
        "minusHours" => shift(3_600_000, -1)?,
        "plusDays" => shift(86_400_000, 1)?,
        "minusDays" => shift(86_400_000, -1)?,
        "plusWeeks" => shift(7 * 86_400_000, 1)?,
        "minusWeeks" => shift(7 * 86_400_000, -1)?,
        "plusMonths" => months(int(1)?)?,
        "minusMonths" => months(-int(1)?)?,
        "plusYears" => months(int(1)?.saturating_mul(12))?,
        "minusYears" => months(-int(1)?.saturating_mul(12))?,
        "yesterday" => Value::Time(time(0)? - 86_400_000),
        "midnight" => Value::Time(time(0)?.div_euclid(86_400_000) * 86_400_000),
        "day" => Value::Int(parts(time(0)?)?.day() as i64),
        "dayOfYear" => Value::Int(parts(time(0)?)?.ordinal() as i64),
        "hour" => Value::Int(parts(time(0)?)?.hour() as i64),
        "minute" => Value::Int(parts(time(0)?)?.minute() as i64),
        "month" => Value::Int(parts(time(0)?)?.month() as i64),
        "year" => Value::Int(parts(time(0)?)?.year() as i64),
        "makeDate" | "makeDateTime" => {
            let (y, mo, d) = (int(0)?, int(1)?, int(2)?);
            let (h, mi) = if name == "makeDateTime" { (int(3)?, int(4)?) } else { (0, 0) };
            let text = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:00");
            Value::Time(parse_datetime(&text).ok_or_else(|| format!("{name}: not a date"))?)
        }
        other => return Err(format!("Unknown function {other}")),
    })
}

/// Joda-Time's pattern letters: `Y`/`y` year (of era), `M` month, `d` day of month, `D` day of
/// year, `H` hour 0-23, `h` clock hour 1-12, `m`, `s`, `a` AM/PM, `z` zone; `'...'` is literal
/// text; anything else is copied.
pub fn joda_format(ms: i64, pattern: &str) -> String {
    let Some(t) = DateTime::from_timestamp_millis(ms) else { return String::new() };
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            let end =
                chars[i + 1..].iter().position(|&d| d == '\'').map_or(chars.len(), |p| i + 1 + p);
            out.extend(&chars[i + 1..end]);
            i = end + 1;
            continue;
        }
        let run = chars[i..].iter().take_while(|&&d| d == c).count();
        let num = |v: i64| format!("{v:0width$}", width = run);
        match c {
            'Y' | 'y' if run == 2 => out.push_str(&format!("{:02}", t.year() % 100)),
            'Y' | 'y' => out.push_str(&num(t.year() as i64)),
            'M' => out.push_str(&num(t.month() as i64)),
            'd' => out.push_str(&num(t.day() as i64)),
            'D' => out.push_str(&num(t.ordinal() as i64)),
            'H' => out.push_str(&num(t.hour() as i64)),
            'h' => out.push_str(&num(t.hour12().1 as i64)),
            'm' => out.push_str(&num(t.minute() as i64)),
            's' => out.push_str(&num(t.second() as i64)),
            'a' => out.push_str(if t.hour() < 12 { "AM" } else { "PM" }),
            'z' => out.push_str("UTC"),
            other => out.extend(std::iter::repeat_n(other, run)),
        }
        i += run;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_are_written_as_chronos_format_writes_them() {
        let chrono = |ms: i64| {
            DateTime::from_timestamp_millis(ms)
                .map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string())
                .unwrap_or_default()
        };
        let year_0 = parse_datetime("0000-01-01T00:00:00").unwrap_or_default();
        let year_10000 = 253_402_300_800_000;
        let mut samples =
            vec![0, -1, 999, year_0, year_0 - 1, year_10000, year_10000 - 1, i64::MAX];
        samples.extend((0..2_000).map(|n: i64| n * 9_876_543_211 - 4_000_000_000_000));
        for ms in samples {
            assert_eq!(format_datetime(ms), chrono(ms), "{ms}");
        }
        assert_eq!(format_datetime(year_0 - 1), "-0001-12-31T23:59:59");
        assert_eq!(format_datetime(year_10000), "+10000-01-01T00:00:00");
        assert_eq!(format_datetime(1_767_225_600_000), "2026-01-01T00:00:00");
    }

    struct At(i64);
    impl Scope for At {
        fn lookup(&self, path: &[&str]) -> Option<Value> {
            match path {
                ["@scheduledStartTime"] => Some(Value::Time(self.0)),
                ["myBucket"] => Some(Value::Text("s3://lab".into())),
                _ => None,
            }
        }
    }

    #[test]
    fn the_developer_guides_examples() {
        // May 24, 2011 5:10 pm GMT.
        let t = parse_datetime("2011-05-24T17:10:00").unwrap_or_default();
        let s = At(t);
        assert_eq!(
            interpolate("#{plusDays(@scheduledStartTime,1)}", &s),
            Ok("2011-05-25T17:10:00".into())
        );
        assert_eq!(interpolate("#{dayOfYear(@scheduledStartTime)}", &s), Ok("144".into()));
        assert_eq!(
            interpolate(
                "#{format(minusMinutes(@scheduledStartTime,30),'YYYY-MM-dd hh:mm:ss')}",
                &s
            ),
            Ok("2011-05-24 04:40:00".into())
        );
        assert_eq!(
            interpolate("#{myBucket}/out/#{format(@scheduledStartTime,'YYYY-MM-dd-HH')}", &s),
            Ok("s3://lab/out/2011-05-24-17".into())
        );
        assert_eq!(interpolate("#{\"hel\" + \"lo\"}", &s), Ok("hello".into()));
        assert!(interpolate("#{nope}", &s).is_err());
        assert!(interpolate("#{format(", &s).is_err());
        assert_eq!(
            interpolate("'#{@scheduledStartTime.format('YYYY-MM-dd HH:mm:ss')}'", &s),
            Ok("'2011-05-24 17:10:00'".into())
        );
    }

    #[test]
    fn periods() {
        assert_eq!(Period::parse("15 minutes"), Some(Period::Millis(900_000)));
        assert_eq!(Period::parse("1 Day"), Some(Period::Millis(86_400_000)));
        assert_eq!(Period::parse("1 month"), Some(Period::Months(1)));
        assert_eq!(Period::parse("daily"), None);
        assert_eq!(Period::parse("0 hours"), None);
    }
}
