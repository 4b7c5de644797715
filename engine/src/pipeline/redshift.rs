//! RedshiftCopyActivity and SqlActivity against the sandbox's Redshift: the tables Firehose's
//! Redshift destination loads (`firehose::destinations::RedshiftTable`, keyed by (JDBC URL,
//! table)), so a pipeline and a delivery stream naming the same cluster and table share it.
//!
//! A `RedshiftDatabase` names its cluster by `connectionString` (the JDBC URL itself) or
//! `clusterId`; a `clusterId` finds a table whose JDBC URL's host starts with `<clusterId>.` and
//! whose database is `databaseName` (the Developer Guide: for an endpoint
//! `mydb.example.us-east-1.redshift.amazonaws.com` the identifier is `mydb`). A cluster no table
//! names yet gets the URL `jdbc:redshift://<clusterId>.sandbox.<region>.redshift.amazonaws.com:5439/<databaseName>`
//! (the sandbox's choice; `databaseName` defaults to Redshift's `dev`).
//!
//! insertMode, as the RedshiftCopyActivity page defines it: KEEP_EXISTING adds the rows whose
//! primary key is not in the table and leaves existing rows unmodified; OVERWRITE_EXISTING
//! replaces the rows whose key matches and adds the rest; TRUNCATE deletes all the data first;
//! APPEND adds every row, duplicates included. The key comes from the data node's `primaryKeys`,
//! else from its `createTableSql` (the sandbox's tables keep no constraints). The texts of the
//! failures are Redshift's where it has one (`relation "x" does not exist`) and the sandbox's
//! otherwise, marked so.

use super::sql::{ident, parse_create_table, run_script, Dialect, Row, TableSql};
use super::work::{location_of, InstanceScope};
use crate::firehose::destinations::{
    parse_copy, rows_of, CopySpec, RedshiftTable, TABLE_ROWS_KEPT,
};
use crate::s3::S3;

pub use super::sql::Tables;

/// The insert modes the RedshiftCopyActivity page lists.
pub const INSERT_MODES: &[&str] = &["KEEP_EXISTING", "OVERWRITE_EXISTING", "TRUNCATE", "APPEND"];

/// What one COPY did to its table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Loaded {
    pub table: String,
    /// Rows read from the input.
    pub incoming: u64,
    /// Rows added to the table (replacements included).
    pub inserted: u64,
    /// Existing rows that a row with the same key replaced (OVERWRITE_EXISTING).
    pub replaced: u64,
    /// Incoming rows skipped because their key was already there (KEEP_EXISTING).
    pub skipped: u64,
    /// Rows deleted before loading (TRUNCATE).
    pub truncated: u64,
    /// Rows in the table afterwards.
    pub total: u64,
}

impl Loaded {
    pub fn summary(&self, mode: &str) -> String {
        format!(
            "{mode}: read {} row(s); inserted {}, replaced {}, kept existing {}, truncated {}; {} now holds {} row(s)\n",
            self.incoming, self.inserted, self.replaced, self.skipped, self.truncated, self.table, self.total
        )
    }
}

/// The JDBC URL a RedshiftDatabase stands for (see the module's text).
fn database_url(
    tables: &Tables,
    scope: &InstanceScope<'_>,
    database: &str,
) -> Result<String, String> {
    let db = scope.for_object(database);
    if let Some(url) = db.field("connectionString")? {
        return Ok(url);
    }
    let cluster = db.field("clusterId")?.unwrap_or_default();
    let name = db.field("databaseName")?.unwrap_or_else(|| "dev".into());
    let host = format!("jdbc:redshift://{cluster}.");
    let suffix = format!("/{name}");
    if let Some((url, _)) =
        tables.keys().find(|(url, _)| url.starts_with(&host) && url.ends_with(&suffix))
    {
        return Ok(url.clone());
    }
    let region = db.field("region")?.unwrap_or_else(|| "us-east-1".into());
    Ok(format!("jdbc:redshift://{cluster}.sandbox.{region}.redshift.amazonaws.com:5439/{name}"))
}

/// A RedshiftDataNode's table: (JDBC URL, table name as the tables key it), and what its
/// `createTableSql` and `primaryKeys` say.
struct Target {
    key: (String, String),
    create: Option<TableSql>,
    primary_keys: Vec<String>,
}

fn target(tables: &Tables, scope: &InstanceScope<'_>, node: &str) -> Result<Target, String> {
    let n = scope.for_object(node);
    if scope.def.type_of(node) != Some("RedshiftDataNode") {
        return Err(format!("{node} is not a RedshiftDataNode (the sandbox's RedshiftCopyActivity loads S3 into Redshift)"));
    }
    let database =
        scope.def.reference(node, "database").ok_or("RedshiftDataNode has no database")?;
    let url = database_url(tables, scope, database)?;
    let table = n.field("tableName")?.unwrap_or_default();
    let table = match n.field("schemaName")? {
        Some(s) if !s.eq_ignore_ascii_case("public") => format!("{s}.{table}"),
        _ => table,
    };
    let create = n.field("createTableSql")?.map(|sql| parse_create_table(&sql)).transpose()?;
    let mut primary_keys: Vec<String> = scope
        .def
        .texts(node, "primaryKeys")
        .iter()
        .flat_map(|k| k.split(','))
        .map(ident)
        .filter(|k| !k.is_empty())
        .collect();
    if primary_keys.is_empty() {
        primary_keys = create.as_ref().map(|c| c.primary_key.clone()).unwrap_or_default();
    }
    Ok(Target { key: (url, table), create, primary_keys })
}

/// The table, created from `createTableSql` when it does not exist yet.
fn table_for<'t>(tables: &'t mut Tables, t: &Target) -> Result<&'t mut RedshiftTable, String> {
    if !tables.contains_key(&t.key) {
        let Some(create) = &t.create else {
            // Redshift's (PostgreSQL's) text for a table that is not there.
            return Err(format!("ERROR: relation \"{}\" does not exist", t.key.1));
        };
        tables.insert(
            t.key.clone(),
            RedshiftTable {
                cluster_jdbc_url: t.key.0.clone(),
                table: t.key.1.clone(),
                columns: create.columns.clone(),
                ..RedshiftTable::default()
            },
        );
    }
    tables.get_mut(&t.key).ok_or_else(|| "table vanished".to_string())
}

/// How the input's bytes become rows: the input node's `dataFormat` (CSV, TSV) wins over
/// `commandOptions` ("If a data format is associated with the input or output data node, then
/// the provided parameters are ignored"); neither means COPY's default, text split at `|`.
fn copy_spec(scope: &InstanceScope<'_>, input: &str, table: &str) -> Result<CopySpec, String> {
    let format = scope.def.reference(input, "dataFormat").and_then(|f| scope.def.type_of(f));
    let options = match format {
        Some("CSV") => "csv".to_string(),
        Some("TSV") => "delimiter '\\t'".to_string(),
        _ => scope.def.texts(scope.object, "commandOptions").join(" "),
    };
    parse_copy(table, None, Some(&options))
}

/// The bytes of the input node: one object, or every object under a directory, in key order.
fn input_bytes(s3: &S3, scope: &InstanceScope<'_>, input: &str) -> Result<Vec<u8>, String> {
    if scope.def.type_of(input) != Some("S3DataNode") {
        return Err(format!("{input} is not an S3DataNode (the sandbox's RedshiftCopyActivity loads S3 into Redshift)"));
    }
    let (bucket, key, dir) = location_of(&scope.for_object(input))?;
    let b = s3
        .buckets
        .get(&bucket)
        .ok_or_else(|| format!("The specified bucket does not exist: {bucket}"))?;
    let mut out = Vec::new();
    if dir {
        let prefix =
            if key.is_empty() || key.ends_with('/') { key.clone() } else { format!("{key}/") };
        for o in b.current_objects().filter(|o| o.key.starts_with(&prefix)) {
            out.extend_from_slice(&o.bytes);
            if !out.ends_with(b"\n") {
                out.push(b'\n');
            }
        }
    } else {
        let o = b
            .current(&key)
            .ok_or_else(|| format!("The specified key does not exist: s3://{bucket}/{key}"))?;
        out.extend_from_slice(&o.bytes);
    }
    Ok(out)
}

fn key_of(row: &Row, at: &[usize]) -> Vec<Option<String>> {
    at.iter().map(|&i| row.get(i).cloned().flatten()).collect()
}

/// RedshiftCopyActivity: the input S3 node's rows into the output RedshiftDataNode's table.
pub fn copy(
    tables: &mut Tables,
    s3: &S3,
    scope: &InstanceScope<'_>,
) -> Result<(Loaded, String), String> {
    let def = scope.def;
    let mode = scope.field("insertMode")?.unwrap_or_default().to_ascii_uppercase();
    if !INSERT_MODES.contains(&mode.as_str()) {
        return Err(format!("Invalid insertMode: {mode}"));
    }
    let input = def.reference(scope.object, "input").ok_or("RedshiftCopyActivity has no input")?;
    let output =
        def.reference(scope.object, "output").ok_or("RedshiftCopyActivity has no output")?;
    let t = target(tables, scope, output)?;
    let spec = copy_spec(scope, input, &t.key.1)?;
    let bytes = input_bytes(s3, scope, input)?;
    let table = table_for(tables, &t)?;
    let mut columns = table.columns.clone();
    let incoming = rows_of(&spec, &mut columns, &bytes)
        .map_err(|e| format!("Load into table '{}' failed. {e}", t.key.1))?;
    table.columns = columns;
    let keyed = matches!(mode.as_str(), "KEEP_EXISTING" | "OVERWRITE_EXISTING");
    let at: Vec<usize> = if keyed {
        if t.primary_keys.is_empty() {
            // The sandbox's text: Redshift's merge needs a key to match rows on.
            return Err(format!("{mode} needs a primary key to match incoming rows with existing rows: set primaryKeys on {output} or a PRIMARY KEY in its createTableSql (sandbox)"));
        }
        t.primary_keys
            .iter()
            .map(|k| {
                table
                    .columns
                    .iter()
                    .position(|c| c.eq_ignore_ascii_case(k))
                    .ok_or_else(|| format!("ERROR: column \"{k}\" does not exist"))
            })
            .collect::<Result<_, _>>()?
    } else {
        Vec::new()
    };
    let mut loaded =
        Loaded { table: t.key.1.clone(), incoming: incoming.len() as u64, ..Loaded::default() };
    match mode.as_str() {
        "TRUNCATE" => {
            loaded.truncated = table.rows.len() as u64;
            table.rows.clear();
            loaded.inserted = incoming.len() as u64;
            table.rows.extend(incoming);
        }
        "APPEND" => {
            loaded.inserted = incoming.len() as u64;
            table.rows.extend(incoming);
        }
        "KEEP_EXISTING" => {
            let existing: std::collections::BTreeSet<_> =
                table.rows.iter().map(|r| key_of(r, &at)).collect();
            for row in incoming {
                if existing.contains(&key_of(&row, &at)) {
                    loaded.skipped += 1;
                } else {
                    loaded.inserted += 1;
                    table.rows.push(row);
                }
            }
        }
        _ => {
            // OVERWRITE_EXISTING: the staging table's keys are deleted from the target, then
            // every staged row is inserted (Redshift's documented merge by key).
            let staged: std::collections::BTreeSet<_> =
                incoming.iter().map(|r| key_of(r, &at)).collect();
            let before = table.rows.len();
            table.rows.retain(|r| !staged.contains(&key_of(r, &at)));
            loaded.replaced = (before - table.rows.len()) as u64;
            loaded.inserted = incoming.len() as u64;
            table.rows.extend(incoming);
        }
    }
    let excess = table.rows.len().saturating_sub(TABLE_ROWS_KEPT);
    table.rows.drain(..excess);
    table.copies += 1;
    loaded.total = table.rows.len() as u64;
    let log = loaded.summary(&mode);
    Ok((loaded, log))
}

/// SqlActivity on a RedshiftDatabase: the script's statements (see [`super::sql`]), one after
/// the other, against the database's tables; what each did, one line each.
pub fn sql(tables: &mut Tables, s3: &S3, scope: &InstanceScope<'_>) -> Result<String, String> {
    let database =
        scope.def.reference(scope.object, "database").ok_or("SqlActivity has no database")?;
    let url = database_url(tables, scope, database)?;
    let script = script(s3, scope)?;
    run_script(tables, &Dialect::Redshift { url: &url }, &script)
}

/// A SqlActivity's script (`script`, else the object `scriptUri` names), each `?` taking the
/// next `scriptArgument` as a JDBC parameter does.
pub fn script(s3: &S3, scope: &InstanceScope<'_>) -> Result<String, String> {
    let def = scope.def;
    let mut script = match scope.field("script")? {
        Some(s) => s,
        None => {
            // "When the script is stored in Amazon S3, then script is not evaluated as an
            // expression."
            let uri = def.text(scope.object, "scriptUri").unwrap_or_default();
            let (b, k) =
                super::work::split_s3(uri).ok_or_else(|| format!("Invalid S3 URI: {uri}"))?;
            let o = s3
                .get_object(b, k)
                .map_err(|_| format!("The specified key does not exist: {uri}"))?;
            String::from_utf8_lossy(&o.bytes).into_owned()
        }
    };
    for arg in def.texts(scope.object, "scriptArgument") {
        let value = super::expr::interpolate(arg, scope)?;
        match script.find('?') {
            Some(i) => script.replace_range(i..i + 1, &format!("'{}'", value.replace('\'', "''"))),
            None => break,
        }
    }
    Ok(script)
}
