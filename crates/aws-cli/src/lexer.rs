//! Splits a console line into words the way a POSIX shell would before the CLI ever sees them:
//! single quotes are literal, double quotes honour `\"` `\\` `\$` and `` \` ``, and an unquoted
//! backslash escapes the next character. Words keep their byte span for tab completion.

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    /// Byte offsets of the word in the line, quotes included.
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LexError {
    /// The line ended inside a quoted string; `quote` is the missing quote character.
    Unterminated { quote: char },
}

impl LexError {
    /// What bash prints for the same line.
    pub fn message(&self) -> String {
        let LexError::Unterminated { quote } = self;
        format!("unexpected EOF while looking for matching `{quote}'")
    }
}

pub fn split(line: &str) -> Result<Vec<Word>, LexError> {
    split_lenient(line).and_then(|(words, open)| match open {
        Some(quote) => Err(LexError::Unterminated { quote }),
        None => Ok(words),
    })
}

/// Like [`split`], but an unterminated quote ends the last word instead of failing (completion
/// works on lines still being typed). Returns the open quote, if any.
pub fn split_lenient(line: &str) -> Result<(Vec<Word>, Option<char>), LexError> {
    let mut words = Vec::new();
    let mut chars = line.char_indices().peekable();
    let mut open_quote = None;
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut text = String::new();
        let mut end = start;
        while let Some(&(i, c)) = chars.peek() {
            if c.is_whitespace() {
                break;
            }
            chars.next();
            end = i + c.len_utf8();
            match c {
                '\'' => {
                    let mut closed = false;
                    for (j, q) in chars.by_ref() {
                        end = j + q.len_utf8();
                        if q == '\'' {
                            closed = true;
                            break;
                        }
                        text.push(q);
                    }
                    if !closed {
                        open_quote = Some('\'');
                    }
                }
                '"' => {
                    let mut closed = false;
                    while let Some((j, q)) = chars.next() {
                        end = j + q.len_utf8();
                        match q {
                            '"' => {
                                closed = true;
                                break;
                            }
                            '\\' => match chars.peek() {
                                Some(&(k, e)) if matches!(e, '"' | '\\' | '$' | '`' | '\n') => {
                                    chars.next();
                                    end = k + e.len_utf8();
                                    if e != '\n' {
                                        text.push(e);
                                    }
                                }
                                _ => text.push('\\'),
                            },
                            q => text.push(q),
                        }
                    }
                    if !closed {
                        open_quote = Some('"');
                    }
                }
                '\\' => match chars.next() {
                    Some((k, '\n')) => end = k + 1,
                    Some((k, e)) => {
                        end = k + e.len_utf8();
                        text.push(e);
                    }
                    None => text.push('\\'),
                },
                c => text.push(c),
            }
        }
        words.push(Word { text, start, end });
    }
    Ok((words, open_quote))
}

/// Quotes a word so [`split`] (and a real shell) gives it back unchanged.
pub fn quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_.,/:=@+%^".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r#"'"'"'"#))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<String> {
        split(line).unwrap().into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn splits_like_a_shell() {
        assert_eq!(texts("aws  kinesis list-streams"), ["aws", "kinesis", "list-streams"]);
        assert_eq!(texts(r#"--tags '{"k": "v"}'"#), ["--tags", r#"{"k": "v"}"#]);
        assert_eq!(texts(r#"a"b c"d"#), ["ab cd"]);
        assert_eq!(texts(r#""a\"b\n""#), [r#"a"b\n"#]);
        assert_eq!(texts(r"a\ b"), ["a b"]);
        assert_eq!(texts("''"), [""]);
    }

    #[test]
    fn reports_open_quotes() {
        assert_eq!(split("a 'b"), Err(LexError::Unterminated { quote: '\'' }));
    }

    #[test]
    fn quote_round_trips() {
        for w in ["plain", "with space", "it's", "", r#"{"a":1}"#] {
            assert_eq!(texts(&quote(w)), [w]);
        }
    }
}
