//! The metastore's tables: columns, partition columns, how rows are read from text (the
//! SerDe), and where the files are.

use std::collections::BTreeMap;

use regex_lite::Regex;

use crate::value::{Type, Value};

/// How a table's lines become rows.
#[derive(Clone, Debug)]
pub enum SerDe {
    /// LazySimpleSerDe: `ROW FORMAT DELIMITED FIELDS TERMINATED BY`, `\x01` by default.
    Delimited { field: String },
    /// `org.apache.hadoop.hive.serde2.RegexSerDe`: each line must match `input.regex` whole;
    /// its groups are the columns (a line that does not match is a row of NULLs).
    Regex { pattern: String, regex: Regex },
    /// `org.apache.hive.hcatalog.data.JsonSerDe` (and the OpenX one): one JSON object a line,
    /// keys matched to columns without regard to case.
    Json,
}

impl SerDe {
    pub fn class(&self) -> &'static str {
        match self {
            SerDe::Delimited { .. } => "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
            SerDe::Regex { .. } => "org.apache.hadoop.hive.serde2.RegexSerDe",
            SerDe::Json => "org.apache.hive.hcatalog.data.JsonSerDe",
        }
    }

    /// The row of a line (data columns only).
    pub fn read(&self, line: &str, types: &[Type]) -> Result<Vec<Value>, String> {
        match self {
            SerDe::Delimited { field } => {
                let mut fields = line.split(field.as_str());
                Ok(types
                    .iter()
                    .map(|t| fields.next().map_or(Value::Null, |f| Value::parse(f, *t)))
                    .collect())
            }
            SerDe::Regex { regex, .. } => match regex.captures(line) {
                Some(caps) => Ok(types
                    .iter()
                    .enumerate()
                    .map(|(i, t)| caps.get(i + 1).map_or(Value::Null, |m| Value::parse(m.as_str(), *t)))
                    .collect()),
                None => Ok(vec![Value::Null; types.len()]),
            },
            SerDe::Json => Err(format!(
                "org.apache.hadoop.hive.serde2.SerDeException: JSON rows are read by name; line: {line}"
            )),
        }
    }

    /// A JSON row: columns by name.
    pub fn read_json(line: &str, columns: &[Column]) -> Result<Vec<Value>, String> {
        let v: serde_json::Value = serde_json::from_str(line).map_err(|e| {
            format!("org.apache.hadoop.hive.serde2.SerDeException: java.io.IOException: Start token not found where expected: {e}")
        })?;
        let obj = v.as_object();
        Ok(columns
            .iter()
            .map(|c| {
                let field = obj.and_then(|o| {
                    o.iter().find(|(k, _)| k.eq_ignore_ascii_case(&c.name)).map(|(_, v)| v)
                });
                match field {
                    None | Some(serde_json::Value::Null) => Value::Null,
                    Some(serde_json::Value::String(s)) => Value::parse(s, c.ty),
                    Some(serde_json::Value::Bool(b)) => match c.ty {
                        Type::Boolean => Value::Bool(*b),
                        _ => Value::parse(&b.to_string(), c.ty),
                    },
                    Some(other) => Value::parse(&other.to_string(), c.ty),
                }
            })
            .collect())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub ty: Type,
}

/// A partition: its values (in partition-column order) and its directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Partition {
    pub values: Vec<String>,
    pub location: String,
}

#[derive(Clone, Debug)]
pub struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    pub partition_columns: Vec<Column>,
    pub serde: SerDe,
    /// `hdfs:///user/hive/warehouse/name` for a managed table, or the LOCATION.
    pub location: String,
    pub external: bool,
    pub partitions: Vec<Partition>,
}

impl Table {
    /// Every column a query sees: the data columns, then the partition columns.
    pub fn all_columns(&self) -> Vec<Column> {
        self.columns.iter().chain(self.partition_columns.iter()).cloned().collect()
    }

    /// The directories holding the table's files, each with its partition values.
    pub fn directories(&self) -> Vec<(String, Vec<String>)> {
        if self.partition_columns.is_empty() {
            vec![(self.location.clone(), Vec::new())]
        } else {
            self.partitions.iter().map(|p| (p.location.clone(), p.values.clone())).collect()
        }
    }

    /// `dt=2024-01-01/kind=x`: a partition's directory under the table.
    pub fn partition_dir(&self, values: &[String]) -> String {
        let parts: Vec<String> = self
            .partition_columns
            .iter()
            .zip(values)
            .map(|(c, v)| format!("{}={v}", c.name))
            .collect();
        format!("{}/{}", self.location.trim_end_matches('/'), parts.join("/"))
    }

    pub fn types(&self) -> Vec<Type> {
        self.columns.iter().map(|c| c.ty).collect()
    }

    /// A line of one of the table's files as a full row (partition values appended).
    pub fn read_line(&self, line: &str, partition: &[String]) -> Result<Vec<Value>, String> {
        let mut row = match &self.serde {
            SerDe::Json => SerDe::read_json(line, &self.columns)?,
            other => other.read(line, &self.types())?,
        };
        for (c, v) in self.partition_columns.iter().zip(partition) {
            row.push(Value::parse(v, c.ty));
        }
        Ok(row)
    }
}

/// The metastore: tables by lower-case name (Hive's names are case-insensitive).
pub type Catalog = BTreeMap<String, Table>;

/// The managed tables' home (`hive.metastore.warehouse.dir`).
pub const WAREHOUSE: &str = "hdfs:///user/hive/warehouse";
