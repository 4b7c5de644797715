//! The sandbox's RDS MySQL: the databases a pipeline's SqlDataNode, MySqlDataNode and
//! SqlActivity reach through an RdsDatabase or JdbcDatabase. Tables of named columns and rows
//! of strings, run by the shared interpreter in MySQL's words ([`super::sql`]).
//!
//! How a learner makes a database is the sandbox's choice: the learner verb `RdsSql` runs
//! statements on an instance's database as the `mysql` client would, creating the instance
//! and the database the first time it names them (standing for the RDS console's "Create
//! database" and `CREATE DATABASE`). A pipeline never creates an instance: one the learner
//! has not made fails its attempt as the JDBC driver would (`Communications link failure`).
//!
//! Which instance a connection reaches: an RdsDatabase's `rdsInstanceId`; a JdbcDatabase's or
//! a data node's own `connectionString` (`jdbc:mysql://<host>:3306/<database>`, the form of the
//! Developer Guide's MySQL tutorial) names it by the first label of its host, as an RDS
//! endpoint (`<instance>.<id>.<region>.rds.amazonaws.com`) does. The default database is the
//! RdsDatabase's `databaseName` or the URL's path.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::definition::Definition;
use super::model::Event;
use super::sql::{bind, run_script, run_statement, select, Dialect, Row, Tables};
use super::work::{location_of, write, InstanceScope};
use crate::firehose::destinations::{parse_copy, rows_of, TABLE_ROWS_KEPT};
use crate::s3::S3;
use crate::sim::{Ctx, Services};

/// The instances' databases and their tables.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rds {
    /// (instance, database) pairs that exist.
    pub databases: BTreeSet<(String, String)>,
    pub tables: Tables,
}

/// Where statements go: an instance and its default database.
struct Connection {
    instance: String,
    database: Option<String>,
}

impl Connection {
    fn dialect(&self) -> Dialect<'_> {
        Dialect::MySql { instance: &self.instance, database: self.database.as_deref() }
    }
}

pub fn is_sql_node(def: &Definition, id: &str) -> bool {
    matches!(def.type_of(id), Some("SqlDataNode" | "MySqlDataNode"))
}

/// A CopyActivity with a SqlDataNode at either end moves rows, not S3 objects.
pub fn moves_rows(def: &Definition, activity: &str) -> bool {
    ["input", "output"]
        .iter()
        .any(|k| def.reference(activity, k).is_some_and(|n| is_sql_node(def, n)))
}

/// A SqlActivity whose database is RDS (an RdsDatabase, or a JdbcDatabase that is not a
/// Redshift URL: those go to the Redshift tables).
pub fn is_rds_activity(scope: &InstanceScope<'_>) -> bool {
    let Some(db) = scope.def.reference(scope.object, "database") else { return false };
    match scope.def.type_of(db) {
        Some("RdsDatabase") => true,
        Some("JdbcDatabase") => !scope
            .for_object(db)
            .field("connectionString")
            .ok()
            .flatten()
            .is_some_and(|u| u.starts_with("jdbc:redshift:")),
        _ => false,
    }
}

/// `jdbc:mysql://host[:port]/[database][?properties]`: (instance, database).
fn parse_url(url: &str) -> Result<(String, Option<String>), String> {
    let rest = url.strip_prefix("jdbc:mysql://").ok_or_else(|| {
        format!("No suitable driver found for {url} (the sandbox's RDS runs MySQL: use a jdbc:mysql:// URL)")
    })?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let instance = host.split(['.', ':']).next().unwrap_or_default().to_string();
    let database = path.split('?').next().filter(|d| !d.is_empty()).map(str::to_string);
    Ok((instance, database))
}

/// The connection of `object` (a data node or a SqlActivity), checked against the instances
/// and databases that exist.
fn connection(rds: &Rds, scope: &InstanceScope<'_>, object: &str) -> Result<Connection, String> {
    let def = scope.def;
    let own = scope.for_object(object);
    let (instance, mut database) = match def.reference(object, "database") {
        Some(db) => {
            let d = scope.for_object(db);
            match def.type_of(db) {
                Some("RdsDatabase") => {
                    (d.field("rdsInstanceId")?.unwrap_or_default(), d.field("databaseName")?)
                }
                Some("JdbcDatabase") => {
                    let (i, name) = parse_url(&d.field("connectionString")?.unwrap_or_default())?;
                    (i, d.field("databaseName")?.or(name))
                }
                other => return Err(format!("'{db}' is a {} and the sandbox's SQL data nodes read RDS MySQL through an RdsDatabase or a JdbcDatabase (sandbox)", other.unwrap_or("object"))),
            }
        }
        None => match own.field("connectionString")? {
            Some(url) => parse_url(&url)?,
            None => return Err(format!("'{object}' names no database: set 'database' to an RdsDatabase or a JdbcDatabase, or 'connectionString' (sandbox)")),
        },
    };
    // The Developer Guide's SqlDataNode example names the database as text.
    if let Some(name) = def.text(object, "database") {
        database = Some(name.to_string());
    }
    if !rds.databases.iter().any(|(i, _)| *i == instance) {
        return Err(format!("Communications link failure (the sandbox has no RDS instance '{instance}': create it with the RdsSql verb)"));
    }
    if let Some(db) = &database {
        if !rds.databases.contains(&(instance.clone(), db.clone())) {
            return Err(format!("Unknown database '{db}'"));
        }
    }
    Ok(Connection { instance, database })
}

/// The learner's `mysql` session on `instance`'s `database` (both made if new): what each
/// statement printed.
pub fn learner_sql(
    rds: &mut Rds,
    instance: &str,
    database: &str,
    sql: &str,
) -> Result<String, String> {
    if instance.is_empty() || database.is_empty() {
        return Err("RdsSql needs an instance and a database (sandbox)".into());
    }
    rds.databases.insert((instance.to_string(), database.to_string()));
    let d = Dialect::MySql { instance, database: Some(database) };
    run_script(&mut rds.tables, &d, sql)
}

/// SqlActivity on an RDS database: its script, statement by statement.
pub fn sql(rds: &mut Rds, s3: &S3, scope: &InstanceScope<'_>) -> Result<String, String> {
    let conn = connection(rds, scope, scope.object)?;
    let script = super::redshift::script(s3, scope)?;
    run_script(&mut rds.tables, &conn.dialect(), &script)
}

/// A SqlDataNode's rows: its `selectQuery` (expressions evaluated for the instance's period),
/// else every row of its `table`.
fn read_rows(
    rds: &Rds,
    scope: &InstanceScope<'_>,
    node: &str,
) -> Result<(Vec<String>, Vec<Row>), String> {
    let conn = connection(rds, scope, node)?;
    let n = scope.for_object(node);
    let query = match n.field("selectQuery")? {
        Some(q) => q,
        None => format!("select * from {}", n.field("table")?.unwrap_or_default()),
    };
    select(&rds.tables, &conn.dialect(), &query)
}

/// Writes rows into a SqlDataNode's table: each through its `insertQuery` (a JDBC statement
/// whose `?`s take the row's values in order), else `INSERT INTO <table> VALUES (...)`. A
/// missing table is made from `createTableSql` when the node has one.
fn write_rows(
    rds: &mut Rds,
    scope: &InstanceScope<'_>,
    node: &str,
    rows: &[Row],
) -> Result<String, String> {
    let conn = connection(rds, scope, node)?;
    let d = conn.dialect();
    let n = scope.for_object(node);
    let table = n.field("table")?.unwrap_or_default();
    if let Some(create) = n.field("createTableSql")? {
        let probe = format!("select count(*) from {table}");
        if select(&rds.tables, &d, &probe).is_err() {
            run_statement(&mut rds.tables, &d, &create)?;
        }
    }
    let insert = n.field("insertQuery")?;
    for row in rows {
        let template = match &insert {
            Some(q) => q.clone(),
            None => format!("insert into {table} values ({})", vec!["?"; row.len()].join(", ")),
        };
        run_statement(&mut rds.tables, &d, &bind(&template, row))?;
    }
    let qualified = match &conn.database {
        Some(db) if !table.contains('.') => format!("{db}.{table}"),
        _ => table.clone(),
    };
    let key =
        conn.database.as_ref().map(|db| (super::sql::mysql_namespace(&conn.instance, db), table));
    if let Some(t) = key.and_then(|k| rds.tables.get_mut(&k)) {
        let excess = t.rows.len().saturating_sub(TABLE_ROWS_KEPT);
        t.rows.drain(..excess);
    }
    Ok(qualified)
}

/// One CSV field, quoted when it must be.
fn csv_field(v: &Option<String>) -> String {
    let v = v.as_deref().unwrap_or_default();
    if v.contains([',', '"', '\n']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_string()
    }
}

/// CopyActivity with a SqlDataNode at one end (or both): the input's rows (a SqlDataNode's
/// selectQuery, or an S3 node's CSV lines) into the output (a table's inserts, or one CSV
/// object). An S3 output directory gets `<table>.csv` (the sandbox's choice of name).
/// Answers what the attempt prints.
pub fn copy(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    pipeline_id: &str,
    scope: &InstanceScope<'_>,
) -> Result<String, String> {
    let def = scope.def;
    let input = def.reference(scope.object, "input").ok_or("CopyActivity has no input")?;
    let output = def.reference(scope.object, "output").ok_or("CopyActivity has no output")?;
    let rds = &mut services.pipeline.rds;
    let (rows, from) = if is_sql_node(def, input) {
        let table = scope.for_object(input).field("table")?.unwrap_or_default();
        (read_rows(rds, scope, input)?.1, format!("table {table}"))
    } else {
        let (bucket, key, dir) = location_of(&scope.for_object(input))?;
        (csv_rows(&services.s3, &bucket, &key, dir)?, format!("s3://{bucket}/{key}"))
    };
    if is_sql_node(def, output) {
        let table = write_rows(rds, scope, output, &rows)?;
        ctx.emit(Event::RowsLoaded {
            pipeline_id: pipeline_id.into(),
            instance_id: scope.instance_id.into(),
            table: table.clone(),
            rows: rows.len() as u64,
        });
        return Ok(format!("copied {} row(s) from {from} into {table}\n", rows.len()));
    }
    let (bucket, key, dir) = location_of(&scope.for_object(output))?;
    let key = match dir {
        true => {
            let table = scope.for_object(input).field("table")?.unwrap_or_default();
            format!("{}/{table}.csv", key.trim_end_matches('/'))
        }
        false => key,
    };
    let body: String =
        rows.iter().map(|r| r.iter().map(csv_field).collect::<Vec<_>>().join(",") + "\n").collect();
    let bytes = body.len() as u64;
    write(&mut services.s3, ctx, pipeline_id, &bucket, &key, Arc::from(body.into_bytes()))?;
    ctx.emit(Event::ObjectsCopied {
        pipeline_id: pipeline_id.into(),
        instance_id: scope.instance_id.into(),
        objects: 1,
        bytes,
    });
    Ok(format!("copied {} row(s) from {from} to s3://{bucket}/{key}\n", rows.len()))
}

/// The CSV rows of one S3 object, or of every object under a directory in key order.
fn csv_rows(s3: &S3, bucket: &str, key: &str, dir: bool) -> Result<Vec<Row>, String> {
    let b = s3
        .buckets
        .get(bucket)
        .ok_or_else(|| format!("The specified bucket does not exist: {bucket}"))?;
    let mut bytes = Vec::new();
    if dir {
        let prefix =
            if key.is_empty() || key.ends_with('/') { key.to_string() } else { format!("{key}/") };
        for o in b.current_objects().filter(|o| o.key.starts_with(&prefix)) {
            bytes.extend_from_slice(&o.bytes);
            if !bytes.ends_with(b"\n") {
                bytes.push(b'\n');
            }
        }
    } else {
        let o = b
            .current(key)
            .ok_or_else(|| format!("The specified key does not exist: s3://{bucket}/{key}"))?;
        bytes.extend_from_slice(&o.bytes);
    }
    let spec = parse_copy("input", None, Some("csv"))?;
    let mut rows = Vec::new();
    // Each line keeps its own width (rows_of pads to the first line's).
    for line in String::from_utf8_lossy(&bytes).lines().filter(|l| !l.is_empty()) {
        let mut columns = Vec::new();
        rows.extend(rows_of(&spec, &mut columns, line.as_bytes())?);
    }
    Ok(rows)
}

/// The SQL objects' own validation: what a CopyActivity copies between (the Developer Guide:
/// "CopyActivity supports S3DataNode and SqlDataNode as input and output").
pub fn check(def: &Definition, id: &str, type_name: &str, e: &mut Vec<String>) {
    if type_name != "CopyActivity" {
        return;
    }
    for field in ["input", "output"] {
        let Some(node) = def.reference(id, field) else { continue };
        match def.type_of(node) {
            None | Some("S3DataNode" | "SqlDataNode" | "MySqlDataNode") => {}
            Some(other) => e.push(format!("INVALID_FIELD_VALUE:  '{field}' of a CopyActivity must refer to an S3DataNode or a SqlDataNode, not a {other}.")),
        }
    }
}
