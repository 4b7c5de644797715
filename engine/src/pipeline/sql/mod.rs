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

mod dialect;
mod words;

use crate::firehose::destinations::RedshiftTable;
use dialect::Clause;
use words::{literal, split_and, split_where};

pub use dialect::{mysql_namespace, Dialect};
pub use words::{bind, ident, parse_create_table, syntax_error, top_level, TableSql};

/// Tables keyed by (namespace, table): a Redshift JDBC URL, or an RDS instance's database
/// (see `Dialect`). The table type is Firehose's, so Redshift tables stay shared.
pub type Tables = BTreeMap<(String, String), RedshiftTable>;
pub type Row = Vec<Option<String>>;
/// A WHERE condition, compiled against a table's columns.
type Filter = Box<dyn Fn(&Row) -> bool>;

/// `col op literal [AND col op literal ...]` (`=`, `<>`, `!=`, `<`, `<=`, `>`, `>=`), numbers
/// compared as numbers, text as text (so `'YYYY-MM-dd HH:mm:ss'` times compare in order).
fn conditions(d: &Dialect, table: &str, columns: &[String], text: &str) -> Result<Filter, String> {
    let mut all: Vec<Filter> = Vec::new();
    for part in split_and(text) {
        all.push(condition(d, table, columns, &part)?);
    }
    Ok(Box::new(move |row: &Row| all.iter().all(|f| f(row))))
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
