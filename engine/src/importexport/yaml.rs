//! The manifest's YAML, read by a small strict decoder of the subset AWS's manifests use: block
//! maps (`key: value`), block lists (`- item`, items that are scalars or maps), plain and quoted
//! scalars, `#` comments, an optional `---`. No crate in the environment's package lists reads
//! YAML, and a manifest needs no more than this. What lies outside the subset (flow collections
//! `{}` / `[]`, anchors, tags, block scalars `|` / `>`, tabs in indentation, a key given twice)
//! is refused as a whole: AWS then answers MalformedManifestException ("Your manifest is not
//! well-formed."), and the sandbox says which line in [`YamlError`] for its own views.
//!
//! Never panics, whatever the text (the fuzz target `importexport_manifest` checks it).

/// A decoded value. Maps keep their keys in the order written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// A key with nothing after it and no block below.
    Null,
    Scalar(String),
    Map(Vec<(String, Value)>),
    List(Vec<Value>),
}

impl Value {
    /// The scalar's text; `None` for a map, a list or nothing.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// A map's member.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Why a text is not a manifest's YAML: the line (1-based) and what is wrong there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub why: &'static str,
}

/// One meaningful line: its number, indentation and content without comment or trailing space.
#[derive(Clone, Copy, Debug)]
struct Line<'a> {
    number: usize,
    indent: usize,
    text: &'a str,
}

/// Deepest nesting the decoder follows; a manifest needs three levels.
const MAX_DEPTH: usize = 32;

/// Decodes a whole document. An empty document is an empty map.
pub fn parse(text: &str) -> Result<Value, YamlError> {
    let lines = lines(text)?;
    if lines.is_empty() {
        return Ok(Value::Map(Vec::new()));
    }
    let mut at = 0;
    let value = block(&lines, &mut at, lines[0].indent, 0)?;
    match lines.get(at) {
        Some(l) => {
            Err(YamlError { line: l.number, why: "indentation does not match the lines above" })
        }
        None => Ok(value),
    }
}

fn lines(text: &str) -> Result<Vec<Line<'_>>, YamlError> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let number = i + 1;
        let body = strip_comment(raw).trim_end();
        let content = body.trim_start_matches(' ');
        if content.is_empty() {
            continue;
        }
        if content.starts_with('\t') {
            return Err(YamlError { line: number, why: "tabs are not allowed in indentation" });
        }
        if out.is_empty() && content == "---" {
            continue;
        }
        if content == "---" || content == "..." {
            return Err(YamlError { line: number, why: "a manifest is one document" });
        }
        out.push(Line { number, indent: body.len() - content.len(), text: content });
    }
    Ok(out)
}

/// The line without a `#` comment (one at the start or after a space, outside quotes).
fn strip_comment(line: &str) -> &str {
    let mut quote = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '#') if prev == ' ' || prev == '\t' => return &line[..i],
            (None, '\'' | '"') if prev == ' ' || prev == ':' || i == 0 => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
        prev = c;
    }
    line
}

/// The block starting at `lines[*at]`, all of whose lines sit at `indent`.
fn block(
    lines: &[Line<'_>],
    at: &mut usize,
    indent: usize,
    depth: usize,
) -> Result<Value, YamlError> {
    let first = lines[*at];
    if depth > MAX_DEPTH {
        return Err(YamlError { line: first.number, why: "nested too deeply" });
    }
    if is_item(first.text) {
        list(lines, at, indent, depth)
    } else {
        map(lines, at, indent, depth)
    }
}

fn is_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

fn list(
    lines: &[Line<'_>],
    at: &mut usize,
    indent: usize,
    depth: usize,
) -> Result<Value, YamlError> {
    let mut items = Vec::new();
    while let Some(line) = lines.get(*at).copied() {
        if line.indent < indent {
            break;
        }
        if line.indent > indent || !is_item(line.text) {
            return Err(YamlError { line: line.number, why: "a list item must start with \"- \"" });
        }
        let rest = line.text[1..].trim_start_matches(' ');
        *at += 1;
        if rest.is_empty() {
            // `-` alone: the item is the block below, or nothing.
            match lines.get(*at) {
                Some(next) if next.indent > indent => {
                    items.push(block(lines, at, next.indent, depth + 1)?)
                }
                _ => items.push(Value::Null),
            }
            continue;
        }
        // `- key: value` starts a map whose further keys line up with `key`.
        let item_indent = indent + (line.text.len() - rest.len());
        if split_key(rest).is_some() {
            let inner = Line { number: line.number, indent: item_indent, text: rest };
            let mut sub: Vec<Line<'_>> = vec![inner];
            let start = *at;
            while let Some(l) = lines.get(*at) {
                if l.indent < item_indent {
                    break;
                }
                sub.push(*l);
                *at += 1;
            }
            let mut k = 0;
            let value = map(&sub, &mut k, item_indent, depth + 1)?;
            if let Some(l) = sub.get(k) {
                *at = start;
                return Err(YamlError {
                    line: l.number,
                    why: "indentation does not match the lines above",
                });
            }
            items.push(value);
        } else {
            items.push(scalar(rest, line.number)?);
        }
    }
    Ok(Value::List(items))
}

fn map(
    lines: &[Line<'_>],
    at: &mut usize,
    indent: usize,
    depth: usize,
) -> Result<Value, YamlError> {
    let mut entries: Vec<(String, Value)> = Vec::new();
    while let Some(line) = lines.get(*at).copied() {
        if line.indent < indent {
            break;
        }
        if line.indent > indent {
            return Err(YamlError {
                line: line.number,
                why: "indentation does not match the lines above",
            });
        }
        if is_item(line.text) {
            return Err(YamlError {
                line: line.number,
                why: "a list item where a key was expected",
            });
        }
        let (key, rest) = split_key(line.text)
            .ok_or(YamlError { line: line.number, why: "expected \"key: value\"" })?;
        let key = unquote(key, line.number)?;
        if entries.iter().any(|(k, _)| *k == key) {
            return Err(YamlError { line: line.number, why: "a key given twice" });
        }
        *at += 1;
        let value = if rest.is_empty() {
            match lines.get(*at) {
                Some(next) if next.indent > indent => block(lines, at, next.indent, depth + 1)?,
                // A list may sit at its key's own indentation (`operations:` / `- ...`).
                Some(next) if next.indent == indent && is_item(next.text) => {
                    list(lines, at, indent, depth + 1)?
                }
                _ => Value::Null,
            }
        } else {
            scalar(rest, line.number)?
        };
        entries.push((key, value));
    }
    Ok(Value::Map(entries))
}

/// `key: rest` (the colon followed by a space or the line's end), outside quotes.
fn split_key(text: &str) -> Option<(&str, &str)> {
    let bytes = text.as_bytes();
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate() {
        match (quote, b) {
            (None, b'\'' | b'"') if i == 0 => quote = Some(b),
            (Some(q), b) if b == q => quote = None,
            (None, b':') if bytes.get(i + 1).is_none_or(|n| *n == b' ') => {
                let key = text[..i].trim_end();
                return (!key.is_empty()).then(|| (key, text[i + 1..].trim_start_matches(' ')));
            }
            _ => {}
        }
    }
    None
}

/// A scalar: plain, or quoted with `'` (`''` is a quote) or `"` (backslash escapes).
fn scalar(text: &str, line: usize) -> Result<Value, YamlError> {
    match text.as_bytes().first() {
        Some(b'{' | b'[') => Err(YamlError { line, why: "flow collections are not supported" }),
        Some(b'&' | b'*' | b'!') => {
            Err(YamlError { line, why: "anchors, aliases and tags are not supported" })
        }
        Some(b'|' | b'>') => Err(YamlError { line, why: "block scalars are not supported" }),
        _ => unquote(text, line).map(Value::Scalar),
    }
}

fn unquote(text: &str, line: usize) -> Result<String, YamlError> {
    let unterminated = YamlError { line, why: "an unterminated quoted string" };
    if let Some(inner) = text.strip_prefix('\'') {
        let inner = inner.strip_suffix('\'').ok_or(unterminated)?;
        return Ok(inner.replace("''", "'"));
    }
    if let Some(inner) = text.strip_prefix('"') {
        let inner = inner.strip_suffix('"').ok_or(unterminated)?;
        let mut out = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(c @ ('\\' | '"' | '/')) => out.push(c),
                _ => return Err(YamlError { line, why: "an unknown escape in a quoted string" }),
            }
        }
        return Ok(out);
    }
    Ok(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Value {
        Value::Scalar(v.into())
    }

    #[test]
    fn reads_the_developer_guides_import_manifest() {
        let text = "manifestVersion: 2.0\naccessKeyId: AKIAIOSFODNN7EXAMPLE\n\
                    returnAddress:\n    name: Amazon.com ATTN Joe Random\n    street1: 120 Nosuch Ave S.\n\
                    deviceId: 49382 # the sticker\neraseDevice: no\nbucket: myBucket\n";
        let v = parse(text).unwrap();
        assert_eq!(v.get("manifestVersion"), Some(&s("2.0")));
        assert_eq!(
            v.get("returnAddress").and_then(|a| a.get("street1")),
            Some(&s("120 Nosuch Ave S."))
        );
        assert_eq!(v.get("deviceId"), Some(&s("49382")));
    }

    #[test]
    fn reads_operations_lists_at_either_indentation() {
        let a = "operations:\n  - exportBucket: logs\n    prefix: 2024/\n  - exportBucket: b\n";
        let b = "operations:\n- exportBucket: logs\n  prefix: 2024/\n- exportBucket: b\n";
        for text in [a, b] {
            let v = parse(text).unwrap();
            let Some(Value::List(ops)) = v.get("operations") else { panic!("{v:?}") };
            assert_eq!(ops.len(), 2);
            assert_eq!(ops[0].get("prefix"), Some(&s("2024/")));
            assert_eq!(ops[1].get("exportBucket"), Some(&s("b")));
        }
    }

    #[test]
    fn quotes_and_colons_inside_values() {
        let v = parse("a: 'it''s: here'\nb: \"x\\ty\"\nc: http://x:8080/p\n").unwrap();
        assert_eq!(v.get("a"), Some(&s("it's: here")));
        assert_eq!(v.get("b"), Some(&s("x\ty")));
        assert_eq!(v.get("c"), Some(&s("http://x:8080/p")));
    }

    #[test]
    fn refuses_what_is_outside_the_subset() {
        let cases = [
            ("a: 1\na: 2\n", 2, "a key given twice"),
            ("a: {b: 1}\n", 1, "flow collections are not supported"),
            ("a:\n\tb: 1\n", 2, "tabs are not allowed in indentation"),
            ("a: 1\n  b: 2\n", 2, "indentation does not match the lines above"),
            ("just words\n", 1, "expected \"key: value\""),
            ("a: 'open\n", 1, "an unterminated quoted string"),
        ];
        for (text, line, why) in cases {
            assert_eq!(parse(text), Err(YamlError { line, why }), "{text:?}");
        }
    }
}
