//! What happens around the jobs: the DDL's file work (a managed table's directory made and
//! dropped, MSCK REPAIR finding partition directories), and a query's end (the fetch task
//! reading the result files, the move task putting them in a table or directory). The file
//! system is whoever runs Hive: the engine's HDFS and S3, or [`crate::local`]'s map.

use crate::catalog::{Catalog, Partition, SerDe, Table};
use crate::compile::Action;
use crate::error::HiveError;
use crate::exec::{apply_ops, read_row};
use crate::plan::{Input, QueryPlan, Sink, Source};
use crate::value::{display_row, line_to_row, Value};

/// The file system Hive sees: URIs like `hdfs:///user/hive/warehouse/t` and `s3://bucket/key`.
pub trait Warehouse {
    /// Files under a directory, recursively, in name order, with their sizes; hidden files
    /// (`_SUCCESS`, `.x`) left out.
    fn files(&self, dir: &str) -> Vec<(String, u64)>;
    /// Immediate subdirectories' names.
    fn subdirs(&self, dir: &str) -> Vec<String>;
    fn read(&self, path: &str) -> Option<Vec<u8>>;
    fn write(&mut self, path: &str, bytes: Vec<u8>) -> Result<(), String>;
    fn mkdirs(&mut self, dir: &str) -> Result<(), String>;
    fn delete(&mut self, dir: &str);
    /// Whether the bucket of an `s3://` URI exists (true for anything else).
    fn bucket_exists(&self, uri: &str) -> bool;
}

/// The bytes of a table's files (map join's size test).
pub fn table_bytes(fs: &dyn Warehouse, t: &Table) -> u64 {
    t.directories().iter().flat_map(|(d, _)| fs.files(d)).map(|(_, n)| n).sum()
}

/// Runs a statement that needs no job; returns what the CLI prints before "OK".
pub fn run_ddl(
    action: &Action,
    catalog: &mut Catalog,
    fs: &mut dyn Warehouse,
) -> Result<Vec<String>, HiveError> {
    match action {
        Action::Set { key, value: None } => Ok(vec![format!(
            "{key}={}",
            if key.is_empty() { String::new() } else { "<undefined>".into() }
        )]),
        Action::Set { .. } | Action::Nothing => Ok(Vec::new()),
        Action::CreateTable { table, if_not_exists } => {
            if catalog.contains_key(&table.name) {
                if *if_not_exists {
                    return Ok(Vec::new());
                }
                return Err(HiveError::execution(
                    "DDLTask",
                    format!(
                        "AlreadyExistsException(message:Table hive.default.{} already exists)",
                        table.name
                    ),
                ));
            }
            if !fs.bucket_exists(&table.location) {
                let bucket = table
                    .location
                    .trim_start_matches("s3://")
                    .split('/')
                    .next()
                    .unwrap_or_default();
                return Err(HiveError::execution("DDLTask", format!("MetaException(message:Got exception: java.io.FileNotFoundException Bucket {bucket} does not exist)")));
            }
            fs.mkdirs(&table.location).map_err(|e| {
                HiveError::execution("DDLTask", format!("MetaException(message:{e})"))
            })?;
            catalog.insert(table.name.clone(), (**table).clone());
            Ok(Vec::new())
        }
        Action::DropTable { name, .. } => {
            if let Some(t) = catalog.remove(name) {
                // A managed table's files go with it; an external table's stay.
                if !t.external {
                    fs.delete(&t.location);
                }
            }
            Ok(Vec::new())
        }
        Action::AddPartitions { table, partitions, if_not_exists } => {
            let Some(t) = catalog.get_mut(table) else { return Ok(Vec::new()) };
            for (values, location) in partitions {
                if t.partitions.iter().any(|p| &p.values == values) {
                    if *if_not_exists {
                        continue;
                    }
                    return Err(HiveError::execution("DDLTask", format!("AlreadyExistsException(message:Partition already exists: Partition(values:[{}], dbName:default, tableName:{table})", values.join(", "))));
                }
                let loc = location.clone().unwrap_or_else(|| t.partition_dir(values));
                if !fs.bucket_exists(&loc) {
                    return Err(HiveError::execution("DDLTask", format!("MetaException(message:Got exception: java.io.FileNotFoundException Bucket for {loc} does not exist)")));
                }
                let _ = fs.mkdirs(&loc);
                t.partitions.push(Partition {
                    values: values.clone(),
                    location: loc.trim_end_matches('/').to_string(),
                });
            }
            Ok(Vec::new())
        }
        Action::MsckRepair { table } => {
            let Some(t) = catalog.get_mut(table) else { return Ok(Vec::new()) };
            let mut found = Vec::new();
            walk_partitions(
                fs,
                &t.location,
                &t.partition_columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>(),
                Vec::new(),
                &mut found,
            );
            let mut lines = Vec::new();
            let mut added = Vec::new();
            for values in found {
                if !t.partitions.iter().any(|p| p.values == values) {
                    let loc = t.partition_dir(&values);
                    let shown: Vec<String> = t
                        .partition_columns
                        .iter()
                        .zip(&values)
                        .map(|(c, v)| format!("{}={v}", c.name))
                        .collect();
                    added.push(shown.join("/"));
                    t.partitions.push(Partition { values, location: loc });
                }
            }
            if !added.is_empty() {
                lines.push(format!(
                    "Partitions not in metastore:\t{}",
                    added.iter().map(|a| format!("{table}:{a}")).collect::<Vec<_>>().join("\t")
                ));
                for a in &added {
                    lines.push(format!("Repair: Added partition to metastore {table}:{a}"));
                }
            }
            Ok(lines)
        }
        Action::ShowTables => Ok(catalog.keys().cloned().collect()),
        Action::Describe(name) => Ok(catalog.get(name).map(describe).unwrap_or_default()),
        Action::Explain(lines) => Ok(lines.clone()),
        Action::Query(_) => Ok(Vec::new()),
    }
}

fn describe(t: &Table) -> Vec<String> {
    let mut out: Vec<String> =
        t.columns.iter().map(|c| format!("{:<24}\t{:<24}\t", c.name, c.ty.name())).collect();
    for c in &t.partition_columns {
        out.push(format!("{:<24}\t{:<24}\t", c.name, c.ty.name()));
    }
    if !t.partition_columns.is_empty() {
        out.push(String::new());
        out.push("# Partition Information".into());
        out.push(format!("# {:<22}\t{:<24}\t{:<24}", "col_name", "data_type", "comment"));
        for c in &t.partition_columns {
            out.push(format!("{:<24}\t{:<24}\t", c.name, c.ty.name()));
        }
    }
    out
}

fn walk_partitions(
    fs: &dyn Warehouse,
    dir: &str,
    cols: &[String],
    values: Vec<String>,
    out: &mut Vec<Vec<String>>,
) {
    let Some((first, rest)) = cols.split_first() else {
        out.push(values);
        return;
    };
    for sub in fs.subdirs(dir) {
        if let Some(v) = sub.strip_prefix(&format!("{first}=")) {
            let mut next = values.clone();
            next.push(v.to_string());
            walk_partitions(fs, &format!("{}/{sub}", dir.trim_end_matches('/')), rest, next, out);
        }
    }
}

/// The directories each input of a stage reads, with their partition values.
pub fn input_dirs(
    inputs: &[Input],
    stage_dir: &dyn Fn(u32) -> String,
) -> Vec<Vec<(String, Vec<String>)>> {
    inputs
        .iter()
        .map(|i| match &i.source {
            Source::Table(t) => t.directories(),
            Source::Stage(id) => vec![(stage_dir(*id), Vec::new())],
        })
        .collect()
}

/// The fetch task of a query that runs no job: the table's files read, filtered and projected
/// in the client.
pub fn fetch_scan(scan: &Input, fs: &dyn Warehouse) -> Result<Vec<Vec<Value>>, HiveError> {
    let mut rows = Vec::new();
    let mut seen = 0;
    let dirs = input_dirs(std::slice::from_ref(scan), &|_| String::new());
    for (dir, partition) in dirs.into_iter().flatten() {
        for (path, _) in fs.files(&dir) {
            let bytes = fs.read(&path).unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes);
            let mut batch = Vec::new();
            for line in text.lines() {
                batch.push(read_row(scan, line, &partition).map_err(failed_fetch)?);
            }
            apply_ops(&scan.ops, &mut batch, &mut seen).map_err(failed_fetch)?;
            rows.extend(batch);
        }
    }
    Ok(rows)
}

fn failed_fetch(e: String) -> HiveError {
    HiveError {
        kind: crate::error::ErrorKind::Execution("FetchTask"),
        line: 0,
        column: 0,
        message: e,
    }
}

impl HiveError {
    /// How a fetch failure reads: `Failed with exception java.io.IOException:...`.
    pub fn fetch_text(&self) -> String {
        format!("Failed with exception java.io.IOException:{}", self.message)
    }
}

/// The end of a query whose stages have run (the last one wrote into `last_dir`): rows to
/// print, or the files moved to the table or directory. Returns the lines to print.
pub fn finish_query(
    plan: &QueryPlan,
    last_dir: Option<&str>,
    catalog: &mut Catalog,
    fs: &mut dyn Warehouse,
) -> Result<Vec<String>, HiveError> {
    let types: Vec<_> = plan.columns.iter().map(|c| c.ty).collect();
    match &plan.sink {
        Sink::Print => {
            let rows = match (&plan.fetch_scan, last_dir) {
                (Some(scan), _) => fetch_scan(scan, fs)?,
                (None, Some(dir)) => {
                    let sep =
                        plan.stages.last().map_or("\u{1}".to_string(), |s| s.separator.clone());
                    let mut rows = Vec::new();
                    for (path, _) in fs.files(dir) {
                        let bytes = fs.read(&path).unwrap_or_default();
                        for line in String::from_utf8_lossy(&bytes).lines() {
                            let line = if sep == "\u{1}" {
                                line.to_string()
                            } else {
                                line.replace(sep.as_str(), "\u{1}")
                            };
                            rows.push(line_to_row(&line, &types));
                        }
                    }
                    rows
                }
                (None, None) => Vec::new(),
            };
            let n = plan.fetch_limit.map_or(rows.len(), |l| (l as usize).min(rows.len()));
            Ok(rows[..n].iter().map(|r| display_row(r)).collect())
        }
        Sink::Table { name, overwrite } => {
            let Some(t) = catalog.get(name) else { return Ok(Vec::new()) };
            move_files(last_dir, &t.location, *overwrite, fs)?;
            Ok(Vec::new())
        }
        Sink::Directory { path } => {
            if !fs.bucket_exists(path) {
                let bucket = path.trim_start_matches("s3://").split('/').next().unwrap_or_default();
                return Err(HiveError::execution("MoveTask", format!("Unable to move source to destination {path}: Bucket {bucket} does not exist")));
            }
            move_files(last_dir, path, true, fs)?;
            Ok(Vec::new())
        }
        Sink::CreateTable(t) => {
            if catalog.contains_key(&t.name) {
                return Err(HiveError::execution(
                    "DDLTask",
                    format!(
                        "AlreadyExistsException(message:Table hive.default.{} already exists)",
                        t.name
                    ),
                ));
            }
            move_files(last_dir, &t.location, true, fs)?;
            catalog.insert(t.name.clone(), (**t).clone());
            Ok(Vec::new())
        }
    }
}

fn move_files(
    from: Option<&str>,
    to: &str,
    overwrite: bool,
    fs: &mut dyn Warehouse,
) -> Result<(), HiveError> {
    let existing: Vec<String> = fs.files(to).into_iter().map(|(p, _)| p).collect();
    if overwrite {
        fs.delete(to);
    }
    fs.mkdirs(to).map_err(|e| HiveError::execution("MoveTask", e))?;
    let Some(from) = from else { return Ok(()) };
    for (path, _) in fs.files(from) {
        let name = path.rsplit('/').next().unwrap_or_default().to_string();
        let mut target = format!("{}/{name}", to.trim_end_matches('/'));
        // INSERT INTO keeps what is there: a clashing name gets `_copy_N`, as Hive's MoveTask.
        let mut n = 1;
        while !overwrite && existing.contains(&target) {
            target = format!("{}/{name}_copy_{n}", to.trim_end_matches('/'));
            n += 1;
        }
        let bytes = fs.read(&path).unwrap_or_default();
        fs.write(&target, bytes).map_err(|e| HiveError::execution("MoveTask", e))?;
    }
    Ok(())
}

/// Whether a table reads JSON (its rows are parsed by name).
pub fn is_json(t: &Table) -> bool {
    matches!(t.serde, SerDe::Json)
}
