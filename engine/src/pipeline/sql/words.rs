//! The words of the sandbox's SQL: identifiers, literals, top-level splitting, CREATE TABLE,
//! WHERE and AND, and JDBC's `?` parameters.

/// A table's definition as `CREATE TABLE` gives it: name, columns, primary key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableSql {
    pub name: String,
    pub columns: Vec<String>,
    pub primary_key: Vec<String>,
}

/// Splits at top-level separators (a `varchar(20)` or `decimal(8,2)` keeps its comma, a
/// quoted `';'` its semicolon).
pub fn top_level(text: &str, sep: char) -> Vec<String> {
    let mut out = Vec::new();
    let (mut depth, mut quoted, mut cur) = (0i32, false, String::new());
    for c in text.chars() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            c if c == sep && depth == 0 && !quoted => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if !cur.trim().is_empty() {
        out.push(cur);
    }
    out
}

pub fn ident(word: &str) -> String {
    word.trim().trim_matches(|c| c == '"' || c == '`').to_string()
}

/// `CREATE TABLE [IF NOT EXISTS] name (col type [PRIMARY KEY] ..., [PRIMARY KEY (a, b)])`.
pub fn parse_create_table(sql: &str) -> Result<TableSql, String> {
    let lower = sql.to_ascii_lowercase();
    let at = lower.find("create table").ok_or_else(|| syntax_error(sql))?;
    let rest = &sql[at + "create table".len()..];
    let rest = match rest.trim_start().to_ascii_lowercase().starts_with("if not exists") {
        true => &rest.trim_start()["if not exists".len()..],
        false => rest,
    };
    let open = rest.find('(').ok_or_else(|| syntax_error(sql))?;
    let close = rest.rfind(')').filter(|&c| c > open).ok_or_else(|| syntax_error(sql))?;
    let name = ident(&rest[..open]);
    if name.is_empty() {
        return Err(syntax_error(sql));
    }
    let mut t = TableSql { name, ..TableSql::default() };
    for def in top_level(&rest[open + 1..close], ',') {
        let words: Vec<&str> = def.split_whitespace().collect();
        let Some(first) = words.first() else { continue };
        let head = first.to_ascii_lowercase();
        if head == "primary" {
            let inner = def
                .find('(')
                .and_then(|o| def.rfind(')').filter(|&c| c > o).map(|c| &def[o + 1..c]));
            t.primary_key =
                inner.unwrap_or("").split(',').map(ident).filter(|c| !c.is_empty()).collect();
            continue;
        }
        if matches!(
            head.as_str(),
            "constraint" | "unique" | "foreign" | "distkey" | "sortkey" | "key" | "index"
        ) {
            continue;
        }
        let column = ident(first);
        if def.to_ascii_lowercase().contains("primary key") {
            t.primary_key.push(column.clone());
        }
        t.columns.push(column);
    }
    Ok(t)
}

/// Redshift's (PostgreSQL's) syntax error.
pub fn syntax_error(sql: &str) -> String {
    let near = sql.split_whitespace().next().unwrap_or("");
    format!("ERROR: syntax error at or near \"{near}\"")
}

/// A literal of the sandbox's SQL: `'text'`, a number, or NULL.
pub(super) fn literal(text: &str) -> Option<String> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("null") {
        return None;
    }
    Some(match t.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        Some(s) => s.replace("''", "'"),
        None => t.to_string(),
    })
}

/// Splits at ` AND ` outside quotes.
pub(super) fn split_and(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut quoted, mut start) = (false, 0);
    let lower = text.to_ascii_lowercase();
    let mut i = 0;
    while i < text.len() {
        if text.as_bytes()[i] == b'\'' {
            quoted = !quoted;
        } else if !quoted && lower.as_bytes()[i..].starts_with(b" and ") {
            out.push(text[start..i].to_string());
            start = i + " and ".len();
            i = start;
            continue;
        }
        i += 1;
    }
    out.push(text[start..].to_string());
    out
}

/// Splits `... WHERE cond` (case-insensitive).
pub(super) fn split_where(text: &str) -> (&str, Option<&str>) {
    match text.to_ascii_lowercase().find(" where ") {
        Some(i) => (&text[..i], Some(&text[i + " where ".len()..])),
        None => (text, None),
    }
}

/// Puts each `?` of `statement` in turn to the next value, quoted as a JDBC parameter is.
pub fn bind(statement: &str, values: &[Option<String>]) -> String {
    let mut out = String::new();
    let mut values = values.iter();
    let mut quoted = false;
    for c in statement.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '?' if !quoted => match values.next() {
                Some(Some(v)) => out.push_str(&format!("'{}'", v.replace('\'', "''"))),
                Some(None) => out.push_str("NULL"),
                None => out.push('?'),
            },
            c => out.push(c),
        }
    }
    out
}
