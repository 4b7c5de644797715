//! A script, statement by statement: each is parsed when it is reached and compiled against
//! the metastore as the statements before it left it (a CREATE TABLE is visible to the next
//! SELECT), into an [`Action`] for whoever runs it.

use std::collections::BTreeMap;

use sqlparser::ast::{
    self as sql, HiveDistributionStyle, HiveRowDelimiter, HiveRowFormat, Statement,
};
use sqlparser::dialect::HiveDialect;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Token;

use crate::catalog::{Catalog, Column, SerDe, Table, WAREHOUSE};
use crate::error::HiveError;
use crate::lex::{self, Prepared};
use crate::plan::{QueryPlan, Sink};
use crate::query::{plan, Env};
use crate::scope::{column_type, compile_regex, pos};

/// sqlparser's nesting limit for Hive text (its default is 50).
const RECURSION_LIMIT: usize = 40;

/// What a statement asks for.
#[derive(Clone, Debug)]
pub enum Action {
    /// `SET k=v` (already applied to the session), or `SET k` (print it).
    Set {
        key: String,
        value: Option<String>,
    },
    CreateTable {
        table: Box<Table>,
        if_not_exists: bool,
    },
    DropTable {
        name: String,
        if_exists: bool,
    },
    /// Partition values in partition-column order, each with its LOCATION if one was given.
    AddPartitions {
        table: String,
        partitions: Vec<(Vec<String>, Option<String>)>,
        if_not_exists: bool,
    },
    MsckRepair {
        table: String,
    },
    Query(Box<QueryPlan>),
    /// EXPLAIN's lines.
    Explain(Vec<String>),
    ShowTables,
    Describe(String),
    /// `USE default` and the like: nothing to do.
    Nothing,
}

/// A script being run.
#[derive(Clone, Debug)]
pub struct Session {
    statements: Vec<Prepared>,
    next: usize,
    pub settings: BTreeMap<String, String>,
}

impl Session {
    pub fn new(script: &str) -> Result<Session, HiveError> {
        Ok(Session { statements: lex::split(script)?, next: 0, settings: BTreeMap::new() })
    }

    pub fn statements(&self) -> usize {
        self.statements.len()
    }

    /// `mapreduce.job.reduces` (-1, Hive's default, lets Hive estimate).
    pub fn reduces(&self) -> i64 {
        self.settings
            .get("mapreduce.job.reduces")
            .or_else(|| self.settings.get("mapred.reduce.tasks"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(-1)
    }

    /// The next statement's text and what it asks for; `None` at the end of the script.
    /// `table_bytes` gives a table's size on disk (for map joins).
    pub fn next(
        &mut self,
        catalog: &Catalog,
        table_bytes: &dyn Fn(&Table) -> u64,
    ) -> Option<(String, Result<Action, HiveError>)> {
        let p = self.statements.get(self.next)?.clone();
        self.next += 1;
        let action = self.compile(&p, catalog, table_bytes);
        Some((p.raw.clone(), action))
    }

    fn compile(
        &mut self,
        p: &Prepared,
        catalog: &Catalog,
        table_bytes: &dyn Fn(&Table) -> u64,
    ) -> Result<Action, HiveError> {
        let first = p.raw.split_whitespace().next().unwrap_or_default().to_ascii_lowercase();
        if first == "set" {
            return Ok(self.set(&p.raw));
        }
        if first == "use" {
            let db = p.raw[3..].trim().trim_matches('`').to_ascii_lowercase();
            if db != "default" {
                return Err(HiveError::semantic(
                    10072,
                    0,
                    0,
                    format!("Database does not exist: {db}"),
                ));
            }
            return Ok(Action::Nothing);
        }
        let st = parse_statement(p)?;
        statement(&st, p, catalog, &self.settings, table_bytes)
    }

    fn set(&mut self, raw: &str) -> Action {
        let rest = raw[3..].trim();
        match rest.split_once('=') {
            Some((k, v)) => {
                let (k, v) = (k.trim().to_string(), v.trim().to_string());
                self.settings.insert(k.clone(), v.clone());
                Action::Set { key: k, value: Some(v) }
            }
            None => Action::Set { key: rest.to_string(), value: None },
        }
    }
}

fn parse_statement(p: &Prepared) -> Result<Statement, HiveError> {
    let at = (p.line, p.column);
    let mut parser = Parser::new(&HiveDialect {})
        .with_recursion_limit(RECURSION_LIMIT)
        .try_with_sql(&p.text)
        .map_err(|e| parse_error(e, at, &p.text))?;
    let st = parser.parse_statement().map_err(|e| parse_error(e, at, &p.text))?;
    let next = parser.peek_token();
    if next.token != Token::EOF {
        return Err(HiveError::parse(
            next.span.start.line,
            next.span.start.column.saturating_sub(1),
            format!("extraneous input '{}' expecting EOF near '<EOF>'", next.token),
        ));
    }
    Ok(st)
}

/// sqlparser's error as Hive's ParseException, at the position sqlparser names.
fn parse_error(e: ParserError, at: (u64, u64), text: &str) -> HiveError {
    let mut err = parse_error_at(e, at);
    // sqlparser reports some errors at the token after the one it names: point at the named
    // token (the last one with that text at or before the reported place), or at the end of
    // the text for EOF.
    if let Some(found) = err.message.split("near '").nth(1).and_then(|r| r.split('\'').next()) {
        let found = found.to_string();
        let toks = sqlparser::tokenizer::Tokenizer::new(&HiveDialect {}, text)
            .tokenize_with_location()
            .unwrap_or_default();
        let reported = (err.line, err.column + 1);
        if found == "EOF" {
            if let Some(last) =
                toks.iter().rev().find(|t| !matches!(t.token, Token::Whitespace(_) | Token::EOF))
            {
                err.line = last.span.end.line;
                err.column = last.span.end.column.saturating_sub(1);
            }
            err.message = err.message.replacen("near 'EOF'", "near '<EOF>'", 1);
        } else if let Some(t) = toks.iter().rev().find(|t| {
            (t.span.start.line, t.span.start.column) <= reported && t.token.to_string() == found
        }) {
            err.line = t.span.start.line;
            err.column = t.span.start.column.saturating_sub(1);
        }
    }
    err
}

fn parse_error_at(e: ParserError, at: (u64, u64)) -> HiveError {
    let text = match e {
        ParserError::TokenizerError(s) | ParserError::ParserError(s) => s,
        ParserError::RecursionLimitExceeded => {
            return HiveError::parse(at.0, at.1, "the statement is nested too deeply");
        }
    };
    let (msg, line, col) = match text.rfind(" at Line: ") {
        Some(i) => {
            let (msg, rest) = text.split_at(i);
            let mut parts = rest[" at Line: ".len()..].split(", Column: ");
            let line = parts.next().and_then(|l| l.trim().parse::<u64>().ok()).unwrap_or(at.0);
            let col = parts.next().and_then(|c| c.trim().parse::<u64>().ok()).unwrap_or(at.1 + 1);
            (msg.to_string(), line, col.saturating_sub(1))
        }
        None => (text, at.0, at.1),
    };
    // "Expected: an SQL statement, found: SELEC" -> Hive's "cannot recognize input near".
    let msg = match msg.split_once(", found: ") {
        Some((expected, found)) => {
            let expected =
                expected.trim_start_matches("Expected: ").trim_start_matches("Expected ");
            format!("cannot recognize input near '{}' (expected {expected})", found.trim())
        }
        None => msg,
    };
    HiveError::parse(line, col, msg)
}

fn table_name(n: &sql::ObjectName) -> String {
    let full = n.to_string().to_lowercase().replace('`', "");
    full.strip_prefix("default.").unwrap_or(&full).to_string()
}

fn known(catalog: &Catalog, n: &sql::ObjectName) -> Result<String, HiveError> {
    let name = table_name(n);
    if catalog.contains_key(&name) {
        Ok(name)
    } else {
        let (l, c) = pos(n);
        Err(HiveError::semantic(10001, l, c, format!("Table not found '{name}'")))
    }
}

fn statement(
    st: &Statement,
    p: &Prepared,
    catalog: &Catalog,
    settings: &BTreeMap<String, String>,
    table_bytes: &dyn Fn(&Table) -> u64,
) -> Result<Action, HiveError> {
    let env = Env { catalog, strings: &p.strings, settings, table_bytes, text: &p.raw };
    Ok(match st {
        Statement::Query(q) => Action::Query(Box::new(plan(q, Sink::Print, &env)?)),
        Statement::CreateTable(ct) => create_table(ct, p, catalog, &env)?,
        Statement::Drop { object_type: sql::ObjectType::Table, if_exists, names, .. } => {
            let name = names.first().map(table_name).unwrap_or_default();
            if !if_exists && !catalog.contains_key(&name) {
                if let Some(n) = names.first() {
                    known(catalog, n)?;
                }
            }
            Action::DropTable { name, if_exists: *if_exists }
        }
        Statement::Insert(ins) => {
            let sql::TableObject::TableName(n) = &ins.table else {
                return Err(HiveError::semantic(
                    10000,
                    p.line,
                    p.column,
                    "INSERT into a table function is not supported",
                ));
            };
            let name = known(catalog, n)?;
            let Some(src) = &ins.source else {
                return Err(HiveError::parse(
                    p.line,
                    p.column,
                    "cannot recognize input near '<EOF>': INSERT needs a SELECT",
                ));
            };
            let qp = plan(src, Sink::Table { name: name.clone(), overwrite: ins.overwrite }, &env)?;
            check_arity(&qp, catalog.get(&name), p)?;
            Action::Query(Box::new(qp))
        }
        Statement::Directory { path, source, local, .. } => {
            if *local {
                return Err(HiveError::semantic(10000, p.line, p.column, "INSERT OVERWRITE LOCAL DIRECTORY writes to the primary node's disk, which the sandbox does not model: write to hdfs:// or s3://"));
            }
            Action::Query(Box::new(plan(
                source,
                Sink::Directory { path: lex::literal(path, &p.strings) },
                &env,
            )?))
        }
        Statement::Msck(m) => Action::MsckRepair { table: known(catalog, &m.table_name)? },
        Statement::AlterTable(at) => {
            let name = known(catalog, &at.name)?;
            let table = catalog.get(&name);
            let mut partitions = Vec::new();
            let mut ine = false;
            for op in &at.operations {
                let sql::AlterTableOperation::AddPartitions { if_not_exists, new_partitions } = op
                else {
                    return Err(HiveError::semantic(
                        10000,
                        p.line,
                        p.column,
                        "Only ALTER TABLE ... ADD PARTITION is supported by the sandbox's Hive",
                    ));
                };
                ine |= *if_not_exists;
                for part in new_partitions {
                    let sql::Partition::Partitions(exprs) = part else { continue };
                    partitions.push((partition_values(exprs, table, p)?, None));
                }
            }
            if let (Some(loc), Some(last)) = (&at.location, partitions.last_mut()) {
                last.1 = Some(lex::literal(&loc.location.value, &p.strings));
            }
            Action::AddPartitions { table: name, partitions, if_not_exists: ine }
        }
        Statement::Explain { statement, .. } => {
            let inner = statement.as_ref();
            let action = self::statement(inner, p, catalog, settings, table_bytes)?;
            Action::Explain(match action {
                Action::Query(qp) => crate::explain::explain(&qp),
                _ => vec![
                    "STAGE DEPENDENCIES:".into(),
                    "  Stage-0 is a root stage".into(),
                    String::new(),
                    "STAGE PLANS:".into(),
                    "  Stage: Stage-0".into(),
                    "      DDL Operator".into(),
                ],
            })
        }
        Statement::ShowTables { .. } => Action::ShowTables,
        Statement::ExplainTable { table_name, .. } => Action::Describe(known(catalog, table_name)?),
        other => {
            let first = other.to_string().split_whitespace().take(2).collect::<Vec<_>>().join(" ");
            return Err(HiveError::semantic(
                10000,
                p.line,
                p.column,
                format!("'{first}' is not a statement the sandbox's Hive runs"),
            ));
        }
    })
}

fn check_arity(qp: &QueryPlan, t: Option<&Table>, p: &Prepared) -> Result<(), HiveError> {
    if let Some(t) = t {
        if !t.partition_columns.is_empty() {
            return Err(HiveError::semantic(10044, p.line, p.column, format!("Cannot insert into target table because column number/types are different '{}': the sandbox inserts into unpartitioned tables only", t.name)));
        }
        if qp.columns.len() != t.columns.len() {
            return Err(HiveError::semantic(10044, p.line, p.column, format!("Cannot insert into target table because column number/types are different '{}': Table insclause-0 has {} columns, but query has {} columns.", t.name, t.columns.len(), qp.columns.len())));
        }
    }
    Ok(())
}

fn partition_values(
    exprs: &[sql::Expr],
    table: Option<&Table>,
    p: &Prepared,
) -> Result<Vec<String>, HiveError> {
    let mut given = BTreeMap::new();
    for e in exprs {
        if let sql::Expr::BinaryOp { left, op: sql::BinaryOperator::Eq, right } = e {
            let key = left.to_string().to_lowercase();
            let value = match right.as_ref() {
                sql::Expr::Value(v) => match &v.value {
                    sql::Value::SingleQuotedString(s) => lex::literal(s, &p.strings),
                    other => other.to_string(),
                },
                other => other.to_string(),
            };
            given.insert(key, value);
        }
    }
    let Some(t) = table else { return Ok(Vec::new()) };
    if t.partition_columns.is_empty() {
        return Err(HiveError::semantic(
            10241,
            p.line,
            p.column,
            format!(
                "Table is not partitioned but partition spec exists: {{{}}}",
                given.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    let mut out = Vec::new();
    for c in &t.partition_columns {
        match given.remove(&c.name) {
            Some(v) => out.push(v),
            None => {
                return Err(HiveError::semantic(
                    10006,
                    p.line,
                    p.column,
                    format!(
                    "Partition not found {{{}}}: the spec names no value for partition column {}",
                    given.keys().cloned().collect::<Vec<_>>().join(", "),
                    c.name
                ),
                ))
            }
        }
    }
    if let Some((k, _)) = given.into_iter().next() {
        return Err(HiveError::semantic(
            10098,
            p.line,
            p.column,
            format!("Non-Partition column appears in the partition specification:  {k}"),
        ));
    }
    Ok(out)
}

fn create_table(
    ct: &sql::CreateTable,
    p: &Prepared,
    catalog: &Catalog,
    env: &Env<'_>,
) -> Result<Action, HiveError> {
    let name = table_name(&ct.name);
    if catalog.contains_key(&name) && !ct.if_not_exists {
        return Err(HiveError::execution(
            "DDLTask",
            format!("AlreadyExistsException(message:Table hive.default.{name} already exists)"),
        ));
    }
    let mut columns = Vec::new();
    for c in &ct.columns {
        let ty = column_type(&c.data_type).ok_or_else(|| {
            let (l, col) = crate::scope::ident_pos(&c.name);
            HiveError::parse(
                l,
                col,
                format!("cannot recognize input near '{}' in column type", c.data_type),
            )
        })?;
        columns.push(Column { name: c.name.value.to_lowercase(), ty });
    }
    let mut partition_columns = Vec::new();
    if let HiveDistributionStyle::PARTITIONED { columns: pcs } = &ct.hive_distribution {
        for c in pcs {
            let ty = column_type(&c.data_type).unwrap_or(crate::value::Type::String);
            let n = c.name.value.to_lowercase();
            if columns.iter().any(|x: &Column| x.name == n) {
                let (l, col) = crate::scope::ident_pos(&c.name);
                return Err(HiveError::semantic(
                    10035,
                    l,
                    col,
                    "Column repeated in partitioning columns",
                ));
            }
            partition_columns.push(Column { name: n, ty });
        }
    }
    let mut serde = SerDe::Delimited { field: "\u{1}".into() };
    let mut location = ct.location.clone();
    if let Some(hf) = &ct.hive_formats {
        location = hf.location.clone().or(location);
        match &hf.row_format {
            Some(HiveRowFormat::DELIMITED { delimiters }) => {
                for d in delimiters {
                    if let HiveRowDelimiter {
                        delimiter: sql::HiveDelimiter::FieldsTerminatedBy,
                        char,
                    } = d
                    {
                        serde = SerDe::Delimited { field: lex::literal(&char.value, &p.strings) };
                    }
                }
            }
            Some(HiveRowFormat::SERDE { class }) => {
                let class = lex::literal(class, &p.strings);
                let props: BTreeMap<String, String> = hf
                    .serde_properties
                    .iter()
                    .flatten()
                    .filter_map(|o| match o {
                        sql::SqlOption::KeyValue { key, value } => {
                            let k = lex::literal(
                                key.to_string().trim_matches(|c| c == '\'' || c == '"'),
                                &p.strings,
                            );
                            let v = match value {
                                sql::Expr::Value(v) => match &v.value {
                                    sql::Value::SingleQuotedString(s) => {
                                        lex::literal(s, &p.strings)
                                    }
                                    other => other.to_string(),
                                },
                                other => other.to_string(),
                            };
                            Some((k, v))
                        }
                        _ => None,
                    })
                    .collect();
                serde = match class.as_str() {
                    "org.apache.hadoop.hive.serde2.RegexSerDe"
                    | "org.apache.hadoop.hive.contrib.serde2.RegexSerDe" => {
                        let Some(pattern) = props.get("input.regex") else {
                            return Err(HiveError::execution("DDLTask", "org.apache.hadoop.hive.serde2.SerDeException This table does not have serde property \"input.regex\"!"));
                        };
                        // RegexSerDe matches the whole line (Matcher.matches()).
                        let regex = compile_regex(&format!("^(?:{pattern})$"), &ct.name).map_err(|_| {
                            let why = regex_lite::Regex::new(pattern).err().map(|e| e.to_string()).unwrap_or_default();
                            let last = why.lines().last().unwrap_or_default().trim().to_string();
                            HiveError::execution("DDLTask", format!("java.util.regex.PatternSyntaxException: {last} near index 0\n{pattern}"))
                        })?;
                        SerDe::Regex { pattern: pattern.clone(), regex }
                    }
                    "org.apache.hive.hcatalog.data.JsonSerDe"
                    | "org.openx.data.jsonserde.JsonSerDe"
                    | "org.apache.hadoop.hive.serde2.JsonSerDe" => SerDe::Json,
                    "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe" => SerDe::Delimited {
                        field: props.get("field.delim").cloned().unwrap_or_else(|| "\u{1}".into()),
                    },
                    other => {
                        return Err(HiveError::execution(
                            "DDLTask",
                            format!("Cannot validate serde: {other}"),
                        ))
                    }
                };
            }
            None => {}
        }
        if let Some(sql::HiveIOFormat::FileFormat { format }) = &hf.storage {
            if !matches!(format, sql::FileFormat::TEXTFILE) {
                return Err(HiveError::semantic(
                    10000,
                    p.line,
                    p.column,
                    format!("STORED AS {format}: the sandbox's tables are TEXTFILE"),
                ));
            }
        }
    }
    let location = location.map(|l| lex::literal(&l, &p.strings));
    if let Some(l) = &location {
        if !(l.starts_with("s3://") || l.starts_with("hdfs://") || l.starts_with('/')) {
            return Err(HiveError::execution("DDLTask", format!("MetaException(message:java.lang.IllegalArgumentException: java.net.URISyntaxException: Relative path in absolute URI: {l})")));
        }
    }
    if ct.external && location.is_none() {
        // Hive allows it (the table goes under the warehouse): kept.
    }
    let location = location
        .map(|l| if l.starts_with('/') { format!("hdfs://{l}") } else { l })
        .unwrap_or_else(|| format!("{WAREHOUSE}/{name}"));
    let mut table = Table {
        name: name.clone(),
        columns,
        partition_columns,
        serde,
        location: location.trim_end_matches('/').to_string(),
        external: ct.external,
        partitions: Vec::new(),
    };
    if let Some(q) = &ct.query {
        if ct.external {
            return Err(HiveError::semantic(
                10070,
                p.line,
                p.column,
                "CREATE-TABLE-AS-SELECT cannot create external table",
            ));
        }
        if !table.partition_columns.is_empty() {
            return Err(HiveError::semantic(
                10068,
                p.line,
                p.column,
                "CREATE-TABLE-AS-SELECT does not support partitioning in the target table",
            ));
        }
        let mut qp = plan(q, Sink::Print, env)?;
        table.columns = qp.columns.clone();
        if let SerDe::Delimited { field } = &table.serde {
            if let Some(last) = qp.stages.last_mut() {
                last.separator = field.clone();
            }
        }
        // A CTAS always runs a job (no fetch task): a plain scan becomes a map-only stage.
        if let Some(scan) = qp.fetch_scan.take() {
            let types = qp.columns.iter().map(|c| c.ty).collect();
            let sep = match &table.serde {
                SerDe::Delimited { field } => field.clone(),
                _ => "\u{1}".into(),
            };
            qp.stages.push(crate::plan::Stage {
                id: 1,
                inputs: vec![scan],
                shuffle: None,
                reduce_ops: Vec::new(),
                forced_reducers: None,
                output_types: types,
                separator: sep,
            });
        }
        qp.sink = Sink::CreateTable(Box::new(table));
        return Ok(Action::Query(Box::new(qp)));
    }
    Ok(Action::CreateTable { table: Box::new(table), if_not_exists: ct.if_not_exists })
}
