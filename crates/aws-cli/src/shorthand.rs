//! The CLI's shorthand syntax (`Data=aGk=,PartitionKey=k1`, `Type=AT_LATEST`,
//! `Key=a,Values=b,c`, `Tags={k=v}`, `Ids=[a,b]`), ported from awscli/shorthand.py (awscli
//! 1.45, the same grammar as v2): the parser, then the model-driven `BackCompatVisitor` that
//! turns strings into the member types.

use super::json::Json;
use super::model::{Service, ShapeId, ShapeType};

#[derive(Debug, Clone, PartialEq)]
pub struct ShorthandError(pub String);

/// `ShorthandParseSyntaxError`. awscli's message template forgets the `f` on its second line,
/// so the real CLI prints the literal text `{self._error_location()}`; so do we.
fn syntax_error(expected: &str, actual: &str) -> ShorthandError {
    ShorthandError(format!(
        "Expected: '{expected}', received: '{actual}' for input:\n{{self._error_location()}}"
    ))
}

pub fn parse(value: &str) -> Result<Json, ShorthandError> {
    let mut p = ShorthandParser { input: value.chars().collect(), index: 0 };
    p.parameter()
}

struct ShorthandParser {
    input: Vec<char>,
    index: usize,
}

fn is_python_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{0b}' | '\u{0c}')
}

/// `[!#-&(-+\--<>-Z\\-z|-\uffff]`
fn start_word(c: char) -> bool {
    matches!(c, '!' | '#'..='&' | '('..='+' | '-'..='<' | '>'..='Z' | '\\'..='z' | '|'..='\u{ffff}')
}

/// `[\s!#-&(-+\--\\^-|~-\uffff]`
fn first_follow(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '!' | '#'..='&' | '('..='+' | '-'..='\\' | '^'..='|' | '~'..='\u{ffff}')
}

/// `[\s!#-&(-+\--<>-\uffff]`
fn second_follow(c: char) -> bool {
    c.is_whitespace() || matches!(c, '!' | '#'..='&' | '('..='+' | '-'..='<' | '>'..='\u{ffff}')
}

impl ShorthandParser {
    fn at_eof(&self) -> bool {
        self.index >= self.input.len()
    }

    fn current(&self) -> Option<char> {
        self.input.get(self.index).copied()
    }

    fn parameter(&mut self) -> Result<Json, ShorthandError> {
        let mut params = Json::Object(Vec::new());
        let (key, val) = self.keyval()?;
        params.insert(&key, val);
        let mut last_index = self.index;
        while !self.at_eof() {
            self.expect(',', true)?;
            let (key, val) = self.keyval()?;
            if params.get(&key).is_some() {
                return Err(self.duplicate_key(&key, last_index + 1));
            }
            params.insert(&key, val);
            last_index = self.index;
        }
        Ok(params)
    }

    fn duplicate_key(&self, key: &str, index: usize) -> ShorthandError {
        let value: String = self.input.iter().collect();
        let chars = &self.input;
        let index = index.min(chars.len());
        let before: String = chars[..index].iter().collect();
        let mut num_spaces = index;
        if let Some(nl) = before.rfind('\n') {
            num_spaces = index - before[..nl].chars().count() - 1;
        }
        let (consumed, remaining) = match chars[index..].iter().position(|c| *c == '\n') {
            Some(off) => {
                (chars[..index + off].iter().collect(), chars[index + off..].iter().collect())
            }
            None => (value, String::new()),
        };
        ShorthandError(format!(
            "Second instance of key \"{key}\" encountered for input:\n{consumed}\n{}^{remaining}\nThis is often because there is a preceding \",\" instead of a space.",
            " ".repeat(num_spaces)
        ))
    }

    fn keyval(&mut self) -> Result<(String, Json), ShorthandError> {
        let key = self.key();
        // `key@=value` asks for file:// values to be read; the console has no files, so the
        // value is taken as written.
        if self.expect('@', true).is_err() {
            // not a paramfile key
        }
        self.expect('=', true)?;
        let values = self.values()?;
        Ok((key, values))
    }

    fn key(&mut self) -> String {
        let start = self.index;
        while let Some(c) = self.current() {
            if !(c.is_ascii_alphanumeric() || "-_.#/:".contains(c)) {
                break;
            }
            self.index += 1;
        }
        self.input[start..self.index].iter().collect()
    }

    fn values(&mut self) -> Result<Json, ShorthandError> {
        match self.current() {
            None => Ok(Json::String(String::new())),
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            Some(_) => self.csv_value(),
        }
    }

    fn csv_value(&mut self) -> Result<Json, ShorthandError> {
        let first = self.first_value()?;
        self.consume_whitespace();
        if self.at_eof() || self.current() != Some(',') {
            return Ok(first);
        }
        self.expect(',', true)?;
        let mut list = vec![first.clone()];
        loop {
            match self.second_value_then_comma() {
                Ok((value, done)) => {
                    list.push(value);
                    if done {
                        break;
                    }
                }
                Err(e) => {
                    if self.at_eof() {
                        return Err(e);
                    }
                    self.backtrack_to(',');
                    break;
                }
            }
        }
        if list.len() == 1 {
            return Ok(first);
        }
        Ok(Json::Array(list))
    }

    /// One `_second_value()` and its trailing comma; `done` at end of input.
    fn second_value_then_comma(&mut self) -> Result<(Json, bool), ShorthandError> {
        let current = self.second_value()?;
        self.consume_whitespace();
        if self.at_eof() {
            return Ok((current, true));
        }
        self.expect(',', true)?;
        Ok((current, false))
    }

    fn explicit_list(&mut self) -> Result<Json, ShorthandError> {
        self.expect('[', true)?;
        let mut values = Vec::new();
        while self.current() != Some(']') {
            values.push(self.explicit_values()?);
            self.consume_whitespace();
            if self.current() != Some(']') {
                self.expect(',', false)?;
                self.consume_whitespace();
            }
        }
        self.expect(']', false)?;
        Ok(Json::Array(values))
    }

    fn explicit_values(&mut self) -> Result<Json, ShorthandError> {
        match self.current() {
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            _ => self.first_value(),
        }
    }

    fn hash_literal(&mut self) -> Result<Json, ShorthandError> {
        self.expect('{', true)?;
        let mut keyvals = Json::Object(Vec::new());
        while self.current() != Some('}') {
            let key = self.key();
            let _ = self.expect('@', true);
            self.expect('=', true)?;
            let v = self.explicit_values()?;
            self.consume_whitespace();
            if self.current() != Some('}') {
                self.expect(',', false)?;
                self.consume_whitespace();
            }
            keyvals.insert(&key, v);
        }
        self.expect('}', false)?;
        Ok(keyvals)
    }

    fn first_value(&mut self) -> Result<Json, ShorthandError> {
        match self.current() {
            Some('\'') => self.quoted('\''),
            Some('"') => self.quoted('"'),
            _ => Ok(Json::String(self.value())),
        }
    }

    fn second_value(&mut self) -> Result<Json, ShorthandError> {
        match self.current() {
            Some('\'') => self.quoted('\''),
            Some('"') => self.quoted('"'),
            _ => match self.match_word(second_follow) {
                Some(consumed) => {
                    Ok(Json::String(consumed.replace("\\,", ",").trim_end().to_string()))
                }
                None => Err(syntax_error("<second>", "<none>")),
            },
        }
    }

    fn value(&mut self) -> String {
        match self.match_word(first_follow) {
            Some(consumed) => consumed.replace("\\,", ",").trim_end().to_string(),
            None => String::new(),
        }
    }

    /// `((\\,)|[START_WORD])((\\,)|[follow])*` at the current index.
    fn match_word(&mut self, follow: fn(char) -> bool) -> Option<String> {
        let start = self.index;
        let mut i = self.index;
        let escaped_comma =
            |i: usize| self.input.get(i) == Some(&'\\') && self.input.get(i + 1) == Some(&',');
        if escaped_comma(i) {
            i += 2;
        } else if self.input.get(i).is_some_and(|c| start_word(*c)) {
            i += 1;
        } else {
            return None;
        }
        loop {
            if escaped_comma(i) {
                i += 2;
            } else if self.input.get(i).is_some_and(|c| follow(*c)) {
                i += 1;
            } else {
                break;
            }
        }
        self.index = i;
        Some(self.input[start..i].iter().collect())
    }

    /// `'(?:\\'|[^'])*'`, then `\'` -> `'` and `\\` -> `\`.
    fn quoted(&mut self, quote: char) -> Result<Json, ShorthandError> {
        let name = if quote == '\'' { "<singled quoted>" } else { "<double quoted>" };
        let start = self.index;
        let mut i = start + 1;
        loop {
            match self.input.get(i) {
                None => return Err(syntax_error(name, "<none>")),
                Some('\\') if self.input.get(i + 1) == Some(&quote) => i += 2,
                Some(c) if *c == quote => break,
                Some(_) => i += 1,
            }
        }
        self.index = i + 1;
        let inner: String = self.input[start + 1..i].iter().collect();
        let escaped = format!("\\{quote}");
        Ok(Json::String(inner.replace(&escaped, &quote.to_string()).replace("\\\\", "\\")))
    }

    fn expect(&mut self, c: char, consume_whitespace: bool) -> Result<(), ShorthandError> {
        if consume_whitespace {
            self.consume_whitespace();
        }
        match self.current() {
            None => return Err(syntax_error(&c.to_string(), "EOF")),
            Some(actual) if actual != c => {
                return Err(syntax_error(&c.to_string(), &actual.to_string()))
            }
            Some(_) => self.index += 1,
        }
        if consume_whitespace {
            self.consume_whitespace();
        }
        Ok(())
    }

    fn backtrack_to(&mut self, c: char) {
        while self.index > 0 && self.input.get(self.index) != Some(&c) {
            self.index -= 1;
        }
    }

    fn consume_whitespace(&mut self) {
        while self.current().is_some_and(is_python_whitespace) {
            self.index += 1;
        }
    }
}

/// awscli's `BackCompatVisitor`: a scalar where the model wants a list becomes a one-item
/// list; numbers and booleans are converted from their text. Python's `int()` failing is not
/// caught by the CLI, so its message reaches the user as is.
pub fn visit(service: &Service, shape: ShapeId, value: &mut Json) -> Result<(), String> {
    let s = service.shape(shape);
    match s.kind {
        ShapeType::Structure => {
            if let Json::Object(members) = value {
                for (name, v) in members.iter_mut() {
                    if let Some(m) = s.member(name) {
                        visit_member(service, m.shape, v)?;
                    }
                }
            }
        }
        ShapeType::List => {
            if let (Json::Array(items), Some(member)) = (value, s.member) {
                for item in items {
                    visit_member(service, member, item)?;
                }
            }
        }
        ShapeType::Map => {
            if let (Json::Object(members), Some(vshape)) = (value, s.value) {
                for (_, v) in members.iter_mut() {
                    visit_member(service, vshape, v)?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

fn visit_member(service: &Service, shape: ShapeId, value: &mut Json) -> Result<(), String> {
    let s = service.shape(shape);
    match s.kind {
        ShapeType::List if !matches!(value, Json::Array(_)) => {
            *value = Json::Array(vec![std::mem::replace(value, Json::Null)]);
            Ok(())
        }
        ShapeType::Structure | ShapeType::List | ShapeType::Map => visit(service, shape, value),
        ShapeType::Integer | ShapeType::Long => {
            *value = python_int_value(value)?;
            Ok(())
        }
        ShapeType::Double | ShapeType::Float => {
            if let Json::String(text) = value {
                match super::unpack::python_float(text) {
                    Some(f) => *value = Json::Float(f),
                    None => return Err(format!("could not convert string to float: '{text}'")),
                }
            }
            Ok(())
        }
        ShapeType::Boolean => {
            if let Json::String(text) = value {
                match text.to_lowercase().as_str() {
                    "true" => *value = Json::Bool(true),
                    "false" => *value = Json::Bool(false),
                    _ => {}
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn python_int_value(value: &Json) -> Result<Json, String> {
    match value {
        Json::String(text) => {
            super::unpack::python_int(text).map(|i| Json::Int(i.into())).ok_or_else(|| {
                format!(
                    "invalid literal for int() with base 10: {}",
                    super::argparse::python_repr(text)
                )
            })
        }
        Json::Array(_) => {
            Err("int() argument must be a string, a bytes-like object or a real number, not 'list'"
                .to_string())
        }
        Json::Object(_) => {
            Err("int() argument must be a string, a bytes-like object or a real number, not 'dict'"
                .to_string())
        }
        other => Ok(other.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> String {
        parse(s).map(|j| j.to_wire()).unwrap_or_else(|e| e.0)
    }

    #[test]
    fn parses_awscli_examples() {
        assert_eq!(p("a=b"), r#"{"a":"b"}"#);
        assert_eq!(p("a=b,c"), r#"{"a":["b","c"]}"#);
        assert_eq!(p("a=b,c=d"), r#"{"a":"b","c":"d"}"#);
        assert_eq!(p("foo=a,b,c=d,e=f"), r#"{"foo":["a","b"],"c":"d","e":"f"}"#);
        assert_eq!(p("Data=aGk=,PartitionKey=k1"), r#"{"Data":"aGk=","PartitionKey":"k1"}"#);
        assert_eq!(p("a=[b,c],d={e=f}"), r#"{"a":["b","c"],"d":{"e":"f"}}"#);
        assert_eq!(p(r#"a='x,y',b="q\"r""#), r#"{"a":"x,y","b":"q\"r"}"#);
        assert_eq!(p(r"a=x\,y"), r#"{"a":"x,y"}"#);
        assert_eq!(p("a="), r#"{"a":""}"#);
    }

    #[test]
    fn errors_like_awscli() {
        assert_eq!(p("abc"), "Expected: '=', received: 'EOF' for input:\n{self._error_location()}");
        assert!(p("a=b,a=c")
            .starts_with("Second instance of key \"a\" encountered for input:\na=b,a=c\n    ^"));
    }
}
