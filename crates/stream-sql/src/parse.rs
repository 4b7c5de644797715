//! The thin pre-pass in front of sqlparser. Kinesis Data Analytics' dialect (SQLstream's) has
//! a few bits no sqlparser dialect knows: `SELECT STREAM`, `CREATE OR REPLACE STREAM`/`PUMP`,
//! `STEP(x BY INTERVAL ...)` and `WINDOWED BY STAGGER (...)`; Flink's window table functions
//! take `TABLE t` arguments. The pre-pass never moves text: it blanks tokens or overwrites a
//! keyword with one no longer than it (padding with spaces), so every line and column
//! sqlparser reports is a position in the learner's own text.

use sqlparser::ast::{Expr, SelectItem, SetExpr, Statement};
use sqlparser::dialect::GenericDialect;
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Location, Token, TokenWithSpan, Tokenizer, Whitespace};

use super::SqlError;

/// The dialect both syntaxes are parsed with: sqlparser's generic one knows `FLOOR(x TO
/// MINUTE)`, named windows, `RANGE INTERVAL ... PRECEDING`, `||` and double-quoted identifiers.
pub(crate) const DIALECT: GenericDialect = GenericDialect {};

/// A token with its position as character indices into the text.
#[derive(Clone, Debug)]
pub(crate) struct Tok {
    pub token: Token,
    pub start: usize,
    pub end: usize,
    pub loc: Location,
}

impl Tok {
    pub fn is_word(&self, w: &str) -> bool {
        matches!(&self.token, Token::Word(word) if word.quote_style.is_none() && word.value.eq_ignore_ascii_case(w))
    }
}

/// The text as characters, with line starts to turn sqlparser locations into indices.
pub(crate) struct Source {
    pub chars: Vec<char>,
    line_starts: Vec<usize>,
}

impl Source {
    pub fn new(text: &str) -> Source {
        let chars: Vec<char> = text.chars().collect();
        let mut line_starts = vec![0];
        for (i, c) in chars.iter().enumerate() {
            if *c == '\n' {
                line_starts.push(i + 1);
            }
        }
        Source { chars, line_starts }
    }

    pub fn index(&self, loc: Location) -> usize {
        if loc.line == 0 {
            return 0;
        }
        let line = (loc.line as usize - 1).min(self.line_starts.len() - 1);
        (self.line_starts[line] + (loc.column as usize).saturating_sub(1)).min(self.chars.len())
    }

    /// Byte offset of a character index (for the editor's highlighting ranges).
    pub fn byte_offsets(&self) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.chars.len() + 1);
        let mut b = 0;
        for c in &self.chars {
            out.push(b);
            b += c.len_utf8();
        }
        out.push(b);
        out
    }

    /// Tokens with positions (whitespace and comments included).
    pub fn tokens(&self, text: &str) -> Result<Vec<Tok>, SqlError> {
        let raw: Vec<TokenWithSpan> = Tokenizer::new(&DIALECT, text)
            .tokenize_with_location()
            .map_err(|e| SqlError::at(&e.message, e.location.line, e.location.column))?;
        Ok(raw
            .into_iter()
            .map(|t| Tok {
                start: self.index(t.span.start),
                end: self.index(t.span.end),
                loc: t.span.start,
                token: t.token,
            })
            .collect())
    }
}

pub(crate) fn is_trivia(t: &Token) -> bool {
    matches!(t, Token::Whitespace(_) | Token::EOF)
}

/// Splits the significant tokens into statements at top-level semicolons.
pub(crate) fn statements(tokens: &[Tok]) -> Vec<Vec<Tok>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for t in tokens {
        if is_trivia(&t.token) {
            continue;
        }
        if t.token == Token::SemiColon {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        cur.push(t.clone());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A copy of the text where only some tokens survive, in place; everything else is blank
/// (newlines kept, so lines and columns do not move).
pub(crate) struct Masked {
    chars: Vec<char>,
}

impl Masked {
    pub fn blank(src: &Source) -> Masked {
        Masked { chars: src.chars.iter().map(|c| if *c == '\n' { '\n' } else { ' ' }).collect() }
    }

    pub fn keep(&mut self, src: &Source, t: &Tok) {
        let end = t.end.min(src.chars.len());
        if t.start < end {
            self.chars[t.start..end].copy_from_slice(&src.chars[t.start..end]);
        }
    }

    pub fn erase(&mut self, t: &Tok) {
        let end = t.end.min(self.chars.len());
        for c in &mut self.chars[t.start.min(end)..end] {
            if *c != '\n' {
                *c = ' ';
            }
        }
    }

    /// Writes `word` over the token (never longer than it).
    pub fn overwrite(&mut self, t: &Tok, word: &str) {
        self.erase(t);
        for (i, c) in word.chars().enumerate() {
            if t.start + i < t.end && t.start + i < self.chars.len() {
                self.chars[t.start + i] = c;
            }
        }
    }

    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }
}

/// Index of the token closing the parenthesis opened at `open`.
pub(crate) fn matching_paren(toks: &[Tok], open: usize) -> Option<usize> {
    let mut depth = 0i32;
    for (i, t) in toks.iter().enumerate().skip(open) {
        match t.token {
            Token::LParen => depth += 1,
            Token::RParen => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// sqlparser's error, with its " at Line: L, Column: C" turned into a position.
pub(crate) fn parser_error(e: ParserError, fallback: Location) -> SqlError {
    let text = match e {
        ParserError::TokenizerError(s) | ParserError::ParserError(s) => s,
        ParserError::RecursionLimitExceeded => {
            return SqlError::at(
                "The statement is nested too deeply to compile.",
                fallback.line,
                fallback.column,
            );
        }
    };
    if let Some(i) = text.rfind(" at Line: ") {
        let (msg, pos) = text.split_at(i);
        let pos = &pos[" at Line: ".len()..];
        let mut parts = pos.split(", Column: ");
        let line = parts.next().and_then(|l| l.trim().parse().ok()).unwrap_or(fallback.line);
        let col = parts.next().and_then(|c| c.trim().parse().ok()).unwrap_or(fallback.column);
        return SqlError::at(msg, line, col);
    }
    SqlError::at(&text, fallback.line, fallback.column)
}

/// Parses one statement of masked text.
pub(crate) fn parse_one(text: &str, at: Location) -> Result<Statement, SqlError> {
    let mut parser = Parser::new(&DIALECT).try_with_sql(text).map_err(|e| parser_error(e, at))?;
    let st = parser.parse_statement().map_err(|e| parser_error(e, at))?;
    // Anything after the statement (a missing semicolon between two statements).
    let next = parser.peek_token();
    if next.token != Token::EOF && next.token != Token::SemiColon {
        return Err(SqlError::at(
            &format!("Expected: end of statement, found: {}", next.token),
            next.span.start.line,
            next.span.start.column,
        ));
    }
    Ok(st)
}

/// Parses a comma-separated list of expressions written over the given tokens, by writing
/// `SELECT` over the token before them (a keyword at least six characters long, or blank
/// space the pre-pass made).
pub(crate) fn parse_expr_list(
    src: &Source,
    select_over: &Tok,
    items: &[Tok],
    replace: &[(usize, &str)],
) -> Result<Vec<Expr>, SqlError> {
    let mut m = Masked::blank(src);
    m.overwrite(select_over, "SELECT");
    for t in items {
        m.keep(src, t);
    }
    for (i, w) in replace {
        if let Some(t) = items.get(*i) {
            m.overwrite(t, w);
        }
    }
    let st = parse_one(&m.text(), select_over.loc)?;
    let Statement::Query(q) = st else {
        return Err(SqlError::at(
            "Expected a list of expressions.",
            select_over.loc.line,
            select_over.loc.column,
        ));
    };
    let SetExpr::Select(sel) = *q.body else {
        return Err(SqlError::at(
            "Expected a list of expressions.",
            select_over.loc.line,
            select_over.loc.column,
        ));
    };
    let mut out = Vec::new();
    for item in sel.projection {
        match item {
            SelectItem::UnnamedExpr(e) => out.push(e),
            SelectItem::ExprWithAlias { expr, .. } => out.push(expr),
            _ => {
                return Err(SqlError::at(
                    "Expected an expression.",
                    select_over.loc.line,
                    select_over.loc.column,
                ));
            }
        }
    }
    Ok(out)
}

/// What the pre-pass found in a statement besides the text for sqlparser.
#[derive(Debug, Default)]
pub(crate) struct Prepared {
    pub text: String,
    /// `CREATE OR REPLACE PUMP "name"`: the pump's name.
    pub pump: Option<(String, Location)>,
    /// `WINDOWED BY STAGGER (PARTITION BY ... RANGE ...)`: the partition expressions and the
    /// range (the last expression).
    pub stagger: Option<(Vec<Expr>, Location)>,
    /// `CREATE ... STREAM` (parsed as CREATE TABLE).
    pub creates_stream: bool,
}

fn ident_text(t: &Tok) -> String {
    match &t.token {
        Token::Word(w) if w.quote_style.is_some() => w.value.clone(),
        Token::Word(w) => w.value.to_ascii_uppercase(),
        other => other.to_string(),
    }
}

/// Rewrites one statement for sqlparser, keeping every position.
pub(crate) fn prepare(src: &Source, toks: &[Tok], flink: bool) -> Result<Prepared, SqlError> {
    let mut m = Masked::blank(src);
    for t in toks {
        m.keep(src, t);
    }
    let mut p = Prepared::default();
    let mut k = create_header(toks, &mut m, &mut p)?;
    while k < toks.len() {
        let t = &toks[k];
        // SELECT STREAM
        if t.is_word("SELECT") && toks.get(k + 1).is_some_and(|n| n.is_word("STREAM")) {
            m.erase(&toks[k + 1]);
            k += 2;
            continue;
        }
        if t.is_word("STEP") && toks.get(k + 1).is_some_and(|n| n.token == Token::LParen) {
            step_by_as_comma(toks, k, &mut m);
        }
        if t.is_word("WINDOWED") {
            let (exprs, close) = stagger(src, toks, k)?;
            p.stagger = Some((exprs, t.loc));
            for a in &toks[k..=close] {
                m.erase(a);
            }
            k = close + 1;
            continue;
        }
        if flink {
            flink_table(toks, k, &mut m);
        }
        k += 1;
    }
    p.text = m.text();
    Ok(p)
}

/// `CREATE [OR REPLACE] STREAM` becomes CREATE TABLE (a DESCRIPTION after the columns goes);
/// `CREATE [OR REPLACE] PUMP "name" AS` is erased, its name kept. Where the rest starts.
fn create_header(toks: &[Tok], m: &mut Masked, p: &mut Prepared) -> Result<usize, SqlError> {
    if !toks.first().is_some_and(|t| t.is_word("CREATE")) {
        return Ok(0);
    }
    let mut j = 1;
    if toks.get(1).is_some_and(|t| t.is_word("OR"))
        && toks.get(2).is_some_and(|t| t.is_word("REPLACE"))
    {
        j = 3;
    }
    let Some(kw) = toks.get(j) else { return Ok(0) };
    if kw.is_word("STREAM") {
        m.overwrite(kw, "TABLE");
        p.creates_stream = true;
        // A DESCRIPTION 'text' after the column list is SQLstream's; drop it.
        if let Some(d) = toks.iter().position(|t| t.is_word("DESCRIPTION")) {
            for t in &toks[d..] {
                m.erase(t);
            }
        }
        return Ok(0);
    }
    if !kw.is_word("PUMP") {
        return Ok(0);
    }
    let name = toks.get(j + 1).ok_or_else(|| {
        SqlError::at("Expected: the pump's name, found: EOF", kw.loc.line, kw.loc.column)
    })?;
    p.pump = Some((ident_text(name), name.loc));
    if !toks.get(j + 2).is_some_and(|t| t.is_word("AS")) {
        let at = toks.get(j + 2).unwrap_or(name);
        return Err(SqlError::at(
            "Expected: AS INSERT INTO ... after the pump's name",
            at.loc.line,
            at.loc.column,
        ));
    }
    for t in &toks[..j + 3] {
        m.erase(t);
    }
    Ok(j + 3)
}

/// STEP(x BY y) -> STEP(x , y), for the STEP at `k`.
fn step_by_as_comma(toks: &[Tok], k: usize, m: &mut Masked) {
    let Some(close) = matching_paren(toks, k + 1) else { return };
    let mut depth = 0;
    for a in &toks[k + 1..close] {
        match a.token {
            Token::LParen => depth += 1,
            Token::RParen => depth -= 1,
            _ if depth == 1 && a.is_word("BY") => m.overwrite(a, ","),
            _ => {}
        }
    }
}

/// `WINDOWED BY STAGGER ( PARTITION BY e1, e2 RANGE INTERVAL 'n' UNIT )` at `k`: the
/// partition expressions with the range last, and where the closing parenthesis is.
fn stagger(src: &Source, toks: &[Tok], k: usize) -> Result<(Vec<Expr>, usize), SqlError> {
    let t = &toks[k];
    let ok = toks.get(k + 1).is_some_and(|n| n.is_word("BY"))
        && toks.get(k + 2).is_some_and(|n| n.is_word("STAGGER"))
        && toks.get(k + 3).is_some_and(|n| n.token == Token::LParen);
    if !ok {
        return Err(SqlError::at(
            "Expected: WINDOWED BY STAGGER (PARTITION BY ... RANGE INTERVAL ...)",
            t.loc.line,
            t.loc.column,
        ));
    }
    let close = matching_paren(toks, k + 3).ok_or_else(|| {
        SqlError::at("Expected: ) to close WINDOWED BY STAGGER (", t.loc.line, t.loc.column)
    })?;
    let inner = &toks[k + 4..close];
    let part_ok = inner.first().is_some_and(|a| a.is_word("PARTITION"))
        && inner.get(1).is_some_and(|a| a.is_word("BY"));
    let range = inner.iter().position(|a| a.is_word("RANGE"));
    let (true, Some(range)) = (part_ok, range) else {
        let at = inner.first().unwrap_or(&toks[k + 3]);
        return Err(SqlError::at(
            "Expected: PARTITION BY <columns> RANGE INTERVAL '<n>' <unit> inside STAGGER",
            at.loc.line,
            at.loc.column,
        ));
    };
    // "PARTITION" is long enough to hold "SELECT"; RANGE becomes a comma.
    let items = &inner[2..];
    let exprs = parse_expr_list(src, &inner[0], items, &[(range - 2, ",")])?;
    Ok((exprs, close))
}

/// Flink: FROM TABLE(TUMBLE(TABLE t, ...)) -> FROM TUMBLE(t, ...), for the TABLE at `k`.
fn flink_table(toks: &[Tok], k: usize, m: &mut Masked) {
    let t = &toks[k];
    if t.is_word("TABLE") && toks.get(k + 1).is_some_and(|n| n.token == Token::LParen) {
        if let Some(close) = matching_paren(toks, k + 1) {
            m.erase(t);
            m.erase(&toks[k + 1]);
            m.erase(&toks[close]);
        }
    } else if t.is_word("TABLE")
        && k > 0
        && matches!(toks[k - 1].token, Token::LParen | Token::Comma)
    {
        m.erase(t);
    }
}

/// The keywords of the two dialects that sqlparser does not know as keywords.
pub(crate) const EXTRA_KEYWORDS: &[&str] =
    &["STREAM", "PUMP", "STEP", "STAGGER", "WINDOWED", "TUMBLE", "HOP", "DESCRIPTOR", "ROWTIME"];

pub(crate) fn is_keyword(t: &Token) -> bool {
    match t {
        Token::Word(w) if w.quote_style.is_none() => {
            w.keyword != Keyword::NoKeyword
                || EXTRA_KEYWORDS.iter().any(|k| w.value.eq_ignore_ascii_case(k))
        }
        _ => false,
    }
}

pub(crate) fn is_comment(t: &Token) -> bool {
    matches!(
        t,
        Token::Whitespace(Whitespace::SingleLineComment { .. } | Whitespace::MultiLineComment(_))
    )
}
