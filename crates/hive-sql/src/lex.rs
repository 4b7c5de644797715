//! The pre-pass in front of sqlparser. Hive reads `"..."` as a string (sqlparser's Hive
//! dialect reads it as an identifier) and both quotes with backslash escapes (`'\t'`,
//! `'\\d+'`, `'\001'`); `SET k=v` takes raw text. The pre-pass never moves text: each
//! statement is handed to sqlparser at its own place in the script (everything before it
//! blanked, newlines kept), and a string literal sqlparser would misread is overwritten, at
//! its own length, by a single-quoted placeholder whose first character names the unescaped
//! value. Every line and column sqlparser reports is therefore a position in the learner's
//! text.

use crate::error::HiveError;

/// The longest script accepted, and the most statements: beyond them a script is refused
/// rather than parsed (the sandbox runs in a browser tab).
pub const MAX_SCRIPT_CHARS: usize = 200_000;
pub const MAX_STATEMENTS: usize = 500;

/// A statement's text for sqlparser and the literals its placeholders stand for.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub text: String,
    pub strings: Vec<String>,
    /// Where the statement starts (1-based line, 0-based column) and its own text.
    pub line: u64,
    pub column: u64,
    pub raw: String,
}

/// The first character of a placeholder: a private-use character, plus the literal's index.
pub const PLACEHOLDER_BASE: u32 = 0xF0000;

/// Splits a script at top-level semicolons and prepares each statement.
pub fn split(script: &str) -> Result<Vec<Prepared>, HiveError> {
    let chars: Vec<char> = script.chars().collect();
    if chars.len() > MAX_SCRIPT_CHARS {
        return Err(HiveError::parse(
            1,
            0,
            format!(
                "the script is {} characters long; the sandbox reads at most {MAX_SCRIPT_CHARS}",
                chars.len()
            ),
        ));
    }
    let mut out = Vec::new();
    let mut prefix = String::new();
    let mut cur = String::new();
    let mut strings = Vec::new();
    let mut raw = String::new();
    let (mut line, mut col) = (1u64, 0u64);
    let mut start: Option<(u64, u64)> = None;
    let mut i = 0;
    let advance = |c: char, line: &mut u64, col: &mut u64| {
        if c == '\n' {
            *line += 1;
            *col = 0;
        } else {
            *col += 1;
        }
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '-' && chars.get(i + 1) == Some(&'-') {
            // A comment to the end of the line: blank for sqlparser.
            while i < chars.len() && chars[i] != '\n' {
                cur.push(' ');
                advance(chars[i], &mut line, &mut col);
                i += 1;
            }
            continue;
        }
        if c == '\'' || c == '"' {
            let (lit_start_line, lit_start_col) = (line, col);
            let mut j = i + 1;
            let mut value = String::new();
            let mut closed = false;
            while j < chars.len() {
                let d = chars[j];
                if d == '\\' {
                    if let Some(&e) = chars.get(j + 1) {
                        j += unescape(&chars[j + 1..], e, &mut value);
                        continue;
                    }
                    j += 1;
                    continue;
                }
                if d == c {
                    closed = true;
                    break;
                }
                value.push(d);
                j += 1;
            }
            if !closed {
                return Err(HiveError::parse(
                    lit_start_line,
                    lit_start_col,
                    "character '<EOF>' not supported here: the string is never closed",
                ));
            }
            start.get_or_insert((lit_start_line, lit_start_col));
            let lit: Vec<char> = chars[i..=j].to_vec();
            let inner: String = chars[i + 1..j].iter().collect();
            let plain = !inner.contains('\\') && !inner.contains('\'') && !inner.contains('\n');
            if plain {
                cur.push('\'');
                cur.push_str(&inner);
                cur.push('\'');
            } else {
                let k = strings.len() as u32;
                let mark = char::from_u32(PLACEHOLDER_BASE + k).unwrap_or('\u{F0000}');
                cur.push('\'');
                cur.push(mark);
                for ch in lit.iter().take(lit.len().saturating_sub(1)).skip(2) {
                    cur.push(if *ch == '\n' { '\n' } else { ' ' });
                }
                cur.push('\'');
                strings.push(value);
            }
            for ch in &lit {
                raw.push(*ch);
                advance(*ch, &mut line, &mut col);
            }
            i = j + 1;
            continue;
        }
        if c == ';' {
            if start.is_some() {
                if out.len() >= MAX_STATEMENTS {
                    return Err(HiveError::parse(
                        line,
                        col,
                        format!("the script has more than {MAX_STATEMENTS} statements"),
                    ));
                }
                let (l, cl) = start.unwrap_or((1, 0));
                out.push(Prepared {
                    text: format!("{prefix}{cur}"),
                    strings: std::mem::take(&mut strings),
                    line: l,
                    column: cl,
                    raw: std::mem::take(&mut raw).trim().to_string(),
                });
            }
            prefix.push_str(&blank(&cur));
            prefix.push(' ');
            cur.clear();
            raw.clear();
            strings.clear();
            start = None;
            advance(c, &mut line, &mut col);
            i += 1;
            continue;
        }
        if !c.is_whitespace() {
            start.get_or_insert((line, col));
        }
        if start.is_some() {
            raw.push(c);
        }
        cur.push(c);
        advance(c, &mut line, &mut col);
        i += 1;
    }
    if let Some((l, cl)) = start {
        out.push(Prepared {
            text: format!("{prefix}{cur}"),
            strings,
            line: l,
            column: cl,
            raw: raw.trim().to_string(),
        });
    }
    Ok(out)
}

fn blank(s: &str) -> String {
    s.chars().map(|c| if c == '\n' { '\n' } else { ' ' }).collect()
}

/// One escape after a backslash (Hive's `unescapeSQLString`): returns how many characters it
/// took, the backslash included.
fn unescape(after: &[char], e: char, out: &mut String) -> usize {
    // `\ooo`: three octal digits.
    if after.len() >= 3 && after[..3].iter().all(|d| ('0'..='7').contains(d)) {
        let n = after[..3].iter().fold(0u32, |n, d| n * 8 + (*d as u32 - '0' as u32));
        if let Some(ch) = char::from_u32(n) {
            out.push(ch);
        }
        return 4;
    }
    if e == 'u' && after.len() >= 5 {
        let hex: String = after[1..5].iter().collect();
        if let Some(ch) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
            out.push(ch);
            return 6;
        }
    }
    match e {
        'n' => out.push('\n'),
        't' => out.push('\t'),
        'r' => out.push('\r'),
        'b' => out.push('\u{8}'),
        '0' => out.push('\0'),
        'Z' => out.push('\u{1a}'),
        // LIKE's escapes keep their backslash.
        '%' | '_' => {
            out.push('\\');
            out.push(e);
        }
        other => out.push(other),
    }
    2
}

/// The literal a string token stands for (a placeholder's value, or the text itself).
pub fn literal(token_text: &str, strings: &[String]) -> String {
    let mut it = token_text.chars();
    if let Some(first) = it.next() {
        let n = first as u32;
        if n >= PLACEHOLDER_BASE {
            if let Some(s) = strings.get((n - PLACEHOLDER_BASE) as usize) {
                return s.clone();
            }
        }
    }
    token_text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_keep_their_place() {
        let p = split("SET a=1;\nSELECT 'x\\ty', \"q\" FROM t; -- done").unwrap_or_default();
        assert_eq!(p.len(), 2);
        assert_eq!((p[1].line, p[1].column), (2, 0));
        assert_eq!(p[1].strings, vec!["x\ty".to_string()]);
        assert!(p[1].text.starts_with("        \nSELECT '"));
        assert!(p[1].text.contains("'q'"));
        assert_eq!(p[0].raw, "SET a=1");
    }
}
