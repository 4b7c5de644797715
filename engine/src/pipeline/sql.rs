//! The sandbox's small SQL, shared by the two databases a pipeline reaches: the Redshift tables
//! Firehose loads (SqlActivity, RedshiftCopyActivity's `createTableSql`) and the simulated RDS
//! MySQL database (SqlActivity, SqlDataNode). One interpreter, two dialects: each answers in
//! its own engine's words (`ERROR: relation "x" does not exist` from Redshift, `Table 'db.x'
//! doesn't exist` from MySQL), so a learner sees the error the real database would give.
//!
//! Statements: CREATE TABLE, DROP TABLE, TRUNCATE [TABLE], DELETE FROM t [WHERE ...], INSERT
//! INTO t [(cols)] VALUES (...), (...), INSERT INTO t SELECT * FROM s [WHERE ...], SELECT
//! COUNT(*) FROM t [WHERE ...], and (for a SqlDataNode's selectQuery) SELECT * | cols FROM t
//! [WHERE ...]. A WHERE is conditions `col op literal` joined by AND.

use std::collections::BTreeMap;

use crate::firehose::destinations::RedshiftTable;

/// Tables keyed by (namespace, table): a Redshift JDBC URL, or an RDS instance's database
/// (see [`Dialect::key`]). The table type is Firehose's, so Redshift tables stay shared.
pub type Tables = BTreeMap<(String, String), RedshiftTable>;
pub type Row = Vec<Option<String>>;
/// A WHERE condition, compiled against a table's columns.
type Filter = Box<dyn Fn(&Row) -> bool>;

/// Whose words the answers and errors use, and where unqualified names live.
#[derive(Clone, Copy, Debug)]
pub enum Dialect<'a> {
    /// Redshift (PostgreSQL's texts); the tables of one JDBC URL.
    Redshift { url: &'a str },
    /// RDS MySQL: `instance`'s databases; `database` is the connection's default one.
    MySql { instance: &'a str, database: Option<&'a str> },
}

/// The namespace of an RDS instance's database in [`Tables`].
pub fn mysql_namespace(instance: &str, database: &str) -> String {
    format!("mysql://{instance}/{database}")
}

/// Where a name used in a statement is looked up.
#[derive(Clone, Copy)]
enum Clause {
    Where,
    FieldList,
}

impl Dialect<'_> {
    fn mysql(&self) -> bool {
        matches!(self, Dialect::MySql { .. })
    }

    /// The key of table `name`. MySQL reads `db.table` as a table of another database, and
    /// an unqualified name without a default database is its "No database selected".
    fn key(&self, name: &str) -> Result<(String, String), String> {
        match *self {
            Dialect::Redshift { url } => Ok((url.to_string(), name.to_string())),
            Dialect::MySql { instance, database } => match name.split_once('.') {
                Some((db, table)) => Ok((mysql_namespace(instance, db), table.to_string())),
                None => {
                    let db = database.ok_or("No database selected")?;
                    Ok((mysql_namespace(instance, db), name.to_string()))
                }
            },
        }
    }

    /// `db.table` as MySQL names it in its errors.
    fn qualified(&self, name: &str) -> String {
        match *self {
            Dialect::MySql { database: Some(db), .. } if !name.contains('.') => {
                format!("{db}.{name}")
            }
            _ => name.to_string(),
        }
    }

    fn no_table(&self, name: &str) -> String {
        match self {
            Dialect::Redshift { .. } => format!("ERROR: relation \"{name}\" does not exist"),
            Dialect::MySql { .. } => format!("Table '{}' doesn't exist", self.qualified(name)),
        }
    }

    fn no_column(&self, column: &str, table: &str, clause: Clause) -> String {
        match (self, clause) {
            (Dialect::Redshift { .. }, Clause::Where) => {
                format!("ERROR: column \"{column}\" does not exist")
            }
            (Dialect::Redshift { .. }, Clause::FieldList) => {
                format!("ERROR: column \"{column}\" of relation \"{table}\" does not exist")
            }
            (Dialect::MySql { .. }, Clause::Where) => {
                format!("Unknown column '{column}' in 'where clause'")
            }
            (Dialect::MySql { .. }, Clause::FieldList) => {
                format!("Unknown column '{column}' in 'field list'")
            }
        }
    }

    /// A statement the interpreter cannot read.
    pub fn syntax(&self, statement: &str) -> String {
        match self {
            Dialect::Redshift { .. } => syntax_error(statement),
            Dialect::MySql { .. } => format!("You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '{statement}' at line 1"),
        }
    }

    /// What the client prints for a statement that changed `n` rows (`what` is psql's tag).
    fn done(&self, what: &str, n: usize) -> String {
        match self {
            Dialect::Redshift { .. } => what.to_string(),
            Dialect::MySql { .. } if n == 1 => "Query OK, 1 row affected".into(),
            Dialect::MySql { .. } => format!("Query OK, {n} rows affected"),
        }
    }
}

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
fn literal(text: &str) -> Option<String> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("null") {
        return None;
    }
    Some(match t.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        Some(s) => s.replace("''", "'"),
        None => t.to_string(),
    })
}

/// `col op literal [AND col op literal ...]` (`=`, `<>`, `!=`, `<`, `<=`, `>`, `>=`), numbers
/// compared as numbers, text as text (so `'YYYY-MM-dd HH:mm:ss'` times compare in order).
fn conditions(d: &Dialect, table: &str, columns: &[String], text: &str) -> Result<Filter, String> {
    let mut all: Vec<Filter> = Vec::new();
    for part in split_and(text) {
        all.push(condition(d, table, columns, &part)?);
    }
    Ok(Box::new(move |row: &Row| all.iter().all(|f| f(row))))
}

/// Splits at ` AND ` outside quotes.
fn split_and(text: &str) -> Vec<String> {
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

fn condition(d: &Dialect, table: &str, columns: &[String], text: &str) -> Result<Filter, String> {
    let ops = ["<>", "!=", "<=", ">=", "=", "<", ">"];
    let (at, op) = ops
        .iter()
        .filter_map(|op| text.find(op).map(|i| (i, *op)))
        .min_by_key(|(i, op)| (*i, std::cmp::Reverse(op.len())))
        .ok_or_else(|| d.syntax(text.trim()))?;
    let column = ident(&text[..at]);
    let i = columns
        .iter()
        .position(|c| c.eq_ignore_ascii_case(&column))
        .ok_or_else(|| d.no_column(&column, table, Clause::Where))?;
    let value = literal(&text[at + op.len()..]);
    let op = op.to_string();
    Ok(Box::new(move |row: &Row| {
        let cell = row.get(i).cloned().flatten();
        let (Some(a), Some(b)) = (cell, value.clone()) else { return false };
        let ord = match (a.parse::<f64>(), b.parse::<f64>()) {
            (Ok(x), Ok(y)) => x.partial_cmp(&y),
            _ => Some(a.cmp(&b)),
        };
        let Some(ord) = ord else { return false };
        match op.as_str() {
            "=" => ord.is_eq(),
            "<>" | "!=" => ord.is_ne(),
            "<" => ord.is_lt(),
            "<=" => ord.is_le(),
            ">" => ord.is_gt(),
            _ => ord.is_ge(),
        }
    }))
}

/// Splits `... WHERE cond` (case-insensitive).
fn split_where(text: &str) -> (&str, Option<&str>) {
    match text.to_ascii_lowercase().find(" where ") {
        Some(i) => (&text[..i], Some(&text[i + " where ".len()..])),
        None => (text, None),
    }
}

fn table<'t>(tables: &'t Tables, d: &Dialect, name: &str) -> Result<&'t RedshiftTable, String> {
    tables.get(&d.key(name)?).ok_or_else(|| d.no_table(name))
}

fn table_mut<'t>(
    tables: &'t mut Tables,
    d: &Dialect,
    name: &str,
) -> Result<&'t mut RedshiftTable, String> {
    tables.get_mut(&d.key(name)?).ok_or_else(|| d.no_table(name))
}

/// Every statement of a script, one after the other: what each printed, one line each.
pub fn run_script(tables: &mut Tables, d: &Dialect, script: &str) -> Result<String, String> {
    let mut log = String::new();
    for statement in top_level(script, ';') {
        let s = statement.split_whitespace().collect::<Vec<_>>().join(" ");
        if s.is_empty() {
            continue;
        }
        log.push_str(&run_statement(tables, d, &s)?);
        log.push('\n');
    }
    Ok(log)
}

/// One statement; the answer is what the engine's client (psql, mysql) prints for it.
pub fn run_statement(tables: &mut Tables, d: &Dialect, s: &str) -> Result<String, String> {
    let lower = s.to_ascii_lowercase();
    let words: Vec<&str> = s.split(' ').collect();
    if lower.starts_with("create table") {
        let t = parse_create_table(s).map_err(|e| if d.mysql() { d.syntax(s) } else { e })?;
        let key = d.key(&t.name)?;
        if tables.contains_key(&key) {
            if lower.starts_with("create table if not exists") {
                return Ok(d.done("CREATE TABLE", 0));
            }
            return Err(match d {
                Dialect::Redshift { .. } => {
                    format!("ERROR: relation \"{}\" already exists", t.name)
                }
                Dialect::MySql { .. } => format!("Table '{}' already exists", key.1),
            });
        }
        tables.insert(
            key.clone(),
            RedshiftTable {
                cluster_jdbc_url: key.0,
                table: key.1,
                columns: t.columns,
                ..RedshiftTable::default()
            },
        );
        return Ok(d.done("CREATE TABLE", 0));
    }
    if lower.starts_with("drop table") {
        let name = ident(words.get(2).copied().unwrap_or(""));
        if tables.remove(&d.key(&name)?).is_none() {
            return Err(match d {
                Dialect::Redshift { .. } => format!("ERROR: table \"{name}\" does not exist"),
                Dialect::MySql { .. } => format!("Unknown table '{}'", d.qualified(&name)),
            });
        }
        return Ok(d.done("DROP TABLE", 0));
    }
    if lower.starts_with("truncate") {
        let at = if lower.starts_with("truncate table") { 2 } else { 1 };
        let name = ident(words.get(at).copied().unwrap_or(""));
        table_mut(tables, d, &name)?.rows.clear();
        return Ok(d.done("TRUNCATE TABLE", 0));
    }
    if lower.starts_with("delete from") {
        let (head, cond) = split_where(&s["delete from".len()..]);
        let name = ident(head);
        let t = table_mut(tables, d, &name)?;
        let before = t.rows.len();
        match cond {
            Some(c) => {
                let f = conditions(d, &name, &t.columns, c)?;
                t.rows.retain(|r| !f(r));
            }
            None => t.rows.clear(),
        }
        let n = before - t.rows.len();
        return Ok(d.done(&format!("DELETE {n}"), n));
    }
    if lower.starts_with("select count(*) from") {
        let (_, rows) = select(tables, d, s)?;
        let n = rows.len();
        return Ok(match d {
            Dialect::Redshift { .. } => format!(" count \n-------\n {n:>5}\n(1 row)"),
            Dialect::MySql { .. } => format!(
                "+----------+\n| COUNT(*) |\n+----------+\n| {n:>8} |\n+----------+\n1 row in set"
            ),
        });
    }
    if lower.starts_with("insert into") {
        return insert(tables, d, s);
    }
    Err(format!("{} (the sandbox's SQL runs CREATE TABLE, INSERT, DELETE, TRUNCATE, DROP TABLE and SELECT COUNT(*))", d.syntax(s)))
}

/// `SELECT * | COUNT(*) | col, ... FROM t [WHERE ...]`: the columns and rows it answers (for
/// COUNT(*), the rows counted).
pub fn select(
    tables: &Tables,
    d: &Dialect,
    query: &str,
) -> Result<(Vec<String>, Vec<Row>), String> {
    let s = query.split_whitespace().collect::<Vec<_>>().join(" ");
    let s = s.trim_end_matches(';').trim();
    let lower = s.to_ascii_lowercase();
    let from = lower
        .find(" from ")
        .filter(|&f| lower.starts_with("select ") && f >= 7)
        .ok_or_else(|| d.syntax(s))?;
    let list = s["select ".len()..from].trim();
    let (head, cond) = split_where(&s[from + " from ".len()..]);
    let name = ident(head);
    let t = table(tables, d, &name)?;
    let rows: Vec<Row> = match cond {
        Some(c) => {
            let f = conditions(d, &name, &t.columns, c)?;
            t.rows.iter().filter(|r| f(r)).cloned().collect()
        }
        None => t.rows.clone(),
    };
    if list == "*" || list.eq_ignore_ascii_case("count(*)") {
        return Ok((t.columns.clone(), rows));
    }
    let mut at = Vec::new();
    for c in list.split(',').map(ident) {
        let i = t
            .columns
            .iter()
            .position(|x| x.eq_ignore_ascii_case(&c))
            .ok_or_else(|| d.no_column(&c, &name, Clause::FieldList))?;
        at.push(i);
    }
    let columns = at.iter().map(|&i| t.columns[i].clone()).collect();
    let rows = rows
        .into_iter()
        .map(|r| at.iter().map(|&i| r.get(i).cloned().flatten()).collect())
        .collect();
    Ok((columns, rows))
}

fn insert(tables: &mut Tables, d: &Dialect, s: &str) -> Result<String, String> {
    let rest = s["insert into".len()..].trim_start();
    let lower = rest.to_ascii_lowercase();
    if let Some(at) = lower.find(" select * from ") {
        let target = ident(&rest[..at]);
        let (_, rows) = select(tables, d, &rest[at + 1..])?;
        let t = table_mut(tables, d, &target)?;
        let n = rows.len();
        t.rows.extend(rows.into_iter().map(|mut r| {
            r.resize(t.columns.len(), None);
            r
        }));
        return Ok(d.done(&format!("INSERT 0 {n}"), n));
    }
    let at = lower.find("values").ok_or_else(|| d.syntax(s))?;
    let head = &rest[..at];
    let (name, named) = match head.find('(') {
        Some(o) => (
            ident(&head[..o]),
            Some(
                head[o + 1..head.rfind(')').filter(|&c| c > o).unwrap_or(head.len())]
                    .split(',')
                    .map(ident)
                    .collect::<Vec<_>>(),
            ),
        ),
        None => (ident(head), None),
    };
    let t = table_mut(tables, d, &name)?;
    let mut n = 0;
    for tuple in top_level(&rest[at + "values".len()..], ',') {
        let inner = tuple
            .trim()
            .strip_prefix('(')
            .and_then(|x| x.strip_suffix(')'))
            .ok_or_else(|| d.syntax(tuple.trim()))?;
        let values: Vec<Option<String>> =
            top_level(inner, ',').iter().map(|v| literal(v)).collect();
        let wanted = named.as_ref().map_or(t.columns.len(), Vec::len);
        // MySQL refuses any count that differs; Redshift only too many values.
        if d.mysql() && values.len() != wanted {
            return Err(format!("Column count doesn't match value count at row {}", n + 1));
        }
        let mut row: Row = vec![None; t.columns.len()];
        match &named {
            Some(cols) => {
                for (c, v) in cols.iter().zip(values) {
                    let i = t
                        .columns
                        .iter()
                        .position(|x| x.eq_ignore_ascii_case(c))
                        .ok_or_else(|| d.no_column(c, &name, Clause::FieldList))?;
                    row[i] = v;
                }
            }
            None => {
                if values.len() > t.columns.len() {
                    return Err("ERROR: INSERT has more expressions than target columns".into());
                }
                for (i, v) in values.into_iter().enumerate() {
                    row[i] = v;
                }
            }
        }
        t.rows.push(row);
        n += 1;
    }
    Ok(d.done(&format!("INSERT 0 {n}"), n))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_table_gives_columns_and_key() {
        let t = parse_create_table("create table StructuredLogs (requestBeginTime CHAR(30) PRIMARY KEY DISTKEY SORTKEY, requestEndTime CHAR(30), hostname CHAR(100), requestDate varchar(20));").unwrap_or_default();
        assert_eq!(t.name, "StructuredLogs");
        assert_eq!(t.columns, ["requestBeginTime", "requestEndTime", "hostname", "requestDate"]);
        assert_eq!(t.primary_key, ["requestBeginTime"]);
        let t = parse_create_table(
            "CREATE TABLE IF NOT EXISTS s.t (a int, b decimal(8,2), primary key (a, b))",
        )
        .unwrap_or_default();
        assert_eq!((t.name.as_str(), t.columns.len(), t.primary_key.len()), ("s.t", 2, 2));
    }

    #[test]
    fn mysql_answers_in_mysqls_words() {
        let mut tables = Tables::new();
        let d = Dialect::MySql { instance: "shop", database: Some("sales") };
        let log = run_script(
            &mut tables,
            &d,
            "create table t (a int, b varchar(9)); insert into t values (1, 'x'), (2, 'y')",
        )
        .unwrap_or_default();
        assert_eq!(log, "Query OK, 0 rows affected\nQuery OK, 2 rows affected\n");
        let e = |s: &str, t: &mut Tables| run_statement(t, &d, s).err().unwrap_or_default();
        assert_eq!(e("select count(*) from u", &mut tables), "Table 'sales.u' doesn't exist");
        assert_eq!(
            e("delete from t where c = 1", &mut tables),
            "Unknown column 'c' in 'where clause'"
        );
        assert_eq!(
            e("insert into t values (1)", &mut tables),
            "Column count doesn't match value count at row 1"
        );
        assert_eq!(e("create table t (a int)", &mut tables), "Table 't' already exists");
        let (cols, rows) =
            select(&tables, &d, "select b from t where a >= 1 and b <> 'x'").unwrap_or_default();
        assert_eq!((cols, rows), (vec!["b".to_string()], vec![vec![Some("y".to_string())]]));
        // Whatever a learner types gets an answer, never a panic.
        for odd in [
            "select from x",
            "insert into t) (a values (1)",
            "create table t (a int, primary key ) x (",
            "delete from t where a = 'é' and b",
            "select é from t where é and",
            "insert into t values 1, (",
            "",
        ] {
            let _ = run_script(&mut tables, &d, odd);
            let _ = select(&tables, &d, odd);
        }
        let none = Dialect::MySql { instance: "shop", database: None };
        assert_eq!(
            select(&tables, &none, "select * from t").err().as_deref(),
            Some("No database selected")
        );
    }
}
