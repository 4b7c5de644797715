//! A botocore `service-2.json` as the page embeds it: minified, and every `documentation`
//! string cut to the first sentence the console's help shows (`doc_summary::summary`). The
//! three models shrink from 565 kB to 264 kB of JSON, and what the page downloads by some
//! 50 kB. Member and key order are kept: the CLI lists options and skeleton members in the
//! model's order. Used by `engine/build.rs`, and by the engine's tests through the same path.

use super::doc_summary::summary;

/// The model text compacted. Input that is not well-formed JSON comes out as garbage, and the
/// CLI's parser, which reads it at run time, reports the model as missing.
pub fn compact_model(json: &str) -> String {
    let mut out = String::with_capacity(json.len() / 2);
    let mut rest = json;
    while let Some(c) = rest.chars().next() {
        if c == '"' {
            let (text, after) = split_string(rest);
            rest = after;
            let is_doc_key = text == "\"documentation\"" && rest.trim_start().starts_with(':');
            out.push_str(text);
            if is_doc_key {
                rest = rest.trim_start()[1..].trim_start();
                out.push(':');
                if rest.starts_with('"') {
                    let (value, after) = split_string(rest);
                    rest = after;
                    out.push_str(&quote(&summary(&unquote(value))));
                }
            }
        } else {
            if !c.is_whitespace() {
                out.push(c);
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The string literal at the start of `s` (quotes included) and what follows it.
fn split_string(s: &str) -> (&str, &str) {
    let mut escaped = false;
    for (i, c) in s.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return s.split_at(i + 1),
            _ => {}
        }
    }
    (s, "")
}

/// The text of a JSON string literal.
fn unquote(literal: &str) -> String {
    let inner = literal.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(literal);
    let mut text = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    let mut pending_high: Option<u32> = None;
    while let Some(c) = chars.next() {
        if c != '\\' {
            text.push(c);
            continue;
        }
        let decoded = match chars.next() {
            Some('n') => '\n',
            Some('t') => '\t',
            Some('r') => '\r',
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some('u') => {
                let code = u32::from_str_radix(&chars.by_ref().take(4).collect::<String>(), 16)
                    .unwrap_or(0xFFFD);
                if (0xD800..0xDC00).contains(&code) {
                    pending_high = Some(code);
                    continue;
                }
                let code = match pending_high.take() {
                    Some(high) if (0xDC00..0xE000).contains(&code) => {
                        0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)
                    }
                    _ => code,
                };
                char::from_u32(code).unwrap_or('\u{FFFD}')
            }
            Some(other) => other,
            None => break,
        };
        text.push(decoded);
    }
    text
}

/// `text` as a JSON string literal.
fn quote(text: &str) -> String {
    let mut literal = String::with_capacity(text.len() + 2);
    literal.push('"');
    for c in text.chars() {
        match c {
            '"' => literal.push_str("\\\""),
            '\\' => literal.push_str("\\\\"),
            c if (c as u32) < 0x20 => literal.push_str(&format!("\\u{:04x}", c as u32)),
            c => literal.push(c),
        }
    }
    literal.push('"');
    literal
}
